// Association lifecycle scenarios (RFC 9260 §5, §8.4, §8.5, §9) between
// two real endpoints over the loopback wire, in virtual time. Each test
// reads like the RFC's sequence diagrams: what is sent, what is lost, what
// each side ends up believing.
#include <catch2/catch.hpp>

#include <cstring>
#include <exception>
#include <vector>

#include "assoc/association.h"
#include "common/byte_order.h"
#include "crc/crc32c.h"
#include "drivers/loopback/packet_filter.h"
#include "test/support/endpoint_pair.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/data_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk/init_chunk.h"
#include "wire/chunk/shutdown_ack_chunk.h"
#include "wire/chunk_type.h"
#include "wire/packet_builder.h"

namespace dpsctp {
namespace {

using assoc::EventType;
using assoc::State;
using loopback::FilterAction;
using loopback::FirstChunkIs;
using loopback::PacketFilter;
using loopback::Side;
using test::EndpointPair;
using wire::ChunkType;

void ExpectEstablished(EndpointPair& p) {
  REQUIRE(p.a.Only() != nullptr);
  REQUIRE(p.b.Only() != nullptr);
  CHECK(p.a.Only()->state() == State::kEstablished);
  CHECK(p.b.Only()->state() == State::kEstablished);
  CHECK(p.a.Count(EventType::kCommunicationUp) == 1);
  CHECK(p.b.Count(EventType::kCommunicationUp) == 1);
  // Each side's peer tag is the other's own tag.
  CHECK(p.a.Only()->peer_tag() == p.b.Only()->local_tag());
  CHECK(p.b.Only()->peer_tag() == p.a.Only()->local_tag());
}

// Every scenario ends with nothing left behind: associations reclaimed.
void ExpectAllReclaimed(EndpointPair& p) {
  CHECK(p.a.ep->association_count() == 0);
  CHECK(p.b.ep->association_count() == 0);
}

// A connects to B and both reach ESTABLISHED: the start of most scenarios.
std::optional<assoc::AssocId> Establish(EndpointPair& p) {
  std::optional<assoc::AssocId> id = p.Connect();
  REQUIRE(id);
  p.RunFor(Duration::Millis(100));
  ExpectEstablished(p);
  return id;
}

// Every scenario ends with both endpoints back to their start values.
struct CleanAtEnd {
  explicit CleanAtEnd(EndpointPair& pair) : p(pair) {}
  ~CleanAtEnd() {
    if (std::uncaught_exceptions() == 0) CHECK(p.CloseAllAndCheckClean());
  }
  EndpointPair& p;
};

void DropFirst(EndpointPair& p, Side from, ChunkType type, uint64_t count = 1) {
  PacketFilter f;
  f.match = FirstChunkIs(type);
  f.action = FilterAction::kDrop;
  f.count = count;
  p.wire.AddFilter(from, f);
}

std::vector<uint8_t> Message(size_t n, uint8_t seed) {
  std::vector<uint8_t> m(n);
  for (size_t i = 0; i < n; ++i) m[i] = static_cast<uint8_t>(seed + i);
  return m;
}

// A packet from `from`'s port to `to`'s port with one chunk.
template <typename Write>
std::vector<uint8_t> Packet(VerificationTag vtag, Write&& write) {
  std::vector<uint8_t> buffer(1500);
  wire::CommonHeader h;
  h.source_port = EndpointPair::kPort;
  h.destination_port = EndpointPair::kPort;
  h.verification_tag = vtag;
  wire::PacketBuilder b(buffer, h, buffer.size());
  REQUIRE(b.TryAdd(write));
  std::span<uint8_t> out = b.Finish(crc::TxChecksumMode::kSoftware);
  return std::vector<uint8_t>(out.begin(), out.end());
}

// An INIT from the tester, tag 0, with `initiate_tag`, OS `os` and
// already serialized `params`.
std::vector<uint8_t> InitPacket(uint32_t initiate_tag, uint16_t os = 1,
                                std::span<const uint8_t> params = {}) {
  return Packet(VerificationTag(0), [&](wire::WireWriter& w) {
    wire::InitFields f{VerificationTag(initiate_tag), 65535, os, 1, Tsn(1)};
    return wire::InitChunk::SerializeTo(w, f, params);
  });
}

// Sets *seen once a packet from `side` starts with `first` and contains
// `also`; the packet itself passes untouched.
void WatchBundle(EndpointPair& p, Side side, ChunkType first, ChunkType also,
                 bool* seen) {
  PacketFilter watch;
  watch.match = [=](const loopback::PacketInfo& info) {
    if (loopback::FirstChunkType(info.bytes) == first &&
        loopback::HasChunk(info.bytes, also)) {
      *seen = true;
    }
    return false;
  };
  p.wire.AddFilter(side, watch);
}

TEST_CASE("Lifecycle: four-way handshake, a fragmented message, graceful shutdown", "[scenario][demo]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  auto id = p.Connect();
  REQUIRE(id);
  CHECK(p.a.Only()->state() == State::kCookieWait);
  p.RunFor(Duration::Millis(100));
  ExpectEstablished(p);

  std::vector<uint8_t> m = Message(3000, 7);  // three fragments
  REQUIRE(p.a.ep->Send(p.now, *id, {StreamId(1), Ppid(0x10203), false}, m) ==
          assoc::SendError::kNone);
  p.RunFor(Duration::Millis(500));
  REQUIRE(p.b.Count(EventType::kDataArrive) == 1);
  std::vector<uint8_t> got(4000);
  auto r = p.b.Only()->Receive(got);
  REQUIRE(r);
  CHECK(r->length == m.size());
  CHECK(r->stream_id == StreamId(1));
  CHECK(r->ppid == Ppid(0x10203));
  CHECK(std::equal(m.begin(), m.end(), got.begin()));

  REQUIRE(p.a.ep->Shutdown(p.now, *id));
  p.RunFor(Duration::Seconds(1));
  CHECK(p.a.Count(EventType::kShutdownComplete) == 1);
  CHECK(p.b.Count(EventType::kShutdownComplete) == 1);
  CHECK(p.b.Count(EventType::kShutdownReceived) == 1);
  ExpectAllReclaimed(p);
  p.SaveCapture("handshake_shutdown");
}

TEST_CASE("Lifecycle: DATA bundled with COOKIE ECHO, its SACK with COOKIE ACK (§5.1, §6.10)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  auto id = p.Connect();
  REQUIRE(id);
  // Queued in COOKIE-WAIT: it rides with the COOKIE ECHO (§5.1 C).
  std::vector<uint8_t> m = Message(100, 1);
  REQUIRE(p.a.ep->Send(p.now, *id, {StreamId(0), Ppid(1), false}, m) ==
          assoc::SendError::kNone);
  bool bundled = false, acked_with_cookie_ack = false;
  WatchBundle(p, Side::kA, ChunkType::kCookieEcho, ChunkType::kData, &bundled);
  WatchBundle(p, Side::kB, ChunkType::kCookieAck, ChunkType::kSack,
              &acked_with_cookie_ack);
  p.RunFor(Duration::Millis(200));
  ExpectEstablished(p);
  CHECK(bundled);
  CHECK(acked_with_cookie_ack);
  CHECK(p.b.Count(EventType::kDataArrive) == 1);
}

TEST_CASE("Lifecycle: lost INIT is retransmitted on T1-init", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  DropFirst(p, Side::kA, ChunkType::kInit);
  p.Connect();
  p.RunFor(Duration::Seconds(3));
  ExpectEstablished(p);
  CHECK(p.a.Only()->counters().t1_expired == 1);
}

TEST_CASE("Lifecycle: lost INIT ACK is recovered by INIT retransmission", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  DropFirst(p, Side::kB, ChunkType::kInitAck);
  p.Connect();
  p.RunFor(Duration::Seconds(3));
  ExpectEstablished(p);
  // B kept no state for the lost INIT ACK (§5.1.3).
  CHECK(p.b.ep->counters().init_acks_sent == 2);
}

TEST_CASE("Lifecycle: lost COOKIE ECHO is retransmitted on T1-cookie", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  DropFirst(p, Side::kA, ChunkType::kCookieEcho);
  p.Connect();
  p.RunFor(Duration::Seconds(3));
  ExpectEstablished(p);
}

TEST_CASE("Lifecycle: lost COOKIE ACK; the duplicate COOKIE ECHO is acked again (§5.2.4 D)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  DropFirst(p, Side::kB, ChunkType::kCookieAck);
  p.Connect();
  p.RunFor(Duration::Seconds(3));
  ExpectEstablished(p);
  // B got the COOKIE ECHO twice but has one association and one UP.
  CHECK(p.b.ep->association_count() == 1);
  p.SaveCapture("lost_cookie_ack");
}

TEST_CASE("Lifecycle: INIT never answered fails after Max.Init.Retransmits", "[scenario]") {
  endpoint::EndpointOptions o = EndpointPair::DefaultOptions();
  o.assoc.rto_initial = Duration::Millis(100);
  o.assoc.rto_max = Duration::Millis(800);
  EndpointPair p(o);
  CleanAtEnd clean(p);
  DropFirst(p, Side::kA, ChunkType::kInit, loopback::kUnlimited);
  p.Connect();
  p.RunFor(Duration::Seconds(10));
  auto lost = p.a.Last(EventType::kCommunicationLost);
  REQUIRE(lost);
  CHECK(lost->event.reason == assoc::LossReason::kMaxInitRetransmits);
  // One INIT and Max.Init.Retransmits (8) retransmissions.
  CHECK(p.wire.counters(Side::kA).sent == 9);
  ExpectAllReclaimed(p);
}

TEST_CASE("Lifecycle: INIT collision from both sides at once (§5.2.1)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  auto ida = p.Connect(p.a, p.b);
  auto idb = p.Connect(p.b, p.a);
  REQUIRE(ida);
  REQUIRE(idb);
  p.RunFor(Duration::Seconds(2));
  // One association on each side, up once, tags agreeing.
  CHECK(p.a.ep->association_count() == 1);
  CHECK(p.b.ep->association_count() == 1);
  ExpectEstablished(p);
  std::vector<uint8_t> m = Message(10, 3);
  REQUIRE(p.a.ep->Send(p.now, *ida, {StreamId(0), Ppid(0), false}, m) == assoc::SendError::kNone);
  p.RunFor(Duration::Millis(500));
  CHECK(p.b.Count(EventType::kDataArrive) == 1);
  p.SaveCapture("init_collision");
}

TEST_CASE("Lifecycle: restart of the peer (§5.2.4 A, §5.2.4.1)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  Establish(p);
  VerificationTag old_b_tag = p.b.Only()->local_tag();
  // A crashes: a new endpoint with no memory of the association.
  p.a.ep = std::make_unique<endpoint::Endpoint>(EndpointPair::DefaultOptions(),
                                                assoc::CookieKey{1, 2, 3}, p.a.random, p.a.tx);
  p.a.events.clear();
  auto id = p.Connect();
  REQUIRE(id);
  p.RunFor(Duration::Millis(200));
  CHECK(p.b.Count(EventType::kRestart) == 1);
  CHECK(p.b.Count(EventType::kCommunicationLost) == 0);
  CHECK(p.a.Count(EventType::kCommunicationUp) == 1);
  REQUIRE(p.b.Only() != nullptr);
  CHECK(p.b.Only()->state() == State::kEstablished);
  CHECK(p.b.Only()->local_tag() != old_b_tag);
  CHECK(p.b.Only()->peer_tag() == p.a.Only()->local_tag());
  CHECK(p.a.Only()->peer_tag() == p.b.Only()->local_tag());
  // Data flows on the restarted association.
  std::vector<uint8_t> m = Message(50, 9);
  REQUIRE(p.a.ep->Send(p.now, *id, {StreamId(0), Ppid(0), false}, m) == assoc::SendError::kNone);
  p.RunFor(Duration::Millis(500));
  CHECK(p.b.Count(EventType::kDataArrive) == 1);
  p.SaveCapture("restart");
}

TEST_CASE("Lifecycle: restart with new addresses is refused with ABORT (§5.2.2)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  Establish(p);
  // An INIT from A's address listing an address B does not know.
  std::vector<uint8_t> params = {0, 5, 0, 8, 192, 0, 2, 99};
  auto init = InitPacket(0x1234, 1, params);
  uint64_t sent_before = p.wire.counters(Side::kB).sent;
  p.InjectTo(p.b, p.a, init);
  CHECK(p.wire.counters(Side::kB).sent == sent_before + 1);
  auto d = p.wire.Receive(Side::kA, p.now + Duration::Seconds(1));
  REQUIRE(d);
  CHECK(loopback::FirstChunkType(d->bytes) == ChunkType::kAbort);
  CHECK(LoadBe32(d->bytes.data() + 4) == 0x1234);  // the INIT's tag
  CHECK(LoadBe16(d->bytes.data() + 16) ==
        static_cast<uint16_t>(wire::ErrorCauseCode::kRestartWithNewAddresses));
  // The existing association is untouched.
  CHECK(p.b.Only()->state() == State::kEstablished);
}

TEST_CASE("Lifecycle: an INIT listing a known address belongs to that association (§5.1.2 rule 4)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  Establish(p);
  // From a new source, 10.0.0.7, listing A's known address 10.0.0.1.
  std::vector<uint8_t> params = {0, 5, 0, 8, 10, 0, 0, 1};
  auto init = InitPacket(0x4321, 1, params);
  buf::PacketView view{std::span<const uint8_t>(init)};
  p.b.ep->HandlePacket(p.now, PacketAddresses{IpAddress::V4(10, 0, 0, 7), p.b.address}, view);
  auto d = p.wire.Receive(Side::kA, p.now + Duration::Seconds(1));
  REQUIRE(d);
  // Not a fresh INIT ACK: the association saw an INIT adding 10.0.0.7.
  CHECK(loopback::FirstChunkType(d->bytes) == ChunkType::kAbort);
  CHECK(LoadBe16(d->bytes.data() + 16) ==
        static_cast<uint16_t>(wire::ErrorCauseCode::kRestartWithNewAddresses));
  CHECK(p.b.ep->counters().init_acks_sent == 1);  // only the original one
  CHECK(p.b.Only()->state() == State::kEstablished);
}

TEST_CASE("Lifecycle: stale cookie round trip, then success with a Cookie Preservative (§5.2.6)", "[scenario]") {
  endpoint::EndpointOptions o = EndpointPair::DefaultOptions();
  o.assoc.valid_cookie_life = Duration::Millis(50);
  EndpointPair p(o);
  CleanAtEnd clean(p);
  // The COOKIE ECHO is delayed beyond the cookie's life once.
  PacketFilter f;
  f.match = FirstChunkIs(ChunkType::kCookieEcho);
  f.action = FilterAction::kDelay;
  f.delay = Duration::Millis(200);
  f.count = 1;
  p.wire.AddFilter(Side::kA, f);
  p.Connect();
  p.RunFor(Duration::Seconds(3));
  CHECK(p.b.ep->counters().cookies_stale >= 1);
  ExpectEstablished(p);
  p.SaveCapture("stale_cookie");
}

TEST_CASE("Lifecycle: a tampered cookie is dropped silently", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  PacketFilter f;
  f.match = FirstChunkIs(ChunkType::kCookieEcho);
  f.action = FilterAction::kHold;
  p.wire.AddFilter(Side::kA, f);
  p.Connect();
  p.RunFor(Duration::Millis(100));
  // Take the held COOKIE ECHO, flip a cookie byte, fix the CRC, inject it.
  REQUIRE(p.wire.held(Side::kA) == 1);
  p.wire.ReleaseHeld(Side::kA, p.now);
  auto d = p.wire.Receive(Side::kB, p.now);
  REQUIRE(d);
  std::vector<uint8_t> bytes(d->bytes.begin(), d->bytes.end());
  bytes[12 + 4 + 20] ^= 0x01;
  crc::WriteSctpChecksum(bytes);
  uint64_t sent_before = p.wire.counters(Side::kB).sent;
  p.InjectTo(p.b, p.a, bytes);
  CHECK(p.b.ep->counters().cookies_bad_mac == 1);
  CHECK(p.b.ep->association_count() == 0);
  CHECK(p.wire.counters(Side::kB).sent == sent_before);  // no answer at all
}

TEST_CASE("Lifecycle: simultaneous shutdown from both sides", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  auto id = Establish(p);
  auto idb = p.b.events.front().id;
  REQUIRE(p.a.ep->Shutdown(p.now, *id));
  REQUIRE(p.b.ep->Shutdown(p.now, idb));
  p.RunFor(Duration::Seconds(2));
  CHECK(p.a.Count(EventType::kShutdownComplete) == 1);
  CHECK(p.b.Count(EventType::kShutdownComplete) == 1);
  ExpectAllReclaimed(p);
  p.SaveCapture("simultaneous_shutdown");
}

TEST_CASE("Lifecycle: shutdown from the passive side with data still in flight", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  auto id = Establish(p);
  auto idb = p.b.events.front().id;
  // B sends data, loses the first packet, and shuts down at once: the
  // SHUTDOWN waits until the data is acknowledged (§9.2).
  DropFirst(p, Side::kB, ChunkType::kData);
  std::vector<uint8_t> m = Message(500, 4);
  REQUIRE(p.b.ep->Send(p.now, idb, {StreamId(0), Ppid(0), false}, m) == assoc::SendError::kNone);
  REQUIRE(p.b.ep->Shutdown(p.now, idb));
  CHECK(p.b.Only()->state() == State::kShutdownPending);
  CHECK(p.b.ep->Send(p.now, idb, {StreamId(0), Ppid(0), false}, m) ==
        assoc::SendError::kNotConnected);
  p.RunFor(Duration::Seconds(5));
  CHECK(p.a.Count(EventType::kDataArrive) == 1);
  CHECK(p.a.Count(EventType::kShutdownComplete) == 1);
  CHECK(p.b.Count(EventType::kShutdownComplete) == 1);
  (void)id;
}

TEST_CASE("Lifecycle: lost SHUTDOWN ACK is retransmitted on T2", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  auto id = p.Connect();
  p.RunFor(Duration::Millis(100));
  DropFirst(p, Side::kB, ChunkType::kShutdownAck);
  REQUIRE(p.a.ep->Shutdown(p.now, *id));
  p.RunFor(Duration::Seconds(5));
  CHECK(p.a.Count(EventType::kShutdownComplete) == 1);
  CHECK(p.b.Count(EventType::kShutdownComplete) == 1);
}

TEST_CASE("Lifecycle: lost SHUTDOWN COMPLETE; the OOTB SHUTDOWN ACK is answered (§8.4 rule 5)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  auto id = p.Connect();
  p.RunFor(Duration::Millis(100));
  DropFirst(p, Side::kA, ChunkType::kShutdownComplete);
  REQUIRE(p.a.ep->Shutdown(p.now, *id));
  p.RunFor(Duration::Seconds(5));
  CHECK(p.a.Count(EventType::kShutdownComplete) == 1);
  // B's SHUTDOWN ACK retransmission met no TCB at A: SHUTDOWN COMPLETE, T bit.
  CHECK(p.a.ep->counters().ootb_shutdown_completes_sent == 1);
  CHECK(p.b.Count(EventType::kShutdownComplete) == 1);
  ExpectAllReclaimed(p);
}

TEST_CASE("Lifecycle: ABORT in every state of the active side", "[scenario]") {
  for (State target : {State::kCookieWait, State::kCookieEchoed, State::kEstablished,
                       State::kShutdownPending, State::kShutdownSent}) {
    DYNAMIC_SECTION("abort in " << assoc::StateName(target)) {
      EndpointPair p;
      CleanAtEnd clean(p);
      if (target == State::kCookieEchoed) {
        PacketFilter f;
        f.match = FirstChunkIs(ChunkType::kCookieEcho);
        f.action = FilterAction::kHold;
        p.wire.AddFilter(Side::kA, f);
      }
      auto id = p.Connect();
      if (target != State::kCookieWait) p.RunFor(Duration::Millis(100));
      if (target == State::kShutdownPending || target == State::kShutdownSent) {
        if (target == State::kShutdownPending) {
          DropFirst(p, Side::kA, ChunkType::kData);
          std::vector<uint8_t> m = Message(10, 0);
          REQUIRE(p.a.ep->Send(p.now, *id, {StreamId(0), Ppid(0), false}, m) == assoc::SendError::kNone);
        } else {
          DropFirst(p, Side::kA, ChunkType::kShutdown);
        }
        REQUIRE(p.a.ep->Shutdown(p.now, *id));
      }
      REQUIRE(p.a.Only()->state() == target);
      std::vector<uint8_t> reason = {'b', 'y', 'e'};
      REQUIRE(p.a.ep->Abort(p.now, *id, reason));
      p.RunFor(Duration::Seconds(1));
      CHECK(p.a.ep->association_count() == 0);
      if (target != State::kCookieWait && target != State::kCookieEchoed) {
        auto lost = p.b.Last(EventType::kCommunicationLost);
        REQUIRE(lost);
        CHECK(lost->event.error_cause ==
              static_cast<uint16_t>(wire::ErrorCauseCode::kUserInitiatedAbort));
      }
      ExpectAllReclaimed(p);
    }
  }
}

TEST_CASE("Lifecycle: ABORT in SHUTDOWN-RECEIVED and SHUTDOWN-ACK-SENT", "[scenario]") {
  for (State target : {State::kShutdownReceived, State::kShutdownAckSent}) {
    DYNAMIC_SECTION("abort in " << assoc::StateName(target)) {
      EndpointPair p;
      CleanAtEnd clean(p);
      auto id = Establish(p);
      auto idb = p.b.events.front().id;
      if (target == State::kShutdownReceived) {
        // B's data is lost, so B cannot finish the shutdown A asks for.
        DropFirst(p, Side::kB, ChunkType::kData, loopback::kUnlimited);
        std::vector<uint8_t> m = Message(10, 0);
        REQUIRE(p.b.ep->Send(p.now, idb, {StreamId(0), Ppid(0), false}, m) ==
                assoc::SendError::kNone);
      } else {
        PacketFilter hold;
        hold.match = FirstChunkIs(ChunkType::kShutdownAck);
        hold.action = FilterAction::kHold;
        hold.count = loopback::kUnlimited;
        p.wire.AddFilter(Side::kB, hold);
      }
      REQUIRE(p.a.ep->Shutdown(p.now, *id));
      p.RunFor(Duration::Millis(50));
      REQUIRE(p.b.Only()->state() == target);
      REQUIRE(p.b.ep->Abort(p.now, idb));
      p.RunFor(Duration::Millis(100));
      auto lost = p.a.Last(EventType::kCommunicationLost);
      REQUIRE(lost);
      CHECK(lost->event.reason == assoc::LossReason::kAbortReceived);
      CHECK(p.a.ep->association_count() == 0);
      CHECK(p.b.ep->association_count() == 0);
    }
  }
}

TEST_CASE("Lifecycle: ABORT with a wrong tag is discarded; T bit with the peer's tag accepted (§8.5.1 B)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  Establish(p);
  VerificationTag b_tag = p.b.Only()->local_tag();
  VerificationTag a_tag = p.a.Only()->local_tag();
  auto wrong = Packet(VerificationTag(b_tag.value() + 1), [](wire::WireWriter& w) {
    return wire::AbortChunk::SerializeTo(w, false, {});
  });
  p.InjectTo(p.b, p.a, wrong);
  CHECK(p.b.Only()->state() == State::kEstablished);
  auto t_wrong = Packet(b_tag, [](wire::WireWriter& w) {
    return wire::AbortChunk::SerializeTo(w, true, {});
  });
  p.InjectTo(p.b, p.a, t_wrong);  // T bit but our tag: not the peer's tag
  CHECK(p.b.Only()->state() == State::kEstablished);
  auto t_right = Packet(a_tag, [](wire::WireWriter& w) {
    return wire::AbortChunk::SerializeTo(w, true, {});
  });
  p.InjectTo(p.b, p.a, t_right);
  CHECK(p.b.Count(EventType::kCommunicationLost) == 1);
  CHECK(p.b.ep->association_count() == 0);
}

TEST_CASE("Lifecycle: out-of-the-blue packets (§8.4)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  auto expect_reply = [&](ChunkType type, VerificationTag vtag, bool t_bit) {
    auto d = p.wire.Receive(Side::kA, p.now + Duration::Seconds(1));
    REQUIRE(d);
    CHECK(loopback::FirstChunkType(d->bytes) == type);
    CHECK(LoadBe32(d->bytes.data() + 4) == vtag.value());
    CHECK(((d->bytes[13] & 1) != 0) == t_bit);
    CHECK(crc::VerifySctpChecksum(buf::PacketView(d->bytes)) == crc::ChecksumVerdict::kGood);
  };
  SECTION("DATA gets ABORT with the T bit and the packet's tag (rule 8)") {
    auto pkt = Packet(VerificationTag(0xabcdef), [](wire::WireWriter& w) {
      uint8_t x = 1;
      return wire::DataChunk::SerializeTo(w, Tsn(1), StreamId(0), Ssn(0), Ppid(0),
                                          std::span(&x, 1), {});
    });
    p.InjectTo(p.b, p.a, pkt);
    expect_reply(ChunkType::kAbort, VerificationTag(0xabcdef), true);
  }
  SECTION("SHUTDOWN ACK gets SHUTDOWN COMPLETE with the T bit (rule 5)") {
    auto pkt = Packet(VerificationTag(0x77), [](wire::WireWriter& w) {
      return wire::ShutdownAckChunk::SerializeTo(w);
    });
    p.InjectTo(p.b, p.a, pkt);
    expect_reply(ChunkType::kShutdownComplete, VerificationTag(0x77), true);
  }
  SECTION("ABORT, SHUTDOWN COMPLETE and COOKIE ACK are discarded (rules 2, 6, 7)") {
    for (uint8_t type : {6, 14, 11}) {
      auto pkt = Packet(VerificationTag(0x77), [&](wire::WireWriter& w) {
        std::span<uint8_t> c = w.Append(4);
        c[0] = type;
        c[3] = 4;
        return true;
      });
      p.InjectTo(p.b, p.a, pkt);
    }
    CHECK(p.wire.counters(Side::kB).sent == 0);
    CHECK(p.b.ep->counters().ootb_discarded == 3);
  }
  SECTION("INIT to a port nobody listens on gets ABORT with the INIT's tag (rule 3)") {
    auto pkt = InitPacket(0x5555);
    p.InjectTo(p.b, p.a, pkt);
    expect_reply(ChunkType::kAbort, VerificationTag(0x5555), false);
  }
  SECTION("from a multicast source: silently discarded (rule 1)") {
    auto pkt = Packet(VerificationTag(0xabcdef), [](wire::WireWriter& w) {
      return wire::ShutdownAckChunk::SerializeTo(w);
    });
    buf::PacketView view{std::span<const uint8_t>(pkt)};
    p.b.ep->HandlePacket(p.now, PacketAddresses{IpAddress::V4(224, 0, 0, 1), p.b.address}, view);
    CHECK(p.wire.counters(Side::kB).sent == 0);
    CHECK(p.b.ep->counters().non_unicast_discarded == 1);
  }
}

TEST_CASE("Lifecycle: INIT with OS 0 is answered with ABORT Invalid Mandatory Parameter", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  (void)p.b.ep->Listen(EndpointPair::kPort);
  auto pkt = InitPacket(0x99, 0);
  p.InjectTo(p.b, p.a, pkt);
  auto d = p.wire.Receive(Side::kA, p.now + Duration::Seconds(1));
  REQUIRE(d);
  CHECK(loopback::FirstChunkType(d->bytes) == ChunkType::kAbort);
  CHECK(LoadBe32(d->bytes.data() + 4) == 0x99);
  CHECK(LoadBe16(d->bytes.data() + 16) ==
        static_cast<uint16_t>(wire::ErrorCauseCode::kInvalidMandatoryParameter));
  CHECK(p.b.ep->association_count() == 0);
}

TEST_CASE("Lifecycle: association limit answers INIT with ABORT Out of Resource", "[scenario]") {
  endpoint::EndpointOptions o = EndpointPair::DefaultOptions();
  o.max_associations = 1;
  EndpointPair p(o);
  CleanAtEnd clean(p);
  Establish(p);
  auto pkt = InitPacket(0x42);
  buf::PacketView view{std::span<const uint8_t>(pkt)};
  p.b.ep->HandlePacket(p.now, PacketAddresses{IpAddress::V4(10, 0, 0, 9), p.b.address}, view);
  auto d = p.wire.Receive(Side::kA, p.now + Duration::Seconds(1));
  REQUIRE(d);
  CHECK(loopback::FirstChunkType(d->bytes) == ChunkType::kAbort);
  CHECK(LoadBe16(d->bytes.data() + 16) ==
        static_cast<uint16_t>(wire::ErrorCauseCode::kOutOfResource));
  CHECK(p.b.ep->counters().association_limit_hits == 1);
}

TEST_CASE("Lifecycle: an INIT flood keeps no state", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  (void)p.b.ep->Listen(EndpointPair::kPort);
  for (uint32_t i = 1; i <= 10000; ++i) {
    auto pkt = InitPacket(i);
    buf::PacketView view{std::span<const uint8_t>(pkt)};
    p.b.ep->HandlePacket(p.now, PacketAddresses{IpAddress::V4(10, 1, i >> 8, i & 0xff), p.b.address}, view);
  }
  CHECK(p.b.ep->counters().init_acks_sent == 10000);
  CHECK(p.b.ep->association_count() == 0);
}

TEST_CASE("Lifecycle: Association.Max.Retrans exceeded ends the association", "[scenario]") {
  endpoint::EndpointOptions o = EndpointPair::DefaultOptions();
  o.assoc.association_max_retrans = 3;
  o.assoc.rto_max = Duration::Seconds(2);
  EndpointPair p(o);
  CleanAtEnd clean(p);
  auto id = Establish(p);
  DropFirst(p, Side::kA, ChunkType::kData, loopback::kUnlimited);
  std::vector<uint8_t> m = Message(100, 2);
  REQUIRE(p.a.ep->Send(p.now, *id, {StreamId(0), Ppid(0), false}, m) == assoc::SendError::kNone);
  p.RunFor(Duration::Seconds(30));
  auto lost = p.a.Last(EventType::kCommunicationLost);
  REQUIRE(lost);
  CHECK(lost->event.reason == assoc::LossReason::kMaxRetransmissions);
  CHECK(p.a.Count(EventType::kSendFailure) == 1);
  // A told B with an ABORT.
  CHECK(p.b.Count(EventType::kCommunicationLost) == 1);
  ExpectAllReclaimed(p);
}

TEST_CASE("Lifecycle: unacknowledged messages can be taken back after failure (§10.1 Q)", "[scenario]") {
  endpoint::EndpointOptions o = EndpointPair::DefaultOptions();
  o.assoc.association_max_retrans = 1;
  o.keep_closed_associations = true;
  EndpointPair p(o);
  CleanAtEnd clean(p);
  auto id = p.Connect();
  p.RunFor(Duration::Millis(100));
  DropFirst(p, Side::kA, ChunkType::kData, loopback::kUnlimited);
  std::vector<uint8_t> m = Message(2000, 5);
  REQUIRE(p.a.ep->Send(p.now, *id, {StreamId(2), Ppid(9), false}, m) == assoc::SendError::kNone);
  p.RunFor(Duration::Seconds(30));
  assoc::Association* a = p.a.ep->Find(*id);
  REQUIRE(a != nullptr);
  REQUIRE(a->closed());
  std::vector<uint8_t> back(4096);
  auto r = a->ReceiveUnacknowledged(back);
  REQUIRE(r);
  CHECK(r->length == m.size());
  CHECK(r->ppid == Ppid(9));
  CHECK(std::equal(m.begin(), m.end(), back.begin()));
  CHECK_FALSE(a->ReceiveUnacknowledged(back));
  CHECK(p.a.ep->Release(*id));
  CHECK(p.a.ep->association_count() == 0);
}

TEST_CASE("Lifecycle: heartbeats measure RTT and keep an idle association", "[scenario]") {
  endpoint::EndpointOptions o = EndpointPair::DefaultOptions();
  o.assoc.hb_interval = Duration::Seconds(1);
  EndpointPair p(o);
  CleanAtEnd clean(p);
  p.Connect();
  p.RunFor(Duration::Seconds(10));
  ExpectEstablished(p);
  CHECK(p.a.Only()->counters().heartbeat_acks_received >= 3);
  auto srtt = p.a.Only()->GetSrtt(p.b.address);
  REQUIRE(srtt);
  CHECK(*srtt == Duration::Millis(20));  // two 10 ms hops
}

TEST_CASE("Lifecycle: random loss, duplication and reordering still converge", "[scenario]") {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    DYNAMIC_SECTION("seed " << seed) {
      EndpointPair p(EndpointPair::DefaultOptions(), seed);
      CleanAtEnd clean(p);
      loopback::LinkConfig link;
      link.latency = Duration::Millis(5);
      link.loss = 0.2;
      link.duplicate = 0.1;
      link.reorder = 0.2;
      link.reorder_max_delay = Duration::Millis(30);
      p.wire.set_link(Side::kA, link);
      p.wire.set_link(Side::kB, link);
      auto id = p.Connect();
      REQUIRE(p.RunUntil([&] { return p.a.Count(EventType::kCommunicationUp) == 1 &&
                                      p.b.Count(EventType::kCommunicationUp) == 1; },
                         Duration::Seconds(60)));
      std::vector<uint8_t> m = Message(1200, static_cast<uint8_t>(seed));
      for (int i = 0; i < 5; ++i) {
        REQUIRE(p.a.ep->Send(p.now, *id, {StreamId(0), Ppid(0), false}, m) == assoc::SendError::kNone);
      }
      REQUIRE(p.RunUntil([&] { return p.b.Count(EventType::kDataArrive) == 5; },
                         Duration::Seconds(120)));
      REQUIRE(p.a.ep->Shutdown(p.now, *id));
      REQUIRE(p.RunUntil([&] { return p.a.ep->association_count() == 0 &&
                                      p.b.ep->association_count() == 0; },
                         Duration::Seconds(200)));
      CHECK(p.a.Count(EventType::kCommunicationUp) == 1);
    }
  }
}

