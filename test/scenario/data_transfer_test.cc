// Reliable data transfer (RFC 9260 §6, §7) between two endpoints over the
// loopback wire, in virtual time: the properties a user of Send and Receive
// relies on, whatever the network does. Every message arrives exactly once,
// intact; ordered messages keep their order per stream; one stream's loss
// does not hold up another (§1.5.2); the sender fragments to the path MTU
// (§6.9); delayed SACKs do not stall a conversation (§6.2); cwnd opens
// (§7.2.1) and losses are repaired without waiting for T3-rtx (§7.2.4).
//
// The randomized test prints its seed; replay one with
//   DPSCTP_PROPERTY_SEED=<seed> ./scenario_data_transfer_test '[property]'
// and run more with DPSCTP_PROPERTY_SEEDS=<count> (default 20).
// DPSCTP_PROPERTY_VERBOSE=1 prints one line of statistics per seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "assoc/association.h"
#include "buf/buf_ref.h"
#include "common/byte_order.h"
#include "drivers/loopback/packet_filter.h"
#include "drivers/loopback/wire.h"
#include "test/support/catch_time.h"
#include "test/support/drive.h"
#include "test/support/endpoint_pair.h"


namespace dpsctp {
namespace {

using assoc::AssocId;
using assoc::EventType;
using assoc::SendError;
using loopback::DropReason;
using loopback::FilterAction;
using loopback::PacketFilter;
using loopback::Side;
using test::EndpointPair;
using test::PeerSide;

constexpr uint32_t kKiB = 1024;
constexpr uint32_t kMiB = 1024 * 1024;
constexpr uint32_t kLargestMessage = 256 * kKiB;
// IPv4 header, which the wire counts in its MTU and the association does
// not (options.h: the SCTP packet never exceeds AssocOptions::mtu).
constexpr size_t kIpv4HeaderSize = 20;
// Common header (12) plus DATA chunk header (16).
constexpr size_t kDataOverhead = 12 + 16;

// Options for bulk transfer: 1 MiB windows, room for 256 KiB messages at a
// small MTU, and `streams` streams each way.
endpoint::EndpointOptions BulkOptions(uint16_t streams = 16) {
  endpoint::EndpointOptions o = EndpointPair::DefaultOptions();
  o.max_associations = 2;
  o.assoc.send_buffer = kMiB;
  o.assoc.receive_window = kMiB;
  o.assoc.max_send_messages = 8192;
  o.assoc.max_outstanding_chunks = 4096;
  o.assoc.max_receive_fragments = 8192;
  o.assoc.outbound_streams = streams;
  o.assoc.max_inbound_streams = streams;
  return o;
}

// SplitMix64: the scenario's own choices (sizes, streams, faults), the same
// on every platform.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  uint64_t Between(uint64_t lo, uint64_t hi) {
    return lo + Next() % (hi - lo + 1);
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Log-uniform in [lo, hi]: as many small values as large ones per octave.
  uint64_t LogBetween(uint64_t lo, uint64_t hi) {
    double x =
        static_cast<double>(lo) *
        std::pow(static_cast<double>(hi) / static_cast<double>(lo), Unit());
    return std::clamp<uint64_t>(static_cast<uint64_t>(x), lo, hi);
  }

