// ICMP handling (RFC 9260 §10) through Endpoint::HandleIcmp, rule by rule,
// with the loopback pair: A (10.0.0.1) is associated with B (10.0.0.2),
// and the tests play the router that reports on a packet A sent to B. The
// multi-homed case uses a scripted peer Z with two addresses (as in
// multihoming_test.cc), since an endpoint of the pair has one address.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "assoc/association.h"
#include "buf/packet_view.h"
#include "common/address.h"
#include "common/byte_order.h"
#include "common/time.h"
#include "crc/crc32c.h"
#include "drivers/loopback/packet_filter.h"
#include "drivers/loopback/wire.h"
#include "endpoint/endpoint.h"
#include "endpoint/icmp.h"
#include "test/support/endpoint_pair.h"
#include "wire/chunk/cookie_ack_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk/init_chunk.h"
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
using assoc::LossReason;
using assoc::SendError;
using endpoint::IcmpError;
using endpoint::IcmpErrorKind;
using loopback::FilterAction;
using loopback::PacketFilter;
using loopback::Side;
using test::EndpointPair;
using wire::ChunkType;
using Bytes = std::vector<uint8_t>;

constexpr uint16_t kPort = EndpointPair::kPort;

endpoint::EndpointOptions Quiet() {
  endpoint::EndpointOptions o = EndpointPair::DefaultOptions();
  o.assoc.heartbeat_enabled = false;
  return o;
}

// A and B associated; returns A's association.
Association& Establish(EndpointPair& p) {
  std::optional<AssocId> id = p.Connect();
  REQUIRE(id);
  REQUIRE(p.RunUntil([&] { return p.a.Count(EventType::kCommunicationUp) == 1; },
                     Duration::Seconds(10)));
  Association* a = p.a.ep->Find(*id);
  REQUIRE(a != nullptr);
  REQUIRE(a->state() == assoc::State::kEstablished);
  return *a;
}

// A report about a DATA packet A sent to B, as the driver decodes it.
IcmpError About(const EndpointPair& p, const Association& a, IcmpErrorKind kind) {
  IcmpError e;
  e.kind = kind;
  e.addresses = {p.a.address, p.b.address};
  e.source_port = kPort;
  e.destination_port = kPort;
  e.tag = a.peer_tag();
  e.has_first_chunk = true;
  e.first_chunk_type = static_cast<uint8_t>(ChunkType::kData);
  return e;
}

// Records every packet a side puts on the wire; acts on none.
PacketFilter Recorder(std::vector<Bytes>& out) {
  PacketFilter f;
  f.match = [&out](const loopback::PacketInfo& info) {
    out.emplace_back(info.bytes.begin(), info.bytes.end());
    return false;
  };
  f.count = loopback::kUnlimited;
  return f;
}

// The payload sizes of the DATA chunks in `packets`.
std::vector<size_t> DataPayloads(const std::vector<Bytes>& packets) {
  std::vector<size_t> sizes;
  for (const Bytes& packet : packets) {
    size_t offset = 12;
    while (offset + 4 <= packet.size()) {
      const size_t length = LoadBe16(packet.data() + offset + 2);
      if (length < 4) break;
      if (packet[offset] == static_cast<uint8_t>(ChunkType::kData)) {
        sizes.push_back(length - 16);
      }
      offset += (length + 3) & ~size_t{3};
    }
  }
  return sizes;
}

size_t Largest(const std::vector<Bytes>& packets) {
  size_t n = 0;
  for (const Bytes& b : packets) n = std::max(n, b.size());
  return n;
}

bool HasChunk(const std::vector<Bytes>& packets, ChunkType type) {
  for (const Bytes& b : packets) {
    if (loopback::HasChunk(b, type)) return true;
  }
  return false;
}

