#include "drivers/loopback/wire.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "buf/packet_view.h"
#include "capture/frame_decoder.h"
#include "capture/pcap_reader.h"
#include "crc/crc32c.h"
#include "drivers/loopback/fake_clock.h"
#include "test/unit/loopback/loopback_packets.h"

namespace dpsctp::loopback {
namespace {

using testing::kAtoB;
using testing::kBtoA;
using testing::MakePacket;
using testing::MakePacketOfSize;
using wire::ChunkType;

constexpr TimePoint kEnd =
    TimePoint::FromNanos(std::numeric_limits<int64_t>::max());

TimePoint Ms(int64_t ms) { return TimePoint::FromNanos(ms * 1'000'000); }

uint32_t TagOf(std::span<const uint8_t> p) {
  return static_cast<uint32_t>(p[4]) << 24 | static_cast<uint32_t>(p[5]) << 16 |
         static_cast<uint32_t>(p[6]) << 8 | p[7];
}

crc::ChecksumVerdict Verify(std::span<const uint8_t> p) {
  return crc::VerifySctpChecksum(buf::PacketView(p));
}

// A delivered packet, copied out of the wire.
struct Got {
  uint32_t tag = 0;
  uint64_t sequence = 0;
  TimePoint sent_at;
  TimePoint due_at;
  bool duplicate = false;
  bool corrupted = false;
  std::vector<uint8_t> bytes;

  friend bool operator==(const Got&, const Got&) = default;
};

// Everything due for `to` at or before `now`, in delivery order.
std::vector<Got> ReceiveAll(Wire& w, Side to, TimePoint now = kEnd) {
  std::vector<Got> out;
  while (std::optional<Datagram> d = w.Receive(to, now)) {
    out.push_back(Got{TagOf(d->bytes), d->sequence, d->sent_at, d->due_at,
                      d->duplicate, d->corrupted,
                      std::vector<uint8_t>(d->bytes.begin(), d->bytes.end())});
  }
  return out;
}

std::vector<uint32_t> Tags(const std::vector<Got>& got) {
  std::vector<uint32_t> tags;
  for (const Got& g : got) {
    tags.push_back(g.tag);
  }
  return tags;
}

// Sends packets tagged 1..n from A, one per millisecond from t = 0.
void SendNumbered(Wire& w, uint32_t n, Side from = Side::kA) {
  for (uint32_t i = 1; i <= n; ++i) {
    w.Send(from, Ms(i - 1), from == Side::kA ? kAtoB : kBtoA,
           MakePacket({ChunkType::kData}, i));
  }
}

// sent + duplicated == delivered + dropped + in flight + held.
void CheckConservation(const Wire& w, Side from) {
  const LinkCounters& c = w.counters(from);
  CHECK(c.sent + c.duplicated ==
        c.delivered + c.dropped() + w.in_flight(Other(from)) + w.held(from));
}

TEST_CASE("Wire: delivers after the latency, not before", "[fast]") {
  WireConfig config;
  config.a_to_b.latency = Duration::Millis(5);
  Wire w(config);
  const std::vector<uint8_t> p = MakePacket({ChunkType::kInit}, 0x11);
  w.Send(Side::kA, Ms(10), kAtoB, p);
  CHECK(w.in_flight(Side::kB) == 1);
  CHECK(w.in_flight(Side::kA) == 0);

  CHECK_FALSE(w.Receive(Side::kB, Ms(15) - Duration::Nanos(1)).has_value());
  CHECK_FALSE(w.Receive(Side::kA, Ms(100)).has_value());  // wrong side
  std::optional<Datagram> d = w.Receive(Side::kB, Ms(15));
  REQUIRE(d.has_value());
  CHECK(std::vector<uint8_t>(d->bytes.begin(), d->bytes.end()) == p);
  CHECK(d->bytes.data() != p.data());  // the wire owns a copy
  CHECK(d->addresses == kAtoB);
  CHECK(d->sent_at == Ms(10));
  CHECK(d->due_at == Ms(15));
  CHECK(d->sequence == 1);
  CHECK_FALSE(d->duplicate);
  CHECK_FALSE(d->corrupted);
  CHECK_FALSE(w.Receive(Side::kB, Ms(100)).has_value());
  CHECK(w.empty());

  const LinkCounters& c = w.counters(Side::kA);
  CHECK(c.sent == 1);
  CHECK(c.delivered == 1);
  CHECK(c.dropped() == 0);
  CHECK(w.counters(Side::kB).sent == 0);
}

TEST_CASE("Wire: a late Receive still gets the packet, due time unchanged",
          "[fast]") {
  WireConfig config;
  config.a_to_b.latency = Duration::Millis(1);
  Wire w(config);
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kData}, 1));
  std::optional<Datagram> d = w.Receive(Side::kB, Ms(50));
  REQUIRE(d.has_value());
  CHECK(d->due_at == Ms(1));
}

