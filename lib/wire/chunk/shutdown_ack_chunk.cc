// RFC 9260 §3.3.9 Shutdown Acknowledgement (SHUTDOWN ACK) (8)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 8    |  Chunk Flags  |          Length = 4           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/shutdown_ack_chunk.h"

namespace dpsctp::wire {

std::optional<ShutdownAckChunk> ShutdownAckChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.9: "The SHUTDOWN ACK chunk has no parameters." (Length = 4;
  // kVariableLengthAlignment 0 makes ParseTlv accept exactly 4 bytes.)
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  // Chunk Flags: "Set to 0 on transmit and ignored on receipt."
  return ShutdownAckChunk(data);
}

bool ShutdownAckChunk::SerializeTo(WireWriter& out) noexcept {
  return AllocateTlv(out, 0).has_value();
}

std::string ShutdownAckChunk::ToString() const { return "SHUTDOWN_ACK"; }

}  // namespace dpsctp::wire
