#!/bin/bash
# check_captures.sh: the packets our endpoints exchange, judged by tshark.
#
# Usage: check_captures.sh SCENARIO_TEST_BIN
#
# Runs the lifecycle scenarios with DPSCTP_CAPTURE_DIR set, so that each
# scenario writes what went on the loopback wire as a pcap; then every frame
# of every capture must have a good CRC32c (sctp.checksum.status 1), must
# not be malformed and must carry no expert message of severity warning or
# error. The handshake (IPv4 and IPv6), restart, collision and shutdown
# captures must exist.
#
# Prints "ok capture ..." / "FAIL capture ..." lines; exit 0 when all pass.
set -u
if [ $# -ne 1 ]; then
  echo "Usage: $0 SCENARIO_TEST_BIN" >&2
  exit 2
fi
tshark=${TSHARK:-tshark}
readonly SEVERITY_WARN=6291456   # 0x00600000, epan/proto.h PI_WARN
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

if ! DPSCTP_CAPTURE_DIR=$tmp "$1" >"$tmp/run.out" 2>&1; then
  echo "FAIL capture scenario run: $(tail -5 "$tmp/run.out")"
  exit 1
fi
for name in handshake_shutdown restart init_collision simultaneous_shutdown \
    lost_cookie_ack stale_cookie ipv6_handshake_shutdown; do
  if [ ! -s "$tmp/$name.pcap" ]; then
    echo "FAIL capture $name: not written"
    status=1
  fi
done
for pcap in "$tmp"/*.pcap; do
  name=$(basename "$pcap" .pcap)
  if ! "$tshark" -r "$pcap" -o sctp.checksum:CRC-32C -T fields \
      -E occurrence=a -E aggregator='|' -E separator=/t \
      -e frame.number -e sctp.checksum.status -e _ws.malformed \
      -e _ws.expert.severity -e _ws.col.Info >"$tmp/f.tsv" 2>"$tmp/err"; then
    echo "FAIL capture $name: tshark: $(cat "$tmp/err")"
    status=1
    continue
  fi
  frames=0
  bad=0
  while IFS=$'\x1f' read -r frame checksum malformed severities info; do
    frames=$((frames + 1))
    why=""
    [ "$checksum" != "1" ] && why="checksum status '$checksum'"
    [ -n "$malformed" ] && why="$why malformed"
    IFS='|' read -r -a sev <<<"$severities"
    for s in "${sev[@]}"; do
      if [ "$s" -ge "$SEVERITY_WARN" ] 2>/dev/null; then why="$why expert>=warning"; fi
    done
    if [ -n "$why" ]; then
      bad=$((bad + 1))
      echo "FAIL capture $name frame $frame ($info):$why"
    fi
  done < <(tr '\t' '\037' <"$tmp/f.tsv")
  if [ "$frames" -eq 0 ]; then
    echo "FAIL capture $name: no frames"
    status=1
  elif [ "$bad" -eq 0 ]; then
    echo "ok capture $name: $frames frames, CRC32c good, not malformed"
  else
    status=1
  fi
done
exit $status
