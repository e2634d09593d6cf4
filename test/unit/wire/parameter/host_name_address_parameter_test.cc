#include "wire/parameter/host_name_address_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("HostNameAddressParameter: FromCapture", "[fast]") {
  // No pcap in the corpus has a Host Name Address; this is from scapy's
  // sctp.uts, "SCTPChunkInitAck with state cookie - Dissection", second
  // parameter of the INIT ACK blob:
  //   SCTPChunkParamHostname(len=13, hostname="localhost")
  //   00 0b 00 0d "localhost" + 3 bytes of padding
  // Its Length (13) leaves the terminator out, which RFC 9260 §3.3.2.1.4
  // says the sender MUST include; the parser tolerates that.
  auto padded = Hex("00 0b 00 0d 6c 6f 63 61 6c 68 6f 73 74 00 00 00");
  auto p = HostNameAddressParameter::Parse(std::span(padded).first(13));
  REQUIRE(p.has_value());
  CHECK(p->host_name() == "localhost");
  CHECK(p->data().size() == 13);
  CHECK(p->ToString() == "HOST_NAME_ADDRESS, host_name=localhost");
}

TEST_CASE("HostNameAddressParameter: stops at the first null terminator",
          "[fast]") {
  // Built by hand from the RFC 9260 §3.3.2.1.4 diagram: "a.example" plus
  // two null bytes, both counted in the Length.
  auto bytes = Hex("00 0b 00 0f 61 2e 65 78 61 6d 70 6c 65 00 00");
  auto p = HostNameAddressParameter::Parse(bytes);
  REQUIRE(p.has_value());
  CHECK(p->host_name() == "a.example");
}

TEST_CASE("HostNameAddressParameter: RoundTrip", "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  REQUIRE(HostNameAddressParameter::SerializeTo(out, "peer.example"));
  // 4 + 12 + 1 (terminator) = 17, padded to 20.
  REQUIRE(out.size() == 20);
  CHECK(test::ToHex(out.written()) ==
        "000b0011"
        "706565722e6578616d706c65"
        "00"
        "000000");
  auto p = HostNameAddressParameter::Parse(out.written().first(17));
  REQUIRE(p.has_value());
  CHECK(p->host_name() == "peer.example");
  CHECK(p->ToString() == "HOST_NAME_ADDRESS, host_name=peer.example");
}

TEST_CASE("HostNameAddressParameter: RoundTrip of an empty name", "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  REQUIRE(HostNameAddressParameter::SerializeTo(out, ""));
  CHECK(test::ToHex(out.written()) == "000b000500000000");
  auto p = HostNameAddressParameter::Parse(out.written().first(5));
  REQUIRE(p.has_value());
  CHECK(p->host_name().empty());
}

TEST_CASE("HostNameAddressParameter: rejects malformed parameters", "[fast]") {
  auto good = Hex("00 0b 00 06 61 00");
  REQUIRE(HostNameAddressParameter::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(
        HostNameAddressParameter::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(HostNameAddressParameter::Parse(b).has_value());
  }
  SECTION("empty host name") {
    auto b = Hex("00 0b 00 04");
    CHECK_FALSE(HostNameAddressParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x0c;
    CHECK_FALSE(HostNameAddressParameter::Parse(b).has_value());
  }
}

TEST_CASE("HostNameAddressParameter: refuses a name with a null byte",
          "[fast]") {
  std::array<uint8_t, 32> buf{};
  WireWriter out(buf);
  using namespace std::string_view_literals;
  CHECK_FALSE(HostNameAddressParameter::SerializeTo(out, "a\0b"sv));
  CHECK(out.size() == 0);
}

TEST_CASE("HostNameAddressParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  CHECK_FALSE(HostNameAddressParameter::SerializeTo(out, "abcd"));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
