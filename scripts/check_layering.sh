#!/usr/bin/env bash
# Enforces the layering of ARCHITECTURE.md / STYLE.md §2:
#   - only drivers/dpdk includes DPDK headers (and the tests and benchmarks
#     of drivers/dpdk itself: test/dpdk, bench/dpdk);
#   - lib/ includes no sockets, threads or clocks, and only lib/config uses
#     yaml-cpp.
set -u
cd "$(dirname "$0")/.."
status=0
bad=$(grep -rlE '#include *[<"](rte_|dpdk/)' lib app bench test/unit test/fuzz 2>/dev/null | grep -v '^bench/dpdk/')
if [ -n "$bad" ]; then
  echo "DPDK headers outside drivers/dpdk:"; echo "$bad"; status=1
fi
# lib/config is the exception: it reads the YAML file at start-up and parses
# address text with inet_pton, never on the data path.
bad=$(grep -rlE '#include *<(sys/socket\.h|netinet/|arpa/inet\.h|thread>|mutex>|chrono>|random>|pthread\.h)' lib 2>/dev/null | grep -v '^lib/config/')
if [ -n "$bad" ]; then
  echo "lib/ must stay sans-I/O (no sockets, threads, clocks, RNGs):"; echo "$bad"; status=1
fi
bad=$(grep -rlE '#include *[<"]yaml-cpp' lib 2>/dev/null | grep -v '^lib/config/')
if [ -n "$bad" ]; then
  echo "yaml-cpp outside lib/config:"; echo "$bad"; status=1
fi
exit $status
