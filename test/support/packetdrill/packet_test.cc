// Packets in both directions: BuildInjectPacket (inject_builder.h) and
// MatchExpectedPacket (expect_matcher.h).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "buf/packet_view.h"
#include "crc/crc32c.h"
#include "test/support/bytes.h"
#include "test/support/packetdrill/expect_matcher.h"
#include "test/support/packetdrill/inject_builder.h"
#include "test/support/packetdrill/script_parser.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/data_chunk.h"
#include "wire/chunk/forward_tsn_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk/init_chunk.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/chunk/shutdown_complete_chunk.h"
#include "wire/common_header.h"
#include "wire/error_cause/invalid_mandatory_parameter_cause.h"
#include "wire/packet_builder.h"
#include "wire/packet_parser.h"
#include "wire/parameter/state_cookie_parameter.h"
#include "wire/parameter/supported_extensions_parameter.h"

namespace dpsctp::packetdrill {
namespace {

using Bytes = std::vector<uint8_t>;
using dpsctp::test::Hex;
using dpsctp::test::ToHex;

// The packet of a one-line script (`+0 < sctp: ...` or `+0 > sctp: ...`).
PacketEvent Line(const std::string& text) {
  auto script = ParseScript("+0.0 " + text);
  INFO(text);
  REQUIRE(script.has_value());
  REQUIRE(script->events.size() == 1);
  REQUIRE(script->events[0].packet() != nullptr);
  return *script->events[0].packet();
}

Bytes Build(const std::string& text, const TesterState& state = {}) {
  auto built = BuildInjectPacket(Line(text), state, Ports{});
  INFO(text << ": " << (built ? "" : built.error()));
  REQUIRE(built.has_value());
  return built->bytes;
}

template <typename Serialize>
Bytes Chunk(Serialize&& serialize) {
  Bytes buffer(2048);
  wire::WireWriter w(buffer);
  REQUIRE(serialize(w));
  buffer.resize(w.size());
  return buffer;
}

// A packet as the SUT would send it: SUT port to tester port.
Bytes SutPacket(uint32_t tag, const std::vector<Bytes>& chunks,
                Ports ports = {}) {
  Bytes buffer(4096);
  wire::PacketBuilder builder(
      buffer,
      wire::CommonHeader{ports.sut, ports.tester, VerificationTag(tag), 0},
      buffer.size());
  for (const Bytes& c : chunks) {
    REQUIRE(builder.TryAddBytes(c));
  }
  auto packet = builder.Finish(crc::TxChecksumMode::kSoftware);
  return Bytes(packet.begin(), packet.end());
}

constexpr uint32_t kSutTag = 0x1234abcd;
constexpr uint32_t kSutTsn = 1000;

Bytes SutInitAck(uint32_t initiate_tag, uint32_t tsn, uint16_t os = 1) {
  Bytes params = Chunk([](wire::WireWriter& w) {
    return wire::StateCookieParameter::SerializeTo(w, Hex("c0 01 e5"));
  });
  wire::InitFields f{VerificationTag(initiate_tag), 65536, os, 1, Tsn(tsn)};
  return Chunk([&](wire::WireWriter& w) {
    return wire::InitAckChunk::SerializeTo(w, f, params);
  });
}

Bytes SutData(uint32_t tsn, size_t length) {
  Bytes payload(length, 0);
  return Chunk([&](wire::WireWriter& w) {
    return wire::DataChunk::SerializeTo(w, Tsn(tsn), StreamId(0), Ssn(0),
                                        Ppid(0), payload,
                                        wire::DataChunk::Flags{});
  });
}

// The tester has sent INIT tag=1 and the SUT answered with tag kSutTag and
// TSN kSutTsn, which the script called 2 and 1.
TesterState AfterPassiveHandshake() {
  TesterState s;
  s.tester_tags = {1};
  s.last_init_tag = 1;
  s.last_injected_tag = kSutTag;
  s.sut_tag = kSutTag;
  s.sut_tag_binding = ValueBinding{2, kSutTag};
  s.sut_tsn_binding = ValueBinding{1, kSutTsn};
  s.cookie = Hex("c0 01 e5");
  return s;
}

TEST_CASE("InjectBuilder: an INIT with parameters, byte for byte", "[fast]") {
  Bytes p = Build(
      "< sctp: INIT[flgs=0, tag=1, a_rwnd=1500, os=1, is=1, tsn=0, "
      "COOKIE_PRESERVATIVE[incr=12345], "
      "SUPPORTED_ADDRESS_TYPES[types=[IPv4, IPv6]], "
      "IPV4_ADDRESS[addr=1.1.1.1]]");
  // Ports 45000 > 8080, tag 0 (INIT), then the checksum.
  CHECK(ToHex(std::span(p).first(8)) == "afc81f9000000000");
  CHECK(crc::VerifySctpChecksum(buf::PacketView(p)) ==
        crc::ChecksumVerdict::kGood);
  CHECK(ToHex(std::span(p).subspan(12)) ==
        "0100002c"                  // INIT, length 44
        "00000001000005dc00010001"  // tag, a_rwnd, os, is
        "00000000"                  // initial TSN
        "0009000800003039"          // Cookie Preservative 12345
        "000c000800050006"          // Supported Address Types IPv4, IPv6
        "0005000801010101");        // IPv4 Address 1.1.1.1
}

TEST_CASE("InjectBuilder: DATA carries len - 16 bytes of user data", "[fast]") {
  Bytes p =
      Build("< sctp: DATA[flgs=BE, len=1016, tsn=7, sid=2, ssn=3, ppid=4]");
  REQUIRE(p.size() == 12 + 1016);
  CHECK(ToHex(std::span(p).subspan(12, 16)) ==
        "000303f8000000070002000300000004");

  // Deliberately empty (RFC 9260 §6.2, sctp-d-i-8-11): lib/wire refuses to
  // serialize it, so the builder writes it raw.
  Bytes empty =
      Build("< sctp: DATA[flgs=BE, len=16, tsn=1, sid=0, ssn=0, ppid=0]");
  CHECK(ToHex(std::span(empty).subspan(12)) ==
        "00030010"
        "00000001"
        "00000000"
        "00000000");
}

TEST_CASE("InjectBuilder: the SUT's TSNs are remapped, the tester's not",
          "[fast]") {
  TesterState state = AfterPassiveHandshake();
  // cum_tsn=1 acknowledges the SUT's first DATA chunk: live TSN 1000.
  Bytes sack = Build(
      "< sctp: SACK[flgs=0, cum_tsn=1, a_rwnd=1500, gaps=[2:2], dups=[2]]",
      state);
  auto view = wire::SackChunk::Parse(std::span(sack).subspan(12));
  REQUIRE(view.has_value());
  CHECK(view->cumulative_tsn_ack() == Tsn(kSutTsn));
  CHECK(view->gap_ack_block(0) == wire::SackChunk::GapAckBlock{2, 2});
  CHECK(view->duplicate_tsn(0) == Tsn(kSutTsn + 1));

  Bytes data = Build(
      "< sctp: DATA[flgs=BE, len=17, tsn=5, sid=0, ssn=0, ppid=0]", state);
  CHECK(wire::DataChunk::Parse(std::span(data).subspan(12, 17))->tsn() ==
        Tsn(5));
}

TEST_CASE("InjectBuilder: verification tags follow packetdrill's rules",
          "[fast]") {
  TesterState state = AfterPassiveHandshake();
  auto tag = [&](const std::string& line) {
    auto built = BuildInjectPacket(Line(line), state, Ports{});
    REQUIRE(built.has_value());
    return wire::CommonHeader::Parse(built->bytes)->verification_tag.value();
  };
  CHECK(tag("< sctp: COOKIE_ACK[flgs=0]") == kSutTag);
  CHECK(tag("< sctp: INIT[flgs=0, tag=9, a_rwnd=1, os=1, is=1, tsn=1]") == 0);
  // A generic chunk of type INIT counts as an INIT.
  CHECK(tag("< sctp: CHUNK[type=0x01, flgs=0, len=8, "
            "val=[1, 2, 3, 4]]") == 0);
  // T bit: the tester's own tag.
  CHECK(tag("< sctp: ABORT[flgs=T]") == 1);
  CHECK(tag("< sctp: SHUTDOWN_COMPLETE[flgs=T]") == 1);
  // Explicit tags are script values of the SUT's tag (2 is kSutTag).
  CHECK(tag("< sctp(tag=2): SHUTDOWN_ACK[flgs=0]") == kSutTag);
  CHECK(tag("< sctp(tag=3): SHUTDOWN_ACK[flgs=0]") == kSutTag + 1);
  CHECK(tag("< sctp(tag=0): SHUTDOWN_ACK[flgs=0]") == 0);

  auto init = BuildInjectPacket(
      Line("< sctp: INIT[flgs=0, tag=9, a_rwnd=1, os=1, is=1, tsn=1]"), state,
      Ports{});
  CHECK(init->init_tag == 9u);
  CHECK_FALSE(init->init_ack_tag.has_value());

  // Raw bytes announce a tag too, if they hold a well-formed INIT ACK.
  auto raw_ack = BuildInjectPacket(
      Line("< sctp: [0x02, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x07, 0x00, "
           "0x00, 0x05, 0xdc, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, "
           "0x01]"),
      state, Ports{});
  CHECK(raw_ack->init_ack_tag == 7u);
  auto short_init = BuildInjectPacket(
      Line("< sctp: CHUNK[type=INIT, flgs=0, len=8, val=[1, 2, 3, 4]]"), state,
      Ports{});
  CHECK_FALSE(short_init->init_tag.has_value());
}

TEST_CASE("InjectBuilder: echoes the cookie and the heartbeat info", "[fast]") {
  TesterState state = AfterPassiveHandshake();
  Bytes echo = Build("< sctp: COOKIE_ECHO[flgs=0, len=..., val=...]", state);
  CHECK(ToHex(std::span(echo).subspan(12)) == "0a000007c001e500");

  state.heartbeat_info = Hex("0001 0008 01020304");
  Bytes ack = Build(
      "< sctp: HEARTBEAT_ACK[flgs=0, HEARTBEAT_INFORMATION[len=..., val=...]]",
      state);
  CHECK(ToHex(std::span(ack).subspan(12)) == "0500000c0001000801020304");

  auto no_cookie =
      BuildInjectPacket(Line("< sctp: COOKIE_ECHO[flgs=0, len=..., val=...]"),
                        TesterState{}, Ports{});
  REQUIRE_FALSE(no_cookie.has_value());
  CHECK_THAT(no_cookie.error(), Catch::Contains("no INIT ACK"));
}

TEST_CASE("InjectBuilder: malformed on purpose, as written", "[fast]") {
  // A Length that disagrees with the value (sctp-dm-o-4-8).
  Bytes bad_len = Build("< sctp: COOKIE_ECHO[flgs=0, len=16, val=[1, 2, 3, 4]]",
                        AfterPassiveHandshake());
  CHECK(ToHex(std::span(bad_len).subspan(12)) == "0a00001001020304");

  // Raw bytes after the common header (sctp-imh-i-3-8).
  Bytes raw = Build("< sctp(tag=0): [0x01, 0x00, 0x00, 0x60]");
  CHECK(ToHex(std::span(raw).subspan(12)) == "01000060");
  CHECK_FALSE(wire::ParsePacket(buf::PacketView(raw)).has_value());

  Bytes bad_crc = Build("< sctp(bad_crc32c): COOKIE_ACK[flgs=0]");
  CHECK(crc::VerifySctpChecksum(buf::PacketView(bad_crc)) ==
        crc::ChecksumVerdict::kBad);

  // An unknown chunk type with an odd length gets padded.
  Bytes unknown = Build(
      "< sctp: CHUNK[type=0xEF, flgs=0, len=5, val=[0x01]]; "
      "DATA[flgs=BE, len=17, tsn=1, sid=0, ssn=0, ppid=0]");
  CHECK(ToHex(std::span(unknown).subspan(12, 8)) == "ef00000501000000");
}

TEST_CASE("InjectBuilder: nested parameters and causes", "[fast]") {
  Bytes p = Build(
      "< sctp: ERROR[flgs=0, "
      "UNRECOGNIZED_PARAMETERS[params=[PARAMETER[type=0xc000, len=4, "
      "val=[]]]], "
      "STALE_COOKIE_ERROR[staleness=1000000], "
      "USER_INITIATED_ABORT[info=\"ab\"]]",
      AfterPassiveHandshake());
  CHECK(ToHex(std::span(p).subspan(12)) ==
        // Length 26: the last cause's padding does not count (§3.2).
        "0900001a"
        "00080008c0000004"  // Unrecognized Parameters: FORWARD-TSN-SUPPORTED
        "00030008000f4240"  // Stale Cookie, 1 s
        "000c00066162"      // User-Initiated Abort "ab" ...
        "0000");            // ... and its padding
}

TEST_CASE("InjectBuilder: unknown names and bad values are errors", "[fast]") {
  auto error = [](const std::string& line) {
    auto built =
        BuildInjectPacket(Line(line), AfterPassiveHandshake(), Ports{});
    REQUIRE_FALSE(built.has_value());
    return built.error();
  };
  CHECK_THAT(error("< sctp: FOO[flgs=0]"), Catch::Contains("unknown chunk"));
  CHECK_THAT(error("< sctp: SACK[flgs=0, cumtsn=1]"),
             Catch::Contains("no field 'cumtsn'"));
  CHECK_THAT(error("< sctp: DATA[flgs=X, len=20, tsn=1, sid=0, ssn=0, "
                   "ppid=0]"),
             Catch::Contains("no flag 'X'"));
  CHECK_THAT(error("< sctp: DATA[flgs=BE, tsn=1, sid=0, ssn=0, ppid=0]"),
             Catch::Contains("len is required"));
  CHECK_THAT(error("< sctp: INIT[flgs=0, tag=1, a_rwnd=1, os=1, is=1, "
                   "tsn=1, IPV4_ADDRESS[addr=1.2.3]]"),
             Catch::Contains("not an IPv4 address"));
  CHECK_THAT(error("< sctp(foo=1): COOKIE_ACK[flgs=0]"),
             Catch::Contains("sctp(foo=1)"));
}

TEST_CASE("ExpectMatcher: binds the SUT's tag and TSN on its INIT ACK",
          "[fast]") {
  TesterState state;
  state.tester_tags = {1};
  state.last_init_tag = 1;
  PacketEvent e = Line(
      "> sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=..., os=..., is=..., tsn=1, "
      "...]");
  MatchResult r = MatchExpectedPacket(
      e, SutPacket(1, {SutInitAck(kSutTag, kSutTsn)}), state, Ports{});
  INFO(r.message);
  REQUIRE(r.matched());
  CHECK(state.sut_tag == kSutTag);
  CHECK(state.sut_tag_binding->ToLive(2) == kSutTag);
  CHECK(state.sut_tsn_binding->ToLive(3) == kSutTsn + 2);
  CHECK(state.cookie == Hex("c0 01 e5"));

  // Later script values are translated: tsn=1 is live TSN 1000.
  PacketEvent data =
      Line("> sctp: DATA[flgs=BE, len=20, tsn=1, sid=0, ssn=0, ppid=0]");
  CHECK(MatchExpectedPacket(data, SutPacket(1, {SutData(kSutTsn, 4)}), state,
                            Ports{})
            .matched());
  MatchResult wrong = MatchExpectedPacket(
      data, SutPacket(1, {SutData(kSutTsn + 1, 4)}), state, Ports{});
  CHECK(wrong.status == MatchResult::Status::kMismatch);
  CHECK_THAT(wrong.message, Catch::Contains("DATA: tsn: expected 1, got 2"));
}

TEST_CASE("ExpectMatcher: reports the field that differs", "[fast]") {
  TesterState state = AfterPassiveHandshake();
  auto mismatch = [&](const std::string& line, const Bytes& packet) {
    TesterState before = state;
    MatchResult r = MatchExpectedPacket(Line(line), packet, state, Ports{});
    CHECK(r.status == MatchResult::Status::kMismatch);
    // A failed match binds and learns nothing.
    CHECK(state.sut_tsn_binding->live == before.sut_tsn_binding->live);
    return r.message;
  };
  Bytes init_ack = SutPacket(1, {SutInitAck(kSutTag, kSutTsn, 2)});
  CHECK_THAT(mismatch("> sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=..., os=1, "
                      "is=..., tsn=1, ...]",
                      init_ack),
             Catch::Contains("INIT_ACK: os: expected 1, got 2"));
  CHECK_THAT(mismatch("> sctp: INIT_ACK[flgs=0x01, tag=2, a_rwnd=..., os=..., "
                      "is=..., tsn=1, ...]",
                      init_ack),
             Catch::Contains("flgs: expected 0x1, got 0x0"));
  CHECK_THAT(mismatch("> sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=..., os=..., "
                      "is=..., tsn=1]",
                      init_ack),
             Catch::Contains("parameters: expected 0 [], got 1 "
                             "[STATE_COOKIE]"));
  CHECK_THAT(mismatch("> sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=..., os=..., "
                      "is=..., tsn=1, STATE_COOKIE[len=8, val=...]]",
                      init_ack),
             Catch::Contains("STATE_COOKIE: len: expected 8, got 7"));
  CHECK_THAT(mismatch("> sctp: COOKIE_ACK[flgs=0]", init_ack),
             Catch::Contains("expected COOKIE_ACK, got INIT_ACK"));
  CHECK_THAT(mismatch("> sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=..., os=..., "
                      "is=..., tsn=1, ...]; COOKIE_ACK[flgs=0]",
                      init_ack),
             Catch::Contains("expected 2 chunk(s) [INIT_ACK, COOKIE_ACK], "
                             "got 1 [INIT_ACK]"));
}

TEST_CASE("ExpectMatcher: `...` in a parameter list matches any run",
          "[fast]") {
  TesterState state = AfterPassiveHandshake();
  Bytes extensions = Chunk([](wire::WireWriter& w) {
    return wire::SupportedExtensionsParameter::SerializeTo(w, Hex("40 82"));
  });
  Bytes cookie = Chunk([](wire::WireWriter& w) {
    return wire::StateCookieParameter::SerializeTo(w, Hex("01"));
  });
  Bytes params = extensions;
  params.insert(params.end(), cookie.begin(), cookie.end());
  wire::InitFields f{VerificationTag(kSutTag), 1500, 1, 1, Tsn(kSutTsn)};
  Bytes packet =
      SutPacket(1, {Chunk([&](wire::WireWriter& w) {
                  return wire::InitAckChunk::SerializeTo(w, f, params);
                })});
  auto match = [&](const std::string& params_text) {
    return MatchExpectedPacket(
        Line("> sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=1500, os=1, is=1, "
             "tsn=1" +
             params_text + "]"),
        packet, state, Ports{});
  };
  CHECK(match(", ...").matched());
  CHECK(match(", ..., STATE_COOKIE[len=..., val=...]").matched());
  CHECK(
      match(", SUPPORTED_EXTENSIONS[types=[I_DATA, RECONFIG]], ...").matched());
  CHECK(match(", SUPPORTED_EXTENSIONS[types=[I_DATA, RECONFIG]], "
              "STATE_COOKIE[len=5, val=[0x01]]")
            .matched());
  MatchResult missing = match(", ..., HOSTNAME_ADDRESS[addr=\"a\"], ...");
  CHECK_THAT(missing.message,
             Catch::Contains("expected [..., HOSTNAME_ADDRESS, ...], got "
                             "[SUPPORTED_EXTENSIONS, STATE_COOKIE]"));
}

TEST_CASE("ExpectMatcher: checksum, ports and verification tag", "[fast]") {
  TesterState state = AfterPassiveHandshake();
  PacketEvent sack =
      Line("> sctp: SACK[flgs=0, cum_tsn=1, a_rwnd=..., gaps=[], dups=[]]");
  Bytes good =
      SutPacket(1, {Chunk([](wire::WireWriter& w) {
                  return wire::SackChunk::SerializeTo(w, Tsn(1), 1500, {}, {});
                })});
  CHECK(MatchExpectedPacket(sack, good, state, Ports{}).matched());

  Bytes bad_crc = good;
  bad_crc[9] ^= 1;
  CHECK_THAT(MatchExpectedPacket(sack, bad_crc, state, Ports{}).message,
             Catch::Contains("bad checksum"));

  Ports other{8080, 1234};
  CHECK_THAT(MatchExpectedPacket(sack, good, state, other).message,
             Catch::Contains("ports: expected 8080 > 1234, got 8080 > 45000"));

  Bytes wrong_tag = good;
  wrong_tag[7] ^= 2;  // tag 3
  wrong_tag[8] = wrong_tag[9] = wrong_tag[10] = wrong_tag[11] = 0;
  crc::WriteSctpChecksum(wrong_tag);
  CHECK_THAT(MatchExpectedPacket(sack, wrong_tag, state, Ports{}).message,
             Catch::Contains("expected the tester's tag 0x1, got 0x3"));

  // T bit: the tag of the packet it answers.
  PacketEvent abort = Line("> sctp: ABORT[flgs=T]");
  Bytes t_abort = Chunk([](wire::WireWriter& w) {
    return wire::AbortChunk::SerializeTo(w, true, {});
  });
  CHECK(
      MatchExpectedPacket(abort, SutPacket(kSutTag, {t_abort}), state, Ports{})
          .matched());
  CHECK_THAT(MatchExpectedPacket(abort, SutPacket(1, {t_abort}), state, Ports{})
                 .message,
             Catch::Contains("must reflect"));
}

TEST_CASE("ExpectMatcher: error causes inside an ABORT", "[fast]") {
  TesterState state = AfterPassiveHandshake();
  Bytes cause = Chunk([](wire::WireWriter& w) {
    return wire::InvalidMandatoryParameterCause::SerializeTo(w);
  });
  Bytes packet =
      SutPacket(1, {Chunk([&](wire::WireWriter& w) {
                  return wire::AbortChunk::SerializeTo(w, false, cause);
                })});
  CHECK(MatchExpectedPacket(
            Line("> sctp: ABORT[flgs=0x00, INVALID_MANDATORY_PARAMETER[]]"),
            packet, state, Ports{})
            .matched());
  CHECK(MatchExpectedPacket(Line("> sctp: ABORT[flgs=0, ...]"), packet, state,
                            Ports{})
            .matched());
  CHECK_THAT(MatchExpectedPacket(
                 Line("> sctp: ABORT[flgs=0, PROTOCOL_VIOLATION[info=...]]"),
                 packet, state, Ports{})
                 .message,
             Catch::Contains("expected PROTOCOL_VIOLATION, got "
                             "INVALID_MANDATORY_PARAMETER"));
}

TEST_CASE("ExpectMatcher: FORWARD TSN moves the SUT's own TSN", "[fast]") {
  TesterState state = AfterPassiveHandshake();
  std::vector<wire::ForwardTsnChunk::SkippedStream> skipped = {
      {StreamId(1), Ssn(0)}};
  Bytes packet = SutPacket(1, {Chunk([&](wire::WireWriter& w) {
                             return wire::ForwardTsnChunk::SerializeTo(
                                 w, Tsn(kSutTsn), skipped);
                           })});
  CHECK(MatchExpectedPacket(Line("> sctp: FORWARD_TSN[cum_tsn=1, "
                                 "ids=[{1,0}]]"),
                            packet, state, Ports{})
            .matched());
  CHECK_THAT(MatchExpectedPacket(Line("> sctp: FORWARD_TSN[cum_tsn=1, "
                                      "ids=[{1,1}]]"),
                                 packet, state, Ports{})
                 .message,
             Catch::Contains("ids: expected [{1, 1}], got [1, 0] (sid, ssn "
                             "pairs)"));
}

TEST_CASE("ExpectMatcher: an unknown name is a bad spec, not a mismatch",
          "[fast]") {
  TesterState state = AfterPassiveHandshake();
  MatchResult r = MatchExpectedPacket(
      Line("> sctp: SHUTDOWN_COMPLETE[flgs=0, foo=1]"),
      SutPacket(1, {Chunk([](wire::WireWriter& w) {
                  return wire::ShutdownCompleteChunk::SerializeTo(w, false);
                })}),
      state, Ports{});
  CHECK(r.status == MatchResult::Status::kBadSpec);
  CHECK_THAT(r.message, Catch::Contains("no field 'foo'"));
}

TEST_CASE("ExpectMatcher: DescribePacket decodes with lib/wire", "[fast]") {
  std::string s = DescribePacket(SutPacket(1, {SutData(kSutTsn, 4)}));
  CHECK_THAT(s, Catch::StartsWith("sctp(8080 > 45000, vtag=0x1): "));
  CHECK_THAT(s, Catch::Contains("DATA"));
  CHECK_THAT(s, Catch::Contains("1000"));
}

}  // namespace
}  // namespace dpsctp::packetdrill
