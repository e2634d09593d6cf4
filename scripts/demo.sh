#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job on its embedded
# default: for now, dpsctp-dump decoding a real NGAP capture (gNB <-> AMF:
# handshake, NGSetup, heartbeats, shutdown) chunk by chunk, then a summary.
#
#   scripts/demo.sh [FILE.pcap]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
shared=${DPSCTP_SHARED:-$repo/../shared}
build=${BUILD_DIR:-$repo/build}

bash scripts/install-deps.sh
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" >/dev/null
fi
ninja -C "$build" app/dpsctp-dump/dpsctp-dump >/dev/null

capture=${1:-$shared/corpus/pcaps/5greplay/oai.pcap}
if [ ! -f "$capture" ]; then
  echo "demo: no capture at $capture (give one: scripts/demo.sh FILE.pcap)" >&2
  exit 2
fi
echo "== dpsctp-dump $capture (first 12 chunks)"
"$build/app/dpsctp-dump/dpsctp-dump" "$capture" | head -n 12
echo "== dpsctp-dump --summary"
"$build/app/dpsctp-dump/dpsctp-dump" --summary "$capture"
