#include "tx/retransmission_queue.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>

#include "test/support/quiet_check.h"
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "tx/congestion.h"

namespace dpsctp::tx {
namespace {

using SackOutcome = RetransmissionQueue::SackOutcome;

TimePoint At(int64_t ms) { return TimePoint::FromNanos(ms * 1'000'000); }

ChunkRecord Record(uint32_t tsn, uint16_t length = 100) {
  ChunkRecord r;
  r.tsn = Tsn(tsn);
  r.message = tsn * 7;
  r.offset = 0;
  r.length = length;
  r.stream_id = StreamId(1);
  r.ssn = Ssn(static_cast<uint16_t>(tsn));
  r.ppid = Ppid(51);
  r.beginning = true;
  r.ending = true;
  return r;
}

// A queue with TSNs first..first+n-1 sent to `path` at time 0.
struct Fixture {
  explicit Fixture(uint32_t first = 1, size_t capacity = 64) {
    QREQUIRE(queue.Init(capacity));
    queue.Reset(Tsn(first));
  }
  void Send(size_t n, uint8_t path = 0, TimePoint now = At(0),
            uint16_t length = 100) {
    for (size_t i = 0; i < n; ++i) {
      QREQUIRE(queue.AddSent(Record(queue.next_tsn().value(), length), path,
                            now));
    }
  }
  SackOutcome Sack(uint32_t cum, std::vector<GapBlock> gaps = {},
                   uint32_t a_rwnd = 100000, TimePoint now = At(100)) {
    SackOutcome out = queue.HandleSack(
        now, Tsn(cum), a_rwnd, gaps,
        [&](const ChunkRecord& r) { released.push_back(r.tsn.value()); });
    QCHECK(queue.IsConsistent());
    return out;
  }
  ChunkState State(uint32_t tsn) {
    std::optional<ChunkInfo> info = queue.Info(Tsn(tsn));
    QREQUIRE(info.has_value());
    return info->state;
  }
  uint8_t Misses(uint32_t tsn) {
    std::optional<ChunkInfo> info = queue.Info(Tsn(tsn));
    QREQUIRE(info.has_value());
    return info->miss_indications;
  }

