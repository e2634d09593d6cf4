#include "wire/chunk/forward_tsn_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using Skip = ForwardTsnChunk::SkippedStream;

TEST_CASE("ForwardTsnChunk: FromCapture", "[fast]") {
  // No capture in the corpus has a well-formed FORWARD TSN; these are the
  // bytes of scapy's sctp.uts case "basic SCTPChunkForwardTSN - Dissection"
  // (SCTP common header stripped). Scapy's expected dissection:
  //   FORWARD_TSN chunk (flags 0x00, length 16)
  //   New cumulative TSN: 7777
  //   Stream 10, Stream sequence 1
  //   Stream 11, Stream sequence 2
  auto bytes = Hex("c0 00 00 10 00 00 1e 61 00 0a 00 01 00 0b 00 02");
  auto chunk = ForwardTsnChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0);
  CHECK(chunk->new_cumulative_tsn() == Tsn(7777));
  REQUIRE(chunk->skipped_stream_count() == 2);
  CHECK(chunk->skipped_stream(0) == Skip{StreamId(10), Ssn(1)});
  CHECK(chunk->skipped_stream(1) == Skip{StreamId(11), Ssn(2)});
}

TEST_CASE("ForwardTsnChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  std::array<Skip, 3> skips{
      {{StreamId(0), Ssn(0xffff)}, {StreamId(7), Ssn(3)},
       {StreamId(0xffff), Ssn(0)}}};
  REQUIRE(ForwardTsnChunk::SerializeTo(out, Tsn(0xfffffffe), skips));
  REQUIRE(out.size() == 8 + 12);
  CHECK(test::ToHex(out.written().first(4)) == "c0000014");
  auto chunk = ForwardTsnChunk::Parse(out.written());
  REQUIRE(chunk.has_value());
  CHECK(chunk->new_cumulative_tsn() == Tsn(0xfffffffe));
  REQUIRE(chunk->skipped_stream_count() == 3);
  for (size_t i = 0; i < skips.size(); ++i) {
    CHECK(chunk->skipped_stream(i) == skips[i]);
  }
  CHECK(chunk->ToString() ==
        "FORWARD_TSN, new_cum_tsn=4294967294, skip=0:65535, skip=7:3, "
        "skip=65535:0");
}

TEST_CASE("ForwardTsnChunk: RoundTrip with no skipped stream", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(ForwardTsnChunk::SerializeTo(out, Tsn(42), {}));
  auto chunk = ForwardTsnChunk::Parse(out.written());
  REQUIRE(chunk.has_value());
  CHECK(chunk->new_cumulative_tsn() == Tsn(42));
  CHECK(chunk->skipped_stream_count() == 0);
  CHECK(chunk->ToString() == "FORWARD_TSN, new_cum_tsn=42");
}

TEST_CASE("ForwardTsnChunk: ignores the flags", "[fast]") {
  auto b = Hex("c0 ff 00 0c 00 00 00 05 00 01 00 02");
  auto chunk = ForwardTsnChunk::Parse(b);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0xff);
  CHECK(chunk->skipped_stream(0) == Skip{StreamId(1), Ssn(2)});
}

TEST_CASE("ForwardTsnChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("c0 00 00 0c 00 00 00 05 00 01 00 02");
  REQUIRE(ForwardTsnChunk::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    auto b = Hex("c0 00 00 04");
    CHECK_FALSE(ForwardTsnChunk::Parse(b).has_value());
    CHECK_FALSE(ForwardTsnChunk::Parse(std::span(good).first(7)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x10;
    CHECK_FALSE(ForwardTsnChunk::Parse(b).has_value());
    b[3] = 0x08;
    CHECK_FALSE(ForwardTsnChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 194;
    CHECK_FALSE(ForwardTsnChunk::Parse(b).has_value());
  }
  SECTION("a partial (stream, ssn) entry") {
    auto b = Hex("c0 00 00 0e 00 00 00 05 00 01 00 02 00 03");
    CHECK_FALSE(ForwardTsnChunk::Parse(b).has_value());
  }
}

TEST_CASE("ForwardTsnChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 11> buf{};
  WireWriter out(buf);
  std::array<Skip, 1> skips{{{StreamId(1), Ssn(1)}}};
  CHECK_FALSE(ForwardTsnChunk::SerializeTo(out, Tsn(1), skips));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