 private:
  uint64_t state_;
};

// Payload bytes derived from (direction, stream, message index), so that a
// lost, duplicated, misplaced or foreign fragment shows as a byte mismatch.
uint32_t PayloadKey(int direction, uint16_t stream, uint32_t index) {
  Random r((uint64_t{static_cast<uint32_t>(direction)} << 48) |
           (uint64_t{stream} << 32) | index);
  return static_cast<uint32_t>(r.Next());
}
uint8_t PatternByte(uint32_t key, size_t i) {
  return static_cast<uint8_t>((key >> 24) ^ (i * (key | 1)) ^ (i >> 8) ^
                              (i >> 16));
}
void FillPattern(std::span<uint8_t> out, uint32_t key) {
  for (size_t i = 0; i < out.size(); ++i) out[i] = PatternByte(key, i);
}
// The offset of the first byte that differs from the pattern, or size().
size_t PatternMismatch(std::span<const uint8_t> got, uint32_t key) {
  for (size_t i = 0; i < got.size(); ++i) {
    if (got[i] != PatternByte(key, i)) return i;
  }
  return got.size();
}

double Millis(Duration d) { return static_cast<double>(d.nanos()) / 1e6; }


bool Drive(EndpointPair& p, Duration limit,
           const std::function<void()>& after_step,
           const std::function<bool()>& done) {
  return test::Drive(p, limit, after_step, done, 20'000'000);
}

// A connects to B with the wire as configured; both reach ESTABLISHED.
// Returns A's and B's ids of the association.
std::pair<AssocId, AssocId> Establish(EndpointPair& p,
                                      Duration limit = Duration::Seconds(600)) {
  std::optional<AssocId> id = p.Connect();
  REQUIRE(id);
  REQUIRE(Drive(
      p, limit, [] {},
      [&] {
        return p.a.Count(EventType::kCommunicationUp) == 1 &&
               p.b.Count(EventType::kCommunicationUp) == 1;
      }));
  std::optional<endpoint::EndpointEvent> up =
      p.b.Last(EventType::kCommunicationUp);
  REQUIRE(up);
  REQUIRE(p.a.ep->Find(*id) != nullptr);
  REQUIRE(p.b.ep->Find(up->id) != nullptr);
  return {*id, up->id};
}

// The association `id` of `side`, which must still exist.
assoc::Association& Live(PeerSide& side, AssocId id) {
  assoc::Association* a = side.ep->Find(id);
  REQUIRE(a != nullptr);
  return *a;
}

// The events of one side but DATA ARRIVE, with loss reasons.
std::string EventsText(const PeerSide& side) {
  std::string text;
  for (const endpoint::EndpointEvent& e : side.events) {
    if (e.event.type == EventType::kDataArrive) continue;
    text += text.empty() ? "" : ", ";
    text += assoc::EventTypeName(e.event.type);
    if (e.event.reason != assoc::LossReason::kNone) {
      text += " (" + std::string(assoc::LossReasonName(e.event.reason)) + ")";
    }
  }
  return text;
}

// Graceful shutdown started by `from`: both sides report SHUTDOWN COMPLETE
// and reclaim the association.
void ShutdownAndCheckClosed(EndpointPair& p, PeerSide& from, AssocId id,
                            Duration limit = Duration::Seconds(600)) {
  REQUIRE(from.ep->Shutdown(p.now, id));
  REQUIRE(Drive(
      p, limit, [] {},
      [&] {
        return p.a.ep->association_count() == 0 &&
               p.b.ep->association_count() == 0;
      }));
  INFO("shutdown started by " << (&from == &p.a ? "A" : "B")
                              << "; A's events: " << EventsText(p.a)
                              << "; B's events: " << EventsText(p.b));
  CHECK(p.a.Count(EventType::kShutdownComplete) == 1);
  CHECK(p.b.Count(EventType::kShutdownComplete) == 1);
  CHECK(p.a.Count(EventType::kCommunicationLost) == 0);
  CHECK(p.b.Count(EventType::kCommunicationLost) == 0);
}

// True when a DATA chunk of `stream` is in the packet (common header +
// chunks); the walk stops at the first badly framed chunk.
bool HasDataOnStream(std::span<const uint8_t> packet, uint16_t stream) {
  size_t offset = 12;
  while (offset + 4 <= packet.size()) {
    const uint8_t type = packet[offset];
    const uint16_t length = LoadBe16(packet.data() + offset + 2);
    if (length < 4 || offset + length > packet.size()) return false;
    // DATA (§3.3.1): Stream Identifier at byte 8 of the chunk.
    if (type == 0 && length >= 16 &&
        LoadBe16(packet.data() + offset + 8) == stream) {
      return true;
    }
    offset += (length + 3u) & ~3u;
  }
  return false;
}

// Drops the first `count` packets `from` sends that carry DATA of `stream`.
loopback::FilterId DropDataOnStream(EndpointPair& p, Side from, uint16_t stream,
                                    uint64_t count = 1) {
  PacketFilter f;
  f.match = [stream](const loopback::PacketInfo& info) {
    return HasDataOnStream(info.bytes, stream);
  };
  f.action = FilterAction::kDrop;
  f.count = count;
  return p.wire.AddFilter(from, f);
}

// The largest packet `from` puts on the wire (packets the MTU check drops
// never reach a filter; DropReason::kMtu counts them).
void WatchLargestPacket(EndpointPair& p, Side from, size_t* largest) {
  PacketFilter watch;
  watch.match = [largest](const loopback::PacketInfo& info) {
    *largest = std::max(*largest, info.bytes.size());
    return false;
  };
  watch.count = loopback::kUnlimited;
  p.wire.AddFilter(from, watch);
}

// ---------------------------------------------------------------------------
// A one-way flow of planned messages and the receiver's bookkeeping.

struct PlannedMessage {
  uint16_t stream = 0;
  bool unordered = false;
  uint32_t size = 0;
};

class Flow {
 public:
  Flow(int direction, uint16_t streams)
      : direction_(direction), ordered_(streams), cursor_(streams, 0) {}

  void Plan(const PlannedMessage& m) {
    if (!m.unordered) {
      ordered_[m.stream].push_back(static_cast<uint32_t>(plan_.size()));
    }
    plan_.push_back(m);
    delivered_.push_back(0);
    planned_bytes_ += m.size;
  }

  // Sends up to `budget` further messages, in plan order, until the send
  // buffer is full (kNoBuffer: retried on a later call). Any other refusal
  // is a failure, returned as text.
  std::string SendSome(EndpointPair& p, PeerSide& from, AssocId id,
                       size_t budget) {
    for (; budget > 0 && next_send_ < plan_.size(); --budget) {
      const PlannedMessage& m = plan_[next_send_];
      const uint32_t index = static_cast<uint32_t>(next_send_);
      payload_.resize(m.size);
      FillPattern(payload_, PayloadKey(direction_, m.stream, index));
      SendError e = from.ep->Send(
          p.now, id, {StreamId(m.stream), Ppid(index), m.unordered}, payload_);
      if (e == SendError::kNoBuffer) break;
      if (e != SendError::kNone) {
        return "message " + std::to_string(index) +
               " refused: " + std::string(assoc::SendErrorName(e));
      }
      if (next_send_ == 0) first_sent_ = p.now;
      ++next_send_;
    }
    return {};
  }

  // Receives every complete message the association holds and checks it:
  // planned, not seen before, intact, in order on its stream if ordered.
  std::string ReceiveAll(EndpointPair& p, assoc::Association* assoc,
                         std::vector<uint8_t>& buffer) {
    if (assoc == nullptr) return "association gone";
    while (std::optional<assoc::ReceivedMessage> r = assoc->Receive(buffer)) {
      std::string error =
          Check(*r, std::span<const uint8_t>(buffer.data(), r->copied));
      if (!error.empty()) return error;
      last_delivered_ = p.now;
    }
    return {};
  }

