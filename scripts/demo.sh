#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job on its embedded
# default: for now, dpsctp-dump decoding a real NGAP capture (gNB <-> AMF:
# handshake, NGSetup, heartbeats, shutdown) chunk by chunk, then a summary;
# then two of our endpoints set up an association over the in-memory wire,
# exchange a message and shut down, and dpsctp-dump decodes what they sent.
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

echo "== two dpsctp endpoints over the in-memory wire: handshake, one message, shutdown"
ninja -C "$build" test/scenario_lifecycle_test >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
DPSCTP_CAPTURE_DIR=$tmp "$build/test/scenario_lifecycle_test" "[demo]" >/dev/null
"$build/app/dpsctp-dump/dpsctp-dump" "$tmp/handshake_shutdown.pcap" | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    c = json.loads(line)
    if c.get("type") == "chunk":
        print("  %3d  %s -> %s  %-18s checksum %s" % (
            c["frame"], c["src"], c["dst"], c["chunk_type"], c["checksum"]))
'
