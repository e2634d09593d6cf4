#include "wire/parameter/incoming_ssn_reset_request_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("IncomingSsnResetRequestParameter: FromCapture", "[fast]") {
  // No capture in the corpus has this parameter; built by hand from the
  // RFC 6525 §4.2 diagram: request sequence number 0x01020304, streams 5, 6.
  auto bytes = Hex("00 0e 00 0c 01 02 03 04 00 05 00 06");
  auto p = IncomingSsnResetRequestParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->request_sequence_number() == ReconfigRequestSn(0x01020304));
  REQUIRE(p->stream_id_count() == 2);
  CHECK(p->stream_id(0) == StreamId(5));
  CHECK(p->stream_id(1) == StreamId(6));
}

TEST_CASE("IncomingSsnResetRequestParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  std::array<StreamId, 1> streams{StreamId(65535)};
  REQUIRE(IncomingSsnResetRequestParameter::SerializeTo(
      out, ReconfigRequestSn(0xfffffffe), streams));
  // Length 10, padded to 12.
  REQUIRE(out.size() == 12);
  CHECK(test::ToHex(out.written()) == "000e000afffffffeffff0000");
  auto p = IncomingSsnResetRequestParameter::Parse(out.written().first(10));
  REQUIRE(p.has_value());
  CHECK(p->request_sequence_number() == ReconfigRequestSn(0xfffffffe));
  REQUIRE(p->stream_id_count() == 1);
  CHECK(p->stream_id(0) == StreamId(65535));
  CHECK(p->ToString() ==
        "INCOMING_SSN_RESET_REQUEST, req_sn=4294967294, streams=65535");
}

TEST_CASE("IncomingSsnResetRequestParameter: RoundTrip, all streams",
          "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(IncomingSsnResetRequestParameter::SerializeTo(
      out, ReconfigRequestSn(9), {}));
  auto p = IncomingSsnResetRequestParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->stream_id_count() == 0);
  CHECK(p->ToString() == "INCOMING_SSN_RESET_REQUEST, req_sn=9, streams=all");
}

TEST_CASE("IncomingSsnResetRequestParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("00 0e 00 0a 00 00 00 01 00 07");
  REQUIRE(IncomingSsnResetRequestParameter::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    auto b = Hex("00 0e 00 04");
    CHECK_FALSE(IncomingSsnResetRequestParameter::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0c;
    CHECK_FALSE(IncomingSsnResetRequestParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x0d;
    CHECK_FALSE(IncomingSsnResetRequestParameter::Parse(b).has_value());
  }
  SECTION("half a stream number") {
    auto b = Hex("00 0e 00 09 00 00 00 01 00");
    CHECK_FALSE(IncomingSsnResetRequestParameter::Parse(b).has_value());
  }
}

TEST_CASE("IncomingSsnResetRequestParameter: does not write past a full "
          "buffer", "[fast]") {
  std::array<uint8_t, 11> buf{};
  WireWriter out(buf);
  std::array<StreamId, 1> streams{StreamId(1)};
  CHECK_FALSE(IncomingSsnResetRequestParameter::SerializeTo(
      out, ReconfigRequestSn(1), streams));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
