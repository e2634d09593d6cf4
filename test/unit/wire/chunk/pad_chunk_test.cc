#include "wire/chunk/pad_chunk.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "common/byte_order.h"
#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("PadChunk: FromRfcDiagram", "[fast]") {
  // No capture in the corpus has a PAD chunk; built by hand from the RFC
  // 4820 §3 diagram: type 0x84, flags 0, length 11, Padding Data "pad"
  // followed by four zero bytes.
  auto bytes = Hex("84 00 00 0b 70 61 64 00 00 00 00");
  auto pad = PadChunk::Parse(bytes);
  REQUIRE(pad.has_value());
  CHECK(pad->flags() == 0);
  CHECK(test::ToHex(pad->padding_data()) == "70616400000000");
}

TEST_CASE("PadChunk: rejects the truncated scapy blob", "[fast]") {
  // scapy-uts/sctp.uts "basic SCTPChunkPad - Dissection" carries
  // 84 00 00 0b 70 61 64 00: Length says 11 but only 8 bytes follow, which
  // scapy tolerates and a bounded parser must not.
  auto bytes = Hex("84 00 00 0b 70 61 64 00");
  CHECK_FALSE(PadChunk::Parse(bytes).has_value());
}

TEST_CASE("PadChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  buf.fill(0xee);
  WireWriter out(buf);
  REQUIRE(PadChunk::SerializeTo(out, 13));
  REQUIRE(out.size() == 20);
  CHECK(LoadBe16(out.written().data() + 2) == 17);
  auto pad = PadChunk::Parse(out.written().first(17));
  REQUIRE(pad.has_value());
  CHECK(pad->flags() == 0);
  CHECK(pad->padding_data().size() == 13);
  CHECK(std::all_of(out.written().begin() + 4, out.written().end(),
                    [](uint8_t b) { return b == 0; }));
  CHECK(pad->ToString() == "PAD, padding_length=13");
}

TEST_CASE("PadChunk: accepts empty padding", "[fast]") {
  auto bytes = Hex("84 00 00 04");
  auto pad = PadChunk::Parse(bytes);
  REQUIRE(pad.has_value());
  CHECK(pad->padding_data().empty());
}

TEST_CASE("PadChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("84 00 00 06 00 00");
  REQUIRE(PadChunk::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(PadChunk::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(PadChunk::Parse(b).has_value());
  }
  SECTION("length field below the header") {
    CHECK_FALSE(PadChunk::Parse(Hex("84 00 00 02")).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 0x85;
    CHECK_FALSE(PadChunk::Parse(b).has_value());
  }
}

TEST_CASE("PadChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  CHECK_FALSE(PadChunk::SerializeTo(out, 13));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
  // Length is a 16-bit field.
  std::vector<uint8_t> big(70000);
  WireWriter out2(big);
  CHECK_FALSE(PadChunk::SerializeTo(out2, 0xffff));
  CHECK(out2.size() == 0);
}

}  // namespace
}  // namespace dpsctp::wire