TEST_CASE("Wire: FIFO by delivery time, stable for equal times", "[fast]") {
  WireConfig config;
  config.a_to_b.latency = Duration::Millis(10);
  Wire w(config);
  // Three packets sent at the same time arrive in the order sent.
  for (uint32_t tag = 1; tag <= 3; ++tag) {
    w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kData}, tag));
  }
  // A faster path for the next ones: they overtake the first three.
  LinkConfig fast = w.link(Side::kA);
  fast.latency = Duration::Millis(2);
  w.set_link(Side::kA, fast);
  w.Send(Side::kA, Ms(1), kAtoB, MakePacket({ChunkType::kData}, 4));
  w.Send(Side::kA, Ms(8), kAtoB, MakePacket({ChunkType::kData}, 5));  // t=10

  CHECK(w.NextDeliveryTime() == Ms(3));
  CHECK(Tags(ReceiveAll(w, Side::kB, Ms(9))) == std::vector<uint32_t>{4});
  // Due at 10: the three sent first, then the one sent later.
  const std::vector<Got> got = ReceiveAll(w, Side::kB, Ms(10));
  CHECK(Tags(got) == std::vector<uint32_t>{1, 2, 3, 5});
  CHECK(got[0].sequence == 1);
  CHECK(got[3].sequence == 5);
  CHECK(w.empty());
}

TEST_CASE("Wire: each direction has its own latency and queue", "[fast]") {
  WireConfig config;
  config.a_to_b.latency = Duration::Millis(1);
  config.b_to_a.latency = Duration::Millis(3);
  Wire w(config);
  CHECK_FALSE(w.NextDeliveryTime().has_value());
  CHECK(w.link(Side::kA).latency == Duration::Millis(1));
  CHECK(w.link(Side::kB).latency == Duration::Millis(3));

  w.Send(Side::kB, Ms(0), kBtoA, MakePacket({ChunkType::kInitAck}, 2));
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kInit}, 1));
  CHECK(w.NextDeliveryTime() == Ms(1));
  CHECK(w.NextDeliveryTime(Side::kB) == Ms(1));
  CHECK(w.NextDeliveryTime(Side::kA) == Ms(3));

  std::optional<Datagram> at_b = w.Receive(Side::kB, Ms(1));
  REQUIRE(at_b.has_value());
  CHECK(TagOf(at_b->bytes) == 1);
  CHECK(at_b->addresses == kAtoB);
  CHECK(w.NextDeliveryTime() == Ms(3));
  CHECK_FALSE(w.Receive(Side::kA, Ms(2)).has_value());
  std::optional<Datagram> at_a = w.Receive(Side::kA, Ms(3));
  REQUIRE(at_a.has_value());
  CHECK(TagOf(at_a->bytes) == 2);
  CHECK(at_a->addresses == kBtoA);
  CHECK_FALSE(w.NextDeliveryTime().has_value());
  CHECK(w.counters(Side::kA).delivered == 1);
  CHECK(w.counters(Side::kB).delivered == 1);
}

TEST_CASE("Wire: a Datagram stays valid while the receiver sends", "[fast]") {
  Wire w;
  const std::vector<uint8_t> p = MakePacketOfSize(1200, 0x77);
  w.Send(Side::kA, Ms(0), kAtoB, p);
  std::optional<Datagram> d = w.Receive(Side::kB, Ms(0));
  REQUIRE(d.has_value());
  // B answers while processing: many sends, which grow the wire's storage.
  for (uint32_t i = 0; i < 100; ++i) {
    w.Send(Side::kB, Ms(0), kBtoA, MakePacketOfSize(1500, i));
  }
  // So does A's side of the harness, receiving B's answers.
  CHECK(ReceiveAll(w, Side::kA).size() == 100);
  CHECK(std::equal(d->bytes.begin(), d->bytes.end(), p.begin(), p.end()));
}

TEST_CASE("Wire: a moved wire keeps its packets and Datagrams", "[fast]") {
  Wire w;
  const std::vector<uint8_t> p = MakePacket({ChunkType::kData}, 1);
  w.Send(Side::kA, Ms(0), kAtoB, p);
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kData}, 2));
  std::optional<Datagram> d = w.Receive(Side::kB, Ms(0));
  REQUIRE(d.has_value());
  Wire moved(std::move(w));
  CHECK(std::equal(d->bytes.begin(), d->bytes.end(), p.begin(), p.end()));
  CHECK(moved.in_flight(Side::kB) == 1);
  CHECK(Tags(ReceiveAll(moved, Side::kB)) == std::vector<uint32_t>{2});
  CHECK(moved.counters(Side::kA).delivered == 2);
}

TEST_CASE("Wire: buffers are recycled in steady state", "[fast]") {
  Wire w;
  const std::vector<uint8_t> p = MakePacketOfSize(1000);
  const uint8_t* first = nullptr;
  for (int i = 0; i < 1000; ++i) {
    w.Send(Side::kA, Ms(i), kAtoB, p);
    std::optional<Datagram> d = w.Receive(Side::kB, Ms(i));
    REQUIRE(d.has_value());
    if (i == 0) {
      first = d->bytes.data();
    }
    // Two buffers alternate: the one just delivered is freed by the next
    // Receive(), after the next Send() took the other.
    if (i == 2) {
      CHECK(d->bytes.data() == first);
    }
  }
}

