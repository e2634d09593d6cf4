#include "wire/error_cause/unsupported_hmac_identifier_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("UnsupportedHmacIdentifierCause: FromRfcDiagram", "[fast]") {
  // No capture in the corpus has this cause; built by hand from the RFC
  // 4895 §4.1 diagram: cause code 0x0105, length 6, HMAC Identifier 2
  // (reserved, hence unsupported).
  auto bytes = Hex("01 05 00 06 00 02");
  auto cause = UnsupportedHmacIdentifierCause::Parse(bytes);
  REQUIRE(cause.has_value());
  CHECK(cause->hmac_id() == 2);
}

TEST_CASE("UnsupportedHmacIdentifierCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  buf.fill(0xee);
  WireWriter out(buf);
  REQUIRE(UnsupportedHmacIdentifierCause::SerializeTo(out, 0xabcd));
  REQUIRE(out.size() == 8);
  CHECK(test::ToHex(out.written()) == "01050006abcd0000");
  auto cause = UnsupportedHmacIdentifierCause::Parse(out.written().first(6));
  REQUIRE(cause.has_value());
  CHECK(cause->hmac_id() == 0xabcd);
  CHECK(cause->ToString() == "UNSUPPORTED_HMAC_IDENTIFIER, hmac_id=43981");
}

TEST_CASE("UnsupportedHmacIdentifierCause: rejects malformed causes",
          "[fast]") {
  auto good = Hex("01 05 00 06 00 02");
  REQUIRE(UnsupportedHmacIdentifierCause::Parse(good).has_value());

  SECTION("shorter than the fixed size") {
    CHECK_FALSE(UnsupportedHmacIdentifierCause::Parse(std::span(good).first(5))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(UnsupportedHmacIdentifierCause::Parse(b).has_value());
  }
  SECTION("padding counted in the length") {
    auto b = Hex("01 05 00 08 00 02 00 00");
    CHECK_FALSE(UnsupportedHmacIdentifierCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0x04;
    CHECK_FALSE(UnsupportedHmacIdentifierCause::Parse(b).has_value());
  }
}

TEST_CASE("UnsupportedHmacIdentifierCause: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 6> buf{};
  WireWriter out(buf);
  CHECK_FALSE(UnsupportedHmacIdentifierCause::SerializeTo(out, 1));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
