# Tech Force Portal: the two commands.
#   make run   install what is missing, build, and start on SQLite
#   make test  every check CI runs
export CARGO_TARGET_DIR ?= $(HOME)/.cache/techforce/target
export CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS = fallback
# The wasm-opt guard (see scripts/bin/wasm-opt) comes first.
export PATH := $(CURDIR)/scripts/bin:$(PATH)

.PHONY: run build test setup bench load

run: build
	$(CARGO_TARGET_DIR)/release/techforce seed --demo
	@echo "Starting Tech Force Portal; open $${TECHFORCE_PUBLIC_URL:-http://$${TECHFORCE_ADDR:-127.0.0.1:3000}}/"
	TECHFORCE_SITE_DIR=$${TECHFORCE_SITE_DIR:-target/site} $(CARGO_TARGET_DIR)/release/techforce serve

build: setup
	scripts/assets.sh
	cargo leptos build --release
	scripts/precompress.sh

setup:
	scripts/setup.sh

test:
	scripts/test.sh

# Measurements (not part of the test run): the job board with 10,000
# openings. TECHFORCE_BENCH_DATABASE_URL=postgres://... measures PostgreSQL.
bench:
	cargo bench -p server --bench job_board

# The load benchmarks on the benchmark program (BENCHMARKS.md): the release
# binary under five scenarios, with throughput, latency and memory.
load:
	scripts/load.sh