TEST_CASE("Wire: random loss is deterministic for a seed", "[fast]") {
  auto run = [](uint64_t seed) {
    WireConfig config;
    config.seed = seed;
    config.a_to_b.loss = 0.3;
    Wire w(config);
    SendNumbered(w, 1000);
    const LinkCounters& c = w.counters(Side::kA);
    CHECK(c.sent == 1000);
    CHECK(c.dropped(DropReason::kLoss) == c.dropped());
    CHECK(c.dropped() > 230);
    CHECK(c.dropped() < 370);
    std::vector<uint32_t> tags = Tags(ReceiveAll(w, Side::kB));
    CHECK(tags.size() + c.dropped() == 1000);
    CHECK(std::is_sorted(tags.begin(), tags.end()));
    CheckConservation(w, Side::kA);
    return tags;
  };
  const std::vector<uint32_t> first = run(42);
  CHECK(run(42) == first);
  CHECK(run(43) != first);
}

TEST_CASE("Wire: loss 1 drops everything, loss 0 nothing", "[fast]") {
  WireConfig config;
  config.a_to_b.loss = 1.0;
  Wire w(config);
  SendNumbered(w, 50);
  SendNumbered(w, 50, Side::kB);
  CHECK(ReceiveAll(w, Side::kB).empty());
  CHECK(w.counters(Side::kA).dropped(DropReason::kLoss) == 50);
  CHECK(ReceiveAll(w, Side::kA).size() == 50);
  CHECK(w.counters(Side::kB).dropped() == 0);
}

TEST_CASE("Wire: one knob's choices do not depend on the other knobs",
          "[fast]") {
  auto lost = [](bool other_knobs, bool reverse_traffic) {
    WireConfig config;
    config.seed = 7;
    config.a_to_b.loss = 0.2;
    if (other_knobs) {
      config.a_to_b.duplicate = 0.5;
      config.a_to_b.reorder = 0.5;
      config.a_to_b.corrupt = 0.5;
      config.b_to_a.loss = 0.5;
    }
    Wire w(config);
    for (uint32_t i = 1; i <= 300; ++i) {
      w.Send(Side::kA, Ms(i), kAtoB, MakePacket({ChunkType::kData}, i));
      if (reverse_traffic) {
        w.Send(Side::kB, Ms(i), kBtoA, MakePacket({ChunkType::kSack}, i));
      }
    }
    // The packets that survived loss, by sequence (corruption may have hit
    // the tag).
    std::vector<uint64_t> survivors;
    for (const Got& g : ReceiveAll(w, Side::kB)) {
      survivors.push_back(g.sequence);
    }
    std::sort(survivors.begin(), survivors.end());
    survivors.erase(std::unique(survivors.begin(), survivors.end()),
                    survivors.end());
    return survivors;
  };
  const std::vector<uint64_t> plain = lost(false, false);
  CHECK(plain.size() < 300);
  CHECK(lost(true, false) == plain);
  CHECK(lost(true, true) == plain);
  CHECK(lost(false, true) == plain);
}

TEST_CASE("Wire: random duplication delivers marked copies", "[fast]") {
  WireConfig config;
  config.seed = 3;
  config.a_to_b.latency = Duration::Millis(1);
  config.a_to_b.duplicate = 0.5;
  config.a_to_b.duplicate_delay = Duration::Micros(100);
  Wire w(config);
  SendNumbered(w, 400);
  const std::vector<Got> got = ReceiveAll(w, Side::kB);
  const LinkCounters& c = w.counters(Side::kA);
  CHECK(c.duplicated > 150);
  CHECK(c.duplicated < 250);
  CHECK(got.size() == 400 + c.duplicated);
  CHECK(c.delivered == got.size());
  size_t copies = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    if (!got[i].duplicate) {
      continue;
    }
    ++copies;
    // The copy follows its original, 100 us later, with the same bytes.
    REQUIRE(i > 0);
    CHECK(got[i - 1].tag == got[i].tag);
    CHECK_FALSE(got[i - 1].duplicate);
    CHECK(got[i].due_at == got[i - 1].due_at + Duration::Micros(100));
    CHECK(got[i].bytes == got[i - 1].bytes);
    CHECK(got[i].sequence == got[i - 1].sequence);
  }
  CHECK(copies == c.duplicated);
  CheckConservation(w, Side::kA);
}

TEST_CASE("Wire: random reordering lets later packets overtake", "[fast]") {
  WireConfig config;
  config.seed = 11;
  config.a_to_b.latency = Duration::Millis(5);
  config.a_to_b.reorder = 0.2;
  config.a_to_b.reorder_max_delay = Duration::Millis(10);
  Wire w(config);
  SendNumbered(w, 500);
  const std::vector<Got> got = ReceiveAll(w, Side::kB);
  const LinkCounters& c = w.counters(Side::kA);
  CHECK(got.size() == 500);
  CHECK(c.delayed > 60);
  CHECK(c.delayed < 140);
  const std::vector<uint32_t> tags = Tags(got);
  CHECK_FALSE(std::is_sorted(tags.begin(), tags.end()));
  size_t late = 0;
  for (const Got& g : got) {
    const Duration extra = g.due_at - g.sent_at - Duration::Millis(5);
    CHECK(extra >= Duration::Zero());
    CHECK(extra <= Duration::Millis(10));
    late += extra > Duration::Zero() ? 1u : 0u;
  }
  CHECK(late == c.delayed);
  // Delivery order is the order of due times.
  for (size_t i = 1; i < got.size(); ++i) {
    CHECK(got[i - 1].due_at <= got[i].due_at);
  }
}

