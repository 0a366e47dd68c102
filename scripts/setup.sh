#!/usr/bin/env bash
# Installs the Debian packages spar needs to build, test and run, skipping
# those already present, then the browser-test driver from npm (the version
# pinned in tests/e2e/package-lock.json). Safe to run repeatedly; needs root
# (or sudo) only when a Debian package is actually missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang-format
  # libraries (all permissive or LGPL-compatible with an MIT binary)
  libyaml-cpp-dev nlohmann-json3-dev libstemmer-dev libutf8proc-dev
  libcli11-dev libfmt-dev libsqlite3-dev
  # server: Boost.Beast/Asio headers (BSL-1.0), libsodium for passwords and tokens (ISC)
  libboost-dev libsodium-dev
  # speech: recognition (BSD-style) with its US English model, synthesis (BSD-style)
  pocketsphinx libpocketsphinx-dev pocketsphinx-en-us libsphinxbase-dev flite1-dev
  # speech: the live audio device for 'spar interview --voice' (arecord, aplay)
  alsa-utils
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # fuzzing and sanitizer builds: clang 14 with its compiler-rt (libFuzzer,
  # ASan, UBSan, TSan runtimes)
  clang libclang-rt-dev
  # browser end-to-end tests (Playwright drives Debian's Chromium) and the
  # server load benchmark
  chromium wrk
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node.js and npm run the browser tests. Any installation will do (a
# machine may have one from elsewhere, whose npm is not a Debian package).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else
      echo "setup: need root to install: ${missing[*]}" >&2; exit 1
    fi
  fi
  echo "setup: installing ${#missing[@]} missing package(s): ${missing[*]}"
  echo "setup: refreshing package lists (apt-get update)"
  $SUDO apt-get update -q
  echo "setup: apt-get install"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# playwright-core (Apache-2.0) only drives a browser; it downloads none.
E2E="$(dirname "$0")/../tests/e2e"
want=$(sed -n 's/.*"playwright-core": "\([0-9.]*\)".*/\1/p' "$E2E/package.json")
have=$(sed -n 's/.*"version": "\([0-9.]*\)".*/\1/p' "$E2E/node_modules/playwright-core/package.json" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
  echo "setup: npm ci in tests/e2e (playwright-core $want)"
  (cd "$E2E" && npm ci --no-audit --no-fund --ignore-scripts)
fi
echo "setup: done"
