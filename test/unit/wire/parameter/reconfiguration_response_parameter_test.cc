#include "wire/parameter/reconfiguration_response_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using Result = ReconfigurationResponseParameter::Result;

TEST_CASE("ReconfigurationResponseParameter: FromCapture", "[fast]") {
  // usrsctp_CORPUS_CONNECT.pcap frame 46, inside a RE_CONFIG chunk:
  //   Re-configuration response parameter (0x0010), length 12
  //     Re-configuration response sequence number: 1685556629
  //     Result: Performed (1)
  auto bytes = Hex("00 10 00 0c 64 77 8d 95 00 00 00 01");
  auto p = ReconfigurationResponseParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->response_sequence_number() == ReconfigRequestSn(1685556629));
  CHECK(p->result() == Result::kSuccessPerformed);
  CHECK_FALSE(p->has_next_tsns());
  CHECK_FALSE(p->sender_next_tsn().has_value());
  CHECK_FALSE(p->receiver_next_tsn().has_value());
}

TEST_CASE("ReconfigurationResponseParameter: RoundTrip without TSNs",
          "[fast]") {
  std::array<uint8_t, 12> buf{};
  WireWriter out(buf);
  REQUIRE(ReconfigurationResponseParameter::SerializeTo(
      out, ReconfigRequestSn(7), Result::kErrorBadSequenceNumber));
  CHECK(test::ToHex(out.written()) == "0010000c0000000700000005");
  auto p = ReconfigurationResponseParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->response_sequence_number() == ReconfigRequestSn(7));
  CHECK(p->result() == Result::kErrorBadSequenceNumber);
  CHECK_FALSE(p->has_next_tsns());
  CHECK(p->ToString() ==
        "RECONFIGURATION_RESPONSE, resp_sn=7, result=5 (Error - Bad Sequence "
        "Number)");
}

TEST_CASE("ReconfigurationResponseParameter: RoundTrip with TSNs", "[fast]") {
  std::array<uint8_t, 20> buf{};
  WireWriter out(buf);
  REQUIRE(ReconfigurationResponseParameter::SerializeTo(
      out, ReconfigRequestSn(0xffffffff), Result::kSuccessPerformed,
      Tsn(1000), Tsn(0xfffffff0)));
  REQUIRE(out.size() == 20);
  CHECK(test::ToHex(out.written().first(4)) == "00100014");
  auto p = ReconfigurationResponseParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->response_sequence_number() == ReconfigRequestSn(0xffffffff));
  CHECK(p->result() == Result::kSuccessPerformed);
  REQUIRE(p->has_next_tsns());
  CHECK(p->sender_next_tsn() == Tsn(1000));
  CHECK(p->receiver_next_tsn() == Tsn(0xfffffff0));
  CHECK(p->ToString() ==
        "RECONFIGURATION_RESPONSE, resp_sn=4294967295, result=1 (Success - "
        "Performed), sender_next_tsn=1000, receiver_next_tsn=4294967280");
}

TEST_CASE("ReconfigurationResponseParameter: result names", "[fast]") {
  CHECK(ToString(Result::kSuccessNothingToDo) == "Success - Nothing to do");
  CHECK(ToString(Result::kSuccessPerformed) == "Success - Performed");
  CHECK(ToString(Result::kDenied) == "Denied");
  CHECK(ToString(Result::kErrorWrongSsn) == "Error - Wrong SSN");
  CHECK(ToString(Result::kErrorRequestAlreadyInProgress) ==
        "Error - Request already in progress");
  CHECK(ToString(Result::kErrorBadSequenceNumber) ==
        "Error - Bad Sequence Number");
  CHECK(ToString(Result::kInProgress) == "In progress");
  CHECK(ToString(static_cast<Result>(7)) == "unknown");
}

TEST_CASE("ReconfigurationResponseParameter: keeps an unknown result code",
          "[fast]") {
  auto bytes = Hex("00 10 00 0c 00 00 00 01 00 00 01 00");
  auto p = ReconfigurationResponseParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(static_cast<uint32_t>(p->result()) == 256);
  CHECK(p->ToString() ==
        "RECONFIGURATION_RESPONSE, resp_sn=1, result=256 (unknown)");
}

TEST_CASE("ReconfigurationResponseParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("00 10 00 0c 00 00 00 01 00 00 00 00");
  REQUIRE(ReconfigurationResponseParameter::Parse(good).has_value());

  SECTION("too short") {
    auto b = std::span(good).first(11);
    CHECK_FALSE(ReconfigurationResponseParameter::Parse(b).has_value());
  }
  SECTION("only one of the two TSNs (length 16)") {
    // RFC 6525 §4.4: the length "MUST be either 12 or 20".
    auto b = Hex("00 10 00 10 00 00 00 01 00 00 00 00 00 00 00 05");
    CHECK_FALSE(ReconfigurationResponseParameter::Parse(b).has_value());
  }
  SECTION("longer than 20") {
    auto b = Hex(
        "00 10 00 1c 00 00 00 01 00 00 00 00 00 00 00 05 00 00 00 06"
        "00 00 00 07 00 00 00 08");
    CHECK_FALSE(ReconfigurationResponseParameter::Parse(b).has_value());
  }
  SECTION("length not a multiple of 4") {
    auto b = Hex("00 10 00 0e 00 00 00 01 00 00 00 00 00 00");
    CHECK_FALSE(ReconfigurationResponseParameter::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x14;
    CHECK_FALSE(ReconfigurationResponseParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x0f;
    CHECK_FALSE(ReconfigurationResponseParameter::Parse(b).has_value());
  }
}

TEST_CASE("ReconfigurationResponseParameter: refuses only one next TSN",
          "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ReconfigurationResponseParameter::SerializeTo(
      out, ReconfigRequestSn(1), Result::kDenied, Tsn(1), std::nullopt));
  CHECK_FALSE(ReconfigurationResponseParameter::SerializeTo(
      out, ReconfigRequestSn(1), Result::kDenied, std::nullopt, Tsn(1)));
  CHECK(out.size() == 0);
}

TEST_CASE("ReconfigurationResponseParameter: does not write past a full "
          "buffer", "[fast]") {
  std::array<uint8_t, 19> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ReconfigurationResponseParameter::SerializeTo(
      out, ReconfigRequestSn(1), Result::kSuccessPerformed, Tsn(1), Tsn(2)));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
