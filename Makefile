# The two commands of the quick start are `make run` and `make test`; both
# install what is missing first. See README.md.
SHELL := /bin/bash
# A Node fetched by install-deps (when the machine's is older than 20.19) comes first.
export PATH := $(CURDIR)/.tools/node/bin:$(PATH)
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

BUILD_DIR   ?= build
ASAN_DIR    ?= build-asan
FUZZ_DIR    ?= build-fuzz
FUZZ_SECONDS ?= 300
JOBS        ?= $(shell nproc)
DATABASE    ?= sqlite:data/entitled.db
LISTEN      ?= 127.0.0.1:8080
CMAKE_GEN   := -G Ninja
CTEST_FLAGS := --output-on-failure --no-tests=error -j $(JOBS)

WEB_STAMP   := web/node_modules/.installed

.PHONY: deps configure build-tests build server web build-asan build-fuzz run demo deb test test-release test-web test-asan test-fuzz fuzz soak bench format tidy clean

deps:
	@scripts/install-deps.sh

# The server (build/entitled) and the web UI (web/dist, which the server serves).
build: server web

# One configuration for `make run` and `make test` (warnings are errors in both),
# so neither rebuilds what the other built; `make run` builds only the programs.
configure: deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

server: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target entitled entitled-device

build-tests: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# npm packages from the lock file; Playwright never downloads a browser (Debian's chromium is used).
$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Rebuilt only when a source of the UI changed (make test, then make run, builds it once).
WEB_SOURCES := $(shell find web/src web/public web/index.html web/vite.config.ts web/tsconfig.json -type f 2>/dev/null)
web/dist/index.html: $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build --silent
	touch $@

web: deps web/dist/index.html

build-asan: deps
	cmake -S . -B $(ASAN_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
	  -DENTITLED_SANITIZE=ON -DENTITLED_WERROR=ON >/dev/null
	cmake --build $(ASAN_DIR) -j $(JOBS)

# Creates data/entitled.db with demo data (idempotent), prints the demo
# sign-ins, and serves on http://localhost:8080.
run: build
	@mkdir -p data
	$(BUILD_DIR)/entitled demo --database $(DATABASE)
	@echo "Demo server: staff sign in with their password alone (--staff-totp optional); production's default requires them to set up a TOTP code."
	$(BUILD_DIR)/entitled serve --database $(DATABASE) --listen $(LISTEN) --staff-totp optional

demo: build
	@mkdir -p data
	$(BUILD_DIR)/entitled demo --database $(DATABASE)

# The Debian package build/entitled_<version>_amd64.deb (see packaging/debian and README.md).
deb: build
	scripts/make-deb.sh $(BUILD_DIR)

# Every suite: clang-tidy, unit, storage and API on SQLite and on a throw-away PostgreSQL
# (ctest starts and removes it), the web UI's component tests (Vitest) and
# browser tests (Playwright + Debian's chromium against the real server),
# then the C++ suites again under AddressSanitizer + UndefinedBehaviorSanitizer.
test:
	@MAKE=$(MAKE) scripts/timed-stages.sh tidy test-release test-web test-asan test-fuzz

# The API suites' responses are validated against docs/openapi.json with ajv from web/node_modules;
# the package test (package.deb_installs_and_serves) packs the built UI.
test-release: build-tests web
	ctest --test-dir $(BUILD_DIR) $(CTEST_FLAGS)

test-web: build
	cd web && npm test
	cd web && CI=true ENTITLED_BINARY=$(CURDIR)/$(BUILD_DIR)/entitled npm run e2e

# Under the sanitizers: unit, storage on both engines, and the API on SQLite.
# The PostgreSQL API suite runs in test-release only: it drives the same server
# code as the SQLite one, and the PostgreSQL driver itself runs sanitized in
# postgres.storage.* (issue 17: a faster make test).
test-asan: build-asan $(WEB_STAMP)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_DIR) $(CTEST_FLAGS) -E '^postgres\.api\.'

format:
	find src tests fuzz bench client -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

# clang-tidy over src/, every finding an error; units unchanged since they passed are skipped.
tidy: configure
	python3 scripts/tidy.py $(BUILD_DIR) $(JOBS)

# libFuzzer targets (clang, ASan + UBSan); `make test` runs each briefly, `make fuzz` for FUZZ_SECONDS.
build-fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DENTITLED_FUZZ=ON -DENTITLED_TESTS=OFF >/dev/null
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target http_request_fuzzer member_csv_fuzzer

test-fuzz: build-fuzz
	scripts/fuzz.sh $(FUZZ_DIR) 30

fuzz: build-fuzz
	scripts/fuzz.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

# The crash-restart harness for 200 kills per engine (make test runs 3).
SOAK_CYCLES ?= 200
soak: build-tests
	bash -o pipefail -c "ENTITLED_CRASH_CYCLES=$(SOAK_CYCLES) ctest --test-dir $(BUILD_DIR) --timeout 3600 \
		-R 'api\.CrashRestart' --verbose | grep -E 'crash-restart:|Failure|Passed|Failed|tests passed'"

# Benchmarks: the 1,000,000-account dataset on SQLite and PostgreSQL, every
# scenario against its baseline; writes bench/results/latest.md (see bench/README.md).
BENCH_ARGS ?=
bench:
	@scripts/install-deps.sh --bench
	cmake -S . -B $(BUILD_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENTITLED_BENCH=ON >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)
	python3 bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)
