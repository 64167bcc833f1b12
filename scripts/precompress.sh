#!/usr/bin/env bash
# Writes a gzip copy beside each built script, stylesheet and WASM file, so
# the server sends them compressed without compressing on every request
# (the site's file handler serves FILE.gz to clients that accept gzip).
set -euo pipefail
cd "$(dirname "$0")/.."
site=${TECHFORCE_SITE_DIR:-target/site}
find "$site/pkg" "$site/uswds/css" "$site/uswds/js" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) |
  while read -r file; do
    gzip -9 -k -f -n "$file"
  done