TEST_CASE("Lifecycle: duplicate INIT in ESTABLISHED gets an INIT ACK with a new tag, state unchanged (§5.2.2)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  Establish(p);
  VerificationTag b_tag = p.b.Only()->local_tag();
  auto init = InitPacket(0x7777);
  p.InjectTo(p.b, p.a, init);
  auto d = p.wire.Receive(Side::kA, p.now + Duration::Seconds(1));
  REQUIRE(d);
  REQUIRE(loopback::FirstChunkType(d->bytes) == ChunkType::kInitAck);
  CHECK(LoadBe32(d->bytes.data() + 4) == 0x7777);
  uint32_t new_tag = LoadBe32(d->bytes.data() + 16);
  CHECK(new_tag != 0);
  CHECK(new_tag != b_tag.value());
  CHECK(p.b.Only()->state() == State::kEstablished);
  CHECK(p.b.Only()->local_tag() == b_tag);
}

TEST_CASE("Lifecycle: INIT ACK and COOKIE ACK in ESTABLISHED are discarded (§5.2.3, §5.2.5)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  Establish(p);
  VerificationTag b_tag = p.b.Only()->local_tag();
  uint64_t sent = p.wire.counters(Side::kB).sent;
  auto cookie_ack = Packet(b_tag, [](wire::WireWriter& w) {
    std::span<uint8_t> c = w.Append(4);
    c[0] = 11;
    c[3] = 4;
    return true;
  });
  p.InjectTo(p.b, p.a, cookie_ack);
  std::vector<uint8_t> cookie_param = {0, 7, 0, 8, 1, 2, 3, 4};
  auto init_ack = Packet(b_tag, [&](wire::WireWriter& w) {
    wire::InitFields f{VerificationTag(0x1111), 65535, 1, 1, Tsn(1)};
    return wire::InitAckChunk::SerializeTo(w, f, cookie_param);
  });
  p.InjectTo(p.b, p.a, init_ack);
  CHECK(p.wire.counters(Side::kB).sent == sent);
  CHECK(p.b.Only()->state() == State::kEstablished);
  CHECK(p.b.Only()->peer_tag() == p.a.Only()->local_tag());
}

