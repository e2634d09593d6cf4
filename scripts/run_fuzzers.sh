#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan, replays each one's
# seed corpus, then fuzzes each for a while.
#
#   scripts/run_fuzzers.sh [--build DIR] [--seconds N] [--only NAME] [--jobs N]
#
# Prints "fuzz ok NAME (N execs)" or "fuzz FAIL NAME" per target; a crash
# input is left in DIR/crashes/NAME/. Exits non-zero if any target failed.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${DPSCTP_SHARED:-$repo/../shared}
build=$repo/build-fuzz
seconds=10
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "run_fuzzers.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ meson setup "$build" "$repo" -Dfuzz=true -Dtests=false \
    -Dbench=false -Ddpdk=disabled -Db_sanitize=address,undefined \
    -Db_lundef=false --buildtype=debugoptimized >/dev/null || exit 1
fi
ninja -C "$build" || exit 1

# name: seed directories (missing ones are skipped)
declare -A seeds=(
  [packet_fuzzer]="$repo/test/fuzz/corpus/packet_fuzzer $shared/corpus/fuzz/raw-sctp-packets-from-captures"
  [chunk_fuzzer]="$repo/test/fuzz/corpus/chunk_fuzzer $shared/corpus/fuzz/usrsctp/CORPUS_CONNECT $shared/corpus/fuzz/usrsctp/CORPUS_FRAGMENT"
  [parameter_fuzzer]="$repo/test/fuzz/corpus/parameter_fuzzer"
  [association_fuzzer]="$repo/test/fuzz/corpus/association"
  [tx_rx_fuzzer]="$repo/test/fuzz/corpus/tx_rx_fuzzer"
  [config_fuzzer]="$repo/test/fuzz/corpus/config_fuzzer $repo/config"
  [capture_fuzzer]="$repo/test/fuzz/corpus/capture_fuzzer $shared/corpus/pcaps/arkime-tests $shared/corpus/pcaps/tcpdump-tests $shared/corpus/pcaps/community-id-spec $shared/corpus/pcaps/wireshark-samples_via_aboutsip-pkts"
)

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
for name in packet_fuzzer chunk_fuzzer parameter_fuzzer capture_fuzzer association_fuzzer \
    tx_rx_fuzzer config_fuzzer; do
  [ -n "$only" ] && [ "$only" != "$name" ] && continue
  exe="$build/test/fuzz/$name"
  dirs=()
  for d in ${seeds[$name]}; do [ -d "$d" ] && dirs+=("$d"); done
  work="$build/work/$name"
  crashes="$build/crashes/$name"
  mkdir -p "$work" "$crashes"
  # Replay: every seed once.
  if ! "$exe" -runs=0 "${dirs[@]}" >"$build/$name.replay.log" 2>&1; then
    echo "fuzz FAIL $name (seed replay; see $build/$name.replay.log)"
    tail -30 "$build/$name.replay.log"
    status=1
    continue
  fi
  if ! "$exe" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$crashes/" -print_final_stats=1 \
      "$work" "${dirs[@]}" >"$build/$name.log" 2>&1; then
    echo "fuzz FAIL $name (see $build/$name.log)"
    tail -30 "$build/$name.log"
    status=1
    continue
  fi
  execs=$(grep -m1 'stat::number_of_executed_units' "$build/$name.log" | awk '{print $2}')
  echo "fuzz ok $name (${execs:-?} execs in ${seconds}s)"
done
exit $status
