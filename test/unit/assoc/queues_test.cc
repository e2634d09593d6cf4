#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "assoc/queues.h"
#include "assoc/rto.h"

namespace dpsctp::assoc {
namespace {

std::vector<uint8_t> Bytes(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 3);
  return v;
}

TEST_CASE("SendQueue: fragments a message with sequential TSNs (§6.9)", "[fast]") {
  SendQueue q;
  REQUIRE(q.Init(4096, 16));
  Tsn next(0xfffffffe);
  auto m = Bytes(2500, 1);
  REQUIRE(q.Enqueue(m, StreamId(3), Ssn(7), Ppid(9), false, 1000, next) ==
          SendQueue::EnqueueResult::kOk);
  REQUIRE(q.size() == 3);
  CHECK(next == Tsn(1));  // wrapped
  CHECK(q.at(0).tsn == Tsn(0xfffffffe));
  CHECK(q.at(2).tsn == Tsn(0));
  CHECK(q.at(0).beginning);
  CHECK_FALSE(q.at(0).ending);
  CHECK(q.at(2).ending);
  CHECK(q.at(2).length == 500);
  CHECK(q.unsent_count() == 3);
  std::vector<uint8_t> joined;
  for (size_t i = 0; i < q.size(); ++i) {
    auto p = q.payload(q.at(i));
    joined.insert(joined.end(), p.begin(), p.end());
  }
  CHECK(joined == m);
}

TEST_CASE("SendQueue: all or nothing when space runs out; ring wraps", "[fast]") {
  SendQueue q;
  REQUIRE(q.Init(3000, 8));
  Tsn next(1);
  auto m = Bytes(1000, 2);
  REQUIRE(q.Enqueue(m, StreamId(0), Ssn(0), Ppid(0), false, 1000, next) == SendQueue::EnqueueResult::kOk);
  REQUIRE(q.Enqueue(m, StreamId(0), Ssn(1), Ppid(0), false, 1000, next) == SendQueue::EnqueueResult::kOk);
  auto big = Bytes(2000, 3);
  CHECK(q.Enqueue(big, StreamId(0), Ssn(2), Ppid(0), false, 1000, next) == SendQueue::EnqueueResult::kNoSpace);
  CHECK(q.size() == 2);
  CHECK(next == Tsn(3));
  CHECK(q.Enqueue(Bytes(4000, 0), StreamId(0), Ssn(2), Ppid(0), false, 1000, next) ==
        SendQueue::EnqueueResult::kTooLarge);
  q.PopFront();
  // 1000 free at the end, 1000 at the start: a 1000-byte fragment fits.
  REQUIRE(q.Enqueue(m, StreamId(0), Ssn(2), Ppid(0), false, 1000, next) == SendQueue::EnqueueResult::kOk);
  REQUIRE(q.Enqueue(m, StreamId(0), Ssn(3), Ppid(0), false, 1000, next) == SendQueue::EnqueueResult::kOk);
  CHECK(q.bytes_used() == 3000);
  for (size_t i = 0; i < q.size(); ++i) {
    auto p = q.payload(q.at(i));
    CHECK(std::equal(p.begin(), p.end(), m.begin()));
  }
}

TEST_CASE("SendQueue: TakeMessage returns unacked then unsent messages whole", "[fast]") {
  SendQueue q;
  REQUIRE(q.Init(8192, 16));
  Tsn next(10);
  auto m1 = Bytes(1500, 4), m2 = Bytes(300, 5);
  REQUIRE(q.Enqueue(m1, StreamId(1), Ssn(0), Ppid(1), false, 1000, next) == SendQueue::EnqueueResult::kOk);
  REQUIRE(q.Enqueue(m2, StreamId(2), Ssn(0), Ppid(2), true, 1000, next) == SendQueue::EnqueueResult::kOk);
  q.at(0).sent = true;  // the first fragment of m1 went out
  std::vector<uint8_t> buf(4096);
  auto unsent = q.TakeMessage(false, buf);
  REQUIRE(unsent);
  CHECK(unsent->length == 300);
  CHECK(unsent->unordered);
  CHECK(std::equal(m2.begin(), m2.end(), buf.begin()));
  auto unacked = q.TakeMessage(true, buf);
  REQUIRE(unacked);
  CHECK(unacked->length == 1500);
  CHECK(std::equal(m1.begin(), m1.end(), buf.begin()));
  CHECK(q.empty());
}

TEST_CASE("ReceiveQueue: reassembles in-order fragments and wraps", "[fast]") {
  ReceiveQueue q;
  REQUIRE(q.Init(2000, 4));
  auto a = Bytes(700, 1), b = Bytes(700, 2);
  using R = ReceiveQueue::AppendResult;
  REQUIRE(q.Append(StreamId(0), Ssn(0), Ppid(5), false, true, false, std::span(a).first(400)) == R::kOk);
  REQUIRE(q.Append(StreamId(0), Ssn(0), Ppid(5), false, false, true, std::span(a).subspan(400)) == R::kOk);
  REQUIRE(q.Append(StreamId(1), Ssn(0), Ppid(6), false, true, true, b) == R::kOk);
  CHECK(q.free_bytes() == 600);
  CHECK(q.complete_messages() == 2);
  std::vector<uint8_t> out(2000);
  auto m = q.Pop(out);
  REQUIRE(m);
  CHECK(m->length == 700);
  CHECK(m->ppid == Ppid(5));
  CHECK(std::equal(a.begin(), a.end(), out.begin()));
  // 1300 free now, the write position wraps around the ring.
  auto c = Bytes(1200, 9);
  REQUIRE(q.Append(StreamId(0), Ssn(1), Ppid(7), false, true, true, c) == R::kOk);
  CHECK(q.Append(StreamId(0), Ssn(2), Ppid(7), false, true, true, Bytes(200, 0)) == R::kNoSpace);
  REQUIRE(q.Pop(out));
  auto m3 = q.Pop(out);
  REQUIRE(m3);
  CHECK(std::equal(c.begin(), c.end(), out.begin()));
  CHECK(q.free_bytes() == 2000);
}

TEST_CASE("ReceiveQueue: a middle fragment without a beginning is refused", "[fast]") {
  ReceiveQueue q;
  REQUIRE(q.Init(2000, 4));
  auto a = Bytes(10, 1);
  CHECK(q.Append(StreamId(0), Ssn(0), Ppid(0), false, false, true, a) ==
        ReceiveQueue::AppendResult::kBadFragment);
  std::vector<uint8_t> out(10);
  CHECK_FALSE(q.Pop(out));
}

TEST_CASE("RtoEstimator: RFC 9260 §6.3.1 rules", "[fast]") {
  RtoEstimator r;
  r.Reset(Duration::Seconds(3));
  CHECK(r.rto() == Duration::Seconds(3));  // C1
  r.AddMeasurement(Duration::Millis(100), Duration::Millis(10), Duration::Seconds(60), 3, 2);
  CHECK(r.srtt() == Duration::Millis(100));   // C2
  CHECK(r.rttvar() == Duration::Millis(50));
  CHECK(r.rto() == Duration::Millis(300));
  r.AddMeasurement(Duration::Millis(200), Duration::Millis(10), Duration::Seconds(60), 3, 2);
  // C3: RTTVAR = 3/4*50 + 1/4*100 = 62.5; SRTT = 7/8*100 + 1/8*200 = 112.5
  CHECK(r.rttvar() == Duration::Micros(62500));
  CHECK(r.srtt() == Duration::Micros(112500));
  CHECK(r.rto() == Duration::Micros(362500));
  r.AddMeasurement(Duration::Micros(1), Duration::Seconds(1), Duration::Seconds(60), 3, 2);
  CHECK(r.rto() == Duration::Seconds(1));  // C6: RTO.Min
  r.Backoff(Duration::Millis(1500));
  CHECK(r.rto() == Duration::Millis(1500));  // E2 capped by RTO.Max
}

}  // namespace
}  // namespace dpsctp::assoc
