# The front door. `make demo` and `make test` set up what they need first.
#   make demo    build (release), build the demonstration province and serve it (PORT, default 8080)
#   make tour    the command-line walk-through (generate, import, reconcile, plan; checks each step)
#   make test    build with sanitizers, run every test (PostgreSQL included), fuzz briefly
#   make bench   build (release) and run the benchmarks (results: docs/benchmarks.md)
#   make fuzz    run the fuzzers longer (FUZZ_SECONDS each)

JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 10
WERROR := $(if $(CI),-DCARDEX_WERROR=ON,)

.PHONY: all deps browser-deps release debug fuzz-build demo tour test unit-test fuzz-smoke fuzz bench clean

all: release

deps:
	@bash scripts/deps.sh

# playwright-core for the browser test (pinned in tests/browser/package-lock.json;
# the npm cache is used first, the registry only for what it lacks).
browser-deps: deps
	@if command -v npm >/dev/null; then \
	  npm ci --prefix tests/browser --prefer-offline --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: the browser test will be skipped"; fi

release: deps
	cmake --preset release $(WERROR) >/dev/null
	cmake --build --preset release -j $(JOBS)

debug: deps
	cmake --preset debug $(WERROR) >/dev/null
	cmake --build --preset debug -j $(JOBS)

fuzz-build: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)

PORT ?= 8080

# `cardex demo` builds build/demo/cardex.db on first run (about 20 s) and
# serves it; later runs serve the same database. Ctrl-C stops the server.
demo: release
	@mkdir -p build/demo
	build/release/cardex --db build/demo/cardex.db demo --port $(PORT)

tour: release
	bash scripts/demo.sh build/release/cardex

unit-test: debug browser-deps
	ctest --preset debug -j $(JOBS)

fuzz-smoke: fuzz-build
	bash scripts/run_fuzzers.sh build/fuzz $(FUZZ_SMOKE_SECONDS)

test: unit-test fuzz-smoke

fuzz: fuzz-build
	bash scripts/run_fuzzers.sh build/fuzz $(FUZZ_SECONDS)

bench: release
	bash bench/run_all.sh build/release

clean:
	rm -rf build
