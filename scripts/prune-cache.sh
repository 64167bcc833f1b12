#!/usr/bin/env bash
# Keeps the shared build cache ($CARGO_TARGET_DIR) from filling the disk:
# every build leaves a new test executable beside the old ones and the
# incremental caches only grow. Removes superseded test executables (keeping
# the newest of each name) and, once they pass 8 GB, the debug incremental
# caches (cargo rebuilds them; dependencies stay compiled).
set -euo pipefail
target="${CARGO_TARGET_DIR:?}"
deps="$target/debug/deps"
if [ -d "$deps" ]; then
  # (find's default regex dialect has no intervals: ask for POSIX extended.)
  find "$deps" -maxdepth 1 -type f -executable -regextype posix-extended \
    -regex '.*-[0-9a-f]{16}' -printf '%T@ %f\n' |
    sort -rn |
    awk '{ name = $2; sub(/-[0-9a-f]+$/, "", name); if (seen[name]++) print $2 }' |
    while read -r old; do rm -f "$deps/$old"; done
fi
incremental="$target/debug/incremental"
if [ -d "$incremental" ] && [ "$(du -s --block-size=1G "$incremental" | cut -f1)" -ge 8 ]; then
  rm -rf "$incremental"
fi
