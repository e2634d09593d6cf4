#include "wire/parameter/add_outgoing_streams_request_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("AddOutgoingStreamsRequestParameter: FromCapture", "[fast]") {
  // No capture in the corpus has this parameter; built by hand from the
  // RFC 6525 §4.5 diagram: request sequence number 0x0a0b0c0d, 300 new
  // streams, Reserved 0xffff (ignored on receipt).
  auto bytes = Hex("00 11 00 0c 0a 0b 0c 0d 01 2c ff ff");
  auto p = AddOutgoingStreamsRequestParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->request_sequence_number() == ReconfigRequestSn(0x0a0b0c0d));
  CHECK(p->number_of_new_streams() == 300);
}

TEST_CASE("AddOutgoingStreamsRequestParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 12> buf{};
  WireWriter out(buf);
  REQUIRE(AddOutgoingStreamsRequestParameter::SerializeTo(
      out, ReconfigRequestSn(0xffffffff), 65535));
  // Reserved is written as zero.
  CHECK(test::ToHex(out.written()) == "0011000cffffffffffff0000");
  auto p = AddOutgoingStreamsRequestParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(p->request_sequence_number() == ReconfigRequestSn(0xffffffff));
  CHECK(p->number_of_new_streams() == 65535);
  CHECK(p->ToString() ==
        "ADD_OUTGOING_STREAMS_REQUEST, req_sn=4294967295, new_streams=65535");
}

TEST_CASE("AddOutgoingStreamsRequestParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("00 11 00 0c 00 00 00 01 00 02 00 00");
  REQUIRE(AddOutgoingStreamsRequestParameter::Parse(good).has_value());

  SECTION("too short") {
    auto b = Hex("00 11 00 08 00 00 00 01");
    CHECK_FALSE(AddOutgoingStreamsRequestParameter::Parse(b).has_value());
  }
  SECTION("longer than the fixed size") {
    // RFC 6525 §4.5: the Parameter Length "MUST be 12".
    auto b = Hex("00 11 00 10 00 00 00 01 00 02 00 00 00 00 00 00");
    CHECK_FALSE(AddOutgoingStreamsRequestParameter::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x10;
    CHECK_FALSE(AddOutgoingStreamsRequestParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x12;  // Add Incoming Streams
    CHECK_FALSE(AddOutgoingStreamsRequestParameter::Parse(b).has_value());
  }
}

TEST_CASE("AddOutgoingStreamsRequestParameter: does not write past a full "
          "buffer", "[fast]") {
  std::array<uint8_t, 11> buf{};
  WireWriter out(buf);
  CHECK_FALSE(AddOutgoingStreamsRequestParameter::SerializeTo(
      out, ReconfigRequestSn(1), 1));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
