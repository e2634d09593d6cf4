#include "wire/parameter/heartbeat_info_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("HeartbeatInfoParameter: FromCapture", "[fast]") {
  // Wireshark, sctp.cap frame 3 (HEARTBEAT chunk, length 24):
  // Heartbeat info parameter (Information: 16 bytes)
  //   Parameter type: Heartbeat info (0x0001)
  //   Parameter length: 20
  //   Heartbeat information: 40e44b920a1c062c1b66af7e00000000
  auto bytes =
      Hex("00 01 00 14 40 e4 4b 92 0a 1c 06 2c 1b 66 af 7e"
          "00 00 00 00");
  auto p = HeartbeatInfoParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(test::ToHex(p->info()) == "40e44b920a1c062c1b66af7e00000000");
  CHECK(p->data().size() == 20);
  CHECK(p->ToString() == "HEARTBEAT_INFO, info_length=16");
}

TEST_CASE("HeartbeatInfoParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto info = Hex("01 02 03 04 05");
  REQUIRE(HeartbeatInfoParameter::SerializeTo(out, info));
  // Length 9 is padded to 12 with zeros.
  CHECK(test::ToHex(out.written()) == "000100090102030405000000");
  auto p = HeartbeatInfoParameter::Parse(out.written().first(9));
  REQUIRE(p.has_value());
  CHECK(test::ToHex(p->info()) == "0102030405");
  CHECK(p->ToString() == "HEARTBEAT_INFO, info_length=5");
}

TEST_CASE("HeartbeatInfoParameter: RoundTrip with empty info", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(HeartbeatInfoParameter::SerializeTo(out, {}));
  CHECK(test::ToHex(out.written()) == "00010004");
  auto p = HeartbeatInfoParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->info().empty());
}

TEST_CASE("HeartbeatInfoParameter: rejects malformed parameters", "[fast]") {
  auto good = Hex("00 01 00 08 aa bb cc dd");
  REQUIRE(HeartbeatInfoParameter::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(
        HeartbeatInfoParameter::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0c;
    CHECK_FALSE(HeartbeatInfoParameter::Parse(b).has_value());
  }
  SECTION("length field below the header size") {
    auto b = good;
    b[3] = 0x02;
    CHECK_FALSE(HeartbeatInfoParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x07;
    CHECK_FALSE(HeartbeatInfoParameter::Parse(b).has_value());
  }
  SECTION("type differs only in the high byte") {
    auto b = good;
    b[0] = 0x80;
    CHECK_FALSE(HeartbeatInfoParameter::Parse(b).has_value());
  }
}

TEST_CASE("HeartbeatInfoParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  auto info = Hex("01 02 03 04 05");
  CHECK_FALSE(HeartbeatInfoParameter::SerializeTo(out, info));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
