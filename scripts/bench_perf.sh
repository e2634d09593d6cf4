#!/usr/bin/env bash
# dpsctp-perf loopback figures and the usrsctp baseline, in one run (the
# machines here are shared: compare within a run). Medians of REPETITIONS
# runs of SECONDS each:
#   throughput at 64 B, 1 KiB and 64 KiB; latency at 1 KiB; setup rate;
#   then scripts/bench_transfer.sh (ours vs usrsctp, in-process, no DPDK).
#
#   scripts/bench_perf.sh [BUILD_DIR]    (a release build; default build-rel)
#   REPETITIONS=N (3)  SECONDS_PER_RUN=S (5)  SKIP_USRSCTP=1
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
build=${1:-build-rel}
reps=${REPETITIONS:-3}
secs=${SECONDS_PER_RUN:-5}
perf=$build/app/dpsctp-perf/dpsctp-perf
if [ ! -x "$perf" ]; then
  [ -f "$build/build.ninja" ] || meson setup "$build" --buildtype=release -Dtests=false >/dev/null
  ninja -C "$build" app/dpsctp-perf/dpsctp-perf >/dev/null
fi

run() {  # run LABEL ARGS...: prints one table row from the median run
  local label=$1
  shift
  local out=()
  for _ in $(seq 1 "$reps"); do
    out+=("$("$perf" loopback --duration "$secs" --json "$@" 2>/dev/null)")
  done
  printf '%s\n' "${out[@]}" | /usr/bin/python3 -c '
import json, statistics, sys
label = sys.argv[1]
rs = [json.loads(l) for l in sys.stdin if l.strip()]
def med(key, sub=None):
    vals = [(r[key][sub] if sub else r[key]) for r in rs if key in r]
    return statistics.median(vals) if vals else float("nan")
if rs and rs[0]["mode"] == "throughput":
    print("%-22s %12.0f msgs/s %8.2f Gbit/s" % (label, med("msgs_per_s"), med("gbit_per_s")))
elif rs and rs[0]["mode"] == "latency":
    print("%-22s p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f us  (%.0f round trips/s)" % (
        label, med("latency_us", "p50"), med("latency_us", "p90"), med("latency_us", "p99"),
        med("latency_us", "p999"), med("msgs_per_s")))
elif rs:
    print("%-22s %12.0f setups/s" % (label, med("setups_per_s")))
' "$label"
}

echo "dpsctp-perf loopback, medians of $reps x ${secs} s ($(date -u +%FT%TZ), $(nproc) CPUs)"
run "throughput 64 B" --size 64
run "throughput 1 KiB" --size 1024
run "throughput 64 KiB" --size 65536
run "latency 1 KiB" --mode latency --size 1024
run "setup" --mode setup
if [ "${SKIP_USRSCTP:-0}" != 1 ]; then
  echo
  echo "in-process transfer, ours vs usrsctp (bench/perf/transfer_bench):"
  [ -x "$build/bench/perf/transfer_bench" ] || ninja -C "$build" bench/perf/transfer_bench >/dev/null
  REPETITIONS=$reps bash scripts/bench_transfer.sh "$build"
fi
