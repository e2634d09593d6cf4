#include "wire/chunk/cwr_chunk.h"

#include <array>
#include <catch2/catch.hpp>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

TEST_CASE("CwrChunk: FromCapture", "[fast]") {
  // Wireshark, derived/usrsctp_CORPUS_CONNECT.pcap frame 20 (the usrsctp
  // fuzzer seed ecn-cwr-000001 wrapped in a packet; a seed, not traffic;
  // the rest of the packet is malformed and not used here):
  // CWR chunk (Lowest TSN: 3868662016)
  //   Chunk type: CWR (13), Chunk flags: 0x00, Chunk length: 8
  //   Lowest TSN: 3868662016
  auto bytes = Hex("0d 00 00 08 e6 97 19 00");
  auto cwr = CwrChunk::Parse(bytes);
  REQUIRE(cwr.has_value());
  CHECK(cwr->flags() == 0);
  CHECK(cwr->lowest_tsn() == Tsn(3868662016));
  CHECK(cwr->ToString() == "CWR, lowest_tsn=3868662016");
}

TEST_CASE("CwrChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(CwrChunk::SerializeTo(out, Tsn(0x01020304)));
  CHECK(ToHex(out.written()) == "0d00000801020304");
  auto cwr = CwrChunk::Parse(out.written());
  REQUIRE(cwr.has_value());
  CHECK(cwr->lowest_tsn() == Tsn(0x01020304));
  CHECK(cwr->ToString() == "CWR, lowest_tsn=16909060");
}

TEST_CASE("CwrChunk: flags are passed through", "[fast]") {
  auto bytes = Hex("0d 03 00 08 00 00 00 01");
  auto cwr = CwrChunk::Parse(bytes);
  REQUIRE(cwr.has_value());
  CHECK(cwr->flags() == 0x03);
}

TEST_CASE("CwrChunk: rejects malformed chunks", "[fast]") {
  SECTION("shorter than 8") {
    auto b = Hex("0d 00 00 04");
    CHECK_FALSE(CwrChunk::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = Hex("0d 00 00 09 00 00 00 01");
    CHECK_FALSE(CwrChunk::Parse(b).has_value());
  }
  SECTION("longer than 8") {
    auto b = Hex("0d 00 00 0c 00 00 00 01 00 00 00 00");
    CHECK_FALSE(CwrChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = Hex("0c 00 00 08 00 00 00 01");
    CHECK_FALSE(CwrChunk::Parse(b).has_value());
  }
}

TEST_CASE("CwrChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  CHECK_FALSE(CwrChunk::SerializeTo(out, Tsn(1)));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
