#include "wire/chunk/idata_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

std::vector<uint8_t> WithPayload(std::vector<uint8_t> header, size_t n,
                                 uint8_t fill) {
  header.insert(header.end(), n, fill);
  return header;
}

TEST_CASE("IDataChunk: FromCapture, first fragment", "[fast]") {
  // usrsctp_CORPUS_FRAGMENT.pcap frame 16:
  //   I_DATA chunk (ordered, first segment, TSN: 0, SID: 0, MID: 0,
  //                 payload length: 200 bytes)
  //   Chunk flags: 0x02 (I=0, U=0, B=1, E=0), Chunk length: 220
  //   TSN (absolute): 3983104236, Stream identifier: 0x0000, Reserved: 0
  //   Message identifier: 0, Payload protocol identifier: 0
  //   Data: 200 x 0x41
  auto bytes = WithPayload(
      Hex("40 02 00 dc ed 69 58 ec 00 00 00 00 00 00 00 00 00 00 00 00"),
      200, 0x41);
  auto chunk = IDataChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0x02);
  CHECK_FALSE(chunk->immediate_ack());
  CHECK_FALSE(chunk->unordered());
  CHECK(chunk->beginning());
  CHECK_FALSE(chunk->ending());
  CHECK(chunk->tsn() == Tsn(3983104236));
  CHECK(chunk->stream_id() == StreamId(0));
  CHECK(chunk->mid() == Mid(0));
  CHECK(chunk->ppid() == Ppid(0));
  CHECK(chunk->fsn() == Fsn(0));
  REQUIRE(chunk->user_data().size() == 200);
  CHECK(chunk->user_data()[0] == 0x41);
  CHECK(chunk->user_data()[199] == 0x41);
}

TEST_CASE("IDataChunk: FromCapture, middle fragment", "[fast]") {
  // usrsctp_CORPUS_FRAGMENT.pcap frame 17:
  //   I_DATA chunk (ordered, middle segment, TSN: 1, SID: 0, MID: 0, FSN: 1,
  //                 payload length: 200 bytes)
  //   Chunk flags: 0x00, Chunk length: 220
  //   TSN (absolute): 3983104237, Stream identifier: 0x0000, Reserved: 0
  //   Message identifier: 0, Fragment sequence number: 1
  //   Data: 200 x 0x51
  auto bytes = WithPayload(
      Hex("40 00 00 dc ed 69 58 ed 00 00 00 00 00 00 00 00 00 00 00 01"),
      200, 0x51);
  auto chunk = IDataChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0);
  CHECK_FALSE(chunk->beginning());
  CHECK_FALSE(chunk->ending());
  CHECK(chunk->tsn() == Tsn(3983104237));
  CHECK(chunk->stream_id() == StreamId(0));
  CHECK(chunk->mid() == Mid(0));
  CHECK(chunk->fsn() == Fsn(1));
  CHECK(chunk->ppid() == Ppid(0));
  REQUIRE(chunk->user_data().size() == 200);
  CHECK(chunk->user_data()[0] == 0x51);
}

TEST_CASE("IDataChunk: FromCapture, complete message", "[fast]") {
  // usrsctp_CORPUS_CONNECT.pcap frame 71:
  //   I_DATA chunk (ordered, complete segment, SID: 0, MID: 0,
  //                 payload length: 200 bytes)
  //   Chunk flags: 0x03 (B=1, E=1), Chunk length: 220
  //   TSN (absolute): 2421371381, Stream identifier: 0x0000, Reserved: 0
  //   Message identifier: 0, Payload protocol identifier: Discard (39)
  auto bytes = WithPayload(
      Hex("40 03 00 dc 90 53 31 f5 00 00 00 00 00 00 00 00 00 00 00 27"),
      200, 0x41);
  auto chunk = IDataChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->beginning());
  CHECK(chunk->ending());
  CHECK_FALSE(chunk->unordered());
  CHECK_FALSE(chunk->immediate_ack());
  CHECK(chunk->tsn() == Tsn(2421371381));
  CHECK(chunk->stream_id() == StreamId(0));
  CHECK(chunk->mid() == Mid(0));
  CHECK(chunk->ppid() == Ppid(39));
  CHECK(chunk->fsn() == Fsn(0));
  CHECK(chunk->user_data().size() == 200);
}