// Sends `size` bytes from A and runs until B's association has received
// the message.
void SendAndReceive(EndpointPair& p, Association& a, size_t size) {
  Bytes m(size, 0x42);
  REQUIRE(p.a.ep->Send(p.now, a.id(), {StreamId(0), Ppid(1), false}, m) ==
          SendError::kNone);
  Association* b = p.b.Only();
  REQUIRE(b != nullptr);
  Bytes buffer(size + 16);
  std::optional<assoc::ReceivedMessage> got;
  REQUIRE(p.RunUntil(
      [&] {
        if (!got) got = b->Receive(buffer);
        return got.has_value();
      },
      Duration::Seconds(30)));
  CHECK(got->length == size);
}

// ---------------------------------------------------------------------------
// Rules 3, 5, 6.

TEST_CASE("Icmp: port unreachable is ignored (rule 3)", "[scenario][fast]") {
  EndpointPair p(Quiet());
  Association& a = Establish(p);
  p.a.ep->HandleIcmp(p.now, About(p, a, IcmpErrorKind::kPortUnreachable));
  p.Drain();
  const endpoint::EndpointCounters& c = p.a.ep->counters();
  CHECK(c.icmp_received == 1);
  CHECK(c.icmp_port_unreachable_ignored == 1);
  CHECK(c.icmp_no_association == 0);
  CHECK(a.state() == assoc::State::kEstablished);
  CHECK(p.a.Count(EventType::kCommunicationLost) == 0);
  CHECK(p.CloseAllAndCheckClean());
}

TEST_CASE("Icmp: a report no association sent is ignored (rule 5)",
          "[scenario][fast]") {
  EndpointPair p(Quiet());
  Association& a = Establish(p);
  SECTION("another peer port") {
    IcmpError e = About(p, a, IcmpErrorKind::kProtocolUnreachable);
    e.destination_port = kPort + 1;
    p.a.ep->HandleIcmp(p.now, e);
  }
  SECTION("another local port") {
    IcmpError e = About(p, a, IcmpErrorKind::kProtocolUnreachable);
    e.source_port = kPort + 1;
    p.a.ep->HandleIcmp(p.now, e);
  }
  SECTION("another peer address") {
    IcmpError e = About(p, a, IcmpErrorKind::kProtocolUnreachable);
    e.addresses.dst = IpAddress::V4(10, 0, 0, 9);
    p.a.ep->HandleIcmp(p.now, e);
  }
  SECTION("src and dst the way a received packet has them") {
    // The quoted packet is one A sent: src = A. Turned around it names
    // no association of A.
    IcmpError e = About(p, a, IcmpErrorKind::kProtocolUnreachable);
    std::swap(e.addresses.src, e.addresses.dst);
    p.a.ep->HandleIcmp(p.now, e);
  }
  p.Drain();
  CHECK(p.a.ep->counters().icmp_no_association == 1);
  CHECK(p.a.ep->counters().icmp_protocol_unreachable == 0);
  CHECK(a.state() == assoc::State::kEstablished);
  CHECK(p.CloseAllAndCheckClean());
}

TEST_CASE("Icmp: a report with the wrong Verification Tag is dropped (rule 6)",
          "[scenario][fast]") {
  EndpointPair p(Quiet());
  Association& a = Establish(p);
  IcmpError e = About(p, a, IcmpErrorKind::kProtocolUnreachable);
  SECTION("not the peer's tag") { e.tag = VerificationTag(a.peer_tag().value() ^ 1); }
  SECTION("our own tag") { e.tag = a.local_tag(); }
  SECTION("tag 0, first chunk not an INIT") { e.tag = VerificationTag(0); }
  SECTION("tag 0, quote too short for the chunk type") {
    e.tag = VerificationTag(0);
    e.has_first_chunk = false;
  }
  SECTION("tag 0, INIT with another Initiate Tag") {
    e.tag = VerificationTag(0);
    e.first_chunk_type = static_cast<uint8_t>(ChunkType::kInit);
    e.has_initiate_tag = true;
    e.initiate_tag = VerificationTag(a.local_tag().value() + 1);
  }
  SECTION("tag 0, INIT, quote too short for the Initiate Tag") {
    e.tag = VerificationTag(0);
    e.first_chunk_type = static_cast<uint8_t>(ChunkType::kInit);
    e.has_initiate_tag = false;
    e.initiate_tag = a.local_tag();
  }
  p.a.ep->HandleIcmp(p.now, e);
  p.Drain();
  CHECK(p.a.ep->counters().icmp_bad_tag == 1);
  CHECK(p.a.ep->counters().icmp_protocol_unreachable == 0);
  CHECK(a.state() == assoc::State::kEstablished);
  CHECK(p.a.Count(EventType::kCommunicationLost) == 0);
  CHECK(p.CloseAllAndCheckClean());
}

