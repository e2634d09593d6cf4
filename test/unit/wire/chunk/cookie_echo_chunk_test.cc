#include "wire/chunk/cookie_echo_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

TEST_CASE("CookieEchoChunk: FromCapture", "[fast]") {
  // Wireshark, community-id-spec sctp.pcap frame 3 (Linux, port 7 -> 7,
  // vtag 0x00000eb0), echoing the State Cookie of frame 2's INIT ACK (see
  // init_ack_chunk_test.cc):
  // COOKIE_ECHO chunk (Cookie length: 100 bytes)
  //   Chunk type: COOKIE_ECHO (10), Chunk flags: 0x00, Chunk length: 104
  //   Cookie: 00000eb0000010000011001100003614432325440000ffff001100115cfe…
  auto bytes = Hex(
      "0a 00 00 68 00 00 0e b0 00 00 10 00 00 11 00 11"
      "00 00 36 14 43 23 25 44 00 00 ff ff 00 11 00 11"
      "5c fe 37 9f 07 00 07 00 00 00 00 00 00 00 00 00"
      "a2 85 b1 3f 10 27 00 00 17 cd 8f 1c 11 76 9b 04"
      "55 c0 d0 f2 2c 3e 7c 35 00 01 00 01 00 00 00 00"
      "00 00 00 00 00 05 00 08 c0 a8 aa 38 00 05 00 08"
      "c0 a8 aa 08 c0 00 00 04");
  auto echo = CookieEchoChunk::Parse(bytes);
  REQUIRE(echo.has_value());
  CHECK(echo->flags() == 0);
  REQUIRE(echo->cookie().size() == 100);
  CHECK(echo->cookie().data() == bytes.data() + 4);
  CHECK(ToHex(echo->cookie().first(24)) ==
        "00000eb0000010000011001100003614432325440000ffff");
  CHECK(ToHex(echo->cookie().last(4)) == "c0000004");
  CHECK(echo->ToString() == "COOKIE_ECHO, cookie_length=100");
}

TEST_CASE("CookieEchoChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  auto cookie = Hex("01 02 03 04 05 06 07");
  REQUIRE(CookieEchoChunk::SerializeTo(out, cookie));
  // Length 11, zero-padded to 12.
  CHECK(ToHex(out.written()) == "0a00000b0102030405060700");
  auto echo = CookieEchoChunk::Parse(out.written().first(11));
  REQUIRE(echo.has_value());
  CHECK(ToHex(echo->cookie()) == "01020304050607");
  CHECK(echo->ToString() == "COOKIE_ECHO, cookie_length=7");
}

TEST_CASE("CookieEchoChunk: an empty cookie parses, for the association "
          "to reject", "[fast]") {
  // scapy sctp.uts "basic SCTPChunkCookieEcho": a bare 4-byte chunk.
  auto bytes = Hex("0a 00 00 04");
  auto echo = CookieEchoChunk::Parse(bytes);
  REQUIRE(echo.has_value());
  CHECK(echo->cookie().empty());
}

TEST_CASE("CookieEchoChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("0a 00 00 07 aa bb cc");
  REQUIRE(CookieEchoChunk::Parse(good).has_value());

  SECTION("shorter than the chunk header") {
    CHECK_FALSE(CookieEchoChunk::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(CookieEchoChunk::Parse(b).has_value());
    CHECK_FALSE(CookieEchoChunk::Parse(std::span(good).first(6)).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 11;
    CHECK_FALSE(CookieEchoChunk::Parse(b).has_value());
  }
}

TEST_CASE("CookieEchoChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  auto cookie = Hex("01 02 03 04 05");
  CHECK_FALSE(CookieEchoChunk::SerializeTo(out, cookie));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
