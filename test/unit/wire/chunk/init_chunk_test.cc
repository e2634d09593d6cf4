#include "wire/chunk/init_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

struct Param {
  uint16_t type;
  size_t length;
};

// Fixed-size byte arrays: WireWriter::AppendBytes() on a std::vector of
// unknown size trips GCC 12's -Wstringop-overflow inside WireWriter::Append().
constexpr std::array<uint8_t, 4> kPrefix{0xaa, 0xbb, 0xcc, 0xdd};
constexpr std::array<uint8_t, 4> kEcnCapable{0x80, 0x00, 0x00, 0x04};
constexpr std::array<uint8_t, 8> kSupportedAddressTypes{0x00, 0x0c, 0x00, 0x06,
                                                        0x00, 0x05, 0x00, 0x00};
constexpr std::array<uint8_t, 4> kBadParameter{0x00, 0x05, 0x00, 0x02};
constexpr std::array<uint8_t, 8> kIpv4Address{0x00, 0x05, 0x00, 0x08,
                                              0x0a, 0x00, 0x00, 0x01};

std::vector<Param> Params(std::span<const uint8_t> list) {
  std::vector<Param> out;
  TlvIterator it(list);
  while (auto d = it.Next()) {
    out.push_back({d->type, d->data.size()});
  }
  REQUIRE(it.error() == TlvError::kNone);
  return out;
}

TEST_CASE("InitChunk: FromCapture", "[fast]") {
  // Wireshark, sctp-www.cap frame 1 (HTTP over SCTP, 32836 -> 80, vtag 0):
  // INIT chunk (Outbound streams: 10, inbound streams: 65535)
  //   Chunk type: INIT (1), Chunk flags: 0x00, Chunk length: 60
  //   Initiate tag: 0x3bb99c46
  //   Advertised receiver window credit (a_rwnd): 106496
  //   Number of outbound streams: 10
  //   Number of inbound streams: 65535
  //   Initial TSN: 724401842
  //   IPv4 address parameter (Address: 155.230.24.155), length 8
  //   IPv4 address parameter (Address: 155.230.24.156), length 8
  //   Supported address types parameter (IPv4), length 6, padding 0000
  //   ECN parameter (0x8000), length 4
  //   Forward TSN supported parameter (0xc000), length 4
  //   Adaptation Layer Indication parameter (0xc006, Indication: 0), length 8
  auto bytes = Hex(
      "01 00 00 3c 3b b9 9c 46 00 01 a0 00 00 0a ff ff"
      "2b 2d 7e b2 00 05 00 08 9b e6 18 9b 00 05 00 08"
      "9b e6 18 9c 00 0c 00 06 00 05 00 00 80 00 00 04"
      "c0 00 00 04 c0 06 00 08 00 00 00 00");
  auto init = InitChunk::Parse(bytes);
  REQUIRE(init.has_value());
  CHECK(init->flags() == 0);
  CHECK(init->initiate_tag() == VerificationTag(0x3bb99c46));
  CHECK(init->a_rwnd() == 106496);
  CHECK(init->outbound_streams() == 10);
  CHECK(init->inbound_streams() == 65535);
  CHECK(init->initial_tsn() == Tsn(724401842));
  CHECK(init->fields() == InitFields{VerificationTag(0x3bb99c46), 106496, 10,
                                     65535, Tsn(724401842)});
  auto params = Params(init->parameters());
  REQUIRE(params.size() == 6);
  CHECK(init->parameter_count() == 6);
  CHECK((params[0].type == 5 && params[0].length == 8));
  CHECK((params[1].type == 5 && params[1].length == 8));
  CHECK((params[2].type == 12 && params[2].length == 6));
  CHECK((params[3].type == 0x8000 && params[3].length == 4));
  CHECK((params[4].type == 0xc000 && params[4].length == 4));
  CHECK((params[5].type == 0xc006 && params[5].length == 8));
  CHECK(init->parameters().data() == bytes.data() + 20);
  CHECK(init->ToString() ==
        "INIT, initiate_tag=1002019910, a_rwnd=106496, os=10, mis=65535, "
        "initial_tsn=724401842, parameters=6");
}

TEST_CASE("InitChunk: RoundTrip with parameter bytes", "[fast]") {
  const InitFields fields{VerificationTag(0xdeadbeef), 1500, 1, 0xffff,
                          Tsn(0xffffffff)};
  // An IPv4 address, then a Supported Address Types whose 2 bytes of
  // padding a parameter serializer would have written.
  auto parameters = Hex("00 05 00 08 0a 00 00 01 00 0c 00 06 00 05 00 00");
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  REQUIRE(InitChunk::SerializeTo(out, fields, parameters));
  // RFC 9260 §3.2: the last parameter's padding is not in the Length.
  REQUIRE(out.size() == 36);
  CHECK(buf[2] == 0);
  CHECK(buf[3] == 34);
  auto init = InitChunk::Parse(out.written().first(34));
  REQUIRE(init.has_value());
  CHECK(init->fields() == fields);
  auto params = Params(init->parameters());
  REQUIRE(params.size() == 2);
  CHECK((params[1].type == 12 && params[1].length == 6));
  CHECK(init->ToString() ==
        "INIT, initiate_tag=3735928559, a_rwnd=1500, os=1, mis=65535, "
        "initial_tsn=4294967295, parameters=2");
}

