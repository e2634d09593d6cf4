// CRC32c throughput per path (STYLE.md §10): bytes/s over one buffer of
// 64, 256, 1500 (Ethernet MTU) and 9000 (jumbo) bytes.
//
//   BM_Crc_Table/<n>         byte-at-a-time table (the baseline)
//   BM_Crc_Sse42/<n>         SSE4.2 crc32 instruction
//   BM_Crc_Isal/<n>          ISA-L crc32_iscsi
//   BM_Crc_Crc32c/<n>        the dispatcher (SSE4.2 < 256 B <= ISA-L)
//   BM_Crc_SctpChecksum/<n>  a whole packet with the checksum field zeroed
//
// Run pinned, e.g.:
//   taskset -c 1 build/bench/crc/crc32c_bench
//       --benchmark_min_time=0.1 --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
// (one command line).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "buf/packet_view.h"
#include "crc/crc32c.h"

namespace dpsctp::crc {
namespace {

std::vector<uint8_t> RandomBytes(size_t n) {
  std::mt19937 rng(12345);  // Fixed seed.
  std::vector<uint8_t> b(n);
  for (auto& x : b) {
    x = static_cast<uint8_t>(rng());
  }
  return b;
}

template <uint32_t (*Fn)(uint32_t, std::span<const uint8_t>) noexcept>
void RunCrc(benchmark::State& state) {
  const std::vector<uint8_t> data =
      RandomBytes(static_cast<size_t>(state.range(0)));
  const std::span<const uint8_t> span(data);
  for (auto _ : state) {
    benchmark::DoNotOptimize(span.data());
    uint32_t crc = Fn(0, span);
    benchmark::DoNotOptimize(crc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          state.range(0));
}

uint32_t Dispatch(uint32_t crc, std::span<const uint8_t> d) noexcept {
  return Crc32c(crc, d);
}

void BM_Crc_Table(benchmark::State& state) { RunCrc<&Crc32cTable>(state); }

void BM_Crc_Sse42(benchmark::State& state) {
  if (!HasSse42()) {
    state.SkipWithError("CPU without SSE4.2");
    return;
  }
  RunCrc<&Crc32cSse42>(state);
}

void BM_Crc_Isal(benchmark::State& state) { RunCrc<&Crc32cIsal>(state); }

void BM_Crc_Crc32c(benchmark::State& state) { RunCrc<&Dispatch>(state); }

void BM_Crc_SctpChecksum(benchmark::State& state) {
  const std::vector<uint8_t> data =
      RandomBytes(static_cast<size_t>(state.range(0)));
  const buf::PacketView packet{std::span<const uint8_t>(data)};
  for (auto _ : state) {
    benchmark::DoNotOptimize(data.data());
    uint32_t checksum = SctpChecksum(packet);
    benchmark::DoNotOptimize(checksum);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          state.range(0));
}

void Sizes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {64, 256, 1500, 9000}) {
    b->Arg(n);
  }
}

BENCHMARK(BM_Crc_Table)->Apply(Sizes);
BENCHMARK(BM_Crc_Sse42)->Apply(Sizes);
BENCHMARK(BM_Crc_Isal)->Apply(Sizes);
BENCHMARK(BM_Crc_Crc32c)->Apply(Sizes);
BENCHMARK(BM_Crc_SctpChecksum)->Apply(Sizes);

}  // namespace
}  // namespace dpsctp::crc

BENCHMARK_MAIN();
