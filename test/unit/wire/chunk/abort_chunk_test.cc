#include "wire/chunk/abort_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;
using test::ToHex;

// Fixed-size arrays: WireWriter::AppendBytes() on a std::vector of unknown
// size trips GCC 12's -Wstringop-overflow inside WireWriter::Append().
// User-Initiated Abort (12) with reason "bye" (length 7, padded to 8).
constexpr std::array<uint8_t, 8> kUserInitiatedAbort{0x00, 0x0c, 0x00, 0x07,
                                                     'b',  'y',  'e',  0x00};
constexpr std::array<uint8_t, 4> kBadCause{0x00, 0x0d, 0x00, 0x03};

TEST_CASE("AbortChunk: FromCapture", "[fast]") {
  // Wireshark, sctp_init_collision.cap frame 2 (12345 -> 12345, an INIT
  // answered by ABORT, vtag 0xbe65a7ef):
  // ABORT chunk
  //   Chunk type: ABORT (6), Chunk flags: 0x00 (T bit not set)
  //   Chunk length: 4
  auto bytes = Hex("06 00 00 04");
  auto abort = AbortChunk::Parse(bytes);
  REQUIRE(abort.has_value());
  CHECK_FALSE(abort->t_bit());
  CHECK(abort->flags() == 0);
  CHECK(abort->error_causes().empty());
  CHECK(abort->error_cause_count() == 0);
  CHECK(abort->ToString() == "ABORT, t_bit=0");
}

TEST_CASE("AbortChunk: with causes, built from the RFC diagram", "[fast]") {
  // No capture has an ABORT with causes or the T bit: bytes built by hand
  // from RFC 9260 §3.3.7 and §3.3.10.9/§3.3.10.12. T=1; No User Data (9)
  // for TSN 0x01020304; User-Initiated Abort (12) "hi" (length 6, last, its
  // padding not counted).
  auto bytes = Hex("06 01 00 12 00 09 00 08 01 02 03 04 00 0c 00 06 68 69");
  auto abort = AbortChunk::Parse(bytes);
  REQUIRE(abort.has_value());
  CHECK(abort->t_bit());
  REQUIRE(abort->error_cause_count() == 2);
  TlvIterator it(abort->error_causes());
  auto first = it.Next();
  REQUIRE(first.has_value());
  CHECK(first->type == 9);
  CHECK(ToHex(first->value()) == "01020304");
  auto second = it.Next();
  REQUIRE(second.has_value());
  CHECK(second->type == 12);
  CHECK(ToHex(second->value()) == "6869");
  CHECK(abort->ToString() == "ABORT, t_bit=1, cause=9, cause=12");
}

TEST_CASE("AbortChunk: RoundTrip with cause bytes", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  REQUIRE(AbortChunk::SerializeTo(out, true, kUserInitiatedAbort));
  // Length 4 + 7: the cause's padding is the chunk's padding.
  CHECK(ToHex(out.written()) == "0601000b000c000762796500");
  auto abort = AbortChunk::Parse(out.written().first(11));
  REQUIRE(abort.has_value());
  CHECK(abort->t_bit());
  CHECK(abort->error_cause_count() == 1);
  CHECK(abort->ToString() == "ABORT, t_bit=1, cause=12");
}

TEST_CASE("AbortChunk: RoundTrip without causes", "[fast]") {
  std::array<uint8_t, 4> buf{};
  WireWriter out(buf);
  REQUIRE(AbortChunk::SerializeTo(out, false, {}));
  CHECK(ToHex(out.written()) == "06000004");
  auto abort = AbortChunk::Parse(out.written());
  REQUIRE(abort.has_value());
  CHECK_FALSE(abort->t_bit());
}

TEST_CASE("AbortChunk: RoundTrip with Open and Close", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto start = AbortChunk::Open(out, false);
  REQUIRE(start == 0u);
  REQUIRE(out.AppendBytes(kUserInitiatedAbort));
  REQUIRE(out.AppendBytes(kUserInitiatedAbort));
  REQUIRE(AbortChunk::Close(out, *start));
  REQUIRE(out.size() == 20);
  CHECK(buf[3] == 19);
  auto abort = AbortChunk::Parse(out.written().first(19));
  REQUIRE(abort.has_value());
  CHECK_FALSE(abort->t_bit());
  CHECK(abort->error_cause_count() == 2);
}

TEST_CASE("AbortChunk: Open and Close without causes", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  auto start = AbortChunk::Open(out, true);
  REQUIRE(start.has_value());
  REQUIRE(AbortChunk::Close(out, *start));
  CHECK(ToHex(out.written()) == "06010004");
}

TEST_CASE("AbortChunk: reserved flag bits are ignored", "[fast]") {
  auto bytes = Hex("06 fe 00 04");
  auto abort = AbortChunk::Parse(bytes);
  REQUIRE(abort.has_value());
  CHECK_FALSE(abort->t_bit());
}

TEST_CASE("AbortChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("06 00 00 0c 00 09 00 08 01 02 03 04");
  REQUIRE(AbortChunk::Parse(good).has_value());

  SECTION("shorter than the chunk header") {
    CHECK_FALSE(AbortChunk::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(AbortChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 9;
    CHECK_FALSE(AbortChunk::Parse(b).has_value());
  }
  SECTION("cause length past the end") {
    auto b = good;
    b[7] = 0x0c;
    CHECK_FALSE(AbortChunk::Parse(b).has_value());
  }
  SECTION("cause length below 4") {
    auto b = good;
    b[7] = 0x01;
    CHECK_FALSE(AbortChunk::Parse(b).has_value());
  }
  SECTION("trailing bytes too short for a cause header") {
    CHECK_FALSE(AbortChunk::Parse(Hex("06 00 00 06 00 0c")).has_value());
  }
}

TEST_CASE("AbortChunk: refuses malformed cause bytes", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  CHECK_FALSE(AbortChunk::SerializeTo(out, false, kBadCause));
  CHECK(out.size() == 0);
  auto start = AbortChunk::Open(out, false);
  REQUIRE(start.has_value());
  REQUIRE(out.AppendBytes(kBadCause));
  CHECK_FALSE(AbortChunk::Close(out, *start));
}

TEST_CASE("AbortChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  CHECK_FALSE(AbortChunk::SerializeTo(out, false, kUserInitiatedAbort));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());

  std::array<uint8_t, 3> tiny{};
  WireWriter small(tiny);
  CHECK_FALSE(AbortChunk::Open(small, false).has_value());
}

}  // namespace
}  // namespace dpsctp::wire
