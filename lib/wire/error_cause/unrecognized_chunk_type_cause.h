// Unrecognized Chunk Type error cause (RFC 9260 §3.3.10.6): returns a chunk
// the receiver did not understand and whose type bits ask for a report (01
// or 11, §3.2). Carries the chunk verbatim, header included.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_UNRECOGNIZED_CHUNK_TYPE_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_UNRECOGNIZED_CHUNK_TYPE_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct UnrecognizedChunkTypeCauseConfig {
  static constexpr int kType = 6;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Unrecognized Chunk Type cause. Valid only as long
// as the bytes it was parsed from.
class UnrecognizedChunkTypeCause
    : public TlvTrait<UnrecognizedChunkTypeCauseConfig> {
 public:
  static constexpr int kType = UnrecognizedChunkTypeCauseConfig::kType;
  static constexpr size_t kChunkHeaderSize = 4;

  // Requires at least a chunk header. The quoted chunk's own Length is not
  // checked against what follows (see the .cc).
  static std::optional<UnrecognizedChunkTypeCause> Parse(
      std::span<const uint8_t> data) noexcept;

  // `unrecognized_chunk` is the chunk as received (header included); copied
  // verbatim. The caller may cut it short to fit the packet.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> unrecognized_chunk) noexcept;

  // The quoted chunk, starting with its Chunk Type.
  std::span<const uint8_t> unrecognized_chunk() const noexcept {
    return data_.subspan(kHeaderSize);
  }
  uint8_t unrecognized_chunk_type() const noexcept {
    return data_[kHeaderSize];
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit UnrecognizedChunkTypeCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_UNRECOGNIZED_CHUNK_TYPE_CAUSE_H_
