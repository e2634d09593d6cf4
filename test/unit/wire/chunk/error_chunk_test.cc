#include "wire/chunk/error_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

// Fixed-size arrays: WireWriter::AppendBytes() on a std::vector of unknown
// size trips GCC 12's -Wstringop-overflow inside WireWriter::Append().
// Invalid Stream Identifier (1) for stream 7 (length 8).
constexpr std::array<uint8_t, 8> kInvalidStream{0x00, 0x01, 0x00, 0x08,
                                                0x00, 0x07, 0x00, 0x00};
// Unrecognized Chunk Type (6) holding a 5-byte chunk (length 9, padded).
constexpr std::array<uint8_t, 12> kUnrecognizedChunk{
    0x00, 0x06, 0x00, 0x09, 0x2c, 0x00, 0x00, 0x05, 0xaa, 0x00, 0x00, 0x00};
constexpr std::array<uint8_t, 4> kBadCause{0x00, 0x01, 0x00, 0x10};

TEST_CASE("ErrorChunk: built from the RFC diagram", "[fast]") {
  // No capture in the corpus has an ERROR chunk (MANIFEST.md: "ERROR chunk:
  // none found"): bytes built by hand from RFC 9260 §3.3.10 and §3.3.10.1,
  // §3.3.10.6. Invalid Stream Identifier (stream 7, reserved 0), then
  // Unrecognized Chunk Type holding a 5-byte chunk of type 44 (length 9, the
  // last cause, so its padding is not in the chunk Length 4 + 8 + 9 = 21).
  auto bytes = Hex(
      "09 00 00 15 00 01 00 08 00 07 00 00 00 06 00 09"
      "2c 00 00 05 aa");
  auto error = ErrorChunk::Parse(bytes);
  REQUIRE(error.has_value());
  CHECK(error->flags() == 0);
  REQUIRE(error->error_cause_count() == 2);
  TlvIterator it(error->error_causes());
  auto first = it.Next();
  REQUIRE(first.has_value());
  CHECK(first->type == 1);
  CHECK(ToHex(first->value()) == "00070000");
  auto second = it.Next();
  REQUIRE(second.has_value());
  CHECK(second->type == 6);
  CHECK(ToHex(second->value()) == "2c000005aa");
  CHECK_FALSE(it.Next().has_value());
  CHECK(it.error() == TlvError::kNone);
  CHECK(error->ToString() == "ERROR, cause=1, cause=6");
}

TEST_CASE("ErrorChunk: RoundTrip with cause bytes", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  REQUIRE(ErrorChunk::SerializeTo(out, kUnrecognizedChunk));
  CHECK(ToHex(out.written()) == "0900000d000600092c000005aa000000");
  auto error = ErrorChunk::Parse(out.written().first(13));
  REQUIRE(error.has_value());
  CHECK(error->error_cause_count() == 1);
  CHECK(error->ToString() == "ERROR, cause=6");
}

TEST_CASE("ErrorChunk: RoundTrip with Open and Close", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto start = ErrorChunk::Open(out);
  REQUIRE(start == 0u);
  REQUIRE(out.AppendBytes(kInvalidStream));
  REQUIRE(out.AppendBytes(kUnrecognizedChunk));
  REQUIRE(ErrorChunk::Close(out, *start));
  REQUIRE(out.size() == 24);
  CHECK(buf[3] == 21);
  auto error = ErrorChunk::Parse(out.written().first(21));
  REQUIRE(error.has_value());
  CHECK(error->error_cause_count() == 2);
  CHECK(error->ToString() == "ERROR, cause=1, cause=6");
}

TEST_CASE("ErrorChunk: an ERROR without causes is malformed", "[fast]") {
  // RFC 9260 §3.3.10: "It contains one or more error causes."
  // (scapy's "basic SCTPChunkError" dissects these 4 bytes; we reject them.)
  CHECK_FALSE(ErrorChunk::Parse(Hex("09 00 00 04")).has_value());

  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ErrorChunk::SerializeTo(out, {}));
  CHECK(out.size() == 0);
  auto start = ErrorChunk::Open(out);
  REQUIRE(start.has_value());
  CHECK_FALSE(ErrorChunk::Close(out, *start));
}

TEST_CASE("ErrorChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("09 00 00 0c 00 01 00 08 00 07 00 00");
  REQUIRE(ErrorChunk::Parse(good).has_value());

  SECTION("shorter than the chunk header") {
    CHECK_FALSE(ErrorChunk::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x10;
    CHECK_FALSE(ErrorChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 6;
    CHECK_FALSE(ErrorChunk::Parse(b).has_value());
  }
  SECTION("cause length past the end") {
    auto b = good;
    b[7] = 0x09;
    CHECK_FALSE(ErrorChunk::Parse(b).has_value());
  }
  SECTION("cause length below 4") {
    auto b = good;
    b[7] = 0x00;
    CHECK_FALSE(ErrorChunk::Parse(b).has_value());
  }
  SECTION("cause padding cut short before another cause") {
    auto b = Hex("09 00 00 0b 00 0c 00 05 41 00 00");
    CHECK_FALSE(ErrorChunk::Parse(b).has_value());
  }
}

TEST_CASE("ErrorChunk: refuses malformed cause bytes", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ErrorChunk::SerializeTo(out, kBadCause));
  CHECK(out.size() == 0);
  auto start = ErrorChunk::Open(out);
  REQUIRE(start.has_value());
  REQUIRE(out.AppendBytes(kBadCause));
  CHECK_FALSE(ErrorChunk::Close(out, *start));
}

TEST_CASE("ErrorChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 12> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ErrorChunk::SerializeTo(out, kUnrecognizedChunk));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