  bool all_delivered() const { return delivered_count_ == plan_.size(); }
  size_t planned() const { return plan_.size(); }
  size_t sent() const { return next_send_; }
  size_t delivered() const { return delivered_count_; }
  uint64_t planned_bytes() const { return planned_bytes_; }
  TimePoint first_sent() const { return first_sent_; }
  TimePoint last_delivered() const { return last_delivered_; }

 private:
  std::string Check(const assoc::ReceivedMessage& r,
                    std::span<const uint8_t> bytes) {
    std::ostringstream o;
    const uint32_t index = r.ppid.value();
    o << "direction " << direction_ << " stream " << r.stream_id.value()
      << " ppid " << index << ": ";
    if (index >= plan_.size() || index >= next_send_) {
      o << "never sent";
      return o.str();
    }
    const PlannedMessage& m = plan_[index];
    if (r.stream_id.value() != m.stream || r.unordered != m.unordered) {
      o << "sent on stream " << m.stream
        << (m.unordered ? " unordered" : " ordered") << ", arrived "
        << (r.unordered ? "unordered" : "ordered");
      return o.str();
    }
    if (delivered_[index]) {
      o << "delivered twice";
      return o.str();
    }
    if (r.length != m.size || r.copied != m.size) {
      o << "length " << r.length << " (copied " << r.copied << "), sent "
        << m.size;
      return o.str();
    }
    size_t bad =
        PatternMismatch(bytes, PayloadKey(direction_, m.stream, index));
    if (bad != bytes.size()) {
      o << "byte " << bad << " of " << m.size << " corrupted";
      return o.str();
    }
    if (!m.unordered) {
      // §6.6: ordered messages of a stream are delivered in SSN order.
      std::vector<uint32_t>& queue = ordered_[m.stream];
      size_t& cursor = cursor_[m.stream];
      if (cursor >= queue.size() || queue[cursor] != index) {
        o << "out of order: expected message "
          << (cursor < queue.size() ? std::to_string(queue[cursor]) : "none")
          << " first";
        return o.str();
      }
      ++cursor;
    }
    delivered_[index] = 1;
    ++delivered_count_;
    return {};
  }

