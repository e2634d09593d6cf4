#include "wire/chunk/init_ack_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// Fixed-size arrays: WireWriter::AppendBytes() on a std::vector of unknown
// size trips GCC 12's -Wstringop-overflow inside WireWriter::Append().
constexpr std::array<uint8_t, 12> kStateCookie{
    0x00, 0x07, 0x00, 0x0b, 0xc0, 0x0c, 0x1e, 0x00, 0x01, 0x02, 0x03, 0x00};

std::vector<TlvDescriptor> Params(std::span<const uint8_t> list) {
  std::vector<TlvDescriptor> out;
  TlvIterator it(list);
  while (auto d = it.Next()) {
    out.push_back(*d);
  }
  REQUIRE(it.error() == TlvError::kNone);
  return out;
}

TEST_CASE("InitAckChunk: FromCapture", "[fast]") {
  // Wireshark, community-id-spec sctp.pcap frame 2 (Linux, port 7 -> 7):
  // INIT_ACK chunk (Outbound streams: 17, inbound streams: 17)
  //   Chunk type: INIT_ACK (2), Chunk flags: 0x00, Chunk length: 128
  //   Initiate tag: 0x00000eb0
  //   Advertised receiver window credit (a_rwnd): 4096
  //   Number of outbound streams: 17
  //   Number of inbound streams: 17
  //   Initial TSN: 13844
  //   State cookie parameter (Cookie length: 100 bytes)
  //     Parameter type: State cookie (0x0007), Parameter length: 104
  //     State cookie: 00000eb0000010000011001100003614432325440000ffff…
  //   Forward TSN supported parameter (0xc000), Parameter length: 4
  auto bytes = Hex(
      "02 00 00 80 00 00 0e b0 00 00 10 00 00 11 00 11"
      "00 00 36 14 00 07 00 68 00 00 0e b0 00 00 10 00"
      "00 11 00 11 00 00 36 14 43 23 25 44 00 00 ff ff"
      "00 11 00 11 5c fe 37 9f 07 00 07 00 00 00 00 00"
      "00 00 00 00 a2 85 b1 3f 10 27 00 00 17 cd 8f 1c"
      "11 76 9b 04 55 c0 d0 f2 2c 3e 7c 35 00 01 00 01"
      "00 00 00 00 00 00 00 00 00 05 00 08 c0 a8 aa 38"
      "00 05 00 08 c0 a8 aa 08 c0 00 00 04 c0 00 00 04");
  auto ack = InitAckChunk::Parse(bytes);
  REQUIRE(ack.has_value());
  CHECK(ack->flags() == 0);
  CHECK(ack->initiate_tag() == VerificationTag(0x0eb0));
  CHECK(ack->a_rwnd() == 4096);
  CHECK(ack->outbound_streams() == 17);
  CHECK(ack->inbound_streams() == 17);
  CHECK(ack->initial_tsn() == Tsn(13844));
  auto params = Params(ack->parameters());
  REQUIRE(params.size() == 2);
  CHECK(params[0].type == 7);
  REQUIRE(params[0].value().size() == 100);
  CHECK(test::ToHex(params[0].value().first(8)) == "00000eb000001000");
  CHECK(params[1].type == 0xc000);
  CHECK(params[1].data.size() == 4);
  CHECK(ack->ToString() ==
        "INIT_ACK, initiate_tag=3760, a_rwnd=4096, os=17, mis=17, "
        "initial_tsn=13844, parameters=2");
}