TEST_CASE("IDataChunk: scapy dissection", "[fast]") {
  // scapy sctp.uts "basic SCTPChunkIData - Dissection": B=1, tsn 0,
  // stream 0, ppid_fsn 2, data "data", length 24.
  auto bytes = Hex(
      "40 02 00 18 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02"
      "64 61 74 61");
  auto chunk = IDataChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->beginning());
  CHECK(chunk->ppid() == Ppid(2));
  CHECK(test::ToHex(chunk->user_data()) == "64617461");
}

TEST_CASE("IDataChunk: RoundTrip, first fragment", "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  auto payload = Hex("01 02 03 04 05");
  IDataChunk::Flags flags{.immediate_ack = true, .unordered = true,
                          .beginning = true, .ending = false};
  REQUIRE(IDataChunk::SerializeTo(out, Tsn(0xffffffff), StreamId(65535),
                                  Mid(0x12345678), Fsn(9), Ppid(51), payload,
                                  flags));
  // 20 + 5 bytes, padded to 28; Length excludes the padding.
  REQUIRE(out.size() == 28);
  CHECK(test::ToHex(out.written().first(4)) == "400e0019");
  CHECK(test::ToHex(out.written().subspan(25)) == "000000");
  auto chunk = IDataChunk::Parse(out.written().first(25));
  REQUIRE(chunk.has_value());
  CHECK(chunk->immediate_ack());
  CHECK(chunk->unordered());
  CHECK(chunk->beginning());
  CHECK_FALSE(chunk->ending());
  CHECK(chunk->tsn() == Tsn(0xffffffff));
  CHECK(chunk->stream_id() == StreamId(65535));
  CHECK(chunk->mid() == Mid(0x12345678));
  // B set: the field carries the PPID, and the FSN is 0.
  CHECK(chunk->ppid() == Ppid(51));
  CHECK(chunk->fsn() == Fsn(0));
  CHECK(test::ToHex(chunk->user_data()) == "0102030405");
  CHECK(chunk->ToString() ==
        "I_DATA, type=unordered::first, immediate_ack, tsn=4294967295, "
        "stream_id=65535, mid=305419896, ppid=51, length=5");
}

TEST_CASE("IDataChunk: RoundTrip, last fragment", "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  auto payload = Hex("aa bb cc dd");
  IDataChunk::Flags flags{.ending = true};
  REQUIRE(IDataChunk::SerializeTo(out, Tsn(7), StreamId(2), Mid(3), Fsn(4),
                                  Ppid(51), payload, flags));
  REQUIRE(out.size() == 24);
  auto chunk = IDataChunk::Parse(out.written());
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == IDataChunk::kFlagEnding);
  CHECK(chunk->ending());
  CHECK_FALSE(chunk->beginning());
  // B clear: the field carries the FSN, and there is no PPID.
  CHECK(chunk->fsn() == Fsn(4));
  CHECK(chunk->ppid() == Ppid(0));
  CHECK(chunk->ToString() ==
        "I_DATA, type=ordered::last, tsn=7, stream_id=2, mid=3, fsn=4, "
        "length=4");
}

TEST_CASE("IDataChunk: accepts a chunk without user data", "[fast]") {
  // The handler answers it with an ABORT ("No User Data", RFC 9260 §6.2).
  auto b = Hex("40 03 00 14 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00");
  auto chunk = IDataChunk::Parse(b);
  REQUIRE(chunk.has_value());
  CHECK(chunk->user_data().empty());
}

TEST_CASE("IDataChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex(
      "40 03 00 15 00 00 00 01 00 02 00 00 00 00 00 03 00 00 00 04 ff");
  REQUIRE(IDataChunk::Parse(good).has_value());

  SECTION("shorter than the 20-byte header") {
    auto b = Hex("40 03 00 10 00 00 00 01 00 02 00 00 00 00 00 03");
    CHECK_FALSE(IDataChunk::Parse(b).has_value());
    CHECK_FALSE(IDataChunk::Parse(std::span(good).first(19)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x18;
    CHECK_FALSE(IDataChunk::Parse(b).has_value());
    b[3] = 0x14;
    CHECK_FALSE(IDataChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 0;  // DATA
    CHECK_FALSE(IDataChunk::Parse(b).has_value());
  }
}

TEST_CASE("IDataChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 23> buf{};
  WireWriter out(buf);
  auto payload = Hex("01 02 03");
  CHECK_FALSE(IDataChunk::SerializeTo(out, Tsn(1), StreamId(1), Mid(1),
                                      Fsn(0), Ppid(0), payload, {}));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
