#include "wire/error_cause/unrecognized_parameters_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.8 diagram.

TEST_CASE("UnrecognizedParametersCause: FromRfcDiagram", "[fast]") {
  // An INIT ACK receiver that knows neither Forward-TSN-Supported nor
  // Adaptation Layer Indication (both "skip and report", 11) reports the
  // two parameters of sctp-www.cap frame 1:
  //   Cause code: Unrecognized parameters (8), cause length 16
  //   Forward TSN supported (0xc000), length 4
  //   Adaptation layer indication (0xc006), length 8, indication 0
  auto bytes = Hex("00 08 00 10 c0 00 00 04 c0 06 00 08 00 00 00 00");
  auto c = UnrecognizedParametersCause::Parse(bytes);
  REQUIRE(c.has_value());
  TlvIterator it(c->unrecognized_parameters());
  auto first = it.Next();
  REQUIRE(first.has_value());
  CHECK(first->type == 0xc000);
  CHECK(first->data.size() == 4);
  auto second = it.Next();
  REQUIRE(second.has_value());
  CHECK(second->type == 0xc006);
  CHECK(test::ToHex(second->value()) == "00000000");
  CHECK_FALSE(it.Next().has_value());
  CHECK(it.error() == TlvError::kNone);
  CHECK(c->ToString() == "UNRECOGNIZED_PARAMETERS, types=49152,49158");
}

TEST_CASE("UnrecognizedParametersCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  // A padded 5-byte TLV, then an unpadded 6-byte one.
  auto params = Hex("80 0a 00 05 01 00 00 00 c0 0b 00 06 02 03");
  REQUIRE(UnrecognizedParametersCause::SerializeTo(out, params));
  CHECK(test::ToHex(out.written()) ==
        "00080012"
        "800a000501000000"
        "c00b00060203"
        "0000");
  auto c = UnrecognizedParametersCause::Parse(out.written().first(18));
  REQUIRE(c.has_value());
  CHECK(test::ToHex(c->unrecognized_parameters()) ==
        "800a000501000000c00b00060203");
  CHECK(c->ToString() == "UNRECOGNIZED_PARAMETERS, types=32778,49163");
}

TEST_CASE("UnrecognizedParametersCause: rejects malformed causes", "[fast]") {
  auto good = Hex("00 08 00 10 c0 00 00 04 c0 06 00 08 00 00 00 00");
  REQUIRE(UnrecognizedParametersCause::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(UnrecognizedParametersCause::Parse(std::span(good).first(3))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x14;
    CHECK_FALSE(UnrecognizedParametersCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0x07;
    CHECK_FALSE(UnrecognizedParametersCause::Parse(b).has_value());
  }
  SECTION("no parameters") {
    CHECK_FALSE(
        UnrecognizedParametersCause::Parse(Hex("00 08 00 04")).has_value());
  }
  SECTION("inner length past the end") {
    auto b = good;
    b[11] = 0x0c;
    CHECK_FALSE(UnrecognizedParametersCause::Parse(b).has_value());
  }
  SECTION("inner length below 4") {
    auto b = good;
    b[7] = 0x03;
    CHECK_FALSE(UnrecognizedParametersCause::Parse(b).has_value());
  }
  SECTION("trailing bytes that are not a TLV") {
    auto b = Hex("00 08 00 0a c0 00 00 04 00 00");
    CHECK_FALSE(UnrecognizedParametersCause::Parse(b).has_value());
  }
  SECTION("padding of a middle TLV cut short") {
    // First TLV has length 5, so 3 bytes of padding must follow it.
    auto b = Hex("00 08 00 0e 80 0a 00 05 01 00 c0 00 00 04");
    CHECK_FALSE(UnrecognizedParametersCause::Parse(b).has_value());
  }
}

TEST_CASE("UnrecognizedParametersCause: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 11> buf{};
  WireWriter out(buf);
  auto params = Hex("c0 00 00 04 c0 00 00 04");
  CHECK_FALSE(UnrecognizedParametersCause::SerializeTo(out, params));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