TEST_CASE("Lifecycle: INIT in SHUTDOWN-ACK-SENT retransmits the SHUTDOWN ACK (§9.2)", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  auto id = p.Connect();
  p.RunFor(Duration::Millis(100));
  PacketFilter hold;
  hold.match = FirstChunkIs(ChunkType::kShutdownAck);
  hold.action = FilterAction::kHold;
  hold.count = loopback::kUnlimited;
  p.wire.AddFilter(Side::kB, hold);
  REQUIRE(p.a.ep->Shutdown(p.now, *id));
  p.RunFor(Duration::Millis(50));
  REQUIRE(p.b.Only()->state() == State::kShutdownAckSent);
  auto init = InitPacket(0x2222);
  uint64_t held = p.wire.held(Side::kB);
  p.InjectTo(p.b, p.a, init);
  CHECK(p.wire.held(Side::kB) == held + 1);  // another SHUTDOWN ACK
  CHECK(p.b.Only()->state() == State::kShutdownAckSent);
  p.wire.ClearFilters(Side::kB);
  p.wire.ReleaseHeld(Side::kB, p.now);
  p.RunFor(Duration::Seconds(1));
  CHECK(p.a.Count(EventType::kShutdownComplete) == 1);
  CHECK(p.b.Count(EventType::kShutdownComplete) == 1);
}

