#!/usr/bin/env bash
# Every check, in the order CI runs them: formatting, lints (server and
# browser builds), unit and integration tests on SQLite and on a throwaway
# PostgreSQL cluster, the release build, and the browser journeys in
# Chromium (hydrated and with JavaScript off, with axe-core scans).
set -euo pipefail
cd "$(dirname "$0")/.."
# Build artefacts live outside the checkout so that fresh clones on the same
# machine (CI) build incrementally. Safe: cargo keys artefacts by source path.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/techforce/target}"
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback
export CARGO_TERM_COLOR=never
# The wasm-opt guard (see scripts/bin/wasm-opt) comes first.
export PATH="$PWD/scripts/bin:$PATH"

started=$(date +%s)
step() {
  local name=$1
  shift
  local t0
  t0=$(date +%s)
  printf '\n==> %s\n' "$name"
  "$@"
  printf '<== %s: %ss\n' "$name" "$(($(date +%s) - t0))"
}

step "install missing tools" scripts/setup.sh --test
step "prune the build cache" scripts/prune-cache.sh
step "copy USWDS assets" scripts/assets.sh
step "cargo fmt --check" cargo fmt --all -- --check
step "clippy (server and tests)" cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (browser bundle)" cargo clippy -p app --lib --locked --target wasm32-unknown-unknown --features hydrate -- -D warnings
step "tests on SQLite and PostgreSQL" cargo test --workspace --locked
step "release build (server + WASM)" cargo leptos build --release
step "precompress the site" scripts/precompress.sh
e2e() {
  # CI=1 gives each browser test one retry (playwright.config.ts): a hiccup
  # on a loaded two-core machine is then reported as flaky, while a broken
  # page fails both tries.
  (cd end2end && CI="${CI:-1}" TECHFORCE_BIN="$CARGO_TARGET_DIR/release/techforce" npx playwright test)
}
step "browser tests (Chromium, axe-core)" e2e

printf '\nAll checks passed in %ss.\n' "$(($(date +%s) - started))"
