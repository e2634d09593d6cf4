#include "wire/chunk/data_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("DataChunk: FromCapture", "[fast]") {
  // Wireshark, sctp.cap frame 1 (MEGACO over SCTP, 10.28.6.x):
  // DATA chunk (ordered, complete segment, TSN: 0, SID: 0, SSN: 41149,
  //             PPID: 7, payload length: 75 bytes)
  //   Chunk type: DATA (0), Chunk flags: 0x03 (I=0 U=0 B=1 E=1)
  //   Chunk length: 91
  //   Transmission sequence number (absolute): 671236933
  //   Stream identifier: 0x0000
  //   Stream sequence number: 41149
  //   Payload protocol identifier: H.248/MEGACO (7)
  //   Chunk padding: 67 (not part of the 91 bytes below)
  // MEGACO/2 <mg-tr>:16384 Reply = 174091{ Context = 255{ Modify = MUX/255 }}
  auto bytes = Hex(
      "00 03 00 5b 28 02 43 45 00 00 a0 bd 00 00 00 07"
      "4d 45 47 41 43 4f 2f 32 20 3c 6d 67 2d 74 72 3e"
      "3a 31 36 33 38 34 0a 52 65 70 6c 79 20 3d 20 31"
      "37 34 30 39 31 7b 0a 43 6f 6e 74 65 78 74 20 3d"
      "20 32 35 35 7b 0a 4d 6f 64 69 66 79 20 3d 20 4d"
      "55 58 2f 32 35 35 0a 7d 0a 7d 0a");
  REQUIRE(bytes.size() == 91);
  auto data = DataChunk::Parse(bytes);
  REQUIRE(data.has_value());
  CHECK(data->tsn() == Tsn(671236933));
  CHECK(data->stream_id() == StreamId(0));
  CHECK(data->ssn() == Ssn(41149));
  CHECK(data->ppid() == Ppid(7));
  CHECK_FALSE(data->immediate());
  CHECK_FALSE(data->unordered());
  CHECK(data->beginning());
  CHECK(data->ending());
  CHECK(data->flags() == 0x03);
  REQUIRE(data->payload().size() == 75);
  CHECK(data->payload().data() == bytes.data() + DataChunk::kHeaderSize);
  std::string text(data->payload().begin(), data->payload().end());
  CHECK(text.rfind("MEGACO/2 <mg-tr>:16384\n", 0) == 0);
  CHECK(data->ToString() ==
        "DATA, tsn=671236933, sid=0, ssn=41149, ppid=7, length=75, flags=BE");
}

TEST_CASE("DataChunk: FromCapture, last fragment", "[fast]") {
  // Wireshark, sctp-www.cap frame 65 (HTTP over SCTP), first 16 bytes:
  // DATA chunk (ordered, last segment, TSN: 12, SID: 0, SSN: 1, PPID: 0,
  //             payload length: 632 bytes)
  //   Chunk flags: 0x01 (B=0 E=1), Chunk length: 648
  //   Transmission sequence number (absolute): 2860946951
  // (the 632 payload bytes, the tail of a GIF, are replaced by a filler)
  auto header = Hex("00 01 02 88 aa 86 96 07 00 00 00 01 00 00 00 00");
  std::vector<uint8_t> bytes(648, 0xab);
  std::copy(header.begin(), header.end(), bytes.begin());
  auto data = DataChunk::Parse(bytes);
  REQUIRE(data.has_value());
  CHECK(data->tsn() == Tsn(2860946951));
  CHECK(data->stream_id() == StreamId(0));
  CHECK(data->ssn() == Ssn(1));
  CHECK(data->ppid() == Ppid(0));
  CHECK_FALSE(data->beginning());
  CHECK(data->ending());
  CHECK(data->payload().size() == 632);
}

TEST_CASE("DataChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  auto payload = Hex("01 02 03 04 05");
  REQUIRE(DataChunk::SerializeTo(
      out, Tsn(0xffffffff), StreamId(65535), Ssn(7), Ppid(0x11223344),
      payload, {.immediate = true, .unordered = true, .beginning = false,
                .ending = true}));
  // 16 + 5, padded to 24 with zeros; Length counts no padding.
  REQUIRE(out.size() == 24);
  CHECK(buf[3] == 21);
  CHECK(buf[21] == 0);
  CHECK(buf[22] == 0);
  CHECK(buf[23] == 0);
  auto data = DataChunk::Parse(out.written().first(21));
  REQUIRE(data.has_value());
  CHECK(data->tsn() == Tsn(0xffffffff));
  CHECK(data->stream_id() == StreamId(65535));
  CHECK(data->ssn() == Ssn(7));
  CHECK(data->ppid() == Ppid(0x11223344));
  CHECK(data->immediate());
  CHECK(data->unordered());
  CHECK_FALSE(data->beginning());
  CHECK(data->ending());
  CHECK(data->flags() == 0x0d);
  CHECK(std::vector<uint8_t>(data->payload().begin(), data->payload().end()) ==
        payload);
  CHECK(data->ToString() ==
        "DATA, tsn=4294967295, sid=65535, ssn=7, ppid=287454020, length=5, "
        "flags=IUE");
}

TEST_CASE("DataChunk: each flag bit maps to its accessor", "[fast]") {
  auto b = Hex("00 00 00 11 00 00 00 01 00 00 00 00 00 00 00 00 ff");
  for (uint8_t f : {0x01, 0x02, 0x04, 0x08, 0xf0}) {
    b[1] = f;
    auto data = DataChunk::Parse(b);
    REQUIRE(data.has_value());
    CHECK(data->ending() == (f == 0x01));
    CHECK(data->beginning() == (f == 0x02));
    CHECK(data->unordered() == (f == 0x04));
    CHECK(data->immediate() == (f == 0x08));
  }
}

TEST_CASE("DataChunk: empty user data parses, for the No User Data ABORT",
          "[fast]") {
  auto b = Hex("00 03 00 10 00 00 00 01 00 02 00 03 00 00 00 04");
  auto data = DataChunk::Parse(b);
  REQUIRE(data.has_value());
  CHECK(data->payload().empty());
  CHECK(data->stream_id() == StreamId(2));
}

TEST_CASE("DataChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("00 03 00 11 00 00 00 01 00 00 00 00 00 00 00 00 ff");
  REQUIRE(DataChunk::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    auto b = Hex("00 03 00 0f 00 00 00 01 00 00 00 00 00 00 00");
    CHECK_FALSE(DataChunk::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x12;
    CHECK_FALSE(DataChunk::Parse(b).has_value());
    CHECK_FALSE(DataChunk::Parse(std::span(good).first(16)).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 64;
    CHECK_FALSE(DataChunk::Parse(b).has_value());
  }
  SECTION("empty input") {
    CHECK_FALSE(DataChunk::Parse({}).has_value());
  }
}

TEST_CASE("DataChunk: refuses to serialize an empty payload", "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  CHECK_FALSE(DataChunk::SerializeTo(out, Tsn(1), StreamId(0), Ssn(0),
                                     Ppid(0), {}, {}));
  CHECK(out.size() == 0);
}

TEST_CASE("DataChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 20> buf{};
  WireWriter out(buf);
  auto payload = Hex("01 02 03 04 05");
  CHECK_FALSE(DataChunk::SerializeTo(out, Tsn(1), StreamId(0), Ssn(0),
                                     Ppid(0), payload, {}));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