TEST_CASE("Lifecycle: ULP primitives (§10.1): status, primary, heartbeat, SRTT, thresholds", "[scenario]") {
  EndpointPair p;
  CleanAtEnd clean(p);
  auto id = Establish(p);
  assoc::Association* a = p.a.ep->Find(*id);
  REQUIRE(a != nullptr);
  assoc::AssocStatus s = a->Status(p.now);
  CHECK(s.state == State::kEstablished);
  CHECK(s.primary == p.b.address);
  CHECK(s.outbound_streams == 16);
  CHECK(s.inbound_streams == 16);
  CHECK(s.peer_rwnd == 16 * 1024);
  CHECK(s.local_tag == a->local_tag());
  CHECK(a->SetPrimary(p.b.address));
  CHECK_FALSE(a->SetPrimary(IpAddress::V4(1, 2, 3, 4)));
  CHECK(a->SetFailureThreshold(p.b.address, 2));
  CHECK(a->paths()[0].max_retrans == 2);
  CHECK(a->ChangeHeartbeat(p.b.address, false, Duration::Seconds(5)));
  CHECK_FALSE(a->GetSrtt(p.b.address));
  REQUIRE(a->RequestHeartbeat(p.now, p.b.address));
  p.RunFor(Duration::Millis(100));
  auto srtt = a->GetSrtt(p.b.address);
  REQUIRE(srtt);
  CHECK(*srtt == Duration::Millis(20));
  assoc::AssocOptions o = a->options();
  o.association_max_retrans = 3;
  a->SetProtocolParameters(o);
  CHECK(a->options().association_max_retrans == 3);
  // Sends on a stream the peer did not grant are refused.
  std::vector<uint8_t> m = Message(10, 0);
  CHECK(p.a.ep->Send(p.now, *id, {StreamId(16), Ppid(0), false}, m) ==
        assoc::SendError::kInvalidStream);
  CHECK(p.a.ep->Send(p.now, *id, {StreamId(0), Ppid(0), false}, {}) ==
        assoc::SendError::kEmpty);
  // A stale id is refused after the association is gone.
  REQUIRE(p.a.ep->Abort(p.now, *id));
  CHECK(p.a.ep->Find(*id) == nullptr);
  CHECK(p.a.ep->Send(p.now, *id, {StreamId(0), Ppid(0), false}, m) ==
        assoc::SendError::kNotConnected);
}

