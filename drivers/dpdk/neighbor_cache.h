// NeighborCache: the IP -> MAC mappings of one NetInterface (one lcore), as
// ARP (RFC 826) and Neighbor Discovery (RFC 4861) learn them, plus the
// frames parked while a mapping is being resolved.
//
// Fixed capacity, decided at construction: entries, the hash index and the
// parked-frame slots are allocated once, nothing afterwards. Parked frames
// live in one pool shared by all entries (bounded globally) and form a FIFO
// per entry, so they leave in the order they were sent.
//
// The cache stores rte_mbuf pointers without touching them; NetInterface
// owns the frames and decides when to send or free them. Timers are plain
// deadlines that NetInterface::Poll() compares with `now`.
//
// Thread affinity: one lcore; no locks.
#ifndef DPSCTP_DRIVERS_DPDK_NEIGHBOR_CACHE_H_
#define DPSCTP_DRIVERS_DPDK_NEIGHBOR_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "common/address.h"
#include "common/time.h"
#include "drivers/dpdk/l2l3.h"

struct rte_mbuf;

namespace dpsctp::dpdk {

// IpAddress equality in two 8-byte compares: the defaulted operator== calls
// memcmp, which showed up on the per-packet path.
inline bool SameIpAddress(const IpAddress& a, const IpAddress& b) noexcept {
  if (a.family != b.family) {
    return false;
  }
  uint64_t a0;
  uint64_t a1;
  uint64_t b0;
  uint64_t b1;
  std::memcpy(&a0, a.bytes.data(), 8);
  std::memcpy(&a1, a.bytes.data() + 8, 8);
  std::memcpy(&b0, b.bytes.data(), 8);
  std::memcpy(&b1, b.bytes.data() + 8, 8);
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

// An open-addressing map from IpAddress to a small integer (an index into
// the owner's entry array). Linear probing with backward-shift deletion, so
// there are no tombstones and lookups stay short however many inserts and
// erases happen. Holds at most `capacity` keys.
class IpIndex {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  explicit IpIndex(uint32_t capacity);

  uint32_t Find(const IpAddress& key) const noexcept;
  // Precondition: `key` absent and fewer than `capacity` keys present.
  void Insert(const IpAddress& key, uint32_t value) noexcept;
  void Erase(const IpAddress& key) noexcept;
  size_t size() const noexcept { return size_; }

 private:
  struct Slot {
    IpAddress key;
    uint32_t value = kNotFound;  // kNotFound: slot empty
  };
  size_t Home(const IpAddress& key) const noexcept {
    return static_cast<size_t>(key.Hash()) & mask_;
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

enum class NeighborState : uint8_t {
  kIncomplete,  // request sent, no answer yet; frames may be parked
  kReachable,   // confirmed within the lifetime
  kStale,       // lifetime over: still used, re-confirmed on next use
  kProbe,       // stale and in use: re-resolving while still sending
};

struct NeighborEntry {
  IpAddress address;
  MacAddress mac{};
  NeighborState state = NeighborState::kIncomplete;
  // kIncomplete/kProbe: when the next request goes out (or resolution
  // fails); kReachable: when the entry turns stale; kStale: when it is
  // removed if nobody used it.
  TimePoint deadline;
  uint32_t attempts = 0;  // requests sent in the current resolution
  // Parked frames (FIFO through the shared slot pool).
  uint32_t pending_head = UINT32_MAX;
  uint32_t pending_tail = UINT32_MAX;
  uint32_t pending_count = 0;
  bool in_use = false;
};

class NeighborCache {
 public:
  NeighborCache(uint32_t capacity, uint32_t max_pending);

  NeighborCache(const NeighborCache&) = delete;
  NeighborCache& operator=(const NeighborCache&) = delete;

  NeighborEntry* Find(const IpAddress& address) noexcept {
    const uint32_t i = FindIndex(address);
    return i == kNil ? nullptr : &entries_[i];
  }
  const NeighborEntry* Find(const IpAddress& address) const noexcept {
    const uint32_t i = FindIndex(address);
    return i == kNil ? nullptr : &entries_[i];
  }
  // A new kIncomplete entry with no parked frames. When the cache is full
  // the stale (or reachable) entry with the earliest deadline that has no
  // parked frames is evicted; entries being resolved are never evicted.
  // nullptr when nothing could be evicted.
  NeighborEntry* Insert(const IpAddress& address) noexcept;
  // Removes the entry. Parked frames must have been taken out first.
  void Erase(NeighborEntry& entry) noexcept;

  // Parks `m` at the end of the entry's queue. False when all
  // max_pending slots are taken (the caller still owns `m`).
  bool Park(NeighborEntry& entry, rte_mbuf* m) noexcept;
  // The oldest parked frame of the entry, removed; nullptr when none.
  rte_mbuf* PopPending(NeighborEntry& entry) noexcept;

  size_t size() const noexcept { return index_.size(); }
  size_t capacity() const noexcept { return entries_.size(); }
  size_t pending() const noexcept { return pending_in_use_; }

  // Calls f(NeighborEntry&) for every entry in use. `f` may Erase() the
  // entry it is given (and only that one).
  template <typename F>
  void ForEach(F&& f) noexcept {
    for (NeighborEntry& e : entries_) {
      if (e.in_use) {
        f(e);
      }
    }
  }

 private:
  static constexpr uint32_t kNil = UINT32_MAX;
  struct PendingSlot {
    rte_mbuf* m = nullptr;
    uint32_t next = kNil;
  };

  uint32_t IndexOf(const NeighborEntry& e) const noexcept {
    return static_cast<uint32_t>(&e - entries_.data());
  }
  NeighborEntry* EvictionVictim() noexcept;
  // A one-entry memo in front of the hash index: a worker sends burst
  // after burst to the same next hop. An in-use entry with the address is
  // the only one, so the memo cannot give a wrong answer.
  uint32_t FindIndex(const IpAddress& address) const noexcept {
    if (last_found_ != kNil) {
      const NeighborEntry& e = entries_[last_found_];
      if (e.in_use && SameIpAddress(e.address, address)) {
        return last_found_;
      }
    }
    return FindIndexSlow(address);
  }
  uint32_t FindIndexSlow(const IpAddress& address) const noexcept;

  std::vector<NeighborEntry> entries_;
  std::vector<uint32_t> free_entries_;  // stack of free entry indices
  IpIndex index_;
  std::vector<PendingSlot> pending_;
  uint32_t pending_free_ = kNil;  // free list through PendingSlot::next
  size_t pending_in_use_ = 0;
  mutable uint32_t last_found_ = kNil;  // entry index of the last Find() hit
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_NEIGHBOR_CACHE_H_
