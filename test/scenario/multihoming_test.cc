// Data transfer to a multi-homed peer (RFC 9260 §6.4, §6.4.1, §6.3.3, §8.2,
// §8.3), in virtual time. One real endpoint, A (10.0.0.1), talks to a peer Z
// scripted by hand: A sends INIT to 10.0.0.2, Z answers from there with an
// INIT ACK that lists 10.0.0.2 and 10.0.0.3 (IPv4 Address parameters), so A
// has two destinations, 10.0.0.2 the primary. What A transmits is captured
// with its destination; what Z sends is built with the lib/wire serializers
// and handed to A with the address it comes from. Z's network is the script:
// a packet it does not answer is a packet lost.
//
// The randomized test prints its seed; replay one with
//   DPSCTP_PROPERTY_SEED=<seed> ./scenario_multihoming_test '[property]'
// and run more with DPSCTP_PROPERTY_SEEDS=<count> (default 40).
// DPSCTP_PROPERTY_VERBOSE=1 prints one line of statistics per seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "assoc/association.h"
#include "buf/packet_view.h"
#include "common/address.h"
#include "common/byte_order.h"
#include "common/time.h"
#include "common/types.h"
#include "crc/crc32c.h"
#include "endpoint/endpoint.h"
#include "test/support/catch_time.h"
#include "test/support/endpoint_pair.h"
#include "wire/chunk/cookie_ack_chunk.h"
#include "wire/chunk/cookie_echo_chunk.h"
#include "wire/chunk/data_chunk.h"
#include "wire/chunk/heartbeat_ack_chunk.h"
#include "wire/chunk/heartbeat_request_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk/init_chunk.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/chunk_type.h"
#include "wire/common_header.h"
#include "wire/packet_builder.h"
#include "wire/packet_parser.h"
#include "wire/parameter/ipv4_address_parameter.h"
#include "wire/parameter/state_cookie_parameter.h"
#include "wire/wire_writer.h"


namespace dpsctp {
namespace {

using assoc::Association;
using assoc::AssocId;
using assoc::EventType;
using assoc::SendError;
using wire::ChunkType;
using Bytes = std::vector<uint8_t>;

constexpr uint16_t kPort = 5000;
constexpr IpAddress kLocal = IpAddress::V4(10, 0, 0, 1);
constexpr IpAddress kPrimary = IpAddress::V4(10, 0, 0, 2);
constexpr IpAddress kAlternate = IpAddress::V4(10, 0, 0, 3);
constexpr uint32_t kPeerTag = 0x5eed0002;
constexpr uint32_t kPeerInitialTsn = 7000;
constexpr uint32_t kPeerRwnd = 256 * 1024;

// One packet A transmitted, and whether each of its two paths was active
// at that moment (§6.4.1 choices depend on it).
struct Sent {
  TimePoint at;
  PacketAddresses addresses;
  Bytes bytes;
  std::array<bool, 2> active{};
};

class CaptureTx final : public endpoint::TxPort {
 public:
  explicit CaptureTx(const TimePoint& now) : now_(&now) {}
  std::span<uint8_t> TxBuffer() noexcept override { return buffer_; }
  void Transmit(std::span<const uint8_t> packet,
                const PacketAddresses& addresses) noexcept override {
    Sent s{*now_, addresses, Bytes(packet.begin(), packet.end()), {}};
    if (watched_ != nullptr) {
      std::span<const assoc::Path> paths = watched_->paths();
      for (size_t i = 0; i < std::min<size_t>(paths.size(), 2); ++i) {
        s.active[i] = paths[i].active;
      }
    }
    sent.push_back(std::move(s));
  }
  void Watch(const Association* a) { watched_ = a; }

  std::vector<Sent> sent;

