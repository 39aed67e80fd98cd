# The front door. `make demo` and `make test` set up what they need first
# (on a machine without make: `./make demo`, `./make test`; ./make installs make).
#   make demo    build (release), build the demonstration province and serve it (PORT, default 8080)
#   make tour    the command-line walk-through (generate, import, reconcile, plan; checks each step)
#   make test    build with sanitizers, run every test (PostgreSQL included), fuzz briefly
#   make bench   build (release) and run the benchmarks (results: docs/benchmarks.md)
#   make fuzz    run the fuzzers longer (FUZZ_SECONDS each)
#   make deb     the Debian package (build/release/deb/cardex_VERSION_amd64.deb)

JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 10
WERROR := $(if $(CI),-DCARDEX_WERROR=ON,)

.PHONY: all deps browser-deps release cardex debug fuzz-build demo tour test unit-test fuzz-smoke fuzz deb bench clean

all: release

deps:
	@bash scripts/deps.sh

# playwright-core for the browser test (pinned in tests/browser/package-lock.json;
# the npm cache is used first, the registry only for what it lacks).
browser-deps: deps
	@command -v npm >/dev/null || { echo "make: npm is missing (scripts/deps.sh installs it): the browser tests cannot run" >&2; exit 1; }
	npm ci --prefix tests/browser --prefer-offline --no-audit --no-fund --loglevel=error

release: deps
	cmake --preset release $(WERROR) >/dev/null
	cmake --build --preset release -j $(JOBS)

# Only the binary: the demo does not wait for the test suite or the benchmarks.
cardex: deps
	cmake --preset release $(WERROR) >/dev/null
	cmake --build --preset release -j $(JOBS) --target cardex

debug: deps
	cmake --preset debug $(WERROR) >/dev/null
	cmake --build --preset debug -j $(JOBS)

fuzz-build: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS)

PORT ?= 8080

# `cardex demo` builds build/demo/cardex.db on first run (about 20 s) and
# serves it; later runs serve the same database. Ctrl-C stops the server.
demo: cardex
	@mkdir -p build/demo
	build/release/cardex --db build/demo/cardex.db demo --port $(PORT)

tour: cardex
	bash scripts/demo.sh build/release/cardex

# A browser test skipped for a missing dependency (node, npm, chromium) fails
# the front door, loudly. Other tests that skip by design (as root, the
# unwritable-directory tests) do not.
# The Debian package test (label "package": root, debootstrap, the Debian
# mirror, about five minutes) runs in CI (CI=true, as .ci/run sets it); a
# developer runs it with `ctest --preset debug -L package`. The Patroni fault
# tests (label "ha": ctest --preset debug -L ha) run on their own.
CTEST_LABELS := $(if $(CI),-LE "ha",-LE "package|ha")

unit-test: debug browser-deps
	ctest --preset debug -j $(JOBS) $(CTEST_LABELS) --output-log build/debug/ctest.log
	@skipped=$$(sed -nE 's/.*Test +#[0-9]+: (browser_[^ ]+) .*\*\*\*(Skipped|Not Run).*/\1/p' build/debug/ctest.log | paste -sd'|'); \
	if [ -n "$$skipped" ]; then \
	  ctest --preset debug -V -R "^($$skipped)$$" 2>&1 | grep -E 'SKIP|Not Run|not found' >&2; \
	  echo "" >&2; \
	  echo "make test: FAILED: SKIPPED tests: $$skipped (a dependency is missing; see why above)." >&2; \
	  echo "make test: the README's test command runs every test; install what they need (scripts/deps.sh) and run it again." >&2; \
	  exit 1; fi

fuzz-smoke: fuzz-build
	bash scripts/run_fuzzers.sh build/fuzz $(FUZZ_SMOKE_SECONDS)

test: unit-test fuzz-smoke

fuzz: fuzz-build
	bash scripts/run_fuzzers.sh build/fuzz $(FUZZ_SECONDS)

# cardex_VERSION_amd64.deb in build/release/deb (docs/operations.md, "Install").
deb: cardex
	cmake --build --preset release -j $(JOBS) --target cardex_man
	cd build/release && cpack -G DEB
	@ls build/release/deb/*.deb

bench: release
	bash bench/run_all.sh build/release

clean:
	rm -rf build
