#include "tx/send_queue.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "test/support/quiet_check.h"
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <vector>

namespace dpsctp::tx {
namespace {

using Result = SendQueue::EnqueueResult;

// Bytes that differ from message to message, so a mix-up shows.
std::vector<uint8_t> Pattern(size_t size, uint32_t seed) {
  std::vector<uint8_t> bytes(size);
  uint32_t x = seed * 2654435761u + 12345u;
  for (uint8_t& b : bytes) {
    x = x * 1103515245u + 12345u;
    b = static_cast<uint8_t>(x >> 16);
  }
  return bytes;
}

void Setup(SendQueue& q, uint32_t byte_capacity, uint32_t message_capacity,
           uint16_t max_streams, uint16_t stream_count) {
  QREQUIRE(q.Init(byte_capacity, message_capacity, max_streams));
  q.SetStreamCount(stream_count);
}

Result Send(SendQueue& q, uint16_t stream, const std::vector<uint8_t>& bytes,
            bool unordered = false, uint32_t ppid = 0) {
  return q.Enqueue(StreamId(stream), Ppid(ppid), unordered, bytes);
}

Result Send(SendQueue& q, uint16_t stream, size_t size, uint32_t seed = 0) {
  return Send(q, stream, Pattern(size, seed));
}

// Produces one whole message; checks that its fragments follow each other.
std::vector<Fragment> ProduceMessage(SendQueue& q, size_t max_payload) {
  std::vector<Fragment> fragments;
  for (;;) {
    std::optional<Fragment> f = q.Produce(max_payload);
    QREQUIRE(f.has_value());
    if (!fragments.empty()) {
      QREQUIRE(f->message == fragments.back().message);
      QREQUIRE(f->offset == fragments.back().offset + fragments.back().length);
      REQUIRE_FALSE(f->beginning);
    } else {
      QREQUIRE(f->beginning);
      QREQUIRE(f->offset == 0);
    }
    fragments.push_back(*f);
    if (f->ending) return fragments;
  }
}

void ReleaseAll(SendQueue& q, const std::vector<Fragment>& fragments) {
  for (const Fragment& f : fragments) q.ReleaseFragment(f.message);
}

// Produces and releases everything; returns the stream of each message in
// the order the messages were produced.
std::vector<uint16_t> DrainOrder(SendQueue& q, size_t max_payload = 65535) {
  std::vector<uint16_t> order;
  while (q.HasDataToSend()) {
    std::vector<Fragment> fragments = ProduceMessage(q, max_payload);
    order.push_back(fragments.front().stream_id.value());
    ReleaseAll(q, fragments);
  }
  REQUIRE_FALSE(q.Produce(max_payload).has_value());
  return order;
}

TEST_CASE("SendQueue: scheduler names round-trip", "[fast]") {
  for (SchedulerKind kind :
       {SchedulerKind::kFcfs, SchedulerKind::kRoundRobin,
        SchedulerKind::kPriority, SchedulerKind::kWeightedFair}) {
    QCHECK(ParseSchedulerName(SchedulerName(kind)) == kind);
  }
  QCHECK(SchedulerName(SchedulerKind::kFcfs) == "fcfs");
  QCHECK(SchedulerName(SchedulerKind::kRoundRobin) == "rr");
  QCHECK(SchedulerName(SchedulerKind::kPriority) == "priority");
  QCHECK(SchedulerName(SchedulerKind::kWeightedFair) == "wfq");
  CHECK_FALSE(ParseSchedulerName("RR").has_value());
  CHECK_FALSE(ParseSchedulerName("").has_value());
  QCHECK(ToString(Result::kTooLarge) == "too-large");
}

TEST_CASE("SendQueue: Init rejects zero and oversized capacities", "[fast]") {
  SendQueue q;
  CHECK_FALSE(q.Init(0, 16, 4));
  CHECK_FALSE(q.Init(1024, 0, 4));
  CHECK_FALSE(q.Init(1024, 16, 0));
  CHECK_FALSE(q.Init(1024, SendQueue::kMaxMessageCapacity + 1, 4));
  QCHECK(q.Init(1024, 16, 4));
  QCHECK(q.byte_capacity() == 1024);
  QCHECK(q.stream_count() == 0);
  QCHECK(q.scheduler() == SchedulerKind::kFcfs);
  CHECK_FALSE(q.HasDataToSend());
  QCHECK(q.IsConsistent());
}

TEST_CASE("SendQueue: fragments a message at max_payload", "[fast]") {
  constexpr size_t kMaxPayload = 1436;
  const size_t size =
      GENERATE(size_t{1}, size_t{1436}, size_t{1437}, size_t{256 * 1024});
  INFO("message size " << size);
  SendQueue q;
  Setup(q, 512 * 1024, 16, 4, 4);
  const std::vector<uint8_t> message = Pattern(size, 7);
  QREQUIRE(q.Enqueue(StreamId(2), Ppid(51), false, message) == Result::kOk);
  QCHECK(q.unsent_bytes() == size);
  QCHECK(q.bytes_held() == size);

  std::vector<Fragment> fragments = ProduceMessage(q, kMaxPayload);
  QREQUIRE(fragments.size() == (size + kMaxPayload - 1) / kMaxPayload);
  for (size_t i = 0; i < fragments.size(); ++i) {
    const Fragment& f = fragments[i];
    QCHECK(f.message == fragments[0].message);
    QCHECK(f.stream_id == StreamId(2));
    QCHECK(f.ssn == Ssn(0));
    QCHECK(f.ppid == Ppid(51));
    CHECK_FALSE(f.unordered);
    QCHECK(f.offset == i * kMaxPayload);
    QCHECK(f.length == std::min(kMaxPayload, size - f.offset));
    // RFC 9260 §3.3.1: B on the first piece, E on the last, both when whole.
    QCHECK(f.beginning == (i == 0));
    QCHECK(f.ending == (i + 1 == fragments.size()));
    QREQUIRE(f.payload.size() == f.length);
    QCHECK(std::equal(f.payload.begin(), f.payload.end(),
                     message.begin() + f.offset));
    std::span<const uint8_t> again = q.Payload(f.message, f.offset, f.length);
    QCHECK(again.data() == f.payload.data());
    QCHECK(again.size() == f.length);
  }
  QCHECK(q.unsent_bytes() == 0);
  CHECK_FALSE(q.HasDataToSend());
  CHECK_FALSE(q.Produce(kMaxPayload).has_value());

  // Held until the last fragment is released, whatever the order.
  std::reverse(fragments.begin(), fragments.end());
  for (size_t i = 0; i + 1 < fragments.size(); ++i) {
    q.ReleaseFragment(fragments[i].message);
  }
  QCHECK(q.bytes_held() == size);
  QCHECK(q.IsLive(fragments[0].message));
  q.ReleaseFragment(fragments.back().message);
  QCHECK(q.bytes_held() == 0);
  QCHECK(q.messages_held() == 0);
  CHECK_FALSE(q.IsLive(fragments[0].message));
  QCHECK(q.IsConsistent());
}

TEST_CASE("SendQueue: a fragment never exceeds 65535 bytes", "[fast]") {
  SendQueue q;
  Setup(q, 200000, 4, 1, 1);
  QREQUIRE(Send(q, 0, 100000) == Result::kOk);
  std::vector<Fragment> fragments = ProduceMessage(q, size_t{1} << 20);
  QREQUIRE(fragments.size() == 2);
  QCHECK(fragments[0].length == 65535);
  QCHECK(fragments[1].length == 100000 - 65535);
}

TEST_CASE("SendQueue: max_payload 1 produces one byte at a time", "[fast]") {
  SendQueue q;
  Setup(q, 64, 4, 1, 1);
  const std::vector<uint8_t> message = Pattern(5, 3);
  QREQUIRE(Send(q, 0, message) == Result::kOk);
  std::vector<Fragment> fragments = ProduceMessage(q, 1);
  QREQUIRE(fragments.size() == 5);
  for (size_t i = 0; i < 5; ++i) {
    QCHECK(fragments[i].length == 1);
    QCHECK(fragments[i].payload[0] == message[i]);
  }
}

TEST_CASE("SendQueue: SSNs per stream, unordered messages take none",
          "[fast]") {
  SendQueue q;
  Setup(q, 4096, 32, 4, 4);
  // Stream 0: ordered, ordered, unordered, ordered; stream 1: ordered.
  QREQUIRE(Send(q, 0, Pattern(10, 1)) == Result::kOk);
  QREQUIRE(Send(q, 0, Pattern(10, 2)) == Result::kOk);
  QREQUIRE(Send(q, 0, Pattern(10, 3), /*unordered=*/true) == Result::kOk);
  QREQUIRE(Send(q, 1, Pattern(10, 4)) == Result::kOk);
  QREQUIRE(Send(q, 0, Pattern(10, 5)) == Result::kOk);
  struct Seen {
    uint16_t stream;
    uint16_t ssn;
    bool unordered;
  };
  std::vector<Seen> seen;
  while (q.HasDataToSend()) {
    std::vector<Fragment> f = ProduceMessage(q, 1000);
    seen.push_back({f[0].stream_id.value(), f[0].ssn.value(), f[0].unordered});
    ReleaseAll(q, f);
  }
  QREQUIRE(seen.size() == 5);
  // FCFS: arrival order.
  QCHECK((seen[0].stream == 0 && seen[0].ssn == 0 && !seen[0].unordered));
  QCHECK((seen[1].stream == 0 && seen[1].ssn == 1));
  // RFC 9260 §6.5: "For unordered user messages, the Stream Sequence Number
  // MUST NOT be changed."
  QCHECK((seen[2].stream == 0 && seen[2].ssn == 0 && seen[2].unordered));
  QCHECK((seen[3].stream == 1 && seen[3].ssn == 0));
  QCHECK((seen[4].stream == 0 && seen[4].ssn == 2));
}

TEST_CASE("SendQueue: SSN wraps from 65535 to 0", "[fast]") {
  SendQueue q;
  Setup(q, 256, 8, 2, 2);
  uint16_t expected = 0;
  for (uint32_t i = 0; i < 65536 + 3; ++i) {
    QREQUIRE(Send(q, 1, 1, i) == Result::kOk);
    std::optional<Fragment> f = q.Produce(100);
    QREQUIRE(f.has_value());
    QREQUIRE(f->ssn == Ssn(expected));
    if (i == 65535) QCHECK(f->ssn == Ssn(65535));
    if (i == 65536) QCHECK(f->ssn == Ssn(0));
    ++expected;
    q.ReleaseFragment(f->message);
  }
  QCHECK(q.bytes_held() == 0);
}

TEST_CASE("SendQueue: the SSN is taken when the first fragment is produced",
          "[fast]") {
  SendQueue q;
  Setup(q, 4096, 16, 2, 2);
  QREQUIRE(Send(q, 0, 100, 1) == Result::kOk);
  QREQUIRE(Send(q, 0, 100, 2) == Result::kOk);
  // The first message never goes out: it does not use up SSN 0.
  std::vector<uint8_t> buffer(100);
  QREQUIRE(q.TakeUnsent(buffer).has_value());
  std::optional<Fragment> f = q.Produce(1000);
  QREQUIRE(f.has_value());
  QCHECK(f->ssn == Ssn(0));
  QCHECK(std::equal(f->payload.begin(), f->payload.end(),
                   Pattern(100, 2).begin()));
}

TEST_CASE("SendQueue: SetStreamCount starts SSNs again at 0", "[fast]") {
  SendQueue q;
  Setup(q, 4096, 16, 2, 2);
  for (int i = 0; i < 3; ++i) QREQUIRE(Send(q, 1, 10) == Result::kOk);
  DrainOrder(q);
  q.SetStreamCount(2);
  QREQUIRE(Send(q, 1, 10) == Result::kOk);
  std::optional<Fragment> f = q.Produce(100);
  QREQUIRE(f.has_value());
  QCHECK(f->ssn == Ssn(0));
}

TEST_CASE("SendQueue: rejects invalid streams", "[fast]") {
  SendQueue q;
  QREQUIRE(q.Init(4096, 16, 8));
  // No usable stream before the association says how many.
  QCHECK(Send(q, 0, 10) == Result::kInvalidStream);
  q.SetStreamCount(4);
  QCHECK(Send(q, 3, 10) == Result::kOk);
  QCHECK(Send(q, 4, 10) == Result::kInvalidStream);
  QCHECK(Send(q, 65535, 10) == Result::kInvalidStream);
  // Capped at max_streams.
  q.SetStreamCount(100);
  QCHECK(q.stream_count() == 8);
  QCHECK(Send(q, 7, 10) == Result::kOk);
  QCHECK(Send(q, 8, 10) == Result::kInvalidStream);
  QCHECK(q.messages_held() == 2);
  QCHECK(q.SetStreamPriority(StreamId(7), 3));
  CHECK_FALSE(q.SetStreamPriority(StreamId(8), 3));
  QCHECK(q.SetStreamWeight(StreamId(7), 1));
  CHECK_FALSE(q.SetStreamWeight(StreamId(7), 0));
  CHECK_FALSE(q.SetStreamWeight(StreamId(8), 1));
  SendQueue uninitialized;
  QCHECK(Send(uninitialized, 0, 10) == Result::kInvalidStream);
  CHECK_FALSE(uninitialized.HasDataToSend());
  CHECK_FALSE(uninitialized.Produce(100).has_value());
}

TEST_CASE("SendQueue: rejects empty messages", "[fast]") {
  SendQueue q;
  Setup(q, 4096, 16, 1, 1);
  QCHECK(q.Enqueue(StreamId(0), Ppid(0), false, {}) == Result::kEmpty);
  QCHECK(q.messages_held() == 0);
  CHECK_FALSE(q.HasDataToSend());
}

TEST_CASE("SendQueue: too large versus no space", "[fast]") {
  SendQueue q;
  Setup(q, 1000, 16, 1, 1);
  QCHECK(Send(q, 0, 1001) == Result::kTooLarge);
  QCHECK(Send(q, 0, 1000) == Result::kOk);  // exactly the capacity fits
  QCHECK(Send(q, 0, 1) == Result::kNoSpace);
  QCHECK(q.bytes_held() == 1000);
  QCHECK(q.messages_held() == 1);
}

TEST_CASE("SendQueue: no space until releases free room", "[fast]") {
  SendQueue q;
  Setup(q, 3000, 16, 2, 2);
  QREQUIRE(Send(q, 0, 1000, 1) == Result::kOk);
  QREQUIRE(Send(q, 1, 1000, 2) == Result::kOk);
  QREQUIRE(Send(q, 0, 1000, 3) == Result::kOk);
  QCHECK(Send(q, 1, 1000, 4) == Result::kNoSpace);
  std::vector<Fragment> first = ProduceMessage(q, 400);
  // Produced is not enough: the bytes wait for acknowledgement.
  QCHECK(Send(q, 1, 1000, 4) == Result::kNoSpace);
  ReleaseAll(q, {first.begin(), first.end() - 1});
  QCHECK(Send(q, 1, 1000, 4) == Result::kNoSpace);
  q.ReleaseFragment(first.back().message);
  QCHECK(Send(q, 1, 1000, 4) == Result::kOk);
  QCHECK(q.bytes_held() == 3000);
  QCHECK(q.IsConsistent());
}

TEST_CASE("SendQueue: message_capacity bounds the messages held", "[fast]") {
  SendQueue q;
  Setup(q, 100000, 2, 1, 1);
  QREQUIRE(Send(q, 0, 10) == Result::kOk);
  QREQUIRE(Send(q, 0, 10) == Result::kOk);
  QCHECK(Send(q, 0, 10) == Result::kNoSpace);
  ReleaseAll(q, ProduceMessage(q, 100));
  QCHECK(Send(q, 0, 10) == Result::kOk);
  QCHECK(q.messages_held() == 2);
}

TEST_CASE(
    "SendQueue: a message that does not fit the ring's tail wraps to "
    "its start",
    "[fast]") {
  SendQueue q;
  Setup(q, 100, 16, 1, 1);
  const std::vector<uint8_t> a = Pattern(60, 1), b = Pattern(30, 2),
                             c = Pattern(50, 3), d = Pattern(10, 4),
                             e = Pattern(40, 5);
  QREQUIRE(Send(q, 0, a) == Result::kOk);  // [0, 60)
  QREQUIRE(Send(q, 0, b) == Result::kOk);  // [60, 90)
  // 10 bytes left at the tail and nothing free before A.
  QCHECK(Send(q, 0, c) == Result::kNoSpace);
  std::vector<Fragment> fa = ProduceMessage(q, 100);
  std::vector<Fragment> fb = ProduceMessage(q, 100);
  const uint8_t* base = fa[0].payload.data();
  QCHECK(fb[0].payload.data() == base + 60);
  ReleaseAll(q, fa);
  QREQUIRE(Send(q, 0, c) == Result::kOk);  // [0, 50): skips [90, 100)
  // 80 bytes held, 20 unused, but only [50, 60) is contiguous.
  QCHECK(Send(q, 0, 20) == Result::kNoSpace);
  QREQUIRE(Send(q, 0, d) == Result::kOk);  // [50, 60)
  QCHECK(Send(q, 0, 1) == Result::kNoSpace);
  std::vector<Fragment> fc = ProduceMessage(q, 100);
  std::vector<Fragment> fd = ProduceMessage(q, 100);
  QCHECK(fc[0].payload.data() == base);
  QCHECK(fd[0].payload.data() == base + 50);
  // B was the oldest: releasing it frees [60, 100) including the skip.
  ReleaseAll(q, fb);
  QREQUIRE(Send(q, 0, e) == Result::kOk);
  std::vector<Fragment> fe = ProduceMessage(q, 100);
  QCHECK(fe[0].payload.data() == base + 60);
  QCHECK(std::equal(fc[0].payload.begin(), fc[0].payload.end(), c.begin()));
  QCHECK(std::equal(fd[0].payload.begin(), fd[0].payload.end(), d.begin()));
  QCHECK(std::equal(fe[0].payload.begin(), fe[0].payload.end(), e.begin()));
  QCHECK(q.IsConsistent());
  ReleaseAll(q, fc);
  ReleaseAll(q, fd);
  ReleaseAll(q, fe);
  QCHECK(q.bytes_held() == 0);
  QCHECK(Send(q, 0, 100) == Result::kOk);
}

TEST_CASE("SendQueue: free spans fit exactly, one byte more does not",
          "[fast]") {
  SendQueue q;
  Setup(q, 100, 16, 1, 1);
  QREQUIRE(Send(q, 0, 40, 1) == Result::kOk);  // A [0, 40)
  QREQUIRE(Send(q, 0, 30, 2) == Result::kOk);  // B [40, 70)
  std::vector<Fragment> fa = ProduceMessage(q, 100);
  ReleaseAll(q, fa);  // free: [70, 100) and [0, 40)
  QCHECK(Send(q, 0, 41) == Result::kNoSpace);
  QREQUIRE(Send(q, 0, 40, 3) == Result::kOk);  // C [0, 40), wrapped
  QCHECK(Send(q, 0, 1) == Result::kNoSpace);   // [40, 40) is all that is left
  std::vector<Fragment> fb = ProduceMessage(q, 100);
  ReleaseAll(q, fb);  // free: [40, 100)
  QCHECK(Send(q, 0, 61) == Result::kNoSpace);
  QREQUIRE(Send(q, 0, 60, 4) == Result::kOk);  // D [40, 100)
  QCHECK(Send(q, 0, 1) == Result::kNoSpace);
  std::vector<Fragment> fc = ProduceMessage(q, 100);
  std::vector<Fragment> fd = ProduceMessage(q, 100);
  QCHECK(fd[0].payload.data() == fc[0].payload.data() + 40);
  ReleaseAll(q, fc);  // free: [0, 40)
  QCHECK(Send(q, 0, 41) == Result::kNoSpace);
  QREQUIRE(Send(q, 0, 40, 5) == Result::kOk);
  QCHECK(q.IsConsistent());
}

TEST_CASE("SendQueue: space comes back in allocation order", "[fast]") {
  SendQueue q;
  Setup(q, 90, 16, 1, 1);
  QREQUIRE(Send(q, 0, 30, 1) == Result::kOk);
  QREQUIRE(Send(q, 0, 30, 2) == Result::kOk);
  QREQUIRE(Send(q, 0, 30, 3) == Result::kOk);
  std::vector<Fragment> fa = ProduceMessage(q, 100);
  std::vector<Fragment> fb = ProduceMessage(q, 100);
  std::vector<Fragment> fc = ProduceMessage(q, 100);
  ReleaseAll(q, fb);
  ReleaseAll(q, fc);
  QCHECK(q.bytes_held() == 30);
  QCHECK(q.messages_held() == 1);
  // B and C are finished, but A (older) still holds the ring.
  QCHECK(Send(q, 0, 30) == Result::kNoSpace);
  ReleaseAll(q, fa);
  QCHECK(Send(q, 0, 90) == Result::kOk);
}

TEST_CASE("SendQueue: an unsent low-priority message holds back reclamation",
          "[fast]") {
  SendQueue q;
  Setup(q, 100, 16, 2, 2);
  q.SetScheduler(SchedulerKind::kPriority);
  QREQUIRE(q.SetStreamPriority(StreamId(1), 9));
  QREQUIRE(Send(q, 1, 10) == Result::kOk);  // low priority, first in the ring
  for (int i = 0; i < 9; ++i) QREQUIRE(Send(q, 0, 10) == Result::kOk);
  for (int i = 0; i < 9; ++i) {
    std::vector<Fragment> f = ProduceMessage(q, 100);
    QCHECK(f[0].stream_id == StreamId(0));
    ReleaseAll(q, f);
  }
  QCHECK(q.bytes_held() == 10);
  QCHECK(Send(q, 0, 20) == Result::kNoSpace);
  ReleaseAll(q, ProduceMessage(q, 100));
  QCHECK(Send(q, 0, 100) == Result::kOk);
}

TEST_CASE("SendQueue: FCFS sends in arrival order across streams", "[fast]") {
  SendQueue q;
  Setup(q, 4096, 16, 4, 4);
  for (uint16_t stream : {2, 0, 1, 2, 0, 3}) {
    QREQUIRE(Send(q, stream, 10) == Result::kOk);
  }
  QCHECK(DrainOrder(q) == std::vector<uint16_t>{2, 0, 1, 2, 0, 3});
}

TEST_CASE("SendQueue: round robin takes one message per stream in turn",
          "[fast]") {
  SendQueue q;
  Setup(q, 4096, 32, 4, 4);
  q.SetScheduler(SchedulerKind::kRoundRobin);
  for (int i = 0; i < 3; ++i) QREQUIRE(Send(q, 0, 10) == Result::kOk);
  for (int i = 0; i < 3; ++i) QREQUIRE(Send(q, 1, 10) == Result::kOk);
  QREQUIRE(Send(q, 2, 10) == Result::kOk);
  QCHECK(DrainOrder(q) == std::vector<uint16_t>{0, 1, 2, 0, 1, 0, 1});
}

TEST_CASE(
    "SendQueue: round robin puts a stream that gets data at the end of "
    "the round",
    "[fast]") {
  SendQueue q;
  Setup(q, 4096, 32, 4, 4);
  q.SetScheduler(SchedulerKind::kRoundRobin);
  for (uint16_t s : {0, 1, 2}) {
    QREQUIRE(Send(q, s, 10) == Result::kOk);
    QREQUIRE(Send(q, s, 10) == Result::kOk);
  }
  std::vector<Fragment> f = ProduceMessage(q, 100);
  QCHECK(f[0].stream_id == StreamId(0));
  QREQUIRE(Send(q, 3, 10) == Result::kOk);
  QCHECK(DrainOrder(q) == std::vector<uint16_t>{1, 2, 0, 3, 1, 2});
}

TEST_CASE("SendQueue: round robin over 1000 streams", "[fast]") {
  SendQueue q;
  Setup(q, 1 << 16, 2000, 1000, 1000);
  q.SetScheduler(SchedulerKind::kRoundRobin);
  for (int round = 0; round < 2; ++round) {
    for (uint16_t s = 0; s < 1000; ++s) QREQUIRE(Send(q, s, 8) == Result::kOk);
  }
  std::vector<uint16_t> order = DrainOrder(q);
  QREQUIRE(order.size() == 2000);
  for (size_t i = 0; i < order.size(); ++i) QCHECK(order[i] == i % 1000);
}

TEST_CASE(
    "SendQueue: priority serves lower values first, round robin among "
    "equals",
    "[fast]") {
  SendQueue q;
  Setup(q, 4096, 32, 4, 4);
  q.SetScheduler(SchedulerKind::kPriority);
  QREQUIRE(q.SetStreamPriority(StreamId(0), 5));
  QREQUIRE(q.SetStreamPriority(StreamId(1), 1));
  QREQUIRE(q.SetStreamPriority(StreamId(2), 1));
  QREQUIRE(q.SetStreamPriority(StreamId(3), 9));
  for (uint16_t s : {3, 0, 2, 1, 3, 0, 2, 1}) {
    QREQUIRE(Send(q, s, 10) == Result::kOk);
  }
  QCHECK(DrainOrder(q) == std::vector<uint16_t>{2, 1, 2, 1, 0, 0, 3, 3});
}

TEST_CASE("SendQueue: priority preempts between messages, not within one",
          "[fast]") {
  SendQueue q;
  Setup(q, 8192, 32, 2, 2);
  q.SetScheduler(SchedulerKind::kPriority);
  QREQUIRE(q.SetStreamPriority(StreamId(0), 0));
  QREQUIRE(q.SetStreamPriority(StreamId(1), 9));
  QREQUIRE(Send(q, 1, 5000, 1) == Result::kOk);
  QREQUIRE(Send(q, 1, 100, 2) == Result::kOk);
  std::optional<Fragment> first = q.Produce(1000);
  QREQUIRE(first.has_value());
  QCHECK(first->stream_id == StreamId(1));
  // A more urgent message arrives: the started one is finished first
  // (RFC 9260 §6.9: consecutive TSNs).
  QREQUIRE(Send(q, 0, 100, 3) == Result::kOk);
  for (int i = 1; i < 5; ++i) {
    std::optional<Fragment> f = q.Produce(1000);
    QREQUIRE(f.has_value());
    QCHECK(f->message == first->message);
    QCHECK(f->offset == i * 1000u);
    QCHECK(f->ending == (i == 4));
  }
  std::optional<Fragment> next = q.Produce(1000);
  QREQUIRE(next.has_value());
  QCHECK(next->stream_id == StreamId(0));
}

TEST_CASE("SendQueue: changing a stream's priority moves it", "[fast]") {
  SendQueue q;
  Setup(q, 4096, 32, 3, 3);
  q.SetScheduler(SchedulerKind::kPriority);
  QREQUIRE(q.SetStreamPriority(StreamId(0), 1));
  QREQUIRE(q.SetStreamPriority(StreamId(1), 2));
  for (uint16_t s : {0, 0, 1, 1}) QREQUIRE(Send(q, s, 10) == Result::kOk);
  std::vector<Fragment> f = ProduceMessage(q, 100);
  QCHECK(f[0].stream_id == StreamId(0));
  QREQUIRE(q.SetStreamPriority(StreamId(1), 0));
  QCHECK(q.IsConsistent());
  QCHECK(DrainOrder(q) == std::vector<uint16_t>{1, 1, 0});
}

// Bytes produced per stream over the first `messages` messages.
std::vector<uint64_t> BytesPerStream(SendQueue& q, size_t streams,
                                     size_t messages) {
  std::vector<uint64_t> bytes(streams);
  for (size_t i = 0; i < messages; ++i) {
    std::vector<Fragment> f = ProduceMessage(q, 1500);
    for (const Fragment& fragment : f) {
      bytes[fragment.stream_id.value()] += fragment.length;
    }
    ReleaseAll(q, f);
  }
  return bytes;
}

TEST_CASE("SendQueue: weighted fair queueing shares bytes by weight",
          "[fast]") {
  SendQueue q;
  Setup(q, 1 << 20, 2000, 2, 2);
  q.SetScheduler(SchedulerKind::kWeightedFair);
  QREQUIRE(q.SetStreamWeight(StreamId(0), 1));
  QREQUIRE(q.SetStreamWeight(StreamId(1), 3));
  for (int i = 0; i < 400; ++i) {
    QREQUIRE(Send(q, 0, 100) == Result::kOk);
    QREQUIRE(Send(q, 1, 100) == Result::kOk);
  }
  // Both streams stay backlogged over the first 400 messages.
  std::vector<uint64_t> bytes = BytesPerStream(q, 2, 400);
  INFO("stream 0: " << bytes[0] << " stream 1: " << bytes[1]);
  QCHECK(bytes[0] + bytes[1] == 40000);
  QCHECK(bytes[1] >= 2.9 * bytes[0]);
  QCHECK(bytes[1] <= 3.1 * bytes[0]);
}

TEST_CASE("SendQueue: weighted fair queueing counts bytes, not messages",
          "[fast]") {
  SendQueue q;
  Setup(q, 1 << 20, 2000, 2, 2);
  q.SetScheduler(SchedulerKind::kWeightedFair);
  for (int i = 0; i < 300; ++i) QREQUIRE(Send(q, 0, 300) == Result::kOk);
  for (int i = 0; i < 900; ++i) QREQUIRE(Send(q, 1, 100) == Result::kOk);
  std::vector<uint64_t> bytes = BytesPerStream(q, 2, 400);
  INFO("stream 0: " << bytes[0] << " stream 1: " << bytes[1]);
  // Equal weights: equal bytes, so three small messages per large one.
  QCHECK(bytes[0] >= 0.95 * bytes[1]);
  QCHECK(bytes[0] <= 1.05 * bytes[1]);
}

TEST_CASE("SendQueue: weighted fair queueing follows a weight change",
          "[fast]") {
  SendQueue q;
  Setup(q, 1 << 20, 4000, 2, 2);
  q.SetScheduler(SchedulerKind::kWeightedFair);
  for (int i = 0; i < 1000; ++i) {
    QREQUIRE(Send(q, 0, 100) == Result::kOk);
    QREQUIRE(Send(q, 1, 100) == Result::kOk);
  }
  std::vector<uint64_t> even = BytesPerStream(q, 2, 200);
  QCHECK(even[0] == even[1]);
  QREQUIRE(q.SetStreamWeight(StreamId(0), 4));
  QCHECK(q.IsConsistent());
  std::vector<uint64_t> after = BytesPerStream(q, 2, 500);
  INFO("stream 0: " << after[0] << " stream 1: " << after[1]);
  QCHECK(after[0] >= 3.8 * after[1]);
  QCHECK(after[0] <= 4.2 * after[1]);
}

TEST_CASE(
    "SendQueue: switching scheduler mid-message keeps the message "
    "whole",
    "[fast]") {
  SendQueue q;
  Setup(q, 1 << 16, 64, 3, 3);
  QREQUIRE(Send(q, 0, 5000, 1) == Result::kOk);
  QREQUIRE(Send(q, 0, 100, 2) == Result::kOk);
  QREQUIRE(Send(q, 0, 100, 3) == Result::kOk);
  QREQUIRE(Send(q, 1, 100, 4) == Result::kOk);
  QREQUIRE(Send(q, 1, 100, 5) == Result::kOk);
  QREQUIRE(Send(q, 2, 100, 6) == Result::kOk);
  std::optional<Fragment> first = q.Produce(1000);
  QREQUIRE(first.has_value());
  q.SetScheduler(SchedulerKind::kRoundRobin);
  QCHECK(q.IsConsistent());
  for (int i = 1; i < 5; ++i) {
    std::optional<Fragment> f = q.Produce(1000);
    QREQUIRE(f.has_value());
    QCHECK(f->message == first->message);
    q.ReleaseFragment(f->message);
  }
  q.ReleaseFragment(first->message);
  // Round robin from here, the rebuilt ring in stream order.
  QCHECK(DrainOrder(q) == std::vector<uint16_t>{0, 1, 2, 0, 1});
  QCHECK(q.bytes_held() == 0);

  // And through every scheduler while data is queued.
  for (uint16_t s : {0, 1, 2, 0, 1, 2, 0, 1, 2, 0}) {
    QREQUIRE(Send(q, s, 50) == Result::kOk);
  }
  size_t produced = 0;
  for (SchedulerKind kind :
       {SchedulerKind::kWeightedFair, SchedulerKind::kPriority,
        SchedulerKind::kFcfs, SchedulerKind::kRoundRobin,
        SchedulerKind::kWeightedFair}) {
    q.SetScheduler(kind);
    QCHECK(q.IsConsistent());
    ReleaseAll(q, ProduceMessage(q, 30));
    ++produced;
    QCHECK(q.IsConsistent());
  }
  produced += DrainOrder(q).size();
  QCHECK(produced == 10);
  QCHECK(q.messages_held() == 0);
}

TEST_CASE("SendQueue: TakeUnsent and TakeUnacknowledged return the oldest",
          "[fast]") {
  const SchedulerKind kind =
      GENERATE(SchedulerKind::kFcfs, SchedulerKind::kRoundRobin,
               SchedulerKind::kPriority, SchedulerKind::kWeightedFair);
  INFO("scheduler " << SchedulerName(kind));
  SendQueue q;
  Setup(q, 4096, 16, 2, 2);
  q.SetScheduler(kind);
  const std::vector<uint8_t> a = Pattern(100, 1), b = Pattern(200, 2),
                             c = Pattern(300, 3), d = Pattern(70, 4);
  QREQUIRE(Send(q, 0, a) == Result::kOk);
  QREQUIRE(Send(q, 1, b, /*unordered=*/true, /*ppid=*/7) == Result::kOk);
  QREQUIRE(Send(q, 0, c) == Result::kOk);
  QREQUIRE(Send(q, 1, d) == Result::kOk);
  std::vector<Fragment> fa = ProduceMessage(q, 1000);
  QREQUIRE(fa[0].stream_id == StreamId(0));  // every scheduler starts here
  std::optional<Fragment> fb = q.Produce(64);
  QREQUIRE(fb.has_value());
  // B, partly produced (weighted fair queueing too: C is the larger).
  QREQUIRE(fb->stream_id == StreamId(1));
  QCHECK(q.unsent_bytes() == 200 - 64 + 300 + 70);

  // RFC 9260 §11.1.14: C, then D, never the partly sent B.
  std::vector<uint8_t> buffer(1000);
  std::optional<TakenMessage> taken = q.TakeUnsent(buffer);
  QREQUIRE(taken.has_value());
  QCHECK(taken->stream_id == StreamId(0));
  QCHECK(taken->length == 300);
  QCHECK(taken->copied == 300);
  QCHECK(std::equal(c.begin(), c.end(), buffer.begin()));
  taken = q.TakeUnsent(std::span<uint8_t>(buffer).first(20));
  QREQUIRE(taken.has_value());
  QCHECK(taken->stream_id == StreamId(1));
  QCHECK(taken->length == 70);
  QCHECK(taken->copied == 20);
  QCHECK(std::equal(d.begin(), d.begin() + 20, buffer.begin()));
  CHECK_FALSE(q.TakeUnsent(buffer).has_value());
  QCHECK(q.IsConsistent());

  // RFC 9260 §11.1.15: A (produced first), then B.
  taken = q.TakeUnacknowledged(std::span<uint8_t>(buffer).first(10));
  QREQUIRE(taken.has_value());
  QCHECK(taken->stream_id == StreamId(0));
  QCHECK(taken->length == 100);
  QCHECK(taken->copied == 10);
  QCHECK(std::equal(a.begin(), a.begin() + 10, buffer.begin()));
  CHECK_FALSE(q.IsLive(fa[0].message));
  taken = q.TakeUnacknowledged(buffer);
  QREQUIRE(taken.has_value());
  QCHECK(taken->stream_id == StreamId(1));
  QCHECK(taken->ppid == Ppid(7));
  QCHECK(taken->unordered);
  QCHECK(taken->length == 200);
  QCHECK(std::equal(b.begin(), b.end(), buffer.begin()));
  CHECK_FALSE(q.IsLive(fb->message));
  // The rest of B is gone with it.
  QCHECK(q.unsent_bytes() == 0);
  CHECK_FALSE(q.HasDataToSend());
  CHECK_FALSE(q.Produce(64).has_value());
  CHECK_FALSE(q.TakeUnacknowledged(buffer).has_value());
  QCHECK(q.messages_held() == 0);
  QCHECK(q.bytes_held() == 0);
  QCHECK(q.IsConsistent());
  QCHECK(Send(q, 0, 4096) == Result::kOk);
}

TEST_CASE("SendQueue: TakeUnsent keeps the stream's schedule", "[fast]") {
  SendQueue q;
  Setup(q, 4096, 16, 2, 2);
  q.SetScheduler(SchedulerKind::kWeightedFair);
  QREQUIRE(Send(q, 0, 1000) == Result::kOk);
  QREQUIRE(Send(q, 0, 10) == Result::kOk);
  QREQUIRE(Send(q, 1, 500) == Result::kOk);
  std::vector<uint8_t> buffer(1000);
  QREQUIRE(q.TakeUnsent(buffer).has_value());  // stream 0's 1000 bytes
  QCHECK(q.IsConsistent());
  // Stream 0's head is now 10 bytes: it finishes before stream 1's 500.
  QCHECK(DrainOrder(q) == std::vector<uint16_t>{0, 1});
}

TEST_CASE("SendQueue: Clear drops everything", "[fast]") {
  SendQueue q;
  Setup(q, 1000, 16, 2, 2);
  q.SetScheduler(SchedulerKind::kRoundRobin);
  QREQUIRE(Send(q, 0, 300) == Result::kOk);
  QREQUIRE(Send(q, 1, 300) == Result::kOk);
  QREQUIRE(Send(q, 1, 300) == Result::kOk);
  std::vector<Fragment> f0 = ProduceMessage(q, 1000);
  std::optional<Fragment> f1 = q.Produce(100);
  QREQUIRE(f1.has_value());
  q.Clear();
  CHECK_FALSE(q.IsLive(f0[0].message));
  CHECK_FALSE(q.IsLive(f1->message));
  QCHECK(q.messages_held() == 0);
  QCHECK(q.bytes_held() == 0);
  QCHECK(q.unsent_bytes() == 0);
  CHECK_FALSE(q.HasDataToSend());
  CHECK_FALSE(q.Produce(100).has_value());
  std::vector<uint8_t> buffer(10);
  CHECK_FALSE(q.TakeUnsent(buffer).has_value());
  CHECK_FALSE(q.TakeUnacknowledged(buffer).has_value());
  QCHECK(q.IsConsistent());
  // Configuration stays; SSNs start again.
  QCHECK(q.scheduler() == SchedulerKind::kRoundRobin);
  QCHECK(q.stream_count() == 2);
  QREQUIRE(Send(q, 0, 1000) == Result::kOk);
  std::vector<Fragment> again = ProduceMessage(q, 1000);
  QCHECK(again[0].ssn == Ssn(0));
  CHECK_FALSE(again[0].message == f0[0].message);
}

TEST_CASE("SendQueue: fewer streams keep the others' messages for TakeUnsent",
          "[fast]") {
  SendQueue q;
  Setup(q, 4096, 16, 4, 4);
  QREQUIRE(Send(q, 3, 10, 1) == Result::kOk);  // A
  QREQUIRE(Send(q, 2, 20, 2) == Result::kOk);  // B
  QREQUIRE(Send(q, 3, 30, 3) == Result::kOk);  // C
  QREQUIRE(Send(q, 0, 40, 4) == Result::kOk);  // D
  q.SetStreamCount(3);                        // A and C can no longer go
  QCHECK(q.unsent_bytes() == 60);
  QCHECK(q.messages_held() == 4);
  q.SetStreamCount(4);
  QREQUIRE(Send(q, 3, 50, 5) == Result::kOk);  // E
  q.SetScheduler(SchedulerKind::kRoundRobin);
  q.SetStreamCount(2);  // B and E join them, in arrival order
  QCHECK(q.IsConsistent());
  QCHECK(q.unsent_bytes() == 40);
  QCHECK(Send(q, 2, 10) == Result::kInvalidStream);
  std::vector<uint8_t> buffer(100);
  std::vector<size_t> lengths;
  while (std::optional<TakenMessage> taken = q.TakeUnsent(buffer)) {
    lengths.push_back(taken->length);
    QCHECK(std::equal(buffer.begin(), buffer.begin() + taken->copied,
                     Pattern(taken->length, taken->length / 10).begin()));
  }
  QCHECK(lengths == std::vector<size_t>{10, 20, 30, 40, 50});
  QCHECK(q.messages_held() == 0);
  QCHECK(q.IsConsistent());
}

TEST_CASE("SendQueue: stranded messages are never produced", "[fast]") {
  SendQueue q;
  Setup(q, 4096, 16, 4, 4);
  QREQUIRE(Send(q, 3, 10) == Result::kOk);
  QREQUIRE(Send(q, 0, 10) == Result::kOk);
  q.SetStreamCount(1);
  QCHECK(DrainOrder(q) == std::vector<uint16_t>{0});
  QCHECK(q.messages_held() == 1);
  QCHECK(q.bytes_held() == 10);
  q.Clear();
  QCHECK(q.messages_held() == 0);
}

// A reference model for the randomized test: the messages, their streams'
// FIFOs and SSNs, and the ring as a byte map (a region is freed only when it
// and everything allocated before it is finished).
struct Model {
  struct Message {
    uint16_t stream = 0;
    bool unordered = false;
    uint32_t ppid = 0;
    std::vector<uint8_t> bytes;
    uint64_t arrival = 0;
    size_t ring_offset = 0;
    size_t produced = 0;
    size_t outstanding = 0;
    bool started = false;
    bool finished = false;  // all released, or taken
    bool taken = false;
    uint64_t started_order = 0;
    MessageHandle handle = 0;
  };
  struct Outstanding {
    size_t message;
    uint32_t offset;
    uint16_t length;
  };

