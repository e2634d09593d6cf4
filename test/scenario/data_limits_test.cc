// Data transfer at its limits and its acknowledgement rules (RFC 9260 §6,
// §7), between two endpoints over the loopback wire in virtual time, checked
// on the wire: message and buffer size limits, DATA on a stream the peer
// did not open (§6.5), when SACKs go out (§5.1, §6.2, §6.7, §3.3.1 I bit),
// window updates and zero window probing (§6.1 A, §6.2), zero-copy receive,
// stream schedulers (RFC 8260 §3), the Nagle-like bundling delay and
// Max.Burst (§6.1 rule 4).
//
// Every test records what each side puts on the wire (a Tap, installed
// before any other filter so that it sees packets a later filter drops) and
// asserts on packets, chunk flags and the virtual time they were sent at.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "assoc/association.h"
#include "buf/buf_ref.h"
#include "buf/packet_view.h"
#include "common/byte_order.h"
#include "common/serial.h"
#include "crc/crc32c.h"
#include "drivers/loopback/packet_filter.h"
#include "drivers/loopback/wire.h"
#include "test/support/catch_time.h"
#include "test/support/drive.h"
#include "test/support/endpoint_pair.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/data_chunk.h"
#include "wire/chunk/error_chunk.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/chunk_type.h"
#include "wire/common_header.h"
#include "wire/packet_builder.h"


namespace dpsctp {
namespace {

using assoc::AssocId;
using assoc::EventType;
using assoc::LossReason;
using assoc::SendError;
using loopback::FilterAction;
using loopback::PacketFilter;
using loopback::Side;
using test::EndpointPair;
using test::PeerSide;
using wire::ChunkType;

constexpr uint32_t kKiB = 1024;
// EndpointPair's latency, each way.
constexpr Duration kOneWay = Duration::Millis(10);
constexpr Duration kRtt = 2 * kOneWay;
// The default AssocOptions::sack_delay (RFC 9260 §16 suggests 200 ms).
constexpr Duration kSackDelay = Duration::Millis(200);
// The largest DATA payload in one packet at the default MTU (1480): common
// header 12, DATA chunk header 16.
constexpr uint32_t kFullPayload = 1480 - 12 - 16;
// The PMDCS of the default path: the largest DATA chunk, header included.
constexpr uint32_t kPmdcs = 1480 - 12;
constexpr uint8_t kFlagImmediate = wire::DataChunk::kFlagImmediate;
constexpr uint16_t kCauseInvalidStream =
    static_cast<uint16_t>(wire::ErrorCauseCode::kInvalidStreamIdentifier);
constexpr uint16_t kCauseOutOfResource =
    static_cast<uint16_t>(wire::ErrorCauseCode::kOutOfResource);

// EndpointPair's defaults without heartbeats: a quiet wire, on which every
// packet after the handshake is DATA or its acknowledgement.
endpoint::EndpointOptions QuietOptions() {
  endpoint::EndpointOptions o = EndpointPair::DefaultOptions();
  o.assoc.heartbeat_enabled = false;
  return o;
}

// Room for bulk transfer: 1 MiB buffers, enough records.
endpoint::EndpointOptions BulkOptions() {
  endpoint::EndpointOptions o = QuietOptions();
  o.max_associations = 2;
  o.assoc.send_buffer = 1024 * kKiB;
  o.assoc.receive_window = 1024 * kKiB;
  o.assoc.max_send_messages = 8192;
  o.assoc.max_outstanding_chunks = 4096;
  o.assoc.max_receive_fragments = 8192;
  return o;
}

std::vector<uint8_t> Pattern(size_t n, uint32_t key) {
  std::vector<uint8_t> m(n);
  for (size_t i = 0; i < n; ++i) {
    m[i] = static_cast<uint8_t>((key * 131u) ^ (i * 7u) ^ (i >> 8) ^ (i >> 16));
  }
  return m;
}

// ---------------------------------------------------------------------------
// Driving the pair.


bool Drive(EndpointPair& p, Duration limit,
           const std::function<void()>& after_step,
           const std::function<bool()>& done) {
  return test::Drive(p, limit, after_step, done, 10'000'000);
}

// A connects to B; both reach ESTABLISHED. A's and B's ids.
std::pair<AssocId, AssocId> Establish(EndpointPair& p) {
  std::optional<AssocId> id = p.Connect();
  REQUIRE(id);
  REQUIRE(Drive(
      p, Duration::Seconds(5), [] {},
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

assoc::Association& Live(PeerSide& side, AssocId id) {
  assoc::Association* a = side.ep->Find(id);
  REQUIRE(a != nullptr);
  return *a;
}

struct Got {
  assoc::ReceivedMessage info;
  std::vector<uint8_t> bytes;
  TimePoint at;
};

// Receives every message `id` of `side` holds (if it still exists).
void ReceiveAll(EndpointPair& p, PeerSide& side, AssocId id,
                std::vector<Got>& got) {
  assoc::Association* a = side.ep->Find(id);
  if (a == nullptr) return;
  static std::vector<uint8_t> buffer(300 * kKiB);
  while (std::optional<assoc::ReceivedMessage> m = a->Receive(buffer)) {
    std::span<const uint8_t> bytes(buffer.data(), m->copied);
    got.push_back(
        {*m, std::vector<uint8_t>(bytes.begin(), bytes.end()), p.now});
  }
}

bool Lost(const EndpointPair& p) {
  return p.a.Count(EventType::kCommunicationLost) > 0 ||
         p.b.Count(EventType::kCommunicationLost) > 0;
}

// A's send queue and retransmission queue are empty: everything it sent
// was acknowledged.
bool AllAcked(EndpointPair& p, AssocId id_a) {
  assoc::Association* a = p.a.ep->Find(id_a);
  if (a == nullptr) return false;
  assoc::AssocStatus s = a->Status(p.now);
  return s.pending_bytes == 0 && s.unacked_chunks == 0;
}

// ---------------------------------------------------------------------------
// Looking at the wire.

struct Tapped {
  Side from = Side::kA;
  TimePoint at;  // when it was sent
  std::vector<uint8_t> bytes;
};

struct ChunkRef {
  uint8_t type = 0;
  uint8_t flags = 0;
  std::span<const uint8_t> bytes;  // Length bytes, without padding
};

// The chunks of a packet (common header + chunks), up to the first one
// badly framed.
std::vector<ChunkRef> ChunksOf(std::span<const uint8_t> packet) {
  std::vector<ChunkRef> chunks;
  size_t offset = 12;
  while (offset + 4 <= packet.size()) {
    const uint16_t length = LoadBe16(packet.data() + offset + 2);
    if (length < 4 || offset + length > packet.size()) break;
    chunks.push_back(
        {packet[offset], packet[offset + 1], packet.subspan(offset, length)});
    offset += (length + 3u) & ~size_t{3};
  }
  return chunks;
}

bool Carries(const Tapped& t, ChunkType type) {
  for (const ChunkRef& c : ChunksOf(t.bytes)) {
    if (c.type == static_cast<uint8_t>(type)) return true;
  }
  return false;
}

std::vector<wire::DataChunk> DataChunksOf(const Tapped& t) {
  std::vector<wire::DataChunk> out;
  for (const ChunkRef& c : ChunksOf(t.bytes)) {
    if (c.type != static_cast<uint8_t>(ChunkType::kData)) continue;
    std::optional<wire::DataChunk> d = wire::DataChunk::Parse(c.bytes);
    REQUIRE(d);
    out.push_back(*d);
  }
  return out;
}

// The packet's last SACK (the freshest news it carries).
std::optional<wire::SackChunk> SackOf(const Tapped& t) {
  std::optional<wire::SackChunk> sack;
  for (const ChunkRef& c : ChunksOf(t.bytes)) {
    if (c.type != static_cast<uint8_t>(ChunkType::kSack)) continue;
    sack = wire::SackChunk::Parse(c.bytes);
    REQUIRE(sack);
  }
  return sack;
}

VerificationTag TagOf(const Tapped& t) {
  REQUIRE(t.bytes.size() >= 12);
  return VerificationTag(LoadBe32(t.bytes.data() + 4));
}

// Records every packet either side sends, as sent. Install it before any
// other filter: the first filter that matches a packet is the only one that
// sees it, and the tap never matches.
class Tap {
 public:
  explicit Tap(EndpointPair& p)
      : log_(std::make_shared<std::vector<Tapped>>()) {
    for (Side side : {Side::kA, Side::kB}) {
      PacketFilter f;
      f.match = [log = log_](const loopback::PacketInfo& info) {
        log->push_back(
            {info.from, info.now,
             std::vector<uint8_t>(info.bytes.begin(), info.bytes.end())});
        return false;
      };
      f.count = loopback::kUnlimited;
      p.wire.AddFilter(side, f);
    }
  }

  size_t size() const { return log_->size(); }
  // Packets `from` sent, the `first`-th recorded packet onwards, that carry
  // a chunk of `type`.
  std::vector<Tapped> Sent(Side from, ChunkType type, size_t first = 0) const {
    std::vector<Tapped> out;
    for (size_t i = first; i < log_->size(); ++i) {
      const Tapped& t = (*log_)[i];
      if (t.from == from && Carries(t, type)) out.push_back(t);
    }
    return out;
  }
  std::vector<Tapped> SentAt(Side from, ChunkType type, TimePoint at) const {
    std::vector<Tapped> out;
    for (const Tapped& t : *log_) {
      if (t.from == from && t.at == at && Carries(t, type)) out.push_back(t);
    }
    return out;
  }
  // Every packet `from` sent, the `first`-th recorded packet onwards.
  std::vector<Tapped> All(Side from, size_t first = 0) const {
    std::vector<Tapped> out;
    for (size_t i = first; i < log_->size(); ++i) {
      if ((*log_)[i].from == from) out.push_back((*log_)[i]);
    }
    return out;
  }

 private:
  std::shared_ptr<std::vector<Tapped>> log_;
};

// B's SACKs sent at exactly `at`.
std::vector<wire::SackChunk> SacksAt(const std::vector<Tapped>& sacks,
                                     TimePoint at) {
  std::vector<wire::SackChunk> out;
  for (const Tapped& t : sacks) {
    if (t.at != at) continue;
    std::optional<wire::SackChunk> s = SackOf(t);
    if (s) out.push_back(*s);
  }
  return out;
}

// A packet from A's port to B's port holding one DATA chunk.
std::vector<uint8_t> DataPacket(VerificationTag vtag, Tsn tsn, StreamId stream,
                                std::span<const uint8_t> payload) {
  std::vector<uint8_t> buffer(1500);
  wire::CommonHeader h;
  h.source_port = EndpointPair::kPort;
  h.destination_port = EndpointPair::kPort;
  h.verification_tag = vtag;
  wire::PacketBuilder b(buffer, h, buffer.size());
  REQUIRE(b.TryAdd([&](wire::WireWriter& w) {
    return wire::DataChunk::SerializeTo(w, tsn, stream, Ssn(0), Ppid(99),
                                        payload, wire::DataChunk::Flags{});
  }));
  std::span<uint8_t> out = b.Finish(crc::TxChecksumMode::kSoftware);
  return std::vector<uint8_t>(out.begin(), out.end());
}

// A sends one small message and B reads it, then the wire goes quiet: the
// association's first DATA, which B acknowledges at once (§5.1), is out of
// the way, and B's next SACK follows the ordinary rules.
void WarmUp(EndpointPair& p, AssocId id_a, AssocId id_b) {
  std::vector<uint8_t> m = Pattern(100, 1);
  REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(0), false}, m) ==
          SendError::kNone);
  p.RunFor(Duration::Seconds(1));
  std::vector<Got> got;
  ReceiveAll(p, p.b, id_b, got);
  REQUIRE(got.size() == 1);
  REQUIRE(AllAcked(p, id_a));
}

// ---------------------------------------------------------------------------
// 1-3. Message size limits.

TEST_CASE("DataLimits: a message of exactly max_message_size is received",
          "[scenario][fast]") {
  struct Case {
    const char* name;
    uint32_t max_message_size;
    uint32_t receive_window;
    uint32_t size;
  };
  for (const Case& c :
       {Case{"max_message_size 100000", 100000, 128 * kKiB, 100000},
        Case{"max_message_size 0 means the receive window", 0, 64 * kKiB,
             64 * kKiB}}) {
    DYNAMIC_SECTION(c.name) {
      endpoint::EndpointOptions oa = QuietOptions();
      oa.assoc.send_buffer = 256 * kKiB;
      endpoint::EndpointOptions ob = QuietOptions();
      ob.assoc.max_message_size = c.max_message_size;
      ob.assoc.receive_window = c.receive_window;
      EndpointPair p(oa, ob, 1);
      auto [id_a, id_b] = Establish(p);

      const std::vector<uint8_t> m = Pattern(c.size, 3);
      REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(1), Ppid(42), false}, m) ==
              SendError::kNone);
      std::vector<Got> got;
      REQUIRE(Drive(
          p, Duration::Seconds(60), [&] { ReceiveAll(p, p.b, id_b, got); },
          [&] { return !got.empty() || Lost(p); }));
      REQUIRE_FALSE(Lost(p));
      REQUIRE(got.size() == 1);
      CHECK(got[0].info.length == c.size);
      CHECK(got[0].info.copied == c.size);
      CHECK(got[0].info.stream_id == StreamId(1));
      CHECK(got[0].info.ppid == Ppid(42));
      CHECK(got[0].bytes == m);
      CHECK(Live(p.b, id_b).counters().oversized_messages == 0);
      CHECK(Live(p.b, id_b).state() == assoc::State::kEstablished);
      CHECK(p.CloseAllAndCheckClean());
    }
  }
}

