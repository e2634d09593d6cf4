#include "wire/chunk/heartbeat_request_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

TEST_CASE("HeartbeatRequestChunk: FromCapture", "[fast]") {
  // Wireshark, sctp.cap frame 3 (2905 -> 2905, vtag 0x00000e50):
  // HEARTBEAT chunk (Information: 20 bytes)
  //   Chunk type: HEARTBEAT (4), Chunk flags: 0x00, Chunk length: 24
  //   Heartbeat info parameter (Information: 16 bytes)
  //     Parameter type: Heartbeat info (0x0001), Parameter length: 20
  //     Heartbeat information: 40e44b920a1c062c1b66af7e00000000
  auto bytes = Hex(
      "04 00 00 18 00 01 00 14 40 e4 4b 92 0a 1c 06 2c"
      "1b 66 af 7e 00 00 00 00");
  auto hb = HeartbeatRequestChunk::Parse(bytes);
  REQUIRE(hb.has_value());
  CHECK(hb->flags() == 0);
  CHECK(hb->parameters().size() == 20);
  REQUIRE(hb->info().has_value());
  CHECK(ToHex(*hb->info()) == "40e44b920a1c062c1b66af7e00000000");
  CHECK(hb->info()->data() == bytes.data() + 8);
  CHECK(hb->ToString() == "HEARTBEAT, info_length=16");
}

TEST_CASE("HeartbeatRequestChunk: FromCapture, Linux", "[fast]") {
  // Wireshark, oai.pcap frame 579 (OAI gNB <-> AMF, Linux SCTP):
  // HEARTBEAT chunk (Information: 48 bytes), Chunk length: 52
  //   Heartbeat info parameter (Information: 44 bytes), length 48
  //     Heartbeat information: 0200859ec0a84681000000000000…40670f0001000000…
  auto bytes = Hex(
      "04 00 00 34 00 01 00 30 02 00 85 9e c0 a8 46 81"
      "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
      "00 00 00 00 40 67 0f 00 01 00 00 00 de 9b 85 d8"
      "e9 50 89 27");
  auto hb = HeartbeatRequestChunk::Parse(bytes);
  REQUIRE(hb.has_value());
  REQUIRE(hb->info().has_value());
  CHECK(hb->info()->size() == 44);
  CHECK(ToHex(hb->info()->first(8)) == "0200859ec0a84681");
}

TEST_CASE("HeartbeatRequestChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto info = Hex("01 02 03 04 05");
  REQUIRE(HeartbeatRequestChunk::SerializeTo(out, info));
  // 4 + (4 + 5), padded to 16; neither Length counts the padding.
  CHECK(ToHex(out.written()) == "0400000d0001000901020304050000" "00");
  auto hb = HeartbeatRequestChunk::Parse(out.written().first(13));
  REQUIRE(hb.has_value());
  REQUIRE(hb->info().has_value());
  CHECK(ToHex(*hb->info()) == "0102030405");
  CHECK(hb->ToString() == "HEARTBEAT, info_length=5");
}

TEST_CASE("HeartbeatRequestChunk: RoundTrip with parameter bytes", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  // An unknown parameter, then a Heartbeat Info padded to 4 by its writer.
  auto parameters = Hex("80 99 00 04 00 01 00 06 aa bb 00 00");
  REQUIRE(HeartbeatRequestChunk::SerializeParametersTo(out, parameters));
  REQUIRE(out.size() == 16);
  CHECK(buf[3] == 14);
  auto hb = HeartbeatRequestChunk::Parse(out.written().first(14));
  REQUIRE(hb.has_value());
  REQUIRE(hb->info().has_value());
  CHECK(ToHex(*hb->info()) == "aabb");
}

TEST_CASE("HeartbeatRequestChunk: no Heartbeat Info is left to the caller",
          "[fast]") {
  // scapy sctp.uts "basic SCTPChunkHeartbeatReq": a bare 4-byte chunk.
  auto empty_bytes = Hex("04 00 00 04");
  auto empty = HeartbeatRequestChunk::Parse(empty_bytes);
  REQUIRE(empty.has_value());
  CHECK_FALSE(empty->info().has_value());
  CHECK(empty->ToString() == "HEARTBEAT, no info");
  // Only some other parameter.
  auto other_bytes = Hex("04 00 00 08 00 05 00 04");
  auto other = HeartbeatRequestChunk::Parse(other_bytes);
  REQUIRE(other.has_value());
  CHECK_FALSE(other->info().has_value());
}

TEST_CASE("HeartbeatRequestChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("04 00 00 0c 00 01 00 08 01 02 03 04");
  REQUIRE(HeartbeatRequestChunk::Parse(good).has_value());

  SECTION("shorter than the chunk header") {
    CHECK_FALSE(
        HeartbeatRequestChunk::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x10;
    CHECK_FALSE(HeartbeatRequestChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 5;
    CHECK_FALSE(HeartbeatRequestChunk::Parse(b).has_value());
  }
  SECTION("parameter length past the end") {
    auto b = good;
    b[7] = 0x09;
    CHECK_FALSE(HeartbeatRequestChunk::Parse(b).has_value());
  }
  SECTION("parameter length below 4") {
    auto b = good;
    b[7] = 0x02;
    CHECK_FALSE(HeartbeatRequestChunk::Parse(b).has_value());
  }
  SECTION("truncated parameter header") {
    CHECK_FALSE(
        HeartbeatRequestChunk::Parse(Hex("04 00 00 06 00 01")).has_value());
  }
}

TEST_CASE("HeartbeatRequestChunk: refuses malformed parameter bytes",
          "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  CHECK_FALSE(
      HeartbeatRequestChunk::SerializeParametersTo(out, Hex("00 01 00 09")));
  CHECK(out.size() == 0);
}

TEST_CASE("HeartbeatRequestChunk: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 12> buf{};
  WireWriter out(buf);
  auto info = Hex("01 02 03 04 05");
  CHECK_FALSE(HeartbeatRequestChunk::SerializeTo(out, info));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
