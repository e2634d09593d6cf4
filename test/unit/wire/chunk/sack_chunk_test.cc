#include "wire/chunk/sack_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("SackChunk: FromCapture", "[fast]") {
  // Wireshark, sctp-www.cap frame 5:
  // SACK chunk (Cumulative TSN: 3429306, a_rwnd: 60294, gaps: 1, duplicate TSNs: 1)
  //   Chunk type: SACK (3), flags 0x00, length 24
  //   Gap Acknowledgement for TSN 3429308 to 3429309 (start 2, end 3)
  //   Duplicate TSN: 3429300
  auto bytes = Hex(
      "03 00 00 18 00 34 53 ba 00 00 eb 86 00 01 00 01"
      "00 02 00 03 00 34 53 b4");
  auto sack = SackChunk::Parse(bytes);
  REQUIRE(sack.has_value());
  CHECK(sack->cumulative_tsn_ack() == Tsn(3429306));
  CHECK(sack->a_rwnd() == 60294);
  REQUIRE(sack->gap_ack_block_count() == 1);
  CHECK(sack->gap_ack_block(0) == SackChunk::GapAckBlock{2, 3});
  REQUIRE(sack->duplicate_tsn_count() == 1);
  CHECK(sack->duplicate_tsn(0) == Tsn(3429300));
}

TEST_CASE("SackChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 128> buf{};
  WireWriter out(buf);
  std::array<SackChunk::GapAckBlock, 2> gaps{{{2, 3}, {5, 9}}};
  std::array<Tsn, 1> dups{Tsn(0xfffffffe)};
  REQUIRE(SackChunk::SerializeTo(out, Tsn(0xffffffff), 1 << 20, gaps, dups));
  REQUIRE(out.size() == 16 + 8 + 4);
  auto sack = SackChunk::Parse(out.written());
  REQUIRE(sack.has_value());
  CHECK(sack->cumulative_tsn_ack() == Tsn(0xffffffff));
  CHECK(sack->a_rwnd() == (1u << 20));
  REQUIRE(sack->gap_ack_block_count() == 2);
  CHECK(sack->gap_ack_block(1) == SackChunk::GapAckBlock{5, 9});
  REQUIRE(sack->duplicate_tsn_count() == 1);
  CHECK(sack->duplicate_tsn(0) == Tsn(0xfffffffe));
  CHECK(sack->ToString() ==
        "SACK, cum_ack_tsn=4294967295, a_rwnd=1048576, gap=2-3, gap=5-9, "
        "dup=4294967294");
}

TEST_CASE("SackChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("03 00 00 14 00 00 00 01 00 00 10 00 00 01 00 00 00 01 00 01");
  REQUIRE(SackChunk::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    CHECK_FALSE(SackChunk::Parse(std::span(good).first(15)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x18;
    CHECK_FALSE(SackChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 2;
    CHECK_FALSE(SackChunk::Parse(b).has_value());
  }
  SECTION("gap count past the end") {
    auto b = good;
    b[13] = 2;
    CHECK_FALSE(SackChunk::Parse(b).has_value());
  }
  SECTION("duplicate count past the end") {
    auto b = good;
    b[15] = 1;
    CHECK_FALSE(SackChunk::Parse(b).has_value());
  }
  SECTION("variable part not a multiple of 4") {
    auto b = Hex("03 00 00 16 00 00 00 01 00 00 10 00 00 00 00 00 00 01");
    CHECK_FALSE(SackChunk::Parse(b).has_value());
  }
}

TEST_CASE("SackChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 20> buf{};
  WireWriter out(buf);
  std::array<SackChunk::GapAckBlock, 2> gaps{{{2, 3}, {5, 9}}};
  CHECK_FALSE(SackChunk::SerializeTo(out, Tsn(1), 100, gaps, {}));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
