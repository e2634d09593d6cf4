#include "wire/parameter/forward_tsn_supported_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("ForwardTsnSupportedParameter: FromCapture", "[fast]") {
  // 5greplay/oai.pcap frame 43, last parameter of an INIT chunk:
  //   Forward TSN supported parameter
  //     Parameter type: Forward TSN supported (0xc000)
  //     Parameter length: 4
  auto bytes = Hex("c0 00 00 04");
  auto p = ForwardTsnSupportedParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->data().size() == 4);
}

TEST_CASE("ForwardTsnSupportedParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(ForwardTsnSupportedParameter::SerializeTo(out));
  CHECK(test::ToHex(out.written()) == "c0000004");
  auto p = ForwardTsnSupportedParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->ToString() == "FORWARD_TSN_SUPPORTED");
}

TEST_CASE("ForwardTsnSupportedParameter: rejects malformed parameters",
          "[fast]") {
  SECTION("too short") {
    auto b = Hex("c0 00 00");
    CHECK_FALSE(ForwardTsnSupportedParameter::Parse(b).has_value());
  }
  SECTION("a value where none is allowed") {
    // RFC 3758 §3.1: the Length "Indicates the size of the parameter,
    // i.e., 4."
    auto b = Hex("c0 00 00 08 00 00 00 00");
    CHECK_FALSE(ForwardTsnSupportedParameter::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = Hex("c0 00 00 08");
    CHECK_FALSE(ForwardTsnSupportedParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    CHECK_FALSE(
        ForwardTsnSupportedParameter::Parse(Hex("80 00 00 04")).has_value());
  }
}

TEST_CASE("ForwardTsnSupportedParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 3> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ForwardTsnSupportedParameter::SerializeTo(out));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
