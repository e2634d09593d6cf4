#include "wire/chunk/reconfig_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "common/byte_order.h"
#include "test/support/bytes.h"
#include "wire/parameter/incoming_ssn_reset_request_parameter.h"
#include "wire/parameter/outgoing_ssn_reset_request_parameter.h"
#include "wire/parameter/reconfiguration_response_parameter.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("ReconfigChunk: FromCapture, outgoing reset request", "[fast]") {
  // usrsctp_CORPUS_CONNECT.pcap frame 43:
  //   RE_CONFIG chunk, flags 0x00, length 22
  //     Outgoing SSN reset request parameter (0x000d), length 18
  //       Re-configuration request sequence number: 3817098508
  //       Re-configuration response sequence number: 1685556628
  //       Senders last assigned TSN: 3817098510
  //       Stream Identifier: 1
  //     Chunk padding: 0000
  auto bytes = Hex(
      "82 00 00 16 00 0d 00 12 e3 84 4d 0c 64 77 8d 94"
      "e3 84 4d 0e 00 01");
  auto chunk = ReconfigChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0);
  CHECK(chunk->parameter_count() == 1);
  CHECK(chunk->HasAllowedParameterCombination());
  TlvIterator it(chunk->parameters());
  auto d = it.Next();
  REQUIRE(d.has_value());
  CHECK(d->type == OutgoingSsnResetRequestParameter::kType);
  auto p = OutgoingSsnResetRequestParameter::Parse(d->data);
  REQUIRE(p.has_value());
  CHECK(p->request_sequence_number() == ReconfigRequestSn(3817098508));
  CHECK(p->response_sequence_number() == ReconfigRequestSn(1685556628));
  CHECK(p->sender_last_assigned_tsn() == Tsn(3817098510));
  REQUIRE(p->stream_id_count() == 1);
  CHECK(p->stream_id(0) == StreamId(1));
  CHECK_FALSE(it.Next().has_value());
  CHECK(it.error() == TlvError::kNone);
  CHECK(chunk->ToString() == "RE_CONFIG, OUTGOING_SSN_RESET_REQUEST");
}

TEST_CASE("ReconfigChunk: FromCapture, response", "[fast]") {
  // usrsctp_CORPUS_CONNECT.pcap frame 44:
  //   RE_CONFIG chunk, flags 0x00, length 16
  //     Re-configuration response parameter (0x0010), length 12
  //       Re-configuration response sequence number: 3817098508
  //       Result: Performed (1)
  auto bytes = Hex("82 00 00 10 00 10 00 0c e3 84 4d 0c 00 00 00 01");
  auto chunk = ReconfigChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->parameter_count() == 1);
  CHECK(chunk->HasAllowedParameterCombination());
  TlvIterator it(chunk->parameters());
  auto d = it.Next();
  REQUIRE(d.has_value());
  auto p = ReconfigurationResponseParameter::Parse(d->data);
  REQUIRE(p.has_value());
  CHECK(p->response_sequence_number() == ReconfigRequestSn(3817098508));
  CHECK(p->result() ==
        ReconfigurationResponseParameter::Result::kSuccessPerformed);
  CHECK_FALSE(p->has_next_tsns());
}

TEST_CASE("ReconfigChunk: RoundTrip, two parameters written in place",
          "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  auto start = ReconfigChunk::OpenTlv(out);
  REQUIRE(start.has_value());
  REQUIRE(ReconfigurationResponseParameter::SerializeTo(
      out, ReconfigRequestSn(5),
      ReconfigurationResponseParameter::Result::kInProgress));
  std::array<StreamId, 1> streams{StreamId(3)};
  REQUIRE(OutgoingSsnResetRequestParameter::SerializeTo(
      out, ReconfigRequestSn(9), ReconfigRequestSn(4), Tsn(77), streams));
  REQUIRE(ReconfigChunk::CloseTlv(out, *start));
  // 4 + 12 + 18, padded to 36. The Length field is 34: RFC 9260 §3.2, it
  // "does include the padding of any variable-length parameter except the
  // last parameter in the chunk".
  REQUIRE(out.size() == 36);
  size_t length = LoadBe16(out.written().data() + 2);
  CHECK(length == 34);
  auto chunk = ReconfigChunk::Parse(out.written().first(length));
  REQUIRE(chunk.has_value());
  CHECK(chunk->parameter_count() == 2);
  CHECK(chunk->HasAllowedParameterCombination());
  TlvIterator it(chunk->parameters());
  auto first = it.Next();
  auto second = it.Next();
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  auto resp = ReconfigurationResponseParameter::Parse(first->data);
  REQUIRE(resp.has_value());
  CHECK(resp->response_sequence_number() == ReconfigRequestSn(5));
  CHECK(resp->result() ==
        ReconfigurationResponseParameter::Result::kInProgress);
  auto req = OutgoingSsnResetRequestParameter::Parse(second->data);
  REQUIRE(req.has_value());
  CHECK(req->request_sequence_number() == ReconfigRequestSn(9));
  CHECK(req->stream_id(0) == StreamId(3));
  CHECK(chunk->ToString() ==
        "RE_CONFIG, RECONFIGURATION_RESPONSE, OUTGOING_SSN_RESET_REQUEST");
}

