#include "wire/error_cause/out_of_resource_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.4 diagram.

TEST_CASE("OutOfResourceCause: FromRfcDiagram", "[fast]") {
  //   Cause code: Out of Resource (4), cause length 4
  auto bytes = Hex("00 04 00 04");
  auto c = OutOfResourceCause::Parse(bytes);
  REQUIRE(c.has_value());
  CHECK(c->data().size() == 4);
  CHECK(c->ToString() == "OUT_OF_RESOURCE");
}

TEST_CASE("OutOfResourceCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(OutOfResourceCause::SerializeTo(out));
  CHECK(test::ToHex(out.written()) == "00040004");
  auto c = OutOfResourceCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(c->ToString() == "OUT_OF_RESOURCE");
}

TEST_CASE("OutOfResourceCause: rejects malformed causes", "[fast]") {
  SECTION("shorter than the header") {
    CHECK_FALSE(OutOfResourceCause::Parse(Hex("00 04 00")).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    CHECK_FALSE(OutOfResourceCause::Parse(Hex("00 04 00 08")).has_value());
  }
  SECTION("cause-specific information present") {
    CHECK_FALSE(
        OutOfResourceCause::Parse(Hex("00 04 00 08 00 00 00 00")).has_value());
  }
  SECTION("wrong cause code") {
    CHECK_FALSE(OutOfResourceCause::Parse(Hex("00 03 00 04")).has_value());
  }
}

TEST_CASE("OutOfResourceCause: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 3> buf{};
  WireWriter out(buf);
  CHECK_FALSE(OutOfResourceCause::SerializeTo(out));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
