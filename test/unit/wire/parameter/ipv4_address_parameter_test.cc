#include "wire/parameter/ipv4_address_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("Ipv4AddressParameter: FromCapture", "[fast]") {
  // Wireshark, sctp-www.cap frame 1 (INIT, first parameter):
  // IPv4 address parameter (Address: 155.230.24.155)
  //   Parameter type: IPv4 address (0x0005)
  //   Parameter length: 8
  //   IP Version 4 address: 155.230.24.155
  auto bytes = Hex("00 05 00 08 9b e6 18 9b");
  auto p = Ipv4AddressParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->address() == Ipv4AddressParameter::Address{155, 230, 24, 155});
  CHECK(p->address_value() == 0x9be6189bu);
  CHECK(p->ToString() == "IPV4_ADDRESS, address=155.230.24.155");
}

TEST_CASE("Ipv4AddressParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(Ipv4AddressParameter::SerializeTo(out, {192, 0, 2, 255}));
  CHECK(test::ToHex(out.written()) == "00050008c00002ff");
  auto p = Ipv4AddressParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->address() == Ipv4AddressParameter::Address{192, 0, 2, 255});
  CHECK(p->address_value() == 0xc00002ffu);
  CHECK(p->ToString() == "IPV4_ADDRESS, address=192.0.2.255");
}

TEST_CASE("Ipv4AddressParameter: rejects malformed parameters", "[fast]") {
  auto good = Hex("00 05 00 08 7f 00 00 01");
  REQUIRE(Ipv4AddressParameter::Parse(good).has_value());

  SECTION("shorter than the address") {
    CHECK_FALSE(
        Ipv4AddressParameter::Parse(std::span(good).first(7)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x07;
    CHECK_FALSE(Ipv4AddressParameter::Parse(b).has_value());
  }
  SECTION("longer than 8 bytes, consistently") {
    auto b = Hex("00 05 00 0c 7f 00 00 01 00 00 00 00");
    CHECK_FALSE(Ipv4AddressParameter::Parse(b).has_value());
  }
  SECTION("an IPv6 address parameter") {
    auto b = Hex("00 06 00 08 7f 00 00 01");
    CHECK_FALSE(Ipv4AddressParameter::Parse(b).has_value());
  }
}

TEST_CASE("Ipv4AddressParameter: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 7> buf{};
  WireWriter out(buf);
  CHECK_FALSE(Ipv4AddressParameter::SerializeTo(out, {10, 0, 0, 1}));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
