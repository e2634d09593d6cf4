#include "wire/parameter/ipv6_address_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("Ipv6AddressParameter: FromCapture", "[fast]") {
  // Wireshark, sctp001.pcap frame 2 (INIT_ACK, fourth parameter):
  // IPv6 address parameter (Address: fe80::a1d4:26c9:8ed0:30ba)
  //   Parameter type: IPv6 address (0x0006)
  //   Parameter length: 20
  //   IP Version 6 address: fe80::a1d4:26c9:8ed0:30ba
  auto bytes =
      Hex("00 06 00 14 fe 80 00 00 00 00 00 00 a1 d4 26 c9"
          "8e d0 30 ba");
  auto p = Ipv6AddressParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(test::ToHex(p->address()) == "fe80000000000000a1d426c98ed030ba");
  CHECK_FALSE(p->is_ipv4_mapped());
  CHECK(p->ToString() ==
        "IPV6_ADDRESS, address=fe80:0:0:0:a1d4:26c9:8ed0:30ba");
}

TEST_CASE("Ipv6AddressParameter: FromCapture loopback", "[fast]") {
  // Wireshark, sctp001.pcap frame 2 (INIT_ACK, second parameter):
  // IPv6 address parameter (Address: ::1), length 20
  auto bytes =
      Hex("00 06 00 14 00 00 00 00 00 00 00 00 00 00 00 00"
          "00 00 00 01");
  auto p = Ipv6AddressParameter::Parse(bytes);
  REQUIRE(p.has_value());
  Ipv6AddressParameter::Address loopback{};
  loopback[15] = 1;
  CHECK(p->address() == loopback);
  CHECK(p->ToString() == "IPV6_ADDRESS, address=0:0:0:0:0:0:0:1");
}

TEST_CASE("Ipv6AddressParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 20> buf{};
  WireWriter out(buf);
  Ipv6AddressParameter::Address a{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0,    0,
                                  0,    0,    0,    0,    0, 0, 0xab, 0xcd};
  REQUIRE(Ipv6AddressParameter::SerializeTo(out, a));
  CHECK(test::ToHex(out.written()) ==
        "00060014"
        "20010db800000000000000000000abcd");
  auto p = Ipv6AddressParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->address() == a);
  CHECK_FALSE(p->is_ipv4_mapped());
  CHECK(p->ToString() == "IPV6_ADDRESS, address=2001:db8:0:0:0:0:0:abcd");
}

TEST_CASE("Ipv6AddressParameter: reports IPv4-mapped addresses", "[fast]") {
  // ::ffff:192.0.2.1, built by hand (RFC 4291 §2.5.5.2).
  auto bytes =
      Hex("00 06 00 14 00 00 00 00 00 00 00 00 00 00 ff ff"
          "c0 00 02 01");
  auto p = Ipv6AddressParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->is_ipv4_mapped());
}

TEST_CASE("Ipv6AddressParameter: rejects malformed parameters", "[fast]") {
  auto good =
      Hex("00 06 00 14 00 00 00 00 00 00 00 00 00 00 00 00"
          "00 00 00 01");
  REQUIRE(Ipv6AddressParameter::Parse(good).has_value());

  SECTION("shorter than the address") {
    CHECK_FALSE(
        Ipv6AddressParameter::Parse(std::span(good).first(19)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x10;
    CHECK_FALSE(Ipv6AddressParameter::Parse(b).has_value());
  }
  SECTION("an IPv4-sized parameter") {
    auto b = Hex("00 06 00 08 7f 00 00 01");
    CHECK_FALSE(Ipv6AddressParameter::Parse(b).has_value());
  }
  SECTION("longer than 20 bytes, consistently") {
    auto b = good;
    b.insert(b.end(), {0, 0, 0, 0});
    b[3] = 0x18;
    CHECK_FALSE(Ipv6AddressParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x05;
    CHECK_FALSE(Ipv6AddressParameter::Parse(b).has_value());
  }
}

TEST_CASE("Ipv6AddressParameter: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 19> buf{};
  WireWriter out(buf);
  CHECK_FALSE(Ipv6AddressParameter::SerializeTo(out, {}));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
