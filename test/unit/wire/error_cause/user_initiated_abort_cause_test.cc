#include "wire/error_cause/user_initiated_abort_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.12 diagram.

TEST_CASE("UserInitiatedAbortCause: FromRfcDiagram", "[fast]") {
  //   Cause code: User initiated ABORT (12), cause length 9
  //   Upper layer abort reason: "bye!!" (5 bytes), then 3 bytes of padding
  auto padded = Hex("00 0c 00 09 62 79 65 21 21 00 00 00");
  auto c = UserInitiatedAbortCause::Parse(std::span(padded).first(9));
  REQUIRE(c.has_value());
  CHECK(test::ToHex(c->upper_layer_abort_reason()) == "6279652121");
  CHECK(c->ToString() == "USER_INITIATED_ABORT, reason_length=5");
}

TEST_CASE("UserInitiatedAbortCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  auto reason = Hex("00 ff 10 20 30 40");
  REQUIRE(UserInitiatedAbortCause::SerializeTo(out, reason));
  CHECK(test::ToHex(out.written()) ==
        "000c000a"
        "00ff10203040"
        "0000");
  auto c = UserInitiatedAbortCause::Parse(out.written().first(10));
  REQUIRE(c.has_value());
  CHECK(test::ToHex(c->upper_layer_abort_reason()) == "00ff10203040");
  CHECK(c->ToString() == "USER_INITIATED_ABORT, reason_length=6");
}

TEST_CASE("UserInitiatedAbortCause: RoundTrip without a reason", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(UserInitiatedAbortCause::SerializeTo(out, {}));
  CHECK(test::ToHex(out.written()) == "000c0004");
  auto c = UserInitiatedAbortCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(c->upper_layer_abort_reason().empty());
}

TEST_CASE("UserInitiatedAbortCause: rejects malformed causes", "[fast]") {
  auto good = Hex("00 0c 00 08 01 02 03 04");
  REQUIRE(UserInitiatedAbortCause::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(
        UserInitiatedAbortCause::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x07;
    CHECK_FALSE(UserInitiatedAbortCause::Parse(b).has_value());
  }
  SECTION("length field below the header size") {
    auto b = good;
    b[3] = 0x01;
    CHECK_FALSE(UserInitiatedAbortCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0x0d;
    CHECK_FALSE(UserInitiatedAbortCause::Parse(b).has_value());
  }
}

TEST_CASE("UserInitiatedAbortCause: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  auto reason = Hex("01 02 03 04 05");
  CHECK_FALSE(UserInitiatedAbortCause::SerializeTo(out, reason));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