TEST_CASE(
    "Icmp: protocol unreachable about our INIT in COOKIE-WAIT ends the "
    "attempt (rules 6 and 8)",
    "[scenario][fast]") {
  EndpointPair p(Quiet());
  // Every INIT of A is lost: A stays in COOKIE-WAIT.
  p.wire.AddFilter(Side::kA, {loopback::FirstChunkIs(ChunkType::kInit),
                              FilterAction::kDrop, Duration::Zero(),
                              loopback::kUnlimited});
  std::optional<AssocId> id = p.Connect();
  REQUIRE(id);
  p.RunFor(Duration::Millis(100));
  Association* a = p.a.ep->Find(*id);
  REQUIRE(a != nullptr);
  REQUIRE(a->state() == assoc::State::kCookieWait);
  // The quoted packet is the INIT: Verification Tag 0 (§8.5.1 A), and its
  // Initiate Tag is the tag A chose.
  IcmpError e = About(p, *a, IcmpErrorKind::kProtocolUnreachable);
  e.tag = VerificationTag(0);
  e.first_chunk_type = static_cast<uint8_t>(ChunkType::kInit);
  e.has_initiate_tag = true;
  e.initiate_tag = a->local_tag();
  REQUIRE(e.initiate_tag.value() != 0);
  p.a.ep->HandleIcmp(p.now, e);
  p.Drain();
  CHECK(p.a.ep->counters().icmp_bad_tag == 0);
  CHECK(p.a.ep->counters().icmp_protocol_unreachable == 1);
  std::optional<endpoint::EndpointEvent> lost = p.a.Last(EventType::kCommunicationLost);
  REQUIRE(lost);
  CHECK(lost->id == *id);
  CHECK(lost->event.reason == LossReason::kIcmpProtocolUnreachable);
  CHECK(p.a.ep->association_count() == 0);
  CHECK(p.CloseAllAndCheckClean());
}

// ---------------------------------------------------------------------------
// Rule 8.

TEST_CASE("Icmp: protocol unreachable aborts an established association (rule 8)",
          "[scenario][fast]") {
  EndpointPair p(Quiet());
  Association& a = Establish(p);
  const AssocId id = a.id();
  std::vector<Bytes> from_a;
  p.wire.AddFilter(Side::kA, Recorder(from_a));
  p.a.ep->HandleIcmp(p.now, About(p, a, IcmpErrorKind::kProtocolUnreachable));
  p.Drain();
  CHECK(p.a.ep->counters().icmp_protocol_unreachable == 1);
  std::optional<endpoint::EndpointEvent> lost = p.a.Last(EventType::kCommunicationLost);
  REQUIRE(lost);
  CHECK(lost->id == id);
  CHECK(lost->event.reason == LossReason::kIcmpProtocolUnreachable);
  CHECK(assoc::LossReasonName(lost->event.reason) == "ICMP protocol unreachable");
  CHECK(p.a.ep->association_count() == 0);
  // As on a received ABORT: nothing goes back to a peer without SCTP.
  CHECK_FALSE(HasChunk(from_a, ChunkType::kAbort));
  CHECK(p.CloseAllAndCheckClean());
}

