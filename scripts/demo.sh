#!/usr/bin/env bash
# The main job on its embedded default: installs what is missing, builds
# dpsctpd and runs it on config/demo.yaml: two SCTP endpoints in one process
# on DPDK software ports (an in-process ring pair: no NIC, no hugepages), two
# gNB-like clients sending NGAP-sized messages on 4 streams to an AMF-like
# echo responder for 10 seconds, live statistics every second, then a
# graceful shutdown and a summary. Exit status 0 when all went as it should.
#
#   scripts/demo.sh [--json] [other dpsctpd options]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
build=${BUILD_DIR:-$repo/build}

bash scripts/install-deps.sh
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" --buildtype=release >/dev/null
fi
echo "== building dpsctpd ($build)"
ninja -C "$build" app/dpsctpd/dpsctpd >/dev/null
echo "== dpsctpd --config config/demo.yaml"
exec "$build/app/dpsctpd/dpsctpd" --config config/demo.yaml "$@"
