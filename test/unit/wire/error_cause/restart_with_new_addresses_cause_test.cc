#include "wire/error_cause/restart_with_new_addresses_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"
#include "wire/parameter/ipv4_address_parameter.h"
#include "wire/parameter/ipv6_address_parameter.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.11 diagram, listing address parameters
// taken from sctp001.pcap frame 2.

TEST_CASE("RestartWithNewAddressesCause: FromRfcDiagram", "[fast]") {
  //   Cause code: Restart with new addresses (11), cause length 32
  //   IPv4 address parameter: 10.36.10.77
  //   IPv6 address parameter: fe80::a1d4:26c9:8ed0:30ba
  auto bytes =
      Hex("00 0b 00 20"
          "00 05 00 08 0a 24 0a 4d"
          "00 06 00 14 fe 80 00 00 00 00 00 00 a1 d4 26 c9 8e d0 30 ba");
  auto c = RestartWithNewAddressesCause::Parse(bytes);
  REQUIRE(c.has_value());
  TlvIterator it(c->new_addresses());
  auto first = it.Next();
  REQUIRE(first.has_value());
  auto v4 = Ipv4AddressParameter::Parse(first->data);
  REQUIRE(v4.has_value());
  CHECK(v4->address() == Ipv4AddressParameter::Address{10, 36, 10, 77});
  auto second = it.Next();
  REQUIRE(second.has_value());
  auto v6 = Ipv6AddressParameter::Parse(second->data);
  REQUIRE(v6.has_value());
  CHECK(test::ToHex(v6->address()) == "fe80000000000000a1d426c98ed030ba");
  CHECK_FALSE(it.Next().has_value());
  CHECK(it.error() == TlvError::kNone);
  CHECK(c->ToString() == "RESTART_WITH_NEW_ADDRESSES, types=5,6");
}

TEST_CASE("RestartWithNewAddressesCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  auto addresses = Hex("00 05 00 08 c0 00 02 01");
  REQUIRE(RestartWithNewAddressesCause::SerializeTo(out, addresses));
  CHECK(test::ToHex(out.written()) ==
        "000b000c"
        "00050008c0000201");
  auto c = RestartWithNewAddressesCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(test::ToHex(c->new_addresses()) == "00050008c0000201");
  CHECK(c->ToString() == "RESTART_WITH_NEW_ADDRESSES, types=5");
}

TEST_CASE("RestartWithNewAddressesCause: rejects malformed causes", "[fast]") {
  auto good = Hex("00 0b 00 0c 00 05 00 08 c0 00 02 01");
  REQUIRE(RestartWithNewAddressesCause::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(RestartWithNewAddressesCause::Parse(std::span(good).first(3))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x10;
    CHECK_FALSE(RestartWithNewAddressesCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0x0c;
    CHECK_FALSE(RestartWithNewAddressesCause::Parse(b).has_value());
  }
  SECTION("no address") {
    CHECK_FALSE(
        RestartWithNewAddressesCause::Parse(Hex("00 0b 00 04")).has_value());
  }
  SECTION("address length past the end") {
    auto b = good;
    b[7] = 0x14;
    CHECK_FALSE(RestartWithNewAddressesCause::Parse(b).has_value());
  }
  SECTION("trailing bytes that are not a TLV") {
    auto b = Hex("00 0b 00 0e 00 05 00 08 c0 00 02 01 00 00");
    CHECK_FALSE(RestartWithNewAddressesCause::Parse(b).has_value());
  }
}

TEST_CASE("RestartWithNewAddressesCause: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  auto addresses = Hex("00 05 00 08 c0 00 02 01");
  CHECK_FALSE(RestartWithNewAddressesCause::SerializeTo(out, addresses));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
