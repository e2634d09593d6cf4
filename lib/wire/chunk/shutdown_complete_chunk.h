// SHUTDOWN COMPLETE chunk (RFC 9260 §3.3.13): acknowledges a SHUTDOWN ACK,
// ending a graceful close. With the T bit set it carries the peer's own
// Verification Tag (reflected), which matters for routing (STYLE.md §6).
#ifndef DPSCTP_WIRE_CHUNK_SHUTDOWN_COMPLETE_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_SHUTDOWN_COMPLETE_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct ShutdownCompleteChunkConfig {
  static constexpr int kType = 14;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 0;  // "Length = 4"
};

// A view over a SHUTDOWN COMPLETE chunk. Valid only as long as the bytes it
// was parsed from.
class ShutdownCompleteChunk : public TlvTrait<ShutdownCompleteChunkConfig> {
 public:
  static constexpr int kType = ShutdownCompleteChunkConfig::kType;
  static constexpr size_t kHeaderSize =
      ShutdownCompleteChunkConfig::kHeaderSize;
  static constexpr uint8_t kFlagT = 0x01;

  // Rejects any Length other than 4.
  static std::optional<ShutdownCompleteChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, bool t_bit) noexcept;

  // RFC 9260 §3.3.13: "The T bit is set to 0 if the sender filled in the
  // Verification Tag expected by the peer. If the Verification Tag is
  // reflected, the T bit MUST be set to 1."
  bool t_bit() const noexcept { return (flags() & kFlagT) != 0; }

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ShutdownCompleteChunk(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_SHUTDOWN_COMPLETE_CHUNK_H_