  int direction_;
  std::vector<PlannedMessage> plan_;
  std::vector<uint8_t> delivered_;
  std::vector<std::vector<uint32_t>> ordered_;  // per stream, in send order
  std::vector<size_t> cursor_;                  // next expected in ordered_
  std::vector<uint8_t> payload_;
  size_t next_send_ = 0;
  size_t delivered_count_ = 0;
  uint64_t planned_bytes_ = 0;
  TimePoint first_sent_;
  TimePoint last_delivered_;
};

// ---------------------------------------------------------------------------
// 1. The property test.

struct PropertyScenario {
  uint16_t streams = 1;
  double unordered_share = 0;
  size_t send_budget = 1;  // messages the application offers per step
  loopback::LinkConfig link[2];
};

std::vector<uint64_t> PropertySeeds() {
  if (const char* one = std::getenv("DPSCTP_PROPERTY_SEED");
      one != nullptr && *one != 0) {
    return {std::strtoull(one, nullptr, 0)};
  }
  uint64_t count = 20;
  if (const char* n = std::getenv("DPSCTP_PROPERTY_SEEDS");
      n != nullptr && *n != 0) {
    count = std::max<uint64_t>(1, std::strtoull(n, nullptr, 0));
  }
  std::vector<uint64_t> seeds;
  for (uint64_t s = 1; s <= count; ++s) seeds.push_back(s);
  return seeds;
}

bool Verbose() {
  const char* v = std::getenv("DPSCTP_PROPERTY_VERBOSE");
  return v != nullptr && *v != 0 && *v != '0';
}

loopback::LinkConfig RandomLink(Random& r) {
  loopback::LinkConfig l;
  l.latency = Duration::Millis(static_cast<int64_t>(r.Between(1, 50)));
  l.loss = r.Chance(0.25) ? 0.0 : 0.2 * r.Unit();
  l.duplicate = r.Chance(0.5) ? 0.0 : 0.1 * r.Unit();
  l.duplicate_delay =
      Duration::Micros(static_cast<int64_t>(r.Between(0, 20'000)));
  // Reordering is an extra delay of up to reorder_max_delay: jitter.
  l.reorder = r.Chance(0.25) ? 0.0 : 0.3 * r.Unit();
  l.reorder_max_delay =
      Duration::Micros(static_cast<int64_t>(r.Between(1'000, 40'000)));
  l.corrupt = r.Chance(0.75) ? 0.0 : 0.02 * r.Unit();
  return l;
}

uint32_t RandomMessageSize(Random& r) {
  double kind = r.Unit();
  if (kind < 0.80) return static_cast<uint32_t>(r.LogBetween(1, 300));
  if (kind < 0.95) return static_cast<uint32_t>(r.LogBetween(300, 16 * kKiB));
  return static_cast<uint32_t>(r.LogBetween(16 * kKiB, kLargestMessage));
}

uint16_t RandomStreamCount(Random& r) {
  double kind = r.Unit();
  if (kind < 0.25) return 1;
  if (kind < 0.75) return static_cast<uint16_t>(r.Between(2, 32));
  return static_cast<uint16_t>(r.Between(33, 1000));
}

// Plans `count` messages, no more than `byte_budget` bytes in all (the
// first message is always planned).
void PlanMessages(Random& r, Flow& flow, const PropertyScenario& s,
                  size_t count, uint64_t byte_budget) {
  for (size_t i = 0; i < count; ++i) {
    PlannedMessage m;
    // Half the messages go to a few busy streams, so that ordering within a
    // stream is exercised even with 1,000 streams.
    uint16_t busy = std::min<uint16_t>(s.streams, 4);
    m.stream = static_cast<uint16_t>(
        r.Chance(0.5) ? r.Between(0, busy - 1u) : r.Between(0, s.streams - 1u));
    m.unordered = r.Chance(s.unordered_share);
    m.size = RandomMessageSize(r);
    if (i > 0 && flow.planned_bytes() + m.size > byte_budget) break;
    flow.Plan(m);
  }
}

std::string LinkText(const loopback::LinkConfig& l) {
  std::ostringstream o;
  o << "latency " << Millis(l.latency) << " ms, loss " << l.loss
    << ", duplicate " << l.duplicate << ", reorder " << l.reorder
    << " (<= " << Millis(l.reorder_max_delay) << " ms), corrupt " << l.corrupt;
  return o.str();
}

std::string StatusText(const char* name, assoc::Association* a, TimePoint now) {
  std::ostringstream o;
  o << name << ": ";
  if (a == nullptr) return o.str() + "gone";
  assoc::AssocStatus s = a->Status(now);
  const assoc::AssocCounters& c = a->counters();
  o << assoc::StateName(s.state) << ", pending " << s.pending_chunks
    << ", unacked " << s.unacked_chunks << ", received " << s.received_messages
    << ", cwnd " << s.cwnd << ", peer_rwnd " << s.peer_rwnd << ", rto "
    << Millis(s.primary_rto) << " ms"
    << "; data sent " << c.data_chunks_sent << ", retransmitted "
    << c.retransmitted_chunks << ", t3 " << c.t3_expired << ", dup tsns "
    << c.duplicate_tsns << ", window dropped " << c.receive_window_dropped;
  return o.str();
}

std::string WireText(const loopback::LinkCounters& c) {
  std::ostringstream o;
  o << "sent " << c.sent << ", lost " << c.dropped(DropReason::kLoss)
    << ", duplicated " << c.duplicated << ", delayed " << c.delayed
    << ", corrupted " << c.corrupted;
  return o.str();
}

bool QueuesEmpty(assoc::Association* a, TimePoint now) {
  if (a == nullptr) return false;
  assoc::AssocStatus s = a->Status(now);
  return s.pending_chunks == 0 && s.unacked_chunks == 0 &&
         s.received_messages == 0 && s.buffered_fragments == 0;
}

void RunPropertySeed(uint64_t seed) {
  Random r(seed * 0x2545F4914F6CDD1Dull + 17);
  PropertyScenario s;
  s.streams = RandomStreamCount(r);
  s.unordered_share = r.Chance(0.3) ? 0.0 : 0.5 * r.Unit();
  s.send_budget = static_cast<size_t>(r.LogBetween(1, 64));
  s.link[0] = RandomLink(r);
  s.link[1] = RandomLink(r);
  // At most 2 MiB each way, twice the windows: well under a second of CPU
  // per seed.
  const size_t count_ab = static_cast<size_t>(r.Between(20, 400));
  const size_t count_ba = static_cast<size_t>(r.Between(0, 400));
  Flow ab(0, s.streams);
  Flow ba(1, s.streams);
  PlanMessages(r, ab, s, count_ab, 2 * kMiB);
  if (count_ba > 0) PlanMessages(r, ba, s, count_ba, 2 * kMiB);

  INFO("replay: DPSCTP_PROPERTY_SEED=" << seed);
  INFO("streams " << s.streams << ", unordered share " << s.unordered_share
                  << ", messages per step " << s.send_budget);
  INFO("A->B: " << ab.planned() << " messages, " << ab.planned_bytes()
                << " bytes; " << LinkText(s.link[0]));
  INFO("B->A: " << ba.planned() << " messages, " << ba.planned_bytes()
                << " bytes; " << LinkText(s.link[1]));

  const uint64_t heap_copies_before = buf::LiveHeapCopies();
  {
    auto p = std::make_unique<EndpointPair>(BulkOptions(s.streams),
                                            BulkOptions(s.streams), seed);
    p->wire.set_capture({});  // megabytes of traffic nobody reads
    p->wire.set_link(Side::kA, s.link[0]);
    p->wire.set_link(Side::kB, s.link[1]);
    auto [id_a, id_b] = Establish(*p, Duration::Seconds(3600));
    // Both sides asked for and accept `streams` each way.
    std::optional<endpoint::EndpointEvent> up =
        p->a.Last(EventType::kCommunicationUp);
    REQUIRE(up);
    CHECK(up->event.outbound_streams == s.streams);
    CHECK(up->event.inbound_streams == s.streams);

    std::vector<uint8_t> buffer(kLargestMessage + 1);
    const TimePoint start = p->now;
    std::string error;
    auto exchange = [&] {
      if (error.empty()) error = ab.ReceiveAll(*p, p->b.ep->Find(id_b), buffer);
      if (error.empty()) error = ba.ReceiveAll(*p, p->a.ep->Find(id_a), buffer);
      if (error.empty()) error = ab.SendSome(*p, p->a, id_a, s.send_budget);
      if (error.empty()) error = ba.SendSome(*p, p->b, id_b, s.send_budget);
    };
    // Virtual time is free; the limit only catches a transfer that stopped.
    bool done = Drive(*p, Duration::Seconds(4 * 3600), exchange, [&] {
      return !error.empty() || p->a.Count(EventType::kCommunicationLost) > 0 ||
             p->b.Count(EventType::kCommunicationLost) > 0 ||
             (ab.all_delivered() && ba.all_delivered() &&
              QueuesEmpty(p->a.ep->Find(id_a), p->now) &&
              QueuesEmpty(p->b.ep->Find(id_b), p->now));
    });
    const Duration elapsed = p->now - start;
    INFO("after " << Millis(elapsed) << " ms of virtual time: A->B sent "
                  << ab.sent() << ", delivered " << ab.delivered()
                  << "; B->A sent " << ba.sent() << ", delivered "
                  << ba.delivered());
    INFO(StatusText("A", p->a.ep->Find(id_a), p->now));
    INFO(StatusText("B", p->b.ep->Find(id_b), p->now));
    INFO("wire A->B: " << WireText(p->wire.counters(Side::kA)));
    INFO("wire B->A: " << WireText(p->wire.counters(Side::kB)));
    REQUIRE(error == "");
    REQUIRE(p->a.Count(EventType::kCommunicationLost) == 0);
    REQUIRE(p->b.Count(EventType::kCommunicationLost) == 0);
    REQUIRE(done);
    CHECK(ab.all_delivered());
    CHECK(ba.all_delivered());
    // §10.2 B: one DATA ARRIVE per message, none lost on the way.
    CHECK(p->b.Count(EventType::kDataArrive) == ab.planned());
    CHECK(p->a.Count(EventType::kDataArrive) == ba.planned());
    CHECK(p->a.ep->counters().events_dropped == 0);
    CHECK(p->b.ep->counters().events_dropped == 0);
    if (Verbose()) {
      std::printf("seed %llu: %.0f ms virtual; %s | %s\n",
                  static_cast<unsigned long long>(seed), Millis(elapsed),
                  StatusText("A", p->a.ep->Find(id_a), p->now).c_str(),
                  StatusText("B", p->b.ep->Find(id_b), p->now).c_str());
    }

    // Graceful shutdown, from either side, on the same faulty wire.
    if (r.Chance(0.5)) {
      ShutdownAndCheckClosed(*p, p->a, id_a, Duration::Seconds(3600));
    } else {
      ShutdownAndCheckClosed(*p, p->b, id_b, Duration::Seconds(3600));
    }
    CHECK(p->a.ep->pending_events() == 0);
    CHECK(p->b.ep->pending_events() == 0);
  }
  // Every payload reference went with the endpoints.
  CHECK(buf::LiveHeapCopies() == heap_copies_before);
}

TEST_CASE(
    "DataTransfer: under random loss, duplication, reordering and jitter every "
    "message arrives once, intact, in order per stream",
    "[scenario][property]") {
  for (uint64_t seed : PropertySeeds()) {
    DYNAMIC_SECTION("seed " << seed) { RunPropertySeed(seed); }
  }
}

// ---------------------------------------------------------------------------
// 2. Delayed SACK (§6.2) does not stall a conversation.

// `rounds` times: A sends `burst` 100-byte requests, B answers with one
// 100-byte response once it has them all, A sends the next round once the
// response is in. Returns the virtual time from the first request to the
// last response.
Duration RequestResponse(EndpointPair& p, int rounds, int burst) {
  auto [id_a, id_b] = Establish(p);
  std::vector<uint8_t> request(100, 0x51), response(100, 0xa5), buffer(200);
  int responses = 0, requests_in_round = 0;
  bool waiting_for_response = false;
  std::string error;
  const TimePoint start = p.now;
  TimePoint last_response = start;
  auto exchange = [&] {
    assoc::Association* a = p.a.ep->Find(id_a);
    assoc::Association* b = p.b.ep->Find(id_b);
    if (a == nullptr || b == nullptr) {
      error = "association gone";
      return;
    }
    while (auto m = b->Receive(buffer)) {
      if (m->length != request.size()) error = "bad request";
      if (++requests_in_round == burst) {
        requests_in_round = 0;
        if (p.b.ep->Send(p.now, id_b, {StreamId(0), Ppid(2), false},
                         response) != SendError::kNone) {
          error = "response refused";
        }
      }
    }
    while (auto m = a->Receive(buffer)) {
      if (m->length != response.size()) error = "bad response";
      ++responses;
      last_response = p.now;
      waiting_for_response = false;
    }
    if (!waiting_for_response && responses < rounds) {
      for (int i = 0; i < burst; ++i) {
        if (p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(1), false}, request) !=
            SendError::kNone) {
          error = "request refused";
        }
      }
      waiting_for_response = true;
    }
  };
  bool done = Drive(p, Duration::Millis(250) * rounds, exchange,
                    [&] { return !error.empty() || responses == rounds; });
  INFO(error);
  REQUIRE(error.empty());
  REQUIRE(done);
  return last_response - start;
}

TEST_CASE(
    "DataTransfer: 1,000 request/response round trips take about 1,000 RTTs, "
    "not 1,000 SACK delays",
    "[scenario][fast]") {
  EndpointPair p;  // 10 ms each way, default SACK delay 200 ms
  REQUIRE(p.a.ep->options().assoc.sack_delay == Duration::Millis(200));
  const Duration rtt = Duration::Millis(20);
  Duration elapsed = RequestResponse(p, 1000, 1);
  CHECK(elapsed >= rtt * 1000);
  CHECK(elapsed < rtt * 1200);
  CHECK(p.a.Only()->counters().t3_expired == 0);
}

TEST_CASE(
    "DataTransfer: bursts of 3 requests per response take about one RTT per "
    "round",
    "[scenario][fast]") {
  EndpointPair p;
  const Duration rtt = Duration::Millis(20);
  Duration elapsed = RequestResponse(p, 1000, 3);
  CHECK(elapsed >= rtt * 1000);
  CHECK(elapsed < rtt * 1200);
  CHECK(p.a.Only()->counters().t3_expired == 0);
}

// ---------------------------------------------------------------------------
// 3, 4. No head-of-line blocking across streams (§1.5.2) or for unordered
// messages (§6.6).

struct Arrival {
  uint16_t stream;
  uint32_t ppid;
  bool unordered;
  TimePoint at;
};

// When the message with `ppid` became receivable (the end of time if it
// never did).
TimePoint ArrivalOf(const std::vector<Arrival>& arrivals, uint32_t ppid) {
  for (const Arrival& a : arrivals) {
    if (a.ppid == ppid) return a.at;
  }
  return TimePoint::FromNanos(INT64_MAX);
}

// B's view: every message as it becomes receivable, with its time.
std::function<void()> RecordArrivals(EndpointPair& p, AssocId id_b,
                                     std::vector<Arrival>& arrivals,
                                     std::vector<uint8_t>& buffer) {
  return [&p, id_b, &arrivals, &buffer] {
    assoc::Association* b = p.b.ep->Find(id_b);
    if (b == nullptr) return;
    while (auto m = b->Receive(buffer)) {
      arrivals.push_back(
          {m->stream_id.value(), m->ppid.value(), m->unordered, p.now});
    }
  };
}

TEST_CASE(
    "DataTransfer: a loss on stream 1 does not hold up later messages on "
    "stream 2",
    "[scenario][fast]") {
  EndpointPair p(BulkOptions(), BulkOptions(), 1);
  auto [id_a, id_b] = Establish(p);
  DropDataOnStream(p, Side::kA, 1);
  std::vector<uint8_t> m(300, 0x33), buffer(1000);
  const TimePoint t0 = p.now;
  REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(1), Ppid(1), false}, m) ==
          SendError::kNone);
  // The next ones in packets of their own, after the lost one.
  p.RunFor(Duration::Millis(1));
  REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(2), Ppid(2), false}, m) ==
          SendError::kNone);
  p.RunFor(Duration::Millis(1));
  REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(2), Ppid(3), false}, m) ==
          SendError::kNone);
  p.RunFor(Duration::Millis(1));
  REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(2), Ppid(4), false}, m) ==
          SendError::kNone);

  std::vector<Arrival> arrivals;
  REQUIRE(Drive(p, Duration::Seconds(10),
                RecordArrivals(p, id_b, arrivals, buffer),
                [&] { return arrivals.size() == 4; }));
  REQUIRE(p.wire.counters(Side::kA).dropped(DropReason::kFilter) == 1);
  std::vector<uint32_t> order;
  for (const Arrival& a : arrivals) order.push_back(a.ppid);
  // Stream 2's messages first, as they arrive; stream 1's after its
  // retransmission, which cannot come before A hears of the gap (one RTT).
  CHECK(order == std::vector<uint32_t>{2, 3, 4, 1});
  const Duration one_way = Duration::Millis(10);
  CHECK(ArrivalOf(arrivals, 2) <= t0 + Duration::Millis(1) + one_way);
  CHECK(ArrivalOf(arrivals, 4) <= t0 + Duration::Millis(3) + one_way);
  CHECK(ArrivalOf(arrivals, 1) >= t0 + 3 * one_way);
  CHECK(Live(p.a, id_a).counters().retransmitted_chunks >= 1);
  ShutdownAndCheckClosed(p, p.a, id_a);
}

