#!/usr/bin/env bash
# Installs what is missing, builds everything, runs every test suite and
# prints one closing line "N passed, N failed". Exits non-zero on any failure.
#
#   scripts/test.sh            everything (unit, DPDK on software NICs,
#                              tshark cross-check, fuzz replay + short fuzz)
#   SKIP_FUZZ=1 scripts/test.sh    without the clang fuzz build
#   FUZZ_SECONDS=N             seconds per fuzzer (default 2)
set -uo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
shared=${DPSCTP_SHARED:-$repo/../shared}
build=${BUILD_DIR:-$repo/build-test}
fuzz_build=${FUZZ_BUILD_DIR:-$repo/build-fuzz}
py=/usr/bin/python3

bash scripts/install-deps.sh || { echo "install-deps failed"; echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0
record() {  # record NAME PASSED FAILED
  passed=$((passed + $2))
  failed=$((failed + $3))
  if [ "$3" -eq 0 ]; then
    printf '  %-40s %d passed\n' "$1" "$2"
  else
    printf '  %-40s %d passed, %d FAILED\n' "$1" "$2" "$3"
  fi
}
# check NAME TAIL CMD...: runs a checker that prints "ok ..." / "FAIL ..."
# lines; shows the last TAIL lines that are not "ok", records the counts (a
# failing exit with no FAIL line counts as one failure).
check() {
  local name=$1 tail_lines=$2
  shift 2
  local out rc ok bad
  out=$("$@" 2>&1)
  rc=$?
  echo "$out" | grep -vE '^ok ' | tail -"$tail_lines"
  ok=$(echo "$out" | grep -c '^ok ')
  bad=$(echo "$out" | grep -c '^FAIL ')
  if [ $rc -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
  record "$name" "$ok" "$bad"
}
finish() {
  echo
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

echo "== build ($build)"
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" --werror -Dtests=true -Dbench=true -Dcheck_headers=true >"$build.setup.log" 2>&1 \
    || { cat "$build.setup.log"; record "meson setup" 0 1; finish; }
fi
if ! ninja -C "$build" >"$build.log" 2>&1; then
  grep -E 'error|FAILED' "$build.log" | head -40
  record "build" 0 1
  finish
fi

echo "== layering"
if bash scripts/check_layering.sh; then record "layering" 1 0; else record "layering" 0 1; fi

echo "== unit and DPDK tests (meson test)"
rm -rf "$build/junit"
mkdir -p "$build/junit"
meson test -C "$build" --no-rebuild --print-errorlogs >"$build.meson-test.log" 2>&1
read -r p f < <($py scripts/junit_count.py "$build/junit" "$build/meson-logs/testlog.json")
record "catch2 test cases" "$p" "$f"
if [ "$f" -ne 0 ]; then grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|ERROR|TIMEOUT)' "$build.meson-test.log" | head -20; fi

echo "== DPDK on software NICs (netns, pcap)"
check "data plane vs kernel-side peers (netns)" 15 \
  bash test/dpdk/netns_test.sh "$build/test/tools/dp_endpoint" "$build/test/tools/usrsctp_client"
check "data plane on net_pcap (golden)" 15 \
  bash test/dpdk/pcap_golden_test.sh "$build/test/tools/dp_endpoint" "$shared"

echo "== applications (dpsctpd, dpsctp-perf, scripts)"
check "dpsctpd end to end on ring ports" 15 \
  $py test/app/dpsctpd_test.py "$build"
check "dpsctpd echo vs usrsctp (netns)" 15 \
  bash test/app/dpsctpd_netns_test.sh "$build/app/dpsctpd/dpsctpd" "$build/test/tools/usrsctp_client"
check "dpsctp-perf (loopback, client/server over netns)" 15 \
  bash test/app/perf_test.sh "$build"
check "hugepages.sh and bind-nic.sh" 10 \
  bash test/app/scripts_test.sh

echo "== dpsctp-dump against tshark"
if [ -d "$shared/corpus/pcaps" ]; then
  check "captures agreeing with tshark" 25 \
    $py test/tools/compare_tshark.py "$build/app/dpsctp-dump/dpsctp-dump" "$shared/corpus/pcaps"
else
  echo "  no corpus at $shared/corpus/pcaps"
  record "tshark cross-check (corpus missing)" 0 1
fi

echo "== our serializers decoded by tshark (golden packets)"
check "golden packets checked by tshark" 15 \
  bash test/tools/check_golden.sh "$build/test/tools/golden_packets" "$build/app/dpsctp-dump/dpsctp-dump"

echo "== lifecycle scenario captures decoded by tshark"
check "scenario captures checked by tshark" 15 \
  bash test/tools/check_captures.sh "$build/test/scenario_lifecycle_test"

echo "== dpsctp-dump on hostile inputs"
out=$($py test/tools/dump_robustness.py "$build/app/dpsctp-dump/dpsctp-dump" test/fuzz/corpus/capture_fuzzer 2>&1)
echo "$out" | grep -E '^FAIL|^dump_robustness' | tail -10
ok=$(echo "$out" | grep -c '^ok ')
bad=$(echo "$out" | grep -c '^FAIL ')
record "dpsctp-dump hostile inputs" "$ok" "$bad"

if [ "${SKIP_FUZZ:-0}" != 1 ]; then
  echo "== fuzzers: seed replay under ASan/UBSan, then a short run"
  if bash scripts/run_fuzzers.sh --build "$fuzz_build" --seconds "${FUZZ_SECONDS:-2}" >"$fuzz_build.log" 2>&1; then
    n=$(grep -c '^fuzz ok ' "$fuzz_build.log")
    record "fuzzers" "$n" 0
  else
    grep -E '^fuzz (ok|FAIL)|ERROR|error:' "$fuzz_build.log" | head -20
    n=$(grep -c '^fuzz ok ' "$fuzz_build.log")
    b=$(grep -c '^fuzz FAIL ' "$fuzz_build.log")
    [ "$b" -eq 0 ] && b=1
    record "fuzzers" "$n" "$b"
  fi
fi

finish
