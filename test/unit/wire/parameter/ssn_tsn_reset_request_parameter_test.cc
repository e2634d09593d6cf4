#include "wire/parameter/ssn_tsn_reset_request_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("SsnTsnResetRequestParameter: FromCapture", "[fast]") {
  // No capture in the corpus has this parameter; built by hand from the
  // RFC 6525 §4.3 diagram: request sequence number 3817098509.
  auto bytes = Hex("00 0f 00 08 e3 84 4d 0d");
  auto p = SsnTsnResetRequestParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->request_sequence_number() == ReconfigRequestSn(3817098509));
}

TEST_CASE("SsnTsnResetRequestParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(SsnTsnResetRequestParameter::SerializeTo(
      out, ReconfigRequestSn(0xffffffff)));
  CHECK(test::ToHex(out.written()) == "000f0008ffffffff");
  auto p = SsnTsnResetRequestParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->request_sequence_number() == ReconfigRequestSn(0xffffffff));
  CHECK(p->ToString() == "SSN_TSN_RESET_REQUEST, req_sn=4294967295");
}

TEST_CASE("SsnTsnResetRequestParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("00 0f 00 08 00 00 00 01");
  REQUIRE(SsnTsnResetRequestParameter::Parse(good).has_value());

  SECTION("too short") {
    CHECK_FALSE(SsnTsnResetRequestParameter::Parse(std::span(good).first(7))
                    .has_value());
  }
  SECTION("longer than the fixed size") {
    // RFC 6525 §4.3: the Parameter Length "MUST be 8".
    auto b = Hex("00 0f 00 0c 00 00 00 01 00 00 00 00");
    CHECK_FALSE(SsnTsnResetRequestParameter::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0c;
    CHECK_FALSE(SsnTsnResetRequestParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x10;
    CHECK_FALSE(SsnTsnResetRequestParameter::Parse(b).has_value());
  }
}

TEST_CASE("SsnTsnResetRequestParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 7> buf{};
  WireWriter out(buf);
  CHECK_FALSE(
      SsnTsnResetRequestParameter::SerializeTo(out, ReconfigRequestSn(1)));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
