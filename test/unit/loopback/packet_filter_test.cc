#include "drivers/loopback/packet_filter.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "test/unit/loopback/loopback_packets.h"

namespace dpsctp::loopback {
namespace {

using testing::kAtoB;
using testing::MakePacket;
using wire::ChunkType;

PacketInfo Info(const std::vector<uint8_t>& bytes, uint64_t sequence = 1) {
  return PacketInfo{Side::kA, sequence, TimePoint(), kAtoB, bytes};
}

TEST_CASE("PacketFilter: chunk walking on a bundled packet", "[fast]") {
  // COOKIE ECHO bundled with DATA (RFC 9260 §5.1 allows it), odd body
  // length so that padding is exercised.
  const std::vector<uint8_t> p =
      MakePacket({ChunkType::kCookieEcho, ChunkType::kData}, 7, 5);
  REQUIRE(p.size() == 12 + 12 + 12);
  CHECK(FirstChunkType(p) == ChunkType::kCookieEcho);
  CHECK(HasChunk(p, ChunkType::kCookieEcho));
  CHECK(HasChunk(p, ChunkType::kData));
  CHECK_FALSE(HasChunk(p, ChunkType::kSack));
}

TEST_CASE("PacketFilter: no chunks in a packet too short or empty", "[fast]") {
  const std::vector<uint8_t> p = MakePacket({ChunkType::kInit});
  const std::vector<uint8_t> header_only(p.begin(), p.begin() + 12);
  const std::vector<uint8_t> short_header(p.begin(), p.begin() + 11);
  CHECK_FALSE(FirstChunkType(header_only).has_value());
  CHECK_FALSE(FirstChunkType(short_header).has_value());
  CHECK_FALSE(FirstChunkType({}).has_value());
  CHECK_FALSE(HasChunk(header_only, ChunkType::kInit));
  CHECK_FALSE(HasChunk(short_header, ChunkType::kInit));
}

TEST_CASE("PacketFilter: the walk stops at broken framing", "[fast]") {
  std::vector<uint8_t> p =
      MakePacket({ChunkType::kSack, ChunkType::kData, ChunkType::kAbort});
  // The second chunk claims to run past the end: the third is not seen.
  p[12 + 8 + 2] = 0x01;
  p[12 + 8 + 3] = 0x00;
  CHECK(FirstChunkType(p) == ChunkType::kSack);
  CHECK(HasChunk(p, ChunkType::kSack));
  CHECK_FALSE(HasChunk(p, ChunkType::kData));
  CHECK_FALSE(HasChunk(p, ChunkType::kAbort));

  // A first chunk with Length < 4: no chunk at all.
  std::vector<uint8_t> q = MakePacket({ChunkType::kInit});
  q[15] = 0x03;
  CHECK_FALSE(FirstChunkType(q).has_value());
}

TEST_CASE("PacketFilter: ready-made predicates", "[fast]") {
  const std::vector<uint8_t> init = MakePacket({ChunkType::kInit});
  const std::vector<uint8_t> bundle =
      MakePacket({ChunkType::kSack, ChunkType::kData});

  CHECK(AnyPacket()(Info(init)));
  CHECK(FirstChunkIs(ChunkType::kInit)(Info(init)));
  CHECK_FALSE(FirstChunkIs(ChunkType::kInit)(Info(bundle)));
  CHECK_FALSE(FirstChunkIs(ChunkType::kData)(Info(bundle)));
  CHECK(ContainsChunk(ChunkType::kData)(Info(bundle)));
  CHECK_FALSE(ContainsChunk(ChunkType::kData)(Info(init)));

  const PacketPredicate third = NthPacket(3);
  CHECK_FALSE(third(Info(init, 2)));
  CHECK(third(Info(init, 3)));
  CHECK_FALSE(third(Info(init, 4)));
}

TEST_CASE("PacketFilter: names", "[fast]") {
  CHECK(ToString(FilterAction::kDrop) == "drop");
  CHECK(ToString(FilterAction::kDuplicate) == "duplicate");
  CHECK(ToString(FilterAction::kDelay) == "delay");
  CHECK(ToString(FilterAction::kCorrupt) == "corrupt");
  CHECK(ToString(FilterAction::kHold) == "hold");
  CHECK(ToString(Side::kA) == "A");
  CHECK(ToString(Side::kB) == "B");
  CHECK(Other(Side::kA) == Side::kB);
  CHECK(Other(Side::kB) == Side::kA);
}

}  // namespace
}  // namespace dpsctp::loopback