TEST_CASE("Lifecycle: DATA on an invalid stream gets ERROR Invalid Stream Identifier (§6.5)", "[scenario]") {
  endpoint::EndpointOptions oa = EndpointPair::DefaultOptions();
  endpoint::EndpointOptions ob = EndpointPair::DefaultOptions();
  ob.assoc.max_inbound_streams = 2;
  EndpointPair p(oa, ob, 1);
  CleanAtEnd clean(p);
  auto id = Establish(p);
  CHECK(p.a.Only()->Status(p.now).outbound_streams == 2);
  VerificationTag b_tag = p.b.Only()->local_tag();
  Tsn tsn = p.b.Only()->Status(p.now).peer_cumulative_tsn;
  auto data = Packet(b_tag, [&](wire::WireWriter& w) {
    uint8_t x = 1;
    return wire::DataChunk::SerializeTo(w, Tsn(tsn.value() + 1), StreamId(5), Ssn(0),
                                        Ppid(0), std::span(&x, 1), {});
  });
  p.InjectTo(p.b, p.a, data);
  p.RunFor(Duration::Millis(300));
  CHECK(p.a.Count(EventType::kCommunicationError) == 1);
  CHECK(p.a.Last(EventType::kCommunicationError)->event.error_cause ==
        static_cast<uint16_t>(wire::ErrorCauseCode::kInvalidStreamIdentifier));
  // The TSN was acknowledged all the same.
  CHECK(p.b.Only()->Status(p.now).peer_cumulative_tsn == Tsn(tsn.value() + 1));
  (void)id;
}

