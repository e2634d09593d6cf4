#!/bin/bash
# pcap_golden_test.sh: the data plane on DPDK's net_pcap, against captured
# handshakes of other SCTP stacks.
#
# Usage: pcap_golden_test.sh DP_ENDPOINT_BIN [SHARED_DIR]
#
# For each capture below (the client's INIT frame over IPv4 on Ethernet),
# pcap_golden.py writes an input pcap: the client's ARP request, the INIT
# verbatim, and single packets that probe one rule each (bad CRC32c,
# out-of-the-blue DATA / HEARTBEAT / SHUTDOWN ACK / ABORT / SHUTDOWN
# COMPLETE / COOKIE ACK, a forged COOKIE ECHO, an INIT to a closed port, a
# ping). dp_endpoint runs on --vdev=net_pcap0,rx_pcap=in.pcap,
# tx_pcap=out.pcap with the capture's server IP, MAC and port for 2 s;
# tshark then reads out.pcap with checksum validation on and pcap_golden.py
# checks every answer (and every absence of one) plus the endpoint's
# counters.
#
# Prints "ok ..." / "FAIL ..." lines; exit 0 when all pass, 1 otherwise, 2
# on usage errors. Without tshark: "SKIP pcap: ..." and exit 0.
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "Usage: $0 DP_ENDPOINT_BIN [SHARED_DIR]" >&2
  exit 2
fi
dp_bin=$1
script_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$script_dir/../.." && pwd)
shared=${2:-${DPSCTP_SHARED:-$repo/../shared}}
pcaps=$shared/corpus/pcaps
py=/usr/bin/python3
export TSHARK=${TSHARK:-tshark}

# capture (under corpus/pcaps) and the frame number of the client's INIT.
captures=(
  "community-id-spec/sctp.pcap 1"                       # Linux kernel SCTP
  "5greplay/oai.pcap 43"                                # OpenAirInterface gNB, NGAP
  "wireshark-samples_via_aboutsip-pkts/sctp-www.cap 1"  # MIS 65535, other subnets
  "arkime-tests/diameter_synthetic.pcap 11"             # Diameter port 3868
  "wireshark-samples_via_aboutsip-pkts/sctp_init_collision.cap 1"  # OS 1
)

status=0
fail() {
  echo "FAIL $*"
  status=1
}

if ! command -v "$TSHARK" >/dev/null 2>&1; then
  echo "SKIP pcap: tshark not installed (scripts/install-deps.sh installs it)"
  exit 0
fi
if [ ! -x "$dp_bin" ]; then
  fail "pcap: dp_endpoint not built ($dp_bin)"
  exit 1
fi
if [ ! -d "$pcaps" ]; then
  fail "pcap: no capture corpus at $pcaps"
  exit 1
fi
if ! $py -c 'import scapy.all' >/dev/null 2>&1; then
  fail "pcap: python3-scapy missing (scripts/install-deps.sh installs it)"
  exit 1
fi

tmp=$(mktemp -d)
dp_pid=""
cleanup() {
  if [ -n "$dp_pid" ] && kill -0 "$dp_pid" 2>/dev/null; then
    kill -KILL "$dp_pid" 2>/dev/null
    wait "$dp_pid" 2>/dev/null
  fi
  rm -rf "$tmp"
  # The EAL's runtime directories, left behind when an endpoint was killed
  # (DPDK puts them under /var/run for root, else $XDG_RUNTIME_DIR or /tmp).
  local run_dir=/var/run
  if [ "$(id -u)" -ne 0 ]; then run_dir=${XDG_RUNTIME_DIR:-/tmp}; fi
  rm -rf "$run_dir"/dpdk/dpsctp-pcap-$$-*
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The inputs, all in one go (scapy loads once).
make_args=()
i=0
for entry in "${captures[@]}"; do
  read -r capture frame <<<"$entry"
  i=$((i + 1))
  if [ ! -f "$pcaps/$capture" ]; then
    fail "pcap $capture#$frame: capture missing"
    continue
  fi
  make_args+=("$pcaps/$capture:$frame" "$tmp/case$i")
  echo "$capture#$frame" >"$tmp/label$i"
done
if [ ${#make_args[@]} -eq 0 ]; then
  exit 1
fi
if ! $py "$script_dir/pcap_golden.py" make "${make_args[@]}" >"$tmp/make.out" 2>"$tmp/make.err"; then
  fail "pcap: making the inputs: $(tail -3 "$tmp/make.err" | tr '\n' ' ')"
  exit 1
fi

checked=()
while read -r dir address mac port; do
  label=$(cat "$tmp/label${dir##*/case}")
  if [ "$address" = ERROR ]; then
    fail "pcap $label: making the input: $mac $port"
    continue
  fi
  eal="-l 0 --no-huge --no-shconf -m 256 --no-pci --no-telemetry"
  eal="$eal --file-prefix=dpsctp-pcap-$$-${dir##*/}"
  eal="$eal --vdev=net_pcap0,rx_pcap=$dir/in.pcap,tx_pcap=$dir/out.pcap"
  # In the background with a bound: a hung endpoint fails this case only.
  "$dp_bin" --eal "$eal" --address "$address" --mac "$mac" --listen "$port" \
    --app echo --duration 2 --json >"$dir/dp.out" 2>"$dir/dp.err" &
  dp_pid=$!
  for _ in $(seq 1 80); do
    kill -0 "$dp_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$dp_pid" 2>/dev/null; then
    kill -KILL "$dp_pid" 2>/dev/null
    wait "$dp_pid" 2>/dev/null
    dp_pid=""
    fail "pcap $label: dp_endpoint still running after 8 s"
    continue
  fi
  wait "$dp_pid"
  rc=$?
  dp_pid=""
  if [ $rc -ne 0 ]; then
    fail "pcap $label: dp_endpoint exit $rc: $(grep -v '^EAL' "$dir/dp.err" | tail -3 | tr '\n' ' ')"
    continue
  fi
  checked+=("$dir")
done <"$tmp/make.out"

if [ ${#checked[@]} -gt 0 ]; then
  $py "$script_dir/pcap_golden.py" check "${checked[@]}" || status=1
fi
exit $status