TEST_CASE("DataLimits: a message as large as the send buffer is sent",
          "[scenario][fast]") {
  endpoint::EndpointOptions oa = QuietOptions();
  oa.assoc.send_buffer = 32 * kKiB;
  endpoint::EndpointOptions ob = QuietOptions();
  ob.assoc.receive_window = 64 * kKiB;
  EndpointPair p(oa, ob, 1);
  auto [id_a, id_b] = Establish(p);
  const uint32_t send_buffer = oa.assoc.send_buffer;

  // One byte more than the buffer can never be queued, whatever is queued.
  const std::vector<uint8_t> too_large = Pattern(send_buffer + 1, 9);
  CHECK(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(1), false}, too_large) ==
        SendError::kTooLarge);
  CHECK(Live(p.a, id_a).counters().messages_sent == 0);
  CHECK(Live(p.a, id_a).Status(p.now).pending_bytes == 0);

  // Sends `size` bytes, waits until B has it and A has its SACK (the send
  // buffer is empty again).
  uint32_t ppid = 10;
  auto send_and_receive = [&](uint32_t size) {
    INFO("message of " << size << " bytes, ppid " << ppid);
    const std::vector<uint8_t> m = Pattern(size, ppid);
    REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(ppid), false}, m) ==
            SendError::kNone);
    std::vector<Got> got;
    REQUIRE(Drive(
        p, Duration::Seconds(60), [&] { ReceiveAll(p, p.b, id_b, got); },
        [&] { return (got.size() == 1 && AllAcked(p, id_a)) || Lost(p); }));
    REQUIRE_FALSE(Lost(p));
    CHECK(got[0].info.length == size);
    CHECK(got[0].info.ppid == Ppid(ppid));
    CHECK(got[0].bytes == m);
    ++ppid;
  };
  // The whole buffer, on a fresh association.
  send_and_receive(send_buffer);
  // A small message, then the whole buffer again: once everything is
  // acknowledged the buffer is empty, wherever the last message sat in it.
  send_and_receive(1000);
  send_and_receive(send_buffer);
  send_and_receive(send_buffer);
  CHECK(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(1), false}, too_large) ==
        SendError::kTooLarge);
  CHECK(p.CloseAllAndCheckClean());
}

