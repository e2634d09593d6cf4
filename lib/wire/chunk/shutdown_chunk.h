// SHUTDOWN chunk (RFC 9260 §3.3.8): starts a graceful close and acknowledges
// data up to the Cumulative TSN Ack.
#ifndef DPSCTP_WIRE_CHUNK_SHUTDOWN_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_SHUTDOWN_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct ShutdownChunkConfig {
  static constexpr int kType = 7;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;  // "Length = 8"
};

// A view over a SHUTDOWN chunk. Valid only as long as the bytes it was parsed
// from.
class ShutdownChunk : public TlvTrait<ShutdownChunkConfig> {
 public:
  static constexpr int kType = ShutdownChunkConfig::kType;
  static constexpr size_t kHeaderSize = ShutdownChunkConfig::kHeaderSize;

  // Rejects any Length other than 8.
  static std::optional<ShutdownChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, Tsn cumulative_tsn_ack) noexcept;

  Tsn cumulative_tsn_ack() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ShutdownChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_SHUTDOWN_CHUNK_H_
