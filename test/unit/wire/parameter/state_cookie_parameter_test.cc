#include "wire/parameter/state_cookie_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("StateCookieParameter: FromCapture", "[fast]") {
  // Wireshark, community-id-spec/sctp.pcap frame 2 (INIT_ACK, first
  // parameter):
  // State cookie parameter (Cookie length: 100 bytes)
  //   Parameter type: State cookie (0x0007)
  //   Parameter length: 104
  //   State cookie: 00000eb0000010000011001100003614432325440000ffff...
  auto bytes =
      Hex("00 07 00 68"
          "00 00 0e b0 00 00 10 00 00 11 00 11 00 00 36 14"
          "43 23 25 44 00 00 ff ff 00 11 00 11 5c fe 37 9f"
          "07 00 07 00 00 00 00 00 00 00 00 00 a2 85 b1 3f"
          "10 27 00 00 17 cd 8f 1c 11 76 9b 04 55 c0 d0 f2"
          "2c 3e 7c 35 00 01 00 01 00 00 00 00 00 00 00 00"
          "00 05 00 08 c0 a8 aa 38 00 05 00 08 c0 a8 aa 08"
          "c0 00 00 04");
  REQUIRE(bytes.size() == 104);
  auto p = StateCookieParameter::Parse(bytes);
  REQUIRE(p.has_value());
  REQUIRE(p->cookie().size() == 100);
  CHECK(test::ToHex(p->cookie().first(8)) == "00000eb000001000");
  CHECK(test::ToHex(p->cookie().last(4)) == "c0000004");
  CHECK(p->cookie().data() == bytes.data() + 4);  // a view, not a copy
  CHECK(p->ToString() == "STATE_COOKIE, cookie_length=100");
}

TEST_CASE("StateCookieParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto cookie = Hex("de ad be ef 01 02 03");
  REQUIRE(StateCookieParameter::SerializeTo(out, cookie));
  CHECK(test::ToHex(out.written()) == "0007000bdeadbeef01020300");
  auto p = StateCookieParameter::Parse(out.written().first(11));
  REQUIRE(p.has_value());
  CHECK(test::ToHex(p->cookie()) == "deadbeef010203");
  CHECK(p->ToString() == "STATE_COOKIE, cookie_length=7");
}

TEST_CASE("StateCookieParameter: rejects malformed parameters", "[fast]") {
  auto good = Hex("00 07 00 08 01 02 03 04");
  REQUIRE(StateCookieParameter::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(
        StateCookieParameter::Parse(std::span(good).first(2)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x09;
    CHECK_FALSE(StateCookieParameter::Parse(b).has_value());
  }
  SECTION("length field below the header size") {
    auto b = good;
    b[3] = 0x00;
    CHECK_FALSE(StateCookieParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x08;
    CHECK_FALSE(StateCookieParameter::Parse(b).has_value());
  }
}

TEST_CASE("StateCookieParameter: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  auto cookie = Hex("01 02 03 04 05");
  CHECK_FALSE(StateCookieParameter::SerializeTo(out, cookie));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