TEST_CASE("ReconfigChunk: RoundTrip, serialized parameter bytes", "[fast]") {
  // Two parameters; the last one's padding is given but must not be
  // counted in the chunk Length (RFC 9260 §3.2).
  auto params = Hex(
      "00 0e 00 0a 00 00 00 01 00 07 00 00"  // Incoming, 1 stream, padded
      "00 0d 00 12 00 00 00 02 00 00 00 01 00 00 00 05 00 07 00 00");
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  REQUIRE(ReconfigChunk::SerializeTo(out, params));
  REQUIRE(out.size() == 4 + 32);
  CHECK(test::ToHex(out.written().first(4)) == "82000022");
  auto chunk = ReconfigChunk::Parse(out.written().first(0x22));
  REQUIRE(chunk.has_value());
  CHECK(chunk->parameter_count() == 2);
  CHECK(chunk->HasAllowedParameterCombination());
  TlvIterator it(chunk->parameters());
  auto in = IncomingSsnResetRequestParameter::Parse(it.Next()->data);
  REQUIRE(in.has_value());
  CHECK(in->request_sequence_number() == ReconfigRequestSn(1));
  CHECK(in->stream_id(0) == StreamId(7));
  CHECK(chunk->ToString() ==
        "RE_CONFIG, INCOMING_SSN_RESET_REQUEST, OUTGOING_SSN_RESET_REQUEST");
}

TEST_CASE("ReconfigChunk: flags unknown parameter combinations", "[fast]") {
  SECTION("unknown single parameter type") {
    auto b = Hex("82 00 00 0c 00 05 00 08 7f 00 00 01");
    auto chunk = ReconfigChunk::Parse(b);
    REQUIRE(chunk.has_value());
    CHECK_FALSE(chunk->HasAllowedParameterCombination());
    CHECK(chunk->ToString() == "RE_CONFIG, IPV4_ADDRESS");
  }
  SECTION("two SSN/TSN reset requests") {
    auto b = Hex("82 00 00 14 00 0f 00 08 00 00 00 01 00 0f 00 08 00 00 00 02");
    auto chunk = ReconfigChunk::Parse(b);
    REQUIRE(chunk.has_value());
    CHECK_FALSE(chunk->HasAllowedParameterCombination());
  }
  SECTION("add outgoing + add incoming, in either order") {
    auto b = Hex(
        "82 00 00 1c 00 12 00 0c 00 00 00 01 00 02 00 00"
        "00 11 00 0c 00 00 00 02 00 03 00 00");
    auto chunk = ReconfigChunk::Parse(b);
    REQUIRE(chunk.has_value());
    CHECK(chunk->HasAllowedParameterCombination());
  }
  SECTION("a type name the table lacks is printed as a number") {
    auto b = Hex("82 00 00 08 12 34 00 04");
    auto chunk = ReconfigChunk::Parse(b);
    REQUIRE(chunk.has_value());
    CHECK(chunk->ToString() == "RE_CONFIG, type=4660");
  }
}

TEST_CASE("ReconfigChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("82 00 00 10 00 10 00 0c 00 00 00 01 00 00 00 01");
  REQUIRE(ReconfigChunk::Parse(good).has_value());

  SECTION("no parameter (scapy sctp.uts 'basic SCTPChunkReConfig')") {
    // RFC 6525 §3.1: at least one parameter.
    CHECK_FALSE(ReconfigChunk::Parse(Hex("82 00 00 04")).has_value());
  }
  SECTION("three parameters") {
    auto b = Hex(
        "82 00 00 1c 00 0f 00 08 00 00 00 01 00 0f 00 08 00 00 00 02"
        "00 0f 00 08 00 00 00 03");
    CHECK_FALSE(ReconfigChunk::Parse(b).has_value());
  }
  SECTION("shorter than the chunk header") {
    CHECK_FALSE(ReconfigChunk::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x14;
    CHECK_FALSE(ReconfigChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 0x80;
    CHECK_FALSE(ReconfigChunk::Parse(b).has_value());
  }
  SECTION("parameter length past the end") {
    auto b = good;
    b[7] = 0x10;
    CHECK_FALSE(ReconfigChunk::Parse(b).has_value());
  }
  SECTION("parameter length below 4") {
    auto b = good;
    b[7] = 0x02;
    CHECK_FALSE(ReconfigChunk::Parse(b).has_value());
  }
  SECTION("truncated parameter header") {
    auto b = Hex("82 00 00 12 00 10 00 0c 00 00 00 01 00 00 00 01 00 0f");
    CHECK_FALSE(ReconfigChunk::Parse(b).has_value());
  }
  SECTION("parameter padding cut short") {
    // The last parameter may come without its padding, or with all of it.
    auto b = Hex("82 00 00 0e 00 0e 00 0a 00 00 00 01 00 07");
    REQUIRE(ReconfigChunk::Parse(b).has_value());
    auto c = Hex("82 00 00 10 00 0e 00 0a 00 00 00 01 00 07 00 00");
    REQUIRE(ReconfigChunk::Parse(c).has_value());
    // Length 9 needs 3 padding bytes; 2 are not padding.
    auto d = Hex("82 00 00 0f 00 0e 00 09 00 00 00 01 07 00 00");
    CHECK_FALSE(ReconfigChunk::Parse(d).has_value());
  }
}

TEST_CASE("ReconfigChunk: SerializeTo refuses a bad parameter list",
          "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  CHECK_FALSE(ReconfigChunk::SerializeTo(out, {}));
  auto three = Hex(
      "00 0f 00 08 00 00 00 01 00 0f 00 08 00 00 00 02"
      "00 0f 00 08 00 00 00 03");
  CHECK_FALSE(ReconfigChunk::SerializeTo(out, three));
  auto broken = Hex("00 0f 00 0c 00 00 00 01");
  CHECK_FALSE(ReconfigChunk::SerializeTo(out, broken));
  CHECK(out.size() == 0);
}

TEST_CASE("ReconfigChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 15> buf{};
  WireWriter out(buf);
  auto params = Hex("00 10 00 0c 00 00 00 01 00 00 00 01");
  CHECK_FALSE(ReconfigChunk::SerializeTo(out, params));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