TEST_CASE(
    "Icmp: protocol unreachable about an old INIT leaves an established "
    "association alone (rule 8)",
    "[scenario][fast]") {
  EndpointPair p(Quiet());
  Association& a = Establish(p);
  IcmpError e = About(p, a, IcmpErrorKind::kProtocolUnreachable);
  e.tag = VerificationTag(0);
  e.first_chunk_type = static_cast<uint8_t>(ChunkType::kInit);
  e.has_initiate_tag = true;
  e.initiate_tag = a.local_tag();
  p.a.ep->HandleIcmp(p.now, e);
  p.Drain();
  CHECK(p.a.ep->counters().icmp_bad_tag == 0);
  CHECK(p.a.ep->counters().icmp_protocol_unreachable == 1);
  CHECK(a.state() == assoc::State::kEstablished);
  CHECK(p.a.Count(EventType::kCommunicationLost) == 0);
  CHECK(p.CloseAllAndCheckClean());
}

// ---------------------------------------------------------------------------
// Rule 7 and §7.3.

TEST_CASE(
    "Icmp: packet too big lowers the path MTU and the next message is "
    "fragmented to it (rule 7)",
    "[scenario][fast]") {
  EndpointPair p(Quiet());
  Association& a = Establish(p);
  REQUIRE(a.paths()[0].mtu == 1480);
  // The link from A now carries at most 1280-byte IP datagrams; a router
  // says so.
  loopback::LinkConfig link = p.wire.link(Side::kA);
  link.mtu = 1280;
  p.wire.set_link(Side::kA, link);
  IcmpError e = About(p, a, IcmpErrorKind::kPacketTooBig);
  e.next_hop_mtu = 1280;
  p.a.ep->HandleIcmp(p.now, e);
  CHECK(p.a.ep->counters().icmp_packet_too_big == 1);
  CHECK(a.paths()[0].mtu == 1280 - 20);
  CHECK(a.counters().pmtu_decreases == 1);

  std::vector<Bytes> from_a;
  p.wire.AddFilter(Side::kA, Recorder(from_a));
  SendAndReceive(p, a, 3000);
  // 1260-byte SCTP packets: DATA payload of 1260 - 12 - 16 = 1232 bytes.
  std::vector<size_t> sizes = DataPayloads(from_a);
  REQUIRE(sizes.size() == 3);  // 1232 + 1232 + 536
  CHECK(sizes[0] == 1232);
  CHECK(sizes[1] == 1232);
  CHECK(sizes[2] == 536);
  CHECK(Largest(from_a) <= 1260);
  CHECK(p.wire.counters(Side::kA).dropped(loopback::DropReason::kMtu) == 0);
  CHECK(a.counters().oversized_chunks_sent == 0);
  CHECK(p.CloseAllAndCheckClean());
}

TEST_CASE("Icmp: packet too big never raises the path MTU (rule 7)",
          "[scenario][fast]") {
  EndpointPair p(Quiet());
  Association& a = Establish(p);
  IcmpError e = About(p, a, IcmpErrorKind::kPacketTooBig);
  SECTION("a report of the current MTU") {
    e.next_hop_mtu = 1500;  // 1480 + the IPv4 header
    p.a.ep->HandleIcmp(p.now, e);
    CHECK(a.paths()[0].mtu == 1480);
  }
  SECTION("a report above the current MTU") {
    e.next_hop_mtu = 9000;
    p.a.ep->HandleIcmp(p.now, e);
    CHECK(a.paths()[0].mtu == 1480);
  }
  SECTION("a larger report after a smaller one") {
    e.next_hop_mtu = 1200;
    p.a.ep->HandleIcmp(p.now, e);
    REQUIRE(a.paths()[0].mtu == 1180);
    e.next_hop_mtu = 1400;
    p.a.ep->HandleIcmp(p.now, e);
    CHECK(a.paths()[0].mtu == 1180);
    CHECK(a.counters().pmtu_decreases == 1);
  }
  // Each report passed rules 5 and 6, whatever became of it.
  CHECK(p.a.ep->counters().icmp_packet_too_big >= 1);
  CHECK(p.CloseAllAndCheckClean());
}

