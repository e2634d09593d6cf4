#include "wire/chunk/asconf_ack_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "common/byte_order.h"
#include "test/support/bytes.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("AsconfAckChunk: FromCapture", "[fast]") {
  // Wireshark, wireshark-samples_via_aboutsip-pkts/sctp-addip.cap frame 8:
  // ASCONF_ACK chunk
  //   Chunk type: ASCONF_ACK (128), flags 0x00, length 8
  //   Sequence number: 0xa1104d8a
  // (complete success: no response parameters)
  auto bytes = Hex("80 00 00 08 a1 10 4d 8a");
  auto ack = AsconfAckChunk::Parse(bytes);
  REQUIRE(ack.has_value());
  CHECK(ack->flags() == 0);
  CHECK(ack->sequence_number() == AsconfSerial(0xa1104d8a));
  CHECK(ack->parameters().empty());
  CHECK(ack->ToString() == "ASCONF_ACK, sequence_number=2702200202");
}

TEST_CASE("AsconfAckChunk: FromCapture after AUTH", "[fast]") {
  // Wireshark, derived/usrsctp_CORPUS_CONNECT.pcap frame 5 (usrsctp seed
  // addip-000004), second chunk after an AUTH chunk:
  // ASCONF_ACK chunk, flags 0x00, length 8, Sequence number: 0x700e385e
  auto bytes = Hex("80 00 00 08 70 0e 38 5e");
  auto ack = AsconfAckChunk::Parse(bytes);
  REQUIRE(ack.has_value());
  CHECK(ack->sequence_number() == AsconfSerial(0x700e385e));
  CHECK(ack->parameters().empty());
}

TEST_CASE("AsconfAckChunk: RoundTrip", "[fast]") {
  // Success Indication for request 7, then Error Cause Indication for
  // request 8 carrying a Request to Delete Last Remaining IP Address cause
  // with the copied Delete IP Address parameter. Built by hand from RFC 5061
  // §4.2.3, §4.2.5 and §4.3.
  auto params =
      Hex("c0 05 00 08 00 00 00 07"
          "c0 03 00 1c 00 00 00 08 00 a0 00 14"
          "c0 02 00 10 00 00 00 08 00 05 00 08 0a 00 00 01");
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  REQUIRE(AsconfAckChunk::SerializeTo(out, AsconfSerial(42), params));
  REQUIRE(out.size() == 8 + params.size());
  auto ack = AsconfAckChunk::Parse(out.written());
  REQUIRE(ack.has_value());
  CHECK(ack->flags() == 0);
  CHECK(ack->sequence_number() == AsconfSerial(42));
  CHECK(test::ToHex(ack->parameters()) == test::ToHex(params));
  CHECK(ack->ToString() ==
        "ASCONF_ACK, sequence_number=42, SUCCESS_INDICATION, "
        "ERROR_CAUSE_INDICATION");
}

TEST_CASE("AsconfAckChunk: OpenTo and CloseTlv build in place", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto start = AsconfAckChunk::OpenTo(out, AsconfSerial(3));
  REQUIRE(start.has_value());
  const std::array<uint8_t, 8> success{0xc0, 0x05, 0x00, 0x08,
                                       0x00, 0x00, 0x00, 0x01};
  REQUIRE(out.AppendBytes(success));
  REQUIRE(AsconfAckChunk::CloseTlv(out, *start));
  REQUIRE(out.size() == 16);
  auto ack = AsconfAckChunk::Parse(out.written());
  REQUIRE(ack.has_value());
  CHECK(ack->sequence_number() == AsconfSerial(3));
  CHECK(ValidateTlvList(ack->parameters()) == 1);
}

TEST_CASE("AsconfAckChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("80 00 00 10 00 00 00 01 c0 05 00 08 00 00 00 07");
  REQUIRE(AsconfAckChunk::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    CHECK_FALSE(AsconfAckChunk::Parse(std::span(good).first(7)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x14;
    CHECK_FALSE(AsconfAckChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 0xc1;
    CHECK_FALSE(AsconfAckChunk::Parse(b).has_value());
  }
  SECTION("response parameter runs past the end") {
    auto b = good;
    b[11] = 0x0c;
    CHECK_FALSE(AsconfAckChunk::Parse(b).has_value());
  }
  SECTION("response parameter with a length below 4") {
    auto b = good;
    b[11] = 0x00;
    CHECK_FALSE(AsconfAckChunk::Parse(b).has_value());
  }
  SECTION("truncated parameter header") {
    auto b = Hex("80 00 00 0a 00 00 00 01 c0 05");
    CHECK_FALSE(AsconfAckChunk::Parse(b).has_value());
  }
}

TEST_CASE("AsconfAckChunk: serialization refuses a malformed list", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto bad = Hex("c0 05 00 0c 00 00 00 07");
  CHECK_FALSE(AsconfAckChunk::SerializeTo(out, AsconfSerial(1), bad));
  CHECK(out.size() == 0);
}

TEST_CASE("AsconfAckChunk: does not write past a full buffer", "[fast]") {
  auto params = Hex("c0 05 00 08 00 00 00 07");
  std::array<uint8_t, 12> buf{};
  WireWriter out(buf);
  CHECK_FALSE(AsconfAckChunk::SerializeTo(out, AsconfSerial(1), params));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
  std::array<uint8_t, 4> tiny{};
  WireWriter out2(tiny);
  CHECK_FALSE(AsconfAckChunk::OpenTo(out2, AsconfSerial(1)).has_value());
  CHECK(out2.size() == 0);
}

}  // namespace
}  // namespace dpsctp::wire
