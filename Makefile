# The two commands of the quick start are `make run` and `make test`; both
# install what is missing first. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

BUILD_DIR   ?= build
ASAN_DIR    ?= build-asan
JOBS        ?= $(shell nproc)
DATABASE    ?= sqlite:data/entitled.db
LISTEN      ?= 127.0.0.1:8080
# Warnings are errors in CI (CI=true) and in `make test`; a plain `make build` only warns.
WERROR      ?= $(if $(CI),ON,OFF)
CMAKE_GEN   := -G Ninja
CTEST_FLAGS := --output-on-failure --no-tests=error -j $(JOBS)

.PHONY: deps build build-asan run demo test test-release test-asan format tidy clean

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENTITLED_WERROR=$(WERROR) >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_DIR) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
	  -DENTITLED_SANITIZE=ON -DENTITLED_WERROR=ON >/dev/null
	cmake --build $(ASAN_DIR) -j $(JOBS)

# Creates data/entitled.db with demo data (idempotent), prints the demo
# sign-ins, and serves on http://localhost:8080.
run: build
	@mkdir -p data
	$(BUILD_DIR)/entitled demo --database $(DATABASE)
	$(BUILD_DIR)/entitled serve --database $(DATABASE) --listen $(LISTEN)

demo: build
	@mkdir -p data
	$(BUILD_DIR)/entitled demo --database $(DATABASE)

# Every suite: unit, storage and API on SQLite and on a throw-away PostgreSQL
# (ctest starts and removes it), first in the release build, then again
# under AddressSanitizer + UndefinedBehaviorSanitizer.
test: WERROR = ON
test: test-release test-asan

test-release: build
	ctest --test-dir $(BUILD_DIR) $(CTEST_FLAGS)

test-asan: build-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(ASAN_DIR) $(CTEST_FLAGS)

format:
	find src tests -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy: build
	run-clang-tidy -p $(BUILD_DIR) -quiet 'src/'

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)
