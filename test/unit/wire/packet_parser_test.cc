#include "wire/packet_parser.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

const char* kCookieAckAndSack =
    "1388 13 89 12345678 00000000"         // common header
    "0b 00 0004"                            // COOKIE ACK
    "03 00 0010 00000001 00010000 0000 0000";  // SACK

TEST_CASE("ParsePacket: splits bundled chunks", "[fast]") {
  auto b = Hex(kCookieAckAndSack);
  buf::PacketView v(b);
  auto r = ParsePacket(v);
  REQUIRE(r.has_value());
  CHECK(r->header.source_port == 5000);
  CHECK(r->header.destination_port == 5001);
  CHECK(r->header.verification_tag == VerificationTag(0x12345678));
  CHECK(r->chunk_count == 2);
  CHECK(r->first_chunk_type == 11);

  ChunkCursor c(v);
  auto d1 = c.Next();
  REQUIRE(d1);
  CHECK(d1->type == 11);
  CHECK(d1->length == 4);
  CHECK(d1->offset == 12);
  auto d2 = c.Next();
  REQUIRE(d2);
  CHECK(d2->type == 3);
  CHECK(d2->length == 16);
  CHECK(d2->offset == 16);
  CHECK_FALSE(c.Next());
  CHECK(c.error() == PacketError::kNone);
}

TEST_CASE("ParsePacket: works across segments", "[fast]") {
  auto b = Hex(kCookieAckAndSack);
  // Split inside the SACK's chunk header and inside its body.
  buf::PacketView v;
  v.AppendSegment(std::span(b).first(18));
  v.AppendSegment(std::span(b).subspan(18, 7));
  v.AppendSegment(std::span(b).subspan(25));
  auto r = ParsePacket(v);
  REQUIRE(r.has_value());
  CHECK(r->chunk_count == 2);
  ChunkCursor c(v);
  c.Next();
  auto d = c.Next();
  REQUIRE(d);
  std::array<uint8_t, 64> scratch{};
  auto bytes = ChunkBytes(v, *d, scratch);
  REQUIRE(bytes.size() == 16);
  CHECK(bytes.data() == scratch.data());
  CHECK(bytes[7] == 1);
}

TEST_CASE("ParsePacket: tolerates a missing pad on the last chunk",
          "[fast]") {
  auto b = Hex("1388 1389 00000001 00000000  00 03 0005 61");
  buf::PacketView v(b);
  auto r = ParsePacket(v);
  REQUIRE(r.has_value());
  CHECK(r->chunk_count == 1);
}

TEST_CASE("ParsePacket: rejects bad framing", "[fast]") {
  auto check = [](const char* hex, PacketError want) {
    auto b = Hex(hex);
    buf::PacketView v(b);
    auto r = ParsePacket(v);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == want);
  };
  check("1388 1389 00000001 000000", PacketError::kTooShort);
  check("1388 1389 00000001 00000000", PacketError::kNoChunks);
  check("1388 1389 00000001 00000000 0b00", PacketError::kTruncatedChunk);
  check("1388 1389 00000001 00000000 0b00 0003", PacketError::kChunkLengthTooShort);
  check("1388 1389 00000001 00000000 0b00 0008 0000",
        PacketError::kChunkPastEnd);
  check("1388 1389 00000001 00000000 0000 0005 6100",
        PacketError::kBadPadding);
  check("1388 1389 00000001 00000000 0b00 0004 0000",
        PacketError::kTruncatedChunk);
}

}  // namespace
}  // namespace dpsctp::wire
