#include "wire/parameter/zero_checksum_acceptable_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("ZeroChecksumAcceptableParameter: FromRfcDiagram", "[fast]") {
  // No capture in the corpus has this parameter; built by hand from the RFC
  // 9653 §4 diagram: type 0x8001, length 8, EDMID 1 (SCTP over DTLS).
  auto bytes = Hex("80 01 00 08 00 00 00 01");
  auto p = ZeroChecksumAcceptableParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->edmid() == ZeroChecksumAcceptableParameter::kEdmidSctpOverDtls);
}

TEST_CASE("ZeroChecksumAcceptableParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(ZeroChecksumAcceptableParameter::SerializeTo(out, 0x12345678));
  REQUIRE(out.size() == 8);
  CHECK(test::ToHex(out.written()) == "8001000812345678");
  auto p = ZeroChecksumAcceptableParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->edmid() == 0x12345678);
  CHECK(p->ToString() == "ZERO_CHECKSUM_ACCEPTABLE, edmid=305419896");
}

TEST_CASE("ZeroChecksumAcceptableParameter: parses reserved EDMID 0",
          "[fast]") {
  auto bytes = Hex("80 01 00 08 00 00 00 00");
  auto p = ZeroChecksumAcceptableParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->edmid() == ZeroChecksumAcceptableParameter::kEdmidReserved);
}

TEST_CASE("ZeroChecksumAcceptableParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("80 01 00 08 00 00 00 01");
  REQUIRE(ZeroChecksumAcceptableParameter::Parse(good).has_value());

  SECTION("shorter than the fixed size") {
    CHECK_FALSE(ZeroChecksumAcceptableParameter::Parse(std::span(good).first(7))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0c;
    CHECK_FALSE(ZeroChecksumAcceptableParameter::Parse(b).has_value());
  }
  SECTION("longer than 8 bytes") {
    auto b = Hex("80 01 00 0c 00 00 00 01 00 00 00 00");
    CHECK_FALSE(ZeroChecksumAcceptableParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x00;
    CHECK_FALSE(ZeroChecksumAcceptableParameter::Parse(b).has_value());
  }
}

TEST_CASE("ZeroChecksumAcceptableParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 7> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ZeroChecksumAcceptableParameter::SerializeTo(out, 1));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
