#include "wire/chunk/sack_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("SackChunk: FromCapture", "[fast]") {
  // Wireshark, open5gs-docs nonipsec_reg.pcapng frame 31 (S1AP, 36412 ->
  // 36412, vtag 0x02e8eb80), the only third-party capture in the corpus with
  // a gap block:
  // SACK chunk (Cumulative TSN: 813551810, a_rwnd: 105930, gaps: 1,
  //             duplicate TSNs: 0)
  //   Chunk type: SACK (3), Chunk flags: 0x00, Chunk length: 20
  //   Cumulative TSN ACK (absolute): 813551810
  //   Advertised receiver window credit (a_rwnd): 105930
  //   Gap Acknowledgement for TSN 3 to 3 (relative): Start: 2, End: 2
  auto bytes = Hex(
      "03 00 00 14 30 7d d0 c2 00 01 9d ca 00 01 00 00"
      "00 02 00 02");
  auto sack = SackChunk::Parse(bytes);
  REQUIRE(sack.has_value());
  CHECK(sack->flags() == 0);
  CHECK(sack->cumulative_tsn_ack() == Tsn(813551810));
  CHECK(sack->a_rwnd() == 105930);
  REQUIRE(sack->gap_ack_block_count() == 1);
  CHECK(sack->gap_ack_block(0) == SackChunk::GapAckBlock{2, 2});
  CHECK(sack->duplicate_tsn_count() == 0);
}

TEST_CASE("SackChunk: FromCapture, duplicate TSN", "[fast]") {
  // No third-party capture has duplicate TSNs (MANIFEST.md). Wireshark,
  // derived/usrsctp_CORPUS_FRAGMENT.pcap frame 57 (the usrsctp fuzzer seed
  // sackfile-001, chunk 1, wrapped in a packet; a seed, not traffic):
  // SACK chunk (Cumulative TSN: 3562989914, a_rwnd: 1859563, gaps: 1,
  //             duplicate TSNs: 1)
  //   Chunk type: SACK (3), Chunk flags: 0x00, Chunk length: 24
  //   Gap Acknowledgement: Start: 0, End: 0
  //   Duplicate TSN: 0
  auto bytes = Hex(
      "03 00 00 18 d4 5e e9 5a 00 1c 5f eb 00 01 00 01"
      "00 00 00 00 00 00 00 00");
  auto sack = SackChunk::Parse(bytes);
  REQUIRE(sack.has_value());
  CHECK(sack->cumulative_tsn_ack() == Tsn(3562989914));
  CHECK(sack->a_rwnd() == 1859563);
  REQUIRE(sack->gap_ack_block_count() == 1);
  CHECK(sack->gap_ack_block(0) == SackChunk::GapAckBlock{0, 0});
  REQUIRE(sack->duplicate_tsn_count() == 1);
  CHECK(sack->duplicate_tsn(0) == Tsn(0));
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
