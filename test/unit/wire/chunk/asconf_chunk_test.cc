#include "wire/chunk/asconf_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "common/byte_order.h"
#include "test/support/bytes.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("AsconfChunk: FromCapture", "[fast]") {
  // Wireshark, wireshark-samples_via_aboutsip-pkts/sctp-addip.cap frame 6:
  // ASCONF chunk
  //   Chunk type: ASCONF (193), flags 0x00, length 32
  //   Sequence number: 0xa1104d8a
  //   IPv4 address parameter (Address: 192.168.0.101), length 8
  //   Add IP address parameter (Address: 192.168.0.102, correlation ID: 0)
  //     Parameter type: Add IP address (0xc001), length 16
  //     IPv4 address parameter (Address: 192.168.0.102), length 8
  auto bytes =
      Hex("c1 00 00 20 a1 10 4d 8a 00 05 00 08 c0 a8 00 65"
          "c0 01 00 10 00 00 00 00 00 05 00 08 c0 a8 00 66");
  auto asconf = AsconfChunk::Parse(bytes);
  REQUIRE(asconf.has_value());
  CHECK(asconf->flags() == 0);
  CHECK(asconf->sequence_number() == AsconfSerial(0xa1104d8a));
  CHECK(test::ToHex(asconf->address_parameter()) == "00050008c0a80065");
  TlvIterator it(asconf->parameters());
  auto p = it.Next();
  REQUIRE(p.has_value());
  CHECK(p->type == 0xc001);
  CHECK(test::ToHex(p->data) == "c00100100000000000050008c0a80066");
  CHECK_FALSE(it.Next().has_value());
  CHECK(it.error() == TlvError::kNone);
  CHECK(asconf->ToString() ==
        "ASCONF, sequence_number=2702200202, address=192.168.0.101, "
        "ADD_IP_ADDRESS");
}

TEST_CASE("AsconfChunk: FromCapture, Set Primary and Delete IP", "[fast]") {
  // Wireshark, sctp-addip.cap frame 17: ASCONF seq 0xa1104d8b, address
  // 192.168.0.102, Set primary address parameter (0xc004, correlation ID 0,
  // 192.168.0.102). Frame 27: seq 0xa1104d8c, address 192.168.0.102, Delete
  // IP address parameter (0xc002, correlation ID 0, 192.168.0.101).
  auto set_primary =
      Hex("c1 00 00 20 a1 10 4d 8b 00 05 00 08 c0 a8 00 66"
          "c0 04 00 10 00 00 00 00 00 05 00 08 c0 a8 00 66");
  auto del =
      Hex("c1 00 00 20 a1 10 4d 8c 00 05 00 08 c0 a8 00 66"
          "c0 02 00 10 00 00 00 00 00 05 00 08 c0 a8 00 65");
  auto a = AsconfChunk::Parse(set_primary);
  REQUIRE(a.has_value());
  CHECK(a->sequence_number() == AsconfSerial(0xa1104d8b));
  CHECK(LoadBe16(a->parameters().data()) == 0xc004);
  auto d = AsconfChunk::Parse(del);
  REQUIRE(d.has_value());
  CHECK(d->sequence_number() == AsconfSerial(0xa1104d8c));
  CHECK(LoadBe16(d->parameters().data()) == 0xc002);
  CHECK(d->parameters().size() == 16);
}

TEST_CASE("AsconfChunk: FromCapture, malformed fuzz seed", "[fast]") {
  // derived/usrsctp_CORPUS_CONNECT.pcap frame 13 (usrsctp seed asconf-001).
  // Wireshark: ASCONF chunk, flags 0x01, length 42, sequence number
  // 0xed6958ec, then "[Malformed Packet: SCTP]": the Address parameter slot
  // holds type 0x2c7c with length 0.
  auto bytes =
      Hex("c1 01 00 2a ed 69 58 ec 2c 7c 00 00 33 03 c3 17"
          "11 11 8e 05 00 07 00 14 0b 36 14 01 30 2a e6 97"
          "19 00 2c 7c 9f f9 33 05 80 03");
  CHECK_FALSE(AsconfChunk::Parse(bytes).has_value());
}

TEST_CASE("AsconfChunk: RoundTrip", "[fast]") {
  auto address =
      Hex("00 06 00 14 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01");
  // Add IP Address (IPv4 10.0.0.1) and Success-like unknown parameter whose
  // value is 1 byte long, so it is padded inside the list.
  auto params =
      Hex("c0 01 00 10 00 00 00 07 00 05 00 08 0a 00 00 01"
          "c0 05 00 08 00 00 00 07");
  std::array<uint8_t, 128> buf{};
  WireWriter out(buf);
  REQUIRE(
      AsconfChunk::SerializeTo(out, AsconfSerial(0xffffffff), address, params));
  REQUIRE(out.size() == 8 + 20 + 24);
  auto asconf = AsconfChunk::Parse(out.written());
  REQUIRE(asconf.has_value());
  CHECK(asconf->flags() == 0);
  CHECK(asconf->sequence_number() == AsconfSerial(0xffffffff));
  CHECK(test::ToHex(asconf->address_parameter()) == test::ToHex(address));
  CHECK(test::ToHex(asconf->parameters()) == test::ToHex(params));
  CHECK(ValidateTlvList(asconf->parameters()) == 2);
  CHECK(asconf->ToString() ==
        "ASCONF, sequence_number=4294967295, address=2001:db8:0:0:0:0:0:1, "
        "ADD_IP_ADDRESS, SUCCESS_INDICATION");
}

