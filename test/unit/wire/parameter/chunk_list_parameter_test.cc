#include "wire/parameter/chunk_list_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("ChunkListParameter: FromCapture", "[fast]") {
  // Wireshark, derived/usrsctp_CORPUS_CONNECT.pcap frame 27 (usrsctp seed
  // rtcweb-000000), INIT chunk:
  // Authenticated Chunk list parameter
  //   Parameter type: Authenticated Chunk list (0x8003), length 6
  //   Chunk type: ASCONF_ACK (128)
  //   Chunk type: ASCONF (193)
  //   Parameter padding: 0000
  auto bytes = Hex("80 03 00 06 80 c1");
  auto list = ChunkListParameter::Parse(bytes);
  REQUIRE(list.has_value());
  CHECK(test::ToHex(list->chunk_types()) == "80c1");
  CHECK(list->Contains(0x80));
  CHECK(list->Contains(0xc1));
  CHECK_FALSE(list->Contains(0));
  CHECK(list->ToString() == "CHUNK_LIST, ASCONF_ACK, ASCONF");
}

TEST_CASE("ChunkListParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 3> types{0, 3, 0x7f};
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  REQUIRE(ChunkListParameter::SerializeTo(out, types));
  REQUIRE(out.size() == 8);
  CHECK(out.written()[7] == 0);
  auto list = ChunkListParameter::Parse(out.written().first(7));
  REQUIRE(list.has_value());
  CHECK(test::ToHex(list->chunk_types()) == "00037f");
  CHECK(list->ToString() == "CHUNK_LIST, DATA, SACK, 127");
}

TEST_CASE("ChunkListParameter: accepts types it must ignore", "[fast]") {
  // RFC 4895 §3.2: INIT, INIT ACK, SHUTDOWN COMPLETE and AUTH "MUST be
  // ignored" when received, which the AUTH logic does; parsing keeps them.
  auto bytes = Hex("80 03 00 08 01 02 0e 0f");
  auto list = ChunkListParameter::Parse(bytes);
  REQUIRE(list.has_value());
  CHECK(list->chunk_types().size() == 4);
}

TEST_CASE("ChunkListParameter: rejects malformed parameters", "[fast]") {
  auto good = Hex("80 03 00 06 80 c1");
  REQUIRE(ChunkListParameter::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(
        ChunkListParameter::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(ChunkListParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x04;
    CHECK_FALSE(ChunkListParameter::Parse(b).has_value());
  }
  SECTION("longer than 260 bytes") {
    std::vector<uint8_t> b = Hex("80 03 01 05");
    b.resize(261, 0);
    CHECK_FALSE(ChunkListParameter::Parse(b).has_value());
    b = Hex("80 03 01 04");
    b.resize(260, 0);
    CHECK(ChunkListParameter::Parse(b).has_value());
  }
}

TEST_CASE("ChunkListParameter: serialization refuses bad input", "[fast]") {
  std::array<uint8_t, 300> big_buf{};
  WireWriter out(big_buf);
  std::array<uint8_t, 257> too_many{};
  CHECK_FALSE(ChunkListParameter::SerializeTo(out, too_many));
  CHECK(out.size() == 0);

  std::array<uint8_t, 6> buf{};
  WireWriter small(buf);
  std::array<uint8_t, 3> types{0, 3, 4};
  CHECK_FALSE(ChunkListParameter::SerializeTo(small, types));
  CHECK(small.size() == 0);
  CHECK(small.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
