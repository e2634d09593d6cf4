#include "wire/chunk/nr_sack_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using Block = NrSackChunk::GapAckBlock;

TEST_CASE("NrSackChunk: FromCapture", "[fast]") {
  // usrsctp_CORPUS_FRAGMENT.pcap frame 31:
  //   NR_SACK chunk (Cumulative TSN: 3562989914, a_rwnd: 130811, gaps: 1,
  //                  nr-gaps: 1, duplicate TSNs: 0)
  //   Chunk type: NR_SACK (16), flags 0x00, length 28
  //   Number of gap acknowledgement blocks: 1
  //   Number of nr-gap acknowledgement blocks: 1
  //   Number of duplicated TSNs: 0, Reserved: 0x0000
  //   Gap Acknowledgement: Start 0, End 0
  //   NR-Gap Acknowledgement: Start 0, End 0
  auto bytes = Hex(
      "10 00 00 1c d4 5e e9 5a 00 01 fe fb 00 01 00 01"
      "00 00 00 00 00 00 00 00 00 00 00 00");
  auto chunk = NrSackChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->flags() == 0);
  CHECK(chunk->cumulative_tsn_ack() == Tsn(3562989914));
  CHECK(chunk->a_rwnd() == 130811);
  REQUIRE(chunk->gap_ack_block_count() == 1);
  CHECK(chunk->gap_ack_block(0) == Block{0, 0});
  REQUIRE(chunk->nr_gap_ack_block_count() == 1);
  CHECK(chunk->nr_gap_ack_block(0) == Block{0, 0});
  CHECK(chunk->duplicate_tsn_count() == 0);
}

TEST_CASE("NrSackChunk: FromCapture, other window", "[fast]") {
  // usrsctp_CORPUS_FRAGMENT.pcap frame 40:
  //   NR_SACK chunk (Cumulative TSN: 3562989912, a_rwnd: 1859563, gaps: 1,
  //                  nr-gaps: 1, duplicate TSNs: 0), length 28
  auto bytes = Hex(
      "10 00 00 1c d4 5e e9 58 00 1c 5f eb 00 01 00 01"
      "00 00 00 00 00 00 00 00 00 00 00 00");
  auto chunk = NrSackChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->cumulative_tsn_ack() == Tsn(3562989912));
  CHECK(chunk->a_rwnd() == 1859563);
  CHECK(chunk->gap_ack_block_count() == 1);
  CHECK(chunk->nr_gap_ack_block_count() == 1);
  CHECK(chunk->duplicate_tsn_count() == 0);
}

TEST_CASE("NrSackChunk: hand-built chunk keeps the three lists apart",
          "[fast]") {
  // No capture has distinct blocks; built from the layout: 1 gap (2-3),
  // 2 NR gaps (5-6, 8-8), 1 duplicate (0x0a0b0c0d), reserved 0xffff.
  auto bytes = Hex(
      "10 00 00 24 00 00 00 64 00 00 10 00 00 01 00 02"
      "00 01 ff ff 00 02 00 03 00 05 00 06 00 08 00 08"
      "0a 0b 0c 0d");
  auto chunk = NrSackChunk::Parse(bytes);
  REQUIRE(chunk.has_value());
  CHECK(chunk->cumulative_tsn_ack() == Tsn(100));
  CHECK(chunk->a_rwnd() == 4096);
  REQUIRE(chunk->gap_ack_block_count() == 1);
  CHECK(chunk->gap_ack_block(0) == Block{2, 3});
  REQUIRE(chunk->nr_gap_ack_block_count() == 2);
  CHECK(chunk->nr_gap_ack_block(0) == Block{5, 6});
  CHECK(chunk->nr_gap_ack_block(1) == Block{8, 8});
  REQUIRE(chunk->duplicate_tsn_count() == 1);
  CHECK(chunk->duplicate_tsn(0) == Tsn(0x0a0b0c0d));
}

