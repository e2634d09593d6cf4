#include "wire/parameter/supported_address_types_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("SupportedAddressTypesParameter: FromCapture", "[fast]") {
  // Wireshark, sctp-www.cap frame 1 (INIT, third parameter):
  // Supported address types parameter (Supported types: IPv4)
  //   Parameter type: Supported address types (0x000c)
  //   Parameter length: 6
  //   Supported address type: IPv4 address (5)
  //   Parameter padding: 0000
  auto padded = Hex("00 0c 00 06 00 05 00 00");
  auto p = SupportedAddressTypesParameter::Parse(std::span(padded).first(6));
  REQUIRE(p.has_value());
  REQUIRE(p->address_type_count() == 1);
  CHECK(p->address_type(0) == 5);
  CHECK(p->HasAddressType(5));
  CHECK_FALSE(p->HasAddressType(6));
  CHECK(p->ToString() == "SUPPORTED_ADDRESS_TYPES, types=5");
}

TEST_CASE("SupportedAddressTypesParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  std::array<uint16_t, 3> types{5, 6, 11};
  REQUIRE(SupportedAddressTypesParameter::SerializeTo(out, types));
  // Length 10, padded to 12.
  CHECK(test::ToHex(out.written()) == "000c000a00050006000b0000");
  auto p = SupportedAddressTypesParameter::Parse(out.written().first(10));
  REQUIRE(p.has_value());
  REQUIRE(p->address_type_count() == 3);
  CHECK(p->address_type(0) == 5);
  CHECK(p->address_type(1) == 6);
  CHECK(p->address_type(2) == 11);
  CHECK(p->HasAddressType(6));
  CHECK(p->ToString() == "SUPPORTED_ADDRESS_TYPES, types=5,6,11");
}

TEST_CASE("SupportedAddressTypesParameter: RoundTrip of an even count",
          "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  std::array<uint16_t, 2> types{6, 5};
  REQUIRE(SupportedAddressTypesParameter::SerializeTo(out, types));
  CHECK(test::ToHex(out.written()) == "000c000800060005");
  auto p = SupportedAddressTypesParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->address_type_count() == 2);
}

TEST_CASE("SupportedAddressTypesParameter: accepts an empty list", "[fast]") {
  auto bytes = Hex("00 0c 00 04");
  auto p = SupportedAddressTypesParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->address_type_count() == 0);
  CHECK_FALSE(p->HasAddressType(5));
  CHECK(p->ToString() == "SUPPORTED_ADDRESS_TYPES");
}

TEST_CASE("SupportedAddressTypesParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("00 0c 00 08 00 05 00 06");
  REQUIRE(SupportedAddressTypesParameter::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(SupportedAddressTypesParameter::Parse(std::span(good).first(3))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x06;
    CHECK_FALSE(SupportedAddressTypesParameter::Parse(b).has_value());
  }
  SECTION("half an address type") {
    CHECK_FALSE(
        SupportedAddressTypesParameter::Parse(Hex("00 0c 00 07 00 05 00"))
            .has_value());
  }
  SECTION("Length counting the padding is still a whole number of types") {
    // 00 05 00 00: type 5 and type 0; accepted, the caller ignores type 0.
    auto b = Hex("00 0c 00 08 00 05 00 00");
    auto p = SupportedAddressTypesParameter::Parse(b);
    REQUIRE(p.has_value());
    CHECK(p->address_type_count() == 2);
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x0b;
    CHECK_FALSE(SupportedAddressTypesParameter::Parse(b).has_value());
  }
}

TEST_CASE("SupportedAddressTypesParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 7> buf{};
  WireWriter out(buf);
  std::array<uint16_t, 1> types{5};
  CHECK_FALSE(SupportedAddressTypesParameter::SerializeTo(out, types));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
