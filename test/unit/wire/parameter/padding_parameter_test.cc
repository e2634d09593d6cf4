#include "wire/parameter/padding_parameter.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "common/byte_order.h"
#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("PaddingParameter: FromRfcDiagram", "[fast]") {
  // No capture in the corpus has a Padding parameter; built by hand from
  // the RFC 4820 §4 diagram: type 0x8005, length 10, six bytes of Padding
  // Data.
  auto bytes = Hex("80 05 00 0a 01 02 03 04 05 06");
  auto pad = PaddingParameter::Parse(bytes);
  REQUIRE(pad.has_value());
  CHECK(test::ToHex(pad->padding_data()) == "010203040506");
}

TEST_CASE("PaddingParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 16> buf{};
  buf.fill(0xee);
  WireWriter out(buf);
  REQUIRE(PaddingParameter::SerializeTo(out, 5));
  REQUIRE(out.size() == 12);
  CHECK(LoadBe16(out.written().data() + 2) == 9);
  CHECK(std::all_of(out.written().begin() + 4, out.written().end(),
                    [](uint8_t b) { return b == 0; }));
  auto pad = PaddingParameter::Parse(out.written().first(9));
  REQUIRE(pad.has_value());
  CHECK(pad->padding_data().size() == 5);
  CHECK(pad->ToString() == "PADDING, padding_length=5");
}

TEST_CASE("PaddingParameter: accepts empty padding", "[fast]") {
  auto bytes = Hex("80 05 00 04");
  auto pad = PaddingParameter::Parse(bytes);
  REQUIRE(pad.has_value());
  CHECK(pad->padding_data().empty());
}

TEST_CASE("PaddingParameter: rejects malformed parameters", "[fast]") {
  auto good = Hex("80 05 00 06 00 00");
  REQUIRE(PaddingParameter::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(PaddingParameter::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(PaddingParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x04;
    CHECK_FALSE(PaddingParameter::Parse(b).has_value());
  }
}

TEST_CASE("PaddingParameter: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  CHECK_FALSE(PaddingParameter::SerializeTo(out, 5));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