TEST_CASE("NrSackChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 128> buf{};
  WireWriter out(buf);
  std::array<Block, 2> gaps{{{2, 3}, {5, 9}}};
  std::array<Block, 1> nr_gaps{{{11, 12}}};
  std::array<Tsn, 2> dups{Tsn(0xfffffffe), Tsn(7)};
  REQUIRE(NrSackChunk::SerializeTo(out, Tsn(0xffffffff), 1 << 20, gaps,
                                   nr_gaps, dups));
  REQUIRE(out.size() == 20 + 12 + 8);
  // Reserved is written as zero.
  CHECK(test::ToHex(out.written().subspan(16, 4)) == "00020000");
  auto chunk = NrSackChunk::Parse(out.written());
  REQUIRE(chunk.has_value());
  CHECK(chunk->cumulative_tsn_ack() == Tsn(0xffffffff));
  CHECK(chunk->a_rwnd() == (1u << 20));
  REQUIRE(chunk->gap_ack_block_count() == 2);
  CHECK(chunk->gap_ack_block(0) == Block{2, 3});
  CHECK(chunk->gap_ack_block(1) == Block{5, 9});
  REQUIRE(chunk->nr_gap_ack_block_count() == 1);
  CHECK(chunk->nr_gap_ack_block(0) == Block{11, 12});
  REQUIRE(chunk->duplicate_tsn_count() == 2);
  CHECK(chunk->duplicate_tsn(0) == Tsn(0xfffffffe));
  CHECK(chunk->duplicate_tsn(1) == Tsn(7));
  CHECK(chunk->ToString() ==
        "NR_SACK, cum_ack_tsn=4294967295, a_rwnd=1048576, gap=2-3, gap=5-9, "
        "nr_gap=11-12, dup=4294967294, dup=7");
}

TEST_CASE("NrSackChunk: rejects malformed chunks", "[fast]") {
  // 1 gap, 1 NR gap, 1 dup.
  auto good = Hex(
      "10 00 00 20 00 00 00 01 00 00 10 00 00 01 00 01"
      "00 01 00 00 00 01 00 01 00 02 00 02 00 00 00 09");
  REQUIRE(NrSackChunk::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    CHECK_FALSE(NrSackChunk::Parse(std::span(good).first(19)).has_value());
    // A plain SACK's 16-byte fixed part is too short for an NR-SACK.
    auto b = Hex("10 00 00 10 00 00 00 01 00 00 10 00 00 00 00 00");
    CHECK_FALSE(NrSackChunk::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x24;
    CHECK_FALSE(NrSackChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 3;
    CHECK_FALSE(NrSackChunk::Parse(b).has_value());
  }
  SECTION("gap count past the end") {
    auto b = good;
    b[13] = 2;
    CHECK_FALSE(NrSackChunk::Parse(b).has_value());
  }
  SECTION("NR gap count past the end") {
    auto b = good;
    b[15] = 2;
    CHECK_FALSE(NrSackChunk::Parse(b).has_value());
  }
  SECTION("duplicate count past the end") {
    auto b = good;
    b[17] = 2;
    CHECK_FALSE(NrSackChunk::Parse(b).has_value());
  }
  SECTION("counts that fall short of the length") {
    auto b = good;
    b[17] = 0;
    CHECK_FALSE(NrSackChunk::Parse(b).has_value());
  }
  SECTION("variable part not a multiple of 4") {
    auto b = Hex(
        "10 00 00 16 00 00 00 01 00 00 10 00 00 00 00 00"
        "00 00 00 00 00 01");
    CHECK_FALSE(NrSackChunk::Parse(b).has_value());
  }
}

TEST_CASE("NrSackChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 27> buf{};
  WireWriter out(buf);
  std::array<Block, 1> gaps{{{2, 3}}};
  std::array<Block, 1> nr_gaps{{{4, 4}}};
  CHECK_FALSE(NrSackChunk::SerializeTo(out, Tsn(1), 100, gaps, nr_gaps, {}));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
