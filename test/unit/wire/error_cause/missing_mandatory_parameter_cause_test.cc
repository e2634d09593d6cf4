#include "wire/error_cause/missing_mandatory_parameter_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.2 diagram.

TEST_CASE("MissingMandatoryParameterCause: FromRfcDiagram", "[fast]") {
  // An INIT ACK without its State Cookie:
  //   Cause code: Missing mandatory parameter (2), cause length 10
  //   Number of missing parameters: 1
  //   Missing parameter type: State cookie (7)
  //   (2 bytes of padding, not counted)
  auto padded = Hex("00 02 00 0a 00 00 00 01 00 07 00 00");
  auto c = MissingMandatoryParameterCause::Parse(std::span(padded).first(10));
  REQUIRE(c.has_value());
  REQUIRE(c->missing_parameter_count() == 1);
  CHECK(c->missing_parameter_type(0) == 7);
  CHECK(c->ToString() == "MISSING_MANDATORY_PARAMETER, types=7");
}

TEST_CASE("MissingMandatoryParameterCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 20> buf{};
  WireWriter out(buf);
  std::array<uint16_t, 3> types{7, 5, 0xc000};
  REQUIRE(MissingMandatoryParameterCause::SerializeTo(out, types));
  // Length 8 + 3 * 2 = 14, padded to 16.
  CHECK(test::ToHex(out.written()) ==
        "0002000e"
        "00000003"
        "00070005c0000000");
  auto c = MissingMandatoryParameterCause::Parse(out.written().first(14));
  REQUIRE(c.has_value());
  REQUIRE(c->missing_parameter_count() == 3);
  CHECK(c->missing_parameter_type(0) == 7);
  CHECK(c->missing_parameter_type(1) == 5);
  CHECK(c->missing_parameter_type(2) == 0xc000);
  CHECK(c->ToString() == "MISSING_MANDATORY_PARAMETER, types=7,5,49152");
}

TEST_CASE("MissingMandatoryParameterCause: rejects malformed causes",
          "[fast]") {
  auto good = Hex("00 02 00 0c 00 00 00 02 00 07 00 05");
  REQUIRE(MissingMandatoryParameterCause::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    CHECK_FALSE(MissingMandatoryParameterCause::Parse(std::span(good).first(7))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0a;
    CHECK_FALSE(MissingMandatoryParameterCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0x07;
    CHECK_FALSE(MissingMandatoryParameterCause::Parse(b).has_value());
  }
  SECTION("count past the end") {
    auto b = good;
    b[7] = 3;
    CHECK_FALSE(MissingMandatoryParameterCause::Parse(b).has_value());
  }
  SECTION("count short of the length") {
    auto b = good;
    b[7] = 1;
    CHECK_FALSE(MissingMandatoryParameterCause::Parse(b).has_value());
  }
  SECTION("huge count") {
    auto b = good;
    b[4] = 0x80;
    b[7] = 0x02;
    CHECK_FALSE(MissingMandatoryParameterCause::Parse(b).has_value());
  }
  SECTION("nothing missing") {
    auto b = Hex("00 02 00 08 00 00 00 00");
    CHECK_FALSE(MissingMandatoryParameterCause::Parse(b).has_value());
  }
  SECTION("half a parameter type") {
    auto b = Hex("00 02 00 09 00 00 00 01 00");
    CHECK_FALSE(MissingMandatoryParameterCause::Parse(b).has_value());
  }
}

TEST_CASE("MissingMandatoryParameterCause: refuses an empty list", "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  CHECK_FALSE(MissingMandatoryParameterCause::SerializeTo(out, {}));
  CHECK(out.size() == 0);
}

TEST_CASE("MissingMandatoryParameterCause: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 11> buf{};
  WireWriter out(buf);
  std::array<uint16_t, 1> types{7};
  CHECK_FALSE(MissingMandatoryParameterCause::SerializeTo(out, types));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
