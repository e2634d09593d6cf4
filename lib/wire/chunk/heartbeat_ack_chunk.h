// HEARTBEAT ACK chunk (RFC 9260 §3.3.6): answers a HEARTBEAT by echoing its
// Heartbeat Info. Same shape as HEARTBEAT (see heartbeat_request_chunk.h for
// the shared internal::HeartbeatLikeChunk).
#ifndef DPSCTP_WIRE_CHUNK_HEARTBEAT_ACK_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_HEARTBEAT_ACK_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/chunk/heartbeat_request_chunk.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct HeartbeatAckChunkConfig {
  static constexpr int kType = 5;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 4;
  // The Length excludes the last parameter's padding, so any length.
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a structurally valid HEARTBEAT ACK chunk. Valid only as long as
// the bytes it was parsed from. As for HEARTBEAT, a missing Heartbeat Info
// parameter (info() == nullopt) is the association's to judge.
//
// To answer a HEARTBEAT, echo its parameters:
//   HeartbeatAckChunk::SerializeParametersTo(out, request.parameters());
// RFC 9260 §3.3.6: "This field MUST contain the Heartbeat Info parameter (as
// defined in Section 3.3.5) of the Heartbeat Request to which this Heartbeat
// Acknowledgement is responding."
class HeartbeatAckChunk : public TlvTrait<HeartbeatAckChunkConfig>,
                          public internal::HeartbeatLikeChunk {
 public:
  static constexpr int kType = HeartbeatAckChunkConfig::kType;
  static constexpr size_t kHeaderSize = HeartbeatAckChunkConfig::kHeaderSize;

  static std::optional<HeartbeatAckChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // Same contracts as HeartbeatRequestChunk's.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> info) noexcept;
  static bool SerializeParametersTo(
      WireWriter& out, std::span<const uint8_t> parameters) noexcept;

  std::string ToString() const;

 private:
  explicit HeartbeatAckChunk(std::span<const uint8_t> data) noexcept
      : HeartbeatLikeChunk(data) {}
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_HEARTBEAT_ACK_CHUNK_H_
