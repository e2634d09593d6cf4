#include "wire/error_cause/stale_cookie_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.3 diagram.

TEST_CASE("StaleCookieCause: FromRfcDiagram", "[fast]") {
  //   Cause code: Stale cookie error (3), cause length 8
  //   Measure of staleness: 1500000 usec (0x0016e360)
  auto bytes = Hex("00 03 00 08 00 16 e3 60");
  auto c = StaleCookieCause::Parse(bytes);
  REQUIRE(c.has_value());
  CHECK(c->staleness_us() == 1500000);
  CHECK(c->ToString() == "STALE_COOKIE, staleness_us=1500000");
}

TEST_CASE("StaleCookieCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(StaleCookieCause::SerializeTo(out, 0xffffffff));
  CHECK(test::ToHex(out.written()) == "00030008ffffffff");
  auto c = StaleCookieCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(c->staleness_us() == 0xffffffff);
  CHECK(c->ToString() == "STALE_COOKIE, staleness_us=4294967295");
}

TEST_CASE("StaleCookieCause: RoundTrip of an unreported staleness", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(StaleCookieCause::SerializeTo(out, 0));
  auto c = StaleCookieCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(c->staleness_us() == 0);
}

TEST_CASE("StaleCookieCause: rejects malformed causes", "[fast]") {
  auto good = Hex("00 03 00 08 00 16 e3 60");
  REQUIRE(StaleCookieCause::Parse(good).has_value());

  SECTION("shorter than the fixed size") {
    CHECK_FALSE(StaleCookieCause::Parse(std::span(good).first(7)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x04;
    CHECK_FALSE(StaleCookieCause::Parse(b).has_value());
  }
  SECTION("longer than 8 bytes, consistently") {
    auto b = Hex("00 03 00 0c 00 16 e3 60 00 00 00 00");
    CHECK_FALSE(StaleCookieCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0x04;
    CHECK_FALSE(StaleCookieCause::Parse(b).has_value());
  }
}

TEST_CASE("StaleCookieCause: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  CHECK_FALSE(StaleCookieCause::SerializeTo(out, 1));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
