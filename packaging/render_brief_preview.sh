#!/usr/bin/env bash
# Render the demo case's brief to PNG pages for the README (needs LibreOffice and poppler).
#   packaging/render_brief_preview.sh [OUT_DIR]   (default: resources/)
set -euo pipefail
out="${1:-resources}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m casefile demo "$work/demo.casefile" >/dev/null
python3 -m casefile export "$work/demo.casefile" -o "$work/brief.docx" \
  --prepared-by "A. Counsel" --confidentiality "Confidential — prepared for the appeal hearing"
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf \
  --outdir "$work" "$work/brief.docx" >/dev/null
pdftoppm -png -r 60 -f 1 -l 4 "$work/brief.pdf" "$work/page"
for n in 1 2 3 4; do
  cp "$work/page-$n.png" "$out/brief-page-$n.png"
done
echo "wrote $out/brief-page-{1..4}.png"
