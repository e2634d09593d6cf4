#include "wire/parameter/supported_extensions_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("SupportedExtensionsParameter: FromCapture", "[fast]") {
  // usrsctp_CORPUS_CONNECT.pcap frame 27, inside an INIT chunk:
  //   Supported Extensions parameter (Supported types: FORWARD_TSN, AUTH,
  //                                   ASCONF, ASCONF_ACK, RE_CONFIG)
  //     Parameter type: Supported Extensions (0x8008)
  //     Parameter length: 9
  //     Supported chunk type: FORWARD_TSN (192), AUTH (15), ASCONF (193),
  //                           ASCONF_ACK (128), RE_CONFIG (130)
  //     Parameter padding: 000000 (not part of the Length)
  auto bytes = Hex("80 08 00 09 c0 0f c1 80 82");
  auto p = SupportedExtensionsParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(test::ToHex(p->chunk_types()) == "c00fc18082");
  CHECK(p->Supports(192));
  CHECK(p->Supports(15));
  CHECK(p->Supports(193));
  CHECK(p->Supports(128));
  CHECK(p->Supports(130));
  CHECK_FALSE(p->Supports(64));   // I-DATA
  CHECK_FALSE(p->Supports(194));  // I-FORWARD-TSN
  CHECK(p->ToString() ==
        "SUPPORTED_EXTENSIONS, FORWARD_TSN, AUTH, ASCONF, ASCONF_ACK, "
        "RE_CONFIG");
}

TEST_CASE("SupportedExtensionsParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  std::array<uint8_t, 4> types{130, 64, 194, 0xfe};
  REQUIRE(SupportedExtensionsParameter::SerializeTo(out, types));
  // Length 8, no padding needed.
  CHECK(test::ToHex(out.written()) == "800800088240c2fe");
  auto p = SupportedExtensionsParameter::Parse(out.written());
  REQUIRE(p.has_value());
  CHECK(test::ToHex(p->chunk_types()) == "8240c2fe");
  CHECK(p->Supports(64));
  CHECK(p->ToString() ==
        "SUPPORTED_EXTENSIONS, RE_CONFIG, I_DATA, I_FORWARD_TSN, 254");
}

TEST_CASE("SupportedExtensionsParameter: RoundTrip, odd count and empty",
          "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  std::array<uint8_t, 1> one{130};
  REQUIRE(SupportedExtensionsParameter::SerializeTo(out, one));
  CHECK(test::ToHex(out.written()) == "8008000582000000");
  REQUIRE(SupportedExtensionsParameter::Parse(out.written().first(5)));

  WireWriter out2(buf);
  REQUIRE(SupportedExtensionsParameter::SerializeTo(out2, {}));
  auto p = SupportedExtensionsParameter::Parse(out2.written());
  REQUIRE(p.has_value());
  CHECK(p->chunk_types().empty());
  CHECK(p->ToString() == "SUPPORTED_EXTENSIONS");
}

TEST_CASE("SupportedExtensionsParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("80 08 00 06 82 40");
  REQUIRE(SupportedExtensionsParameter::Parse(good).has_value());

  SECTION("too short") {
    CHECK_FALSE(SupportedExtensionsParameter::Parse(std::span(good).first(3))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(SupportedExtensionsParameter::Parse(b).has_value());
    b[3] = 0x03;
    CHECK_FALSE(SupportedExtensionsParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x03;  // Chunk List
    CHECK_FALSE(SupportedExtensionsParameter::Parse(b).has_value());
  }
}

TEST_CASE("SupportedExtensionsParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 7> buf{};
  WireWriter out(buf);
  std::array<uint8_t, 1> one{130};
  CHECK_FALSE(SupportedExtensionsParameter::SerializeTo(out, one));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
