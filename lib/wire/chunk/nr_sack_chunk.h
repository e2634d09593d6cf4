// NR-SACK chunk (Non-Renegable SACK, draft-tuexen-tsvwg-sctp-multipath,
// as implemented by FreeBSD and dissected by Wireshark): a SACK that also
// lists the TSNs the receiver will not renege on. Decoded so that a peer
// sending it can be understood; this endpoint does not negotiate it.
#ifndef DPSCTP_WIRE_CHUNK_NR_SACK_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_NR_SACK_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct NrSackChunkConfig {
  static constexpr int kType = 16;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 20;
  static constexpr size_t kVariableLengthAlignment = 4;
};

// A view over a validated NR-SACK chunk; fields are read on access. Valid
// only as long as the bytes it was parsed from.
class NrSackChunk : public TlvTrait<NrSackChunkConfig> {
 public:
  static constexpr int kType = NrSackChunkConfig::kType;

  // Gap and NR gap block offsets are relative to the Cumulative TSN Ack, as
  // in a SACK.
  using GapAckBlock = SackChunk::GapAckBlock;

  // Rejects a chunk whose gap, NR gap and duplicate counts do not match its
  // length.
  static std::optional<NrSackChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // Flags and Reserved are written as zero.
  static bool SerializeTo(WireWriter& out, Tsn cumulative_tsn_ack,
                          uint32_t a_rwnd,
                          std::span<const GapAckBlock> gap_ack_blocks,
                          std::span<const GapAckBlock> nr_gap_ack_blocks,
                          std::span<const Tsn> duplicate_tsns) noexcept;

  Tsn cumulative_tsn_ack() const noexcept;
  uint32_t a_rwnd() const noexcept;
  size_t gap_ack_block_count() const noexcept;
  GapAckBlock gap_ack_block(size_t i) const noexcept;
  size_t nr_gap_ack_block_count() const noexcept;
  GapAckBlock nr_gap_ack_block(size_t i) const noexcept;
  size_t duplicate_tsn_count() const noexcept;
  Tsn duplicate_tsn(size_t i) const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit NrSackChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_NR_SACK_CHUNK_H_
