#!/usr/bin/env bash
# Installs the Debian packages spar needs to build, test and run, skipping
# those already present. Safe to run repeatedly; needs root (or sudo) only when
# something is actually missing.
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
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

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
echo "setup: done"
