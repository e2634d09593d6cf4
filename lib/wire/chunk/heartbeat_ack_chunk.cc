// RFC 9260 §3.3.6 Heartbeat Acknowledgement (HEARTBEAT ACK) (5)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 5    |  Chunk Flags  |     Heartbeat Ack Length      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /          Heartbeat Information TLV (Variable-Length)          /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The helpers are shared with HEARTBEAT (internal::HeartbeatLikeChunk in
// heartbeat_request_chunk.cc).
#include "wire/chunk/heartbeat_ack_chunk.h"

namespace dpsctp::wire {

std::optional<HeartbeatAckChunk> HeartbeatAckChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader || !ValidateParameters(reader->variable_data())) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.6: Chunk Flags are "Set to 0 on transmit and ignored on
  // receipt."
  return HeartbeatAckChunk(data);
}

bool HeartbeatAckChunk::SerializeTo(WireWriter& out,
                                    std::span<const uint8_t> info) noexcept {
  return SerializeInfo<TlvTrait<HeartbeatAckChunkConfig>>(out, info);
}

bool HeartbeatAckChunk::SerializeParametersTo(
    WireWriter& out, std::span<const uint8_t> parameters) noexcept {
  return SerializeParameters<TlvTrait<HeartbeatAckChunkConfig>>(out,
                                                                parameters);
}

std::string HeartbeatAckChunk::ToString() const {
  return "HEARTBEAT_ACK, " + InfoToString();
}

}  // namespace dpsctp::wire
