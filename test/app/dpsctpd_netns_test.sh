#!/bin/bash
# dpsctpd_netns_test.sh: dpsctpd's echo application, in quick mode on
# net_af_packet over a veth pair, serving a usrsctp client (raw-IP mode) in a
# network namespace: handshake, messages of 1 B to 64 KiB on 10 streams
# echoed and checked by the client, graceful shutdown; then dpsctpd is
# stopped with SIGTERM and its JSON events and summary are checked.
#
# Usage: dpsctpd_netns_test.sh DPSCTPD_BIN USRSCTP_CLIENT_BIN
#
# Prints "ok ..." / "FAIL ..." lines. Where network namespaces cannot be
# made (not root, no `ip netns`), prints "SKIP netns: <reason>" and exits 0.
set -u

if [ $# -ne 2 ]; then
  echo "Usage: $0 DPSCTPD_BIN USRSCTP_CLIENT_BIN" >&2
  exit 2
fi
dpsctpd=$1
client_bin=$2
script_dir=$(cd "$(dirname "$0")/../dpdk" && pwd)
py=/usr/bin/python3

readonly ns=dpsctpd-peer-$$
readonly veth_root=dpdr$$
readonly veth_peer=dpdp$$
readonly local_ip=10.97.0.1
readonly peer_ip=10.97.0.2
readonly sctp_port=5000
readonly messages=200

status=0
fail() {
  echo "FAIL $*"
  status=1
}
for bin in "$dpsctpd" "$client_bin"; do
  if [ ! -x "$bin" ]; then
    fail "dpsctpd netns: $bin not built"
    exit 1
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP netns: not root (network namespaces and veth need it)"
  exit 0
fi

tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  ip netns del "$ns" 2>/dev/null
  ip link del "$veth_root" 2>/dev/null
  rm -rf "$tmp" "/var/run/dpdk/dpsctpd-netns-$$"
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
echo "ok netns: $veth_root (dpsctpd, $local_ip) <-> $veth_peer in $ns ($peer_ip)"

# The quick mode a user would type; 256 KiB buffers so that a 64 KiB message
# and its echo fit with room to spare.
eal="--no-huge --no-shconf -m 256 --no-pci -l 0 --file-prefix=dpsctpd-netns-$$"
eal="$eal --vdev=net_af_packet0,iface=$veth_root"
"$dpsctpd" --eal "$eal" --address "$local_ip/24" --listen "$sctp_port" \
  --app echo --set receive_buffer=256KiB --set inbound_streams=10 \
  --set outbound_streams=10 --stats-interval 1 --json \
  >"$tmp/out" 2>"$tmp/err" &
pid=$!
up=0
for _ in $(seq 1 100); do
  if grep -q '^dpsctpd: running' "$tmp/err"; then up=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ $up -ne 1 ]; then
  fail "dpsctpd did not come up: $(grep -v '^EAL' "$tmp/err" | tail -3 | tr '\n' ' ')"
  exit 1
fi
echo "ok dpsctpd up: $(grep '^dpsctpd: interface' "$tmp/err" | head -1)"

in_ns timeout 30 "$client_bin" --local "$peer_ip" --remote "$local_ip" \
  --port "$sctp_port" --streams 10 --messages "$messages" --timeout 20 \
  >"$tmp/client" 2>&1
rc=$?
grep -E '^(ok|FAIL) ' "$tmp/client" | sed 's/^\(ok\|FAIL\) /\1 usrsctp client: /'
if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$tmp/client"; then
  fail "usrsctp client: exit $rc: $(tail -3 "$tmp/client" | tr '\n' ' ')"
fi

# A second dpsctpd in the namespace, in quick --connect mode on the other
# end of the veth (an address the kernel there does not own): 500 messages
# of 1,000 B on 4 streams to the echo server, then SHUTDOWN; it must exit 0
# on its own.
ceal="--no-huge --no-shconf -m 256 --no-pci -l 0 --file-prefix=dpsctpd-netns-$$-c"
ceal="$ceal --vdev=net_af_packet1,iface=$veth_peer"
in_ns timeout 30 "$dpsctpd" --eal "$ceal" --address 10.97.0.3/24 \
  --connect "$local_ip:$sctp_port" --app source --size 1000 --streams 4 \
  --messages 500 --after shutdown --set receive_buffer=256KiB \
  --stats-interval 0 --json >"$tmp/client-out" 2>"$tmp/client-err"
