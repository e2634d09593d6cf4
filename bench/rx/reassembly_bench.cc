// The receive path's reassembly and delivery queue (STYLE.md §10): one
// message added chunk by chunk and popped, per iteration, so the time per
// iteration is the time per message.
//
//   BM_Rx_Reassemble64KiB/in_order   64 KiB in 46 fragments of <= 1436 B
//   BM_Rx_Reassemble64KiB/reversed   the same, last fragment first
//   BM_Rx_Reassemble64KiB/shuffled   the same, in a fixed random order
//   BM_Rx_SingleChunk64B/<streams>   64 B single-chunk ordered messages,
//                                    round-robin over 1 or 1000 streams
//
// Payloads are Slices of one counted buffer (zero copy, as from the
// driver): the figures are the queue's own cost, not memcpy's. The PopReady
// visitor only reads each fragment's length.
//
// Run pinned, e.g.:
//   taskset -c 1 build/bench/rx/rx_bench
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// (one command line).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <span>
#include <vector>

#include "buf/buf_ref.h"
#include "rx/reassembly_queue.h"

namespace dpsctp::rx {
namespace {

constexpr uint32_t kMessageSize = 64 * 1024;
constexpr uint32_t kFragmentSize = 1436;
constexpr uint32_t kFragments =
    (kMessageSize + kFragmentSize - 1) / kFragmentSize;

// A packet buffer whose reference count is a plain integer: retain and
// release cost what an mbuf's refcnt update would, no allocation.
struct CountedBuffer {
  static void Retain(void* handle) noexcept {
    ++static_cast<CountedBuffer*>(handle)->refs;
  }
  static void Release(void* handle) noexcept {
    --static_cast<CountedBuffer*>(handle)->refs;
  }
  static constexpr buf::BufOps kOps{&Retain, &Release};

  buf::Slice Slice(uint32_t offset, uint32_t length) noexcept {
    buf::Slice s;
    s.ref = buf::BufRef::Retain(this, &kOps);
    s.data = bytes.data() + offset;
    s.length = length;
    return s;
  }

  std::vector<uint8_t> bytes = std::vector<uint8_t>(kMessageSize, 0x5a);
  int64_t refs = 0;
};

enum class Order { kInOrder, kReversed, kShuffled };

void RunReassemble64KiB(benchmark::State& state, Order order) {
  CountedBuffer buffer;
  ReassemblyQueue q;
  if (!q.Init(1, 4 * kFragments, 4 * kMessageSize, kMessageSize)) {
    state.SkipWithError("Init failed");
    return;
  }
  std::vector<uint32_t> sequence(kFragments);
  std::iota(sequence.begin(), sequence.end(), 0u);
  if (order == Order::kReversed) std::reverse(sequence.begin(), sequence.end());
  if (order == Order::kShuffled) {
    std::mt19937 rng(12345);  // Fixed seed.
    std::shuffle(sequence.begin(), sequence.end(), rng);
  }
  uint32_t first_tsn = 1;
  uint16_t ssn = 0;
  for (auto _ : state) {
    for (uint32_t i : sequence) {
      DataChunkMeta meta;
      meta.tsn = Tsn(first_tsn + i);
      meta.stream_id = StreamId(0);
      meta.ssn = Ssn(ssn);
      meta.ppid = Ppid(51);
      meta.beginning = i == 0;
      meta.ending = i + 1 == kFragments;
      const uint32_t offset = i * kFragmentSize;
      const uint32_t length = std::min(kFragmentSize, kMessageSize - offset);
      q.Add(meta, buffer.Slice(offset, length));
    }
    size_t bytes = 0;
    auto info = q.PopReady(
        [&](std::span<const uint8_t> piece) noexcept { bytes += piece.size(); });
    benchmark::DoNotOptimize(info);
    benchmark::DoNotOptimize(bytes);
    first_tsn += kFragments;
    ++ssn;
  }
  if (buffer.refs != 0 || q.fragment_count() != 0) {
    state.SkipWithError("message not delivered or references leaked");
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          kMessageSize);
  state.counters["fragments"] = kFragments;
  state.counters["time_per_message"] = benchmark::Counter(
      static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_Rx_Reassemble64KiB_InOrder(benchmark::State& state) {
  RunReassemble64KiB(state, Order::kInOrder);
}
void BM_Rx_Reassemble64KiB_Reversed(benchmark::State& state) {
  RunReassemble64KiB(state, Order::kReversed);
}
void BM_Rx_Reassemble64KiB_Shuffled(benchmark::State& state) {
  RunReassemble64KiB(state, Order::kShuffled);
}

void BM_Rx_SingleChunk64B(benchmark::State& state) {
  const auto streams = static_cast<uint16_t>(state.range(0));
  CountedBuffer buffer;
  ReassemblyQueue q;
  if (!q.Init(streams, 1024, 1 << 20, kMessageSize)) {
    state.SkipWithError("Init failed");
    return;
  }
  std::vector<uint16_t> next_ssn(streams, 0);
  uint32_t tsn = 0xfffff000u;  // crosses the TSN wrap
  uint16_t stream = 0;
  for (auto _ : state) {
    DataChunkMeta meta;
    meta.tsn = Tsn(tsn++);
    meta.stream_id = StreamId(stream);
    meta.ssn = Ssn(next_ssn[stream]++);
    meta.ppid = Ppid(51);
    meta.beginning = true;
    meta.ending = true;
    q.Add(meta, buffer.Slice(0, 64));
    size_t bytes = 0;
    auto info = q.PopReady(
        [&](std::span<const uint8_t> piece) noexcept { bytes += piece.size(); });
    benchmark::DoNotOptimize(info);
    benchmark::DoNotOptimize(bytes);
    if (++stream == streams) stream = 0;
  }
  if (buffer.refs != 0 || q.fragment_count() != 0) {
    state.SkipWithError("message not delivered or references leaked");
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * 64);
  state.counters["time_per_message"] = benchmark::Counter(
      static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

BENCHMARK(BM_Rx_Reassemble64KiB_InOrder)->Name("BM_Rx_Reassemble64KiB/in_order");
BENCHMARK(BM_Rx_Reassemble64KiB_Reversed)->Name("BM_Rx_Reassemble64KiB/reversed");
BENCHMARK(BM_Rx_Reassemble64KiB_Shuffled)->Name("BM_Rx_Reassemble64KiB/shuffled");
BENCHMARK(BM_Rx_SingleChunk64B)->Arg(1)->Arg(1000);

}  // namespace
}  // namespace dpsctp::rx

BENCHMARK_MAIN();
