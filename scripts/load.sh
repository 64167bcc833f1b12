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
#   LOAD_DATABASE=postgres scripts/load.sh   PostgreSQL: a throwaway cluster
#                                            (the machine's initdb/pg_ctl, default
#                                            durability settings) for the run
#   LOAD_DATABASE_URL=postgres://…/empty scripts/load.sh   an empty database of yours
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
# A copy of the binary as cargo-leptos built it: building the load generator
# (cargo bench) rebuilds the package's binary without cargo-leptos's
# settings (its pages would then name other script files).
binary="$work/techforce"
cp "$CARGO_TARGET_DIR/release/techforce" "$binary"
site="$PWD/target/site"

url=${LOAD_DATABASE_URL:-}
if [ -z "$url" ] && [ "${LOAD_DATABASE:-sqlite}" = postgres ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$work"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$bin/initdb" -D "$work/pg" -A trust -U postgres -E UTF8 >/dev/null
  "${as_pg[@]}" "$bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
  trap '"${as_pg[@]}" "$bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null; rm -rf "$work"' EXIT
  "${as_pg[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres bench
  url="postgres://postgres@127.0.0.1:$port/bench"
fi
url=${url:-sqlite://$work/bench.db}
echo "==> seeding ($url, scale $scale)"
TECHFORCE_DATABASE_URL="$url" TECHFORCE_DATA_DIR="$work/data" \
  "$binary" seed --bench --scale "$scale"

echo "==> load"
cargo bench -p server --bench load -- \
  --binary "$binary" --database-url "$url" --site-dir "$site" \
  --seconds "$seconds" --scale "$scale" --scenarios "$scenarios"
