// PAD chunk (RFC 4820 §3): filler that makes a packet bigger, e.g. to probe
// the path MTU. Its content carries no meaning.
#ifndef DPSCTP_WIRE_CHUNK_PAD_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_PAD_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct PadChunkConfig {
  static constexpr int kType = 132;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated PAD chunk. Valid only as long as the bytes it was
// parsed from.
class PadChunk : public TlvTrait<PadChunkConfig> {
 public:
  static constexpr int kType = PadChunkConfig::kType;

  static std::optional<PadChunk> Parse(std::span<const uint8_t> data) noexcept;

  // Writes a PAD chunk whose Padding Data is `padding_size` zero bytes (the
  // chunk's Length is 4 + padding_size, then zero-padded to 4 bytes).
  static bool SerializeTo(WireWriter& out, size_t padding_size) noexcept;

  std::span<const uint8_t> padding_data() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit PadChunk(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_PAD_CHUNK_H_
