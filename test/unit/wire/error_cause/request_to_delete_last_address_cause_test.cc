#include "wire/error_cause/request_to_delete_last_address_cause.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("RequestToDeleteLastAddressCause: FromRfcDiagram", "[fast]") {
  // No capture in the corpus has this cause; built by hand from the RFC
  // 5061 §4.3.1 diagram: cause code 0x00A0, length 20, carrying the
  // Delete IP Address parameter of sctp-addip.cap frame 27 (correlation ID 0,
  // IPv4 192.168.0.101).
  auto bytes =
      Hex("00 a0 00 14 c0 02 00 10 00 00 00 00 00 05 00 08"
          "c0 a8 00 65");
  auto cause = RequestToDeleteLastAddressCause::Parse(bytes);
  REQUIRE(cause.has_value());
  CHECK(test::ToHex(cause->asconf_parameter()) ==
        "c00200100000000000050008c0a80065");
  CHECK(cause->asconf_parameter().data() == bytes.data() + 4);
  CHECK(cause->ToString() ==
        "REQUEST_TO_DELETE_LAST_ADDRESS, asconf_parameter=DELETE_IP_ADDRESS");
}

TEST_CASE("RequestToDeleteLastAddressCause: RoundTrip", "[fast]") {
  SECTION("4-aligned parameter") {
    auto parameter =
        Hex("c0 02 00 1c 00 00 00 07 00 06 00 14 20 01 0d b8 00 00 00 00 00 00"
            "00 00 00 00 00 01");
    std::array<uint8_t, 40> buf{};
    WireWriter out(buf);
    REQUIRE(RequestToDeleteLastAddressCause::SerializeTo(out, parameter));
    REQUIRE(out.size() == 32);
    CHECK(out.written()[3] == 32);
    auto cause = RequestToDeleteLastAddressCause::Parse(out.written());
    REQUIRE(cause.has_value());
    CHECK(test::ToHex(cause->asconf_parameter()) == test::ToHex(parameter));
    CHECK(cause->ToString() ==
          "REQUEST_TO_DELETE_LAST_ADDRESS, asconf_parameter=DELETE_IP_ADDRESS");
  }
  SECTION("parameter needing padding") {
    // An unknown request type with a 1-byte value: the cause's Length
    // counts the copied parameter's padding, the accessor does not.
    auto parameter = Hex("c0 99 00 05 aa");
    std::array<uint8_t, 16> buf{};
    WireWriter out(buf);
    REQUIRE(RequestToDeleteLastAddressCause::SerializeTo(out, parameter));
    REQUIRE(out.size() == 12);
    CHECK(out.written()[3] == 9);
    auto cause = RequestToDeleteLastAddressCause::Parse(out.written().first(9));
    REQUIRE(cause.has_value());
    CHECK(test::ToHex(cause->asconf_parameter()) == "c0990005aa");
    CHECK(cause->ToString() ==
          "REQUEST_TO_DELETE_LAST_ADDRESS, asconf_parameter=49305");
  }
}

TEST_CASE(
    "RequestToDeleteLastAddressCause: accepts the copied parameter's padding",
    "[fast]") {
  auto bytes = Hex("00 a0 00 0c c0 99 00 05 aa 00 00 00");
  auto cause = RequestToDeleteLastAddressCause::Parse(bytes);
  REQUIRE(cause.has_value());
  CHECK(test::ToHex(cause->asconf_parameter()) == "c0990005aa");
}

TEST_CASE("RequestToDeleteLastAddressCause: rejects malformed causes",
          "[fast]") {
  auto good =
      Hex("00 a0 00 14 c0 02 00 10 00 00 00 00 00 05 00 08 0a 00 00 01");
  REQUIRE(RequestToDeleteLastAddressCause::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(RequestToDeleteLastAddressCause::Parse(std::span(good).first(3))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x18;
    CHECK_FALSE(RequestToDeleteLastAddressCause::Parse(b).has_value());
  }
  SECTION("wrong cause code") {
    auto b = good;
    b[1] = 0xa1;
    CHECK_FALSE(RequestToDeleteLastAddressCause::Parse(b).has_value());
  }
  SECTION("no copied parameter") {
    auto b = Hex("00 a0 00 04");
    CHECK_FALSE(RequestToDeleteLastAddressCause::Parse(b).has_value());
  }
  SECTION("copied parameter runs past the end") {
    auto b = good;
    b[7] = 0x14;
    CHECK_FALSE(RequestToDeleteLastAddressCause::Parse(b).has_value());
  }
  SECTION("copied parameter with a length below 4") {
    auto b = good;
    b[7] = 0x02;
    CHECK_FALSE(RequestToDeleteLastAddressCause::Parse(b).has_value());
  }
  SECTION("two parameters") {
    auto b = Hex("00 a0 00 14 c0 05 00 08 00 00 00 01 c0 05 00 08 00 00 00 02");
    CHECK_FALSE(RequestToDeleteLastAddressCause::Parse(b).has_value());
  }
  SECTION("truncated parameter header") {
    auto b = Hex("00 a0 00 06 c0 02");
    CHECK_FALSE(RequestToDeleteLastAddressCause::Parse(b).has_value());
  }
}

TEST_CASE("RequestToDeleteLastAddressCause: serialization refuses bad input",
          "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  SECTION("empty") {
    CHECK_FALSE(RequestToDeleteLastAddressCause::SerializeTo(out, {}));
  }
  SECTION("length field disagrees") {
    auto p = Hex("c0 05 00 0c 00 00 00 01");
    CHECK_FALSE(RequestToDeleteLastAddressCause::SerializeTo(out, p));
  }
  SECTION("padding passed along") {
    auto p = Hex("c0 99 00 05 aa 00 00 00");
    CHECK_FALSE(RequestToDeleteLastAddressCause::SerializeTo(out, p));
  }
  SECTION("two parameters") {
    auto p = Hex("c0 05 00 08 00 00 00 01 c0 05 00 08 00 00 00 02");
    CHECK_FALSE(RequestToDeleteLastAddressCause::SerializeTo(out, p));
  }
  CHECK(out.size() == 0);
}

TEST_CASE("RequestToDeleteLastAddressCause: does not write past a full buffer",
          "[fast]") {
  auto parameter = Hex("c0 05 00 08 00 00 00 01");
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  CHECK_FALSE(RequestToDeleteLastAddressCause::SerializeTo(out, parameter));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
