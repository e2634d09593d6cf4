#include "wire/error_cause/illegal_asconf_ack_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("IllegalAsconfAckCause: FromRfcDiagram", "[fast]") {
  // No capture in the corpus has this cause; built by hand from the RFC
  // 5061 §4.3.4 diagram: cause code 0x00a3, length 4.
  auto bytes = Hex("00 a3 00 04");
  auto cause = IllegalAsconfAckCause::Parse(bytes);
  REQUIRE(cause.has_value());
  CHECK(cause->data().size() == 4);
}

TEST_CASE("IllegalAsconfAckCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(IllegalAsconfAckCause::SerializeTo(out));
  REQUIRE(out.size() == 4);
  CHECK(test::ToHex(out.written()) == "00a30004");
  auto cause = IllegalAsconfAckCause::Parse(out.written());
  REQUIRE(cause.has_value());
  CHECK(cause->ToString() == "ILLEGAL_ASCONF_ACK");
}

TEST_CASE("IllegalAsconfAckCause: rejects malformed causes", "[fast]") {
  auto good = Hex("00 a3 00 04");
  REQUIRE(IllegalAsconfAckCause::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(
        IllegalAsconfAckCause::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(IllegalAsconfAckCause::Parse(b).has_value());
  }
  SECTION("cause-specific information present") {
    auto b = Hex("00 a3 00 08 00 00 00 00");
    CHECK_FALSE(IllegalAsconfAckCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0xa2;
    CHECK_FALSE(IllegalAsconfAckCause::Parse(b).has_value());
  }
}

TEST_CASE("IllegalAsconfAckCause: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 3> buf{};
  WireWriter out(buf);
  CHECK_FALSE(IllegalAsconfAckCause::SerializeTo(out));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
