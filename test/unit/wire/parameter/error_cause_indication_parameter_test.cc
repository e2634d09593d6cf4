#include "wire/parameter/error_cause_indication_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "common/byte_order.h"
#include "test/support/bytes.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("ErrorCauseIndicationParameter: FromRfcDiagram", "[fast]") {
  // No capture in the corpus has this parameter; built by hand from the RFC
  // 5061 §4.2.3 diagram: type 0xc003, length 20, correlation ID 0x01000000,
  // one Unresolvable Address cause (RFC 9260 §3.3.10.5) wrapping the IPv4
  // Address parameter 127.1.1.1.
  auto bytes =
      Hex("c0 03 00 14 01 00 00 00 00 05 00 0c 00 05 00 08"
          "7f 01 01 01");
  auto p = ErrorCauseIndicationParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->correlation_id() == 0x01000000);
  TlvIterator it(p->error_causes());
  auto cause = it.Next();
  REQUIRE(cause.has_value());
  CHECK(cause->type == 5);
  CHECK(test::ToHex(cause->value()) == "000500087f010101");
  CHECK_FALSE(it.Next().has_value());
  CHECK(it.error() == TlvError::kNone);
  CHECK(p->ToString() ==
        "ERROR_CAUSE_INDICATION, correlation_id=16777216, "
        "UNRESOLVABLE_ADDRESS");
}

TEST_CASE("ErrorCauseIndicationParameter: RoundTrip", "[fast]") {
  // Out of Resource (length 4), then Operation Refused Due to Resource
  // Shortage carrying a copied Add IP Address parameter.
  auto causes =
      Hex("00 04 00 04"
          "00 a1 00 14 c0 01 00 10 00 00 00 09 00 05 00 08 0a 00 00 02");
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  REQUIRE(ErrorCauseIndicationParameter::SerializeTo(out, 9, causes));
  REQUIRE(out.size() == 8 + causes.size());
  auto p = ErrorCauseIndicationParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->correlation_id() == 9);
  CHECK(test::ToHex(p->error_causes()) == test::ToHex(causes));
  CHECK(p->ToString() ==
        "ERROR_CAUSE_INDICATION, correlation_id=9, OUT_OF_RESOURCE, "
        "OPERATION_REFUSED_NO_RESOURCE");
}

TEST_CASE("ErrorCauseIndicationParameter: OpenTo and CloseTlv build in place",
          "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto start = ErrorCauseIndicationParameter::OpenTo(out, 5);
  REQUIRE(start.has_value());
  // Unsupported HMAC Identifier: Length 6, so the parameter's Length does
  // not count the 2 bytes of padding after it.
  const std::array<uint8_t, 6> cause{0x01, 0x05, 0x00, 0x06, 0x00, 0x02};
  REQUIRE(out.AppendBytes(cause));
  REQUIRE(ErrorCauseIndicationParameter::CloseTlv(out, *start));
  REQUIRE(out.size() == 16);
  CHECK(LoadBe16(out.written().data() + 2) == 14);
  auto p = ErrorCauseIndicationParameter::Parse(out.written().first(14));
  REQUIRE(p.has_value());
  CHECK(p->correlation_id() == 5);
  CHECK(ValidateTlvList(p->error_causes()) == 1);
}

TEST_CASE("ErrorCauseIndicationParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("c0 03 00 0c 00 00 00 01 00 04 00 04");
  REQUIRE(ErrorCauseIndicationParameter::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    CHECK_FALSE(ErrorCauseIndicationParameter::Parse(std::span(good).first(7))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x10;
    CHECK_FALSE(ErrorCauseIndicationParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x05;
    CHECK_FALSE(ErrorCauseIndicationParameter::Parse(b).has_value());
  }
  SECTION("cause runs past the end") {
    auto b = good;
    b[11] = 0x08;
    CHECK_FALSE(ErrorCauseIndicationParameter::Parse(b).has_value());
  }
  SECTION("cause with a length below 4") {
    auto b = good;
    b[11] = 0x03;
    CHECK_FALSE(ErrorCauseIndicationParameter::Parse(b).has_value());
  }
  SECTION("truncated cause header") {
    auto b = Hex("c0 03 00 0a 00 00 00 01 00 04");
    CHECK_FALSE(ErrorCauseIndicationParameter::Parse(b).has_value());
  }
}

TEST_CASE("ErrorCauseIndicationParameter: serialization refuses bad input",
          "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto bad = Hex("00 04 00 08");
  CHECK_FALSE(ErrorCauseIndicationParameter::SerializeTo(out, 1, bad));
  CHECK(out.size() == 0);
}

TEST_CASE("ErrorCauseIndicationParameter: does not write past a full buffer",
          "[fast]") {
  auto causes = Hex("00 04 00 04");
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ErrorCauseIndicationParameter::SerializeTo(out, 1, causes));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
  std::array<uint8_t, 4> tiny{};
  WireWriter out2(tiny);
  CHECK_FALSE(ErrorCauseIndicationParameter::OpenTo(out2, 1).has_value());
  CHECK(out2.size() == 0);
}

}  // namespace
}  // namespace dpsctp::wire
