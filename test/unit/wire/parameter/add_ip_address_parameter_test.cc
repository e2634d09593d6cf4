#include "wire/parameter/add_ip_address_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("AddIpAddressParameter: FromCapture", "[fast]") {
  // Wireshark, wireshark-samples_via_aboutsip-pkts/sctp-addip.cap frame 6,
  // inside the ASCONF chunk:
  // Add IP address parameter (Address: 192.168.0.102, correlation ID: 0)
  //   Parameter type: Add IP address (0xc001), length 16
  //   Correlation_id: 0x00000000
  //   IPv4 address parameter (Address: 192.168.0.102), type 0x0005, length 8
  auto bytes = Hex("c0 01 00 10 00 00 00 00 00 05 00 08 c0 a8 00 66");
  auto p = AddIpAddressParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->correlation_id() == 0);
  CHECK(test::ToHex(p->address_parameter()) == "00050008c0a80066");
  CHECK(p->ToString() ==
        "ADD_IP_ADDRESS, correlation_id=0, address=192.168.0.102");
}

TEST_CASE("AddIpAddressParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  SECTION("IPv4") {
    auto address = Hex("00 05 00 08 0a 00 00 01");
    REQUIRE(AddIpAddressParameter::SerializeTo(out, 0x01020304, address));
    REQUIRE(out.size() == 16);
    auto p = AddIpAddressParameter::Parse(out.written());
    REQUIRE(p.has_value());
    CHECK(p->correlation_id() == 0x01020304);
    CHECK(test::ToHex(p->address_parameter()) == "000500080a000001");
    CHECK(p->ToString() ==
          "ADD_IP_ADDRESS, correlation_id=16909060, address=10.0.0.1");
  }
  SECTION("IPv6") {
    auto address =
        Hex("00 06 00 14 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 ab cd");
    REQUIRE(AddIpAddressParameter::SerializeTo(out, 0xffffffff, address));
    REQUIRE(out.size() == 28);
    auto p = AddIpAddressParameter::Parse(out.written());
    REQUIRE(p.has_value());
    CHECK(p->correlation_id() == 0xffffffff);
    CHECK(p->address_parameter().size() == 20);
    CHECK(p->ToString() ==
          "ADD_IP_ADDRESS, correlation_id=4294967295, "
          "address=2001:db8:0:0:0:0:0:abcd");
  }
}

TEST_CASE("AddIpAddressParameter: rejects malformed parameters", "[fast]") {
  auto good = Hex("c0 01 00 10 00 00 00 07 00 05 00 08 0a 00 00 01");
  REQUIRE(AddIpAddressParameter::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    CHECK_FALSE(
        AddIpAddressParameter::Parse(std::span(good).first(7)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x14;
    CHECK_FALSE(AddIpAddressParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x02;
    CHECK_FALSE(AddIpAddressParameter::Parse(b).has_value());
  }
  SECTION("no Address parameter") {
    CHECK_FALSE(AddIpAddressParameter::Parse(Hex("c0 01 00 08 00 00 00 07"))
                    .has_value());
  }
  SECTION("body not a multiple of 4") {
    auto b = Hex("c0 01 00 0e 00 00 00 07 00 05 00 06 0a 00");
    CHECK_FALSE(AddIpAddressParameter::Parse(b).has_value());
  }
  SECTION("Address parameter of another type") {
    auto b = good;
    b[9] = 0x0b;  // Host Name Address
    CHECK_FALSE(AddIpAddressParameter::Parse(b).has_value());
  }
  SECTION("IPv4 Address parameter with a wrong length") {
    auto b = good;
    b[11] = 0x0c;
    CHECK_FALSE(AddIpAddressParameter::Parse(b).has_value());
  }
  SECTION("IPv6 type with an IPv4-sized address") {
    auto b = good;
    b[9] = 0x06;
    CHECK_FALSE(AddIpAddressParameter::Parse(b).has_value());
  }
  SECTION("trailing bytes after the Address parameter") {
    auto b = Hex("c0 01 00 14 00 00 00 07 00 05 00 08 0a 00 00 01 00 00 00 00");
    CHECK_FALSE(AddIpAddressParameter::Parse(b).has_value());
  }
}

TEST_CASE("AddIpAddressParameter: serialization refuses a malformed address",
          "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  CHECK_FALSE(
      AddIpAddressParameter::SerializeTo(out, 1, Hex("00 05 00 08 0a 00 00")));
  CHECK_FALSE(AddIpAddressParameter::SerializeTo(
      out, 1, Hex("00 06 00 08 0a 00 00 01")));
  CHECK_FALSE(AddIpAddressParameter::SerializeTo(out, 1, {}));
  CHECK(out.size() == 0);
}

TEST_CASE("AddIpAddressParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 12> buf{};
  WireWriter out(buf);
  CHECK_FALSE(AddIpAddressParameter::SerializeTo(
      out, 1, Hex("00 05 00 08 0a 00 00 01")));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
