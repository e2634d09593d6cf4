// ERROR chunk (RFC 9260 §3.3.10): reports non-fatal error conditions to the
// peer with one or more error causes.
#ifndef DPSCTP_WIRE_CHUNK_ERROR_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_ERROR_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct ErrorChunkConfig {
  static constexpr int kType = 9;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 4;
  // The Length excludes the last cause's padding, so any length.
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a structurally valid ERROR chunk. Valid only as long as the
// bytes it was parsed from.
//
// Unlike ABORT ("zero or more Error Causes"), the RFC draws ERROR with "one or
// more Error Causes" and says "It contains one or more error causes", so an
// ERROR chunk without causes is malformed: Parse() rejects it and the
// serializers refuse to write one.
//
// Built like AbortChunk: SerializeTo() with cause bytes, or Open(), then the
// causes, then Close().
class ErrorChunk : public TlvTrait<ErrorChunkConfig> {
 public:
  static constexpr int kType = ErrorChunkConfig::kType;
  static constexpr size_t kHeaderSize = ErrorChunkConfig::kHeaderSize;

  // Rejects a chunk whose error causes are not a well-formed, non-empty TLV
  // list.
  static std::optional<ErrorChunk> Parse(std::span<const uint8_t> data) noexcept;

  // `error_causes` are already serialized causes (each padded to 4 bytes
  // except possibly the last). False, with nothing written, if they are not
  // a well-formed list of at least one cause or the chunk does not fit.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> error_causes) noexcept;
  // Writes the chunk header and returns its offset, or nullopt if it does
  // not fit.
  static std::optional<size_t> Open(WireWriter& out) noexcept;
  // Finishes a chunk started by Open(). False if a write overflowed, no cause
  // was written, the causes are malformed, or the chunk is longer than 65535
  // bytes.
  static bool Close(WireWriter& out, size_t start) noexcept;

  // The Error Causes, a valid TLV list of at least one, for TlvIterator.
  std::span<const uint8_t> error_causes() const noexcept {
    return data_.subspan(kHeaderSize);
  }
  size_t error_cause_count() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ErrorChunk(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_ERROR_CHUNK_H_
