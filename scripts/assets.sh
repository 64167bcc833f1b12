#!/usr/bin/env bash
# Copies the U.S. Web Design System's compiled CSS, fonts, images and its
# script (the job board's banner and menu use it) from its npm package into
# public/uswds/, which the build copies into the site.
set -euo pipefail
cd "$(dirname "$0")/.."
src=style/node_modules/@uswds/uswds/dist
dest=public/uswds
if [ ! -d "$src" ]; then
  echo "error: $src is missing; run scripts/setup.sh first" >&2
  exit 1
fi
if [ "$dest/css/uswds.min.css" -nt "$src/css/uswds.min.css" ] 2>/dev/null &&
   [ -f "$dest/js/uswds.min.js" ] && [ -d "$dest/fonts" ] && [ -d "$dest/img" ]; then
  exit 0
fi
rm -rf "$dest"
mkdir -p "$dest/css" "$dest/js"
cp "$src/css/uswds.min.css" "$dest/css/"
cp "$src/js/uswds.min.js" "$dest/js/"
cp -r "$src/fonts" "$src/img" "$dest/"
