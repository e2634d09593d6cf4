// The RFC 3873 counters of an association (AssocCounters: sctpOutCtrlChunks,
// sctpOutOrderChunks, sctpOutUnorderChunks, sctpInCtrlChunks,
// sctpInOrderChunks, sctpInUnorderChunks, sctpFragUsrMsgs,
// sctpReasmUsrMsgs) against what the loopback wire saw. The wire records
// every packet each side sent; the counters must match the chunks in them,
// less the retransmissions and duplicates the MIB leaves out.
#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "assoc/association.h"
#include "common/byte_order.h"
#include "drivers/loopback/packet_filter.h"
#include "drivers/loopback/wire.h"
#include "test/support/endpoint_pair.h"
#include "wire/chunk_type.h"

namespace dpsctp {
namespace {

using assoc::AssocId;
using assoc::EventType;
using assoc::SendError;
using loopback::FilterAction;
using loopback::PacketFilter;
using loopback::Side;
using test::EndpointPair;
using wire::ChunkType;

using Bytes = std::vector<uint8_t>;

// The chunk types of one well-framed packet, in order.
std::vector<uint8_t> ChunkTypes(const Bytes& packet) {
  std::vector<uint8_t> types;
  size_t offset = 12;
  while (offset + 4 <= packet.size()) {
    const size_t length = LoadBe16(packet.data() + offset + 2);
    if (length < 4) break;
    types.push_back(packet[offset]);
    offset += (length + 3) & ~size_t{3};
  }
  return types;
}

bool Has(const Bytes& packet, ChunkType type) {
  for (uint8_t t : ChunkTypes(packet)) {
    if (t == static_cast<uint8_t>(type)) return true;
  }
  return false;
}

uint64_t ControlChunks(const Bytes& packet) {
  uint64_t n = 0;
  for (uint8_t t : ChunkTypes(packet)) {
    if (t != static_cast<uint8_t>(ChunkType::kData)) ++n;
  }
  return n;
}

uint64_t CountOf(const Bytes& packet, ChunkType type) {
  uint64_t n = 0;
  for (uint8_t t : ChunkTypes(packet)) {
    if (t == static_cast<uint8_t>(type)) ++n;
  }
  return n;
}

// Records every packet a side puts on the wire (before any fault), and acts
// on none.
PacketFilter Recorder(std::vector<Bytes>& out) {
  PacketFilter f;
  f.match = [&out](const loopback::PacketInfo& info) {
    out.emplace_back(info.bytes.begin(), info.bytes.end());
    return false;
  };
  f.count = loopback::kUnlimited;
  return f;
}

Bytes Message(size_t size, uint8_t seed) {
  Bytes m(size);
  for (size_t i = 0; i < size; ++i) m[i] = static_cast<uint8_t>(seed + i * 13);
  return m;
}

TEST_CASE(
    "AssocCounters: RFC 3873 chunk counters count each chunk once, "
    "without retransmissions or duplicates",
    "[scenario][fast]") {
  endpoint::EndpointOptions options = EndpointPair::DefaultOptions();
  options.keep_closed_associations = true;  // counters readable after close
  options.assoc.heartbeat_enabled = false;
  EndpointPair p(options, 7);
  std::vector<Bytes> from_a;
  std::vector<Bytes> from_b;
  p.wire.AddFilter(Side::kA, Recorder(from_a));
  p.wire.AddFilter(Side::kB, Recorder(from_b));
  // A's first INIT is lost (T1-init re-sends it), A's first DATA packet is
  // lost (retransmitted), the one after it arrives twice (a duplicate TSN).
  p.wire.AddFilter(Side::kA, {loopback::FirstChunkIs(ChunkType::kInit),
                              FilterAction::kDrop, Duration::Zero(), 1});
  p.wire.AddFilter(Side::kA, {loopback::ContainsChunk(ChunkType::kData),
                              FilterAction::kDrop, Duration::Zero(), 1});
  p.wire.AddFilter(Side::kA, {loopback::ContainsChunk(ChunkType::kData),
                              FilterAction::kDuplicate, Duration::Millis(1), 1});

  std::optional<AssocId> id_a = p.Connect();
  REQUIRE(id_a);
  REQUIRE(p.RunUntil([&] { return p.a.Count(EventType::kCommunicationUp) == 1; },
                     Duration::Seconds(10)));
  assoc::Association* b = p.b.Only();
  REQUIRE(b != nullptr);

  // Three small ordered messages, two unordered, one ordered message of
  // 3000 bytes: three DATA chunks at the default MTU (1480 - 28 = 1452
  // bytes of payload each).
  for (int i = 0; i < 3; ++i) {
    REQUIRE(p.a.ep->Send(p.now, *id_a, {StreamId(0), Ppid(1), false},
                         Message(100, static_cast<uint8_t>(i))) == SendError::kNone);
  }
  for (int i = 0; i < 2; ++i) {
    REQUIRE(p.a.ep->Send(p.now, *id_a, {StreamId(1), Ppid(1), true},
                         Message(200, static_cast<uint8_t>(i))) == SendError::kNone);
  }
  REQUIRE(p.a.ep->Send(p.now, *id_a, {StreamId(2), Ppid(1), false},
                       Message(3000, 9)) == SendError::kNone);
  std::vector<uint8_t> buffer(4096);
  size_t received = 0;
  REQUIRE(p.RunUntil(
      [&] {
        while (b->Receive(buffer)) ++received;
        return received == 6;
      },
      Duration::Seconds(30)));
  // Let the last SACKs settle, then close gracefully.
  p.RunFor(Duration::Seconds(1));
  REQUIRE(p.a.ep->Shutdown(p.now, *id_a));
  p.RunFor(Duration::Seconds(5));
  assoc::Association* a = p.a.ep->Find(*id_a);
  REQUIRE(a != nullptr);
  REQUIRE(a->closed());
  REQUIRE(b->closed());

  const assoc::AssocCounters& ca = a->counters();
  const assoc::AssocCounters& cb = b->counters();

  // What the wire saw. A's packets: the first INIT and the first DATA
  // packet were dropped, the second DATA packet duplicated.
  uint64_t a_ctrl_on_wire = 0, a_inits = 0, a_data_on_wire = 0;
  uint64_t a_ctrl_delivered = 0;  // to B's association (not the INITs)
  bool dropped_data = false, duplicated_data = false;
  for (const Bytes& packet : from_a) {
    a_ctrl_on_wire += ControlChunks(packet);
    a_inits += CountOf(packet, ChunkType::kInit);
    a_data_on_wire += CountOf(packet, ChunkType::kData);
    uint64_t copies = 1;
    if (Has(packet, ChunkType::kData) && !dropped_data) {
      dropped_data = true;
      copies = 0;
    } else if (Has(packet, ChunkType::kData) && !duplicated_data) {
      duplicated_data = true;
      copies = 2;
    }
    a_ctrl_delivered += copies * (ControlChunks(packet) - CountOf(packet, ChunkType::kInit));
  }
  uint64_t b_ctrl_on_wire = 0, b_init_acks = 0;
  for (const Bytes& packet : from_b) {
    b_ctrl_on_wire += ControlChunks(packet);
    b_init_acks += CountOf(packet, ChunkType::kInitAck);
    CHECK(CountOf(packet, ChunkType::kData) == 0);
  }
  REQUIRE(a_inits == 2);        // the original and the T1-init retransmission
  REQUIRE(b_init_acks == 1);    // from B's endpoint, before any TCB
  REQUIRE(a_data_on_wire > 8);  // the lost packet's chunks went again
  REQUIRE(ca.retransmitted_chunks > 0);
  REQUIRE(cb.duplicate_tsns > 0);

  // Sent: every control chunk once; the re-sent INIT does not count again.
  CHECK(ca.ctrl_chunks_sent == a_ctrl_on_wire - 1);
  // B's endpoint, not its association, answered the INIT.
  CHECK(cb.ctrl_chunks_sent == b_ctrl_on_wire - b_init_acks);
  // DATA: one per TSN, retransmissions excluded.
  CHECK(ca.ordered_data_chunks_sent == 3 + 3);
  CHECK(ca.unordered_data_chunks_sent == 2);
  CHECK(ca.fragmented_messages_sent == 1);
  CHECK(ca.ordered_data_chunks_sent + ca.unordered_data_chunks_sent ==
        a_data_on_wire - ca.retransmitted_chunks);
  CHECK(cb.ordered_data_chunks_sent == 0);
  CHECK(cb.unordered_data_chunks_sent == 0);
  CHECK(cb.fragmented_messages_sent == 0);

  // Received: A's association read every control chunk B sent (the INIT
  // ACK included); B's association every one A sent that arrived, except
  // the INIT its endpoint handled.
  CHECK(ca.ctrl_chunks_received == b_ctrl_on_wire);
  CHECK(cb.ctrl_chunks_received == a_ctrl_delivered);
  // DATA: one per TSN, the duplicate excluded.
  CHECK(cb.ordered_data_chunks_received == 3 + 3);
  CHECK(cb.unordered_data_chunks_received == 2);
  CHECK(cb.reassembled_messages_received == 1);
  CHECK(ca.ordered_data_chunks_received == 0);
  CHECK(ca.unordered_data_chunks_received == 0);
  CHECK(ca.reassembled_messages_received == 0);
  CHECK(p.CloseAllAndCheckClean());
}

TEST_CASE("AssocCounters: a message that fits one chunk is not fragmented",
          "[scenario][fast]") {
  endpoint::EndpointOptions options = EndpointPair::DefaultOptions();
  options.assoc.heartbeat_enabled = false;
  EndpointPair p(options, 3);
  std::optional<AssocId> id_a = p.Connect();
  REQUIRE(id_a);
  REQUIRE(p.RunUntil([&] { return p.a.Count(EventType::kCommunicationUp) == 1; },
                     Duration::Seconds(10)));
  assoc::Association* b = p.b.Only();
  REQUIRE(b != nullptr);
  // 1452 bytes: exactly one DATA chunk of a 1480-byte packet; 1453: two.
  REQUIRE(p.a.ep->Send(p.now, *id_a, {StreamId(0), Ppid(1), false},
                       Message(1452, 1)) == SendError::kNone);
  REQUIRE(p.a.ep->Send(p.now, *id_a, {StreamId(0), Ppid(1), false},
                       Message(1453, 2)) == SendError::kNone);
  std::vector<uint8_t> buffer(4096);
  size_t received = 0;
  REQUIRE(p.RunUntil(
      [&] {
        while (b->Receive(buffer)) ++received;
        return received == 2;
      },
      Duration::Seconds(10)));
  const assoc::Association* a = p.a.ep->Find(*id_a);
  REQUIRE(a != nullptr);
  CHECK(a->counters().ordered_data_chunks_sent == 3);
  CHECK(a->counters().fragmented_messages_sent == 1);
  CHECK(b->counters().ordered_data_chunks_received == 3);
  CHECK(b->counters().reassembled_messages_received == 1);
  CHECK(p.CloseAllAndCheckClean());
}

}  // namespace
}  // namespace dpsctp