TEST_CASE(
    "DataLimits: a message beyond max_message_size aborts with Out of Resource",
    "[scenario][fast]") {
  const uint64_t heap_copies_before = buf::LiveHeapCopies();
  {
    endpoint::EndpointOptions oa = QuietOptions();
    oa.assoc.send_buffer = 64 * kKiB;
    oa.keep_closed_associations = true;  // to read the counters afterwards
    endpoint::EndpointOptions ob = QuietOptions();
    ob.assoc.receive_window = 64 * kKiB;
    ob.assoc.max_message_size = 8 * kKiB;
    ob.keep_closed_associations = true;
    EndpointPair p(oa, ob, 1);
    Tap tap(p);
    auto [id_a, id_b] = Establish(p);
    const VerificationTag a_tag = Live(p.a, id_a).local_tag();
    const VerificationTag b_tag = Live(p.b, id_b).local_tag();
    const std::vector<uint8_t> m = Pattern(20 * kKiB, 5);
    REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(1), false}, m) ==
            SendError::kNone);
    REQUIRE(Drive(
        p, Duration::Seconds(10), [] {},
        [&] {
          return p.a.Count(EventType::kCommunicationLost) == 1 &&
                 p.b.Count(EventType::kCommunicationLost) == 1;
        }));

    // B's ABORT on the wire: A's tag, T bit clear, Out of Resource. DATA
    // of the same burst that reaches B after it closed is out of the blue:
    // answered with B's tag reflected and the T bit set (§8.4 rule 8).
    // The chunk views point into the recorded packets: keep them alive.
    const std::vector<Tapped> aborts = tap.Sent(Side::kB, ChunkType::kAbort);
    std::vector<wire::AbortChunk> own;
    for (const Tapped& t : aborts) {
      for (const ChunkRef& c : ChunksOf(t.bytes)) {
        if (c.type != static_cast<uint8_t>(ChunkType::kAbort)) continue;
        std::optional<wire::AbortChunk> abort =
            wire::AbortChunk::Parse(c.bytes);
        REQUIRE(abort);
        if (abort->t_bit()) {
          CHECK(TagOf(t) == b_tag);
        } else {
          CHECK(TagOf(t) == a_tag);
          own.push_back(*abort);
        }
      }
    }
    REQUIRE(own.size() == 1);
    REQUIRE(own[0].error_causes().size() >= 4);
    CHECK(LoadBe16(own[0].error_causes().data()) == kCauseOutOfResource);
    // Nothing of the message reached the application.
    CHECK(p.b.Count(EventType::kDataArrive) == 0);

    std::optional<endpoint::EndpointEvent> lost_b =
        p.b.Last(EventType::kCommunicationLost);
    std::optional<endpoint::EndpointEvent> lost_a =
        p.a.Last(EventType::kCommunicationLost);
    REQUIRE(lost_b);
    REQUIRE(lost_a);
    CHECK(lost_b->event.reason == LossReason::kMessageTooLarge);
    CHECK(lost_b->event.error_cause == kCauseOutOfResource);
    CHECK(lost_a->event.reason == LossReason::kAbortReceived);
    CHECK(lost_a->event.error_cause == kCauseOutOfResource);
    CHECK(Live(p.b, id_b).counters().oversized_messages == 1);
    CHECK(Live(p.b, id_b).closed());
    CHECK(Live(p.a, id_a).closed());

    // No payload reference survives the association.
    CHECK(p.a.ep->Release(id_a));
    CHECK(p.b.ep->Release(id_b));
    p.RunFor(Duration::Seconds(1));
    REQUIRE(p.wire.empty());
    p.wire.ReleaseDelivered();
    CHECK(p.wire.buffers_referenced() == 0);
    CHECK(p.a.ep->association_count() == 0);
    CHECK(p.b.ep->association_count() == 0);
  }
  CHECK(buf::LiveHeapCopies() == heap_copies_before);
}

// ---------------------------------------------------------------------------
// 4. §6.5 Invalid Stream Identifier.

TEST_CASE("DataTransfer: DATA on a stream the peer did not open",
          "[scenario][fast]") {
  endpoint::EndpointOptions oa = QuietOptions();
  endpoint::EndpointOptions ob = QuietOptions();
  ob.assoc.max_inbound_streams = 4;  // A may use streams 0..3
  EndpointPair p(oa, ob, 1);
  Tap tap(p);
  auto [id_a, id_b] = Establish(p);
  REQUIRE(Live(p.b, id_b).Status(p.now).inbound_streams == 4);

  // A DATA chunk from A's side with the next TSN B expects, on stream 9.
  const Tsn tsn(Live(p.b, id_b).Status(p.now).peer_cumulative_tsn.value() + 1);
  const std::vector<uint8_t> payload = Pattern(40, 2);
  const size_t first = tap.size();
  p.InjectTo(
      p.b, p.a,
      DataPacket(Live(p.b, id_b).local_tag(), tsn, StreamId(9), payload));

  // One packet at once: SACK, then ERROR (§6.5: "as long as the ERROR
  // follows the SACK").
  std::vector<Tapped> answer = tap.All(Side::kB, first);
  REQUIRE(answer.size() == 1);
  CHECK(answer[0].at == p.now);
  std::vector<ChunkRef> chunks = ChunksOf(answer[0].bytes);
  REQUIRE(chunks.size() == 2);
  CHECK(chunks[0].type == static_cast<uint8_t>(ChunkType::kSack));
  CHECK(chunks[1].type == static_cast<uint8_t>(ChunkType::kError));
  std::optional<wire::SackChunk> sack = wire::SackChunk::Parse(chunks[0].bytes);
  REQUIRE(sack);
  // The TSN counts as received.
  CHECK(sack->cumulative_tsn_ack() == tsn);
  CHECK(sack->gap_ack_block_count() == 0);
  CHECK(sack->duplicate_tsn_count() == 0);
  CHECK(sack->a_rwnd() == ob.assoc.receive_window);
  std::optional<wire::ErrorChunk> error =
      wire::ErrorChunk::Parse(chunks[1].bytes);
  REQUIRE(error);
  CHECK(error->error_cause_count() == 1);
  // §3.3.10.1: cause code 1, length 8, Stream Identifier, 16 reserved bits.
  std::span<const uint8_t> cause = error->error_causes();
  REQUIRE(cause.size() >= 8);
  CHECK(LoadBe16(cause.data()) == kCauseInvalidStream);
  CHECK(LoadBe16(cause.data() + 2) == 8);
  CHECK(LoadBe16(cause.data() + 4) == 9);
  CHECK(LoadBe16(cause.data() + 6) == 0);

  assoc::Association& b = Live(p.b, id_b);
  CHECK(b.counters().invalid_stream_data == 1);
  CHECK(b.Status(p.now).received_messages == 0);
  CHECK(b.Status(p.now).buffered_fragments == 0);
  CHECK(p.b.Count(EventType::kDataArrive) == 0);
  CHECK(b.state() == assoc::State::kEstablished);

  // A hears of it (§10.2 F) and stays up.
  p.RunFor(Duration::Millis(100));
  std::optional<endpoint::EndpointEvent> e =
      p.a.Last(EventType::kCommunicationError);
  REQUIRE(e);
  CHECK(e->event.error_cause == kCauseInvalidStream);
  CHECK(Live(p.a, id_a).state() == assoc::State::kEstablished);
  CHECK(p.CloseAllAndCheckClean());
}

