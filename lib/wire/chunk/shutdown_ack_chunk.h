// SHUTDOWN ACK chunk (RFC 9260 §3.3.9): acknowledges a SHUTDOWN at the end of
// a graceful close.
#ifndef DPSCTP_WIRE_CHUNK_SHUTDOWN_ACK_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_SHUTDOWN_ACK_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct ShutdownAckChunkConfig {
  static constexpr int kType = 8;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 0;  // "Length = 4"
};

// A view over a SHUTDOWN ACK chunk, which has no fields. Valid only as long as the
// bytes it was parsed from.
class ShutdownAckChunk : public TlvTrait<ShutdownAckChunkConfig> {
 public:
  static constexpr int kType = ShutdownAckChunkConfig::kType;
  static constexpr size_t kHeaderSize = ShutdownAckChunkConfig::kHeaderSize;

  // Rejects any Length other than 4.
  static std::optional<ShutdownAckChunk> Parse(std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out) noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ShutdownAckChunk(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_SHUTDOWN_ACK_CHUNK_H_
