#include "wire/error_cause/cookie_received_while_shutting_down_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.10 diagram.

TEST_CASE("CookieReceivedWhileShuttingDownCause: FromRfcDiagram", "[fast]") {
  //   Cause code: Cookie Received While Shutting Down (10), cause length 4
  auto bytes = Hex("00 0a 00 04");
  auto c = CookieReceivedWhileShuttingDownCause::Parse(bytes);
  REQUIRE(c.has_value());
  CHECK(c->data().size() == 4);
  CHECK(c->ToString() == "COOKIE_RECEIVED_WHILE_SHUTTING_DOWN");
}

TEST_CASE("CookieReceivedWhileShuttingDownCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(CookieReceivedWhileShuttingDownCause::SerializeTo(out));
  CHECK(test::ToHex(out.written()) == "000a0004");
  auto c = CookieReceivedWhileShuttingDownCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(c->ToString() == "COOKIE_RECEIVED_WHILE_SHUTTING_DOWN");
}

TEST_CASE("CookieReceivedWhileShuttingDownCause: rejects malformed causes",
          "[fast]") {
  SECTION("shorter than the header") {
    CHECK_FALSE(CookieReceivedWhileShuttingDownCause::Parse(Hex("00 0a 00"))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    CHECK_FALSE(CookieReceivedWhileShuttingDownCause::Parse(Hex("00 0a 00 08"))
                    .has_value());
  }
  SECTION("cause-specific information present") {
    CHECK_FALSE(CookieReceivedWhileShuttingDownCause::Parse(
                    Hex("00 0a 00 08 00 00 00 00"))
                    .has_value());
  }
  SECTION("wrong cause code") {
    CHECK_FALSE(CookieReceivedWhileShuttingDownCause::Parse(Hex("00 0b 00 04"))
                    .has_value());
  }
}

TEST_CASE(
    "CookieReceivedWhileShuttingDownCause: does not write past a full buffer",
    "[fast]") {
  std::array<uint8_t, 3> buf{};
  WireWriter out(buf);
  CHECK_FALSE(CookieReceivedWhileShuttingDownCause::SerializeTo(out));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