// ---------------------------------------------------------------------------
// 5. Delayed SACK (§6.2).

TEST_CASE(
    "DataTransfer: the first DATA is SACKed at once, a lone packet after "
    "sack_delay, every second packet at once",
    "[scenario][fast]") {
  EndpointPair p(QuietOptions(), QuietOptions(), 1);
  Tap tap(p);
  auto [id_a, id_b] = Establish(p);
  REQUIRE(Live(p.b, id_b).options().sack_delay == kSackDelay);
  const std::vector<uint8_t> m = Pattern(100, 4);
  uint32_t ppid = 0;
  auto send = [&] {
    REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(ppid++), false}, m) ==
            SendError::kNone);
  };

  // §5.1: "After the reception of the first DATA chunk in an association
  // the endpoint MUST immediately respond with a SACK".
  size_t first = tap.size();
  send();
  p.RunFor(Duration::Seconds(1));
  std::vector<Tapped> data = tap.Sent(Side::kA, ChunkType::kData, first);
  std::vector<Tapped> sacks = tap.Sent(Side::kB, ChunkType::kSack, first);
  REQUIRE(data.size() == 1);
  REQUIRE(sacks.size() == 1);
  CHECK(sacks[0].at == data[0].at + kOneWay);

  // §6.2: a lone packet on a quiet association waits for the delayed SACK
  // timer: not before it, not much after ("within 200 ms").
  first = tap.size();
  send();
  p.RunFor(Duration::Seconds(1));
  data = tap.Sent(Side::kA, ChunkType::kData, first);
  sacks = tap.Sent(Side::kB, ChunkType::kSack, first);
  REQUIRE(data.size() == 1);
  REQUIRE(sacks.size() == 1);
  CHECK(sacks[0].at == data[0].at + kOneWay + kSackDelay);

  // §6.2: "an acknowledgement SHOULD be generated for at least every second
  // packet": two packets 5 ms apart, one SACK, at the second.
  first = tap.size();
  send();
  p.RunFor(Duration::Millis(5));
  send();
  p.RunFor(Duration::Seconds(1));
  data = tap.Sent(Side::kA, ChunkType::kData, first);
  sacks = tap.Sent(Side::kB, ChunkType::kSack, first);
  REQUIRE(data.size() == 2);
  REQUIRE(sacks.size() == 1);
  CHECK(sacks[0].at == data[1].at + kOneWay);
  std::optional<wire::SackChunk> sack = SackOf(sacks[0]);
  REQUIRE(sack);
  CHECK(sack->cumulative_tsn_ack() == DataChunksOf(data[1]).back().tsn());
  CHECK(p.CloseAllAndCheckClean());
}

TEST_CASE("DataTransfer: with sack_delay 0 every packet is SACKed at once",
          "[scenario][fast]") {
  endpoint::EndpointOptions ob = QuietOptions();
  ob.assoc.sack_delay = Duration::Zero();
  EndpointPair p(QuietOptions(), ob, 1);
  Tap tap(p);
  auto [id_a, id_b] = Establish(p);
  WarmUp(p, id_a, id_b);

  const size_t first = tap.size();
  const std::vector<uint8_t> m = Pattern(100, 6);
  for (uint32_t i = 0; i < 3; ++i) {
    REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(i), false}, m) ==
            SendError::kNone);
    p.RunFor(Duration::Millis(5));
  }
  p.RunFor(Duration::Seconds(1));
  std::vector<Tapped> data = tap.Sent(Side::kA, ChunkType::kData, first);
  std::vector<Tapped> sacks = tap.Sent(Side::kB, ChunkType::kSack, first);
  REQUIRE(data.size() == 3);
  REQUIRE(sacks.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    INFO("packet " << i);
    CHECK(sacks[i].at == data[i].at + kOneWay);
    std::optional<wire::SackChunk> sack = SackOf(sacks[i]);
    REQUIRE(sack);
    CHECK(sack->cumulative_tsn_ack() == DataChunksOf(data[i]).back().tsn());
  }
  CHECK(p.CloseAllAndCheckClean());
}

// ---------------------------------------------------------------------------
// 6. When a SACK may not wait: gaps, duplicates, the I bit.

