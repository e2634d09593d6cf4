#include "wire/error_cause/protocol_violation_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <string_view>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an error cause (MANIFEST.md: "ERROR
// chunk: none found"; the ABORTs there have none), so these bytes are built
// by hand from the RFC 9260 §3.3.10.13 diagram.

TEST_CASE("ProtocolViolationCause: FromRfcDiagram", "[fast]") {
  //   Cause code: Protocol violation (13), cause length 11
  //   Additional information: "bad TSN" (7 bytes), then 1 byte of padding
  auto padded = Hex("00 0d 00 0b 62 61 64 20 54 53 4e 00");
  auto c = ProtocolViolationCause::Parse(std::span(padded).first(11));
  REQUIRE(c.has_value());
  std::span<const uint8_t> info = c->additional_information();
  CHECK(std::string_view(reinterpret_cast<const char*>(info.data()),
                         info.size()) == "bad TSN");
  CHECK(c->ToString() == "PROTOCOL_VIOLATION, information_length=7");
}

TEST_CASE("ProtocolViolationCause: RoundTrip", "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  auto info = Hex("de ad be ef");
  REQUIRE(ProtocolViolationCause::SerializeTo(out, info));
  CHECK(test::ToHex(out.written()) == "000d0008deadbeef");
  auto c = ProtocolViolationCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(test::ToHex(c->additional_information()) == "deadbeef");
  CHECK(c->ToString() == "PROTOCOL_VIOLATION, information_length=4");
}

TEST_CASE("ProtocolViolationCause: RoundTrip without information", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(ProtocolViolationCause::SerializeTo(out, {}));
  CHECK(test::ToHex(out.written()) == "000d0004");
  auto c = ProtocolViolationCause::Parse(out.written());
  REQUIRE(c.has_value());
  CHECK(c->additional_information().empty());
  CHECK(c->ToString() == "PROTOCOL_VIOLATION, information_length=0");
}

TEST_CASE("ProtocolViolationCause: rejects malformed causes", "[fast]") {
  auto good = Hex("00 0d 00 08 01 02 03 04");
  REQUIRE(ProtocolViolationCause::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(
        ProtocolViolationCause::Parse(std::span(good).first(1)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0c;
    CHECK_FALSE(ProtocolViolationCause::Parse(b).has_value());
  }
  SECTION("length field below the header size") {
    auto b = good;
    b[3] = 0x03;
    CHECK_FALSE(ProtocolViolationCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0x0c;
    CHECK_FALSE(ProtocolViolationCause::Parse(b).has_value());
  }
}

TEST_CASE("ProtocolViolationCause: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 7> buf{};
  WireWriter out(buf);
  auto info = Hex("01 02 03 04");
  CHECK_FALSE(ProtocolViolationCause::SerializeTo(out, info));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
