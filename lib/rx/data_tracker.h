// DataTracker: the receiver's record of which DATA TSNs have arrived, for
// the SACK chunk (RFC 9260 §3.3.4, §6.2, §6.7): the Cumulative TSN Ack,
// the Gap Ack Blocks above it, and the duplicates seen since the last SACK.
//
// Fixed capacity, no allocation after construction: the TSNs above the
// cumulative point are kept as a sorted array of disjoint ranges, at most
// `max_blocks` of them, and only within `max_window` TSNs of the cumulative
// point (a peer cannot make us track TSNs it could never have sent within
// our window). The association owns the payloads; this only tracks numbers.
#ifndef DPSCTP_RX_DATA_TRACKER_H_
#define DPSCTP_RX_DATA_TRACKER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "common/types.h"

namespace dpsctp::rx {

class DataTracker {
 public:
  // A Gap Ack Block as the SACK carries it: offsets from the Cumulative TSN
  // Ack (§3.3.4).
  struct GapBlock {
    uint16_t start = 0;
    uint16_t end = 0;
    friend bool operator==(const GapBlock&, const GapBlock&) = default;
  };

  enum class Observation : uint8_t {
    kNew,          // first arrival: deliver it
    kDuplicate,    // at or below the cumulative point, or already held
    kOutOfWindow,  // too far ahead, or no block left to record it: drop,
                   // do not acknowledge (§6.2: the sender retransmits)
  };

  // `last_cumulative` is the peer's Initial TSN - 1 (§5.1: "each endpoint
  // MUST set its internal Cumulative TSN Ack Point to the value of its
  // transmitted Initial TSN minus one", seen from the receiving side).
  DataTracker(Tsn last_cumulative, size_t max_blocks = 128,
              uint32_t max_window = 65535, size_t max_duplicates = 32);
  // Empty until Init(); for owners that allocate at their own Init.
  DataTracker() noexcept = default;
  [[nodiscard]] bool Init(size_t max_blocks, uint32_t max_window,
                          size_t max_duplicates) noexcept;
  // A new association (or a restart): nothing received after
  // `last_cumulative`.
  void Reset(Tsn last_cumulative) noexcept;

  Observation Observe(Tsn tsn) noexcept;
  // What Observe(tsn) would say, without recording anything: the receiver
  // asks before it commits buffer space to the chunk.
  Observation Classify(Tsn tsn) const noexcept;

  Tsn cumulative_tsn() const noexcept { return cumulative_; }
  // The Gap Ack Blocks for the next SACK, lowest first.
  size_t gap_block_count() const noexcept { return block_count_; }
  GapBlock gap_block(size_t i) const noexcept;
  // Copies up to out.size() blocks; returns how many.
  size_t CopyGapBlocks(std::span<GapBlock> out) const noexcept;

  // Duplicates since the last SACK, in arrival order (§3.3.4: a TSN
  // received three times is listed twice).
  std::span<const Tsn> duplicates() const noexcept {
    return {duplicates_.get(), duplicate_count_};
  }
  // Duplicates that did not fit the list (they are still counted here).
  uint64_t duplicates_dropped() const noexcept { return duplicates_dropped_; }

  // §6.7: gaps or duplicates make the next SACK urgent.
  bool has_gaps() const noexcept { return block_count_ > 0; }
  bool ShouldSackImmediately() const noexcept {
    return has_gaps() || duplicate_count_ > 0;
  }

  // Called once a SACK carried the current state.
  void OnSackSent() noexcept { duplicate_count_ = 0; }

  // The highest TSN received (cumulative point if no gaps).
  Tsn highest_received() const noexcept;

 private:
  // Absolute TSNs (offsets would shift each time the cumulative point
  // moves).
  struct Range {
    uint32_t first = 0;
    uint32_t last = 0;
  };

  void AdvanceCumulative() noexcept;
  void AddDuplicate(Tsn tsn) noexcept;

  Tsn cumulative_;
  std::unique_ptr<Range[]> blocks_;
  size_t max_blocks_ = 0;
  size_t block_count_ = 0;
  uint32_t max_window_ = 0;
  std::unique_ptr<Tsn[]> duplicates_;
  size_t max_duplicates_ = 0;
  size_t duplicate_count_ = 0;
  uint64_t duplicates_dropped_ = 0;
};

}  // namespace dpsctp::rx

#endif  // DPSCTP_RX_DATA_TRACKER_H_
