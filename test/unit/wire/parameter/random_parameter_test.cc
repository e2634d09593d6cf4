#include "wire/parameter/random_parameter.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("RandomParameter: FromCapture", "[fast]") {
  // Wireshark, derived/usrsctp_CORPUS_CONNECT.pcap frame 27 (usrsctp seed
  // rtcweb-000000), INIT chunk:
  // Random parameter
  //   Parameter type: Random (0x8002), length 36
  //   Random number:
  //   66431ff44bcd619bda037c90380aa9b22257b46c1ee372e5505971612abcc347
  auto bytes =
      Hex("80 02 00 24 66 43 1f f4 4b cd 61 9b da 03 7c 90"
          "38 0a a9 b2 22 57 b4 6c 1e e3 72 e5 50 59 71 61"
          "2a bc c3 47");
  auto random = RandomParameter::Parse(bytes);
  REQUIRE(random.has_value());
  REQUIRE(random->random().size() == RandomParameter::kRecommendedSize);
  CHECK(test::ToHex(random->random()) ==
        "66431ff44bcd619bda037c90380aa9b22257b46c1ee372e5505971612abcc347");
}

TEST_CASE("RandomParameter: RoundTrip", "[fast]") {
  std::vector<uint8_t> number = {1, 2, 3, 4, 5, 6, 7};
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  REQUIRE(RandomParameter::SerializeTo(out, number));
  REQUIRE(out.size() == 12);
  auto random = RandomParameter::Parse(out.written().first(11));
  REQUIRE(random.has_value());
  CHECK(std::vector<uint8_t>(random->random().begin(),
                             random->random().end()) == number);
  CHECK(out.written()[11] == 0);
  CHECK(random->ToString() == "RANDOM, length=7");
}

TEST_CASE("RandomParameter: accepts sizes other than 32 bytes", "[fast]") {
  CHECK(RandomParameter::Parse(Hex("80 02 00 05 aa")).has_value());
  std::vector<uint8_t> big = Hex("80 02 00 44");
  big.resize(0x44, 0x5a);
  CHECK(RandomParameter::Parse(big).has_value());
}

TEST_CASE("RandomParameter: rejects malformed parameters", "[fast]") {
  auto good = Hex("80 02 00 08 01 02 03 04");
  REQUIRE(RandomParameter::Parse(good).has_value());

  SECTION("shorter than the header") {
    CHECK_FALSE(RandomParameter::Parse(std::span(good).first(3)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x0c;
    CHECK_FALSE(RandomParameter::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[1] = 0x03;
    CHECK_FALSE(RandomParameter::Parse(b).has_value());
  }
  SECTION("empty Random Number") {
    CHECK_FALSE(RandomParameter::Parse(Hex("80 02 00 04")).has_value());
  }
}

TEST_CASE("RandomParameter: serialization refuses bad input", "[fast]") {
  std::array<uint8_t, 16> buf{};
  WireWriter out(buf);
  CHECK_FALSE(RandomParameter::SerializeTo(out, {}));
  CHECK(out.size() == 0);
  std::array<uint8_t, 32> number{};
  CHECK_FALSE(RandomParameter::SerializeTo(out, number));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
