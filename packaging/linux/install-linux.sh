#!/usr/bin/env bash
# Install the Casefile bundle for the current user (no administrator rights needed):
#   ./install-linux.sh [BUNDLE_DIR]     install (default: the casefile/ folder beside this script)
#   ./install-linux.sh --uninstall      remove it again (your case files are not touched)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app_id=io.github.casefile.Casefile
opt="$HOME/.local/opt/casefile"
bin="$HOME/.local/bin"
share="$HOME/.local/share"

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$opt" "$bin/casefile" "$share/applications/$app_id.desktop" \
    "$share/metainfo/$app_id.metainfo.xml" "$share/mime/packages/casefile-mime.xml"
  find "$share/icons/hicolor" -name "$app_id.*" -delete 2>/dev/null || true
  echo "Casefile was removed. Your case files are where you saved them."
  exit 0
fi

bundle="${1:-$here/casefile}"
[ -x "$bundle/casefile" ] || { echo "no Casefile bundle at $bundle" >&2; exit 1; }
mkdir -p "$opt" "$bin" "$share/applications" "$share/metainfo" "$share/mime/packages"
rm -rf "$opt" && cp -r "$bundle" "$opt"
ln -sf "$opt/casefile" "$bin/casefile"
cp "$here/$app_id.desktop" "$share/applications/"
cp "$here/$app_id.metainfo.xml" "$share/metainfo/"
cp "$here/casefile-mime.xml" "$share/mime/packages/"
icons="$opt/_internal/casefile/resources/icons"
for size in 16 32 48 64 128 256; do
  mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
  cp "$icons/casefile-$size.png" "$share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
mkdir -p "$share/icons/hicolor/scalable/apps"
cp "$icons/casefile.svg" "$share/icons/hicolor/scalable/apps/$app_id.svg"
command -v update-mime-database >/dev/null && update-mime-database "$share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q "$share/icons/hicolor" || true
echo "Casefile is installed: open it from your applications menu, or run 'casefile'."