TEST_CASE("Lifecycle: the cookie key rotates on schedule; the previous key is still accepted (§5.1.3)", "[scenario]") {
  endpoint::EndpointOptions o = EndpointPair::DefaultOptions();
  o.cookie_key_rotation = Duration::Seconds(10);
  o.assoc.valid_cookie_life = Duration::Seconds(60);
  for (int rotations : {1, 2}) {
    DYNAMIC_SECTION(rotations << " rotation(s) while the COOKIE ECHO is held") {
      EndpointPair p(o);
      CleanAtEnd clean(p);
      PacketFilter hold;
      hold.match = FirstChunkIs(ChunkType::kCookieEcho);
      hold.action = FilterAction::kHold;
      p.wire.AddFilter(Side::kA, hold);
      p.b.ep->HandleTimeouts(p.now);  // starts B's schedule
      p.Connect();
      p.RunFor(Duration::Millis(100));
      REQUIRE(p.wire.held(Side::kA) == 1);
      // A's T1-cookie retransmissions would be held too: stop them.
      p.wire.ClearFilters(Side::kA);
      p.b.ep->HandleTimeouts(p.now + Duration::Seconds(10) * rotations);
      CHECK(p.b.ep->cookie_key_rotations() == static_cast<uint64_t>(rotations));
      uint64_t bad_mac = p.b.ep->counters().cookies_bad_mac;
      p.wire.ReleaseHeld(Side::kA, p.now);
      auto d = p.wire.Receive(Side::kB, p.now + Duration::Millis(20));
      REQUIRE(d);
      std::vector<uint8_t> bytes(d->bytes.begin(), d->bytes.end());
      p.InjectTo(p.b, p.a, bytes);
      if (rotations == 1) {
        CHECK(p.b.ep->association_count() == 1);  // previous key accepted
      } else {
        CHECK(p.b.ep->association_count() == 0);  // key forgotten: bad MAC
        CHECK(p.b.ep->counters().cookies_bad_mac == bad_mac + 1);
      }
    }
  }
}

