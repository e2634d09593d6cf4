// I-FORWARD-TSN chunk (RFC 8260 §2.3): the FORWARD TSN of associations that
// use I-DATA. Skipped messages are named by stream, ordered/unordered flag
// and Message Identifier instead of an SSN.
#ifndef DPSCTP_WIRE_CHUNK_IFORWARD_TSN_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_IFORWARD_TSN_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct IForwardTsnChunkConfig {
  static constexpr int kType = 194;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 8;
  // Each (Stream Identifier, Reserved/U, Message Identifier) entry is 8 bytes.
  static constexpr size_t kVariableLengthAlignment = 8;
};

// A view over a validated I-FORWARD-TSN chunk; fields are read on access.
// Valid only as long as the bytes it was parsed from.
class IForwardTsnChunk : public TlvTrait<IForwardTsnChunkConfig> {
 public:
  static constexpr int kType = IForwardTsnChunkConfig::kType;
  static constexpr size_t kSkippedStreamSize = 8;

  struct SkippedStream {
    StreamId stream_id;
    bool unordered = false;
    Mid mid;
    friend bool operator==(const SkippedStream&,
                           const SkippedStream&) = default;
  };

  static std::optional<IForwardTsnChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // Chunk Flags and the Reserved bits of each entry are written as zero.
  static bool SerializeTo(WireWriter& out, Tsn new_cumulative_tsn,
                          std::span<const SkippedStream> skipped) noexcept;

  Tsn new_cumulative_tsn() const noexcept;
  size_t skipped_stream_count() const noexcept;
  // i < skipped_stream_count(). The Reserved bits are ignored.
  SkippedStream skipped_stream(size_t i) const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit IForwardTsnChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_IFORWARD_TSN_CHUNK_H_
