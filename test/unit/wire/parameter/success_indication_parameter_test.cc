#include "wire/parameter/success_indication_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("SuccessIndicationParameter: FromRfcDiagram", "[fast]") {
  // No capture in the corpus has this parameter (the ASCONF-ACKs there
  // report complete success with no parameter); built by hand from the RFC
  // 5061 §4.2.5 diagram: type 0xc005, length 8, correlation ID 0x01000000.
  auto bytes = Hex("c0 05 00 08 01 00 00 00");
  auto p = SuccessIndicationParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->correlation_id() == 0x01000000);
}

TEST_CASE("SuccessIndicationParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(SuccessIndicationParameter::SerializeTo(out, 0xfffffffe));
  REQUIRE(out.size() == 8);
  CHECK(test::ToHex(out.written()) == "c0050008fffffffe");
  auto p = SuccessIndicationParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->correlation_id() == 0xfffffffe);
  CHECK(p->ToString() == "SUCCESS_INDICATION, correlation_id=4294967294");
}

TEST_CASE("SuccessIndicationParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("c0 05 00 08 00 00 00 01");
  REQUIRE(SuccessIndicationParameter::Parse(good).has_value());

  SECTION("shorter than the fixed size") {
    CHECK_FALSE(SuccessIndicationParameter::Parse(std::span(good).first(7))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0c;
    CHECK_FALSE(SuccessIndicationParameter::Parse(b).has_value());
  }
  SECTION("longer than 8 bytes") {
    auto b = Hex("c0 05 00 0c 00 00 00 01 00 00 00 00");
    CHECK_FALSE(SuccessIndicationParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x03;
    CHECK_FALSE(SuccessIndicationParameter::Parse(b).has_value());
  }
}

TEST_CASE("SuccessIndicationParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 7> buf{};
  WireWriter out(buf);
  CHECK_FALSE(SuccessIndicationParameter::SerializeTo(out, 1));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
