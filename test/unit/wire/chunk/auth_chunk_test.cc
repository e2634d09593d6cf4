#include "wire/chunk/auth_chunk.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "test/support/bytes.h"

namespace dpsctp::wire {
namespace {

using test::Hex;

TEST_CASE("AuthChunk: FromCapture", "[fast]") {
  // Wireshark, derived/usrsctp_CORPUS_CONNECT.pcap frame 3 (usrsctp seed
  // addip-000002), first chunk of the packet:
  // AUTH chunk
  //   Chunk type: AUTH (15), flags 0x00, length 40
  //   Shared key identifier: 0
  //   HMAC identifier: SHA-256 (3)
  //   HMAC: 3039aa16d731980f050dda22ea54391656e809025f7b15781dd33fd039bc2098
  auto bytes =
      Hex("0f 00 00 28 00 00 00 03 30 39 aa 16 d7 31 98 0f"
          "05 0d da 22 ea 54 39 16 56 e8 09 02 5f 7b 15 78"
          "1d d3 3f d0 39 bc 20 98");
  auto auth = AuthChunk::Parse(bytes);
  REQUIRE(auth.has_value());
  CHECK(auth->flags() == 0);
  CHECK(auth->shared_key_id() == 0);
  CHECK(auth->hmac_id() == AuthChunk::kHmacSha256);
  REQUIRE(auth->hmac().size() == 32);
  CHECK(test::ToHex(auth->hmac()) ==
        "3039aa16d731980f050dda22ea54391656e809025f7b15781dd33fd039bc2098");
  CHECK(auth->hmac().data() == bytes.data() + AuthChunk::kHeaderSize);
}

TEST_CASE("AuthChunk: FromScapy without HMAC", "[fast]") {
  // scapy-uts/sctp.uts "basic SCTPChunkAuthentication - Dissection":
  // len 8, shared_key_id 0, HMAC_function 0, no HMAC bytes.
  auto bytes = Hex("0f 00 00 08 00 00 00 00");
  auto auth = AuthChunk::Parse(bytes);
  REQUIRE(auth.has_value());
  CHECK(auth->shared_key_id() == 0);
  CHECK(auth->hmac_id() == 0);
  CHECK(auth->hmac().empty());
}

TEST_CASE("AuthChunk: RoundTrip", "[fast]") {
  std::array<uint8_t, 64> buf{};
  WireWriter out(buf);
  // A 20-byte SHA-1 HMAC keeps the chunk 4-aligned; use 21 bytes to force
  // padding.
  std::vector<uint8_t> hmac(21);
  for (size_t i = 0; i < hmac.size(); ++i) {
    hmac[i] = static_cast<uint8_t>(0xa0 + i);
  }
  REQUIRE(AuthChunk::SerializeTo(out, 0xbeef, AuthChunk::kHmacSha1, hmac));
  REQUIRE(out.size() == 32);
  CHECK(out.written()[29] == 0);
  auto auth = AuthChunk::Parse(out.written().first(29));
  REQUIRE(auth.has_value());
  CHECK(auth->flags() == 0);
  CHECK(auth->shared_key_id() == 0xbeef);
  CHECK(auth->hmac_id() == AuthChunk::kHmacSha1);
  CHECK(std::vector<uint8_t>(auth->hmac().begin(), auth->hmac().end()) == hmac);
  CHECK(auth->ToString() ==
        "AUTH, shared_key_id=48879, hmac_id=1, hmac_length=21");
}

TEST_CASE("AuthChunk: rejects malformed chunks", "[fast]") {
  auto good = Hex("0f 00 00 0c 00 01 00 01 aa bb cc dd");
  REQUIRE(AuthChunk::Parse(good).has_value());

  SECTION("shorter than the fixed part") {
    CHECK_FALSE(AuthChunk::Parse(std::span(good).first(7)).has_value());
  }
  SECTION("length field disagrees with the bytes") {
    auto b = good;
    b[3] = 0x10;
    CHECK_FALSE(AuthChunk::Parse(b).has_value());
  }
  SECTION("length field below the fixed part") {
    auto b = Hex("0f 00 00 04 00 01 00 01");
    CHECK_FALSE(AuthChunk::Parse(b).has_value());
  }
  SECTION("wrong type") {
    auto b = good;
    b[0] = 0x10;
    CHECK_FALSE(AuthChunk::Parse(b).has_value());
  }
}

TEST_CASE("AuthChunk: does not write past a full buffer", "[fast]") {
  std::array<uint8_t, 24> buf{};
  WireWriter out(buf);
  std::array<uint8_t, 20> hmac{};
  CHECK_FALSE(AuthChunk::SerializeTo(out, 1, AuthChunk::kHmacSha1, hmac));
  CHECK(out.size() == 0);
  CHECK(out.overflowed());
}

}  // namespace
}  // namespace dpsctp::wire
