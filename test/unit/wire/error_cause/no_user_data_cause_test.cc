#include "wire/error_cause/no_user_data_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.9 diagram.

TEST_CASE("NoUserDataCause: FromRfcDiagram", "[fast]") {
  //   Cause code: No user data (9), cause length 8
  //   TSN: 724401842 (0x2b2d7eb2)
  auto bytes = Hex("00 09 00 08 2b 2d 7e b2");
  auto c = NoUserDataCause::Parse(bytes);
  REQUIRE(c.has_value());
  CHECK(c->tsn() == Tsn(724401842));
  CHECK(c->ToString() == "NO_USER_DATA, tsn=724401842");
}

TEST_CASE("NoUserDataCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(NoUserDataCause::SerializeTo(out, Tsn(0xffffffff)));
  CHECK(test::ToHex(out.written()) == "00090008ffffffff");
  auto c = NoUserDataCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(c->tsn() == Tsn(0xffffffff));
  CHECK(c->ToString() == "NO_USER_DATA, tsn=4294967295");
}

TEST_CASE("NoUserDataCause: rejects malformed causes", "[fast]") {
  auto good = Hex("00 09 00 08 2b 2d 7e b2");
  REQUIRE(NoUserDataCause::Parse(good).has_value());

  SECTION("shorter than the fixed size") {
    CHECK_FALSE(NoUserDataCause::Parse(std::span(good).first(4)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0c;
    CHECK_FALSE(NoUserDataCause::Parse(b).has_value());
  }
  SECTION("longer than 8 bytes, consistently") {
    auto b = Hex("00 09 00 0c 2b 2d 7e b2 00 00 00 00");
    CHECK_FALSE(NoUserDataCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0x01;
    CHECK_FALSE(NoUserDataCause::Parse(b).has_value());
  }
}

TEST_CASE("NoUserDataCause: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 7> buf{};
  WireWriter out(buf);
  CHECK_FALSE(NoUserDataCause::SerializeTo(out, Tsn(1)));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
