#include "wire/packet_builder.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

#include "crc/crc32c.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/packet_parser.h"

namespace dpsctp::wire {
namespace {

const CommonHeader kHeader{5000, 5001, VerificationTag(0xdeadbeef), 0};

bool AddSack(PacketBuilder& b, size_t gaps) {
  std::vector<SackChunk::GapAckBlock> blocks(gaps, {2, 3});
  return b.TryAdd([&](WireWriter& out) {
    return SackChunk::SerializeTo(out, Tsn(1), 1000, blocks, {});
  });
}

TEST_CASE("PacketBuilder: bundles chunks and checksums the packet",
          "[fast]") {
  std::array<uint8_t, 256> buf{};
  PacketBuilder b(buf, kHeader, 1500);
  REQUIRE(b.valid());
  CHECK(b.empty());
  CHECK(b.Finish(crc::TxChecksumMode::kSoftware).empty());
  REQUIRE(AddSack(b, 0));
  // A 5-byte opaque chunk (unknown type 0x7f) gets 3 bytes of zero padding.
  std::array<uint8_t, 5> odd{0x7f, 0, 0, 5, 0xaa};
  REQUIRE(b.TryAddBytes(odd));
  REQUIRE(AddSack(b, 1));
  CHECK(b.chunk_count() == 3);
  auto packet = b.Finish(crc::TxChecksumMode::kSoftware);
  REQUIRE(packet.size() == 12 + 16 + 8 + 20);
  CHECK(packet[12 + 16 + 5] == 0);

  buf::PacketView view(packet);
  CHECK(crc::VerifySctpChecksum(view) == crc::ChecksumVerdict::kGood);
  auto parsed = ParsePacket(view);
  REQUIRE(parsed.has_value());
  CHECK(parsed->chunk_count == 3);
  CHECK(parsed->header.verification_tag == VerificationTag(0xdeadbeef));
}

TEST_CASE("PacketBuilder: a chunk that does not fit is rolled back",
          "[fast]") {
  std::array<uint8_t, 2048> buf{};
  // 12 + 16 + 16 = 44 fits; a SACK with 2 gaps (24 bytes) does not.
  PacketBuilder b(buf, kHeader, 60);
  REQUIRE(AddSack(b, 0));
  REQUIRE(AddSack(b, 0));
  CHECK(b.size() == 44);
  CHECK_FALSE(AddSack(b, 2));
  CHECK(b.size() == 44);
  CHECK(b.remaining() == 16);
  REQUIRE(AddSack(b, 0));
  CHECK(b.remaining() == 0);
  auto packet = b.Finish(crc::TxChecksumMode::kSoftware);
  buf::PacketView view(packet);
  auto parsed = ParsePacket(view);
  REQUIRE(parsed.has_value());
  CHECK(parsed->chunk_count == 3);
}

TEST_CASE("PacketBuilder: a serializer that fails leaves nothing behind",
          "[fast]") {
  std::array<uint8_t, 64> buf{};
  PacketBuilder b(buf, kHeader, 64);
  CHECK_FALSE(b.TryAdd([](WireWriter& out) {
    out.Append(8);
    return false;
  }));
  CHECK(b.size() == 12);
  CHECK(b.empty());
}

TEST_CASE("PacketBuilder: a buffer smaller than the header is invalid",
          "[fast]") {
  std::array<uint8_t, 8> buf{};
  PacketBuilder b(buf, kHeader, 1500);
  CHECK_FALSE(b.valid());
  CHECK_FALSE(AddSack(b, 0));
}

TEST_CASE("PacketBuilder: offload modes leave the checksum to others",
          "[fast]") {
  std::array<uint8_t, 64> buf{};
  PacketBuilder b(buf, kHeader, 64);
  REQUIRE(AddSack(b, 0));
  auto packet = b.Finish(crc::TxChecksumMode::kNicOffload);
  CHECK(packet[8] == 0);
  CHECK(packet[9] == 0);
  CHECK(packet[10] == 0);
  CHECK(packet[11] == 0);
}

}  // namespace
}  // namespace dpsctp::wire
