#!/bin/bash
# check_golden.sh: checks dpsctp's serializers against Wireshark.
#
# Usage: check_golden.sh GOLDEN_PACKETS_BIN DPSCTP_DUMP_BIN
#
# 1. GOLDEN_PACKETS_BIN (test/tools/golden_packets.cc) writes a pcap of
#    packets built only with lib/wire's serializers.
# 2. tshark dissects it: every packet must have a good CRC32c
#    (sctp.checksum.status 1), must not be malformed, and must carry no
#    expert message of severity warning or error.
# 3. compare_tshark.py compares dpsctp-dump's decoding with tshark's, field
#    by field; the only accepted differences are listed (with their reason)
#    in ACCEPTED below, and an accepted difference that no longer occurs is
#    itself a failure, so the list stays exact.
#
# Prints "ok golden ..." / "FAIL golden ..." lines; exit 0 when all pass,
# 1 on any failure, 2 on usage errors.
set -u

if [ $# -ne 2 ]; then
  echo "Usage: $0 GOLDEN_PACKETS_BIN DPSCTP_DUMP_BIN" >&2
  exit 2
fi
golden_bin=$1
dump_bin=$2
script_dir=$(cd "$(dirname "$0")" && pwd)
tshark=${TSHARK:-tshark}

# Wireshark expert severities (epan/proto.h: PI_WARN, PI_ERROR).
readonly SEVERITY_WARN=6291456   # 0x00600000
readonly SEVERITY_ERROR=8388608  # 0x00800000

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pcap=$tmp/golden.pcap
status=0

fail() {
  echo "FAIL golden $*"
  status=1
}

if ! "$golden_bin" "$pcap" >"$tmp/gen.out" 2>&1; then
  fail "generator: $(cat "$tmp/gen.out")"
  exit 1
fi
echo "ok golden generator: $(cat "$tmp/gen.out")"

# --- 1. tshark's own verdict, one row per frame -----------------------------
if ! "$tshark" -r "$pcap" -o sctp.checksum:CRC-32C \
    -T fields -E occurrence=a -E aggregator='|' -E separator=/t \
    -e frame.number -e sctp.checksum.status -e _ws.malformed \
    -e _ws.expert.severity -e _ws.expert.message -e _ws.col.Info \
    >"$tmp/fields.tsv" 2>"$tmp/tshark.err"; then
  fail "tshark: $(cat "$tmp/tshark.err")"
  exit 1
fi
frames=0
bad=0
# Tabs become \x1f first: read collapses runs of IFS whitespace, which would
# shift the empty fields.
while IFS=$'\x1f' read -r frame checksum malformed severities messages info; do
  frames=$((frames + 1))
  problems=()
  if [ "$checksum" != "1" ]; then
    problems+=("checksum status '$checksum' (1 = good)")
  fi
  if [ -n "$malformed" ]; then
    problems+=("malformed")
  fi
  # Severities and messages are in the same order, '|'-separated.
  IFS='|' read -r -a sev_list <<<"$severities"
  IFS='|' read -r -a msg_list <<<"$messages"
  for i in "${!sev_list[@]}"; do
    sev=${sev_list[$i]}
    if [ "$sev" -ge "$SEVERITY_WARN" ] 2>/dev/null; then
      level=warning
      [ "$sev" -ge "$SEVERITY_ERROR" ] && level=error
      problems+=("expert $level: ${msg_list[$i]:-?}")
    fi
  done
  if [ ${#problems[@]} -gt 0 ]; then
    bad=$((bad + 1))
    fail "tshark frame $frame ($info): $(IFS=';'; echo "${problems[*]}")"
  fi
done < <(tr '\t' '\037' <"$tmp/fields.tsv")
expected_frames=$(sed -n 's/^golden_packets: \([0-9]*\) packets.*/\1/p' \
  "$tmp/gen.out")
if [ "$frames" -eq 0 ] || [ "$frames" != "$expected_frames" ]; then
  fail "tshark read $frames frames, generator wrote $expected_frames"
elif [ "$bad" -eq 0 ]; then
  echo "ok golden tshark: $frames frames, CRC32c good, not malformed, no" \
    "expert warning or error"
fi

# --- 2. dpsctp-dump against tshark, field by field --------------------------
# Accepted differences, as exact regular expressions over compare_tshark's
# difference lines. Frame numbers are found by content, not hard-coded.
#
# (a) Unrecognized Chunk Type cause (RFC 9260 §3.3.10.6) in the ERROR
#     packet: tshark dissects the chunk the cause carries as a chunk of the
#     packet (one more sctp.chunk_type / chunk_length / chunk_flags value,
#     type 63); dpsctp-dump lists top-level chunks only. Not a serializer
#     bug: tshark's own dissection shows the cause with the right length.
# (b) Unsupported HMAC Identifier cause (RFC 4895 §6.1) in the same ERROR
#     packet: tshark files its HMAC Identifier under sctp.hmac_id, which
#     compare_tshark.py projects from dpsctp-dump's AUTH chunks and
#     HMAC-ALGO parameters only, not from error causes.
error_frame=$("$tshark" -r "$pcap" -Y \
  'sctp.cause_code == 0x0006 && sctp.cause_code == 0x0105' \
  -T fields -e frame.number 2>/dev/null | head -n 1)
accepted=()
if [ -n "$error_frame" ]; then
  accepted=(
    "frame $error_frame: sctp\\.chunk_type: dpsctp-dump \\[9\\], tshark \\[9, 63\\]"
    "frame $error_frame: sctp\\.chunk_length: dpsctp-dump \\[([0-9]+)\\], tshark \\[\\1, 8\\]"
    "frame $error_frame: sctp\\.chunk_flags: dpsctp-dump \\[0\\], tshark \\[0, 0\\]"
    "frame $error_frame: sctp\\.hmac_id: dpsctp-dump \\[\\], tshark \\[2\\]"
  )
fi

/usr/bin/python3 "$script_dir/compare_tshark.py" "$dump_bin" "$pcap" \
  --tshark "$(command -v "$tshark")" --verbose >"$tmp/compare.out" 2>&1
compare_rc=$?
if [ $compare_rc -ge 2 ]; then
  fail "compare_tshark.py exited $compare_rc: $(cat "$tmp/compare.out")"
  exit 1
fi
# Difference lines are the indented "frame N: ..." lines.
sed -n 's/^ *\(frame [0-9]*: .*\)$/\1/p' "$tmp/compare.out" >"$tmp/diffs"
declare -A used=()
unexplained=0
while IFS= read -r line; do
  ok=0
  for i in "${!accepted[@]}"; do
    if [[ "$line" =~ ^${accepted[$i]}$ ]]; then
      ok=1
      used[$i]=1
      break
    fi
  done
  if [ $ok -eq 0 ]; then
    unexplained=$((unexplained + 1))
    fail "compare: $line"
  fi
done <"$tmp/diffs"
for i in "${!accepted[@]}"; do
  if [ -z "${used[$i]:-}" ]; then
    fail "compare: accepted difference no longer occurs (remove it from" \
      "check_golden.sh): ${accepted[$i]}"
  fi
done
if [ -z "$error_frame" ]; then
  fail "compare: no ERROR packet with Unrecognized Chunk Type and" \
    "Unsupported HMAC Identifier causes (generator changed?)"
fi
summary=$(grep '^compare_tshark:' "$tmp/compare.out")
if [ $compare_rc -ne 0 ] && [ ! -s "$tmp/diffs" ]; then
  fail "compare_tshark.py failed without difference lines: " \
    "$(cat "$tmp/compare.out")"
elif [ $unexplained -eq 0 ]; then
  echo "ok golden compare: ${summary#compare_tshark: }, all" \
    "${#accepted[@]} accepted (see check_golden.sh)"
fi

exit $status
