#!/usr/bin/env bash
# Check that a built bundle runs on its own: no source tree, no virtual environment.
#   packaging/smoke_test.sh [BUNDLE_DIR]   (default: dist/casefile)
set -euo pipefail
bundle="$(cd "${1:-dist/casefile}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$bundle" "$work/casefile"
cd "$work"
run() { env -i PATH=/usr/bin:/bin HOME="$work" QT_QPA_PLATFORM=offscreen "$work/casefile/casefile" "$@"; }
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }

version="$(run --version)" || fail "--version"
echo "$version"
run demo "$work/demo.casefile" || fail "demo"
run export "$work/demo.casefile" --format docx -o "$work/brief.docx" || fail "export"
python3 - "$work/brief.docx" <<'PY' || fail "the brief is not a Word document with the demo's quotations"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as package:
    body = package.read("word/document.xml").decode("utf-8")
    assert "No refugee has ever been returned against his will" in body
    assert "word/footnotes.xml" in package.namelist()
PY
printf 'Свидетель: «Его увезли силой».\n' > "$work/statement.txt"
run import "$work/demo.casefile" "$work/statement.txt" >/dev/null || fail "import"
if command -v xvfb-run >/dev/null 2>&1; then
  set +e
  env -i PATH=/usr/bin:/bin HOME="$work" timeout 8 xvfb-run -a "$work/casefile/casefile" "$work/demo.casefile"
  status=$?
  set -e
  [ "$status" -eq 124 ] || fail "the desktop app exited (status $status) instead of running"
  echo "desktop app started under Xvfb and kept running"
fi
echo "smoke test passed: $(du -sh "$bundle" | cut -f1) bundle"