TEST_CASE("Icmp: packet too big is floored by the address family (rule 7)",
          "[scenario][fast]") {
  SECTION("IPv4: 576-byte datagrams") {
    EndpointPair p(Quiet());
    Association& a = Establish(p);
    IcmpError e = About(p, a, IcmpErrorKind::kPacketTooBig);
    e.next_hop_mtu = 300;
    p.a.ep->HandleIcmp(p.now, e);
    CHECK(a.paths()[0].mtu == 576 - 20);
    // And it sends in packets that small.
    std::vector<Bytes> from_a;
    p.wire.AddFilter(Side::kA, Recorder(from_a));
    SendAndReceive(p, a, 2000);
    CHECK(Largest(from_a) <= 556);
    CHECK(DataPayloads(from_a).size() == 4);  // 528 * 3 + 416
    CHECK(p.CloseAllAndCheckClean());
  }
  SECTION("IPv6: 1280-byte datagrams") {
    EndpointPair p(Quiet(), Quiet(), 1, /*ipv6=*/true);
    Association& a = Establish(p);
    IcmpError e = About(p, a, IcmpErrorKind::kPacketTooBig);
    e.next_hop_mtu = 1000;
    p.a.ep->HandleIcmp(p.now, e);
    CHECK(a.paths()[0].mtu == 1280 - 40);
    CHECK(p.CloseAllAndCheckClean());
  }
  SECTION("IPv4 without a Next-Hop MTU: the next plateau down (RFC 1191)") {
    EndpointPair p(Quiet());
    Association& a = Establish(p);
    IcmpError e = About(p, a, IcmpErrorKind::kPacketTooBig);
    e.next_hop_mtu = 0;
    p.a.ep->HandleIcmp(p.now, e);
    CHECK(a.paths()[0].mtu == 1492 - 20);  // 1500 -> 1492
    p.a.ep->HandleIcmp(p.now, e);
    CHECK(a.paths()[0].mtu == 1006 - 20);  // 1492 -> 1006
    p.a.ep->HandleIcmp(p.now, e);
    CHECK(a.paths()[0].mtu == 576 - 20);   // 508, floored
    CHECK(p.CloseAllAndCheckClean());
  }
}

TEST_CASE(
    "Icmp: chunks made before the PMTU fell are still retransmitted, alone "
    "and counted (§6.9)",
    "[scenario][fast]") {
  EndpointPair p(Quiet());
  Association& a = Establish(p);
  std::vector<Bytes> from_a;
  p.wire.AddFilter(Side::kA, Recorder(from_a));
  // The first DATA packet (a 1452-byte fragment) is lost; then the PMTU
  // falls. The fragment cannot be cut again (§6.9): it goes alone, above
  // the new PMTU, for IP fragmentation to carry (the wire here has no MTU
  // of its own).
  p.wire.AddFilter(Side::kA, {loopback::ContainsChunk(ChunkType::kData),
                              FilterAction::kDrop, Duration::Zero(), 1});
  Bytes m(3000, 0x17);
  REQUIRE(p.a.ep->Send(p.now, a.id(), {StreamId(0), Ppid(1), false}, m) ==
          SendError::kNone);
  IcmpError e = About(p, a, IcmpErrorKind::kPacketTooBig);
  e.next_hop_mtu = 1280;
  p.a.ep->HandleIcmp(p.now, e);
  REQUIRE(a.paths()[0].mtu == 1260);
  const size_t sent_before_report = from_a.size();
  Association* b = p.b.Only();
  REQUIRE(b != nullptr);
  Bytes buffer(4096);
  std::optional<assoc::ReceivedMessage> got;
  REQUIRE(p.RunUntil(
      [&] {
        if (!got) got = b->Receive(buffer);
        return got.has_value();
      },
      Duration::Seconds(30)));
  CHECK(got->length == 3000);
  CHECK(a.counters().retransmitted_chunks >= 1);
  CHECK(a.counters().oversized_chunks_sent >= 1);
  // After the report, every packet above the PMTU held that one chunk,
  // and nothing else.
  size_t oversized = 0;
  for (size_t i = sent_before_report; i < from_a.size(); ++i) {
    if (from_a[i].size() <= 1260) continue;
    ++oversized;
    CHECK(loopback::FirstChunkType(from_a[i]) == ChunkType::kData);
    CHECK(DataPayloads({from_a[i]}) == std::vector<size_t>{1452});
  }
  CHECK(oversized == a.counters().oversized_chunks_sent);
  CHECK(p.CloseAllAndCheckClean());
}

