// ABORT chunk (RFC 9260 §3.3.7): closes an association at once, optionally
// saying why with error causes.
#ifndef DPSCTP_WIRE_CHUNK_ABORT_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_ABORT_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct AbortChunkConfig {
  static constexpr int kType = 6;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 4;
  // The Length excludes the last cause's padding, so any length.
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a structurally valid ABORT chunk. Valid only as long as the
// bytes it was parsed from.
//
// Two ways to build one:
//   AbortChunk::SerializeTo(out, t_bit, cause_bytes);
// or, writing the causes in place:
//   auto start = AbortChunk::Open(out, t_bit);
//   UserInitiatedAbortCause::SerializeTo(out, ...);  // any causes
//   AbortChunk::Close(out, *start);
// (the caller truncates `out` back to `*start` if a step fails).
class AbortChunk : public TlvTrait<AbortChunkConfig> {
 public:
  static constexpr int kType = AbortChunkConfig::kType;
  static constexpr size_t kHeaderSize = AbortChunkConfig::kHeaderSize;
  static constexpr uint8_t kFlagT = 0x01;

  // Rejects a chunk whose error causes are not a well-formed TLV list.
  static std::optional<AbortChunk> Parse(std::span<const uint8_t> data) noexcept;

  // `error_causes` are already serialized causes (each padded to 4 bytes
  // except possibly the last), possibly none. False, with nothing written, if
  // they are not a well-formed list or the chunk does not fit.
  static bool SerializeTo(WireWriter& out, bool t_bit,
                          std::span<const uint8_t> error_causes) noexcept;
  // Writes the chunk header and returns its offset, or nullopt if it does
  // not fit.
  static std::optional<size_t> Open(WireWriter& out, bool t_bit) noexcept;
  // Finishes a chunk started by Open(). False if a write overflowed, the
  // causes are malformed, or the chunk is longer than 65535 bytes.
  static bool Close(WireWriter& out, size_t start) noexcept;

  // RFC 9260 §3.3.7: "The T bit is set to 0 if the sender filled in the
  // Verification Tag expected by the peer. If the Verification Tag is
  // reflected, the T bit MUST be set to 1."
  bool t_bit() const noexcept { return (flags() & kFlagT) != 0; }

  // The Error Causes, a valid TLV list (possibly empty), for TlvIterator.
  std::span<const uint8_t> error_causes() const noexcept {
    return data_.subspan(kHeaderSize);
  }
  size_t error_cause_count() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit AbortChunk(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_ABORT_CHUNK_H_
