#include "rx/data_tracker.h"

#include <algorithm>
#include <new>

namespace dpsctp::rx {
namespace {

// RFC 1982 distance from `from` to `to` (to - from, modulo 2^32).
uint32_t Distance(uint32_t from, uint32_t to) noexcept { return to - from; }

}  // namespace

DataTracker::DataTracker(Tsn last_cumulative, size_t max_blocks,
                         uint32_t max_window, size_t max_duplicates)
    : cumulative_(last_cumulative),
      blocks_(new Range[max_blocks ? max_blocks : 1]),
      max_blocks_(max_blocks ? max_blocks : 1),
      max_window_(std::min<uint32_t>(max_window ? max_window : 1, 0xffff)),
      duplicates_(new Tsn[max_duplicates ? max_duplicates : 1]),
      max_duplicates_(max_duplicates ? max_duplicates : 1) {}

bool DataTracker::Init(size_t max_blocks, uint32_t max_window,
                       size_t max_duplicates) noexcept {
  max_blocks_ = max_blocks ? max_blocks : 1;
  max_window_ = std::min<uint32_t>(max_window ? max_window : 1, 0xffff);
  max_duplicates_ = max_duplicates ? max_duplicates : 1;
  blocks_.reset(new (std::nothrow) Range[max_blocks_]);
  duplicates_.reset(new (std::nothrow) Tsn[max_duplicates_]);
  block_count_ = 0;
  duplicate_count_ = 0;
  return blocks_ && duplicates_;
}

void DataTracker::Reset(Tsn last_cumulative) noexcept {
  cumulative_ = last_cumulative;
  block_count_ = 0;
  duplicate_count_ = 0;
}

DataTracker::Observation DataTracker::Classify(Tsn tsn) const noexcept {
  const uint32_t cum = cumulative_.value();
  const uint32_t ahead = Distance(cum, tsn.value());
  if (ahead == 0 || ahead > 0x80000000u) return Observation::kDuplicate;
  if (ahead > max_window_) return Observation::kOutOfWindow;
  bool new_block_needed = true;
  for (size_t i = 0; i < block_count_; ++i) {
    const uint32_t first_ahead = Distance(cum, blocks_[i].first);
    const uint32_t last_ahead = Distance(cum, blocks_[i].last);
    if (ahead >= first_ahead && ahead <= last_ahead) {
      return Observation::kDuplicate;
    }
    if (ahead == last_ahead + 1 || ahead + 1 == first_ahead) {
      new_block_needed = false;
    }
    if (first_ahead > ahead) break;
  }
  if (ahead == 1) return Observation::kNew;
  if (new_block_needed && block_count_ == max_blocks_) {
    return Observation::kOutOfWindow;
  }
  return Observation::kNew;
}

void DataTracker::AddDuplicate(Tsn tsn) noexcept {
  if (duplicate_count_ < max_duplicates_) {
    duplicates_[duplicate_count_++] = tsn;
  } else {
    ++duplicates_dropped_;
  }
}

DataTracker::Observation DataTracker::Observe(Tsn tsn) noexcept {
  const uint32_t cum = cumulative_.value();
  const uint32_t ahead = Distance(cum, tsn.value());
  // RFC 1982: a TSN at or "below" the cumulative point (half the space
  // behind it) is a duplicate (§6.2: "the receiver ... MUST ... report it
  // as a duplicate").
  if (ahead == 0 || ahead > 0x80000000u) {
    AddDuplicate(tsn);
    return Observation::kDuplicate;
  }
  // Gap Ack Block offsets are 16 bits (§3.3.4): nothing further than that
  // can be reported, so nothing further is accepted.
  if (ahead > max_window_) return Observation::kOutOfWindow;
  const uint32_t t = tsn.value();
  // Find the first range whose end is at or after t - 1 (ranges are sorted
  // by distance from the cumulative point and disjoint, not adjacent).
  size_t i = 0;
  while (i < block_count_ && Distance(cum, blocks_[i].last) + 1 < ahead) ++i;
  if (i < block_count_) {
    Range& r = blocks_[i];
    uint32_t first_ahead = Distance(cum, r.first);
    uint32_t last_ahead = Distance(cum, r.last);
    if (ahead >= first_ahead && ahead <= last_ahead) {
      AddDuplicate(tsn);
      return Observation::kDuplicate;
    }
    if (ahead == last_ahead + 1) {
      r.last = t;
      // Merge with the next range if they now touch.
      if (i + 1 < block_count_ && Distance(cum, blocks_[i + 1].first) == ahead + 1) {
        r.last = blocks_[i + 1].last;
        std::copy(blocks_.get() + i + 2, blocks_.get() + block_count_,
                  blocks_.get() + i + 1);
        --block_count_;
      }
      AdvanceCumulative();
      return Observation::kNew;
    }
    if (ahead + 1 == first_ahead) {
      r.first = t;
      AdvanceCumulative();
      return Observation::kNew;
    }
  }
  if (ahead == 1) {
    // The next expected TSN needs no block: the cumulative point moves even
    // when every block is in use, so a full table never stalls delivery.
    cumulative_ = tsn;
    return Observation::kNew;
  }
  // A new range before blocks_[i] (or at the end).
  if (block_count_ == max_blocks_) return Observation::kOutOfWindow;
  std::copy_backward(blocks_.get() + i, blocks_.get() + block_count_,
                     blocks_.get() + block_count_ + 1);
  blocks_[i] = Range{t, t};
  ++block_count_;
  AdvanceCumulative();
  return Observation::kNew;
}

void DataTracker::AdvanceCumulative() noexcept {
  // The first range starting right after the cumulative point folds in.
  if (block_count_ > 0 &&
      Distance(cumulative_.value(), blocks_[0].first) == 1) {
    cumulative_ = Tsn(blocks_[0].last);
    std::copy(blocks_.get() + 1, blocks_.get() + block_count_, blocks_.get());
    --block_count_;
  }
}

DataTracker::GapBlock DataTracker::gap_block(size_t i) const noexcept {
  const uint32_t cum = cumulative_.value();
  return GapBlock{static_cast<uint16_t>(Distance(cum, blocks_[i].first)),
                  static_cast<uint16_t>(Distance(cum, blocks_[i].last))};
}

size_t DataTracker::CopyGapBlocks(std::span<GapBlock> out) const noexcept {
  size_t n = std::min(out.size(), block_count_);
  for (size_t i = 0; i < n; ++i) out[i] = gap_block(i);
  return n;
}

Tsn DataTracker::highest_received() const noexcept {
  return block_count_ ? Tsn(blocks_[block_count_ - 1].last) : cumulative_;
}

}  // namespace dpsctp::rx