// ---------------------------------------------------------------------------
// Rule 9.

TEST_CASE(
    "Icmp: repeated destination unreachable marks a single path inactive "
    "and says it was ICMP (rule 9)",
    "[scenario][fast]") {
  EndpointPair p(Quiet());
  Association& a = Establish(p);
  const int max_retrans = a.options().path_max_retrans;
  IcmpError e = About(p, a, IcmpErrorKind::kUnreachable);
  // §8.2: inactive once the counter exceeds Path.Max.Retrans.
  for (int i = 0; i < max_retrans; ++i) p.a.ep->HandleIcmp(p.now, e);
  p.Drain();
  CHECK(a.paths()[0].error_count == max_retrans);
  CHECK(a.paths()[0].active);
  CHECK(p.a.Count(EventType::kNetworkStatusChange) == 0);
  p.a.ep->HandleIcmp(p.now, e);
  p.Drain();
  CHECK_FALSE(a.paths()[0].active);
  std::optional<endpoint::EndpointEvent> change =
      p.a.Last(EventType::kNetworkStatusChange);
  REQUIRE(change);
  CHECK(change->event.address == p.b.address);
  CHECK_FALSE(change->event.active);
  CHECK(change->event.icmp);
  CHECK(p.a.ep->counters().icmp_destination_unreachable ==
        static_cast<uint64_t>(max_retrans + 1));
  CHECK(a.counters().icmp_path_errors == static_cast<uint64_t>(max_retrans + 1));
  // The association lives on: only the path counter moved.
  CHECK(a.state() == assoc::State::kEstablished);
  CHECK(p.CloseAllAndCheckClean());
}

// A multi-homed peer Z (10.0.0.2 and 10.0.0.3) scripted by hand: A's
// packets are captured, Z's are built here.
constexpr IpAddress kLocal = IpAddress::V4(10, 0, 0, 1);
constexpr IpAddress kPrimary = IpAddress::V4(10, 0, 0, 2);
constexpr IpAddress kAlternate = IpAddress::V4(10, 0, 0, 3);
constexpr uint32_t kPeerTag = 0x5eed0002;

struct Sent {
  PacketAddresses addresses;
  Bytes bytes;
};

class CaptureTx final : public endpoint::TxPort {
 public:
  std::span<uint8_t> TxBuffer() noexcept override { return buffer_; }
  void Transmit(std::span<const uint8_t> packet,
                const PacketAddresses& addresses) noexcept override {
    sent.push_back({addresses, Bytes(packet.begin(), packet.end())});
  }
  std::vector<Sent> sent;

 private:
  std::array<uint8_t, 9216> buffer_{};
};

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

