#include "wire/parameter/cookie_preservative_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries a Cookie Preservative (9) (`tshark -Y
// 'sctp.parameter_type == 9'` finds none), so these bytes are built by hand
// from the RFC 9260 §3.3.2.1.3 diagram.

TEST_CASE("CookiePreservativeParameter: FromRfcDiagram", "[fast]") {
  //   Parameter type: Cookie preservative (0x0009), length 8
  //   Suggested cookie life-span increment: 60000 ms (0x0000ea60)
  auto bytes = Hex("00 09 00 08 00 00 ea 60");
  auto p = CookiePreservativeParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->life_span_increment_ms() == 60000);
  CHECK(p->ToString() == "COOKIE_PRESERVATIVE, life_span_increment_ms=60000");
}

TEST_CASE("CookiePreservativeParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(CookiePreservativeParameter::SerializeTo(out, 0xfedcba98));
  CHECK(test::ToHex(out.written()) == "00090008fedcba98");
  auto p = CookiePreservativeParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->life_span_increment_ms() == 0xfedcba98);
  CHECK(p->ToString() ==
        "COOKIE_PRESERVATIVE, life_span_increment_ms=4275878552");
}

TEST_CASE("CookiePreservativeParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("00 09 00 08 00 00 ea 60");
  REQUIRE(CookiePreservativeParameter::Parse(good).has_value());

  SECTION("shorter than the fixed size") {
    CHECK_FALSE(CookiePreservativeParameter::Parse(std::span(good).first(6))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0c;
    CHECK_FALSE(CookiePreservativeParameter::Parse(b).has_value());
  }
  SECTION("longer than 8 bytes, consistently") {
    auto b = Hex("00 09 00 0c 00 00 ea 60 00 00 00 00");
    CHECK_FALSE(CookiePreservativeParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x03;
    CHECK_FALSE(CookiePreservativeParameter::Parse(b).has_value());
  }
}

TEST_CASE("CookiePreservativeParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  CHECK_FALSE(CookiePreservativeParameter::SerializeTo(out, 1));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
