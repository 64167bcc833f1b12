#!/usr/bin/env bash
# Starts the release build for the browser tests on a fresh SQLite database
# in a temporary directory (removed when the server stops).
# Usage: scripts/e2e-server.sh PORT   (TECHFORCE_BIN names the binary)
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:?port}
bin=${TECHFORCE_BIN:-${CARGO_TARGET_DIR:-target}/release/techforce}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export TECHFORCE_DATA_DIR="$data"
export TECHFORCE_ADDR="127.0.0.1:${port}"
export TECHFORCE_SITE_DIR="${TECHFORCE_SITE_DIR:-target/site}"
unset TECHFORCE_DATABASE_URL TECHFORCE_PUBLIC_URL
# Mail goes where the journeys read it (a fresh directory each run).
if [ -n "${TECHFORCE_MAIL_URL:-}" ]; then
  mail_dir=${TECHFORCE_MAIL_URL#file://}
  rm -rf "$mail_dir" && mkdir -p "$mail_dir"
fi
export RUST_LOG="${RUST_LOG:-warn}"
# Staff accounts for the sign-in journeys (one per browser project, so the
# two runs never share sessions), made the way operators make them.
for project in hydrated no-js; do
  printf '%s\n' "violet tractor humming lantern" |
    "$bin" user create --email "staff-${project}@techforce.test" --role staff --name "Sam Staff" >/dev/null
  printf '%s\n' "violet tractor humming lantern" |
    "$bin" user create --email "candidate-${project}@techforce.test" --role candidate --name "Casey Candidate" >/dev/null
  printf '%s\n' "violet tractor humming lantern" |
    "$bin" user create --email "profile-${project}@techforce.test" --role candidate --name "Pat Profile" >/dev/null
  printf '%s\n' "violet tractor humming lantern" |
    "$bin" user create --email "assess-${project}@techforce.test" --role candidate --name "Alex Assessed" >/dev/null
  printf '%s\n' "violet tractor humming lantern" |
    "$bin" user create --email "manager-${project}@techforce.test" --role hiring_manager --name "Mia Manager" >/dev/null
done
# A realistic program to search: the demo openings and their accounts.
"$bin" seed --demo >/dev/null
"$bin" &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT INT TERM
wait "$server"
