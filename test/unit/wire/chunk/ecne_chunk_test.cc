#include "wire/chunk/ecne_chunk.h"

#include <array>
#include <catch2/catch.hpp>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

TEST_CASE("EcneChunk: FromCapture", "[fast]") {
  // Wireshark, derived/usrsctp_CORPUS_CONNECT.pcap frame 21 (the usrsctp
  // fuzzer seed ecn-echo-000001 wrapped in a packet; a seed, not traffic;
  // the rest of the packet is malformed and not used here):
  // ECNE chunk (Lowest TSN: 3868662016)
  //   Chunk type: ECNE (12), Chunk flags: 0x00, Chunk length: 12
  //   Lowest TSN: 3868662016
  //   (Wireshark does not dissect the 4th word; usrsctp's struct
  //   sctp_ecne_chunk calls it num_pkts_since_cwr: 0x2c7c9f18)
  auto bytes = Hex("0c 00 00 0c e6 97 19 00 2c 7c 9f 18");
  auto ecne = EcneChunk::Parse(bytes);
  REQUIRE(ecne.has_value());
  CHECK(ecne->flags() == 0);
  CHECK(ecne->lowest_tsn() == Tsn(3868662016));
  CHECK(ecne->number_of_packets() == 0x2c7c9f18u);
  CHECK(ecne->ToString() == "ECNE, lowest_tsn=3868662016, packets=746364696");
}

TEST_CASE("EcneChunk: the RFC 4960 8-byte form", "[fast]") {
  // Built by hand from RFC 4960 Appendix A ("Chunk Length = 8").
  auto bytes = Hex("0c 00 00 08 00 00 00 2a");
  auto ecne = EcneChunk::Parse(bytes);
  REQUIRE(ecne.has_value());
  CHECK(ecne->lowest_tsn() == Tsn(42));
  CHECK_FALSE(ecne->number_of_packets().has_value());
  CHECK(ecne->ToString() == "ECNE, lowest_tsn=42");
}

TEST_CASE("EcneChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 20> buf{};
  WireWriter out(buf);
  REQUIRE(EcneChunk::SerializeTo(out, Tsn(0xffffffff)));
  REQUIRE(EcneChunk::SerializeTo(out, Tsn(7), 3));
  CHECK(ToHex(out.written()) == "0c000008ffffffff" "0c00000c0000000700000003");
  auto short_form = EcneChunk::Parse(out.written().first(8));
  REQUIRE(short_form.has_value());
  CHECK(short_form->lowest_tsn() == Tsn(0xffffffff));
  CHECK_FALSE(short_form->number_of_packets().has_value());
  auto long_form = EcneChunk::Parse(out.written().subspan(8));
  REQUIRE(long_form.has_value());
  CHECK(long_form->lowest_tsn() == Tsn(7));
  CHECK(long_form->number_of_packets() == 3u);
  CHECK(long_form->ToString() == "ECNE, lowest_tsn=7, packets=3");
}

TEST_CASE("EcneChunk: rejects malformed chunks", "[fast]") {
  SECTION("shorter than 8") {
    auto b = Hex("0c 00 00 04");
    CHECK_FALSE(EcneChunk::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = Hex("0c 00 00 0c 00 00 00 01");
    CHECK_FALSE(EcneChunk::Parse(b).has_value());
  }
  SECTION("not a whole number of words") {
    auto b = Hex("0c 00 00 0a 00 00 00 01 00 00");
    CHECK_FALSE(EcneChunk::Parse(b).has_value());
  }
  SECTION("longer than 12") {
    auto b = Hex("0c 00 00 10 00 00 00 01 00 00 00 02 00 00 00 03");
    CHECK_FALSE(EcneChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = Hex("0d 00 00 08 00 00 00 01");
    CHECK_FALSE(EcneChunk::Parse(b).has_value());
  }
}

TEST_CASE("EcneChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 11> buf{};
  WireWriter out(buf);
  CHECK_FALSE(EcneChunk::SerializeTo(out, Tsn(1), 2));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
  std::array<uint8_t, 7> tiny{};
  WireWriter small(tiny);
  CHECK_FALSE(EcneChunk::SerializeTo(small, Tsn(1)));
}

}  // namespace
}  // namespace dpsctp::wire
