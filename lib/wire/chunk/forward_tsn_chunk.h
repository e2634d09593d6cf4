// FORWARD TSN chunk (RFC 3758 §3.2): tells the data receiver to move its
// cumulative TSN forward past abandoned PR-SCTP messages, and names the
// highest skipped SSN of each ordered stream concerned.
#ifndef DPSCTP_WIRE_CHUNK_FORWARD_TSN_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_FORWARD_TSN_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct ForwardTsnChunkConfig {
  static constexpr int kType = 192;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 8;
  // Each (Stream, Stream Sequence) pair is 4 bytes.
  static constexpr size_t kVariableLengthAlignment = 4;
};

// A view over a validated FORWARD TSN chunk; fields are read on access.
// Valid only as long as the bytes it was parsed from.
class ForwardTsnChunk : public TlvTrait<ForwardTsnChunkConfig> {
 public:
  static constexpr int kType = ForwardTsnChunkConfig::kType;
  static constexpr size_t kSkippedStreamSize = 4;

  struct SkippedStream {
    StreamId stream_id;
    Ssn ssn;
    friend bool operator==(const SkippedStream&,
                           const SkippedStream&) = default;
  };

  static std::optional<ForwardTsnChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // Chunk Flags are written as zero (RFC 3758 §3.2).
  static bool SerializeTo(WireWriter& out, Tsn new_cumulative_tsn,
                          std::span<const SkippedStream> skipped) noexcept;

  Tsn new_cumulative_tsn() const noexcept;
  size_t skipped_stream_count() const noexcept;
  // i < skipped_stream_count().
  SkippedStream skipped_stream(size_t i) const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ForwardTsnChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_FORWARD_TSN_CHUNK_H_
