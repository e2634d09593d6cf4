#!/bin/bash
# netns_test.sh: the data plane against real traffic from a kernel-side peer
# (ARCHITECTURE.md, "Facts about the machines here").
#
# Usage: netns_test.sh DP_ENDPOINT_BIN [USRSCTP_CLIENT_BIN]
#
# A veth pair joins the root namespace to a network namespace made here.
# The root end has no IP address: dp_endpoint (test/tools/dp_endpoint.cc)
# sits on it through DPDK's net_af_packet as 10.99.0.1/24 and answers ARP
# itself. The other end, in the namespace, is 10.99.0.2/24. TX checksum
# offload is off on both ends (a veth would otherwise leave checksums to a
# NIC that does not exist) and IPv6 is off, so no ND or MLD noise.
#
# In the namespace:
#   1. netns_peer.py (scapy, raw frames): ARP, ping, the SCTP handshake by
#      hand with CRC32c checks, DATA on two streams and the echoes, SACK,
#      T3-rtx (the echoes left unacknowledged are sent again), HEARTBEAT,
#      SHUTDOWN .. SHUTDOWN COMPLETE, INIT to a closed port ->
#      ABORT, out-of-the-blue DATA -> ABORT with the T bit;
#   2. usrsctp_client (usrsctp in raw-IP mode), when given: a whole
#      association, 1 B to 64 KiB messages on 10 streams echoed and checked,
#      graceful shutdown.
# Then dp_endpoint is stopped with SIGTERM and its counters are checked.
# With usrsctp, a second dp_endpoint (--app discard --exit-after-closed 1)
# takes 300 messages one way and must exit on its own after the shutdown,
# having counted every byte.
#
# NETNS_TEST_SHARDS=2 runs the endpoint with two shards on two lcores;
# NETNS_TEST_PCAP=FILE captures the namespace's side; NETNS_TEST_VERBOSE=1
# shows the endpoint's log and counters.
#
# Prints "ok ..." / "FAIL ..." lines; exit 0 when all pass, 1 otherwise, 2
# on usage errors. Where network namespaces cannot be made (not root, no
# `ip netns`), prints "SKIP netns: <reason>" and exits 0. Everything made
# here is removed on every exit path.
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "Usage: $0 DP_ENDPOINT_BIN [USRSCTP_CLIENT_BIN]" >&2
  exit 2
fi
dp_bin=$1
client_bin=${2:-}
script_dir=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3

readonly ns=dpsctp-peer-$$
readonly veth_root=dpsr$$
readonly veth_peer=dpsp$$
readonly local_ip=10.99.0.1
readonly peer_ip=10.99.0.2
readonly sctp_port=5000
readonly usrsctp_messages=150

status=0
fail() {
  echo "FAIL $*"
  status=1
}

if [ ! -x "$dp_bin" ]; then
  fail "netns: dp_endpoint not built ($dp_bin)"
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP netns: not root (network namespaces and veth need it)"
  exit 0
fi
for tool in ip ethtool; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    fail "netns: $tool missing (scripts/install-deps.sh installs it)"
    exit 1
  fi
done
if ! $py -c 'import scapy.all' >/dev/null 2>&1; then
  fail "netns: python3-scapy missing (scripts/install-deps.sh installs it)"
  exit 1
fi