TEST_CASE(
    "DataTransfer: an unordered message is delivered before an earlier ordered "
    "gap on its stream is filled",
    "[scenario][fast]") {
  EndpointPair p(BulkOptions(), BulkOptions(), 1);
  auto [id_a, id_b] = Establish(p);
  DropDataOnStream(p, Side::kA, 1);
  std::vector<uint8_t> m(300, 0x44), buffer(1000);
  const TimePoint t0 = p.now;
  REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(1), Ppid(1), false}, m) ==
          SendError::kNone);
  p.RunFor(Duration::Millis(1));
  // The filter took its one packet: these pass.
  REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(1), Ppid(2), true}, m) ==
          SendError::kNone);
  p.RunFor(Duration::Millis(1));
  REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(1), Ppid(3), false}, m) ==
          SendError::kNone);

  std::vector<Arrival> arrivals;
  REQUIRE(Drive(p, Duration::Seconds(10),
                RecordArrivals(p, id_b, arrivals, buffer),
                [&] { return arrivals.size() == 3; }));
  std::vector<uint32_t> order;
  for (const Arrival& a : arrivals) order.push_back(a.ppid);
  // The unordered message as soon as it arrives; the ordered ones in SSN
  // order once the gap is filled.
  CHECK(order == std::vector<uint32_t>{2, 1, 3});
  CHECK(arrivals[0].unordered);
  const Duration one_way = Duration::Millis(10);
  CHECK(ArrivalOf(arrivals, 2) <= t0 + Duration::Millis(1) + one_way);
  CHECK(ArrivalOf(arrivals, 3) >= t0 + 3 * one_way);
  ShutdownAndCheckClosed(p, p.a, id_a);
}

