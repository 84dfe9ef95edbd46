#!/usr/bin/env bash
# Build the installable bundle dist/casefile/ with PyInstaller, in a clean virtual environment.
#   packaging/build.sh            (CASEFILE_BUILD_USE_CURRENT=1 to use the current Python)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${CASEFILE_BUILD_USE_CURRENT:-0}" = 1 ]; then
  python=python3
else
  python3 -m venv build/venv
  python=build/venv/bin/python
fi
"$python" -m pip install -q . "pyinstaller>=6.5"
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/casefile.spec
echo "bundle: dist/casefile ($(du -sh dist/casefile | cut -f1))"
