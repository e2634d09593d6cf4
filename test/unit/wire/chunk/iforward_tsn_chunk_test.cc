#include "wire/chunk/iforward_tsn_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using Skip = IForwardTsnChunk::SkippedStream;

TEST_CASE("IForwardTsnChunk: FromCapture", "[fast]") {
  // scapy sctp.uts, "basic SCTPChunkIForwardTSN - Dissection" (SCTP common
  // header stripped). Scapy's expected dissection:
  //   I_FORWARD_TSN chunk (flags 0x00, length 24), new_tsn 7777
  //   stream 10, reserved 0, unordered 0, message_id 20
  //   stream 11, reserved 0, unordered 1, message_id 21
  auto bytes = Hex(
      "c2 00 00 18 00 00 1e 61 00 0a 00 00 00 00 00 14"
      "00 0b 00 01 00 00 00 15");
  auto chunk = IForwardTsnChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0);
  CHECK(chunk->new_cumulative_tsn() == Tsn(7777));
  REQUIRE(chunk->skipped_stream_count() == 2);
  CHECK(chunk->skipped_stream(0) == Skip{StreamId(10), false, Mid(20)});
  CHECK(chunk->skipped_stream(1) == Skip{StreamId(11), true, Mid(21)});
}

TEST_CASE("IForwardTsnChunk: FromCapture, mutated fuzzer seed", "[fast]") {
  // usrsctp_CORPUS_CONNECT.pcap frame 22 (a mutated usrsctp fuzzer seed):
  //   I_FORWARD_TSN chunk (Cumulative TSN: 3985971456), flags 0x01, len 44
  //   Stream identifier: 11388, Reserved: 20364, Message identifier: 855884551
  //   Stream identifier: 1, Reserved: 18178, Message identifier: 458772
  //   Stream identifier: 544, Reserved: 2560, Message identifier: 808117911
  //   Stream identifier: 6400, Reserved: 5694, Message identifier: 2683908869
  // Wireshark shows 4 entries, but Length 44 leaves 36 bytes after the New
  // Cumulative TSN: 4.5 entries. The trailing half entry makes it malformed.
  auto bytes = Hex(
      "c2 01 00 2c ed 95 19 00 2c 7c 9f 18 33 03 c3 07"
      "00 01 8e 05 00 07 00 14 02 20 14 01 30 2a e6 97"
      "19 00 2c 7c 9f f9 33 05 80 03 00 01");
  CHECK_FALSE(IForwardTsnChunk::Parse(bytes).has_value());

  // Without the half entry (Length 40) it parses; the garbage flags and
  // Reserved bits are ignored, and the U bit is the lowest bit of the
  // 16-bit Reserved/U field.
  bytes.resize(40);
  bytes[3] = 40;
  auto chunk = IForwardTsnChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0x01);
  CHECK(chunk->new_cumulative_tsn() == Tsn(3985971456));
  REQUIRE(chunk->skipped_stream_count() == 4);
  CHECK(chunk->skipped_stream(0) ==
        Skip{StreamId(11388), false, Mid(855884551)});
  CHECK(chunk->skipped_stream(1) == Skip{StreamId(1), true, Mid(458772)});
  CHECK(chunk->skipped_stream(2) ==
        Skip{StreamId(544), true, Mid(808117911)});
  CHECK(chunk->skipped_stream(3) ==
        Skip{StreamId(6400), false, Mid(2683908869)});
}

TEST_CASE("IForwardTsnChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  std::array<Skip, 2> skips{
      {{StreamId(3), true, Mid(0xffffffff)}, {StreamId(65535), false, Mid(0)}}};
  REQUIRE(IForwardTsnChunk::SerializeTo(out, Tsn(100), skips));
  REQUIRE(out.size() == 24);
  // Reserved written as zero, U in the lowest bit.
  CHECK(test::ToHex(out.written().subspan(8, 4)) == "00030001");
  auto chunk = IForwardTsnChunk::Parse(out.written());
  REQUIRE(chunk.has_value());
  CHECK(chunk->new_cumulative_tsn() == Tsn(100));
  REQUIRE(chunk->skipped_stream_count() == 2);
  CHECK(chunk->skipped_stream(0) == skips[0]);
  CHECK(chunk->skipped_stream(1) == skips[1]);
  CHECK(chunk->ToString() ==
        "I_FORWARD_TSN, new_cum_tsn=100, skip=3:U:4294967295, skip=65535:0");
}

TEST_CASE("IForwardTsnChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("c2 00 00 10 00 00 00 05 00 01 00 00 00 00 00 02");
  REQUIRE(IForwardTsnChunk::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    CHECK_FALSE(IForwardTsnChunk::Parse(Hex("c2 00 00 04")).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x18;
    CHECK_FALSE(IForwardTsnChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 192;
    CHECK_FALSE(IForwardTsnChunk::Parse(b).has_value());
  }
  SECTION("an entry cut short") {
    // A FORWARD TSN-sized (4-byte) entry is not an I-FORWARD-TSN entry.
    auto b = Hex("c2 00 00 0c 00 00 00 05 00 01 00 02");
    CHECK_FALSE(IForwardTsnChunk::Parse(b).has_value());
  }
}

TEST_CASE("IForwardTsnChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 15> buf{};
  WireWriter out(buf);
  std::array<Skip, 1> skips{{{StreamId(1), false, Mid(1)}}};
  CHECK_FALSE(IForwardTsnChunk::SerializeTo(out, Tsn(1), skips));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