// ---------------------------------------------------------------------------
// 5. Fragmentation (§6.9).

TEST_CASE(
    "DataTransfer: a 256 KiB message is fragmented to the path MTU and arrives "
    "intact",
    "[scenario][fast]") {
  for (uint16_t mtu : {uint16_t{1480}, uint16_t{600}}) {
    DYNAMIC_SECTION("MTU " << mtu) {
      endpoint::EndpointOptions o = BulkOptions();
      o.assoc.mtu = mtu;
      const uint64_t heap_copies_before = buf::LiveHeapCopies();
      {
        EndpointPair p(o, o, 1);
        // The wire drops any IP datagram above the MTU (RFC 9260 §6.10
        // counts the IP header in the PMTU).
        for (Side side : {Side::kA, Side::kB}) {
          loopback::LinkConfig link = p.wire.link(side);
          link.mtu = mtu + kIpv4HeaderSize;
          p.wire.set_link(side, link);
        }
        size_t largest_a = 0, largest_b = 0;
        WatchLargestPacket(p, Side::kA, &largest_a);
        WatchLargestPacket(p, Side::kB, &largest_b);
        auto [id_a, id_b] = Establish(p);

        std::vector<uint8_t> m(kLargestMessage);
        FillPattern(m, PayloadKey(0, 3, 0));
        REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(3), Ppid(7), false}, m) ==
                SendError::kNone);
        std::vector<uint8_t> buffer(kLargestMessage + 1);
        std::optional<assoc::ReceivedMessage> got;
        REQUIRE(Drive(
            p, Duration::Seconds(60),
            [&] {
              if (!got) got = Live(p.b, id_b).Receive(buffer);
            },
            [&] { return got.has_value(); }));
        CHECK(got->length == kLargestMessage);
        CHECK(got->copied == kLargestMessage);
        CHECK(got->stream_id == StreamId(3));
        CHECK(got->ppid == Ppid(7));
        CHECK(PatternMismatch(
                  std::span<const uint8_t>(buffer.data(), got->copied),
                  PayloadKey(0, 3, 0)) == kLargestMessage);

        CHECK(p.wire.counters(Side::kA).dropped(DropReason::kMtu) == 0);
        CHECK(p.wire.counters(Side::kB).dropped(DropReason::kMtu) == 0);
        CHECK(largest_a <= mtu);
        CHECK(largest_b <= mtu);
        // Fragments fill packets: no more than twice the fewest possible.
        const uint64_t fewest = (kLargestMessage + (mtu - kDataOverhead) - 1) /
                                (mtu - kDataOverhead);
        const assoc::AssocCounters& c = Live(p.a, id_a).counters();
        CHECK(c.retransmitted_chunks == 0);
        CHECK(c.data_chunks_sent >= fewest);
        CHECK(c.data_chunks_sent <= 2 * fewest);
        CHECK(largest_a + 64 > mtu);
        ShutdownAndCheckClosed(p, p.a, id_a);
      }
      CHECK(buf::LiveHeapCopies() == heap_copies_before);
    }
  }
}