TEST_CASE("Lifecycle: handshake, message and shutdown over IPv6", "[scenario]") {
  EndpointPair p(EndpointPair::DefaultOptions(), EndpointPair::DefaultOptions(), 1,
                 /*ipv6=*/true);
  CleanAtEnd clean(p);
  auto id = p.Connect();
  REQUIRE(id);
  p.RunFor(Duration::Millis(100));
  ExpectEstablished(p);
  CHECK(p.a.Only()->paths()[0].address == EndpointPair::V6(2));
  CHECK(p.b.Only()->paths()[0].address == EndpointPair::V6(1));
  std::vector<uint8_t> m = Message(2000, 3);
  REQUIRE(p.a.ep->Send(p.now, *id, {StreamId(0), Ppid(0x10203), false}, m) ==
          assoc::SendError::kNone);
  p.RunFor(Duration::Millis(300));
  CHECK(p.b.Count(EventType::kDataArrive) == 1);
  REQUIRE(p.a.ep->Shutdown(p.now, *id));
  p.RunFor(Duration::Seconds(1));
  CHECK(p.a.Count(EventType::kShutdownComplete) == 1);
  CHECK(p.b.Count(EventType::kShutdownComplete) == 1);
  CHECK(p.wire.capture_skipped() == 0);
  p.SaveCapture("ipv6_handshake_shutdown");
}

}  // namespace
}  // namespace dpsctp