  RetransmissionQueue queue;
  std::vector<uint32_t> released;
};

constexpr uint32_t kChunk100 = DataChunkSize(100);  // 116

TEST_CASE("RetransmissionQueue: DataChunkSize counts header and padding",
          "[fast]") {
  QCHECK(DataChunkSize(1) == 20);
  QCHECK(DataChunkSize(4) == 20);
  QCHECK(DataChunkSize(5) == 24);
  QCHECK(DataChunkSize(100) == 116);
  QCHECK(DataChunkSize(65535) == 16 + 65536);
}

TEST_CASE("RetransmissionQueue: Init refuses zero and huge capacities",
          "[fast]") {
  RetransmissionQueue q;
  CHECK_FALSE(q.Init(0));
  CHECK_FALSE(q.Init(RetransmissionQueue::kMaxCapacity + 1));
  QREQUIRE(q.Init(3));  // not a power of two: the limit is still 3
  q.Reset(Tsn(10));
  QCHECK(q.next_tsn() == Tsn(10));
  QCHECK(q.cumulative_tsn_ack() == Tsn(9));
  for (uint32_t t = 10; t < 13; ++t) QCHECK(q.AddSent(Record(t), 0, At(0)));
  QCHECK(q.full());
  CHECK_FALSE(q.AddSent(Record(13), 0, At(0)));
  QCHECK(q.outstanding_chunks() == 3);
}

TEST_CASE("RetransmissionQueue: AddSent refuses a wrong TSN or path",
          "[fast]") {
  Fixture f(100);
  CHECK_FALSE(f.queue.AddSent(Record(101), 0, At(0)));
  CHECK_FALSE(f.queue.AddSent(Record(99), 0, At(0)));
  CHECK_FALSE(f.queue.AddSent(Record(100), kMaxPaths, At(0)));
  QCHECK(f.queue.empty());
  QCHECK(f.queue.AddSent(Record(100), kMaxPaths - 1, At(0)));
  QCHECK(f.queue.next_tsn() == Tsn(101));
  QCHECK(f.queue.bytes_in_flight(kMaxPaths - 1) == kChunk100);
  QCHECK(f.queue.outstanding_bytes() == 100);
  QCHECK(f.queue.unacked_chunks(kMaxPaths - 1) == 1);
}

TEST_CASE("RetransmissionQueue: the RFC 9260 §3.3.4 SACK example",
          "[fast]") {
  // §3.3.4: the receiver holds TSNs 10, 11, 12, 14, 15 and 17 and sends
  // Cumulative TSN Ack = 12, a_rwnd = 4660, blocks 2-3 and 5-5.
  Fixture f(10);
  f.Send(8);  // TSNs 10..17
  SackOutcome out = f.Sack(12, {{2, 3}, {5, 5}}, 4660);
  QREQUIRE(out.accepted);
  QCHECK(out.cumulative_advanced);
  QCHECK(f.released == std::vector<uint32_t>{10, 11, 12});
  QCHECK(f.queue.cumulative_tsn_ack() == Tsn(12));
  QCHECK(f.queue.outstanding_chunks() == 5);  // 13..17, gap-acked included
  QCHECK(f.State(13) == ChunkState::kInFlight);
  QCHECK(f.State(14) == ChunkState::kGapAcked);
  QCHECK(f.State(15) == ChunkState::kGapAcked);
  QCHECK(f.State(16) == ChunkState::kInFlight);
  QCHECK(f.State(17) == ChunkState::kGapAcked);
  // 6 chunks acknowledged, all in flight on path 0.
  QCHECK(out.bytes_acked[0] == 6 * kChunk100);
  QCHECK(out.flight_before[0] == 8 * kChunk100);
  QCHECK(f.queue.bytes_in_flight(0) == 2 * kChunk100);
  // §6.2.1 D ii: 4660 minus the 200 bytes still in flight (13 and 16).
  QCHECK(out.peer_rwnd == 4660 - 200);
  // HTNA is 17: both holes get their first miss indication.
  QCHECK(f.Misses(13) == 1);
  QCHECK(f.Misses(16) == 1);
  CHECK_FALSE(out.fast_retransmit);
  CHECK_FALSE(out.all_acked);
}

TEST_CASE("RetransmissionQueue: the cumulative ack releases in order",
          "[fast]") {
  Fixture f(1);
  f.Send(5, 0, At(0), 10);
  f.Send(5, 1, At(0), 20);  // 6..10 on path 1
  SackOutcome out = f.Sack(3);
  QREQUIRE(out.accepted);
  QCHECK(f.released == std::vector<uint32_t>{1, 2, 3});
  QCHECK(out.bytes_acked[0] == 3 * DataChunkSize(10));
  QCHECK(out.bytes_acked[1] == 0);
  QCHECK(out.earliest_acked_paths == 0b01);
  QCHECK(f.queue.outstanding_chunks() == 7);
  QCHECK(f.queue.outstanding_bytes() == 2 * 10 + 5 * 20);
  QCHECK(f.queue.cumulative_tsn_ack() == Tsn(3));

  // The same cumulative ack again: accepted, nothing released.
  out = f.Sack(3);
  QCHECK(out.accepted);
  CHECK_FALSE(out.cumulative_advanced);
  QCHECK(f.released.size() == 3);

  out = f.Sack(10);
  QCHECK(out.accepted);
  QCHECK(out.earliest_acked_paths == 0b11);
  QCHECK(f.released ==
        std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  QCHECK(out.all_acked);
  QCHECK(f.queue.empty());
  QCHECK(f.queue.outstanding_bytes() == 0);
  QCHECK(f.queue.bytes_in_flight(0) == 0);
  QCHECK(f.queue.bytes_in_flight(1) == 0);
  QCHECK(f.queue.unacked_chunks(1) == 0);
}

TEST_CASE("RetransmissionQueue: old or impossible SACKs are ignored",
          "[fast]") {
  Fixture f(1);
  f.Send(5);
  QREQUIRE(f.Sack(2).accepted);
  // §6.2.1 D i: Cumulative TSN Ack below the Cumulative TSN Ack Point.
  SackOutcome old = f.Sack(1, {{2, 2}}, 999);
  CHECK_FALSE(old.accepted);
  QCHECK(old.peer_rwnd == 0);
  QCHECK(f.State(4) == ChunkState::kInFlight);
  // A TSN never sent.
  CHECK_FALSE(f.Sack(6).accepted);
  CHECK_FALSE(f.Sack(0x80000000u).accepted);
  CHECK_FALSE(f.Sack(0xffffffffu).accepted);
  QCHECK(f.released == std::vector<uint32_t>{1, 2});
  QCHECK(f.queue.outstanding_chunks() == 3);
  // The highest TSN sent is fine.
  QCHECK(f.Sack(5).accepted);
  QCHECK(f.queue.empty());
}

TEST_CASE("RetransmissionQueue: gap-acked chunks stay until the cumulative "
          "ack",
          "[fast]") {
  Fixture f(1);
  f.Send(6);
  SackOutcome out = f.Sack(0, {{3, 4}});  // 3, 4
  QREQUIRE(out.accepted);
  CHECK_FALSE(out.cumulative_advanced);
  QCHECK(f.released.empty());
  QCHECK(f.queue.outstanding_chunks() == 6);
  QCHECK(f.queue.outstanding_bytes() == 400);
  QCHECK(out.bytes_acked[0] == 2 * kChunk100);
  QCHECK(f.State(3) == ChunkState::kGapAcked);
  // Reported again: not newly acked, no bytes.
  out = f.Sack(0, {{3, 4}});
  QCHECK(out.bytes_acked[0] == 0);
  // The cumulative ack passes them: released then, counted no more.
  out = f.Sack(4);
  QCHECK(f.released == std::vector<uint32_t>{1, 2, 3, 4});
  QCHECK(out.bytes_acked[0] == 2 * kChunk100);
  QCHECK(f.queue.outstanding_bytes() == 200);
}

TEST_CASE("RetransmissionQueue: a renege returns the chunk to outstanding, "
          "not to the flight",
          "[fast]") {
  Fixture f(1);
  f.Send(4, 0);
  f.Send(2, 1);  // 5, 6 on path 1
  f.Sack(0, {{2, 2}, {5, 6}});
  QREQUIRE(f.State(5) == ChunkState::kGapAcked);
  const uint32_t flight1 = f.queue.bytes_in_flight(1);
  QCHECK(flight1 == 0);
  // The receiver dropped 5 and 6 (§6.2: it may, under buffer pressure).
  SackOutcome out = f.Sack(0, {{2, 2}});
  QREQUIRE(out.accepted);
  QCHECK(f.State(5) == ChunkState::kReneged);
  QCHECK(f.State(6) == ChunkState::kReneged);
  QCHECK(f.State(2) == ChunkState::kGapAcked);
  // §6.2.1 D iii: one miss indication, and a T3-rtx for path 1.
  QCHECK(f.Misses(5) == 1);
  QCHECK(out.reneged_paths == 0b10);
  QCHECK(f.queue.unacked_chunks(1) == 2);
  // Not in flight: neither cwnd nor rwnd count them.
  QCHECK(f.queue.bytes_in_flight(1) == 0);
  QCHECK(out.peer_rwnd == 100000 - 300);
  CHECK_FALSE(f.queue.HasChunksToRetransmit());
  // T3-rtx of path 1 marks them.
  QCHECK(f.queue.MarkForRetransmission(1) == 2);
  QCHECK(f.State(5) == ChunkState::kToRetransmit);
  QREQUIRE(f.queue.NextToRetransmit() != nullptr);
  QCHECK(f.queue.NextToRetransmit()->tsn == Tsn(5));
  QCHECK(f.queue.unacked_chunks(1) == 0);
}

TEST_CASE("RetransmissionQueue: a reneged chunk acked again is gap-acked",
          "[fast]") {
  Fixture f(1);
  f.Send(4);
  f.Sack(0, {{3, 3}});
  f.Sack(0, {});
  QREQUIRE(f.State(3) == ChunkState::kReneged);
  SackOutcome out = f.Sack(0, {{3, 3}});
  QCHECK(f.State(3) == ChunkState::kGapAcked);
  QCHECK(out.bytes_acked[0] == 0);  // it was not in flight
  // Not newly acknowledged: no miss indications for 1 and 2.
  QCHECK(f.Misses(1) == 1);
  QCHECK(f.queue.unacked_chunks(0) == 3);
}

TEST_CASE("RetransmissionQueue: fast retransmit on the third miss, not the "
          "second",
          "[fast]") {
  Fixture f(1);
  f.Send(10);
  // TSN 1 lost; each SACK newly acks one more TSN above it.
  SackOutcome out = f.Sack(0, {{2, 2}});
  CHECK_FALSE(out.fast_retransmit);
  out = f.Sack(0, {{2, 3}});
  CHECK_FALSE(out.fast_retransmit);
  QCHECK(f.Misses(1) == 2);
  CHECK_FALSE(f.queue.HasChunksToRetransmit());
  QCHECK(f.State(1) == ChunkState::kInFlight);
  out = f.Sack(0, {{2, 4}});
  QREQUIRE(out.fast_retransmit);
  QCHECK(out.fast_retransmit_paths == 0b1);
  QCHECK(out.entered_fast_recovery);
  QCHECK(out.in_fast_recovery);
  CHECK_FALSE(out.in_fast_recovery_for_cwnd);
  // §7.2.4 step 6: the exit point is the highest outstanding TSN.
  QCHECK(f.queue.fast_recovery_exit_point() == Tsn(10));
  QCHECK(f.State(1) == ChunkState::kToRetransmit);
  QCHECK(f.queue.bytes_in_flight(0) == 6 * kChunk100);  // 5..10
  const ChunkRecord* next = f.queue.NextToRetransmit(/*fast_only=*/true);
  QREQUIRE(next != nullptr);
  QCHECK(next->tsn == Tsn(1));
  QCHECK(next->message == 7);
  std::optional<ChunkInfo> info = f.queue.Info(Tsn(1));
  QCHECK(info->fast_retransmit);
  QCHECK(info->fast_retransmitted);
}

TEST_CASE("RetransmissionQueue: HTNA, miss indications only below the "
          "highest TSN newly acked",
          "[fast]") {
  Fixture f(1);
  f.Send(10);
  f.Sack(0, {{2, 2}, {5, 5}});  // HTNA 5: 1, 3, 4 missing
  QCHECK(f.Misses(1) == 1);
  QCHECK(f.Misses(3) == 1);
  QCHECK(f.Misses(4) == 1);
  QCHECK(f.Misses(6) == 0);  // above every block: not reported missing
  // Newly acks 3 only: HTNA 3, so 4 (missing, but above it) is not counted.
  f.Sack(0, {{2, 3}, {5, 5}});
  QCHECK(f.Misses(1) == 2);
  QCHECK(f.Misses(4) == 1);
  // The same SACK again acks nothing new: no miss indications at all.
  for (int i = 0; i < 5; ++i) f.Sack(0, {{2, 3}, {5, 5}});
  QCHECK(f.Misses(1) == 2);
  QCHECK(f.Misses(4) == 1);
  CHECK_FALSE(f.queue.HasChunksToRetransmit());
}

TEST_CASE("RetransmissionQueue: fast recovery, no new entry inside, exit at "
          "the exit point",
          "[fast]") {
  Fixture f(1);
  f.Send(20);
  f.Sack(0, {{2, 2}});
  f.Sack(0, {{2, 3}});
  SackOutcome out = f.Sack(0, {{2, 4}});
  QREQUIRE(out.entered_fast_recovery);
  QREQUIRE(f.queue.fast_recovery_exit_point() == Tsn(20));
  // More new data goes out during fast recovery.
  f.Send(5);  // 21..25
  f.queue.MarkRetransmitted(Tsn(1), 0, At(150));
  // TSN 5 is lost too: three more miss indications mark it, but the
  // association stays in the same fast recovery (§7.2.4 step 6).
  f.Sack(1, {{1, 3}, {5, 5}});  // cum 1; TSNs 2..4 and 6
  QCHECK(f.Misses(5) == 1);
  f.Sack(1, {{1, 3}, {5, 6}});
  QCHECK(f.Misses(5) == 2);
  out = f.Sack(1, {{1, 3}, {5, 7}});
  QCHECK(out.fast_retransmit);
  CHECK_FALSE(out.entered_fast_recovery);
  QCHECK(out.in_fast_recovery);
  QCHECK(out.in_fast_recovery_for_cwnd);
  QCHECK(f.queue.fast_recovery_exit_point() == Tsn(20));
  QCHECK(f.State(5) == ChunkState::kToRetransmit);
  f.queue.MarkRetransmitted(Tsn(5), 0, At(200));
  // A cumulative ack short of the exit point keeps it.
  out = f.Sack(19);
  QCHECK(out.in_fast_recovery);
  CHECK_FALSE(out.exited_fast_recovery);
  // Reaching it exits.
  out = f.Sack(20);
  QCHECK(out.exited_fast_recovery);
  CHECK_FALSE(out.in_fast_recovery);
  CHECK_FALSE(out.in_fast_recovery_for_cwnd);
  CHECK_FALSE(f.queue.in_fast_recovery());
}

TEST_CASE("RetransmissionQueue: in fast recovery a cumulative advance "
          "counts every reported hole",
          "[fast]") {
  Fixture f(1);
  f.Send(12);
  f.Sack(0, {{2, 2}});
  f.Sack(0, {{2, 3}});
  QREQUIRE(f.Sack(0, {{2, 4}}).entered_fast_recovery);  // TSN 1 marked
  f.queue.MarkRetransmitted(Tsn(1), 0, At(150));
  f.Sack(0, {{2, 4}, {6, 6}, {8, 8}});  // HTNA 8: holes 5 and 7
  QREQUIRE(f.Misses(5) == 1);
  QREQUIRE(f.Misses(7) == 1);
  // The retransmitted TSN 1 arrives: the cumulative ack moves to 4 and the
  // blocks (6, 8) are old news, so nothing new is acked above it. In fast
  // recovery every reported hole still gets a miss (§7.2.4).
  SackOutcome out = f.Sack(4, {{2, 2}, {4, 4}});
  QCHECK(out.in_fast_recovery);
  QCHECK(f.Misses(5) == 2);
  QCHECK(f.Misses(7) == 2);
  QCHECK(f.Misses(9) == 0);  // above the highest block: not reported

  // The same outside fast recovery: HTNA alone decides, no miss.
  Fixture g(1);
  g.Send(12);
  g.Sack(0, {{2, 2}, {4, 4}});  // holes 1, 3
  QREQUIRE(g.Misses(3) == 1);
  out = g.Sack(1, {{1, 1}, {3, 3}});  // TSN 1 arrives late
  CHECK_FALSE(out.in_fast_recovery);
  QCHECK(g.Misses(3) == 1);
}

TEST_CASE("RetransmissionQueue: a chunk is fast-retransmitted at most once",
          "[fast]") {
  Fixture f(1);
  f.Send(10);
  f.Sack(0, {{2, 2}});
  f.Sack(0, {{2, 3}});
  QREQUIRE(f.Sack(0, {{2, 4}}).fast_retransmit);
  f.queue.MarkRetransmitted(Tsn(1), 0, At(150));
  QCHECK(f.State(1) == ChunkState::kInFlight);
  QCHECK(f.Misses(1) == 0);
  QCHECK(f.queue.Info(Tsn(1))->transmit_count == 2);
  // The retransmission is lost as well.
  f.Sack(0, {{2, 5}});
  f.Sack(0, {{2, 6}});
  SackOutcome out = f.Sack(0, {{2, 7}});
  CHECK_FALSE(out.fast_retransmit);
  QCHECK(f.State(1) == ChunkState::kInFlight);
  CHECK_FALSE(f.queue.HasChunksToRetransmit());
  // Only T3-rtx recovers it now.
  QCHECK(f.queue.MarkForRetransmission(0) == 4);  // 1, 8, 9, 10
  QREQUIRE(f.queue.NextToRetransmit() != nullptr);
  QCHECK(f.queue.NextToRetransmit()->tsn == Tsn(1));
  QCHECK(f.queue.NextToRetransmit(/*fast_only=*/true) == nullptr);
}

TEST_CASE("RetransmissionQueue: T3-rtx marks the chunks of its path only",
          "[fast]") {
  Fixture f(1);
  f.Send(3, 0, At(0));   // 1..3
  f.Send(3, 1, At(10));  // 4..6
  f.Send(2, 0, At(20));  // 7, 8
  f.Sack(0, {{2, 2}});   // 2 gap-acked
  QCHECK(f.queue.bytes_in_flight(0) == 4 * kChunk100);
  QCHECK(f.queue.bytes_in_flight(1) == 3 * kChunk100);
  QCHECK(f.queue.OldestInFlight(0) == At(0));
  QCHECK(f.queue.OldestInFlight(1) == At(10));
  QCHECK(f.queue.MarkForRetransmission(0) == 4);  // 1, 3, 7, 8; not 2
  QCHECK(f.queue.bytes_in_flight(0) == 0);
  QCHECK(f.queue.bytes_in_flight(1) == 3 * kChunk100);
  QCHECK(f.queue.OldestInFlight(0) == std::nullopt);
  QCHECK(f.queue.outstanding_bytes() == 300);
  QCHECK(f.queue.chunks_to_retransmit() == 4);
  QCHECK(f.queue.MarkForRetransmission(0) == 0);  // nothing left in flight
  QCHECK(f.queue.MarkForRetransmission(kMaxPaths) == 0);
  // Retransmitted in TSN order, possibly elsewhere.
  std::vector<uint32_t> order;
  while (const ChunkRecord* r = f.queue.NextToRetransmit()) {
    order.push_back(r->tsn.value());
    f.queue.MarkRetransmitted(r->tsn, 1, At(50));
  }
  QCHECK(order == std::vector<uint32_t>{1, 3, 7, 8});
  QCHECK(f.queue.bytes_in_flight(1) == 7 * kChunk100);
  QCHECK(f.queue.unacked_chunks(0) == 0);
  QCHECK(f.queue.Info(Tsn(7))->path == 1);
  QCHECK(f.queue.Info(Tsn(7))->transmit_count == 2);
  QCHECK(f.queue.OldestInFlight(1) == At(10));
  QCHECK(f.queue.IsConsistent());
}

TEST_CASE("RetransmissionQueue: marked chunks acked before their "
          "retransmission leave the retransmit list",
          "[fast]") {
  Fixture f(1);
  f.Send(4);
  QREQUIRE(f.queue.MarkForRetransmission(0) == 4);
  SackOutcome out = f.Sack(1, {{2, 2}});  // 1 by cum, 3 by gap
  QCHECK(out.bytes_acked[0] == 0);  // none was in flight
  QCHECK(f.queue.chunks_to_retransmit() == 2);
  QCHECK(f.queue.NextToRetransmit()->tsn == Tsn(2));
  f.Sack(4);
  CHECK_FALSE(f.queue.HasChunksToRetransmit());
  QCHECK(f.queue.NextToRetransmit() == nullptr);
}

TEST_CASE("RetransmissionQueue: Karn, no RTT from retransmitted chunks",
          "[fast]") {
  Fixture f(1);
  f.Send(1, 0, At(0));   // 1
  f.Send(1, 2, At(10));  // 2
  // One sample per SACK, from the highest TSN that qualifies.
  SackOutcome out = f.Sack(2, {}, 100000, At(70));
  QREQUIRE(out.rtt.has_value());
  QCHECK(*out.rtt == Duration::Millis(60));
  QCHECK(out.rtt_path == 2);

  f.Send(2, 0, At(100));  // 3, 4
  f.queue.MarkForRetransmission(0);
  f.queue.MarkRetransmitted(Tsn(3), 0, At(400));
  f.queue.MarkRetransmitted(Tsn(4), 0, At(400));
  f.Send(1, 0, At(410));  // 5, sent after the retransmissions
  // 3 and 4 were retransmitted: no sample from them.
  out = f.Sack(4, {}, 100000, At(450));
  CHECK_FALSE(out.rtt.has_value());
  out = f.Sack(5, {}, 100000, At(460));
  QREQUIRE(out.rtt.has_value());
  QCHECK(*out.rtt == Duration::Millis(50));

  // §6.3.1 C5, second paragraph: 7 was sent before 6 was retransmitted,
  // so its ack says nothing clear about the round trip either.
  f.Send(2, 0, At(500));  // 6, 7
  f.queue.MarkRetransmitted(Tsn(6), 0, At(800));
  QREQUIRE(f.queue.Info(Tsn(7))->transmit_count == 1);
  f.Send(1, 0, At(800));  // 8
  out = f.Sack(6, {{1, 1}}, 100000, At(850));  // 6 cum, 7 by gap
  CHECK_FALSE(out.rtt.has_value());
  out = f.Sack(8, {}, 100000, At(870));
  QREQUIRE(out.rtt.has_value());
  QCHECK(*out.rtt == Duration::Millis(70));
  // A gap-acked chunk gives its sample when gap-acked, not again later.
  f.Send(2, 1, At(900));  // 9, 10
  out = f.Sack(8, {{2, 2}}, 100000, At(930));
  QREQUIRE(out.rtt.has_value());
  QCHECK(*out.rtt == Duration::Millis(30));
  QCHECK(out.rtt_path == 1);
  out = f.Sack(10, {}, 100000, At(990));
  QREQUIRE(out.rtt.has_value());
  QCHECK(*out.rtt == Duration::Millis(90));  // from 9; 10 was acked before
}

TEST_CASE("RetransmissionQueue: peer rwnd is a_rwnd minus bytes in flight",
          "[fast]") {
  Fixture f(1);
  f.Send(4, 0, At(0), 1000);
  SackOutcome out = f.Sack(1, {}, 10000);
  QCHECK(out.peer_rwnd == 10000 - 3000);
  out = f.Sack(1, {{2, 2}}, 10000);  // 3 gap-acked: not outstanding bytes
  QCHECK(out.peer_rwnd == 10000 - 2000);
  out = f.Sack(1, {{2, 2}}, 1500);  // a_rwnd below what is in flight
  QCHECK(out.peer_rwnd == 0);
  // §6.2.1 rule 3: marking for retransmission gives the bytes back.
  f.queue.MarkForRetransmission(0);
  out = f.Sack(1, {{2, 2}}, 10000);
  QCHECK(out.peer_rwnd == 10000);
  // Retransmission takes them again (rule 2).
  f.queue.MarkRetransmitted(Tsn(2), 0, At(5));
  out = f.Sack(1, {{2, 2}}, 10000);
  QCHECK(out.peer_rwnd == 9000);
}

TEST_CASE("RetransmissionQueue: hostile gap blocks are bounded and safe",
          "[fast]") {
  Fixture f(1000, 256);
  f.Send(200);
  SECTION("start > end, start 0, beyond next_tsn") {
    SackOutcome out = f.Sack(999, {{5, 3}, {0, 0}, {201, 300},
                                   {0xffff, 0xffff}});
    QCHECK(out.accepted);
    QCHECK(f.queue.bytes_in_flight(0) == 200 * kChunk100);
    // Block 0..2 acks TSNs 1000, 1001 (offset 0 is the cum ack itself).
    out = f.Sack(999, {{0, 2}});
    QCHECK(f.State(1000) == ChunkState::kGapAcked);
    QCHECK(f.State(1001) == ChunkState::kGapAcked);
    // A block reaching past the last TSN sent is cut at it.
    out = f.Sack(999, {{0, 2}, {190, 0xffff}});
    QCHECK(f.State(1199) == ChunkState::kGapAcked);
    QCHECK(f.State(1188) == ChunkState::kInFlight);
    QCHECK(f.State(1189) == ChunkState::kGapAcked);
  }
  SECTION("overlapping and descending blocks") {
    f.Sack(999, {{10, 20}, {15, 30}, {1, 5}, {30, 31}});
    // Taken: 10..20, 21..30, (1..5 is below: ignored), 31.
    QCHECK(f.State(1000) == ChunkState::kInFlight);
    QCHECK(f.State(1009) == ChunkState::kGapAcked);
    QCHECK(f.State(1030) == ChunkState::kGapAcked);
    QCHECK(f.State(1031) == ChunkState::kInFlight);
    QCHECK(f.queue.outstanding_bytes() == (200 - 22) * 100);
  }
  SECTION("65535 blocks covering everything") {
    std::vector<GapBlock> gaps(65535, GapBlock{1, 0xffff});
    SackOutcome out = f.Sack(999, gaps);
    QCHECK(out.accepted);
    QCHECK(f.queue.outstanding_bytes() == 0);
    QCHECK(f.queue.outstanding_chunks() == 200);
    // And 65535 blocks that each renege part of it, then re-ack it.
    std::vector<GapBlock> noise(65535);
    for (size_t i = 0; i < noise.size(); ++i) {
      noise[i] = GapBlock{static_cast<uint16_t>(i * 7919),
                          static_cast<uint16_t>(i * 104729)};
    }
    out = f.Sack(1010, noise);
    QCHECK(out.accepted);
    out = f.Sack(1010, gaps);
    QCHECK(f.queue.outstanding_bytes() == 0);
  }
  SECTION("random garbage") {
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) {
      std::vector<GapBlock> gaps(rng() % 40);
      for (GapBlock& b : gaps) {
        b.start = static_cast<uint16_t>(rng() % 260);
        b.end = static_cast<uint16_t>(rng() % 260);
      }
      const uint32_t cum = f.queue.cumulative_tsn_ack().value() +
                           static_cast<uint32_t>(rng() % 5) - 2;
      f.Sack(cum, gaps, rng());
      if (rng() % 4 == 0) f.queue.MarkForRetransmission(0);
      while (rng() % 2 == 0 && f.queue.NextToRetransmit() != nullptr) {
        f.queue.MarkRetransmitted(f.queue.NextToRetransmit()->tsn, 0, At(i));
      }
      while (!f.queue.full() && rng() % 3 != 0) f.Send(1);
      QREQUIRE(f.queue.IsConsistent());
    }
  }
}

TEST_CASE("RetransmissionQueue: TSNs wrap around 2^32", "[fast]") {
  Fixture f(0xfffffffd, 16);
  f.Send(6);  // fffffffd, fffffffe, ffffffff, 0, 1, 2
  QCHECK(f.queue.next_tsn() == Tsn(3));
  QCHECK(f.queue.cumulative_tsn_ack() == Tsn(0xfffffffc));
  // cum ffffffff; blocks 2..2 (TSN 1), i.e. across the wrap.
  SackOutcome out = f.Sack(0xffffffff, {{2, 2}});
  QREQUIRE(out.accepted);
  QCHECK(f.released ==
        std::vector<uint32_t>{0xfffffffd, 0xfffffffe, 0xffffffff});
  QCHECK(f.State(0) == ChunkState::kInFlight);
  QCHECK(f.State(1) == ChunkState::kGapAcked);
  QCHECK(f.Misses(0) == 1);
  // Below the point now: old.
  CHECK_FALSE(f.Sack(0xfffffffe).accepted);
  CHECK_FALSE(f.Sack(3).accepted);
  out = f.Sack(2);
  QCHECK(out.all_acked);
  QCHECK(f.released.back() == 2);
  QCHECK(f.queue.cumulative_tsn_ack() == Tsn(2));
  // Fast recovery exit point across the wrap.
  Fixture g(0xfffffff0, 64);
  g.Send(32);  // ...fff0 .. 0x0f
  g.Sack(0xfffffff0, {{2, 2}});
  g.Sack(0xfffffff0, {{2, 3}});
  QREQUIRE(g.Sack(0xfffffff0, {{2, 4}}).entered_fast_recovery);
  QCHECK(g.queue.fast_recovery_exit_point() == Tsn(0x0f));
  CHECK_FALSE(g.Sack(0x0e).exited_fast_recovery);
  QCHECK(g.Sack(0x0f).exited_fast_recovery);
}

TEST_CASE("RetransmissionQueue: Clear and Reset forget everything",
          "[fast]") {
  Fixture f(1);
  f.Send(5);
  f.Sack(0, {{2, 2}});
  f.queue.MarkForRetransmission(0);
  size_t visited = 0;
  f.queue.ForEachOutstanding([&](const ChunkRecord& r) {
    QCHECK(r.tsn == Tsn(static_cast<uint32_t>(1 + visited)));
    ++visited;
  });
  QCHECK(visited == 5);
  f.queue.Clear();
  QCHECK(f.queue.empty());
  QCHECK(f.queue.next_tsn() == Tsn(6));
  QCHECK(f.queue.cumulative_tsn_ack() == Tsn(5));
  CHECK_FALSE(f.queue.HasChunksToRetransmit());
  QCHECK(f.queue.bytes_in_flight(0) == 0);
  QCHECK(f.queue.IsConsistent());
  f.Send(1);
  QCHECK(f.Sack(6).all_acked);
  f.queue.Reset(Tsn(77));
  QCHECK(f.queue.next_tsn() == Tsn(77));
  QCHECK(f.queue.empty());
}

TEST_CASE("RetransmissionQueue: cwnd does not grow in fast recovery",
          "[fast]") {
  Fixture f(1, 256);
  CongestionControl cc;
  cc.Init(1200, 1 << 20);
  auto feed = [&](const SackOutcome& out) {
    cc.OnAck(out.bytes_acked[0], out.flight_before[0],
             out.cumulative_advanced, out.in_fast_recovery_for_cwnd,
             out.all_acked);
    if (out.entered_fast_recovery &&
        (out.fast_retransmit_paths & 1u) != 0) {
      cc.OnFastRetransmit();
    }
  };
  f.Send(40, 0, At(0), 1000);  // flight 40 * 1016 > cwnd: fully utilized
  feed(f.Sack(0, {{2, 2}}));
  // Gap Ack Blocks alone do not grow cwnd in slow start (congestion.h).
  QCHECK(cc.cwnd == CongestionControl::InitialCwnd(1200));
  feed(f.Sack(0, {{2, 3}}));
  SackOutcome out = f.Sack(0, {{2, 4}});
  QREQUIRE(out.entered_fast_recovery);
  feed(out);
  const uint32_t in_recovery = cc.cwnd;
  QCHECK(cc.ssthresh == cc.cwnd);
  for (uint32_t end = 5; end < 30; ++end) {
    feed(f.Sack(0, {{2, static_cast<uint16_t>(end)}}));
    QCHECK(cc.cwnd == in_recovery);
  }
  f.queue.MarkRetransmitted(Tsn(1), 0, At(200));
  feed(f.Sack(30));
  QCHECK(f.queue.in_fast_recovery());
  QCHECK(cc.cwnd == in_recovery);
  out = f.Sack(40);
  QCHECK(out.exited_fast_recovery);
  QCHECK(out.all_acked);
}

// ---------------------------------------------------------------------------
// Randomized model test: the queue against a plain reference that keeps a
// map from unwrapped TSN to state and recomputes everything by definition.

struct ModelChunk {
  ChunkRecord record;
  ChunkState state = ChunkState::kInFlight;
  uint8_t path = 0;
  uint8_t misses = 0;
  bool fast = false;
  bool fast_used = false;
  int transmits = 1;
  TimePoint sent_at;
  uint64_t first_sent_order = 0;
};

struct Model {
  uint64_t cum = 0;   // unwrapped Cumulative TSN Ack Point
  uint64_t next = 0;  // unwrapped next TSN
  uint32_t wrap_base = 0;  // wrapped = wrap_base + unwrapped
  std::map<uint64_t, ModelChunk> chunks;
  bool in_fr = false;
  uint64_t exit_point = 0;
  uint64_t rtt_valid_from = 0;  // unwrapped TSN