// ---------------------------------------------------------------------------
// 6. Send errors (§10.1 E).

TEST_CASE(
    "DataTransfer: Send refuses a bad stream, an oversized and an empty "
    "message, and a full buffer, without using an SSN",
    "[scenario][fast]") {
  // 16 KiB send buffers.
  endpoint::EndpointOptions oa = EndpointPair::DefaultOptions();
  oa.assoc.outbound_streams = 16;
  endpoint::EndpointOptions ob = EndpointPair::DefaultOptions();
  ob.assoc.max_inbound_streams = 4;  // A may use streams 0..3 only
  EndpointPair p(oa, ob, 1);
  auto [id_a, id_b] = Establish(p);
  REQUIRE(Live(p.a, id_a).Status(p.now).outbound_streams == 4);
  const uint32_t send_buffer = oa.assoc.send_buffer;

  std::vector<uint8_t> small(10, 1);
  std::vector<uint8_t> huge(send_buffer + 1, 2);
  CHECK(p.a.ep->Send(p.now, id_a, {StreamId(4), Ppid(0), false}, small) ==
        SendError::kInvalidStream);
  CHECK(p.a.ep->Send(p.now, id_a, {StreamId(65535), Ppid(0), true}, small) ==
        SendError::kInvalidStream);
  CHECK(p.a.ep->Send(p.now, id_a, {StreamId(3), Ppid(0), false}, huge) ==
        SendError::kTooLarge);
  CHECK(p.a.ep->Send(p.now, id_a, {StreamId(3), Ppid(0), false},
                     std::span<const uint8_t>()) == SendError::kEmpty);
  CHECK(Live(p.a, id_a).Status(p.now).pending_chunks == 0);
  CHECK(Live(p.a, id_a).Status(p.now).unacked_chunks == 0);

  // Fill the send buffer without letting the clock run: kNoBuffer, then
  // room again once SACKs come back.
  std::vector<uint8_t> chunk(1000, 3);
  int accepted = 0;
  SendError e = SendError::kNone;
  for (int i = 0; i < 100 && e == SendError::kNone; ++i) {
    e = p.a.ep->Send(p.now, id_a,
                     {StreamId(3), Ppid(static_cast<uint32_t>(i)), false},
                     chunk);
    if (e == SendError::kNone) ++accepted;
  }
  CHECK(e == SendError::kNoBuffer);
  CHECK(accepted >= 8);
  CHECK(static_cast<uint32_t>(accepted) * chunk.size() <= send_buffer);

  std::vector<uint8_t> buffer(2000);
  std::vector<assoc::ReceivedMessage> got;
  bool retried = false;
  REQUIRE(Drive(
      p, Duration::Seconds(30),
      [&] {
        while (auto m = Live(p.b, id_b).Receive(buffer)) got.push_back(*m);
        if (!retried &&
            p.a.ep->Send(p.now, id_a, {StreamId(3), Ppid(1000), false},
                         chunk) == SendError::kNone) {
          retried = true;
        }
      },
      [&] {
        return retried && got.size() == static_cast<size_t>(accepted) + 1;
      }));
  // The refused calls used no SSN: stream 3 counts 0, 1, 2, ... in order.
  for (size_t i = 0; i < got.size(); ++i) {
    INFO("message " << i);
    CHECK(got[i].stream_id == StreamId(3));
    CHECK(got[i].ssn == Ssn(static_cast<uint16_t>(i)));
  }
  CHECK(got.back().ppid == Ppid(1000));

  // §9.2: no new data once shutdown started.
  REQUIRE(p.a.ep->Shutdown(p.now, id_a));
  CHECK(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(0), false}, small) ==
        SendError::kNotConnected);
  REQUIRE(Drive(
      p, Duration::Seconds(10), [] {},
      [&] {
        return p.a.ep->association_count() == 0 &&
               p.b.ep->association_count() == 0;
      }));
  CHECK(p.a.Count(EventType::kShutdownComplete) == 1);
}