TEST_CASE("Wire: random corruption flips one bit, which CRC32c catches",
          "[fast]") {
  WireConfig config;
  config.seed = 5;
  config.a_to_b.corrupt = 0.5;
  Wire w(config);
  std::vector<std::vector<uint8_t>> sent;
  for (uint32_t i = 1; i <= 200; ++i) {
    sent.push_back(MakePacket({ChunkType::kData, ChunkType::kSack}, i, 9));
    REQUIRE(Verify(sent.back()) == crc::ChecksumVerdict::kGood);
    w.Send(Side::kA, Ms(i), kAtoB, sent.back());
  }
  const std::vector<Got> got = ReceiveAll(w, Side::kB);
  REQUIRE(got.size() == 200);
  size_t corrupted = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    const std::vector<uint8_t>& original = sent[got[i].sequence - 1];
    REQUIRE(got[i].bytes.size() == original.size());
    int flipped_bits = 0;
    for (size_t k = 0; k < original.size(); ++k) {
      flipped_bits += __builtin_popcount(original[k] ^ got[i].bytes[k]);
    }
    if (got[i].corrupted) {
      ++corrupted;
      CHECK(flipped_bits == 1);
      CHECK(Verify(got[i].bytes) != crc::ChecksumVerdict::kGood);
    } else {
      CHECK(flipped_bits == 0);
      CHECK(Verify(got[i].bytes) == crc::ChecksumVerdict::kGood);
    }
  }
  CHECK(corrupted == w.counters(Side::kA).corrupted);
  CHECK(corrupted > 70);
  CHECK(corrupted < 130);
}

TEST_CASE("Wire: a duplicated and corrupted packet has one clean copy",
          "[fast]") {
  WireConfig config;
  config.a_to_b.duplicate = 1.0;
  config.a_to_b.corrupt = 1.0;
  Wire w(config);
  const std::vector<uint8_t> p = MakePacket({ChunkType::kData}, 1);
  w.Send(Side::kA, Ms(0), kAtoB, p);
  const std::vector<Got> got = ReceiveAll(w, Side::kB);
  REQUIRE(got.size() == 2);
  CHECK(got[0].corrupted);
  CHECK_FALSE(got[0].duplicate);
  CHECK(Verify(got[0].bytes) == crc::ChecksumVerdict::kBad);
  CHECK(got[1].duplicate);
  CHECK_FALSE(got[1].corrupted);
  CHECK(got[1].bytes == p);
}

TEST_CASE("Wire: MTU drops larger packets and counts them", "[fast]") {
  WireConfig config;
  config.a_to_b.mtu = 1500;
  config.b_to_a.mtu = 1280;
  Wire w(config);
  // IPv4: 20-byte header, so 1480 bytes of SCTP fit in 1500.
  w.Send(Side::kA, Ms(0), kAtoB, MakePacketOfSize(1480, 1));
  w.Send(Side::kA, Ms(0), kAtoB, MakePacketOfSize(1481, 2));
  // IPv6: 40-byte header, so 1240 bytes fit in 1280.
  std::array<uint8_t, 16> v6a{};
  std::array<uint8_t, 16> v6b{};
  v6a[0] = v6b[0] = 0xfd;
  v6a[15] = 1;
  v6b[15] = 2;
  const PacketAddresses v6 = {IpAddress::V6(v6b), IpAddress::V6(v6a)};
  w.Send(Side::kB, Ms(0), v6, MakePacketOfSize(1240, 3));
  w.Send(Side::kB, Ms(0), v6, MakePacketOfSize(1241, 4));
  // Under an IPv4 MTU of 1280, 1241 bytes fit.
  w.Send(Side::kB, Ms(0), kBtoA, MakePacketOfSize(1241, 5));

  CHECK(Tags(ReceiveAll(w, Side::kB)) == std::vector<uint32_t>{1});
  CHECK(Tags(ReceiveAll(w, Side::kA)) == std::vector<uint32_t>{3, 5});
  CHECK(w.counters(Side::kA).dropped(DropReason::kMtu) == 1);
  CHECK(w.counters(Side::kB).dropped(DropReason::kMtu) == 1);
  CHECK(w.counters(Side::kA).dropped() == 1);
  CheckConservation(w, Side::kA);
  CheckConservation(w, Side::kB);
}

TEST_CASE("Wire: a filter drops the first 2 COOKIE ECHOs", "[fast]") {
  Wire w;
  const FilterId id =
      w.AddFilter(Side::kA, {.match = FirstChunkIs(ChunkType::kCookieEcho),
                             .action = FilterAction::kDrop,
                             .count = 2});
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kInit}, 1));
  w.Send(Side::kA, Ms(1), kAtoB, MakePacket({ChunkType::kCookieEcho}, 2));
  w.Send(Side::kA, Ms(2), kAtoB, MakePacket({ChunkType::kData}, 3));
  w.Send(Side::kA, Ms(3), kAtoB,
         MakePacket({ChunkType::kCookieEcho, ChunkType::kData}, 4));
  w.Send(Side::kA, Ms(4), kAtoB, MakePacket({ChunkType::kCookieEcho}, 5));
  // B's COOKIE ECHOs are another direction.
  w.Send(Side::kB, Ms(4), kBtoA, MakePacket({ChunkType::kCookieEcho}, 6));

  CHECK(Tags(ReceiveAll(w, Side::kB)) == std::vector<uint32_t>{1, 3, 5});
  CHECK(Tags(ReceiveAll(w, Side::kA)) == std::vector<uint32_t>{6});
  CHECK(w.FilterHits(id) == 2);
  CHECK(w.counters(Side::kA).dropped(DropReason::kFilter) == 2);
  CHECK(w.counters(Side::kA).dropped() == 2);
}