  uint32_t Wrap(uint64_t u) const {
    return static_cast<uint32_t>(wrap_base + u);
  }

  uint32_t FlightPayload() const {
    uint32_t s = 0;
    for (const auto& [t, c] : chunks) {
      if (c.state == ChunkState::kInFlight) s += c.record.length;
    }
    return s;
  }
  uint32_t Flight(size_t path) const {
    uint32_t s = 0;
    for (const auto& [t, c] : chunks) {
      if (c.state == ChunkState::kInFlight && c.path == path) {
        s += DataChunkSize(c.record.length);
      }
    }
    return s;
  }

  struct Result {
    bool accepted = false;
    std::vector<uint32_t> released;
    uint32_t bytes_acked[kMaxPaths] = {};
    bool fast = false;
    uint8_t fast_paths = 0;
    bool entered = false;
    bool exited = false;
    uint8_t reneged_paths = 0;
    std::optional<Duration> rtt;
    uint32_t peer_rwnd = 0;
  };

  void Miss(ModelChunk& c, Result& r) {
    if (c.fast_used) return;
    if (c.misses < 255) ++c.misses;
    if (c.misses >= 3) {
      c.state = ChunkState::kToRetransmit;
      c.fast = true;
      c.fast_used = true;
      r.fast = true;
      r.fast_paths |= static_cast<uint8_t>(1u << c.path);
    }
  }

