// The sender's SACK path: parse the SACK chunk bytes (wire::SackChunk),
// copy its Gap Ack Blocks out, and process it with
// tx::RetransmissionQueue::HandleSack over 1,000 outstanding chunks. Items
// are SACKs, so the time per iteration is the time per SACK.
//
//   BM_Tx_HandleSack/<gaps>        a SACK reporting the whole window but
//                                  <gaps> lost chunks, the first time (so
//                                  every chunk is newly acked; 0 gaps: the
//                                  cumulative ack releases all 1,000)
//   BM_Tx_HandleSackRepeat/<gaps>  the same SACK again: nothing new, the
//                                  blocks are walked (a loss episode's
//                                  steady state)
//   BM_Tx_HandleSackSliding        no loss: each SACK acks 2 chunks
//                                  cumulatively and 2 new ones are sent
//                                  (delayed acks, window kept at 1,000)
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "common/byte_order.h"
#include "tx/retransmission_queue.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/wire_writer.h"

namespace dpsctp::tx {
namespace {

constexpr size_t kWindow = 1000;
constexpr uint32_t kFirstTsn = 0xfffffe00u;  // wraps inside the window
constexpr size_t kMaxGaps = 64;
constexpr uint16_t kPayload = 1200;
// Queues processed per timed batch in BM_Tx_HandleSack, so that resetting
// them (untimed) costs one PauseTiming per kBatch SACKs.
constexpr size_t kBatch = 16;

ChunkRecord Record(uint32_t tsn) {
  ChunkRecord r;
  r.tsn = Tsn(tsn);
  r.message = tsn;
  r.length = kPayload;
  r.stream_id = StreamId(0);
  r.ssn = Ssn(static_cast<uint16_t>(tsn));
  r.ppid = Ppid(51);
  r.beginning = true;
  r.ending = true;
  return r;
}

void Fill(RetransmissionQueue& q) {
  q.Reset(Tsn(kFirstTsn));
  for (size_t i = 0; i < kWindow; ++i) {
    q.AddSent(Record(q.next_tsn().value()), 0, TimePoint::FromNanos(0));
  }
}

// SACK chunk bytes reporting the window [kFirstTsn, kFirstTsn + kWindow)
// as received except `gaps` chunks spread evenly (the first one lost).
std::vector<uint8_t> MakeSack(size_t gaps) {
  std::vector<wire::SackChunk::GapAckBlock> blocks;
  uint32_t cum = kFirstTsn + static_cast<uint32_t>(kWindow) - 1;
  if (gaps > 0) {
    cum = kFirstTsn - 1;
    const size_t stride = kWindow / gaps;
    for (size_t k = 0; k < gaps; ++k) {
      const size_t lost = k * stride;  // offset 1 + lost is missing
      const size_t last = k + 1 < gaps ? (k + 1) * stride : kWindow;
      blocks.push_back({static_cast<uint16_t>(lost + 2),
                        static_cast<uint16_t>(last)});
    }
  }
  std::vector<uint8_t> buffer(16 + 4 * kMaxGaps);
  wire::WireWriter out(buffer);
  if (!wire::SackChunk::SerializeTo(out, Tsn(cum), 1 << 20, blocks, {})) {
    return {};
  }
  std::span<const uint8_t> written = out.written();
  return {written.begin(), written.end()};
}

struct Released {
  uint64_t count = 0;
  void operator()(const ChunkRecord& r) noexcept { count += r.length; }
};

// One SACK as the association handles it: parse, gather the blocks,
// process.
inline RetransmissionQueue::SackOutcome ParseAndHandle(
    RetransmissionQueue& q, std::span<const uint8_t> bytes, TimePoint now,
    Released& released) {
  std::optional<wire::SackChunk> sack = wire::SackChunk::Parse(bytes);
  std::array<GapBlock, kMaxGaps> gaps;
  size_t n = 0;
  if (sack) {
    n = std::min(sack->gap_ack_block_count(), kMaxGaps);
    for (size_t i = 0; i < n; ++i) {
      const wire::SackChunk::GapAckBlock b = sack->gap_ack_block(i);
      gaps[i] = GapBlock{b.start, b.end};
    }
  }
  return q.HandleSack(now, sack ? sack->cumulative_tsn_ack() : Tsn(0),
                      sack ? sack->a_rwnd() : 0,
                      std::span<const GapBlock>(gaps.data(), n), released);
}

void BM_Tx_HandleSack(benchmark::State& state) {
  const std::vector<uint8_t> bytes =
      MakeSack(static_cast<size_t>(state.range(0)));
  std::vector<std::unique_ptr<RetransmissionQueue>> queues;
  for (size_t i = 0; i < kBatch; ++i) {
    queues.push_back(std::make_unique<RetransmissionQueue>());
    if (!queues.back()->Init(kWindow)) {
      state.SkipWithError("Init");
      return;
    }
  }
  Released released;
  int64_t sacks = 0;
  uint64_t acked = 0;
  const TimePoint now = TimePoint::FromNanos(1'000'000);
  while (state.KeepRunningBatch(kBatch)) {
    state.PauseTiming();
    for (auto& q : queues) Fill(*q);
    state.ResumeTiming();
    for (auto& q : queues) {
      RetransmissionQueue::SackOutcome out =
          ParseAndHandle(*q, bytes, now, released);
      benchmark::DoNotOptimize(out);
      acked += out.bytes_acked[0];
    }
    sacks += static_cast<int64_t>(kBatch);
  }
  state.SetItemsProcessed(sacks);
  state.counters["chunks_acked/sack"] =
      static_cast<double>(acked) /
      static_cast<double>(DataChunkSize(kPayload)) /
      static_cast<double>(sacks > 0 ? sacks : 1);
  benchmark::DoNotOptimize(released.count);
}
BENCHMARK(BM_Tx_HandleSack)->Arg(0)->Arg(4)->Arg(64);

void BM_Tx_HandleSackRepeat(benchmark::State& state) {
  const std::vector<uint8_t> bytes =
      MakeSack(static_cast<size_t>(state.range(0)));
  RetransmissionQueue q;
  if (!q.Init(kWindow)) {
    state.SkipWithError("Init");
    return;
  }
  Fill(q);
  Released released;
  const TimePoint now = TimePoint::FromNanos(1'000'000);
  ParseAndHandle(q, bytes, now, released);  // the first time, untimed
  for (auto _ : state) {
    benchmark::DoNotOptimize(ParseAndHandle(q, bytes, now, released));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["outstanding"] = static_cast<double>(q.outstanding_chunks());
}
BENCHMARK(BM_Tx_HandleSackRepeat)->Arg(0)->Arg(4)->Arg(64);

void BM_Tx_HandleSackSliding(benchmark::State& state) {
  RetransmissionQueue q;
  if (!q.Init(kWindow + 2)) {
    state.SkipWithError("Init");
    return;
  }
  Fill(q);
  std::vector<uint8_t> bytes(16);
  {
    wire::WireWriter out(bytes);
    if (!wire::SackChunk::SerializeTo(out, q.cumulative_tsn_ack(), 1 << 20,
                                      {}, {})) {
      state.SkipWithError("SerializeTo");
      return;
    }
  }
  Released released;
  int64_t t = 0;
  for (auto _ : state) {
    const TimePoint now = TimePoint::FromNanos(++t);
    for (int k = 0; k < 2; ++k) {
      q.AddSent(Record(q.next_tsn().value()), 0, now);
    }
    // The receiver acks two more: patch the Cumulative TSN Ack in place.
    StoreBe32(bytes.data() + 4, q.cumulative_tsn_ack().value() + 2);
    benchmark::DoNotOptimize(ParseAndHandle(q, bytes, now, released));
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["outstanding"] = static_cast<double>(q.outstanding_chunks());
  benchmark::DoNotOptimize(released.count);
}
BENCHMARK(BM_Tx_HandleSackSliding);

}  // namespace
}  // namespace dpsctp::tx

// The one main of tx_bench (send_queue_bench.cc shares the executable).
BENCHMARK_MAIN();