  size_t byte_capacity = 0;
  size_t message_capacity = 0;
  std::vector<bool> occupied;
  size_t ring_end = 0;
  std::deque<size_t> allocation;  // unreclaimed, allocation order
  std::vector<Message> messages;
  std::vector<std::deque<size_t>> fifo;  // per stream, unsent
  std::vector<uint16_t> next_ssn;
  std::vector<uint16_t> priority;
  std::optional<size_t> current;
  std::deque<Outstanding> outstanding;  // production order
  uint64_t next_started = 0;
  uint64_t unsent_bytes = 0;
  size_t held = 0;
  uint64_t held_bytes = 0;

  bool Free(size_t from, size_t length) const {
    if (from + length > byte_capacity) return false;
    for (size_t i = from; i < from + length; ++i) {
      if (occupied[i]) return false;
    }
    return true;
  }

  std::optional<size_t> Allocate(size_t length) const {
    const size_t end = allocation.empty() ? 0 : ring_end;
    if (Free(end, length)) return end;
    if (Free(0, length)) return 0;
    return std::nullopt;
  }

  void Finish(size_t m) {
    Message& message = messages[m];
    message.finished = true;
    --held;
    held_bytes -= message.bytes.size();
    while (!allocation.empty() && messages[allocation.front()].finished) {
      const Message& done = messages[allocation.front()];
      for (size_t i = 0; i < done.bytes.size(); ++i) {
        occupied[done.ring_offset + i] = false;
      }
      allocation.pop_front();
    }
  }

