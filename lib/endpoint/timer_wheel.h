// TimerWheel: the shard's timer queue (ARCHITECTURE.md, data path step 7).
//
// Each association keeps its own timer table and says when it next needs
// HandleTimeout() (Association::NextTimeout()); the shard keeps one wheel
// entry per association slot holding that deadline. With thousands of
// associations polled every few microseconds, neither running the timers nor
// asking for the next deadline may look at every association: the wheel
// hands back only the entries that are due, and keeps the earliest deadline
// at hand.
//
// A hierarchical wheel (Varghese and Lauck's scheme 7, the layout of the
// Linux and tokio timer wheels): level k has 64 slots of 64^k ticks each, so
// level 0 resolves single ticks and the eleven levels together cover every
// 64-bit tick count, with no overflow list. An entry sits at the level of the
// highest base-64 digit in which its deadline tick differs from the current
// tick; when the wheel's time reaches a slot of a higher level, the slot's
// entries move down (cascade). An entry moves at most ten times, and
// Advance() visits only occupied slots (a 64-bit occupancy mask per level),
// so its cost is O(due entries + cascaded entries + occupied slots passed),
// independent of how much time passed and of how many entries wait.
//
// Deadlines are kept exactly: an entry fires when `deadline <= now`, not at
// the end of its tick, so the tick only trades cascade work against
// per-slot scanning.
//
// Entries are intrusive and indexed by id in [0, capacity): one per id,
// allocated at construction; Schedule() moves an entry, it never allocates.
// The generation given to Schedule() comes back on expiry, so that a caller
// whose id was reused in between can tell a stale expiry (and ignore it).
//
// One wheel per shard (one lcore): no locks, no atomics.
#ifndef DPSCTP_ENDPOINT_TIMER_WHEEL_H_
#define DPSCTP_ENDPOINT_TIMER_WHEEL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "common/time.h"

namespace dpsctp::endpoint {

struct TimerWheelCounters {
  uint64_t scheduled = 0;   // Schedule() calls
  uint64_t expired = 0;     // entries moved to the ready list
  uint64_t cascaded = 0;    // entries moved to a lower level
  uint64_t slots_visited = 0;
};

class TimerWheel {
 public:
  static constexpr uint32_t kSlotBits = 6;
  static constexpr uint32_t kSlotsPerLevel = 1u << kSlotBits;
  // 11 x 6 bits >= 64: every tick count has a slot.
  static constexpr uint32_t kLevels = 11;

  struct Expiry {
    uint32_t id;
    uint32_t generation;
    TimePoint deadline;
  };

  // `capacity` ids; `tick` (> 0) is the width of a level-0 slot; `origin` is
  // the start of tick 0 (earlier deadlines count as tick 0).
  TimerWheel(uint32_t capacity, Duration tick, TimePoint origin = TimePoint());

  TimerWheel(const TimerWheel&) = delete;
  TimerWheel& operator=(const TimerWheel&) = delete;

  // Entry `id` fires at `deadline`: scheduled, or moved if it already was
  // (also out of the ready list). O(1). A deadline already due fires at the
  // next Advance().
  void Schedule(uint32_t id, TimePoint deadline, uint32_t generation) noexcept;
  // Removes entry `id` (no effect if it is not scheduled). O(1).
  void Cancel(uint32_t id) noexcept;

  bool IsScheduled(uint32_t id) const noexcept;
  // Its deadline while scheduled (or ready).
  std::optional<TimePoint> DeadlineOf(uint32_t id) const noexcept;

  // Moves every entry whose deadline is <= now to the ready list, in no
  // particular order; returns how many. `now` should not go backwards
  // (entries are then simply not due).
  uint32_t Advance(TimePoint now) noexcept;
  // Takes one entry off the ready list; nullopt when it is empty. Entries
  // scheduled or cancelled between Advance() and PopReady() leave the ready
  // list, so callers may reschedule anything while they drain it.
  std::optional<Expiry> PopReady() noexcept;

  // The earliest deadline of the scheduled entries (exact), or of a ready
  // entry if any is left (then at most the last `now`); nullopt when empty.
  // Cheap: cached, and on a miss one scan of the earliest occupied slot.
  std::optional<TimePoint> NextDeadline() const noexcept;

  uint32_t size() const noexcept { return size_; }
  uint32_t ready_count() const noexcept { return ready_count_; }
  uint32_t capacity() const noexcept { return capacity_; }
  Duration tick() const noexcept { return tick_; }
  // Bytes allocated at construction.
  size_t memory_bytes() const noexcept {
    return (size_t{capacity_} + kBuckets + 1) * 2 * sizeof(uint32_t) +
           size_t{capacity_} * (sizeof(TimePoint) + sizeof(uint32_t) + sizeof(uint16_t));
  }
  const TimerWheelCounters& counters() const noexcept { return counters_; }

 private:
  static constexpr uint32_t kNone = 0xffffffffu;
  static constexpr uint16_t kNotLinked = 0xffff;
  static constexpr uint16_t kReadyList = 0xfffe;
  static constexpr uint32_t kBuckets = kLevels * kSlotsPerLevel;

  uint64_t TickOf(TimePoint t) const noexcept;
  // Links `id` into the slot its deadline belongs to, relative to elapsed_.
  void Place(uint32_t id) noexcept;
  void Unlink(uint32_t id) noexcept;
  void LinkBefore(uint32_t node, uint32_t id) noexcept;
  // The earliest occupied slot (level-major), as a bucket index and its
  // first tick; false when the wheel holds nothing.
  bool EarliestSlot(uint32_t& bucket, uint64_t& start) const noexcept;

  uint32_t capacity_;
  Duration tick_;
  TimePoint origin_;
  // Every tick before elapsed_ has been run; entries whose tick is <=
  // elapsed_ sit in the level-0 slot of elapsed_.
  uint64_t elapsed_ = 0;
  // Doubly linked circular lists over node indices: [0, capacity_) are the
  // entries, then one sentinel per bucket, then the ready list's sentinel.
  std::unique_ptr<uint32_t[]> next_;
  std::unique_ptr<uint32_t[]> prev_;
  std::unique_ptr<TimePoint[]> deadline_;
  std::unique_ptr<uint32_t[]> generation_;
  std::unique_ptr<uint16_t[]> bucket_;  // kNotLinked, kReadyList or bucket
  uint64_t occupied_[kLevels] = {};
  uint32_t size_ = 0;  // scheduled, excluding ready
  uint32_t ready_count_ = 0;
  // NextDeadline() cache: the minimum over scheduled entries when valid.
  mutable bool min_valid_ = true;
  mutable uint32_t min_id_ = kNone;
  mutable TimePoint min_;
  TimerWheelCounters counters_;
};

}  // namespace dpsctp::endpoint

#endif  // DPSCTP_ENDPOINT_TIMER_WHEEL_H_