TEST_CASE("AsconfChunk: OpenTo and CloseTlv build in place", "[fast]") {
  auto address = Hex("00 05 00 08 c0 a8 00 65");
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  auto start = AsconfChunk::OpenTo(out, AsconfSerial(1), address);
  REQUIRE(start.has_value());
  // A parameter whose length (5) needs padding: the chunk Length must not
  // count the padding of this last parameter.
  const std::array<uint8_t, 5> parameter{0x80, 0x09, 0x00, 0x05, 0xab};
  REQUIRE(out.AppendBytes(parameter));
  REQUIRE(AsconfChunk::CloseTlv(out, *start));
  REQUIRE(out.size() == 24);
  CHECK(LoadBe16(out.written().data() + 2) == 21);
  auto asconf = AsconfChunk::Parse(out.written().first(21));
  REQUIRE(asconf.has_value());
  CHECK(asconf->sequence_number() == AsconfSerial(1));
  CHECK(test::ToHex(asconf->parameters()) == "80090005ab");
}

TEST_CASE("AsconfChunk: rejects malformed chunks", "[fast]") {
  auto good =
      Hex("c1 00 00 20 00 00 00 01 00 05 00 08 c0 a8 00 65"
          "c0 01 00 10 00 00 00 00 00 05 00 08 c0 a8 00 66");
  REQUIRE(AsconfChunk::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    CHECK_FALSE(AsconfChunk::Parse(std::span(good).first(7)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x24;
    CHECK_FALSE(AsconfChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 0x80;
    CHECK_FALSE(AsconfChunk::Parse(b).has_value());
  }
  SECTION("no Address parameter (scapy-uts SCTPChunkAddressConf blob)") {
    // scapy-uts/sctp.uts "basic SCTPChunkAddressConf - Dissection": len 8,
    // seq 0, no parameters. RFC 5061 makes the Address parameter mandatory.
    CHECK_FALSE(AsconfChunk::Parse(Hex("c1 00 00 08 00 00 00 00")).has_value());
  }
  SECTION("first parameter is not an address") {
    auto b = Hex("c1 00 00 10 00 00 00 01 c0 05 00 08 00 00 00 00");
    CHECK_FALSE(AsconfChunk::Parse(b).has_value());
  }
  SECTION("IPv4 Address parameter with the IPv6 length") {
    auto b = good;
    b[11] = 20;
    CHECK_FALSE(AsconfChunk::Parse(b).has_value());
  }
  SECTION("IPv6 Address parameter with the IPv4 length") {
    auto b = good;
    b[9] = 6;
    CHECK_FALSE(AsconfChunk::Parse(b).has_value());
  }
  SECTION("IPv6 Address parameter cut by the chunk end") {
    auto b = Hex("c1 00 00 14 00 00 00 01 00 06 00 14 20 01 0d b8 00 00 00 00");
    CHECK_FALSE(AsconfChunk::Parse(b).has_value());
  }
  SECTION("request parameter runs past the end") {
    auto b = good;
    b[19] = 0x14;
    CHECK_FALSE(AsconfChunk::Parse(b).has_value());
  }
  SECTION("request parameter with a length below 4") {
    auto b = good;
    b[19] = 0x02;
    CHECK_FALSE(AsconfChunk::Parse(b).has_value());
  }
  SECTION("trailing bytes that are not a parameter") {
    auto b = Hex("c1 00 00 12 00 00 00 01 00 05 00 08 c0 a8 00 65 c0 01");
    CHECK_FALSE(AsconfChunk::Parse(b).has_value());
  }
}

TEST_CASE("AsconfChunk: accepts a chunk with no request", "[fast]") {
  auto b = Hex("c1 00 00 10 00 00 00 09 00 05 00 08 c0 a8 00 65");
  auto asconf = AsconfChunk::Parse(b);
  REQUIRE(asconf.has_value());
  CHECK(asconf->parameters().empty());
}

TEST_CASE("AsconfChunk: serialization refuses bad input", "[fast]") {
  auto address = Hex("00 05 00 08 c0 a8 00 65");
  auto params = Hex("c0 05 00 08 00 00 00 07");
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  SECTION("Address parameter malformed") {
    auto bad = Hex("00 05 00 14 c0 a8 00 65");
    CHECK_FALSE(AsconfChunk::SerializeTo(out, AsconfSerial(1), bad, params));
    CHECK_FALSE(AsconfChunk::OpenTo(out, AsconfSerial(1), bad).has_value());
    CHECK(out.size() == 0);
  }
  SECTION("parameter list malformed") {
    auto bad = Hex("c0 05 00 10 00 00 00 07");
    CHECK_FALSE(AsconfChunk::SerializeTo(out, AsconfSerial(1), address, bad));
    CHECK(out.size() == 0);
  }
}

TEST_CASE("AsconfChunk: does not write past a full buffer", "[fast]") {
  auto address = Hex("00 05 00 08 c0 a8 00 65");
  auto params = Hex("c0 05 00 08 00 00 00 07");
  SECTION("SerializeTo") {
    std::array<uint8_t, 20> buf{};
    WireWriter out(buf);
    CHECK_FALSE(
        AsconfChunk::SerializeTo(out, AsconfSerial(1), address, params));
    CHECK(out.size() == 0);
    CHECK(out.overflowed());
  }
  SECTION("OpenTo leaves nothing when the address does not fit") {
    std::array<uint8_t, 12> buf{};
    WireWriter out(buf);
    CHECK_FALSE(AsconfChunk::OpenTo(out, AsconfSerial(1), address).has_value());
    CHECK(out.size() == 0);
  }
}

}  // namespace
}  // namespace dpsctp::wire
