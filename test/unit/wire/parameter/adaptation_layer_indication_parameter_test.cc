#include "wire/parameter/adaptation_layer_indication_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("AdaptationLayerIndicationParameter: FromCapture", "[fast]") {
  // Wireshark, derived/usrsctp_CORPUS_CONNECT.pcap frame 55 (usrsctp seed
  // tsctp-000000), INIT chunk:
  // Adaptation Layer Indication parameter (Indication: 1988)
  //   Parameter type: Adaptation Layer Indication (0xc006), length 8
  //   Indication: 0x000007c4
  auto bytes = Hex("c0 06 00 08 00 00 07 c4");
  auto p = AdaptationLayerIndicationParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->adaptation_code_point() == 1988);
}

TEST_CASE("AdaptationLayerIndicationParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(AdaptationLayerIndicationParameter::SerializeTo(out, 0x80000001));
  REQUIRE(out.size() == 8);
  CHECK(test::ToHex(out.written()) == "c006000880000001");
  auto p = AdaptationLayerIndicationParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->adaptation_code_point() == 0x80000001);
  CHECK(p->ToString() ==
        "ADAPTATION_LAYER_INDICATION, adaptation_code_point=2147483649");
}

TEST_CASE("AdaptationLayerIndicationParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("c0 06 00 08 00 00 07 c4");
  REQUIRE(AdaptationLayerIndicationParameter::Parse(good).has_value());

  SECTION("shorter than the fixed size") {
    CHECK_FALSE(
        AdaptationLayerIndicationParameter::Parse(std::span(good).first(7))
            .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0c;
    CHECK_FALSE(AdaptationLayerIndicationParameter::Parse(b).has_value());
  }
  SECTION("longer than 8 bytes") {
    auto b = Hex("c0 06 00 0c 00 00 07 c4 00 00 00 00");
    CHECK_FALSE(AdaptationLayerIndicationParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x05;
    CHECK_FALSE(AdaptationLayerIndicationParameter::Parse(b).has_value());
  }
}

TEST_CASE(
    "AdaptationLayerIndicationParameter: does not write past a full buffer",
    "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  CHECK_FALSE(AdaptationLayerIndicationParameter::SerializeTo(out, 1));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