 private:
  const TimePoint* now_;
  const Association* watched_ = nullptr;
  std::array<uint8_t, 9216> buffer_{};
};

// ---------------------------------------------------------------------------
// Reading A's packets.

struct ChunkCopy {
  uint8_t type = 0;
  Bytes bytes;
};

std::vector<ChunkCopy> Chunks(const Bytes& packet) {
  std::vector<ChunkCopy> out;
  buf::PacketView view(packet);
  Bytes scratch(64 * 1024);
  wire::ChunkCursor cursor(view);
  while (std::optional<wire::ChunkDescriptor> d = cursor.Next()) {
    std::span<const uint8_t> b = wire::ChunkBytes(view, *d, scratch);
    out.push_back({d->type, Bytes(b.begin(), b.end())});
  }
  return out;
}

uint32_t VtagOf(const Bytes& packet) { return LoadBe32(packet.data() + 4); }

std::vector<uint32_t> DataTsns(const Sent& s) {
  std::vector<uint32_t> tsns;
  for (const ChunkCopy& c : Chunks(s.bytes)) {
    if (c.type != static_cast<uint8_t>(ChunkType::kData)) continue;
    std::optional<wire::DataChunk> d = wire::DataChunk::Parse(c.bytes);
    if (d) tsns.push_back(d->tsn().value());
  }
  return tsns;
}

bool HasChunk(const Sent& s, ChunkType type) {
  for (const ChunkCopy& c : Chunks(s.bytes)) {
    if (c.type == static_cast<uint8_t>(type)) return true;
  }
  return false;
}

size_t CountTo(const std::vector<Sent>& sent, ChunkType type, const IpAddress& dst) {
  return static_cast<size_t>(std::count_if(sent.begin(), sent.end(), [&](const Sent& s) {
    return s.addresses.dst == dst && HasChunk(s, type);
  }));
}

// ---------------------------------------------------------------------------
// Writing Z's packets.

template <typename Serialize>
Bytes Chunk(Serialize&& serialize) {
  Bytes buffer(2048);
  wire::WireWriter w(buffer);
  REQUIRE(serialize(w));
  REQUIRE(w.PadTo4());
  buffer.resize(w.size());
  return buffer;
}

Bytes ZPacket(uint32_t vtag, const std::vector<Bytes>& chunks) {
  Bytes buffer(4096);
  wire::CommonHeader h;
  h.source_port = kPort;
  h.destination_port = kPort;
  h.verification_tag = VerificationTag(vtag);
  wire::PacketBuilder builder(buffer, h, buffer.size());
  for (const Bytes& c : chunks) REQUIRE(builder.TryAddBytes(c));
  std::span<uint8_t> out = builder.Finish(crc::TxChecksumMode::kSoftware);
  return Bytes(out.begin(), out.end());
}

Bytes SackBytes(uint32_t cumulative_tsn_ack, uint32_t a_rwnd = kPeerRwnd,
                std::vector<wire::SackChunk::GapAckBlock> gaps = {}) {
  return Chunk([&](wire::WireWriter& w) {
    return wire::SackChunk::SerializeTo(w, Tsn(cumulative_tsn_ack), a_rwnd, gaps, {});
  });
}

// §8.3: "a HEARTBEAT ACK chunk that contains the Heartbeat Information
// TLV, together with any other received TLVs, copied unchanged".
std::optional<Bytes> HeartbeatAckFor(const Sent& s) {
  for (const ChunkCopy& c : Chunks(s.bytes)) {
    if (c.type != static_cast<uint8_t>(ChunkType::kHeartbeat)) continue;
    std::optional<wire::HeartbeatRequestChunk> hb = wire::HeartbeatRequestChunk::Parse(c.bytes);
    if (!hb) return std::nullopt;
    Bytes params(hb->parameters().begin(), hb->parameters().end());
    return Chunk([&](wire::WireWriter& w) {
      return wire::HeartbeatAckChunk::SerializeParametersTo(w, params);
    });
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// A and the scripted peer Z.

class MultihomedPeer {
 public:
  static endpoint::EndpointOptions DefaultOptions() {
    endpoint::EndpointOptions o;
    o.max_associations = 4;
    o.assoc.receive_window = 64 * 1024;
    o.assoc.send_buffer = 64 * 1024;
    // Only what a test sends goes on the wire, unless it turns them on.
    o.assoc.heartbeat_enabled = false;
    return o;
  }

  explicit MultihomedPeer(const endpoint::EndpointOptions& options = DefaultOptions(),
                          uint64_t seed = 1)
      : now(TimePoint::FromNanos(1'000'000'000)),
        tx(now),
        random(seed),
        ep(options, Key(seed), random, tx) {}

  // A: INIT to 10.0.0.2. Z, from 10.0.0.2: INIT ACK listing 10.0.0.2 and
  // 10.0.0.3. A: COOKIE ECHO to 10.0.0.2. Z: COOKIE ACK.
  Association& Establish() {
    IpAddress peer = kPrimary;
    std::optional<AssocId> associated =
        ep.Associate(now, kPort, kLocal, std::span(&peer, 1), kPort);
    REQUIRE(associated);
    id = *associated;
    std::vector<Sent> out = NewSent();
    REQUIRE(out.size() == 1);
    CHECK(out[0].addresses == PacketAddresses{kLocal, kPrimary});
    std::vector<ChunkCopy> init_chunks = Chunks(out[0].bytes);
    REQUIRE(init_chunks.size() == 1);
    std::optional<wire::InitChunk> init = wire::InitChunk::Parse(init_chunks[0].bytes);
    REQUIRE(init);
    a_tag = init->initiate_tag().value();
    a_initial_tsn = init->initial_tsn().value();

    Bytes params;
    for (const IpAddress& address : {kPrimary, kAlternate}) {
      Bytes p = Chunk([&](wire::WireWriter& w) {
        wire::Ipv4AddressParameter::Address a{};
        std::copy_n(address.bytes.begin(), 4, a.begin());
        return wire::Ipv4AddressParameter::SerializeTo(w, a);
      });
      params.insert(params.end(), p.begin(), p.end());
    }
    const Bytes cookie = {'Z', '-', 'c', 'o', 'o', 'k', 'i', 'e'};
    Bytes cookie_param = Chunk([&](wire::WireWriter& w) {
      return wire::StateCookieParameter::SerializeTo(w, cookie);
    });
    params.insert(params.end(), cookie_param.begin(), cookie_param.end());
    Bytes init_ack = Chunk([&](wire::WireWriter& w) {
      wire::InitFields f{VerificationTag(kPeerTag), kPeerRwnd, 16, 16,
                         Tsn(kPeerInitialTsn)};
      return wire::InitAckChunk::SerializeTo(w, f, params);
    });
    Deliver(kPrimary, ZPacket(a_tag, {init_ack}));

    out = NewSent();
    REQUIRE(out.size() == 1);
    CHECK(out[0].addresses == PacketAddresses{kLocal, kPrimary});
    CHECK(VtagOf(out[0].bytes) == kPeerTag);
    std::vector<ChunkCopy> echo_chunks = Chunks(out[0].bytes);
    REQUIRE(!echo_chunks.empty());
    std::optional<wire::CookieEchoChunk> echo =
        wire::CookieEchoChunk::Parse(echo_chunks[0].bytes);
    REQUIRE(echo);
    CHECK(Bytes(echo->cookie().begin(), echo->cookie().end()) == cookie);
    Deliver(kPrimary, ZPacket(a_tag, {Chunk([](wire::WireWriter& w) {
                                return wire::CookieAckChunk::SerializeTo(w);
                              })}));

    Association* a = ep.Find(id);
    REQUIRE(a != nullptr);
    REQUIRE(a->state() == assoc::State::kEstablished);
    REQUIRE(Count(EventType::kCommunicationUp) == 1);
    tx.Watch(a);
    return *a;
  }

  // Z hands A a packet that comes from `from`.
  void Deliver(const IpAddress& from, const Bytes& packet) {
    buf::PacketView view(packet);
    ep.HandlePacket(now, PacketAddresses{from, kLocal}, view);
    Drain();
  }
  void DeliverChunks(const IpAddress& from, const std::vector<Bytes>& chunks) {
    Deliver(from, ZPacket(a_tag, chunks));
  }
  void Sack(const IpAddress& from, uint32_t cumulative_tsn_ack,
            std::vector<wire::SackChunk::GapAckBlock> gaps = {}) {
    DeliverChunks(from, {SackBytes(cumulative_tsn_ack, kPeerRwnd, std::move(gaps))});
  }
  // Z sends `packet` from `from`, arriving `delay` from now.
  void Schedule(Duration delay, const IpAddress& from, Bytes packet) {
    pending_.push_back({now + delay, sequence_++, from, std::move(packet)});
  }

  SendError Send(size_t length, uint8_t fill = 0x5a) {
    Bytes m(length, fill);
    SendError e = ep.Send(now, id, {StreamId(0), Ppid(0), false}, m);
    Drain();
    return e;
  }

  // Runs A's timers and Z's scheduled packets in time order up to `until`;
  // `respond`, if set, sees every packet A sends (in order) and may
  // schedule Z's answers.
  void RunUntil(TimePoint until) {
    for (int guard = 0; guard < 1'000'000; ++guard) {
      Respond();
      std::optional<TimePoint> next = ep.NextTimeout();
      auto first = std::min_element(pending_.begin(), pending_.end(),
                                    [](const Pending& x, const Pending& y) {
                                      return x.at != y.at ? x.at < y.at
                                                          : x.sequence < y.sequence;
                                    });
      if (first != pending_.end() && (!next || first->at <= *next)) next = first->at;
      if (!next || *next > until) {
        now = std::max(now, until);
        return;
      }
      now = std::max(now, *next);
      if (first != pending_.end() && first->at <= now) {
        Pending p = std::move(*first);
        pending_.erase(first);
        Deliver(p.from, p.bytes);
      } else {
        ep.HandleTimeouts(now);
        Drain();
      }
    }
    FAIL("RunUntil did not settle");
  }
  void RunFor(Duration d) { RunUntil(now + d); }
  // Runs to A's next timer and fires it; returns what A sent.
  std::vector<Sent> FireNextTimer() {
    std::optional<TimePoint> next = ep.NextTimeout();
    REQUIRE(next);
    RunUntil(*next);
    return NewSent();
  }

  // Packets A sent since the last call.
  std::vector<Sent> NewSent() {
    std::vector<Sent> out(tx.sent.begin() + static_cast<std::ptrdiff_t>(read_),
                          tx.sent.end());
    read_ = tx.sent.size();
    return out;
  }

  size_t Count(EventType type) const {
    return static_cast<size_t>(std::count_if(
        events.begin(), events.end(),
        [&](const endpoint::EndpointEvent& e) { return e.event.type == type; }));
  }
  std::vector<assoc::Event> StatusChanges() const {
    std::vector<assoc::Event> out;
    for (const endpoint::EndpointEvent& e : events) {
      if (e.event.type == EventType::kNetworkStatusChange) out.push_back(e.event);
    }
    return out;
  }

  TimePoint now;
  CaptureTx tx;
  test::SeededRandom random;
  endpoint::Endpoint ep;
  AssocId id;
  uint32_t a_tag = 0;
  uint32_t a_initial_tsn = 0;
  std::vector<endpoint::EndpointEvent> events;
  std::function<void(const Sent&)> respond;

 private:
  struct Pending {
    TimePoint at;
    uint64_t sequence;
    IpAddress from;
    Bytes bytes;
  };

  static assoc::CookieKey Key(uint64_t seed) {
    assoc::CookieKey key{};
    for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(seed * 13 + i);
    return key;
  }
  void Drain() {
    endpoint::EndpointEvent e;
    while (ep.PollEvent(e)) events.push_back(e);
  }
  void Respond() {
    while (responded_ < tx.sent.size()) {
      const Sent s = tx.sent[responded_++];
      if (respond) respond(s);
    }
  }

  std::vector<Pending> pending_;
  uint64_t sequence_ = 0;
  size_t read_ = 0;
  size_t responded_ = 0;
};

constexpr size_t kPrimaryIndex = 0;
constexpr size_t kAlternateIndex = 1;

// ---------------------------------------------------------------------------

TEST_CASE("DataTransfer: retransmissions go to an alternate destination", "[fast][scenario]") {
  MultihomedPeer z;
  Association& a = z.Establish();
  // §5.1.2: every address of the INIT ACK is a destination; the primary is
  // the one the INIT went to.
  REQUIRE(a.paths().size() == 2);
  CHECK(a.paths()[kPrimaryIndex].address == kPrimary);
  CHECK(a.paths()[kAlternateIndex].address == kAlternate);
  CHECK(a.paths()[kPrimaryIndex].active);
  CHECK(a.paths()[kAlternateIndex].active);
  CHECK(a.Status(z.now).primary == kPrimary);
  CHECK(a.Status(z.now).path_count == 2);

  // A sends a message: §6.4 "an endpoint SHOULD always transmit to the
  // primary path".
  REQUIRE(z.Send(300) == SendError::kNone);
  std::vector<Sent> out = z.NewSent();
  REQUIRE(out.size() == 1);
  CHECK(out[0].addresses == PacketAddresses{kLocal, kPrimary});
  const std::vector<uint32_t> first = DataTsns(out[0]);
  REQUIRE(first == std::vector<uint32_t>{z.a_initial_tsn});
  const uint32_t tsn = first[0];
  CHECK(a.paths()[kPrimaryIndex].t3 == z.now + Duration::Seconds(1));
  CHECK(!a.paths()[kAlternateIndex].t3);

  // Z never sees it. T3-rtx of 10.0.0.2 expires after its RTO (1 s): §6.4
  // "retransmit a chunk that timed out to an active destination transport
  // address that is different from the last destination address to which
  // the chunk was sent".
  const TimePoint expiry = z.now + Duration::Seconds(1);
  out = z.FireNextTimer();
  CHECK(z.now == expiry);
  REQUIRE(out.size() == 1);
  CHECK(out[0].addresses == PacketAddresses{kLocal, kAlternate});
  CHECK(VtagOf(out[0].bytes) == kPeerTag);
  CHECK(DataTsns(out[0]) == std::vector<uint32_t>{tsn});
  CHECK(a.counters().t3_expired == 1);
  CHECK(a.counters().retransmitted_chunks == 1);
  CHECK(a.counters().data_chunks_sent == 2);
  // §6.3.3 E3 (rule 4): T3-rtx now runs on the destination the
  // retransmission went to; the primary has nothing outstanding.
  CHECK(!a.paths()[kPrimaryIndex].t3);
  CHECK(a.paths()[kAlternateIndex].t3.has_value());
  CHECK(a.Status(z.now).unacked_chunks == 1);

  // Z's SACK from 10.0.0.3 acknowledges it.
  z.Sack(kAlternate, tsn);
  CHECK(a.counters().sacks_received == 1);
  assoc::AssocStatus s = a.Status(z.now);
  CHECK(s.unacked_chunks == 0);
  CHECK(s.flight_bytes == 0);
  CHECK(s.pending_bytes == 0);
  CHECK(s.state == assoc::State::kEstablished);
  // §6.3.2 R2: nothing outstanding, no T3-rtx anywhere (no other timer runs:
  // heartbeats are off).
  CHECK(!a.paths()[kPrimaryIndex].t3);
  CHECK(!a.paths()[kAlternateIndex].t3);
  CHECK(!a.NextTimeout());
  // §8.2: the T3 counted against 10.0.0.2; the acknowledgement clears the
  // counter of "the destination transport address to which the DATA chunk
  // was last sent", 10.0.0.3. Neither crossed Path.Max.Retrans.
  CHECK(a.paths()[kPrimaryIndex].error_count == 1);
  CHECK(a.paths()[kAlternateIndex].error_count == 0);
  CHECK(a.paths()[kPrimaryIndex].active);
  CHECK(a.paths()[kAlternateIndex].active);
  CHECK(z.StatusChanges().empty());
  CHECK(z.NewSent().empty());
}

TEST_CASE("DataTransfer: new data stays on the primary until it fails, then goes to the alternate", "[fast][scenario]") {
  endpoint::EndpointOptions o = MultihomedPeer::DefaultOptions();
  o.assoc.path_max_retrans = 2;
  o.assoc.association_max_retrans = 10;
  MultihomedPeer z(o);
  Association& a = z.Establish();
  REQUIRE(a.paths().size() == 2);

  // Each round: a new message goes to 10.0.0.2 and is lost there; T3-rtx
  // sends it again to 10.0.0.3, where Z acknowledges it. 10.0.0.2's error
  // counter climbs by one per round (§8.2), never cleared: the SACKs credit
  // 10.0.0.3, where the data was last sent.
  uint32_t next_tsn = z.a_initial_tsn;
  for (int round = 0; round < 3; ++round) {
    INFO("round " << round);
    REQUIRE(z.Send(200, static_cast<uint8_t>(round)) == SendError::kNone);
    std::vector<Sent> out = z.NewSent();
    REQUIRE(out.size() == 1);
    // §6.4: while the primary is active, new data goes there.
    CHECK(out[0].addresses.dst == kPrimary);
    CHECK(DataTsns(out[0]) == std::vector<uint32_t>{next_tsn});

    out = z.FireNextTimer();
    REQUIRE(out.size() == 1);
    CHECK(out[0].addresses.dst == kAlternate);
    CHECK(DataTsns(out[0]) == std::vector<uint32_t>{next_tsn});
    CHECK(a.paths()[kPrimaryIndex].error_count == round + 1);
    const bool failed = round + 1 > 2;  // "exceeds 'Path.Max.Retrans'"
    CHECK(a.paths()[kPrimaryIndex].active == !failed);
    CHECK(a.paths()[kAlternateIndex].active);
    CHECK(z.StatusChanges().size() == (failed ? 1u : 0u));

    z.Sack(kAlternate, next_tsn);
    CHECK(a.Status(z.now).unacked_chunks == 0);
    ++next_tsn;
    z.RunFor(Duration::Millis(100));
  }
  // §8.2: "the endpoint SHOULD mark the destination transport address as
  // inactive, and a notification SHOULD be sent to the upper layer".
  std::vector<assoc::Event> changes = z.StatusChanges();
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].address == kPrimary);
  CHECK_FALSE(changes[0].active);
  CHECK(a.state() == assoc::State::kEstablished);

  // §6.4.1: "the SCTP endpoint SHOULD try to send the data to an alternate
  // active destination transport address"; §8.2: "the sender MAY
  // automatically transmit new packets to an alternate destination".
  for (int i = 0; i < 2; ++i) {
    REQUIRE(z.Send(200, 0x40) == SendError::kNone);
    std::vector<Sent> out = z.NewSent();
    REQUIRE(out.size() == 1);
    CHECK(out[0].addresses.dst == kAlternate);
    CHECK(DataTsns(out[0]) == std::vector<uint32_t>{next_tsn});
    CHECK(a.paths()[kAlternateIndex].t3.has_value());
    z.RunFor(Duration::Millis(20));
    z.Sack(kAlternate, next_tsn);
    ++next_tsn;
  }
  CHECK(a.Status(z.now).unacked_chunks == 0);
  CHECK(a.counters().t3_expired == 3);
  CHECK(a.counters().retransmitted_chunks == 3);
  // The primary stays the ULP's choice (§6.4); it is just not used.
  CHECK(a.Status(z.now).primary == kPrimary);
  CHECK(CountTo(z.tx.sent, ChunkType::kData, kPrimary) == 3);
  CHECK(CountTo(z.tx.sent, ChunkType::kData, kAlternate) == 5);
}

TEST_CASE("DataTransfer: each destination keeps its own RTO", "[fast][scenario]") {
  MultihomedPeer z;
  Association& a = z.Establish();
  REQUIRE(a.paths().size() == 2);
  const Duration initial = MultihomedPeer::DefaultOptions().assoc.rto_initial;
  CHECK(a.paths()[kPrimaryIndex].rto.rto() == initial);
  CHECK(a.paths()[kAlternateIndex].rto.rto() == initial);

  REQUIRE(z.Send(100) == SendError::kNone);
  std::vector<Sent> out = z.NewSent();
  REQUIRE(out.size() == 1);
  const uint32_t tsn = DataTsns(out[0]).at(0);

  // T3 of the primary: §6.3.3 E2 "For the destination address for which
  // the timer expires, set RTO = RTO * 2". The alternate keeps its RTO.
  out = z.FireNextTimer();
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].addresses.dst == kAlternate);
  CHECK(a.paths()[kPrimaryIndex].rto.rto() == 2 * initial);
  CHECK(a.paths()[kAlternateIndex].rto.rto() == initial);
  // §6.3.3 E3 (rule 4): "The RTO to be used for starting T3-rtx SHOULD be
  // the one for the destination address to which the retransmission is
  // sent".
  CHECK(a.paths()[kAlternateIndex].t3 == z.now + initial);
  CHECK(a.NextTimeout() == z.now + initial);

  // The retransmission is lost too: the alternate's T3 expires after its
  // own RTO, backs off only the alternate, and the chunk goes back to the
  // primary, again a destination other than the last one.
  const TimePoint alternate_expiry = z.now + initial;
  out = z.FireNextTimer();
  CHECK(z.now == alternate_expiry);
  REQUIRE(out.size() == 1);
  CHECK(out[0].addresses.dst == kPrimary);
  CHECK(DataTsns(out[0]) == std::vector<uint32_t>{tsn});
  CHECK(a.paths()[kPrimaryIndex].rto.rto() == 2 * initial);
  CHECK(a.paths()[kAlternateIndex].rto.rto() == 2 * initial);
  CHECK(a.paths()[kPrimaryIndex].t3 == z.now + 2 * initial);
  CHECK(a.paths()[kPrimaryIndex].error_count == 1);
  CHECK(a.paths()[kAlternateIndex].error_count == 1);

  // Z acknowledges from the primary. A retransmitted chunk gives no RTT
  // (§6.3.1 C5, Karn): both RTOs stay backed off.
  z.RunFor(Duration::Millis(40));
  z.Sack(kPrimary, tsn);
  CHECK(a.Status(z.now).unacked_chunks == 0);
  CHECK(!a.GetSrtt(kPrimary));
  CHECK(!a.GetSrtt(kAlternate));
  CHECK(a.paths()[kPrimaryIndex].rto.rto() == 2 * initial);
  CHECK(a.paths()[kAlternateIndex].rto.rto() == 2 * initial);

  // New data to the primary, acknowledged 40 ms later: an RTT for the
  // primary only. Its RTO "collapses" (§6.3.3) to the C3 value, RTO.Min
  // here; the alternate's stays where its own T3 left it.
  REQUIRE(z.Send(100) == SendError::kNone);
  out = z.NewSent();
  REQUIRE(out.size() == 1);
  CHECK(out[0].addresses.dst == kPrimary);
  z.RunFor(Duration::Millis(40));
  z.Sack(kPrimary, tsn + 1);
  CHECK(a.Status(z.now).unacked_chunks == 0);
  CHECK(a.GetSrtt(kPrimary) == Duration::Millis(40));
  CHECK(!a.GetSrtt(kAlternate));
  CHECK(a.paths()[kPrimaryIndex].rto.rto() ==
        MultihomedPeer::DefaultOptions().assoc.rto_min);
  CHECK(a.paths()[kAlternateIndex].rto.rto() == 2 * initial);
  CHECK(a.Status(z.now).primary_rto == a.paths()[kPrimaryIndex].rto.rto());
}

TEST_CASE("Heartbeat: both destinations are probed and each HEARTBEAT ACK gives its path an RTT", "[fast][scenario]") {
  endpoint::EndpointOptions o = MultihomedPeer::DefaultOptions();
  o.assoc.heartbeat_enabled = true;
  o.assoc.hb_interval = Duration::Millis(100);
  MultihomedPeer z(o);
  // Z answers every HEARTBEAT from the address it was sent to (§6.4: reply
  // chunks go to the source of the control chunk), 30 ms later on
  // 10.0.0.2 and 70 ms later on 10.0.0.3: one-way delays of A's
  // measurement.
  const Duration rtt_primary = Duration::Millis(30);
  const Duration rtt_alternate = Duration::Millis(70);
  std::vector<Sent> heartbeats;
  z.respond = [&](const Sent& s) {
    std::optional<Bytes> ack = HeartbeatAckFor(s);
    if (!ack) return;
    heartbeats.push_back(s);
    const IpAddress& to = s.addresses.dst;
    z.Schedule(to == kPrimary ? rtt_primary : rtt_alternate, to,
               ZPacket(z.a_tag, {*ack}));
  };
  Association& a = z.Establish();
  REQUIRE(a.paths().size() == 2);
  CHECK(!a.GetSrtt(kPrimary));
  CHECK(!a.GetSrtt(kAlternate));

  // §8.3: the first HEARTBEAT of an idle destination is due within
  // HB.interval + RTO +/- RTO/2 (at most 1.6 s here).
  z.RunFor(Duration::Millis(1700));
  CHECK(CountTo(heartbeats, ChunkType::kHeartbeat, kPrimary) >= 1);
  CHECK(CountTo(heartbeats, ChunkType::kHeartbeat, kAlternate) >= 1);
  z.RunFor(Duration::Seconds(5));
  const size_t to_primary = CountTo(heartbeats, ChunkType::kHeartbeat, kPrimary);
  const size_t to_alternate = CountTo(heartbeats, ChunkType::kHeartbeat, kAlternate);
  CHECK(to_primary >= 3);
  CHECK(to_alternate >= 3);
  CHECK(to_primary + to_alternate == heartbeats.size());
  for (const Sent& s : heartbeats) {
    CHECK(s.addresses.src == kLocal);
    CHECK(VtagOf(s.bytes) == kPeerTag);
    CHECK(Chunks(s.bytes).size() == 1);
  }
  // §8.3: "The receiver of the HEARTBEAT ACK chunk SHOULD also perform an
  // RTT measurement for that destination transport address". Equal
  // samples keep SRTT exactly at the sample (§6.3.1 C3).
  CHECK(a.GetSrtt(kPrimary) == rtt_primary);
  CHECK(a.GetSrtt(kAlternate) == rtt_alternate);
  CHECK(a.paths()[kPrimaryIndex].rto.srtt() == rtt_primary);
  CHECK(a.paths()[kAlternateIndex].rto.srtt() == rtt_alternate);
  CHECK(a.counters().heartbeat_acks_received + 2 >= a.counters().heartbeats_sent);
  CHECK(a.counters().heartbeat_acks_received >= 6);
  CHECK(a.paths()[kPrimaryIndex].error_count == 0);
  CHECK(a.paths()[kAlternateIndex].error_count == 0);
  CHECK(z.StatusChanges().empty());
  CHECK(a.state() == assoc::State::kEstablished);
}

TEST_CASE("Heartbeat: an unanswered destination turns inactive, a HEARTBEAT ACK brings it back", "[fast][scenario]") {
  endpoint::EndpointOptions o = MultihomedPeer::DefaultOptions();
  o.assoc.heartbeat_enabled = true;
  o.assoc.hb_interval = Duration::Millis(100);
  o.assoc.path_max_retrans = 2;
  MultihomedPeer z(o);
  bool alternate_reachable = false;
  z.respond = [&](const Sent& s) {
    std::optional<Bytes> ack = HeartbeatAckFor(s);
    if (!ack) return;
    if (s.addresses.dst == kAlternate && !alternate_reachable) return;
    z.Schedule(Duration::Millis(20), s.addresses.dst, ZPacket(z.a_tag, {*ack}));
  };
  Association& a = z.Establish();

  // §8.3: each HEARTBEAT not acknowledged within an RTO counts against the
  // destination; past Path.Max.Retrans (2) it is inactive, reported once.
  REQUIRE(a.paths().size() == 2);
  for (int i = 0; i < 2000 && a.paths()[kAlternateIndex].active; ++i) {
    z.RunFor(Duration::Millis(100));
  }
  REQUIRE_FALSE(a.paths()[kAlternateIndex].active);
  CHECK(a.paths()[kPrimaryIndex].active);
  std::vector<assoc::Event> changes = z.StatusChanges();
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].address == kAlternate);
  CHECK_FALSE(changes[0].active);
  CHECK(a.state() == assoc::State::kEstablished);

