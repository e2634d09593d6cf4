#include "wire/chunk/shutdown_complete_chunk.h"

#include <array>
#include <catch2/catch.hpp>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

TEST_CASE("ShutdownCompleteChunk: FromCapture", "[fast]") {
  // Wireshark, sctp-www.cap frame 82 (32837 -> 80, vtag 0x13896007):
  // SHUTDOWN_COMPLETE chunk
  //   Chunk type: SHUTDOWN_COMPLETE (14), Chunk flags: 0x00 (T bit not set)
  //   Chunk length: 4
  auto bytes = Hex("0e 00 00 04");
  auto chunk = ShutdownCompleteChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK_FALSE(chunk->t_bit());
  CHECK(chunk->flags() == 0);
  CHECK(chunk->ToString() == "SHUTDOWN_COMPLETE, t_bit=0");
}

TEST_CASE("ShutdownCompleteChunk: T bit, built from the RFC diagram",
          "[fast]") {
  // No capture has the T bit set: RFC 9260 §3.3.13 "Reserved |T|" with T=1
  // and the reserved bits set, which are "ignored on receipt".
  auto bytes = Hex("0e ff 00 04");
  auto chunk = ShutdownCompleteChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->t_bit());
  bytes[1] = 0xfe;
  chunk = ShutdownCompleteChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK_FALSE(chunk->t_bit());
}

TEST_CASE("ShutdownCompleteChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(ShutdownCompleteChunk::SerializeTo(out, true));
  REQUIRE(ShutdownCompleteChunk::SerializeTo(out, false));
  CHECK(ToHex(out.written()) == "0e0100040e000004");
  auto with_t = ShutdownCompleteChunk::Parse(out.written().first(4));
  REQUIRE(with_t.has_value());
  CHECK(with_t->t_bit());
  CHECK(with_t->ToString() == "SHUTDOWN_COMPLETE, t_bit=1");
  auto without_t = ShutdownCompleteChunk::Parse(out.written().subspan(4));
  REQUIRE(without_t.has_value());
  CHECK_FALSE(without_t->t_bit());
}

TEST_CASE("ShutdownCompleteChunk: rejects malformed chunks", "[fast]") {
  SECTION("shorter than the chunk header") {
    auto b = Hex("0e 00 00");
    CHECK_FALSE(ShutdownCompleteChunk::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = Hex("0e 00 00 05");
    CHECK_FALSE(ShutdownCompleteChunk::Parse(b).has_value());
  }
  SECTION("a value where none is allowed") {
    auto b = Hex("0e 00 00 08 00 00 00 00");
    CHECK_FALSE(ShutdownCompleteChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = Hex("08 00 00 04");
    CHECK_FALSE(ShutdownCompleteChunk::Parse(b).has_value());
  }
}

TEST_CASE("ShutdownCompleteChunk: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 3> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ShutdownCompleteChunk::SerializeTo(out, true));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