TEST_CASE(
    "Icmp: destination unreachable takes one path of a multi-homed "
    "association down and data moves to the other (rule 9)",
    "[scenario][fast]") {
  TimePoint now = TimePoint::FromNanos(1'000'000'000);
  CaptureTx tx;
  test::SeededRandom random(5);
  endpoint::EndpointOptions options = Quiet();
  assoc::CookieKey key{};
  endpoint::Endpoint ep(options, key, random, tx);
  std::vector<endpoint::EndpointEvent> events;
  auto drain = [&] {
    endpoint::EndpointEvent ev;
    while (ep.PollEvent(ev)) events.push_back(ev);
  };
  auto deliver = [&](const IpAddress& from, const Bytes& packet) {
    buf::PacketView view(packet);
    ep.HandlePacket(now, PacketAddresses{from, kLocal}, view);
    drain();
  };

  // A: INIT to 10.0.0.2. Z: INIT ACK listing 10.0.0.2 and 10.0.0.3.
  IpAddress peer = kPrimary;
  std::optional<AssocId> id = ep.Associate(now, kPort, kLocal, std::span(&peer, 1), kPort);
  REQUIRE(id);
  REQUIRE(tx.sent.size() == 1);
  buf::PacketView init_view(tx.sent[0].bytes);
  Bytes scratch(64 * 1024);
  wire::ChunkCursor cursor(init_view);
  std::optional<wire::ChunkDescriptor> d = cursor.Next();
  REQUIRE(d);
  std::optional<wire::InitChunk> init =
      wire::InitChunk::Parse(wire::ChunkBytes(init_view, *d, scratch));
  REQUIRE(init);
  const uint32_t a_tag = init->initiate_tag().value();
  Bytes params;
  for (const IpAddress& address : {kPrimary, kAlternate}) {
    Bytes param = Chunk([&](wire::WireWriter& w) {
      wire::Ipv4AddressParameter::Address x{};
      std::copy_n(address.bytes.begin(), 4, x.begin());
      return wire::Ipv4AddressParameter::SerializeTo(w, x);
    });
    params.insert(params.end(), param.begin(), param.end());
  }
  const Bytes cookie = {'Z', '-', 'c', 'o', 'o', 'k', 'i', 'e'};
  Bytes cookie_param = Chunk([&](wire::WireWriter& w) {
    return wire::StateCookieParameter::SerializeTo(w, cookie);
  });
  params.insert(params.end(), cookie_param.begin(), cookie_param.end());
  deliver(kPrimary, ZPacket(a_tag, {Chunk([&](wire::WireWriter& w) {
                              wire::InitFields f{VerificationTag(kPeerTag), 256 * 1024,
                                                 16, 16, Tsn(7000)};
                              return wire::InitAckChunk::SerializeTo(w, f, params);
                            })}));
  // A: COOKIE ECHO. Z: COOKIE ACK.
  deliver(kPrimary, ZPacket(a_tag, {Chunk([](wire::WireWriter& w) {
                              return wire::CookieAckChunk::SerializeTo(w);
                            })}));
  Association* a = ep.Find(*id);
  REQUIRE(a != nullptr);
  REQUIRE(a->state() == assoc::State::kEstablished);
  REQUIRE(a->paths().size() == 2);
  REQUIRE(a->paths()[0].address == kPrimary);

  // Reports that packets to 10.0.0.2 cannot get there.
  IcmpError e;
  e.kind = IcmpErrorKind::kUnreachable;
  e.addresses = {kLocal, kPrimary};
  e.source_port = kPort;
  e.destination_port = kPort;
  e.tag = VerificationTag(kPeerTag);
  e.has_first_chunk = true;
  e.first_chunk_type = static_cast<uint8_t>(ChunkType::kData);
  for (int i = 0; i <= a->paths()[0].max_retrans; ++i) ep.HandleIcmp(now, e);
  drain();
  CHECK_FALSE(a->paths()[0].active);
  CHECK(a->paths()[1].active);
  CHECK(a->paths()[1].error_count == 0);
  size_t changes = 0;
  for (const endpoint::EndpointEvent& ev : events) {
    if (ev.event.type != EventType::kNetworkStatusChange) continue;
    ++changes;
    CHECK(ev.event.address == kPrimary);
    CHECK_FALSE(ev.event.active);
    CHECK(ev.event.icmp);
  }
  CHECK(changes == 1);
  // A report about the alternate address reaches the same association.
  IcmpError other = e;
  other.addresses.dst = kAlternate;
  ep.HandleIcmp(now, other);
  CHECK(a->paths()[1].error_count == 1);
  CHECK(ep.counters().icmp_no_association == 0);

  // §6.4: data goes to an active destination.
  const size_t before = tx.sent.size();
  Bytes m(500, 0x33);
  REQUIRE(ep.Send(now, *id, {StreamId(0), Ppid(0), false}, m) == SendError::kNone);
  REQUIRE(tx.sent.size() > before);
  for (size_t i = before; i < tx.sent.size(); ++i) {
    CHECK(tx.sent[i].addresses.dst == kAlternate);
    CHECK(loopback::HasChunk(tx.sent[i].bytes, ChunkType::kData));
  }
  CHECK(ep.Abort(now, *id));
}

}  // namespace
}  // namespace dpsctp
