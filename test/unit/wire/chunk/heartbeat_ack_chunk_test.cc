#include "wire/chunk/heartbeat_ack_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"
#include "wire/chunk/heartbeat_request_chunk.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

TEST_CASE("HeartbeatAckChunk: FromCapture", "[fast]") {
  // Wireshark, oai.pcap frame 580 (OAI gNB <-> AMF, Linux SCTP):
  // HEARTBEAT_ACK chunk (Information: 48 bytes)
  //   Chunk type: HEARTBEAT_ACK (5), Chunk flags: 0x00, Chunk length: 52
  //   Heartbeat info parameter (Information: 44 bytes)
  //     Parameter type: Heartbeat info (0x0001), Parameter length: 48
  //     Heartbeat information: 0200859ec0a84681000000000000…40670f0001000000…
  auto bytes = Hex(
      "05 00 00 34 00 01 00 30 02 00 85 9e c0 a8 46 81"
      "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
      "00 00 00 00 40 67 0f 00 01 00 00 00 de 9b 85 d8"
      "e9 50 89 27");
  auto ack = HeartbeatAckChunk::Parse(bytes);
  REQUIRE(ack.has_value());
  CHECK(ack->flags() == 0);
  CHECK(ack->parameters().size() == 48);
  REQUIRE(ack->info().has_value());
  CHECK(ack->info()->size() == 44);
  CHECK(ToHex(ack->info()->first(8)) == "0200859ec0a84681");
  CHECK(ToHex(ack->info()->last(8)) == "de9b85d8e9508927");
  CHECK(ack->ToString() == "HEARTBEAT_ACK, info_length=44");
}

TEST_CASE("HeartbeatAckChunk: echoing a captured HEARTBEAT gives the "
          "captured HEARTBEAT ACK", "[fast]") {
  // sctp.cap frames 3 (HEARTBEAT) and 4 (HEARTBEAT ACK), 2905 <-> 2905:
  // Heartbeat information: 40e44b920a1c062c1b66af7e00000000 in both.
  auto request_bytes = Hex(
      "04 00 00 18 00 01 00 14 40 e4 4b 92 0a 1c 06 2c"
      "1b 66 af 7e 00 00 00 00");
  auto ack_bytes = Hex(
      "05 00 00 18 00 01 00 14 40 e4 4b 92 0a 1c 06 2c"
      "1b 66 af 7e 00 00 00 00");
  auto request = HeartbeatRequestChunk::Parse(request_bytes);
  REQUIRE(request.has_value());
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  REQUIRE(HeartbeatAckChunk::SerializeParametersTo(out, request->parameters()));
  CHECK(ToHex(out.written()) == ToHex(ack_bytes));
  auto ack = HeartbeatAckChunk::Parse(out.written());
  REQUIRE(ack.has_value());
  CHECK(ToHex(*ack->info()) == "40e44b920a1c062c1b66af7e00000000");
}

TEST_CASE("HeartbeatAckChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto info = Hex("aa bb cc dd ee ff 00 11");
  REQUIRE(HeartbeatAckChunk::SerializeTo(out, info));
  CHECK(ToHex(out.written()) == "050000100001000caabbccddeeff0011");
  auto ack = HeartbeatAckChunk::Parse(out.written());
  REQUIRE(ack.has_value());
  REQUIRE(ack->info().has_value());
  CHECK(ToHex(*ack->info()) == "aabbccddeeff0011");
  CHECK(ack->ToString() == "HEARTBEAT_ACK, info_length=8");
}

TEST_CASE("HeartbeatAckChunk: without Heartbeat Info", "[fast]") {
  // scapy sctp.uts "basic SCTPChunkHeartbeatAck": a bare 4-byte chunk.
  auto bytes = Hex("05 00 00 04");
  auto ack = HeartbeatAckChunk::Parse(bytes);
  REQUIRE(ack.has_value());
  CHECK_FALSE(ack->info().has_value());
  CHECK(ack->ToString() == "HEARTBEAT_ACK, no info");
}

TEST_CASE("HeartbeatAckChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("05 00 00 0c 00 01 00 08 01 02 03 04");
  REQUIRE(HeartbeatAckChunk::Parse(good).has_value());

  SECTION("shorter than the chunk header") {
    CHECK_FALSE(HeartbeatAckChunk::Parse(std::span(good).first(2)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(HeartbeatAckChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 4;
    CHECK_FALSE(HeartbeatAckChunk::Parse(b).has_value());
  }
  SECTION("parameter length past the end") {
    auto b = good;
    b[7] = 0x0c;
    CHECK_FALSE(HeartbeatAckChunk::Parse(b).has_value());
  }
  SECTION("parameter padding cut short before another parameter") {
    auto b = Hex("05 00 00 0b 00 01 00 05 01 00 00");
    CHECK_FALSE(HeartbeatAckChunk::Parse(b).has_value());
  }
}

TEST_CASE("HeartbeatAckChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  auto parameters = Hex("00 01 00 08 01 02 03 04");
  CHECK_FALSE(HeartbeatAckChunk::SerializeParametersTo(out, parameters));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
