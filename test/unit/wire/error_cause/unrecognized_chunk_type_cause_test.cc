#include "wire/error_cause/unrecognized_chunk_type_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.6 diagram.

TEST_CASE("UnrecognizedChunkTypeCause: FromRfcDiagram", "[fast]") {
  // Reports a chunk of type 0x7f, whose upper bits 01 mean "stop processing
  // and report" (RFC 9260 §3.2):
  //   Cause code: Unrecognized chunk type (6), cause length 12
  //   Unrecognized chunk: type 0x7f, flags 0x01, length 8, value deadbeef
  auto bytes = Hex("00 06 00 0c 7f 01 00 08 de ad be ef");
  auto c = UnrecognizedChunkTypeCause::Parse(bytes);
  REQUIRE(c.has_value());
  CHECK(c->unrecognized_chunk_type() == 0x7f);
  CHECK(test::ToHex(c->unrecognized_chunk()) == "7f010008deadbeef");
  CHECK(c->ToString() ==
        "UNRECOGNIZED_CHUNK_TYPE, chunk_type=127, quoted_length=8");
}

TEST_CASE("UnrecognizedChunkTypeCause: accepts a quoted chunk cut short",
          "[fast]") {
  // The quoted chunk claims 0x0400 bytes but only its first 8 are returned.
  auto bytes = Hex("00 06 00 0c ff 00 04 00 01 02 03 04");
  auto c = UnrecognizedChunkTypeCause::Parse(bytes);
  REQUIRE(c.has_value());
  CHECK(c->unrecognized_chunk_type() == 0xff);
  CHECK(c->unrecognized_chunk().size() == 8);
}

TEST_CASE("UnrecognizedChunkTypeCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  // A 5-byte chunk (type 0xc9) with its padding left out.
  auto chunk = Hex("c9 00 00 05 aa");
  REQUIRE(UnrecognizedChunkTypeCause::SerializeTo(out, chunk));
  CHECK(test::ToHex(out.written()) ==
        "00060009"
        "c9000005aa"
        "000000");
  auto c = UnrecognizedChunkTypeCause::Parse(out.written().first(9));
  REQUIRE(c.has_value());
  CHECK(c->unrecognized_chunk_type() == 0xc9);
  CHECK(test::ToHex(c->unrecognized_chunk()) == "c9000005aa");
  CHECK(c->ToString() ==
        "UNRECOGNIZED_CHUNK_TYPE, chunk_type=201, quoted_length=5");
}

TEST_CASE("UnrecognizedChunkTypeCause: rejects malformed causes", "[fast]") {
  auto good = Hex("00 06 00 0c 7f 01 00 08 de ad be ef");
  REQUIRE(UnrecognizedChunkTypeCause::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(UnrecognizedChunkTypeCause::Parse(std::span(good).first(2))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(UnrecognizedChunkTypeCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0x08;
    CHECK_FALSE(UnrecognizedChunkTypeCause::Parse(b).has_value());
  }
  SECTION("no chunk") {
    CHECK_FALSE(
        UnrecognizedChunkTypeCause::Parse(Hex("00 06 00 04")).has_value());
  }
  SECTION("less than a chunk header") {
    CHECK_FALSE(UnrecognizedChunkTypeCause::Parse(Hex("00 06 00 07 7f 01 00"))
                    .has_value());
  }
}

TEST_CASE("UnrecognizedChunkTypeCause: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  auto chunk = Hex("7f 00 00 08 01 02 03 04");
  CHECK_FALSE(UnrecognizedChunkTypeCause::SerializeTo(out, chunk));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
