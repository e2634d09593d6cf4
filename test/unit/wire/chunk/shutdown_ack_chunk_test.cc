#include "wire/chunk/shutdown_ack_chunk.h"

#include <array>
#include <catch2/catch.hpp>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

TEST_CASE("ShutdownAckChunk: FromCapture", "[fast]") {
  // Wireshark, sctp-www.cap frame 81 (80 -> 32837, vtag 0xe9b73bc3):
  // SHUTDOWN_ACK chunk
  //   Chunk type: SHUTDOWN_ACK (8), Chunk flags: 0x00, Chunk length: 4
  auto bytes = Hex("08 00 00 04");
  auto chunk = ShutdownAckChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0);
  CHECK(chunk->data().size() == 4);
  CHECK(chunk->ToString() == "SHUTDOWN_ACK");
}

TEST_CASE("ShutdownAckChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(ShutdownAckChunk::SerializeTo(out));
  CHECK(ToHex(out.written()) == "08000004");
  auto chunk = ShutdownAckChunk::Parse(out.written());
  REQUIRE(chunk.has_value());
  CHECK(chunk->ToString() == "SHUTDOWN_ACK");
}

TEST_CASE("ShutdownAckChunk: flags are ignored on receipt", "[fast]") {
  auto bytes = Hex("08 ff 00 04");
  auto chunk = ShutdownAckChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0xff);
}

TEST_CASE("ShutdownAckChunk: rejects malformed chunks", "[fast]") {
  SECTION("shorter than the chunk header") {
    auto b = Hex("08 00 00");
    CHECK_FALSE(ShutdownAckChunk::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = Hex("08 00 00 08");
    CHECK_FALSE(ShutdownAckChunk::Parse(b).has_value());
  }
  SECTION("a value where none is allowed") {
    auto b = Hex("08 00 00 08 00 00 00 00");
    CHECK_FALSE(ShutdownAckChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = Hex("0e 00 00 04");
    CHECK_FALSE(ShutdownAckChunk::Parse(b).has_value());
  }
}

TEST_CASE("ShutdownAckChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 3> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ShutdownAckChunk::SerializeTo(out));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
