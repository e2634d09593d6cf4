#include "wire/parameter/outgoing_ssn_reset_request_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("OutgoingSsnResetRequestParameter: FromCapture", "[fast]") {
  // usrsctp_CORPUS_CONNECT.pcap frame 45, inside a RE_CONFIG chunk:
  //   Outgoing SSN reset request parameter (0x000d), length 18
  //     Re-configuration request sequence number: 1685556629
  //     Re-configuration response sequence number: 3817098508
  //     Senders last assigned TSN: 1685556629
  //     Stream Identifier: 1
  auto bytes = Hex(
      "00 0d 00 12 64 77 8d 95 e3 84 4d 0c 64 77 8d 95 00 01");
  auto p = OutgoingSsnResetRequestParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->request_sequence_number() == ReconfigRequestSn(1685556629));
  CHECK(p->response_sequence_number() == ReconfigRequestSn(3817098508));
  CHECK(p->sender_last_assigned_tsn() == Tsn(1685556629));
  REQUIRE(p->stream_id_count() == 1);
  CHECK(p->stream_id(0) == StreamId(1));
}

TEST_CASE("OutgoingSsnResetRequestParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  std::array<StreamId, 3> streams{StreamId(0), StreamId(7), StreamId(65535)};
  REQUIRE(OutgoingSsnResetRequestParameter::SerializeTo(
      out, ReconfigRequestSn(1), ReconfigRequestSn(0xffffffff), Tsn(42),
      streams));
  // Length 22, padded to 24.
  REQUIRE(out.size() == 24);
  CHECK(test::ToHex(out.written().first(4)) == "000d0016");
  auto p = OutgoingSsnResetRequestParameter::Parse(out.written().first(22));
  REQUIRE(p.has_value());
  CHECK(p->request_sequence_number() == ReconfigRequestSn(1));
  CHECK(p->response_sequence_number() == ReconfigRequestSn(0xffffffff));
  CHECK(p->sender_last_assigned_tsn() == Tsn(42));
  REQUIRE(p->stream_id_count() == 3);
  for (size_t i = 0; i < streams.size(); ++i) {
    CHECK(p->stream_id(i) == streams[i]);
  }
  CHECK(p->ToString() ==
        "OUTGOING_SSN_RESET_REQUEST, req_sn=1, resp_sn=4294967295, "
        "last_tsn=42, streams=0,7,65535");
}

TEST_CASE("OutgoingSsnResetRequestParameter: RoundTrip, all streams",
          "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  REQUIRE(OutgoingSsnResetRequestParameter::SerializeTo(
      out, ReconfigRequestSn(2), ReconfigRequestSn(3), Tsn(4), {}));
  auto p = OutgoingSsnResetRequestParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->stream_id_count() == 0);
  CHECK(p->ToString() ==
        "OUTGOING_SSN_RESET_REQUEST, req_sn=2, resp_sn=3, last_tsn=4, "
        "streams=all");
}

TEST_CASE("OutgoingSsnResetRequestParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("00 0d 00 12 00 00 00 01 00 00 00 02 00 00 00 03 00 04");
  REQUIRE(OutgoingSsnResetRequestParameter::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    auto b = Hex("00 0d 00 0c 00 00 00 01 00 00 00 02");
    CHECK_FALSE(OutgoingSsnResetRequestParameter::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x14;
    CHECK_FALSE(OutgoingSsnResetRequestParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x0e;
    CHECK_FALSE(OutgoingSsnResetRequestParameter::Parse(b).has_value());
  }
  SECTION("half a stream number") {
    auto b = Hex("00 0d 00 11 00 00 00 01 00 00 00 02 00 00 00 03 00");
    CHECK_FALSE(OutgoingSsnResetRequestParameter::Parse(b).has_value());
  }
}

TEST_CASE("OutgoingSsnResetRequestParameter: does not write past a full "
          "buffer", "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  std::array<StreamId, 1> streams{StreamId(1)};
  CHECK_FALSE(OutgoingSsnResetRequestParameter::SerializeTo(
      out, ReconfigRequestSn(1), ReconfigRequestSn(1), Tsn(1), streams));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