// ---------------------------------------------------------------------------
// 7. Throughput in virtual time (§7.2).

struct BulkResult {
  Duration elapsed;
  uint32_t max_cwnd = 0;
  assoc::AssocCounters sender;
};

// `total` bytes A -> B in 16 KiB messages over a 5 ms + 5 ms link with
// `loss` each way; every byte checked on arrival.
BulkResult BulkTransfer(uint64_t seed, uint64_t total, double loss) {
  EndpointPair p(BulkOptions(), BulkOptions(), seed);
  p.wire.set_capture({});  // megabytes of traffic nobody reads
  auto [id_a, id_b] = Establish(p);
  for (Side side : {Side::kA, Side::kB}) {
    loopback::LinkConfig link = p.wire.link(side);
    link.latency = Duration::Millis(5);
    link.loss = loss;
    p.wire.set_link(side, link);
  }
  Flow flow(0, 1);
  const uint32_t size = 16 * kKiB;
  for (uint64_t planned = 0; planned < total; planned += size) {
    flow.Plan(
        {0, false,
         static_cast<uint32_t>(std::min<uint64_t>(size, total - planned))});
  }
  std::vector<uint8_t> buffer(size);
  std::string error;
  BulkResult result;
  bool done = Drive(
      p, Duration::Seconds(3600),
      [&] {
        if (error.empty()) {
          error = flow.ReceiveAll(p, p.b.ep->Find(id_b), buffer);
        }
        if (error.empty()) error = flow.SendSome(p, p.a, id_a, SIZE_MAX);
        if (assoc::Association* a = p.a.ep->Find(id_a)) {
          result.max_cwnd = std::max(result.max_cwnd, a->Status(p.now).cwnd);
        }
      },
      [&] { return !error.empty() || flow.all_delivered(); });
  INFO(error);
  INFO(StatusText("A", p.a.ep->Find(id_a), p.now));
  REQUIRE(error.empty());
  REQUIRE(done);
  result.elapsed = flow.last_delivered() - flow.first_sent();
  result.sender = Live(p.a, id_a).counters();
  ShutdownAndCheckClosed(p, p.a, id_a);
  return result;
}

constexpr uint64_t kBulkBytes = 10 * kMiB;
// One full-sized DATA packet per 10 ms RTT.
const Duration kStopAndWait =
    Duration::Millis(10) * static_cast<int64_t>((kBulkBytes + 1452 - 1) / 1452);

TEST_CASE(
    "DataTransfer: 10 MiB without loss take a small fraction of stop-and-wait "
    "time",
    "[scenario][fast]") {
  BulkResult r = BulkTransfer(1, kBulkBytes, 0.0);
  INFO("max cwnd " << r.max_cwnd);
  // §7.2.1: slow start opens cwnd well beyond its initial 4 MTUs.
  CHECK(r.max_cwnd >= 64 * kKiB);
  CHECK(r.elapsed < kStopAndWait / 20);
  CHECK(r.sender.retransmitted_chunks == 0);
  CHECK(r.sender.t3_expired == 0);
}

TEST_CASE(
    "DataTransfer: 10 MiB with 1 % loss complete, repaired mostly without "
    "T3-rtx",
    "[scenario][fast]") {
  for (uint64_t seed : {1, 2, 3}) {
    DYNAMIC_SECTION("seed " << seed) {
      BulkResult r = BulkTransfer(seed, kBulkBytes, 0.01);
      INFO("max cwnd " << r.max_cwnd << ", retransmitted "
                       << r.sender.retransmitted_chunks << ", t3 "
                       << r.sender.t3_expired);
      CHECK(r.sender.retransmitted_chunks > 0);
      // These need fast retransmit (§7.2.4) and a receiver that keeps
      // out-of-order chunks: losses are repaired within about one RTT, and
      // T3-rtx (RTO.Min 1 s) only catches the odd lost retransmission or a
      // loss at the very end. With a loss rate p the throughput is about
      // MTU / RTT * 1.2 / sqrt(p): some 6 s for 10 MiB here.
      CHECK(r.sender.t3_expired * 10 <= r.sender.retransmitted_chunks);
      CHECK(r.sender.t3_expired <= 10);
      CHECK(r.elapsed < kStopAndWait / 3);
    }
  }
}

}  // namespace
}  // namespace dpsctp