TEST_CASE(
    "DataTransfer: gaps and duplicates are SACKed at once, and so is DATA "
    "with the I bit",
    "[scenario][fast]") {
  endpoint::EndpointOptions ob = QuietOptions();
  SECTION("gap") {
    EndpointPair p(QuietOptions(), ob, 1);
    Tap tap(p);
    auto [id_a, id_b] = Establish(p);
    WarmUp(p, id_a, id_b);
    // Drop the second of the DATA packets that follow.
    auto seen = std::make_shared<int>(0);
    PacketFilter drop;
    drop.match = [seen](const loopback::PacketInfo& info) {
      return loopback::HasChunk(info.bytes, ChunkType::kData) && ++*seen == 2;
    };
    drop.action = FilterAction::kDrop;
    p.wire.AddFilter(Side::kA, drop);

    const size_t first = tap.size();
    const std::vector<uint8_t> m = Pattern(100, 7);
    for (uint32_t i = 0; i < 5; ++i) {
      REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(i), false}, m) ==
              SendError::kNone);
      p.RunFor(Duration::Millis(2));
    }
    std::vector<Got> got;
    REQUIRE(Drive(
        p, Duration::Seconds(5), [&] { ReceiveAll(p, p.b, id_b, got); },
        [&] { return got.size() == 5; }));
    std::vector<Tapped> data = tap.Sent(Side::kA, ChunkType::kData, first);
    std::vector<Tapped> sacks = tap.Sent(Side::kB, ChunkType::kSack, first);
    REQUIRE(data.size() >= 6);  // five, and the lost one again
    const Tsn first_tsn = DataChunksOf(data[0]).front().tsn();
    // §6.7: "the data receiver SHOULD immediately send a SACK chunk ... when
    // there are gaps": each packet after the hole, on arrival.
    for (size_t k = 2; k < 5; ++k) {
      INFO("packet " << k + 1 << " of 5, the second lost");
      std::vector<wire::SackChunk> at = SacksAt(sacks, data[k].at + kOneWay);
      REQUIRE(at.size() == 1);
      CHECK(at[0].cumulative_tsn_ack() == first_tsn);
      REQUIRE(at[0].gap_ack_block_count() == 1);
      const uint16_t end = static_cast<uint16_t>(
          DataChunksOf(data[k]).front().tsn().value() - first_tsn.value());
      CHECK(at[0].gap_ack_block(0) == wire::SackChunk::GapAckBlock{2, end});
    }
    // The retransmission fills the hole: acknowledged at once as well.
    const Tapped& again = data[5];
    REQUIRE(DataChunksOf(again).front().tsn().value() == first_tsn.value() + 1);
    std::vector<wire::SackChunk> at = SacksAt(sacks, again.at + kOneWay);
    REQUIRE(at.size() == 1);
    CHECK(at[0].cumulative_tsn_ack().value() == first_tsn.value() + 4);
    CHECK(at[0].gap_ack_block_count() == 0);
    CHECK(Live(p.a, id_a).counters().t3_expired == 0);
    CHECK(p.CloseAllAndCheckClean());
  }
  SECTION("duplicate") {
    EndpointPair p(QuietOptions(), ob, 1);
    Tap tap(p);
    auto [id_a, id_b] = Establish(p);
    WarmUp(p, id_a, id_b);
    PacketFilter dup;
    dup.match = loopback::ContainsChunk(ChunkType::kData);
    dup.action = FilterAction::kDuplicate;
    dup.delay = Duration::Millis(5);
    p.wire.AddFilter(Side::kA, dup);

    const size_t first = tap.size();
    REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(1), false},
                         Pattern(100, 8)) == SendError::kNone);
    p.RunFor(Duration::Seconds(1));
    std::vector<Tapped> data = tap.Sent(Side::kA, ChunkType::kData, first);
    std::vector<Tapped> sacks = tap.Sent(Side::kB, ChunkType::kSack, first);
    REQUIRE(data.size() == 1);
    // The original waits for the SACK timer; its copy, 5 ms later, is
    // reported at once (§6.2: "the receiver SHOULD send a SACK chunk ...
    // immediately" on a duplicate), which also covers the original.
    REQUIRE(sacks.size() == 1);
    CHECK(sacks[0].at == data[0].at + kOneWay + Duration::Millis(5));
    std::optional<wire::SackChunk> sack = SackOf(sacks[0]);
    REQUIRE(sack);
    const Tsn tsn = DataChunksOf(data[0]).front().tsn();
    CHECK(sack->cumulative_tsn_ack() == tsn);
    REQUIRE(sack->duplicate_tsn_count() == 1);
    CHECK(sack->duplicate_tsn(0) == tsn);
    CHECK(Live(p.b, id_b).counters().duplicate_tsns == 1);
    std::vector<Got> got;
    ReceiveAll(p, p.b, id_b, got);
    CHECK(got.size() == 1);  // once
    CHECK(p.CloseAllAndCheckClean());
  }
  SECTION("I bit when cwnd is full") {
    EndpointPair p(QuietOptions(), ob, 1);
    Tap tap(p);
    auto [id_a, id_b] = Establish(p);
    WarmUp(p, id_a, id_b);
    // §7.2.1: the initial cwnd, min(4 * PMDCS, max(2 * PMDCS, 4404)), holds
    // three full DATA chunks; the third fills it.
    REQUIRE(Live(p.a, id_a).Status(p.now).cwnd == 4404);
    const size_t first = tap.size();
    const TimePoint t0 = p.now;
    for (uint32_t i = 0; i < 6; ++i) {
      REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(i), false, true},
                           Pattern(kFullPayload, i)) == SendError::kNone);
    }
    REQUIRE(p.a.ep->Flush(p.now, id_a));
    std::vector<Tapped> burst = tap.SentAt(Side::kA, ChunkType::kData, t0);
    REQUIRE(burst.size() == 3);
    // §3.3.1 I bit: set on the chunk that fills the window while more data
    // waits (§6.1); not on the others.
    for (size_t i = 0; i < burst.size(); ++i) {
      INFO("packet " << i);
      std::vector<wire::DataChunk> chunks = DataChunksOf(burst[i]);
      REQUIRE(chunks.size() == 1);
      CHECK(((chunks[0].flags() & kFlagImmediate) != 0) == (i == 2));
    }
    // B: packet 1 waits, packet 2 is "every second packet", packet 3 is
    // acknowledged at once only because of its I bit.
    p.RunFor(kOneWay + Duration::Millis(1));
    const std::vector<Tapped> sacks = tap.Sent(Side::kB, ChunkType::kSack, first);
    std::vector<wire::SackChunk> at = SacksAt(sacks, t0 + kOneWay);
    REQUIRE(at.size() == 2);
    CHECK(at[1].cumulative_tsn_ack() == DataChunksOf(burst[2]).front().tsn());
    std::vector<Got> got;
    REQUIRE(Drive(
        p, Duration::Seconds(5), [&] { ReceiveAll(p, p.b, id_b, got); },
        [&] { return got.size() == 6; }));
    CHECK(p.CloseAllAndCheckClean());
  }
  SECTION("I bit when the peer's window is full") {
    ob.assoc.receive_window = 4096;
    EndpointPair p(QuietOptions(), ob, 1);
    Tap tap(p);
    auto [id_a, id_b] = Establish(p);
    // B keeps 2896 bytes unread: 1200 left in its window.
    REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(100), false},
                         Pattern(2896, 1)) == SendError::kNone);
    p.RunFor(Duration::Seconds(1));
    REQUIRE(Live(p.b, id_b).Status(p.now).received_messages == 1);
    REQUIRE(Live(p.a, id_a).Status(p.now).peer_rwnd == 1200);

    // Three 600-byte messages: two fill the window, in one packet.
    const size_t first = tap.size();
    const TimePoint t0 = p.now;
    for (uint32_t i = 0; i < 3; ++i) {
      REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(i), false, true},
                           Pattern(600, i)) == SendError::kNone);
    }
    REQUIRE(p.a.ep->Flush(p.now, id_a));
    std::vector<Tapped> burst = tap.SentAt(Side::kA, ChunkType::kData, t0);
    REQUIRE(burst.size() == 1);
    std::vector<wire::DataChunk> chunks = DataChunksOf(burst[0]);
    REQUIRE(chunks.size() == 2);
    CHECK((chunks[0].flags() & kFlagImmediate) == 0);
    CHECK((chunks[1].flags() & kFlagImmediate) != 0);
    CHECK(Live(p.a, id_a).Status(p.now).peer_rwnd == 0);
    // One packet on a quiet association: only the I bit makes B answer at
    // once, with its window now closed.
    p.RunFor(kOneWay + Duration::Millis(1));
    const std::vector<Tapped> sacks = tap.Sent(Side::kB, ChunkType::kSack, first);
    std::vector<wire::SackChunk> at = SacksAt(sacks, t0 + kOneWay);
    REQUIRE(at.size() == 1);
    CHECK(at[0].cumulative_tsn_ack() == chunks[1].tsn());
    CHECK(at[0].a_rwnd() == 0);
    std::vector<Got> got;
    REQUIRE(Drive(
        p, Duration::Seconds(30), [&] { ReceiveAll(p, p.b, id_b, got); },
        [&] { return got.size() == 4; }));
    CHECK(p.CloseAllAndCheckClean());
  }
}

// ---------------------------------------------------------------------------
// 7. Flow control: window updates, zero window probes.

