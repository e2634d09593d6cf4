#include "wire/parameter/ecn_capable_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("EcnCapableParameter: FromCapture", "[fast]") {
  // Wireshark, sctp-www.cap frame 1 (INIT, fourth parameter):
  // ECN parameter
  //   Parameter type: ECN (0x8000)
  //     1... .... .... .... = Bit: Skip parameter and continue processing
  //     .0.. .... .... .... = Bit: Do not report
  //   Parameter length: 4
  auto bytes = Hex("80 00 00 04");
  auto p = EcnCapableParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->data().size() == 4);
  CHECK(p->ToString() == "ECN_CAPABLE");
}

TEST_CASE("EcnCapableParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(EcnCapableParameter::SerializeTo(out));
  CHECK(test::ToHex(out.written()) == "80000004");
  auto p = EcnCapableParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->ToString() == "ECN_CAPABLE");
}

TEST_CASE("EcnCapableParameter: rejects malformed parameters", "[fast]") {
  SECTION("shorter than the header") {
    CHECK_FALSE(EcnCapableParameter::Parse(Hex("80 00 00")).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    CHECK_FALSE(EcnCapableParameter::Parse(Hex("80 00 00 08")).has_value());
  }
  SECTION("a value is present") {
    CHECK_FALSE(
        EcnCapableParameter::Parse(Hex("80 00 00 08 00 00 00 00")).has_value());
  }
  SECTION("wrong type") {
    CHECK_FALSE(EcnCapableParameter::Parse(Hex("80 01 00 04")).has_value());
    CHECK_FALSE(EcnCapableParameter::Parse(Hex("00 00 00 04")).has_value());
  }
}

TEST_CASE("EcnCapableParameter: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 3> buf{};
  WireWriter out(buf);
  CHECK_FALSE(EcnCapableParameter::SerializeTo(out));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
