#!/usr/bin/env bash
# Data-transfer throughput, dpsctp against usrsctp in the same run
# (bench/perf/transfer_bench.cc): runs the benchmark N times and prints the
# medians side by side, with the ratios ours / usrsctp.
#
#   scripts/bench_transfer.sh [BUILD_DIR]     (default: build)
#   REPETITIONS=N    repetitions per case (default 3)
#   FILTER=REGEX     only the cases matching, e.g. FILTER='/64/'
#   CPU=N            pin to that core with taskset
#   JSON=FILE        keep the raw Google Benchmark JSON there
#   CLOCK=cpu        rates per second of the benchmark thread's CPU time
#                    instead of wall-clock time (for a busy machine)
#
# Targets, for the record (not asserted): ours >= 10x usrsctp msgs/s at
# 64 B and 1 KiB, >= 3x bytes/s at 64 KiB.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
build=${1:-build}
reps=${REPETITIONS:-3}
exe=$build/bench/perf/transfer_bench

if [ ! -x "$exe" ]; then
  ninja -C "$build" bench/perf/transfer_bench >/dev/null
fi

json=${JSON:-$(mktemp)}
[ -n "${JSON:-}" ] || trap 'rm -f "$json"' EXIT

args=(--benchmark_format=json "--benchmark_repetitions=$reps")
[ -z "${FILTER:-}" ] || args+=("--benchmark_filter=$FILTER")
runner=()
[ -z "${CPU:-}" ] || runner=(taskset -c "$CPU")

echo "transfer_bench: $reps repetition(s) per case; this takes a few minutes" >&2
"${runner[@]}" "$exe" "${args[@]}" >"$json"

/usr/bin/python3 - "$json" "${CLOCK:-real}" <<'EOF'
import json
import statistics
import sys

with open(sys.argv[1]) as f:
    report = json.load(f)
prefix = "cpu_" if sys.argv[2] == "cpu" else ""

# Per case: the counters of every repetition; and the errors, if any.
runs = {}
errors = {}
for b in report["benchmarks"]:
    if b.get("run_type", "iteration") != "iteration":
        continue  # the medians are computed here, for any N
    # UseRealTime() appends "/real_time": BM_Dpsctp/<size>/<streams>/real_time.
    name = b.get("run_name", b["name"]).removesuffix("/real_time")
    if b.get("error_occurred"):
        errors.setdefault(name, b.get("error_message", "error"))
        continue
    runs.setdefault(name, []).append(b)


def median(name, counter):
    values = [r[counter] for r in runs.get(name, []) if counter in r]
    return statistics.median(values) if values else None


def cases():
    seen = []
    for name in list(runs) + list(errors):
        parts = name.split("/")
        if len(parts) == 3 and parts[0] in ("BM_Dpsctp", "BM_Usrsctp"):
            key = (int(parts[1]), int(parts[2]))
            if key not in seen:
                seen.append(key)
    return sorted(seen)


def size_text(size):
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} B"


def number(v, digits=0):
    if v is None:
        return "-"
    if digits == 0:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


header = ("size", "streams", "ours msgs/s", "usrsctp msgs/s", "ratio",
          "ours Gbit/s", "usrsctp Gbit/s", "ratio", "target")
rows = []
for size, streams in cases():
    ours = f"BM_Dpsctp/{size}/{streams}"
    ref = f"BM_Usrsctp/{size}/{streams}"
    om, um = median(ours, prefix + "msgs_per_s"), median(ref, prefix + "msgs_per_s")
    og, ug = median(ours, prefix + "gbit_per_s"), median(ref, prefix + "gbit_per_s")
    rm, rg = ratio(om, um), ratio(og, ug)
    target = ""
    if size in (64, 1024) and rm is not None:
        target = "10x msgs: " + ("met" if rm >= 10 else "not met")
    elif size == 64 * 1024 and rg is not None:
        target = "3x bytes: " + ("met" if rg >= 3 else "not met")
    if ours in errors:
        om = og = None
    if ref in errors:
        um = ug = None
    rows.append((size_text(size), str(streams), number(om), number(um),
                 number(rm, 2) if rm is not None else "-",
                 number(og, 3), number(ug, 3),
                 number(rg, 2) if rg is not None else "-", target))

widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
          for i, h in enumerate(header)]
line = "  ".join(h.rjust(w) if i < 8 else h for i, (h, w) in enumerate(zip(header, widths)))
print(line)
print("-" * len(line))
for r in rows:
    print("  ".join(c.rjust(w) if i < 8 else c for i, (c, w) in enumerate(zip(r, widths))))
clock = "CPU time of the benchmark thread" if prefix else "wall-clock time"
print(f"medians of {max((len(v) for v in runs.values()), default=0)} run(s); "
      f"ratio = ours / usrsctp; user payload per second of {clock}")
for name, message in sorted(errors.items()):
    print(f"FAILED {name}: {message}")
if not runs and not errors:
    print("no results (is the filter right?)")
    sys.exit(1)
sys.exit(1 if errors else 0)
EOF
