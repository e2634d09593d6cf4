#include "wire/parameter/requested_hmac_algorithm_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("RequestedHmacAlgorithmParameter: FromCapture", "[fast]") {
  // Wireshark, derived/usrsctp_CORPUS_CONNECT.pcap frame 27 (usrsctp seed
  // rtcweb-000000), INIT chunk:
  // Requested HMAC Algorithm parameter (Supported HMACs: SHA-256, SHA-1)
  //   Parameter type: Requested HMAC Algorithm (0x8004), length 8
  //   HMAC identifier: SHA-256 (3)
  //   HMAC identifier: SHA-1 (1)
  auto bytes = Hex("80 04 00 08 00 03 00 01");
  auto algo = RequestedHmacAlgorithmParameter::Parse(bytes);
  REQUIRE(algo.has_value());
  REQUIRE(algo->hmac_id_count() == 2);
  CHECK(algo->hmac_id(0) == 3);
  CHECK(algo->hmac_id(1) == 1);
}

TEST_CASE("RequestedHmacAlgorithmParameter: RoundTrip", "[fast]") {
  std::array<uint16_t, 3> ids{1, 3, 0xfffe};
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  REQUIRE(RequestedHmacAlgorithmParameter::SerializeTo(out, ids));
  // Length 10, padded with 2 zero bytes.
  REQUIRE(out.size() == 12);
  CHECK(out.written()[3] == 10);
  auto algo = RequestedHmacAlgorithmParameter::Parse(out.written().first(10));
  REQUIRE(algo.has_value());
  REQUIRE(algo->hmac_id_count() == 3);
  CHECK(algo->hmac_id(0) == 1);
  CHECK(algo->hmac_id(1) == 3);
  CHECK(algo->hmac_id(2) == 0xfffe);
  CHECK(algo->ToString() == "REQUESTED_HMAC_ALGORITHM, 1, 3, 65534");
}

TEST_CASE("RequestedHmacAlgorithmParameter: rejects malformed parameters",
          "[fast]") {
  auto good = Hex("80 04 00 06 00 01");
  REQUIRE(RequestedHmacAlgorithmParameter::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(RequestedHmacAlgorithmParameter::Parse(std::span(good).first(3))
                    .has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x08;
    CHECK_FALSE(RequestedHmacAlgorithmParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x03;
    CHECK_FALSE(RequestedHmacAlgorithmParameter::Parse(b).has_value());
  }
  SECTION("half an identifier") {
    auto b = Hex("80 04 00 07 00 01 00");
    CHECK_FALSE(RequestedHmacAlgorithmParameter::Parse(b).has_value());
  }
}

TEST_CASE("RequestedHmacAlgorithmParameter: does not write past a full buffer",
          "[fast]") {
  std::array<uint16_t, 3> ids{1, 3, 2};
  std::array<uint8_t, 8> buf{};
  WireWriter out(buf);
  CHECK_FALSE(RequestedHmacAlgorithmParameter::SerializeTo(out, ids));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
