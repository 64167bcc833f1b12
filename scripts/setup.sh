#!/usr/bin/env bash
# Installs what building the portal needs, and with --test what testing it
# needs, skipping everything already present at the right version:
#   rustup target wasm32-unknown-unknown, cargo-leptos 0.3.10, the
#   wasm-bindgen CLI matching Cargo.lock and, for tests, Debian's chromium
#   and PostgreSQL server binaries and Python's aiosmtpd, plus the npm
#   packages of style/ (USWDS) and end2end/ (Playwright, axe-core).
# Nothing here downloads a prebuilt binary from outside Debian, crates.io,
# npm or rustup.
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=0
[ "${1:-}" = "--test" ] && for_tests=1
say() { printf '==> %s\n' "$*"; }

export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

LEPTOS_VERSION=0.3.10
if ! cargo leptos --version 2>/dev/null | grep -q " ${LEPTOS_VERSION}\$"; then
  say "installing cargo-leptos ${LEPTOS_VERSION} (about 16 minutes on 2 cores)"
  # 0.3.11 needs a newer rustc than this machine has; no_downloads stops it
  # fetching tools from GitHub at build time.
  cargo install --locked cargo-leptos --version "${LEPTOS_VERSION}" --features no_downloads
fi

WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WBG_VERSION}\$"; then
  say "installing wasm-bindgen-cli ${WBG_VERSION} (matches Cargo.lock)"
  # Without --locked: its lockfile names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "${WBG_VERSION}"
fi

# wasm-opt is optional: see scripts/bin/wasm-opt for why Debian's is not used.
apt_packages=()
if [ "$for_tests" = 1 ]; then
  command -v chromium >/dev/null || apt_packages+=(chromium)
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || apt_packages+=(postgresql)
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
  say "installing from Debian: ${apt_packages[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${apt_packages[@]}"
fi

if [ "$for_tests" = 1 ] && ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  say "installing aiosmtpd from PyPI (a real SMTP server for the mail tests)"
  if ! python3 -m pip install --quiet --disable-pip-version-check aiosmtpd; then
    # Debian's own python3 refuses pip (an externally managed
    # environment): its package serves it instead.
    say "pip refused; installing Debian's python3-aiosmtpd"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends python3-aiosmtpd
  fi
fi

npm_install() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] ||
     [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_install style
[ "$for_tests" = 1 ] && npm_install end2end
say "tools ready"