TEST_CASE("Wire: a filter on the n-th packet", "[fast]") {
  Wire w;
  const FilterId id = w.AddFilter(
      Side::kA, {.match = NthPacket(3), .action = FilterAction::kDrop});
  SendNumbered(w, 5);
  CHECK(Tags(ReceiveAll(w, Side::kB)) == std::vector<uint32_t>{1, 2, 4, 5});
  CHECK(w.FilterHits(id) == 1);
}

TEST_CASE("Wire: a filter duplicates, with the copy's delay", "[fast]") {
  WireConfig config;
  config.a_to_b.latency = Duration::Millis(1);
  Wire w(config);
  const FilterId id =
      w.AddFilter(Side::kA, {.match = ContainsChunk(ChunkType::kSack),
                             .action = FilterAction::kDuplicate,
                             .delay = Duration::Millis(3),
                             .count = kUnlimited});
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kSack}, 1));
  w.Send(Side::kA, Ms(1), kAtoB, MakePacket({ChunkType::kData}, 2));
  w.Send(Side::kA, Ms(2), kAtoB,
         MakePacket({ChunkType::kData, ChunkType::kSack}, 3));
  const std::vector<Got> got = ReceiveAll(w, Side::kB);
  CHECK(Tags(got) == std::vector<uint32_t>{1, 2, 3, 1, 3});
  CHECK(got[3].duplicate);
  CHECK(got[3].due_at == Ms(4));
  CHECK(got[4].duplicate);
  CHECK(got[4].due_at == Ms(6));
  CHECK(w.FilterHits(id) == 2);
  CHECK(w.counters(Side::kA).duplicated == 2);
  CHECK(w.counters(Side::kA).delivered == 5);
}

TEST_CASE("Wire: a filter delays", "[fast]") {
  WireConfig config;
  config.a_to_b.latency = Duration::Millis(1);
  Wire w(config);
  w.AddFilter(Side::kA, {.match = FirstChunkIs(ChunkType::kInit),
                         .action = FilterAction::kDelay,
                         .delay = Duration::Millis(10)});
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kInit}, 1));
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kInit}, 2));
  const std::vector<Got> got = ReceiveAll(w, Side::kB);
  CHECK(Tags(got) == std::vector<uint32_t>{2, 1});
  CHECK(got[0].due_at == Ms(1));
  CHECK(got[1].due_at == Ms(11));
  CHECK(w.counters(Side::kA).delayed == 1);
}

TEST_CASE("Wire: a filter corrupts", "[fast]") {
  Wire w;
  w.AddFilter(Side::kB, {.match = FirstChunkIs(ChunkType::kInitAck),
                         .action = FilterAction::kCorrupt});
  const std::vector<uint8_t> p = MakePacket({ChunkType::kInitAck}, 1, 64);
  w.Send(Side::kB, Ms(0), kBtoA, p);
  w.Send(Side::kB, Ms(0), kBtoA, p);
  const std::vector<Got> got = ReceiveAll(w, Side::kA);
  REQUIRE(got.size() == 2);
  CHECK(got[0].corrupted);
  CHECK(Verify(got[0].bytes) == crc::ChecksumVerdict::kBad);
  CHECK(got[0].bytes != p);
  CHECK_FALSE(got[1].corrupted);
  CHECK(got[1].bytes == p);
  CHECK(w.counters(Side::kB).corrupted == 1);
}

TEST_CASE("Wire: a filter holds packets until released", "[fast]") {
  WireConfig config;
  config.a_to_b.latency = Duration::Millis(2);
  Wire w(config);
  w.AddFilter(Side::kA, {.match = FirstChunkIs(ChunkType::kData),
                         .action = FilterAction::kHold,
                         .count = 2});
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kData}, 1));
  w.Send(Side::kA, Ms(1), kAtoB, MakePacket({ChunkType::kData}, 2));
  w.Send(Side::kA, Ms(2), kAtoB, MakePacket({ChunkType::kData}, 3));
  CHECK(w.held(Side::kA) == 2);
  CHECK(w.counters(Side::kA).held == 2);
  CheckConservation(w, Side::kA);
  CHECK(Tags(ReceiveAll(w, Side::kB, Ms(10))) == std::vector<uint32_t>{3});
  CHECK_FALSE(w.NextDeliveryTime().has_value());  // held ones do not count

  // Released at 10: both are due at once, in the order they were sent.
  CHECK(w.ReleaseHeld(Side::kA, Ms(10)) == 2);
  CHECK(w.held(Side::kA) == 0);
  CHECK(w.NextDeliveryTime() == Ms(10));
  const std::vector<Got> got = ReceiveAll(w, Side::kB, Ms(10));
  CHECK(Tags(got) == std::vector<uint32_t>{1, 2});
  CHECK(got[0].sent_at == Ms(0));
  CHECK(w.counters(Side::kA).released == 2);
  CheckConservation(w, Side::kA);
}

