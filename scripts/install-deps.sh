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
  # fuzzing: clang with libFuzzer's runtime
  clang libclang-rt-14-dev
)
# make bench also needs nginx (baseline B1) and Python (the driver, bench/run.py).
if [ "${1:-}" = "--bench" ]; then PACKAGES+=(nginx-light python3); fi
# The web UI is built with Node.js and npm; use the machine's if it has them.
command -v node >/dev/null && command -v npm >/dev/null || PACKAGES+=(nodejs npm)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
