#include "drivers/loopback/packet_filter.h"

#include <utility>

#include "buf/packet_view.h"
#include "wire/common_header.h"
#include "wire/packet_parser.h"

namespace dpsctp::loopback {

std::optional<wire::ChunkType> FirstChunkType(
    std::span<const uint8_t> packet) noexcept {
  if (packet.size() < wire::kCommonHeaderSize) {
    return std::nullopt;
  }
  const buf::PacketView view(packet);
  wire::ChunkCursor cursor(view);
  std::optional<wire::ChunkDescriptor> first = cursor.Next();
  if (!first.has_value()) {
    return std::nullopt;
  }
  return static_cast<wire::ChunkType>(first->type);
}

bool HasChunk(std::span<const uint8_t> packet, wire::ChunkType type) noexcept {
  if (packet.size() < wire::kCommonHeaderSize) {
    return false;
  }
  const buf::PacketView view(packet);
  wire::ChunkCursor cursor(view);
  while (std::optional<wire::ChunkDescriptor> d = cursor.Next()) {
    if (d->type == static_cast<uint8_t>(type)) {
      return true;
    }
  }
  return false;
}

PacketPredicate AnyPacket() {
  return [](const PacketInfo&) { return true; };
}

PacketPredicate FirstChunkIs(wire::ChunkType type) {
  return
      [type](const PacketInfo& p) { return FirstChunkType(p.bytes) == type; };
}

PacketPredicate ContainsChunk(wire::ChunkType type) {
  return [type](const PacketInfo& p) { return HasChunk(p.bytes, type); };
}

PacketPredicate NthPacket(uint64_t n) {
  return [n](const PacketInfo& p) { return p.sequence == n; };
}

}  // namespace dpsctp::loopback
