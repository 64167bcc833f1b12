#!/usr/bin/env bash
# The load benchmarks (BENCHMARKS.md): builds the release portal, fills a
# fresh database with `techforce seed --bench`, then runs the load
# generator (server/benches/load.rs) against the release binary on
# loopback. Prints every figure; asserts nothing about time.
#
#   scripts/load.sh                     SQLite, the full program, 20 s a scenario
#   LOAD_SCALE=0.05 scripts/load.sh     a twentieth of it (quick)
#   LOAD_SECONDS=60 scripts/load.sh     longer runs
#   LOAD_SCENARIOS=job-board,exam scripts/load.sh
#   LOAD_DATABASE_URL=postgres://…/empty scripts/load.sh   PostgreSQL (an empty database)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/techforce/target}
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback
export PATH="$PWD/scripts/bin:$PATH"

scale=${LOAD_SCALE:-1}
seconds=${LOAD_SECONDS:-20}
scenarios=${LOAD_SCENARIOS:-job-board,exam,applicants,sign-in,mixed}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

scripts/setup.sh
scripts/assets.sh
cargo leptos build --release
scripts/precompress.sh
binary="$CARGO_TARGET_DIR/release/techforce"

url=${LOAD_DATABASE_URL:-sqlite://$work/bench.db}
echo "==> seeding ($url, scale $scale)"
TECHFORCE_DATABASE_URL="$url" TECHFORCE_DATA_DIR="$work/data" \
  "$binary" seed --bench --scale "$scale"

echo "==> load"
cargo bench -p server --bench load -- \
  --binary "$binary" --database-url "$url" --site-dir target/site \
  --seconds "$seconds" --scale "$scale" --scenarios "$scenarios"