TEST_CASE("InitAckChunk: scapy bytes, parameters with inner padding",
          "[fast]") {
  // scapy sctp.uts "SCTPChunkInitAck with state cookie - Dissection":
  // INIT ACK, init_tag 101, a_rwnd 102, OS 103, MIS 104, I-TSN 105;
  // params: ECN Capable (len 4), Host Name "localhost" (len 13 + 3 padding),
  // Forward-TSN-Supported (len 4), Supported Extensions (len 7 + 1 padding),
  // State Cookie (len 20). The blob's Chunk Length says 76 (0x4c) but only
  // 72 bytes follow, so as captured it is rejected; with Length 72 it parses.
  auto bytes = Hex(
      "02 00 00 4c 00 00 00 65 00 00 00 66 00 67 00 68"
      "00 00 00 69 80 00 00 04 00 0b 00 0d 6c 6f 63 61"
      "6c 68 6f 73 74 00 00 00 c0 00 00 04 80 08 00 07"
      "0f c1 80 00 00 07 00 14 00 10 9e b2 86 ce e1 7d"
      "0f 6a ad fd b3 5d bc 00");
  REQUIRE(bytes.size() == 72);
  CHECK_FALSE(InitAckChunk::Parse(bytes).has_value());

  bytes[3] = 72;
  auto ack = InitAckChunk::Parse(bytes);
  REQUIRE(ack.has_value());
  CHECK(ack->fields() ==
        InitFields{VerificationTag(101), 102, 103, 104, Tsn(105)});
  auto params = Params(ack->parameters());
  REQUIRE(params.size() == 5);
  CHECK(params[0].type == 0x8000);
  CHECK((params[1].type == 11 && params[1].data.size() == 13));
  CHECK(params[2].type == 0xc000);
  CHECK((params[3].type == 0x8008 && params[3].data.size() == 7));
  CHECK((params[4].type == 7 && params[4].value().size() == 16));
}

TEST_CASE("InitAckChunk: RoundTrip with parameter bytes", "[fast]") {
  const InitFields fields{VerificationTag(0x12345678), 131072, 65535, 1,
                          Tsn(0)};
  // A 7-byte State Cookie (length 11) padded to 12, as a serializer writes.
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  REQUIRE(InitAckChunk::SerializeTo(out, fields, kStateCookie));
  REQUIRE(out.size() == 32);
  CHECK(buf[0] == 2);
  CHECK(buf[3] == 31);
  auto ack = InitAckChunk::Parse(out.written().first(31));
  REQUIRE(ack.has_value());
  CHECK(ack->fields() == fields);
  auto params = Params(ack->parameters());
  REQUIRE(params.size() == 1);
  CHECK(test::ToHex(params[0].value()) == "c00c1e00010203");
  CHECK(ack->ToString() ==
        "INIT_ACK, initiate_tag=305419896, a_rwnd=131072, os=65535, mis=1, "
        "initial_tsn=0, parameters=1");
}

TEST_CASE("InitAckChunk: RoundTrip with Open and Close", "[fast]") {
  const InitFields fields{VerificationTag(9), 1500, 2, 3, Tsn(4)};
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  auto start = InitAckChunk::Open(out, fields);
  REQUIRE(start == 0u);
  REQUIRE(out.AppendBytes(kStateCookie));
  REQUIRE(InitAckChunk::Close(out, *start));
  REQUIRE(out.size() == 32);
  CHECK(buf[0] == 2);
  CHECK(buf[3] == 31);
  auto ack = InitAckChunk::Parse(out.written().first(31));
  REQUIRE(ack.has_value());
  CHECK(ack->fields() == fields);
  CHECK(ack->parameter_count() == 1);
}

TEST_CASE("InitAckChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex(
      "02 00 00 1c 00 00 00 01 00 00 10 00 00 01 00 01 00 00 00 01"
      "00 07 00 08 01 02 03 04");
  REQUIRE(InitAckChunk::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    CHECK_FALSE(InitAckChunk::Parse(std::span(good).first(19)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x14;
    CHECK_FALSE(InitAckChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 1;
    CHECK_FALSE(InitAckChunk::Parse(b).has_value());
  }
  SECTION("parameter length past the end") {
    auto b = good;
    b[23] = 0x0c;
    CHECK_FALSE(InitAckChunk::Parse(b).has_value());
  }
  SECTION("parameter length below 4") {
    auto b = good;
    b[23] = 0x00;
    CHECK_FALSE(InitAckChunk::Parse(b).has_value());
  }
}

TEST_CASE("InitAckChunk: does not write past a full buffer", "[fast]") {
  const InitFields fields{VerificationTag(1), 1500, 1, 1, Tsn(1)};
  std::array<uint8_t, 28> buf{};
  WireWriter out(buf);
  CHECK_FALSE(InitAckChunk::SerializeTo(out, fields, kStateCookie));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
