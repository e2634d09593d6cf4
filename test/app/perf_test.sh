#!/bin/bash
# perf_test.sh: acceptance test of dpsctp-perf (shared/design/CLI.md).
#
# Usage: perf_test.sh BUILD_DIR
#
# Runs BUILD_DIR/app/dpsctp-perf/dpsctp-perf (built with ninja if missing):
#   - loopback throughput at 64 B, 1 KiB and 64 KiB, and with --unordered,
#     4 streams and 2 associations: the JSON result parses, echoes the
#     settings, bytes == messages * size, Gbit/s > 0, no errors;
#   - loopback latency (percentiles ordered), setup (no "messages"),
#     --lcores 2, --count N (exactly N messages), the human table;
#   - bad options: exit 2 with the option named on stderr; --help, --version;
#   - server and client over net_af_packet on a veth pair between two
#     network namespaces (root only; skipped with a reason otherwise):
#     discard + throughput, then echo + latency.
# Prints "ok - ..." / "FAIL - ..." per check and "perf_test: N passed,
# M failed"; exit 1 if any failed. Each run is short (1 s).
set -u

if [ $# -ne 1 ]; then
  echo "Usage: $0 BUILD_DIR" >&2
  exit 2
fi
build=$1
bin=$build/app/dpsctp-perf/dpsctp-perf
py=/usr/bin/python3
passed=0
failed=0
ok() {
  echo "ok - $*"
  passed=$((passed + 1))
}
not_ok() {
  echo "FAIL - $*"
  failed=$((failed + 1))
}
finish() {
  echo "perf_test: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

if [ ! -x "$bin" ]; then
  ninja -C "$build" app/dpsctp-perf/dpsctp-perf >/dev/null 2>&1
fi
if [ ! -x "$bin" ]; then
  not_ok "dpsctp-perf built ($bin)"
  finish
fi

tmp=$(mktemp -d)
ns_a=dpperf-a-$$
ns_b=dpperf-b-$$
veth_a=dpperfa$$
veth_b=dpperfb$$
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  ip netns del "$ns_a" 2>/dev/null
  ip netns del "$ns_b" 2>/dev/null
  rm -rf "$tmp"
  rm -rf "/var/run/dpdk/dpperf-$$-server" "/var/run/dpdk/dpperf-$$-client"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# check_json NAME FILE EXPECT...: runs the checks of check_result.py on the
# JSON line in FILE; EXPECT are key=value pairs (see below).
cat >"$tmp/check_result.py" <<'EOF'
import json
import sys

path = sys.argv[1]
expect = dict(a.split("=", 1) for a in sys.argv[2:])
problems = []
text = open(path).read()
lines = [l for l in text.splitlines() if l.strip()]
if len(lines) != 1:
    print(f"stdout has {len(lines)} lines, expected one JSON line")
    sys.exit(1)
try:
    r = json.loads(lines[0])
except ValueError as e:
    print(f"not JSON: {e}: {lines[0][:200]}")
    sys.exit(1)
mode = expect.pop("mode")
def need(cond, what):
    if not cond:
        problems.append(what)
need(r.get("type") == "result", f"type {r.get('type')}")
need(r.get("mode") == mode, f"mode {r.get('mode')}")
s = r.get("settings", {})
for k, v in expect.items():
    if k.startswith("settings."):
        key = k.split(".", 1)[1]
        want = json.loads(v)
        need(s.get(key) == want, f"settings.{key} {s.get(key)!r} != {want!r}")
errors = r.get("errors", {})
need(errors and all(v == 0 for v in errors.values()), f"errors {errors}")
need(r.get("seconds", 0) > 0, f"seconds {r.get('seconds')}")
if mode == "throughput":
    size = s.get("size", 0)
    need(r.get("messages", 0) > 0, f"messages {r.get('messages')}")
    need(r.get("bytes") == r.get("messages", 0) * size,
         f"bytes {r.get('bytes')} != messages {r.get('messages')} * {size}")
    need(r.get("gbit_per_s", 0) > 0, f"gbit_per_s {r.get('gbit_per_s')}")
    need(r.get("msgs_per_s", 0) > 0, "msgs_per_s")
    need(abs(r["bytes_per_s"] * 8 / 1e9 - r["gbit_per_s"]) <= 1e-6 * r["gbit_per_s"] + 1e-9,
         "gbit_per_s inconsistent with bytes_per_s")
    need("latency_us" not in r and "setups_per_s" not in r,
         "fields of other modes present")
    if "count" in expect:
        need(r.get("messages") == int(expect["count"]),
             f"messages {r.get('messages')} != count {expect['count']}")
elif mode == "latency":
    l = r.get("latency_us", {})
    keys = ["min", "p50", "p90", "p99", "p999", "max"]
    need(all(k in l for k in keys), f"latency_us {l}")
    if all(k in l for k in keys):
        need(all(l[k] > 0 for k in keys), f"latency not all > 0: {l}")
        need(l["min"] <= l["p50"] <= l["p90"] <= l["p99"] <= l["p999"] <= l["max"],
             f"percentiles out of order: {l}")
    need(r.get("messages", 0) > 0, f"messages {r.get('messages')}")
    need(r.get("bytes") == r.get("messages", 0) * s.get("size", 0),
         "bytes != round trips * size")
    if "count" in expect:
        need(r.get("messages") == int(expect["count"]),
             f"round trips {r.get('messages')} != count {expect['count']}")
    need("gbit_per_s" not in r and "setups_per_s" not in r,
         "fields of other modes present")
elif mode == "setup":
    need(r.get("setups_per_s", 0) > 0, f"setups_per_s {r.get('setups_per_s')}")
    need("messages" not in r and "bytes" not in r, "messages field present")
    need("latency_us" not in r, "latency_us present")
if problems:
    print("; ".join(problems))
    sys.exit(1)
print(f"{r.get('messages', r.get('setups'))} in {r['seconds']:.3f} s")
EOF

# run_json NAME EXPECT... -- ARGS...: dpsctp-perf ARGS --json, checked
# (run through ${prefix[@]}, e.g. ip netns exec).
prefix=()
run_json() {
  local name=$1
  shift
  local expect=()
  while [ "$1" != "--" ]; do
    expect+=("$1")
    shift
  done
  shift
  local rc out
  "${prefix[@]}" timeout 60 "$bin" "$@" --json >"$tmp/out.json" 2>"$tmp/err.txt"
  rc=$?
  if [ $rc -ne 0 ]; then
    not_ok "$name: exit $rc: $(grep -v '^EAL' "$tmp/err.txt" | tail -2 | tr '\n' ' ')"
    return
  fi
  if out=$($py "$tmp/check_result.py" "$tmp/out.json" "${expect[@]}" 2>&1); then
    ok "$name ($out)"
  else
    not_ok "$name: $out"
  fi
}

# --- usage ------------------------------------------------------------------
if "$bin" --help >"$tmp/help.txt" 2>&1; then
  missing=""
  for o in --mode --size --streams --unordered --assocs --lcores --duration \
    --count --set --json --eal --address --listen --app --remote; do
    grep -q -- "$o" "$tmp/help.txt" || missing="$missing $o"
  done
  if [ -z "$missing" ]; then ok "--help: exit 0, documents every option"; else
    not_ok "--help does not mention:$missing"; fi
else
  not_ok "--help: exit $?"
fi
if "$bin" --version 2>/dev/null | grep -q '^dpsctp-perf '; then
  ok "--version"
else
  not_ok "--version"
fi

# bad_usage NEEDLE ARGS...: exit 2, one stderr line naming NEEDLE, no stdout.
bad_usage() {
  local needle=$1
  shift
  "$bin" "$@" >"$tmp/bad.out" 2>"$tmp/bad.err"
  local rc=$?
  if [ $rc -eq 2 ] && grep -q -- "$needle" "$tmp/bad.err" &&
    [ "$(wc -l <"$tmp/bad.err")" -eq 1 ] && [ ! -s "$tmp/bad.out" ]; then
    ok "bad usage '$*': exit 2, $(cat "$tmp/bad.err")"
  else
    not_ok "bad usage '$*': exit $rc, stderr: $(head -2 "$tmp/bad.err" | tr '\n' ' ')"
  fi
}
bad_usage --bogus loopback --bogus
bad_usage --size loopback --size 0
bad_usage --size loopback --size 17MiB
bad_usage --size loopback --size 12x
bad_usage --streams loopback --streams 0
bad_usage --streams loopback --streams 65536
bad_usage --count loopback --duration 1 --count 10
bad_usage --mode loopback --mode fast
bad_usage --set loopback --set no_such_key=1
bad_usage --assocs loopback --assocs zero
bad_usage --remote client --address 10.0.0.1/24 --remote 10.0.0.2
bad_usage command frobnicate

# --- loopback -----------------------------------------------------------------
run_json "loopback throughput 64 B" mode=throughput settings.size=64 \
  settings.mode='"throughput"' settings.command='"loopback"' \
  -- loopback --size 64 --duration 1
run_json "loopback throughput 1 KiB" mode=throughput settings.size=1024 \
  settings.streams=1 settings.assocs=1 settings.unordered=false \
  -- loopback --size 1KiB --duration 1
run_json "loopback throughput 64 KiB" mode=throughput settings.size=65536 \
  -- loopback --size 65536 --duration 1
run_json "loopback throughput unordered, 4 streams, 2 assocs" mode=throughput \
  settings.unordered=true settings.streams=4 settings.assocs=2 \
  'settings.set={"sack_delay": "10ms"}' \
  -- loopback --size 512 --unordered --streams 4 --assocs 2 --duration 1 \
  --set sack_delay=10ms
run_json "loopback latency 1 KiB" mode=latency settings.mode='"latency"' \
  -- loopback --mode latency --duration 1
run_json "loopback latency --count 2000 over 3 associations" mode=latency \
  count=2000 settings.count=2000 -- loopback --mode latency --count 2000 --assocs 3
run_json "loopback setup" mode=setup settings.assocs=4 \
  -- loopback --mode setup --assocs 4 --duration 1
run_json "loopback --lcores 2 (two shards per endpoint, EAL -l 0-1)" \
  mode=throughput settings.lcores=2 settings.assocs=4 \
  -- loopback --lcores 2 --assocs 4 --duration 1
run_json "loopback --count 50000 stops after exactly 50000 messages" \
  mode=throughput count=50000 settings.count=50000 \
  -- loopback --count 50000 --size 256

timeout 60 "$bin" loopback --duration 1 >"$tmp/table.txt" 2>"$tmp/err.txt"
rc=$?
missing=""
for w in seconds messages msgs/s Gbit/s errors; do
  grep -q -- "$w" "$tmp/table.txt" || missing="$missing $w"
done
if [ $rc -eq 0 ] && [ -z "$missing" ] && ! grep -q '^{' "$tmp/table.txt"; then
  ok "human table: $(grep 'Gbit/s' "$tmp/table.txt" | tr -s ' ')"
else
  not_ok "human table (exit $rc, missing:$missing): $(head -3 "$tmp/table.txt" | tr '\n' ' ')"
fi

# --- client and server over net_af_packet between two namespaces ----------------
netns_skip=""
if [ "$(id -u)" -ne 0 ]; then
  netns_skip="not root"
elif ! command -v ip >/dev/null 2>&1; then
  netns_skip="no ip command"
elif ! err=$(ip netns add "$ns_a" 2>&1); then
  netns_skip="cannot create a network namespace: $err"
fi
if [ -n "$netns_skip" ]; then
  echo "skip - client/server over net_af_packet: $netns_skip"
  finish
fi
setup_link() {
  ip netns add "$ns_b" || return 1
  ip link add "$veth_a" type veth peer name "$veth_b" || return 1
  ip link set "$veth_a" netns "$ns_a" || return 1
  ip link set "$veth_b" netns "$ns_b" || return 1
  for n in "$ns_a" "$ns_b"; do
    # No IPv6 (no ND or MLD noise), no kernel address: DPDK owns the link.
    ip netns exec "$n" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6' || return 1
    ip netns exec "$n" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6' || return 1
    ip netns exec "$n" ip link set lo up || return 1
  done
  ip netns exec "$ns_a" ip link set "$veth_a" up || return 1
  ip netns exec "$ns_b" ip link set "$veth_b" up || return 1
}
if ! err=$(setup_link 2>&1); then
  not_ok "veth pair between $ns_a and $ns_b: $err"
  finish
fi
ok "veth pair $veth_a ($ns_a) <-> $veth_b ($ns_b)"

# Server on CPU 0, client on CPU 1: two polling processes on one CPU would
# take turns by scheduler time slices.
eal_common="--no-huge --no-shconf -m 512 --no-pci --no-telemetry"
# start_server APP: dpsctp-perf server in ns_a as 10.98.0.1, port 5001.
start_server() {
  ip netns exec "$ns_a" "$bin" server \
    --eal "-l 0 $eal_common --file-prefix=dpperf-$$-server --vdev=net_af_packet0,iface=$veth_a" \
    --address 10.98.0.1/24 --listen 5001 --app "$1" --json \
    >"$tmp/server.out" 2>"$tmp/server.err" &
  server_pid=$!
  for _ in $(seq 1 100); do
    grep -q 'server ready' "$tmp/server.err" && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  not_ok "server --app $1 did not come up: $(grep -v '^EAL' "$tmp/server.err" | tail -2 | tr '\n' ' ')"
  return 1
}
# stop_server: SIGTERM, exit 0, summary JSON on stdout -> $summary.
stop_server() {
  kill -TERM "$server_pid" 2>/dev/null
  local rc
  for _ in $(seq 1 100); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  wait "$server_pid"
  rc=$?
  server_pid=""
  summary=$(grep '^{' "$tmp/server.out" | tail -1)
  return $rc
}
client_eal="-l 1 $eal_common --file-prefix=dpperf-$$-client --vdev=net_af_packet0,iface=$veth_b"
# check_pair WHAT PY-EXPR: the server summary ($summary) against the last
# client result ($tmp/out.json); PY-EXPR sees s (server) and c (client).
check_pair() {
  local out
  if out=$(echo "$summary" | $py -c '
import json, sys
s = json.loads(sys.stdin.read())
c = json.loads(open(sys.argv[1]).read())
ok = s["type"] == "summary" and all(v == 0 for v in s["errors"].values()) and ('"$2"')
print(("" if ok else "MISMATCH ") + "server messages %d echoed %d, client messages %d, server errors %s" % (
    s["messages"], s["echoed"], c.get("messages", -1), s["errors"]))
sys.exit(0 if ok else 1)
' "$tmp/out.json" 2>&1); then
    ok "$1: $out"
  else
    not_ok "$1: $out"
  fi
}

prefix=(ip netns exec "$ns_b")
if start_server discard; then
  run_json "client throughput against server --app discard (net_af_packet)" \
    mode=throughput settings.command='"client"' \
    settings.remote='"10.98.0.1:5001"' \
    -- client --eal "$client_eal" --address 10.98.0.2/24 \
    --remote 10.98.0.1:5001 --duration 1 --size 1000
  if stop_server; then
    ok "server --app discard: SIGTERM, exit 0"
    check_pair "discard server received every message the client sent" \
      's["messages"] == c["messages"] and s["bytes"] == c["bytes"] and s["echoed"] == 0'
  else
    not_ok "server --app discard: exit $?: $(grep -v '^EAL' "$tmp/server.err" | tail -2 | tr '\n' ' ')"
  fi
fi
if start_server echo; then
  run_json "client latency against server --app echo (net_af_packet)" \
    mode=latency settings.assocs=2 \
    -- client --eal "$client_eal" --address 10.98.0.2/24 \
    --remote 10.98.0.1:5001 --mode latency --assocs 2 --duration 1
  if stop_server; then
    ok "server --app echo: SIGTERM, exit 0"
    check_pair "echo server echoed every round trip the client counted" \
      'c["messages"] <= s["echoed"] <= c["messages"] + 2 and s["echoed"] == s["messages"]'
  else
    not_ok "server --app echo: exit $?: $(grep -v '^EAL' "$tmp/server.err" | tail -2 | tr '\n' ' ')"
  fi
fi
prefix=()

finish