  // §8.3: "the endpoint SHOULD continue sending HEARTBEAT chunks on this
  // destination address"; once one is answered, the address is active
  // again and the upper layer hears of it.
  alternate_reachable = true;
  for (int i = 0; i < 2000 && !a.paths()[kAlternateIndex].active; ++i) {
    z.RunFor(Duration::Millis(100));
  }
  CHECK(a.paths()[kAlternateIndex].active);
  changes = z.StatusChanges();
  REQUIRE(changes.size() == 2);
  CHECK(changes[1].address == kAlternate);
  CHECK(changes[1].active);
  CHECK(a.paths()[kAlternateIndex].error_count == 0);
  CHECK(a.GetSrtt(kAlternate) == Duration::Millis(20));
}

TEST_CASE("DataTransfer: fast retransmissions go to the destination of the original", "[fast][scenario]") {
  MultihomedPeer z;
  Association& a = z.Establish();
  // Four messages, one DATA chunk each, to the primary.
  for (int i = 0; i < 4; ++i) {
    REQUIRE(z.Send(1000, static_cast<uint8_t>(i)) == SendError::kNone);
  }
  std::vector<Sent> out = z.NewSent();
  std::vector<uint32_t> tsns;
  for (const Sent& s : out) {
    CHECK(s.addresses.dst == kPrimary);
    for (uint32_t t : DataTsns(s)) tsns.push_back(t);
  }
  REQUIRE(tsns.size() == 4);
  const uint32_t lost = tsns[0];

  // Z misses the first and reports the next three in turn: the third miss
  // indication triggers the fast retransmission (§7.2.4).
  for (uint16_t n = 1; n <= 3; ++n) {
    z.RunFor(Duration::Millis(10));
    z.Sack(kPrimary, lost - 1, {{2, static_cast<uint16_t>(n + 1)}});
  }
  out = z.NewSent();
  std::vector<Sent> retransmissions;
  for (const Sent& s : out) {
    std::vector<uint32_t> t = DataTsns(s);
    if (std::find(t.begin(), t.end(), lost) != t.end()) retransmissions.push_back(s);
  }
  REQUIRE(retransmissions.size() == 1);
  CHECK(a.counters().fast_retransmits == 1);
  CHECK(a.counters().t3_expired == 0);
  // §6.4: "When its peer is multi-homed, an endpoint SHOULD send fast
  // retransmissions to the same destination transport address to which
  // the original data was sent."
  CHECK(retransmissions[0].addresses.dst == kPrimary);

  z.Sack(kPrimary, tsns[3]);
  CHECK(a.Status(z.now).unacked_chunks == 0);
}