tmp=$(mktemp -d)
dp_pid=""
cap_pid=""
cleanup() {
  if [ -n "$cap_pid" ]; then kill "$cap_pid" 2>/dev/null; fi
  if [ -n "$dp_pid" ] && kill -0 "$dp_pid" 2>/dev/null; then
    kill -KILL "$dp_pid" 2>/dev/null
    wait "$dp_pid" 2>/dev/null
  fi
  ip netns del "$ns" 2>/dev/null
  ip link del "$veth_root" 2>/dev/null
  rm -rf "$tmp"
  # The EAL's runtime directory, left behind when the endpoint was killed.
  rm -rf "/var/run/dpdk/dpsctp-netns-$$-echo" \
    "/var/run/dpdk/dpsctp-netns-$$-discard"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if ! err=$(ip netns add "$ns" 2>&1); then
  echo "SKIP netns: cannot create a network namespace: $err"
  exit 0
fi
. "$script_dir/netns_common.sh"
if ! err=$(setup 2>&1); then
  fail "netns: setting up the veth pair: $err"
  exit 1
fi
root_mac=$(cat "/sys/class/net/$veth_root/address")
echo "ok netns: namespace $ns, $veth_root (no IP, mac $root_mac) <-> $veth_peer ($peer_ip/24)"

# --- the endpoint ---------------------------------------------------------
# Two shards: net_af_packet with two queue pairs (the kernel spreads
# frames over them by flow hash).
shards=${NETNS_TEST_SHARDS:-1}
# start_endpoint NAME ARGS...: dp_endpoint on the root veth in the
# background (dp_pid), its stdout/stderr in $tmp/NAME.out/.err; waits for
# its "ready" line (in $ready).
start_endpoint() {
  local name=$1
  shift
  local eal="-l 0-$((shards - 1)) --no-huge --no-shconf -m 256 --no-pci"
  eal="$eal --no-telemetry --file-prefix=dpsctp-netns-$$-$name"
  eal="$eal --vdev=net_af_packet0,iface=$veth_root,qpairs=$shards"
  "$dp_bin" --eal "$eal" --address "$local_ip/24" --listen "$sctp_port" \
    --shards "$shards" --json "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  dp_pid=$!
  ready=""
  for _ in $(seq 1 100); do
    if grep -q '^dp_endpoint: ready' "$tmp/$name.err"; then
      ready=$(grep '^dp_endpoint: ready' "$tmp/$name.err" | head -1)
      return 0
    fi
    kill -0 "$dp_pid" 2>/dev/null || break
    sleep 0.1
  done
  fail "netns: dp_endpoint did not come up: $(grep -v '^EAL' "$tmp/$name.err" | tail -3 | tr '\n' ' ')"
  return 1
}
# wait_endpoint NAME SECONDS: waits for dp_endpoint to exit; 0 if it exited
# with status 0.
wait_endpoint() {
  local rc
  for _ in $(seq 1 $(($2 * 10))); do
    kill -0 "$dp_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$dp_pid" 2>/dev/null; then
    fail "endpoint $1: still running after $2 s"
    return 1
  fi
  wait "$dp_pid"
  rc=$?
  dp_pid=""
  if [ $rc -ne 0 ]; then
    fail "endpoint $1: exit $rc: $(grep -v '^EAL' "$tmp/$1.err" | tail -3 | tr '\n' ' ')"
    return 1
  fi
  if [ -n "${NETNS_TEST_VERBOSE:-}" ]; then cat "$tmp/$1.err" "$tmp/$1.out" >&2; fi
}

start_endpoint echo --app echo --duration 50 || exit 1
dp_mac=$(echo "$ready" | sed -n 's/.* mac \([0-9a-f:]*\) .*/\1/p')
if [ "$dp_mac" = "$root_mac" ]; then
  echo "ok endpoint up: net_af_packet on $veth_root, mac $dp_mac"
else
  fail "endpoint up: mac '$dp_mac', the veth's is $root_mac ($ready)"
fi

# --- the peers --------------------------------------------------------------
cap_pid=""
if [ -n "${NETNS_TEST_PCAP:-}" ]; then
  ip netns exec "$ns" dumpcap -q -i "$veth_peer" -w "$NETNS_TEST_PCAP" 2>/dev/null &
  cap_pid=$!
  sleep 1
fi
in_ns timeout 25 $py "$script_dir/netns_peer.py" --iface "$veth_peer" \
  --local-ip "$peer_ip" --remote-ip "$local_ip" --port "$sctp_port" \
  --closed-port $((sctp_port + 1)) --expect-mac "$root_mac" >"$tmp/peer.out" 2>&1
rc=$?
cat "$tmp/peer.out"
if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$tmp/peer.out"; then
  fail "scapy peer: exit $rc"
fi
expected_assocs=1
expected_echoes=4
if [ -n "$client_bin" ] && [ -x "$client_bin" ]; then
  in_ns timeout 20 "$client_bin" --local "$peer_ip" --remote "$local_ip" \
    --port "$sctp_port" --streams 10 --messages "$usrsctp_messages" \
    --timeout 15 >"$tmp/usrsctp.out" 2>&1
  rc=$?
  grep -E '^(ok|FAIL) ' "$tmp/usrsctp.out"
  if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$tmp/usrsctp.out"; then
    fail "usrsctp client: exit $rc: $(tail -3 "$tmp/usrsctp.out" | tr '\n' ' ')"
  fi
  expected_assocs=2
  expected_echoes=$((4 + usrsctp_messages))
else
  echo "SKIP usrsctp: no usrsctp_client built${client_bin:+ ($client_bin)}"
fi

# --- stop, counters -----------------------------------------------------------
if [ -n "$cap_pid" ]; then
  kill -INT "$cap_pid" 2>/dev/null
  wait "$cap_pid" 2>/dev/null
fi
kill -TERM "$dp_pid" 2>/dev/null
wait_endpoint echo 5 || exit 1
echo "ok endpoint stop: SIGTERM, exit 0"

$py - "$tmp/echo.out" "$expected_assocs" "$expected_echoes" <<'EOF' || status=1
import json
import sys

path, assocs, echoes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lines = [l for l in open(path).read().splitlines() if l.startswith("{")]
if not lines:
    print("FAIL endpoint counters: no JSON line from dp_endpoint")
    sys.exit(1)
c = json.loads(lines[-1])
checks = [
    ("stopped by the signal", c["stop"] == "signal", c["stop"]),
    ("ARP requests answered >= 1",
     c["interface"]["arp_requests_answered"] >= 1,
     c["interface"]["arp_requests_answered"]),
    ("ping answered", c["interface"]["icmp_echo_answered"] >= 1,
     c["interface"]["icmp_echo_answered"]),
    ("associations created = %d" % assocs,
     c["endpoint"]["associations_created"] == assocs,
     c["endpoint"]["associations_created"]),
    ("associations up = %d" % assocs, c["app"]["associations_up"] == assocs,
     c["app"]["associations_up"]),
    ("shutdowns completed = %d" % assocs,
     c["app"]["shutdowns_completed"] == assocs,
     c["app"]["shutdowns_completed"]),
    ("no association lost", c["app"]["associations_lost"] == 0,
     c["app"]["associations_lost"]),
    ("messages echoed = %d" % echoes, c["app"]["messages_echoed"] == echoes,
     c["app"]["messages_echoed"]),
    ("nothing truncated or refused",
     c["app"]["messages_truncated"] + c["app"]["echo_refused"] == 0,
     "%d truncated, %d refused" % (c["app"]["messages_truncated"],
                                   c["app"]["echo_refused"])),
    ("INIT to a closed port aborted", c["endpoint"]["init_aborts_sent"] >= 1,
     c["endpoint"]["init_aborts_sent"]),
    ("out-of-the-blue DATA aborted", c["endpoint"]["ootb_aborts_sent"] >= 1,
     c["endpoint"]["ootb_aborts_sent"]),
    ("timers ran (T3-rtx)", c["worker"]["timer_runs"] >= 1,
     c["worker"]["timer_runs"]),
    ("no checksum errors", c["endpoint"]["checksum_errors"] == 0,
     c["endpoint"]["checksum_errors"]),
    ("no ICMP errors from the kernel side", c["worker"]["icmp_errors"] == 0,
     c["worker"]["icmp_errors"]),
    ("nothing left open at stop", c["open_at_stop"] == 0, c["open_at_stop"]),
    ("no TX drops", c["worker"]["tx_full_drops"] + c["worker"]["tx_pool_empty"]
     + c["interface"]["tx_resolution_failed"] == 0,
     "full %d, pool %d, unresolved %d" % (
         c["worker"]["tx_full_drops"], c["worker"]["tx_pool_empty"],
         c["interface"]["tx_resolution_failed"])),
]
bad = 0
for name, good, value in checks:
    if good:
        print("ok endpoint counters: %s (%s)" % (name, value))
    else:
        print("FAIL endpoint counters: %s: got %s" % (name, value))
        bad += 1
sys.exit(1 if bad else 0)
EOF

# --- a discarding endpoint that stops by itself -----------------------------
# usrsctp sends 1 B..64 KiB messages one way and shuts down; dp_endpoint
# (--app discard --exit-after-closed 1) must count every byte and exit on
# its own once the association has closed.
if [ -n "$client_bin" ] && [ -x "$client_bin" ]; then
  start_endpoint discard --app discard --exit-after-closed 1 --duration 30 || exit 1
  in_ns timeout 20 "$client_bin" --local "$peer_ip" --remote "$local_ip" \
    --port "$sctp_port" --streams 10 --messages 300 --no-echo \
    --timeout 15 >"$tmp/usrsctp2.out" 2>&1
  rc=$?
  grep -E '^(ok|FAIL) ' "$tmp/usrsctp2.out"
  if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$tmp/usrsctp2.out"; then
    fail "usrsctp client (no echo): exit $rc"
  fi
  sent_bytes=$(sed -n 's/^ok usrsctp send: [0-9]* messages, \([0-9]*\) bytes.*/\1/p' "$tmp/usrsctp2.out")
  wait_endpoint discard 8 || exit 1
  $py - "$tmp/discard.out" "${sent_bytes:-0}" <<'EOF' || status=1
import json
import sys

lines = [l for l in open(sys.argv[1]).read().splitlines() if l.startswith("{")]
if not lines:
    print("FAIL discard counters: no JSON line from dp_endpoint")
    sys.exit(1)
c = json.loads(lines[-1])
a = c["app"]
checks = [
    ("stopped after 1 closed association", c["stop"] == "closed", c["stop"]),
    ("300 messages received", a["messages_received"] == 300,
     a["messages_received"]),
    ("every byte counted", a["bytes_received"] == int(sys.argv[2]) > 0,
     "%d of %s" % (a["bytes_received"], sys.argv[2])),
    ("nothing echoed", a["messages_echoed"] == 0, a["messages_echoed"]),
    ("shutdown completed", a["shutdowns_completed"] == 1 and
     a["associations_lost"] == 0,
     "%d completed, %d lost" % (a["shutdowns_completed"],
                                a["associations_lost"])),
]
bad = 0
for name, good, value in checks:
    print("%s discard counters: %s (%s)" % ("ok" if good else "FAIL", name,
                                            value))
    bad += 0 if good else 1
sys.exit(1 if bad else 0)
EOF
fi
exit $status
