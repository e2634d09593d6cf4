#include "wire/parameter/unrecognized_parameter_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

// No capture in the corpus carries an Unrecognized Parameter (8) (MANIFEST.md
// and `tshark -Y 'sctp.parameter_type == 8'` find none), so these bytes are
// built by hand from the RFC 9260 §3.3.3.1.2 diagram.

TEST_CASE("UnrecognizedParameterParameter: FromRfcDiagram", "[fast]") {
  // Reports a "skip and report" (11) parameter 0xc0ff with a 4-byte value:
  //   Parameter type: Unrecognized parameter (0x0008), length 12
  //   Unrecognized parameter: type 0xc0ff, length 8, value 01020304
  auto bytes = Hex("00 08 00 0c c0 ff 00 08 01 02 03 04");
  auto p = UnrecognizedParameterParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(test::ToHex(p->unrecognized_parameter()) == "c0ff000801020304");
  TlvIterator it(p->unrecognized_parameter());
  auto inner = it.Next();
  REQUIRE(inner.has_value());
  CHECK(inner->type == 0xc0ff);
  CHECK(test::ToHex(inner->value()) == "01020304");
  CHECK_FALSE(it.Next().has_value());
  CHECK(it.error() == TlvError::kNone);
  CHECK(p->ToString() == "UNRECOGNIZED_PARAMETER, type=49407, length=8");
}

TEST_CASE(
    "UnrecognizedParameterParameter: accepts the inner padding either way",
    "[fast]") {
  // Inner TLV of length 5: the copy may or may not include its padding.
  auto without = Hex("00 08 00 09 40 01 00 05 aa");
  auto with = Hex("00 08 00 0c 40 01 00 05 aa 00 00 00");
  auto a = UnrecognizedParameterParameter::Parse(without);
  auto b = UnrecognizedParameterParameter::Parse(with);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(a->unrecognized_parameter().size() == 5);
  CHECK(b->unrecognized_parameter().size() == 8);
}

TEST_CASE("UnrecognizedParameterParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  auto reported = Hex("80 0a 00 06 12 34");
  REQUIRE(UnrecognizedParameterParameter::SerializeTo(out, reported));
  CHECK(test::ToHex(out.written()) == "0008000a800a000612340000");
  auto p = UnrecognizedParameterParameter::Parse(out.written().first(10));
  REQUIRE(p.has_value());
  CHECK(test::ToHex(p->unrecognized_parameter()) == "800a00061234");
  CHECK(p->ToString() == "UNRECOGNIZED_PARAMETER, type=32778, length=6");
}

TEST_CASE("UnrecognizedParameterParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("00 08 00 0c c0 ff 00 08 01 02 03 04");
  REQUIRE(UnrecognizedParameterParameter::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(UnrecognizedParameterParameter::Parse(std::span(good).first(3))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x10;
    CHECK_FALSE(UnrecognizedParameterParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x0b;
    CHECK_FALSE(UnrecognizedParameterParameter::Parse(b).has_value());
  }
  SECTION("no reported parameter") {
    auto b = Hex("00 08 00 04");
    CHECK_FALSE(UnrecognizedParameterParameter::Parse(b).has_value());
  }
  SECTION("reported parameter cut short") {
    auto b = Hex("00 08 00 06 c0 ff");
    CHECK_FALSE(UnrecognizedParameterParameter::Parse(b).has_value());
  }
  SECTION("inner length past the end") {
    auto b = good;
    b[7] = 0x0c;
    CHECK_FALSE(UnrecognizedParameterParameter::Parse(b).has_value());
  }
  SECTION("inner length below 4") {
    auto b = good;
    b[7] = 0x02;
    CHECK_FALSE(UnrecognizedParameterParameter::Parse(b).has_value());
  }
  SECTION("trailing bytes after the reported parameter") {
    auto b = Hex("00 08 00 0e c0 ff 00 08 01 02 03 04 00 00");
    CHECK_FALSE(UnrecognizedParameterParameter::Parse(b).has_value());
  }
}

TEST_CASE("UnrecognizedParameterParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 11> buf{};
  WireWriter out(buf);
  auto reported = Hex("c0 ff 00 08 01 02 03 04");
  CHECK_FALSE(UnrecognizedParameterParameter::SerializeTo(out, reported));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