TEST_CASE("Wire: a held packet released early keeps its latency", "[fast]") {
  WireConfig config;
  config.a_to_b.latency = Duration::Millis(5);
  Wire w(config);
  w.AddFilter(Side::kA, {.match = AnyPacket(), .action = FilterAction::kHold});
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kData}, 1));
  CHECK(w.ReleaseHeld(Side::kA, Ms(1)) == 1);
  CHECK(w.NextDeliveryTime() == Ms(5));
}

TEST_CASE("Wire: held packets can be discarded", "[fast]") {
  Wire w;
  w.AddFilter(Side::kA, {.match = AnyPacket(),
                         .action = FilterAction::kHold,
                         .count = kUnlimited});
  SendNumbered(w, 3);
  CHECK(w.DropHeld(Side::kA) == 3);
  CHECK(w.held(Side::kA) == 0);
  CHECK(w.ReleaseHeld(Side::kA, Ms(5)) == 0);
  CHECK(ReceiveAll(w, Side::kB).empty());
  CHECK(w.counters(Side::kA).dropped(DropReason::kHeldDiscarded) == 3);
  CheckConservation(w, Side::kA);
}

TEST_CASE("Wire: the first matching filter with a count left acts", "[fast]") {
  WireConfig config;
  config.a_to_b.latency = Duration::Millis(1);
  Wire w(config);
  const FilterId drop_first = w.AddFilter(
      Side::kA, {.match = AnyPacket(), .action = FilterAction::kDrop});
  const FilterId delay_two =
      w.AddFilter(Side::kA, {.match = AnyPacket(),
                             .action = FilterAction::kDelay,
                             .delay = Duration::Millis(100),
                             .count = 2});
  SendNumbered(w, 4);
  CHECK(w.FilterHits(drop_first) == 1);
  CHECK(w.FilterHits(delay_two) == 2);
  const std::vector<Got> got = ReceiveAll(w, Side::kB);
  CHECK(Tags(got) == std::vector<uint32_t>{4, 2, 3});

  // Removing a filter forgets it; clearing removes a direction's filters.
  w.RemoveFilter(drop_first);
  CHECK(w.FilterHits(drop_first) == 0);
  CHECK(w.FilterHits(delay_two) == 2);
  const FilterId again = w.AddFilter(
      Side::kA, {.match = AnyPacket(), .action = FilterAction::kDrop});
  CHECK(again != delay_two);
  w.ClearFilters(Side::kA);
  CHECK(w.FilterHits(again) == 0);
  w.Send(Side::kA, Ms(10), kAtoB, MakePacket({ChunkType::kData}, 9));
  CHECK(Tags(ReceiveAll(w, Side::kB)) == std::vector<uint32_t>{9});
}

TEST_CASE("Wire: a filter's action replaces the random faults", "[fast]") {
  WireConfig config;
  config.a_to_b.loss = 1.0;
  Wire w(config);
  w.AddFilter(Side::kA, {.match = FirstChunkIs(ChunkType::kCookieEcho),
                         .action = FilterAction::kDelay,
                         .delay = Duration::Millis(1)});
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kCookieEcho}, 1));
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kCookieEcho}, 2));
  CHECK(Tags(ReceiveAll(w, Side::kB)) == std::vector<uint32_t>{1});
  CHECK(w.counters(Side::kA).dropped(DropReason::kLoss) == 1);
}

TEST_CASE("Wire: the MTU check comes before the filters", "[fast]") {
  WireConfig config;
  config.a_to_b.mtu = 100;
  Wire w(config);
  const FilterId id = w.AddFilter(
      Side::kA, {.match = AnyPacket(), .action = FilterAction::kDuplicate});
  w.Send(Side::kA, Ms(0), kAtoB, MakePacketOfSize(200, 1));
  w.Send(Side::kA, Ms(0), kAtoB, MakePacketOfSize(40, 2));
  CHECK(Tags(ReceiveAll(w, Side::kB)) == std::vector<uint32_t>{2, 2});
  CHECK(w.FilterHits(id) == 1);
}

TEST_CASE("Wire: filters see the direction, sequence, time and addresses",
          "[fast]") {
  Wire w;
  std::vector<PacketInfo> seen;
  w.AddFilter(Side::kB, {.match =
                             [&seen](const PacketInfo& p) {
                               seen.push_back(p);
                               return false;
                             },
                         .count = kUnlimited});
  w.Send(Side::kB, Ms(3), kBtoA, MakePacket({ChunkType::kSack}, 1));
  w.Send(Side::kA, Ms(4), kAtoB, MakePacket({ChunkType::kData}, 2));
  w.Send(Side::kB, Ms(5), kBtoA, MakePacket({ChunkType::kSack}, 3));
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].from == Side::kB);
  CHECK(seen[0].sequence == 1);
  CHECK(seen[0].now == Ms(3));
  CHECK(seen[0].addresses == kBtoA);
  CHECK(seen[1].sequence == 2);
  CHECK(seen[1].now == Ms(5));
  CHECK(ReceiveAll(w, Side::kA).size() == 2);
}