  Result Sack(TimePoint now, uint64_t cum_u, bool cum_valid, uint32_t a_rwnd,
              const std::vector<GapBlock>& gaps) {
    Result r;
    if (!cum_valid || cum_u < cum || cum_u >= next) return r;
    r.accepted = true;
    const bool advanced = cum_u > cum;
    std::optional<uint64_t> rtt_tsn;
    auto measure = [&](uint64_t t, const ModelChunk& c) {
      if (c.transmits == 1 && t >= rtt_valid_from) {
        r.rtt = now - c.sent_at;
        rtt_tsn = t;
      }
    };
    for (uint64_t t = cum + 1; t <= cum_u; ++t) {
      ModelChunk& c = chunks.at(t);
      if (c.state == ChunkState::kInFlight) {
        r.bytes_acked[c.path] += DataChunkSize(c.record.length);
        measure(t, c);
      }
      r.released.push_back(c.record.tsn.value());
      chunks.erase(t);
    }
    cum = cum_u;
    if (in_fr && cum >= exit_point) {
      in_fr = false;
      r.exited = true;
    }
    // Cleaned blocks: ascending parts only, within what was sent.
    const uint64_t n = next - cum - 1;
    std::vector<std::pair<uint64_t, uint64_t>> blocks;
    uint64_t prev = 0;
    for (const GapBlock& b : gaps) {
      uint64_t lo = std::max<uint64_t>({b.start, 1, prev + 1});
      uint64_t hi = std::min<uint64_t>(b.end, n);
      if (lo > hi) continue;
      blocks.emplace_back(lo, hi);
      prev = hi;
    }
    auto covered = [&](uint64_t o) {
      for (auto& [lo, hi] : blocks) {
        if (o >= lo && o <= hi) return true;
      }
      return false;
    };
    const uint64_t highest_reported = blocks.empty() ? 0 : blocks.back().second;
    uint64_t htna = 0;
    std::vector<uint64_t> previously_acked;
    for (auto& [t, c] : chunks) {
      if (c.state == ChunkState::kGapAcked) previously_acked.push_back(t);
    }
    for (auto& [t, c] : chunks) {
      const uint64_t o = t - cum;
      if (!covered(o)) continue;
      if (c.state == ChunkState::kInFlight) {
        r.bytes_acked[c.path] += DataChunkSize(c.record.length);
        measure(t, c);
      }
      if (c.state == ChunkState::kInFlight ||
          c.state == ChunkState::kToRetransmit) {
        htna = std::max(htna, o);
      }
      c.state = ChunkState::kGapAcked;
      c.fast = false;
    }
    uint64_t nack_up_to = htna;
    if (in_fr && advanced) nack_up_to = highest_reported;
    for (auto& [t, c] : chunks) {
      const uint64_t o = t - cum;
      if (o > highest_reported || o > nack_up_to || covered(o)) continue;
      if (c.state == ChunkState::kInFlight ||
          c.state == ChunkState::kReneged) {
        Miss(c, r);
      }
    }
    for (uint64_t t : previously_acked) {
      ModelChunk& c = chunks.at(t);
      if (covered(t - cum)) continue;
      c.state = ChunkState::kReneged;
      r.reneged_paths |= static_cast<uint8_t>(1u << c.path);
      Miss(c, r);
    }
    if (r.fast && !in_fr) {
      in_fr = true;
      exit_point = next - 1;
      r.entered = true;
    }
    const uint32_t flight = FlightPayload();
    r.peer_rwnd = a_rwnd > flight ? a_rwnd - flight : 0;
    return r;
  }
};

TEST_CASE("RetransmissionQueue: randomized model test", "[fast]") {
  // What the runs went through, so that a model that never reaches a rule
  // does not pass silently.
  int fast_retransmits = 0, fast_recoveries = 0, reneges = 0, rejected = 0;
  int wraps = 0, rtt_samples = 0;
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    INFO("seed " << seed);
    std::mt19937 rng(seed);
    auto chance = [&](int percent) {
      return static_cast<int>(rng() % 100) < percent;
    };
    const size_t capacity = 8 + rng() % 200;
    const uint32_t initial = 0xffffffffu - static_cast<uint32_t>(rng() % 300);
    RetransmissionQueue q;
    QREQUIRE(q.Init(capacity));
    q.Reset(Tsn(initial));
    Model m;
    m.cum = 0;  // unwrapped: TSN initial is 1, so the point is 0
    m.wrap_base = initial - 1;
    m.next = 1;
    // The receiver: what it holds (unwrapped), its cumulative point.
    std::map<uint64_t, bool> received;
    uint64_t receiver_cum = 0;
    const int loss = static_cast<int>(rng() % 40);
    const uint8_t paths = static_cast<uint8_t>(1 + rng() % 3);
    int64_t clock_ms = 0;
    std::vector<std::pair<uint64_t, std::vector<GapBlock>>> old_sacks;

    auto deliver = [&](uint64_t t) {
      if (t > receiver_cum) {
        if (chance(loss)) return;
        received[t] = true;
      }
      while (received.count(receiver_cum + 1)) {
        received.erase(receiver_cum + 1);
        ++receiver_cum;
      }
    };
    auto make_sack = [&]() {
      std::vector<GapBlock> gaps;
      for (auto it = received.begin(); it != received.end();) {
        uint64_t lo = it->first, hi = lo;
        ++it;
        while (it != received.end() && it->first == hi + 1) {
          hi = it->first;
          ++it;
        }
        gaps.push_back(GapBlock{static_cast<uint16_t>(lo - receiver_cum),
                                static_cast<uint16_t>(hi - receiver_cum)});
      }
      return std::make_pair(receiver_cum, gaps);
    };

    for (int step = 0; step < 1500; ++step) {
      INFO("step " << step);
      clock_ms += rng() % 20;
      const TimePoint now = At(clock_ms);
      const int action = static_cast<int>(rng() % 100);
      if (action < 40) {
        // Send new chunks.
        for (int k = static_cast<int>(rng() % 4); k >= 0; --k) {
          const bool full = m.next - m.cum - 1 >= capacity;
          QREQUIRE(q.full() == full);
          if (full) break;
          wraps += m.Wrap(m.next) == 0;
          ChunkRecord rec = Record(m.Wrap(m.next),
                                   static_cast<uint16_t>(1 + rng() % 1400));
          const uint8_t path = static_cast<uint8_t>(rng() % paths);
          QREQUIRE(q.AddSent(rec, path, now));
          ModelChunk c;
          c.record = rec;
          c.path = path;
          c.sent_at = now;
          m.chunks[m.next] = c;
          deliver(m.next);
          ++m.next;
        }
      } else if (action < 75) {
        // A SACK: current, old (reordered), or garbage.
        uint64_t cum_u;
        bool cum_valid = true;
        std::vector<GapBlock> gaps;
        uint32_t cum_wire;
        const int kind = static_cast<int>(rng() % 10);
        if (kind < 7 || old_sacks.empty()) {
          std::tie(cum_u, gaps) = make_sack();
          old_sacks.emplace_back(cum_u, gaps);
          if (old_sacks.size() > 8) old_sacks.erase(old_sacks.begin());
          cum_wire = m.Wrap(cum_u);
        } else if (kind < 9) {
          std::tie(cum_u, gaps) = old_sacks[rng() % old_sacks.size()];
          cum_wire = m.Wrap(cum_u);
        } else {
          const int64_t delta = static_cast<int64_t>(rng() % 40) - 20;
          const int64_t u = static_cast<int64_t>(m.cum) + delta;
          cum_valid = u >= 0;
          cum_u = cum_valid ? static_cast<uint64_t>(u) : 0;
          cum_wire = static_cast<uint32_t>(
              static_cast<int64_t>(m.wrap_base) + u);
          gaps.resize(rng() % 6);
          for (GapBlock& b : gaps) {
            b.start = static_cast<uint16_t>(rng() % (capacity + 8));
            b.end = static_cast<uint16_t>(rng() % (capacity + 8));
          }
        }
        const uint32_t a_rwnd = static_cast<uint32_t>(rng() % 200000);
        std::vector<uint32_t> released;
        SackOutcome out = q.HandleSack(
            now, Tsn(cum_wire), a_rwnd, gaps,
            [&](const ChunkRecord& r) { released.push_back(r.tsn.value()); });
        Model::Result want = m.Sack(now, cum_u, cum_valid, a_rwnd, gaps);
        QREQUIRE(out.accepted == want.accepted);
        rejected += !want.accepted;
        fast_retransmits += want.fast;
        fast_recoveries += want.entered;
        reneges += want.reneged_paths != 0;
        rtt_samples += want.rtt.has_value();
        // A garbage SACK may have acked what the receiver never got; the
        // receiver then acts as if it had, or the run would stall.
        if (m.cum > receiver_cum) {
          receiver_cum = m.cum;
          received.erase(received.begin(), received.upper_bound(m.cum));
          deliver(m.cum);  // folds what now follows the point
        }
        QCHECK(released == want.released);
        if (want.accepted) {
          for (size_t p = 0; p < kMaxPaths; ++p) {
            QCHECK(out.bytes_acked[p] == want.bytes_acked[p]);
          }
          QCHECK(out.fast_retransmit == want.fast);
          QCHECK(out.fast_retransmit_paths == want.fast_paths);
          QCHECK(out.entered_fast_recovery == want.entered);
          QCHECK(out.exited_fast_recovery == want.exited);
          QCHECK(out.reneged_paths == want.reneged_paths);
          QCHECK(out.peer_rwnd == want.peer_rwnd);
          QCHECK(out.rtt == want.rtt);
          QCHECK(out.all_acked == m.chunks.empty());
        }
      } else if (action < 82) {
        // T3-rtx on a path.
        const size_t path = rng() % paths;
        size_t want = 0;
        for (auto& [t, c] : m.chunks) {
          if (c.path == path && (c.state == ChunkState::kInFlight ||
                                 c.state == ChunkState::kReneged)) {
            c.state = ChunkState::kToRetransmit;
            c.fast = false;
            ++want;
          }
        }
        QCHECK(q.MarkForRetransmission(path) == want);
      } else if (action < 97) {
        // Retransmit what is marked, fast ones first sometimes.
        for (int k = static_cast<int>(rng() % 3); k >= 0; --k) {
          const bool fast_only = chance(50);
          const ChunkRecord* next = q.NextToRetransmit(fast_only);
          std::optional<uint64_t> want;
          for (auto& [t, c] : m.chunks) {
            if (c.state == ChunkState::kToRetransmit &&
                (!fast_only || c.fast)) {
              want = t;
              break;
            }
          }
          if (!want) {
            QREQUIRE(next == nullptr);
            continue;
          }
          QREQUIRE(next != nullptr);
          QREQUIRE(next->tsn == Tsn(m.Wrap(*want)));
          const uint8_t path = static_cast<uint8_t>(rng() % paths);
          q.MarkRetransmitted(next->tsn, path, now);
          ModelChunk& c = m.chunks.at(*want);
          c.state = ChunkState::kInFlight;
          c.fast = false;
          c.path = path;
          c.sent_at = now;
          c.misses = 0;
          ++c.transmits;
          m.rtt_valid_from = m.next;
          deliver(*want);
        }
      } else {
        // The receiver reneges on some of what it holds above its point.
        for (auto it = received.begin(); it != received.end();) {
          it = chance(30) ? received.erase(it) : std::next(it);
        }
      }

      // The whole state, after every step.
      QREQUIRE(q.IsConsistent());
      QREQUIRE(q.outstanding_chunks() == m.chunks.size());
      QREQUIRE(q.cumulative_tsn_ack() == Tsn(m.Wrap(m.cum)));
      QREQUIRE(q.next_tsn() == Tsn(m.Wrap(m.next)));
      QREQUIRE(q.outstanding_bytes() == m.FlightPayload());
      QREQUIRE(q.in_fast_recovery() == m.in_fr);
      if (m.in_fr) {
        QREQUIRE(q.fast_recovery_exit_point() == Tsn(m.Wrap(m.exit_point)));
      }
      for (size_t p = 0; p < paths; ++p) {
        QREQUIRE(q.bytes_in_flight(p) == m.Flight(p));
      }
      for (const auto& [t, c] : m.chunks) {
        std::optional<ChunkInfo> info = q.Info(Tsn(m.Wrap(t)));
        QREQUIRE(info.has_value());
        QREQUIRE(info->state == c.state);
        QREQUIRE(info->path == c.path);
        QREQUIRE(info->miss_indications == c.misses);
        QREQUIRE(info->fast_retransmit == c.fast);
        QREQUIRE(info->fast_retransmitted == c.fast_used);
      }
    }
  }
  INFO("fast retransmits " << fast_retransmits << ", fast recoveries "
       << fast_recoveries << ", reneges " << reneges << ", rejected "
       << rejected << ", wraps " << wraps << ", rtt " << rtt_samples);
  QCHECK(fast_retransmits > 100);
  QCHECK(fast_recoveries > 50);
  QCHECK(reneges > 50);
  QCHECK(rejected > 50);
  QCHECK(wraps > 50);
  QCHECK(rtt_samples > 100);
}

}  // namespace
}  // namespace dpsctp::tx
