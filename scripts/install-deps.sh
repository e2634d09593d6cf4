#!/usr/bin/env bash
# Installs every Debian package dpsctp needs to build, test and benchmark.
# Idempotent: packages already installed are skipped; nothing is asked.
set -euo pipefail

packages=(
  build-essential pkg-config meson ninja-build
  clang libclang-rt-14-dev
  libdpdk-dev dpdk dpdk-dev
  libisal-dev
  catch2
  libyaml-cpp-dev
  libbenchmark-dev
  libssl-dev
  libusrsctp-dev
  libpcap-dev
  tshark
  python3-scapy
  iproute2 ethtool
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