TEST_CASE("Wire: same seed, same run, with every knob on", "[fast]") {
  auto run = [](uint64_t seed) {
    WireConfig config;
    config.seed = seed;
    for (LinkConfig* link : {&config.a_to_b, &config.b_to_a}) {
      link->latency = Duration::Millis(3);
      link->loss = 0.1;
      link->duplicate = 0.1;
      link->reorder = 0.2;
      link->reorder_max_delay = Duration::Millis(4);
      link->corrupt = 0.1;
    }
    Wire w(config);
    w.AddFilter(Side::kA,
                {.match = NthPacket(7), .action = FilterAction::kCorrupt});
    FakeClock clock;
    std::vector<Got> log;
    for (uint32_t i = 1; i <= 200; ++i) {
      w.Send(Side::kA, clock.now(), kAtoB, MakePacket({ChunkType::kData}, i));
      w.Send(Side::kB, clock.now(), kBtoA, MakePacket({ChunkType::kSack}, i));
      clock.Advance(Duration::Micros(700));
      for (Side to : {Side::kA, Side::kB}) {
        for (Got& g : ReceiveAll(w, to, clock.now())) {
          log.push_back(std::move(g));
        }
      }
    }
    while (std::optional<TimePoint> t = w.NextDeliveryTime()) {
      clock.AdvanceTo(*t);
      for (Side to : {Side::kA, Side::kB}) {
        for (Got& g : ReceiveAll(w, to, clock.now())) {
          log.push_back(std::move(g));
        }
      }
    }
    CheckConservation(w, Side::kA);
    CheckConservation(w, Side::kB);
    CHECK(w.counters(Side::kA).sent + w.counters(Side::kA).duplicated ==
          w.counters(Side::kA).delivered + w.counters(Side::kA).dropped());
    return log;
  };
  const std::vector<Got> first = run(2024);
  CHECK(first.size() > 300);
  CHECK(run(2024) == first);
  CHECK(run(2025) != first);
}

// Reads a pcap made by the wire back with lib/capture.
struct Record {
  uint64_t timestamp_ns = 0;
  capture::IpAddress source;
  capture::IpAddress destination;
  std::vector<uint8_t> sctp;
};

std::vector<Record> ReadPcap(std::span<const uint8_t> file) {
  std::vector<Record> out;
  auto reader = capture::CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  CHECK(reader->format() == capture::CaptureFormat::kPcap);
  while (std::optional<capture::CaptureRecord> r = reader->Next()) {
    auto frame = capture::DecodeFrame(r->link_type, r->data);
    REQUIRE(frame.has_value());
    REQUIRE(frame->kind == capture::FrameKind::kSctp);
    CHECK_FALSE(frame->sctp.truncated);
    out.push_back(Record{r->timestamp_ns, frame->sctp.source,
                         frame->sctp.destination,
                         std::vector<uint8_t>(frame->sctp.sctp.begin(),
                                              frame->sctp.sctp.end())});
  }
  CHECK(reader->error() == capture::CaptureError::kNone);
  return out;
}

capture::IpAddress V4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  capture::IpAddress r;
  r.version = 4;
  r.bytes[0] = a;
  r.bytes[1] = b;
  r.bytes[2] = c;
  r.bytes[3] = d;
  return r;
}

TEST_CASE("Wire: no capture unless asked", "[fast]") {
  Wire w;
  SendNumbered(w, 3);
  CHECK(ReceiveAll(w, Side::kB).size() == 3);
  CHECK(w.capture(CapturePoint::kSent).packet_count() == 0);
  CHECK(w.capture(CapturePoint::kDelivered).packet_count() == 0);
  CHECK(ReadPcap(w.capture(CapturePoint::kSent).bytes()).empty());
}

