// SACK chunk (RFC 9260 §3.3.4): acknowledges DATA by cumulative TSN and gap
// blocks, reports duplicates and the receiver window.
#ifndef DPSCTP_WIRE_CHUNK_SACK_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_SACK_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct SackChunkConfig {
  static constexpr int kType = 3;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 16;
  static constexpr size_t kVariableLengthAlignment = 4;
};

// A view over a validated SACK chunk; fields are read on access. Valid only
// as long as the bytes it was parsed from.
class SackChunk : public TlvTrait<SackChunkConfig> {
 public:
  static constexpr int kType = SackChunkConfig::kType;

  // Gap block offsets are relative to the Cumulative TSN Ack.
  struct GapAckBlock {
    uint16_t start = 0;
    uint16_t end = 0;
    friend bool operator==(const GapAckBlock&, const GapAckBlock&) = default;
  };

  // Rejects a chunk whose gap and duplicate counts do not match its length.
  static std::optional<SackChunk> Parse(std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, Tsn cumulative_tsn_ack,
                          uint32_t a_rwnd,
                          std::span<const GapAckBlock> gap_ack_blocks,
                          std::span<const Tsn> duplicate_tsns) noexcept;

  Tsn cumulative_tsn_ack() const noexcept;
  uint32_t a_rwnd() const noexcept;
  size_t gap_ack_block_count() const noexcept;
  GapAckBlock gap_ack_block(size_t i) const noexcept;
  size_t duplicate_tsn_count() const noexcept;
  Tsn duplicate_tsn(size_t i) const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit SackChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_SACK_CHUNK_H_