rc=$?
rm -rf "/var/run/dpdk/dpsctpd-netns-$$-c"
if [ $rc -eq 0 ]; then
  echo "ok dpsctpd --connect client: exit 0 on its own after --after shutdown"
else
  fail "dpsctpd --connect client: exit $rc: $(grep -v '^EAL' "$tmp/client-err" | tail -3 | tr '\n' ' ')"
  grep -o '"event":"[A-Z_]*"[^}]*' "$tmp/client-out" | head -5
fi
$py - "$tmp/client-out" <<'PY' || status=1
import json
import sys
objs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
s = [o for o in objs if o["type"] == "summary"]
if not s:
    print("FAIL dpsctpd --connect client: no summary")
    sys.exit(1)
s = s[-1]
e = s["endpoints"][0]
ok = (s["stop"] == "done" and e["messages_out"] == 500 and
      e["bytes_out"] == 500000 and e["messages_in"] >= 1 and
      e["associations_up"] == 1 and e["shutdowns"] == 1 and e["lost"] == 0)
print("%s dpsctpd --connect client: 500 messages sent, %d echoes back, shut down (stop %s)"
      % ("ok" if ok else "FAIL", e["messages_in"], s["stop"]))
sys.exit(0 if ok else 1)
PY

# At least one statistics line before the stop (one a second).
for _ in $(seq 1 30); do
  grep -q '"type":"stats"' "$tmp/out" && break
  sleep 0.1
done
kill -TERM "$pid"
for _ in $(seq 1 100); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
wait "$pid"
rc=$?
pid=""
if [ $rc -eq 0 ]; then
  echo "ok dpsctpd stopped by SIGTERM: exit 0"
else
  fail "dpsctpd exit $rc: $(grep -v '^EAL' "$tmp/err" | tail -3 | tr '\n' ' ')"
fi

$py - "$tmp/out" "$peer_ip" <<'PY' || status=1
import json
import sys

path, peer = sys.argv[1], sys.argv[2]
objs = []
bad_lines = 0
for line in open(path):
    try:
        objs.append(json.loads(line))
    except ValueError:
        bad_lines += 1
summary = [o for o in objs if o.get("type") == "summary"]
events = [o for o in objs if o.get("type") == "event"]
stats = [o for o in objs if o.get("type") == "stats"]
if not summary:
    print("FAIL dpsctpd: no summary on stdout")
    sys.exit(1)
s = summary[-1]
e = s["endpoints"][0]
names = [ev["event"] for ev in events]
checks = [
    ("stdout is JSON lines only", bad_lines == 0, bad_lines),
    ("COMMUNICATION_UP from the usrsctp peer",
     any(ev["event"] == "COMMUNICATION_UP" and ev["peer"] == [peer] and
         ev["inbound_streams"] == 10 for ev in events), names),
    ("SHUTDOWN_COMPLETE (the client shut down)", "SHUTDOWN_COMPLETE" in names, names),
    ("two associations (usrsctp, dpsctpd), none lost",
     e["associations_up"] == 2 and e["lost"] == 0,
     (e["associations_up"], e["lost"])),
    # The dpsctpd client shuts down once its 500 messages are acknowledged,
    # not waiting for the echoes: echoes not yet sent when its SHUTDOWN
    # arrives are refused (RFC 9260 §9.2: no new data after SHUTDOWN).
    ("every message received and echoed or refused after SHUTDOWN",
     e["messages_in"] == 700 and
     e["messages_out"] + e["send_refused"] == e["messages_in"] and
     e["messages_out"] >= 200, (e["messages_in"], e["messages_out"], e["send_refused"])),
    ("messages on all 10 streams", e["max_stream_in"] == 9, e["max_stream_in"]),
    ("nothing truncated or failed", e["truncated"] + e["send_failures"] == 0,
     (e["truncated"], e["send_failures"])),
    ("statistics lines while running", len(stats) >= 1, len(stats)),
    ("stopped by the signal, nothing open", s["stop"] == "signal" and
     s["close"]["open_at_stop"] == 0, (s["stop"], s["close"])),
    ("every mbuf back", s["mbufs_leaked"] == 0, s["mbufs_leaked"]),
    ("no checksum errors", s["sctp"].get("checksum_errors", 0) == 0,
     s["sctp"].get("checksum_errors")),
]
bad = 0
for name, good, value in checks:
    if good:
        print("ok dpsctpd: %s (%s)" % (name, value))
    else:
        print("FAIL dpsctpd: %s: got %s" % (name, value))
        bad += 1
sys.exit(1 if bad else 0)
PY
exit $status
