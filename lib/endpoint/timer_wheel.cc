#include "endpoint/timer_wheel.h"

#include <bit>

namespace dpsctp::endpoint {

TimerWheel::TimerWheel(uint32_t capacity, Duration tick, TimePoint origin)
    : capacity_(capacity),
      tick_(tick > Duration::Zero() ? tick : Duration::Nanos(1)),
      origin_(origin),
      next_(new uint32_t[size_t{capacity} + kBuckets + 1]),
      prev_(new uint32_t[size_t{capacity} + kBuckets + 1]),
      deadline_(new TimePoint[capacity]),
      generation_(new uint32_t[capacity]),
      bucket_(new uint16_t[capacity]) {
  const size_t nodes = size_t{capacity} + kBuckets + 1;
  for (size_t i = 0; i < nodes; ++i) {
    next_[i] = static_cast<uint32_t>(i);
    prev_[i] = static_cast<uint32_t>(i);
  }
  for (uint32_t i = 0; i < capacity; ++i) {
    bucket_[i] = kNotLinked;
    generation_[i] = 0;
  }
}

uint64_t TimerWheel::TickOf(TimePoint t) const noexcept {
  if (t <= origin_) return 0;
  // The difference of two int64 values always fits in a uint64.
  const uint64_t ns = static_cast<uint64_t>(t.nanos()) -
                      static_cast<uint64_t>(origin_.nanos());
  return ns / static_cast<uint64_t>(tick_.nanos());
}

void TimerWheel::LinkBefore(uint32_t node, uint32_t id) noexcept {
  const uint32_t p = prev_[node];
  next_[p] = id;
  prev_[id] = p;
  next_[id] = node;
  prev_[node] = id;
}

void TimerWheel::Place(uint32_t id) noexcept {
  const uint64_t t = TickOf(deadline_[id]);
  uint32_t level = 0;
  uint32_t slot = 0;
  if (t <= elapsed_) {
    // Due, or due within the current tick: the current level-0 slot.
    slot = static_cast<uint32_t>(elapsed_ & (kSlotsPerLevel - 1));
  } else {
    // The level of the highest base-64 digit where t and elapsed_ differ.
    const uint64_t differ = (elapsed_ ^ t) | (kSlotsPerLevel - 1);
    level = static_cast<uint32_t>(63 - std::countl_zero(differ)) / kSlotBits;
    slot = static_cast<uint32_t>((t >> (level * kSlotBits)) & (kSlotsPerLevel - 1));
  }
  const uint32_t b = level * kSlotsPerLevel + slot;
  LinkBefore(capacity_ + b, id);
  bucket_[id] = static_cast<uint16_t>(b);
  occupied_[level] |= uint64_t{1} << slot;
  ++size_;
}

void TimerWheel::Unlink(uint32_t id) noexcept {
  const uint16_t b = bucket_[id];
  if (b == kNotLinked) return;
  const uint32_t p = prev_[id];
  const uint32_t n = next_[id];
  next_[p] = n;
  prev_[n] = p;
  next_[id] = id;
  prev_[id] = id;
  bucket_[id] = kNotLinked;
  if (b == kReadyList) {
    --ready_count_;
    return;
  }
  --size_;
  const uint32_t sentinel = capacity_ + b;
  if (next_[sentinel] == sentinel) {
    occupied_[b / kSlotsPerLevel] &= ~(uint64_t{1} << (b % kSlotsPerLevel));
  }
}

void TimerWheel::Schedule(uint32_t id, TimePoint deadline,
                          uint32_t generation) noexcept {
  if (id >= capacity_) return;
  const bool was_min = id == min_id_;
  Unlink(id);
  deadline_[id] = deadline;
  generation_[id] = generation;
  Place(id);
  ++counters_.scheduled;
  if (!min_valid_) return;
  if (min_id_ == kNone || deadline <= min_) {
    min_ = deadline;
    min_id_ = id;
  } else if (was_min) {
    min_valid_ = false;  // the earliest entry moved later
  }
}

void TimerWheel::Cancel(uint32_t id) noexcept {
  if (id >= capacity_) return;
  if (id == min_id_) min_valid_ = false;
  Unlink(id);
}

bool TimerWheel::IsScheduled(uint32_t id) const noexcept {
  return id < capacity_ && bucket_[id] != kNotLinked;
}

std::optional<TimePoint> TimerWheel::DeadlineOf(uint32_t id) const noexcept {
  if (!IsScheduled(id)) return std::nullopt;
  return deadline_[id];
}

bool TimerWheel::EarliestSlot(uint32_t& bucket, uint64_t& start) const noexcept {
  for (uint32_t level = 0; level < kLevels; ++level) {
    const uint64_t mask = occupied_[level];
    if (mask == 0) continue;
    const uint32_t shift = level * kSlotBits;
    const uint32_t now_slot =
        static_cast<uint32_t>((elapsed_ >> shift) & (kSlotsPerLevel - 1));
    // Occupied slots of a level are never behind elapsed_'s own slot: the
    // ones passed were run or cascaded by Advance().
    uint64_t ahead = mask & (~uint64_t{0} << now_slot);
    if (ahead == 0) ahead = mask;  // not expected; keeps the answer defined
    const uint32_t slot = static_cast<uint32_t>(std::countr_zero(ahead));
    const uint32_t upper = shift + kSlotBits;
    const uint64_t base = upper >= 64 ? 0 : (elapsed_ >> upper) << upper;
    bucket = level * kSlotsPerLevel + slot;
    start = base + (uint64_t{slot} << shift);
    return true;
  }
  return false;
}

uint32_t TimerWheel::Advance(TimePoint now) noexcept {
  const uint64_t target = TickOf(now);
  const uint32_t ready_sentinel = capacity_ + kBuckets;
  uint32_t moved = 0;
  uint32_t b = 0;
  uint64_t start = 0;
  while (EarliestSlot(b, start) && start <= target) {
    ++counters_.slots_visited;
    if (start > elapsed_) elapsed_ = start;
    const uint32_t sentinel = capacity_ + b;
    if (b < kSlotsPerLevel) {
      // Level 0: one tick (or, for the current slot, every tick up to
      // elapsed_). Deadlines are exact: only those <= now fire.
      for (uint32_t n = next_[sentinel]; n != sentinel;) {
        const uint32_t following = next_[n];
        if (deadline_[n] <= now) {
          Unlink(n);
          LinkBefore(ready_sentinel, n);
          bucket_[n] = kReadyList;
          ++ready_count_;
          ++moved;
        }
        n = following;
      }
      // What is left is due later within the tick of `now`.
      if (start == target || next_[sentinel] != sentinel) break;
    } else {
      // A higher level's slot has come: spread its entries over the lower
      // levels (their tick is within this slot, so they go lower).
      for (uint32_t n = next_[sentinel]; n != sentinel;) {
        const uint32_t following = next_[n];
        Unlink(n);
        Place(n);
        ++counters_.cascaded;
        n = following;
      }
    }
  }
  if (target > elapsed_) elapsed_ = target;
  counters_.expired += moved;
  if (moved > 0 && min_id_ != kNone && min_id_ < capacity_ &&
      bucket_[min_id_] == kReadyList) {
    min_valid_ = false;
  }
  return moved;
}

std::optional<TimerWheel::Expiry> TimerWheel::PopReady() noexcept {
  if (ready_count_ == 0) return std::nullopt;
  const uint32_t id = next_[capacity_ + kBuckets];
  Unlink(id);
  return Expiry{id, generation_[id], deadline_[id]};
}

std::optional<TimePoint> TimerWheel::NextDeadline() const noexcept {
  if (ready_count_ > 0) return deadline_[next_[capacity_ + kBuckets]];
  if (!min_valid_) {
    min_id_ = kNone;
    uint32_t b = 0;
    uint64_t start = 0;
    if (EarliestSlot(b, start)) {
      // Lower levels are empty and the slots of a level are in time order,
      // so the earliest deadline is in this slot.
      const uint32_t sentinel = capacity_ + b;
      for (uint32_t n = next_[sentinel]; n != sentinel; n = next_[n]) {
        if (min_id_ == kNone || deadline_[n] < min_) {
          min_ = deadline_[n];
          min_id_ = n;
        }
      }
    }
    min_valid_ = true;
  }
  if (min_id_ == kNone) return std::nullopt;
  return min_;
}

}  // namespace dpsctp::endpoint