TEST_CASE(
    "DataTransfer: a closed receive window stops the sender; reading reopens "
    "it at once with a window update",
    "[scenario][fast]") {
  endpoint::EndpointOptions ob = QuietOptions();
  ob.assoc.receive_window = 4096;  // four 1 KiB messages
  EndpointPair p(QuietOptions(), ob, 1);
  Tap tap(p);
  auto [id_a, id_b] = Establish(p);

  constexpr uint32_t kMessages = 12;
  std::vector<std::vector<uint8_t>> sent;
  for (uint32_t i = 0; i < kMessages; ++i) {
    sent.push_back(Pattern(1024, i));
    REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(i), false},
                         sent.back()) == SendError::kNone);
  }
  // Half an RTO: B reads nothing.
  p.RunFor(Duration::Millis(500));
  REQUIRE_FALSE(Lost(p));
  assoc::AssocStatus a = Live(p.a, id_a).Status(p.now);
  CHECK(a.peer_rwnd == 0);
  CHECK(a.pending_bytes >= (kMessages - 5) * 1024u);
  CHECK(Live(p.b, id_b).Status(p.now).received_messages == 4);
  CHECK(Live(p.b, id_b).Status(p.now).local_rwnd == 0);
  // The window, and at most one zero window probe beyond it.
  CHECK(Live(p.a, id_a).counters().data_chunks_sent <= 5);

  // B reads: the window reopens and B says so at once (§6.2 SWS rule).
  const size_t first = tap.size();
  const TimePoint t_read = p.now;
  std::vector<Got> got;
  ReceiveAll(p, p.b, id_b, got);
  REQUIRE(got.size() == 4);
  CHECK(Live(p.b, id_b).counters().window_updates > 0);
  // The views point into the recorded packets: keep them alive.
  const std::vector<Tapped> sacks_after_read = tap.Sent(Side::kB, ChunkType::kSack, first);
  std::vector<wire::SackChunk> updates = SacksAt(sacks_after_read, t_read);
  REQUIRE_FALSE(updates.empty());
  CHECK(updates.back().a_rwnd() == 4096);

  REQUIRE(Drive(
      p, Duration::Seconds(30), [&] { ReceiveAll(p, p.b, id_b, got); },
      [&] { return got.size() == kMessages || Lost(p); }));
  REQUIRE(got.size() == kMessages);
  for (uint32_t i = 0; i < kMessages; ++i) {
    INFO("message " << i);
    CHECK(got[i].info.ppid == Ppid(i));
    CHECK(got[i].bytes == sent[i]);
  }
  // Nothing waited for T3-rtx: not the transfer, not the probe.
  CHECK(Live(p.a, id_a).counters().t3_expired == 0);
  CHECK(got.back().at < t_read + Duration::Seconds(1));
  CHECK(p.CloseAllAndCheckClean());
}

TEST_CASE(
    "DataTransfer: a window closed for ten minutes is probed once per T3-rtx "
    "and the transfer completes once the receiver reads",
    "[scenario][fast]") {
  endpoint::EndpointOptions oa = QuietOptions();
  oa.keep_closed_associations = true;  // counters, whatever happens
  endpoint::EndpointOptions ob = QuietOptions();
  ob.assoc.receive_window = 4096;
  ob.keep_closed_associations = true;
  EndpointPair p(oa, ob, 1);
  Tap tap(p);
  auto [id_a, id_b] = Establish(p);
  const size_t first = tap.size();

  constexpr uint32_t kMessages = 8;
  std::vector<std::vector<uint8_t>> sent;
  for (uint32_t i = 0; i < kMessages; ++i) {
    sent.push_back(Pattern(1024, i + 50));
    REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(i), false},
                         sent.back()) == SendError::kNone);
  }
  p.RunFor(Duration::Seconds(600));
  CHECK(Live(p.b, id_b).Status(p.now).received_messages == 4);
  // §6.1 A: "If the sender continues to receive SACK chunks from the peer
  // while doing zero window probing, the unacknowledged window probes
  // SHOULD NOT increment the error counter for the association or any
  // destination transport address. This is because the receiver could
  // keep its window closed for an indefinite time."
  CHECK(p.a.Count(EventType::kCommunicationLost) == 0);
  CHECK(p.a.Count(EventType::kNetworkStatusChange) == 0);
  CHECK_FALSE(Live(p.a, id_a).closed());

  std::vector<Tapped> data = tap.Sent(Side::kA, ChunkType::kData, first);
  REQUIRE(data.size() > 4);
  const Tsn probe_tsn = DataChunksOf(data[4]).front().tsn();
  std::vector<Tapped> probes(data.begin() + 4, data.end());
  const uint64_t t3 = Live(p.a, id_a).counters().t3_expired;
  INFO("probes " << probes.size() << ", T3-rtx expiries " << t3 << ", last at "
                 << Catch::StringMaker<TimePoint>::convert(probes.back().at));
  // One chunk per probe, always the same one: no new data into a closed
  // window.
  for (const Tapped& probe : probes) {
    std::vector<wire::DataChunk> chunks = DataChunksOf(probe);
    CHECK(chunks.size() == 1);
    CHECK(chunks.front().tsn() == probe_tsn);
  }
  // One probe per T3-rtx (and possibly the first on the SACK that closed
  // the window); the interval backs off (§6.3.3 E2) up to RTO.Max, so ten
  // minutes hold more than a dozen.
  CHECK(probes.size() >= t3);
  CHECK(probes.size() <= t3 + 1);
  CHECK(probes.size() >= 12);
  for (size_t i = 2; i < probes.size(); ++i) {
    INFO("probe " << i);
    const Duration gap = probes[i].at - probes[i - 1].at;
    CHECK(gap >= probes[i - 1].at - probes[i - 2].at);
    CHECK(gap <= Duration::Seconds(60));
  }
  // §6.2: "When the receiver's advertised window is 0, the receiver MUST
  // drop any new incoming DATA chunk with a TSN larger than the largest TSN
  // received so far. ... In either case, if such a DATA chunk is dropped,
  // the receiver MUST immediately send back a SACK chunk with the current
  // receive window showing only DATA chunks received and accepted so far."
  std::vector<Tapped> sacks = tap.Sent(Side::kB, ChunkType::kSack, first);
  for (const Tapped& probe : probes) {
    INFO("probe sent at " << Catch::StringMaker<TimePoint>::convert(probe.at));
    std::vector<wire::SackChunk> at = SacksAt(sacks, probe.at + kOneWay);
    CHECK(at.size() == 1);
    for (const wire::SackChunk& sack : at) {
      CHECK(sack.a_rwnd() == 0);
      CHECK(IdLess(sack.cumulative_tsn_ack(), probe_tsn));
    }
  }
  REQUIRE_FALSE(Live(p.a, id_a).closed());

  std::vector<Got> got;
  REQUIRE(Drive(
      p, Duration::Seconds(120), [&] { ReceiveAll(p, p.b, id_b, got); },
      [&] { return got.size() == kMessages || Lost(p); }));
  REQUIRE(got.size() == kMessages);
  for (uint32_t i = 0; i < kMessages; ++i) {
    INFO("message " << i);
    CHECK(got[i].info.ppid == Ppid(i));
    CHECK(got[i].bytes == sent[i]);
  }
  CHECK(p.CloseAllAndCheckClean());
}

// ---------------------------------------------------------------------------
// 8. Zero-copy receive.

