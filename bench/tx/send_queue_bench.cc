// The send queue in steady state: each iteration enqueues one message,
// produces one whole message (one DATA fragment at 1,436 bytes of payload)
// and releases the message produced a window earlier, as SACKs would. A
// backlog of queued messages across the streams keeps the scheduler choosing.
// Items are messages; bytes are message bytes. main() is in sack_bench.cc.
//
//   BM_Tx_SendQueueCycle/sched:<0..3>/bytes:<64|1024>/streams:<1|16>
//   (sched: 0 fcfs, 1 rr, 2 priority, 3 wfq; the label names it)
#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tx/send_queue.h"

namespace dpsctp::tx {
namespace {

constexpr size_t kMaxPayload = 1436;
constexpr size_t kBacklogPerStream = 32;  // queued, not yet produced
constexpr size_t kInFlight = 64;          // produced, awaiting "SACK"

void BM_Tx_SendQueueCycle(benchmark::State& state) {
  const auto kind = static_cast<SchedulerKind>(state.range(0));
  const auto size = static_cast<size_t>(state.range(1));
  const auto streams = static_cast<uint16_t>(state.range(2));
  // Room for the backlog and window, and for messages finished behind an
  // older one still waiting on a lower-priority or lower-weight stream
  // (space is reclaimed in allocation order).
  const size_t held = 16 * (streams * kBacklogPerStream + kInFlight);

  SendQueue q;
  if (!q.Init(static_cast<uint32_t>(held * size), static_cast<uint32_t>(held),
              streams)) {
    state.SkipWithError("Init failed");
    return;
  }
  q.SetStreamCount(streams);
  q.SetScheduler(kind);
  for (uint16_t s = 0; s < streams; ++s) {
    (void)q.SetStreamPriority(StreamId(s), s % 4);
    (void)q.SetStreamWeight(StreamId(s), 1 + s % 3);
  }
  const std::vector<uint8_t> message(size, 0x5a);
  uint16_t next_stream = 0;
  auto enqueue = [&] {
    const auto result =
        q.Enqueue(StreamId(next_stream), Ppid(51), false, message);
    next_stream = static_cast<uint16_t>((next_stream + 1) % streams);
    return result == SendQueue::EnqueueResult::kOk;
  };
  for (size_t i = 0; i < streams * kBacklogPerStream; ++i) {
    if (!enqueue()) {
      state.SkipWithError("backlog did not fit");
      return;
    }
  }
  std::vector<MessageHandle> in_flight(kInFlight);
  size_t in_flight_count = 0;
  size_t oldest = 0;

  for (auto _ : state) {
    if (!enqueue()) {
      state.SkipWithError("enqueue failed");
      break;
    }
    std::optional<Fragment> fragment;
    do {
      fragment = q.Produce(kMaxPayload);
      benchmark::DoNotOptimize(fragment);
    } while (fragment && !fragment->ending);
    if (!fragment) {
      state.SkipWithError("nothing produced");
      break;
    }
    if (in_flight_count == kInFlight) {
      q.ReleaseFragment(in_flight[oldest]);
      in_flight[oldest] = fragment->message;
      oldest = (oldest + 1) % kInFlight;
    } else {
      in_flight[in_flight_count++] = fragment->message;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size));
  state.counters["held"] = static_cast<double>(q.messages_held());
  state.SetLabel(std::string(SchedulerName(kind)));
}

BENCHMARK(BM_Tx_SendQueueCycle)
    ->ArgsProduct({{0, 1, 2, 3}, {64, 1024}, {1, 16}})
    ->ArgNames({"sched", "bytes", "streams"});

}  // namespace
}  // namespace dpsctp::tx