  bool HasUnsent() const {
    for (const auto& f : fifo) {
      if (!f.empty()) return true;
    }
    return false;
  }
};

// Checks one produced fragment against the model and records it.
void CheckFragment(SendQueue& q, Model& model, const Fragment& f,
                   size_t max_payload, const uint8_t*& base,
                   SchedulerKind scheduler) {
  size_t m = 0;
  if (model.current) {
    m = *model.current;
    REQUIRE_FALSE(f.beginning);
    QREQUIRE(f.message == model.messages[m].handle);
  } else {
    QREQUIRE(f.beginning);
    // Per-stream FIFO: the stream's oldest unsent message.
    auto& fifo = model.fifo.at(f.stream_id.value());
    REQUIRE_FALSE(fifo.empty());
    m = fifo.front();
    if (scheduler == SchedulerKind::kFcfs) {
      for (const auto& other : model.fifo) {
        if (!other.empty()) {
          QREQUIRE(model.messages[m].arrival <=
                  model.messages[other.front()].arrival);
        }
      }
    }
    if (scheduler == SchedulerKind::kPriority) {
      for (size_t s = 0; s < model.fifo.size(); ++s) {
        if (!model.fifo[s].empty()) {
          QREQUIRE(model.priority[f.stream_id.value()] <= model.priority[s]);
        }
      }
    }
    fifo.pop_front();
    Model::Message& message = model.messages[m];
    message.started = true;
    message.started_order = model.next_started++;
    message.handle = f.message;
    // RFC 9260 §6.5: one SSN per ordered message, wrapping; none for
    // unordered ones.
    if (message.unordered) {
      QREQUIRE(f.ssn == Ssn(0));
    } else {
      QREQUIRE(f.ssn == Ssn(model.next_ssn[message.stream]));
      ++model.next_ssn[message.stream];
    }
    model.current = m;
  }
  Model::Message& message = model.messages[m];
  QREQUIRE(f.stream_id == StreamId(message.stream));
  QREQUIRE(f.ppid == Ppid(message.ppid));
  QREQUIRE(f.unordered == message.unordered);
  QREQUIRE(f.offset == message.produced);
  const size_t expected_length = std::min(
      {max_payload, size_t{65535}, message.bytes.size() - message.produced});
  QREQUIRE(f.length == expected_length);
  QREQUIRE(f.ending == (message.produced + f.length == message.bytes.size()));
  QREQUIRE(f.payload.size() == f.length);
  // Where the model's ring put the message (the first fragment ever seen
  // tells where the ring starts).
  if (base == nullptr) base = f.payload.data() - message.ring_offset - f.offset;
  QREQUIRE(f.payload.data() == base + message.ring_offset + f.offset);
  QREQUIRE(std::equal(f.payload.begin(), f.payload.end(),
                     message.bytes.begin() + f.offset));
  QREQUIRE(q.Payload(f.message, f.offset, f.length).data() == f.payload.data());
  message.produced += f.length;
  ++message.outstanding;
  model.unsent_bytes -= f.length;
  model.outstanding.push_back({m, f.offset, f.length});
  if (f.ending) model.current.reset();
}

void RunModel(uint32_t seed) {
  std::mt19937 rng(seed);
  auto uniform = [&rng](size_t lo, size_t hi) {
    return std::uniform_int_distribution<size_t>(lo, hi)(rng);
  };
  const size_t stream_choices[] = {1, 2, 16, 1000, uniform(1, 1000)};
  const auto streams = static_cast<uint16_t>(stream_choices[uniform(0, 4)]);
  Model model;
  model.byte_capacity = uniform(2000, 70000);
  model.message_capacity = uniform(4, 300);
  model.occupied.assign(model.byte_capacity, false);
  model.fifo.resize(streams);
  model.next_ssn.assign(streams, 0);
  model.priority.assign(streams, 0);
  INFO("seed " << seed << " streams " << streams << " bytes "
               << model.byte_capacity << " messages "
               << model.message_capacity);

  SendQueue q;
  Setup(q, static_cast<uint32_t>(model.byte_capacity),
        static_cast<uint32_t>(model.message_capacity), streams, streams);
  SchedulerKind scheduler = static_cast<SchedulerKind>(uniform(0, 3));
  q.SetScheduler(scheduler);
  const uint8_t* base = nullptr;  // the ring's first byte, once seen
  uint64_t next_arrival = 0;
  std::vector<uint8_t> buffer(4096);

  auto produce = [&](size_t max_payload) {
    std::optional<Fragment> f = q.Produce(max_payload);
    if (!f) {
      REQUIRE_FALSE(model.current.has_value());
      REQUIRE_FALSE(model.HasUnsent());
      return false;
    }
    CheckFragment(q, model, *f, max_payload, base, scheduler);
    return true;
  };
  auto release = [&](size_t i) {
    const Model::Outstanding o = model.outstanding[i];
    model.outstanding.erase(model.outstanding.begin() +
                            static_cast<std::ptrdiff_t>(i));
    Model::Message& message = model.messages[o.message];
    std::span<const uint8_t> bytes =
        q.Payload(message.handle, o.offset, o.length);
    QREQUIRE(bytes.size() == o.length);
    QREQUIRE(std::equal(bytes.begin(), bytes.end(),
                       message.bytes.begin() + o.offset));
    q.ReleaseFragment(message.handle);
    --message.outstanding;
    if (message.outstanding == 0 && message.produced == message.bytes.size()) {
      model.Finish(o.message);
      REQUIRE_FALSE(q.IsLive(message.handle));
    }
  };

  const size_t steps = uniform(500, 3000);
  for (size_t step = 0; step < steps; ++step) {
    INFO("step " << step);
    const size_t op = uniform(0, 999);
    if (op < 350) {
      // Enqueue, sometimes on a stream that does not exist, sometimes empty.
      const auto stream = static_cast<uint16_t>(
          uniform(0, 49) == 0 ? streams : uniform(0, streams - 1));
      const size_t size_class = uniform(0, 99);
      const size_t medium = std::min<size_t>(3000, model.byte_capacity / 4);
      size_t size = size_class < 1    ? 0
                    : size_class < 70 ? uniform(1, 200)
                    : size_class < 95
                        ? uniform(200, medium)
                        : uniform(medium, model.byte_capacity / 2);
      if (uniform(0, 199) == 0) size = model.byte_capacity + uniform(1, 10);
      if (uniform(0, 9) == 0 && !model.allocation.empty()) {
        // Sizes at the edges of the free spans: exactly fitting, one over.
        const size_t begin =
            model.messages[model.allocation.front()].ring_offset;
        const size_t end = model.ring_end;
        const size_t spans[] = {model.byte_capacity - end, begin,
                                begin > end ? begin - end : 0};
        size = std::max<size_t>(1, spans[uniform(0, 2)] + uniform(0, 1));
      }
      Model::Message message;
      message.stream = stream;
      message.unordered = uniform(0, 4) == 0;
      message.ppid = static_cast<uint32_t>(rng());
      message.bytes = Pattern(size, static_cast<uint32_t>(rng()));
      Result expected = Result::kOk;
      std::optional<size_t> offset;
      if (stream >= streams) {
        expected = Result::kInvalidStream;
      } else if (size == 0) {
        expected = Result::kEmpty;
      } else if (size > model.byte_capacity) {
        expected = Result::kTooLarge;
      } else if (model.allocation.size() == model.message_capacity ||
                 !(offset = model.Allocate(size))) {
        expected = Result::kNoSpace;
      }
      const Result result = q.Enqueue(StreamId(stream), Ppid(message.ppid),
                                      message.unordered, message.bytes);
      QREQUIRE(ToString(result) == ToString(expected));
      if (result == Result::kOk) {
        message.arrival = next_arrival++;
        message.ring_offset = *offset;
        for (size_t i = 0; i < size; ++i) model.occupied[*offset + i] = true;
        model.ring_end = *offset + size;
        model.allocation.push_back(model.messages.size());
        model.fifo[stream].push_back(model.messages.size());
        model.unsent_bytes += size;
        ++model.held;
        model.held_bytes += size;
        model.messages.push_back(std::move(message));
      }
    } else if (op < 700) {
      const size_t payload_choices[] = {
          1, 7, 100, 1436, 65535, 100000, uniform(1, 5000)};
      const size_t max_payload = payload_choices[uniform(0, 6)];
      // Keep going until the message ends, sometimes.
      const size_t count = uniform(0, 3) == 0 ? 1000000 : uniform(1, 4);
      for (size_t i = 0; i < count; ++i) {
        if (!produce(max_payload) || !model.current) break;
      }
    } else if (op < 950) {
      // Acknowledge a few fragments anywhere (gap blocks), or the oldest
      // ones (a cumulative ack).
      const bool cumulative = uniform(0, 1) == 0;
      const size_t count = uniform(1, 40);
      for (size_t i = 0; i < count && !model.outstanding.empty(); ++i) {
        release(cumulative ? 0 : uniform(0, model.outstanding.size() - 1));
      }
    } else if (op < 965) {
      scheduler = static_cast<SchedulerKind>(uniform(0, 3));
      q.SetScheduler(scheduler);
    } else if (op < 975) {
      const auto s = static_cast<uint16_t>(uniform(0, streams - 1));
      const auto p = static_cast<uint16_t>(uniform(0, 3));
      QREQUIRE(q.SetStreamPriority(StreamId(s), p));
      model.priority[s] = p;
    } else if (op < 985) {
      const auto s = static_cast<uint16_t>(uniform(0, streams - 1));
      QREQUIRE(
          q.SetStreamWeight(StreamId(s), static_cast<uint16_t>(uniform(1, 5))));
    } else if (op < 993) {
      std::optional<size_t> oldest;
      for (const auto& fifo : model.fifo) {
        if (!fifo.empty() && (!oldest || model.messages[fifo.front()].arrival <
                                             model.messages[*oldest].arrival)) {
          oldest = fifo.front();
        }
      }
      std::optional<TakenMessage> taken = q.TakeUnsent(buffer);
      QREQUIRE(taken.has_value() == oldest.has_value());
      if (oldest) {
        Model::Message& message = model.messages[*oldest];
        QREQUIRE(taken->stream_id == StreamId(message.stream));
        QREQUIRE(taken->length == message.bytes.size());
        QREQUIRE(taken->copied == std::min(buffer.size(), message.bytes.size()));
        QREQUIRE(std::equal(buffer.begin(), buffer.begin() + taken->copied,
                           message.bytes.begin()));
        model.fifo[message.stream].pop_front();
        model.unsent_bytes -= message.bytes.size();
        message.taken = true;
        model.Finish(*oldest);
      }
    } else {
      std::optional<size_t> oldest;
      for (size_t m = 0; m < model.messages.size(); ++m) {
        const Model::Message& message = model.messages[m];
        if (message.started && !message.finished &&
            (!oldest ||
             message.started_order < model.messages[*oldest].started_order)) {
          oldest = m;
        }
      }
      std::optional<TakenMessage> taken = q.TakeUnacknowledged(buffer);
      QREQUIRE(taken.has_value() == oldest.has_value());
      if (oldest) {
        Model::Message& message = model.messages[*oldest];
        QREQUIRE(taken->stream_id == StreamId(message.stream));
        QREQUIRE(taken->ppid == Ppid(message.ppid));
        QREQUIRE(taken->length == message.bytes.size());
        QREQUIRE(std::equal(buffer.begin(), buffer.begin() + taken->copied,
                           message.bytes.begin()));
        REQUIRE_FALSE(q.IsLive(message.handle));
        if (model.current == *oldest) {
          model.unsent_bytes -= message.bytes.size() - message.produced;
          model.current.reset();
        }
        std::erase_if(model.outstanding, [&](const Model::Outstanding& o) {
          return o.message == *oldest;
        });
        message.taken = true;
        model.Finish(*oldest);
      }
    }
    QREQUIRE(q.messages_held() == model.held);
    QREQUIRE(q.bytes_held() == model.held_bytes);
    QREQUIRE(q.unsent_bytes() == model.unsent_bytes);
    QREQUIRE(q.HasDataToSend() ==
            (model.current.has_value() || model.HasUnsent()));
    QREQUIRE(q.IsConsistent());
  }

  // Drain: everything still queued goes out, and all is released.
  while (produce(1436)) {
  }
  while (!model.outstanding.empty()) release(model.outstanding.size() - 1);
  QREQUIRE(q.IsConsistent());
  QREQUIRE(q.messages_held() == 0);
  QREQUIRE(q.bytes_held() == 0);
  QREQUIRE(q.unsent_bytes() == 0);
  QREQUIRE(model.allocation.empty());
  // Nothing lost: every message not taken went out whole.
  for (const Model::Message& message : model.messages) {
    QREQUIRE(message.finished);
    if (!message.taken) QREQUIRE(message.produced == message.bytes.size());
  }
  QREQUIRE(Send(q, 0, model.byte_capacity) == Result::kOk);
}

TEST_CASE("SendQueue: randomized against a reference model", "[fast]") {
  for (uint32_t seed = 1; seed <= 100; ++seed) RunModel(seed);
}

}  // namespace
}  // namespace dpsctp::tx

namespace dpsctp::tx {
namespace {

TEST_CASE("SendQueue: DropStranded frees messages of streams that went away",
          "[fast]") {
  SendQueue q;
  REQUIRE(q.Init(4096, 16, 8));
  q.SetStreamCount(8);
  const std::vector<uint8_t> m(100, 7);
  REQUIRE(q.Enqueue(StreamId(1), Ppid(1), false, m) == SendQueue::EnqueueResult::kOk);
  REQUIRE(q.Enqueue(StreamId(6), Ppid(2), false, m) == SendQueue::EnqueueResult::kOk);
  REQUIRE(q.Enqueue(StreamId(7), Ppid(3), true, m) == SendQueue::EnqueueResult::kOk);
  q.SetStreamCount(4);
  CHECK(q.messages_held() == 3);
  CHECK(q.DropStranded() == 2);
  CHECK(q.messages_held() == 1);
  CHECK(q.bytes_held() == 100);
  CHECK(q.DropStranded() == 0);
  std::optional<Fragment> f = q.Produce(1000);
  REQUIRE(f);
  CHECK(f->stream_id == StreamId(1));
  CHECK(q.IsConsistent());
}

}  // namespace
}  // namespace dpsctp::tx
