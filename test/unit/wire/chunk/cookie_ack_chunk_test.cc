#include "wire/chunk/cookie_ack_chunk.h"

#include <array>
#include <catch2/catch.hpp>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

TEST_CASE("CookieAckChunk: FromCapture", "[fast]") {
  // Wireshark, sctp-www.cap frame 4 (80 -> 32836, vtag 0x3bb99c46):
  // COOKIE_ACK chunk
  //   Chunk type: COOKIE_ACK (11), Chunk flags: 0x00, Chunk length: 4
  auto bytes = Hex("0b 00 00 04");
  auto chunk = CookieAckChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0);
  CHECK(chunk->data().size() == 4);
  CHECK(chunk->ToString() == "COOKIE_ACK");
}

TEST_CASE("CookieAckChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(CookieAckChunk::SerializeTo(out));
  CHECK(ToHex(out.written()) == "0b000004");
  auto chunk = CookieAckChunk::Parse(out.written());
  REQUIRE(chunk.has_value());
  CHECK(chunk->ToString() == "COOKIE_ACK");
}

TEST_CASE("CookieAckChunk: flags are ignored on receipt", "[fast]") {
  auto bytes = Hex("0b ff 00 04");
  auto chunk = CookieAckChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0xff);
}

TEST_CASE("CookieAckChunk: rejects malformed chunks", "[fast]") {
  SECTION("shorter than the chunk header") {
    auto b = Hex("0b 00 00");
    CHECK_FALSE(CookieAckChunk::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = Hex("0b 00 00 08");
    CHECK_FALSE(CookieAckChunk::Parse(b).has_value());
  }
  SECTION("a value where none is allowed") {
    auto b = Hex("0b 00 00 08 00 00 00 00");
    CHECK_FALSE(CookieAckChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = Hex("0a 00 00 04");
    CHECK_FALSE(CookieAckChunk::Parse(b).has_value());
  }
}

TEST_CASE("CookieAckChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 3> buf{};
  WireWriter out(buf);
  CHECK_FALSE(CookieAckChunk::SerializeTo(out));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