TEST_CASE(
    "DataTransfer: payload stays in the received packet buffers until the "
    "application reads it",
    "[scenario][fast]") {
  const uint64_t heap_copies_before = buf::LiveHeapCopies();
  {
    endpoint::EndpointOptions oa = QuietOptions();
    oa.assoc.send_buffer = 64 * kKiB;
    endpoint::EndpointOptions ob = QuietOptions();
    ob.assoc.receive_window = 64 * kKiB;
    EndpointPair p(oa, ob, 1);
    Tap tap(p);
    auto [id_a, id_b] = Establish(p);
    const size_t first = tap.size();
    constexpr uint32_t kMessages = 8;
    std::vector<std::vector<uint8_t>> sent;
    for (uint32_t i = 0; i < kMessages; ++i) {
      sent.push_back(Pattern(3000, i + 20));  // three fragments each
      REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(i % 2), Ppid(i), false},
                           sent.back()) == SendError::kNone);
    }
    p.RunFor(Duration::Seconds(1));
    REQUIRE(AllAcked(p, id_a));
    REQUIRE(p.wire.empty());
    assoc::Association& b = Live(p.b, id_b);
    REQUIRE(b.Status(p.now).received_messages == kMessages);
    CHECK(b.counters().rx_payload_copies == 0);
    // Every DATA packet's buffer is held for its payload, and nothing else.
    p.wire.ReleaseDelivered();
    const size_t data_packets =
        tap.Sent(Side::kA, ChunkType::kData, first).size();
    CHECK(data_packets >= kMessages * 2);
    CHECK(p.wire.buffers_referenced() == data_packets);

    // Half through Receive, half straight from the buffers.
    for (uint32_t i = 0; i < kMessages; ++i) {
      INFO("message " << i);
      std::vector<uint8_t> bytes;
      std::optional<assoc::ReceivedMessage> m;
      if (i % 2 == 0) {
        bytes.resize(4000);
        m = b.Receive(bytes);
        REQUIRE(m);
        bytes.resize(m->copied);
      } else {
        m = b.ReceiveWith([&](std::span<const uint8_t> fragment) {
          bytes.insert(bytes.end(), fragment.begin(), fragment.end());
        });
        REQUIRE(m);
      }
      CHECK(m->ppid == Ppid(i));
      CHECK(bytes == sent[i]);
    }
    CHECK(b.counters().rx_payload_copies == 0);
    p.RunFor(Duration::Seconds(1));  // window updates, if any
    REQUIRE(p.wire.empty());
    p.wire.ReleaseDelivered();
    CHECK(p.wire.buffers_referenced() == 0);
    CHECK(p.CloseAllAndCheckClean());
  }
  CHECK(buf::LiveHeapCopies() == heap_copies_before);
}

// ---------------------------------------------------------------------------
// 9. Stream schedulers (RFC 8260 §3), end to end.

// Queues (stream, ppid) messages of 100 bytes without sending, flushes once,
// and returns the streams and ppids in the order B can read them.
std::vector<std::pair<uint16_t, uint32_t>> ScheduledOrder(
    tx::SchedulerKind kind,
    const std::vector<std::pair<uint16_t, uint32_t>>& messages,
    const std::function<void(assoc::Association&)>& configure) {
  endpoint::EndpointOptions oa = QuietOptions();
  oa.assoc.stream_scheduler = kind;
  EndpointPair p(oa, QuietOptions(), 1);
  auto [id_a, id_b] = Establish(p);
  configure(Live(p.a, id_a));
  for (const auto& [stream, ppid] : messages) {
    REQUIRE(p.a.ep->Send(p.now, id_a,
                         {StreamId(stream), Ppid(ppid), false, true},
                         Pattern(100, ppid)) == SendError::kNone);
  }
  CHECK(Live(p.a, id_a).counters().data_chunks_sent == 0);
  REQUIRE(p.a.ep->Flush(p.now, id_a));
  std::vector<Got> got;
  REQUIRE(Drive(
      p, Duration::Seconds(10), [&] { ReceiveAll(p, p.b, id_b, got); },
      [&] { return got.size() == messages.size(); }));
  std::vector<std::pair<uint16_t, uint32_t>> order;
  for (const Got& g : got) {
    order.emplace_back(g.info.stream_id.value(), g.info.ppid.value());
  }
  CHECK(p.CloseAllAndCheckClean());
  return order;
}

TEST_CASE(
    "DataTransfer: FCFS, round robin, priority and weighted fair schedulers "
    "order messages queued on several streams",
    "[scenario][fast]") {
  // Three messages on each of streams 0, 1, 2, queued stream after stream.
  std::vector<std::pair<uint16_t, uint32_t>> grouped;
  for (uint16_t s = 0; s < 3; ++s) {
    for (uint32_t i = 0; i < 3; ++i) grouped.emplace_back(s, s * 3u + i);
  }
  auto nothing = [](assoc::Association&) {};
  SECTION("FCFS: send order") {
    CHECK(ScheduledOrder(tx::SchedulerKind::kFcfs, grouped, nothing) ==
          grouped);
  }
  SECTION("round robin: one message per stream in turn") {
    std::vector<std::pair<uint16_t, uint32_t>> order =
        ScheduledOrder(tx::SchedulerKind::kRoundRobin, grouped, nothing);
    REQUIRE(order.size() == 9);
    const std::vector<std::pair<uint16_t, uint32_t>> expected = {
        {0, 0}, {1, 3}, {2, 6}, {0, 1}, {1, 4}, {2, 7}, {0, 2}, {1, 5}, {2, 8}};
    CHECK(order == expected);
  }
  SECTION("priority: the high-priority stream first") {
    std::vector<std::pair<uint16_t, uint32_t>> order = ScheduledOrder(
        tx::SchedulerKind::kPriority, grouped, [](assoc::Association& a) {
          REQUIRE(a.SetStreamPriority(StreamId(0), 5));
          REQUIRE(a.SetStreamPriority(StreamId(1), 5));
          REQUIRE(a.SetStreamPriority(StreamId(2), 1));  // lower goes first
        });
    REQUIRE(order.size() == 9);
    // Stream 2 first, then streams 0 and 1 (equal priority) in turn.
    CHECK(std::vector(order.begin(), order.begin() + 3) ==
          std::vector<std::pair<uint16_t, uint32_t>>{{2, 6}, {2, 7}, {2, 8}});
    for (size_t i = 3; i < order.size(); ++i) {
      INFO("position " << i);
      CHECK(order[i].first != 2);
      if (i > 3) CHECK(order[i].first != order[i - 1].first);
    }
  }
  SECTION("weighted fair: bytes in proportion to the weights") {
    // Stream 1's four messages queued before stream 0's twelve; stream 0
    // weighs three times as much.
    std::vector<std::pair<uint16_t, uint32_t>> queued;
    for (uint32_t i = 0; i < 4; ++i) queued.emplace_back(1, 100 + i);
    for (uint32_t i = 0; i < 12; ++i) queued.emplace_back(0, i);
    std::vector<std::pair<uint16_t, uint32_t>> order = ScheduledOrder(
        tx::SchedulerKind::kWeightedFair, queued, [](assoc::Association& a) {
          REQUIRE(a.SetStreamWeight(StreamId(0), 3));
          REQUIRE(a.SetStreamWeight(StreamId(1), 1));
        });
    REQUIRE(order.size() == 16);
    // Finish times: stream 0's messages at k/3, stream 1's at k (in
    // message lengths); the first eight are those finishing by 2.
    size_t stream0 = 0;
    for (size_t i = 0; i < 8; ++i) stream0 += order[i].first == 0 ? 1 : 0;
    CHECK(stream0 == 6);
    // Within each stream, send order.
    uint32_t next0 = 0, next1 = 100;
    for (const auto& [stream, ppid] : order) {
      CHECK(ppid == (stream == 0 ? next0++ : next1++));
    }
  }
}

// ---------------------------------------------------------------------------
// 10. The Nagle-like bundling delay.

struct SmallMessagesRun {
  size_t data_packets = 0;
  Duration last_delay;  // from Send of the last message to its arrival
};