TEST_CASE("InitChunk: RoundTrip without parameters", "[fast]") {
  const InitFields fields{VerificationTag(1), 2, 3, 4, Tsn(5)};
  std::array<uint8_t, 20> buf{};
  WireWriter out(buf);
  REQUIRE(InitChunk::SerializeTo(out, fields, {}));
  CHECK(test::ToHex(out.written()) ==
        "0100001400000001000000020003000400000005");
  auto init = InitChunk::Parse(out.written());
  REQUIRE(init.has_value());
  CHECK(init->fields() == fields);
  CHECK(init->parameters().empty());
}

TEST_CASE("InitChunk: RoundTrip with Open and Close", "[fast]") {
  const InitFields fields{VerificationTag(7), 65536, 10, 10, Tsn(100)};
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  REQUIRE(out.AppendBytes(kPrefix));  // something before it
  auto start = InitChunk::Open(out, fields);
  REQUIRE(start == 4u);
  // Parameters written in place, each padded, as serializers do.
  REQUIRE(out.AppendBytes(kEcnCapable));
  REQUIRE(out.AppendBytes(kSupportedAddressTypes));
  REQUIRE(InitChunk::Close(out, *start));
  REQUIRE(out.size() == 4 + 32);
  auto chunk = out.written().subspan(4);
  CHECK(chunk[3] == 30);
  auto init = InitChunk::Parse(chunk.first(30));
  REQUIRE(init.has_value());
  CHECK(init->fields() == fields);
  auto params = Params(init->parameters());
  REQUIRE(params.size() == 2);
  CHECK(params[0].type == 0x8000);
  CHECK(params[1].type == 12);
}

TEST_CASE("InitChunk: accepts values the association must reject", "[fast]") {
  // Initiate Tag 0, a_rwnd 0, OS 0, MIS 0: RFC 9260 §3.3.2 has the receiver
  // discard or ABORT, which needs the parsed chunk.
  auto b = Hex("01 00 00 14 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
  auto init = InitChunk::Parse(b);
  REQUIRE(init.has_value());
  CHECK(init->initiate_tag() == VerificationTag(0));
  CHECK(init->outbound_streams() == 0);
}

TEST_CASE("InitChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex(
      "01 00 00 1a 00 00 00 01 00 00 10 00 00 01 00 01 00 00 00 01"
      "00 0c 00 06 00 05");
  REQUIRE(InitChunk::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    auto b = Hex("01 00 00 13 00 00 00 01 00 00 10 00 00 01 00 01 00 00 00");
    CHECK_FALSE(InitChunk::Parse(b).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x1c;
    CHECK_FALSE(InitChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 2;
    CHECK_FALSE(InitChunk::Parse(b).has_value());
  }
  SECTION("parameter length past the end") {
    auto b = good;
    b[23] = 0x08;
    CHECK_FALSE(InitChunk::Parse(b).has_value());
  }
  SECTION("parameter length below 4") {
    auto b = good;
    b[23] = 0x03;
    CHECK_FALSE(InitChunk::Parse(b).has_value());
  }
  SECTION("trailing bytes too short for a parameter header") {
    auto b = Hex(
        "01 00 00 17 00 00 00 01 00 00 10 00 00 01 00 01 00 00 00 01"
        "80 00 00");
    CHECK_FALSE(InitChunk::Parse(b).has_value());
  }
  SECTION("parameter padding cut short before another parameter") {
    // A 5-byte parameter whose padding is missing, then 2 bytes.
    auto b = Hex(
        "01 00 00 1b 00 00 00 01 00 00 10 00 00 01 00 01 00 00 00 01"
        "00 09 00 05 01 00 00");
    CHECK_FALSE(InitChunk::Parse(b).has_value());
  }
}

TEST_CASE("InitChunk: refuses malformed parameter bytes", "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  const InitFields fields{VerificationTag(1), 1500, 1, 1, Tsn(1)};
  CHECK_FALSE(InitChunk::SerializeTo(out, fields, Hex("00 05 00 09 01 02")));
  CHECK(out.size() == 0);

  auto start = InitChunk::Open(out, fields);
  REQUIRE(start.has_value());
  REQUIRE(out.AppendBytes(kBadParameter));
  CHECK_FALSE(InitChunk::Close(out, *start));
}

TEST_CASE("InitChunk: does not write past a full buffer", "[fast]") {
  const InitFields fields{VerificationTag(1), 1500, 1, 1, Tsn(1)};
  std::span<const uint8_t> parameters = kIpv4Address;
  SECTION("SerializeTo") {
    std::array<uint8_t, 24> buf{};
    WireWriter out(buf);
    CHECK_FALSE(InitChunk::SerializeTo(out, fields, parameters));
    CHECK(out.size() == 0);
    CHECK(out.overflowed());
  }
  SECTION("Open") {
    std::array<uint8_t, 16> buf{};
    WireWriter out(buf);
    CHECK_FALSE(InitChunk::Open(out, fields).has_value());
    CHECK(out.size() == 0);
  }
  SECTION("Close after a parameter did not fit") {
    std::array<uint8_t, 24> buf{};
    WireWriter out(buf);
    auto start = InitChunk::Open(out, fields);
    REQUIRE(start.has_value());
    CHECK_FALSE(out.AppendBytes(parameters));
    CHECK_FALSE(InitChunk::Close(out, *start));
  }
}

}  // namespace
}  // namespace dpsctp::wire