TEST_CASE("Wire: capture as sent and as delivered, read back by lib/capture",
          "[fast]") {
  WireConfig config;
  config.a_to_b.latency = Duration::Millis(2);
  config.b_to_a.latency = Duration::Millis(3);
  config.capture.sent = true;
  config.capture.delivered = true;
  config.capture.time_offset_ns = 1'700'000'000'000'000'000;
  Wire w(config);
  w.AddFilter(Side::kA,
              {.match = NthPacket(2), .action = FilterAction::kCorrupt});
  w.AddFilter(Side::kA,
              {.match = NthPacket(3), .action = FilterAction::kDuplicate});
  w.AddFilter(Side::kB, {.match = NthPacket(1), .action = FilterAction::kDrop});

  const std::vector<uint8_t> init = MakePacket({ChunkType::kInit}, 1, 16);
  const std::vector<uint8_t> echo = MakePacket({ChunkType::kCookieEcho}, 2);
  const std::vector<uint8_t> data = MakePacket({ChunkType::kData}, 3, 100);
  const std::vector<uint8_t> ack = MakePacket({ChunkType::kInitAck}, 4);
  const std::vector<uint8_t> sack = MakePacket({ChunkType::kSack}, 5);
  w.Send(Side::kA, Ms(0), kAtoB, init);
  w.Send(Side::kA, Ms(1), kAtoB, echo);
  w.Send(Side::kB, Ms(1), kBtoA, ack);  // dropped
  w.Send(Side::kA, Ms(2), kAtoB, data);
  w.Send(Side::kB, Ms(4), kBtoA, sack);
  FakeClock clock;
  while (std::optional<TimePoint> t = w.NextDeliveryTime()) {
    clock.AdvanceTo(*t);
    ReceiveAll(w, Side::kA, clock.now());
    ReceiveAll(w, Side::kB, clock.now());
  }

  constexpr uint64_t kOffset = 1'700'000'000'000'000'000;
  const capture::IpAddress a = V4(10, 0, 0, 1);
  const capture::IpAddress b = V4(10, 0, 0, 2);

  // As sent: every packet, in the order sent, before any fault.
  const std::vector<Record> sent =
      ReadPcap(w.capture(CapturePoint::kSent).bytes());
  REQUIRE(sent.size() == 5);
  CHECK(w.capture(CapturePoint::kSent).packet_count() == 5);
  const std::vector<const std::vector<uint8_t>*> sent_bytes = {
      &init, &echo, &ack, &data, &sack};
  const std::vector<int64_t> sent_ms = {0, 1, 1, 2, 4};
  for (size_t i = 0; i < sent.size(); ++i) {
    CHECK(sent[i].sctp == *sent_bytes[i]);
    CHECK(sent[i].timestamp_ns ==
          kOffset + static_cast<uint64_t>(sent_ms[i]) * 1'000'000);
    const bool from_a = i != 2 && i != 4;
    CHECK(sent[i].source == (from_a ? a : b));
    CHECK(sent[i].destination == (from_a ? b : a));
  }

  // As delivered, time-stamped with the arrival time: INIT at 2, the
  // corrupted COOKIE ECHO at 3, DATA and its copy at 4, SACK at 7. The order
  // is the harness's: at 4, A received before B.
  const std::vector<Record> delivered =
      ReadPcap(w.capture(CapturePoint::kDelivered).bytes());
  REQUIRE(delivered.size() == 5);
  CHECK(delivered[0].sctp == init);
  CHECK(delivered[0].timestamp_ns == kOffset + 2'000'000);
  CHECK(delivered[1].sctp != echo);
  CHECK(delivered[1].sctp.size() == echo.size());
  CHECK(Verify(delivered[1].sctp) == crc::ChecksumVerdict::kBad);
  CHECK(delivered[1].timestamp_ns == kOffset + 3'000'000);
  CHECK(delivered[2].sctp == data);
  CHECK(delivered[3].sctp == data);
  CHECK(delivered[3].timestamp_ns == kOffset + 4'000'000);
  CHECK(delivered[4].sctp == sack);
  CHECK(delivered[4].timestamp_ns == kOffset + 7'000'000);
  CHECK(delivered[4].source == b);
  CHECK(delivered[4].destination == a);
  CHECK(w.capture_skipped() == 0);

  // The same bytes in a file.
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "dpsctp_loopback_wire_test.pcap";
  REQUIRE(w.WriteCapture(CapturePoint::kDelivered, path.string()));
  std::ifstream in(path, std::ios::binary);
  const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  CHECK(file == w.capture(CapturePoint::kDelivered).bytes());
  in.close();
  std::filesystem::remove(path);

  CHECK_FALSE(
      w.WriteCapture(CapturePoint::kSent, "/nonexistent-dir/dpsctp/x.pcap"));
}

TEST_CASE("Wire: capture can be turned on and off mid-run", "[fast]") {
  Wire w;
  SendNumbered(w, 2);
  w.set_capture({.sent = true});
  CHECK(w.capture_config().sent);
  CHECK_FALSE(w.capture_config().delivered);
  w.Send(Side::kA, Ms(5), kAtoB, MakePacket({ChunkType::kData}, 3));
  w.set_capture({});
  w.Send(Side::kA, Ms(6), kAtoB, MakePacket({ChunkType::kData}, 4));
  const std::vector<Record> sent =
      ReadPcap(w.capture(CapturePoint::kSent).bytes());
  REQUIRE(sent.size() == 1);
  CHECK(TagOf(sent[0].sctp) == 3);
  CHECK(sent[0].timestamp_ns == 5'000'000);
}

TEST_CASE("Wire: IPv6 packets are carried and captured; mixed families are not captured", "[fast]") {
  WireConfig config;
  config.capture.sent = true;
  config.capture.delivered = true;
  Wire w(config);
  std::array<uint8_t, 16> x{};
  x[0] = 0x20;
  x[1] = 0x01;
  x[15] = 9;
  const PacketAddresses v6 = {IpAddress::V6(x), IpAddress::V6(x)};
  const PacketAddresses mixed = {IpAddress::V6(x), kAtoB.dst};
  w.Send(Side::kA, Ms(0), v6, MakePacket({ChunkType::kInit}, 1));
  w.Send(Side::kA, Ms(0), kAtoB, MakePacket({ChunkType::kInit}, 2));
  w.Send(Side::kA, Ms(0), mixed, MakePacket({ChunkType::kInit}, 3));
  const std::vector<Got> got = ReceiveAll(w, Side::kB);
  CHECK(Tags(got) == std::vector<uint32_t>{1, 2, 3});
  CHECK(w.capture(CapturePoint::kSent).packet_count() == 2);
  CHECK(w.capture(CapturePoint::kDelivered).packet_count() == 2);
  CHECK(w.capture_skipped() == 2);  // the mixed one, sent and delivered
}

TEST_CASE("Wire: names", "[fast]") {
  CHECK(ToString(DropReason::kLoss) == "loss");
  CHECK(ToString(DropReason::kFilter) == "filter");
  CHECK(ToString(DropReason::kMtu) == "mtu");
  CHECK(ToString(DropReason::kHeldDiscarded) == "held_discarded");
}

}  // namespace
}  // namespace dpsctp::loopback