// After a warm-up, A sends 20 messages of 50 bytes 1 ms apart.
SmallMessagesRun SendSmallMessages(Duration nagle_delay) {
  endpoint::EndpointOptions oa = QuietOptions();
  oa.assoc.nagle_delay = nagle_delay;
  EndpointPair p(oa, QuietOptions(), 1);
  Tap tap(p);
  auto [id_a, id_b] = Establish(p);
  WarmUp(p, id_a, id_b);
  const size_t first = tap.size();
  constexpr uint32_t kMessages = 20;
  TimePoint last_send;
  std::vector<Got> got;
  for (uint32_t i = 0; i < kMessages; ++i) {
    last_send = p.now;
    REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(i), false},
                         Pattern(50, i)) == SendError::kNone);
    p.RunFor(Duration::Millis(1));
    ReceiveAll(p, p.b, id_b, got);
  }
  REQUIRE(Drive(
      p, Duration::Seconds(10), [&] { ReceiveAll(p, p.b, id_b, got); },
      [&] { return got.size() == kMessages; }));
  for (uint32_t i = 0; i < kMessages; ++i) {
    CHECK(got[i].info.ppid == Ppid(i));
    CHECK(got[i].bytes == Pattern(50, i));
  }
  SmallMessagesRun r;
  std::vector<Tapped> data = tap.Sent(Side::kA, ChunkType::kData, first);
  r.data_packets = data.size();
  // The packet that carried the last message, and its arrival.
  const Tapped* last = nullptr;
  for (const Tapped& t : data) {
    for (const wire::DataChunk& c : DataChunksOf(t)) {
      if (c.ppid() == Ppid(kMessages - 1)) last = &t;
    }
  }
  REQUIRE(last != nullptr);
  r.last_delay = last->at + kOneWay - last_send;
  CHECK(p.CloseAllAndCheckClean());
  return r;
}

TEST_CASE(
    "DataTransfer: nagle_delay bundles small messages sent one by one and "
    "delays the last one by at most nagle_delay",
    "[scenario][fast]") {
  const Duration nagle = Duration::Millis(50);
  SmallMessagesRun off = SendSmallMessages(Duration::Zero());
  SmallMessagesRun on = SendSmallMessages(nagle);
  INFO("DATA packets: " << off.data_packets << " without, " << on.data_packets
                        << " with the delay");
  CHECK(off.data_packets == 20);  // one packet per Send
  CHECK(on.data_packets * 4 <= off.data_packets);
  CHECK(off.last_delay == kOneWay);
  CHECK(on.last_delay <= nagle + kRtt);
}

// ---------------------------------------------------------------------------
// 11. Max.Burst (§6.1 rule 4).

// A sends `bytes` in 16 KiB messages and B reads them: cwnd opens (§7.2.1).
void GrowCwnd(EndpointPair& p, AssocId id_a, AssocId id_b, uint32_t bytes) {
  std::vector<Got> got;
  size_t queued = 0;
  const size_t count = bytes / (16 * kKiB);
  REQUIRE(Drive(
      p, Duration::Seconds(60),
      [&] {
        got.clear();
        ReceiveAll(p, p.b, id_b, got);
        while (queued < count &&
               p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(1), false},
                            Pattern(16 * kKiB, 1)) == SendError::kNone) {
          ++queued;
        }
      },
      [&] {
        return queued == count && AllAcked(p, id_a) &&
               Live(p.b, id_b).Status(p.now).received_messages == 0;
      }));
}

TEST_CASE(
    "DataTransfer: with a large cwnd one Flush or one SACK sends at most "
    "Max.Burst packets beyond the flight",
    "[scenario][fast]") {
  for (int max_burst : {4, 2}) {
    DYNAMIC_SECTION("Max.Burst " << max_burst) {
      endpoint::EndpointOptions ob = BulkOptions();
      ob.assoc.receive_window = 256 * kKiB;
      EndpointPair p(BulkOptions(), ob, 1);
      p.wire.set_capture({});
      Tap tap(p);
      auto [id_a, id_b] = Establish(p);
      // cwnd opens under the default Max.Burst (4); a smaller one, with a
      // SACK every second packet, would keep the flight from ever filling
      // cwnd, which then does not grow (§7.2.1). §10.1 O sets the one tested.
      REQUIRE(Live(p.a, id_a).options().max_burst == 4);
      GrowCwnd(p, id_a, id_b, 1024 * kKiB);
      assoc::AssocOptions changed = Live(p.a, id_a).options();
      changed.max_burst = max_burst;
      Live(p.a, id_a).SetProtocolParameters(changed);
      const uint32_t cwnd = Live(p.a, id_a).Status(p.now).cwnd;
      INFO("cwnd " << cwnd);
      REQUIRE(cwnd >= 16 * kPmdcs);

      SECTION("one Flush with nothing in flight, within an RTO") {
        REQUIRE(Live(p.a, id_a).Status(p.now).flight_bytes == 0);
        for (uint32_t i = 0; i < 64; ++i) {
          REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(i), false, true},
                               Pattern(kFullPayload, i)) == SendError::kNone);
        }
        const size_t first = tap.size();
        REQUIRE(p.a.ep->Flush(p.now, id_a));
        const size_t packets = tap.All(Side::kA, first).size();
        CHECK(packets > 0);
        CHECK(packets <= static_cast<size_t>(max_burst));
        // The cwnd itself is not lowered (§6.1: "cwnd SHOULD NOT be changed
        // permanently").
        CHECK(Live(p.a, id_a).Status(p.now).cwnd == cwnd);
      }
      SECTION("one Flush after a long idle period") {
        p.RunFor(Duration::Seconds(30));
        for (uint32_t i = 0; i < 64; ++i) {
          REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(i), false, true},
                               Pattern(kFullPayload, i)) == SendError::kNone);
        }
        const size_t first = tap.size();
        REQUIRE(p.a.ep->Flush(p.now, id_a));
        const size_t packets = tap.All(Side::kA, first).size();
        CHECK(packets > 0);
        CHECK(packets <= static_cast<size_t>(max_burst));
        // §7.2.1: idle, cwnd went to max(cwnd / 2, 4 * PMDCS) per RTO.
        CHECK(Live(p.a, id_a).Status(p.now).cwnd == 4 * kPmdcs);
      }
      SECTION("one window update SACK") {
        // B stops reading; A fills its window and keeps data queued.
        for (uint32_t i = 0; i < 24; ++i) {
          REQUIRE(p.a.ep->Send(p.now, id_a, {StreamId(0), Ppid(i), false},
                               Pattern(16 * kKiB, i)) == SendError::kNone);
        }
        p.RunFor(Duration::Millis(300));
        REQUIRE(Live(p.b, id_b).Status(p.now).local_rwnd < kFullPayload);
        REQUIRE(Live(p.a, id_a).Status(p.now).pending_bytes > 0);
        REQUIRE(Live(p.a, id_a).counters().t3_expired == 0);
        REQUIRE(Live(p.a, id_a).Status(p.now).cwnd >= 16 * kPmdcs);
        const uint32_t flight = Live(p.a, id_a).Status(p.now).flight_bytes;

        // B reads one 16 KiB message: one SACK reopens the window.
        const size_t first = tap.size();
        const TimePoint t_read = p.now;
        std::vector<uint8_t> buffer(16 * kKiB);
        REQUIRE(Live(p.b, id_b).Receive(buffer));
        p.RunFor(kOneWay);
        std::vector<Tapped> from_b = tap.All(Side::kB, first);
        REQUIRE(from_b.size() == 1);
        REQUIRE(from_b[0].at == t_read);
        std::optional<wire::SackChunk> update = SackOf(from_b[0]);
        REQUIRE(update);
        REQUIRE(update->a_rwnd() >= 8 * kFullPayload);
        std::vector<Tapped> burst =
            tap.SentAt(Side::kA, ChunkType::kData, t_read + kOneWay);
        INFO("flight before " << flight << ", a_rwnd " << update->a_rwnd());
        CHECK(burst.size() > 0);
        CHECK(burst.size() <= static_cast<size_t>(max_burst));
        std::vector<Got> got;
        REQUIRE(Drive(
            p, Duration::Seconds(60), [&] { ReceiveAll(p, p.b, id_b, got); },
            [&] { return got.size() == 23 || Lost(p); }));
        CHECK(got.size() == 23);
      }
      CHECK(p.CloseAllAndCheckClean());
    }
  }
}

}  // namespace
}  // namespace dpsctp
