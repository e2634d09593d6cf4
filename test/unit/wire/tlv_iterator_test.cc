#include "wire/tlv_iterator.h"

#include <vector>

#include <catch2/catch.hpp>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("TlvIterator: walks padded parameters", "[fast]") {
  // IPv4 address 10.0.0.1, then a 5-byte host name parameter padded to 8,
  // then a Cookie Preservative.
  auto b = Hex("0005 0008 0a000001  000b 0005 61 000000  0009 0008 00000064");
  TlvIterator it(b);
  auto p1 = it.Next();
  REQUIRE(p1);
  CHECK(p1->type == 5);
  CHECK(p1->data.size() == 8);
  auto p2 = it.Next();
  REQUIRE(p2);
  CHECK(p2->type == 11);
  CHECK(p2->value().size() == 1);
  auto p3 = it.Next();
  REQUIRE(p3);
  CHECK(p3->type == 9);
  CHECK_FALSE(it.Next());
  CHECK(it.error() == TlvError::kNone);
  CHECK(ValidateTlvList(b) == 3u);
}

TEST_CASE("TlvIterator: accepts a last parameter without padding", "[fast]") {
  auto b = Hex("0005 0008 0a000001  000b 0005 61");
  CHECK(ValidateTlvList(b) == 2u);
}

TEST_CASE("TlvIterator: rejects malformed lists", "[fast]") {
  SECTION("truncated header") {
    auto b = Hex("0005 0008 0a000001 0009");
    TlvIterator it(b);
    CHECK(it.Next());
    CHECK_FALSE(it.Next());
    CHECK(it.error() == TlvError::kTruncatedHeader);
  }
  SECTION("length below 4") {
    auto b = Hex("0005 0003 0a000001");
    TlvIterator it(b);
    CHECK_FALSE(it.Next());
    CHECK(it.error() == TlvError::kLengthTooShort);
  }
  SECTION("length past the end") {
    auto b = Hex("0005 000c 0a000001");
    TlvIterator it(b);
    CHECK_FALSE(it.Next());
    CHECK(it.error() == TlvError::kLengthPastEnd);
  }
  SECTION("padding cut short") {
    auto b = Hex("000b 0005 61 00  ");
    TlvIterator it(b);
    CHECK_FALSE(it.Next());
    CHECK(it.error() == TlvError::kBadPadding);
  }
  SECTION("no progress on error") {
    auto b = Hex("0005 0000");
    TlvIterator it(b);
    CHECK_FALSE(it.Next());
    CHECK_FALSE(it.Next());
    CHECK(it.offset() == 0);
  }
}

TEST_CASE("TlvIterator: empty list is valid", "[fast]") {
  CHECK(ValidateTlvList({}) == 0u);
}

TEST_CASE("TlvListContentSize: leaves out the last element's padding",
          "[fast]") {
  CHECK(TlvListContentSize({}) == 0u);
  // A 5-byte host name parameter padded to 8, then one not padded.
  CHECK(TlvListContentSize(Hex("000b 0005 61 000000")) == 5u);
  CHECK(TlvListContentSize(Hex("0005 0008 0a000001  000b 0005 61 000000")) ==
        13u);
  CHECK(TlvListContentSize(Hex("0005 0008 0a000001  000b 0005 61")) == 13u);
  CHECK_FALSE(TlvListContentSize(Hex("0005 0008 0a000001 0009")));
}

TEST_CASE("CloseTlvList: sets the Length without the final padding",
          "[fast]") {
  // A chunk-like header (Type 6, Flags, Length to fill) then one padded
  // 5-byte parameter, as OpenTlv() and a parameter serializer leave them.
  auto b = Hex("06 00 0000  000b 0005 61 000000");
  std::vector<uint8_t> buffer(b.size() + 4);
  WireWriter out(buffer);
  REQUIRE(out.AppendBytes(b));
  REQUIRE(CloseTlvList(out, 0, 4));
  CHECK(out.written()[2] == 0);
  CHECK(out.written()[3] == 9);
  CHECK(out.size() == 12u);

  SECTION("min_content_size rejects an empty list") {
    WireWriter empty(buffer);
    REQUIRE(empty.AppendBytes(Hex("06 00 0000")));
    CHECK_FALSE(CloseTlvList(empty, 0, 4, 1));
    CHECK(CloseTlvList(empty, 0, 4));
  }
  SECTION("a malformed list is rejected") {
    WireWriter bad(buffer);
    REQUIRE(bad.AppendBytes(Hex("06 00 0000  000b 0002")));
    CHECK_FALSE(CloseTlvList(bad, 0, 4));
  }
}

}  // namespace
}  // namespace dpsctp::wire
