// RFC 9260 §6.10 Bundling.
#include "wire/packet_builder.h"

#include <algorithm>

namespace dpsctp::wire {

PacketBuilder::PacketBuilder(std::span<uint8_t> buffer,
                             const CommonHeader& header,
                             size_t max_packet_size) noexcept
    : writer_(buffer.first(std::min(buffer.size(), max_packet_size))) {
  CommonHeader h = header;
  h.checksum = 0;
  valid_ = h.SerializeTo(writer_);
}

bool PacketBuilder::TryAddBytes(std::span<const uint8_t> chunk) noexcept {
  return TryAdd(
      [chunk](WireWriter& out) { return out.AppendBytes(chunk); });
}

std::span<uint8_t> PacketBuilder::Finish(crc::TxChecksumMode mode) noexcept {
  if (!valid_ || chunk_count_ == 0) {
    return {};
  }
  std::span<uint8_t> packet = writer_.written();
  crc::FinalizeSctpChecksum(packet, mode);
  return packet;
}

}  // namespace dpsctp::wire
