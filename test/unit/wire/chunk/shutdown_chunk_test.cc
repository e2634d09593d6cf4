#include "wire/chunk/shutdown_chunk.h"

#include <array>
#include <catch2/catch.hpp>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

TEST_CASE("ShutdownChunk: FromCapture", "[fast]") {
  // Wireshark, sctp-www.cap frame 79 (32837 -> 80, vtag 0x13896007):
  // SHUTDOWN chunk (Cumulative TSN ack: 2860946953)
  //   Chunk type: SHUTDOWN (7), Chunk flags: 0x00, Chunk length: 8
  //   Cumulative TSN Ack: 2860946953
  auto bytes = Hex("07 00 00 08 aa 86 96 09");
  auto shutdown = ShutdownChunk::Parse(bytes);
  REQUIRE(shutdown.has_value());
  CHECK(shutdown->flags() == 0);
  CHECK(shutdown->cumulative_tsn_ack() == Tsn(2860946953));
  CHECK(shutdown->ToString() == "SHUTDOWN, cum_ack_tsn=2860946953");
}

TEST_CASE("ShutdownChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(ShutdownChunk::SerializeTo(out, Tsn(0xfffffffe)));
  CHECK(ToHex(out.written()) == "07000008fffffffe");
  auto shutdown = ShutdownChunk::Parse(out.written());
  REQUIRE(shutdown.has_value());
  CHECK(shutdown->cumulative_tsn_ack() == Tsn(0xfffffffe));
  CHECK(shutdown->ToString() == "SHUTDOWN, cum_ack_tsn=4294967294");
}

TEST_CASE("ShutdownChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("07 00 00 08 00 00 00 01");
  REQUIRE(ShutdownChunk::Parse(good).has_value());

  SECTION("shorter than 8") {
    auto b = Hex("07 00 00 04");
    CHECK_FALSE(ShutdownChunk::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x07;
    CHECK_FALSE(ShutdownChunk::Parse(b).has_value());
  }
  SECTION("longer than 8") {
    auto b = Hex("07 00 00 0c 00 00 00 01 00 00 00 00");
    CHECK_FALSE(ShutdownChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 8;
    CHECK_FALSE(ShutdownChunk::Parse(b).has_value());
  }
}

TEST_CASE("ShutdownChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 7> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ShutdownChunk::SerializeTo(out, Tsn(1)));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
