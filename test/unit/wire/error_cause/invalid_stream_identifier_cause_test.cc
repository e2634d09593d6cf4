#include "wire/error_cause/invalid_stream_identifier_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.1 diagram.

TEST_CASE("InvalidStreamIdentifierCause: FromRfcDiagram", "[fast]") {
  //   Cause code: Invalid stream identifier (1), cause length 8
  //   Stream identifier: 1000, reserved 0
  auto bytes = Hex("00 01 00 08 03 e8 00 00");
  auto c = InvalidStreamIdentifierCause::Parse(bytes);
  REQUIRE(c.has_value());
  CHECK(c->stream_id() == StreamId(1000));
  CHECK(c->ToString() == "INVALID_STREAM_IDENTIFIER, stream_id=1000");
}

TEST_CASE("InvalidStreamIdentifierCause: ignores the reserved field",
          "[fast]") {
  auto bytes = Hex("00 01 00 08 00 07 ff ff");
  auto c = InvalidStreamIdentifierCause::Parse(bytes);
  REQUIRE(c.has_value());
  CHECK(c->stream_id() == StreamId(7));
}

TEST_CASE("InvalidStreamIdentifierCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  buf.fill(0xee);
  WireWriter out(buf);
  REQUIRE(InvalidStreamIdentifierCause::SerializeTo(out, StreamId(0xfffe)));
  CHECK(test::ToHex(out.written()) == "00010008fffe0000");
  auto c = InvalidStreamIdentifierCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(c->stream_id() == StreamId(0xfffe));
  CHECK(c->ToString() == "INVALID_STREAM_IDENTIFIER, stream_id=65534");
}

TEST_CASE("InvalidStreamIdentifierCause: rejects malformed causes", "[fast]") {
  auto good = Hex("00 01 00 08 03 e8 00 00");
  REQUIRE(InvalidStreamIdentifierCause::Parse(good).has_value());

  SECTION("shorter than the fixed size") {
    CHECK_FALSE(InvalidStreamIdentifierCause::Parse(std::span(good).first(6))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x06;
    CHECK_FALSE(InvalidStreamIdentifierCause::Parse(b).has_value());
  }
  SECTION("longer than 8 bytes, consistently") {
    auto b = Hex("00 01 00 0c 03 e8 00 00 00 00 00 00");
    CHECK_FALSE(InvalidStreamIdentifierCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0x09;
    CHECK_FALSE(InvalidStreamIdentifierCause::Parse(b).has_value());
  }
}

TEST_CASE("InvalidStreamIdentifierCause: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 7> buf{};
  WireWriter out(buf);
  CHECK_FALSE(InvalidStreamIdentifierCause::SerializeTo(out, StreamId(1)));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