// ---------------------------------------------------------------------------
// Randomized: Z's two addresses lose packets at random rates (either way),
// answer after random delays, and A sends messages at random times. Z's
// model receiver acknowledges cumulatively only (no gap reports, so every
// retransmission is a timeout's). Properties, checked on every DATA chunk
// A sends, against the path states at that moment:
//   - a first transmission goes to the primary if it is active, else to the
//     active alternate (§6.4, §6.4.1);
//   - a retransmission goes to a destination other than the one the chunk
//     last went to, whenever that other one is active (§6.4);
// and, once the losses stop, everything is acknowledged.

class Random {
 public:
  explicit Random(uint64_t seed) : r_(seed * 0x9e3779b97f4a7c15ull + 1) {}
  double Unit() { return static_cast<double>(r_.Next32()) / 4294967296.0; }
  bool Chance(double p) { return Unit() < p; }
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(r_.Next32() % static_cast<uint32_t>(hi - lo + 1));
  }

 private:
  test::SeededRandom r_;
};

std::vector<uint64_t> PropertySeeds() {
  if (const char* one = std::getenv("DPSCTP_PROPERTY_SEED"); one != nullptr && *one != 0) {
    return {std::strtoull(one, nullptr, 0)};
  }
  uint64_t count = 40;
  if (const char* n = std::getenv("DPSCTP_PROPERTY_SEEDS"); n != nullptr && *n != 0) {
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

TEST_CASE("DataTransfer: under random loss, timed-out chunks change destination and all arrive", "[fast][scenario][property]") {
  for (uint64_t seed : PropertySeeds()) {
    INFO("seed " << seed << " (DPSCTP_PROPERTY_SEED=" << seed << ")");
    Random r(seed);
    endpoint::EndpointOptions o = MultihomedPeer::DefaultOptions();
    o.assoc.path_max_retrans = static_cast<int>(r.Between(1, 4));
    // Loss alone must not end the association here: the properties are
    // about where chunks go.
    o.assoc.association_max_retrans = 1000;
    o.assoc.rto_max = Duration::Seconds(8);
    MultihomedPeer z(o, seed);

    // Z's two addresses: loss rate (each way) and one-way delay.
    std::array<double, 2> loss = {r.Chance(0.3) ? 1.0 : 0.6 * r.Unit(), 0.3 * r.Unit()};
    std::array<Duration, 2> delay = {Duration::Millis(r.Between(1, 40)),
                                     Duration::Millis(r.Between(1, 40))};
    // Z's receiver: the TSNs it holds and its cumulative ack point.
    std::set<uint32_t> received;
    uint32_t cumulative = 0;
    // What A sent: where each TSN last went.
    std::map<uint32_t, IpAddress> last_destination;
    size_t violations = 0;
    size_t retransmissions = 0;
    size_t moved = 0;  // retransmissions to the other destination

    z.respond = [&](const Sent& s) {
      std::vector<uint32_t> tsns = DataTsns(s);
      if (tsns.empty()) return;
      const size_t index = s.addresses.dst == kPrimary ? 0 : 1;
      const IpAddress& other = index == 0 ? kAlternate : kPrimary;
      for (uint32_t t : tsns) {
        auto last = last_destination.find(t);
        if (last == last_destination.end()) {
          // A first transmission.
          const IpAddress expected =
              s.active[0] ? kPrimary : (s.active[1] ? kAlternate : s.addresses.dst);
          if (!(s.addresses.dst == expected)) {
            ++violations;
            UNSCOPED_INFO("new TSN " << t << " to " << s.addresses.dst.ToString()
                                     << ", expected " << expected.ToString());
          }
        } else {
          ++retransmissions;
          if (!(s.addresses.dst == last->second)) {
            ++moved;
          } else if (s.active[1 - index]) {
            ++violations;
            UNSCOPED_INFO("TSN " << t << " retransmitted to " << s.addresses.dst.ToString()
                                 << " again while " << other.ToString() << " is active");
          }
        }
        last_destination[t] = s.addresses.dst;
      }
      if (r.Chance(loss[index])) return;  // the DATA is lost
      for (uint32_t t : tsns) received.insert(t);
      while (received.count(cumulative + 1) != 0) ++cumulative;
      if (r.Chance(loss[index])) return;  // the SACK is lost
      z.Schedule(delay[index] * 2, s.addresses.dst,
                 ZPacket(z.a_tag, {SackBytes(cumulative)}));
    };
    Association& a = z.Establish();
    REQUIRE(a.paths().size() == 2);
    cumulative = z.a_initial_tsn - 1;

    const int messages = static_cast<int>(r.Between(5, 30));
    for (int m = 0; m < messages; ++m) {
      z.RunFor(Duration::Millis(r.Between(0, 1500)));
      REQUIRE(a.state() == assoc::State::kEstablished);
      const size_t length = static_cast<size_t>(r.Between(1, 3000));
      SendError e = z.Send(length, static_cast<uint8_t>(m));
      REQUIRE((e == SendError::kNone || e == SendError::kNoBuffer));
    }
    // The network heals; everything must arrive.
    const std::array<double, 2> loss_at_start = loss;
    loss = {0.0, 0.0};
    for (int i = 0; i < 400 && a.Status(z.now).unacked_chunks + a.Status(z.now).pending_bytes > 0; ++i) {
      z.RunFor(Duration::Seconds(1));
    }
    CHECK(violations == 0);
    assoc::AssocStatus s = a.Status(z.now);
    if (Verbose()) {
      std::printf("seed %llu: loss %.2f/%.2f, %zu TSNs, %zu retransmitted (%zu moved), "
                  "%zu status changes, %llu T3, primary %s\n",
                  static_cast<unsigned long long>(seed), loss_at_start[0], loss_at_start[1],
                  last_destination.size(), retransmissions, moved, z.StatusChanges().size(),
                  static_cast<unsigned long long>(a.counters().t3_expired),
                  a.paths()[0].active ? "active" : "inactive");
    }
    CHECK(s.state == assoc::State::kEstablished);
    CHECK(s.unacked_chunks == 0);
    CHECK(s.pending_bytes == 0);
    CHECK(received.size() == last_destination.size());
    if (violations != 0 || s.unacked_chunks != 0) break;  // one report is enough
  }
}

}  // namespace
}  // namespace dpsctp
