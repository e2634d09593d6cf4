#include "wire/error_cause/invalid_mandatory_parameter_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.7 diagram.

TEST_CASE("InvalidMandatoryParameterCause: FromRfcDiagram", "[fast]") {
  //   Cause code: Invalid Mandatory Parameter (7), cause length 4
  auto bytes = Hex("00 07 00 04");
  auto c = InvalidMandatoryParameterCause::Parse(bytes);
  REQUIRE(c.has_value());
  CHECK(c->data().size() == 4);
  CHECK(c->ToString() == "INVALID_MANDATORY_PARAMETER");
}

TEST_CASE("InvalidMandatoryParameterCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(InvalidMandatoryParameterCause::SerializeTo(out));
  CHECK(test::ToHex(out.written()) == "00070004");
  auto c = InvalidMandatoryParameterCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(c->ToString() == "INVALID_MANDATORY_PARAMETER");
}

TEST_CASE("InvalidMandatoryParameterCause: rejects malformed causes",
          "[fast]") {
  SECTION("shorter than the header") {
    CHECK_FALSE(
        InvalidMandatoryParameterCause::Parse(Hex("00 07 00")).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    CHECK_FALSE(
        InvalidMandatoryParameterCause::Parse(Hex("00 07 00 08")).has_value());
  }
  SECTION("cause-specific information present") {
    CHECK_FALSE(
        InvalidMandatoryParameterCause::Parse(Hex("00 07 00 08 00 00 00 00"))
            .has_value());
  }
  SECTION("wrong cause code") {
    CHECK_FALSE(
        InvalidMandatoryParameterCause::Parse(Hex("00 02 00 04")).has_value());
  }
}

TEST_CASE("InvalidMandatoryParameterCause: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 3> buf{};
  WireWriter out(buf);
  CHECK_FALSE(InvalidMandatoryParameterCause::SerializeTo(out));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
