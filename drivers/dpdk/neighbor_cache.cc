#include "drivers/dpdk/neighbor_cache.h"

#include <bit>

#include "common/check.h"

namespace dpsctp::dpdk {

IpIndex::IpIndex(uint32_t capacity) {
  // At most half full: linear probing stays short.
  const size_t slots = std::bit_ceil(size_t{capacity} * 2 + 2);
  slots_.resize(slots);
  mask_ = slots - 1;
}

uint32_t IpIndex::Find(const IpAddress& key) const noexcept {
  for (size_t i = Home(key);; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.value == kNotFound) {
      return kNotFound;
    }
    if (s.key == key) {
      return s.value;
    }
  }
}

void IpIndex::Insert(const IpAddress& key, uint32_t value) noexcept {
  DPSCTP_CHECK(size_ + 1 < slots_.size());
  size_t i = Home(key);
  while (slots_[i].value != kNotFound) {
    i = (i + 1) & mask_;
  }
  slots_[i].key = key;
  slots_[i].value = value;
  ++size_;
}

void IpIndex::Erase(const IpAddress& key) noexcept {
  size_t i = Home(key);
  for (;; i = (i + 1) & mask_) {
    if (slots_[i].value == kNotFound) {
      return;
    }
    if (slots_[i].key == key) {
      break;
    }
  }
  // Backward-shift deletion: move later members of the probe run into the
  // hole when their home position allows it.
  size_t hole = i;
  for (size_t j = (hole + 1) & mask_; slots_[j].value != kNotFound;
       j = (j + 1) & mask_) {
    const size_t home = Home(slots_[j].key);
    // Distance from home to j versus from home to the hole (cyclic).
    if (((j - home) & mask_) >= ((j - hole) & mask_)) {
      slots_[hole] = slots_[j];
      hole = j;
    }
  }
  slots_[hole] = Slot{};
  --size_;
}

NeighborCache::NeighborCache(uint32_t capacity, uint32_t max_pending)
    : entries_(capacity), index_(capacity), pending_(max_pending) {
  free_entries_.reserve(capacity);
  for (uint32_t i = capacity; i > 0; --i) {
    free_entries_.push_back(i - 1);
  }
  for (uint32_t i = 0; i < max_pending; ++i) {
    pending_[i].next = i + 1 < max_pending ? i + 1 : kNil;
  }
  pending_free_ = max_pending > 0 ? 0 : kNil;
}

uint32_t NeighborCache::FindIndexSlow(
    const IpAddress& address) const noexcept {
  const uint32_t i = index_.Find(address);
  if (i == IpIndex::kNotFound) {
    return kNil;
  }
  last_found_ = i;
  return i;
}

NeighborEntry* NeighborCache::EvictionVictim() noexcept {
  NeighborEntry* victim = nullptr;
  for (NeighborEntry& e : entries_) {
    if (!e.in_use || e.pending_count != 0 ||
        e.state == NeighborState::kIncomplete ||
        e.state == NeighborState::kProbe) {
      continue;
    }
    // Stale before reachable, then the earliest deadline.
    if (victim == nullptr ||
        (e.state == NeighborState::kStale &&
         victim->state != NeighborState::kStale) ||
        (e.state == victim->state && e.deadline < victim->deadline)) {
      victim = &e;
    }
  }
  return victim;
}

NeighborEntry* NeighborCache::Insert(const IpAddress& address) noexcept {
  if (free_entries_.empty()) {
    NeighborEntry* victim = EvictionVictim();
    if (victim == nullptr) {
      return nullptr;
    }
    Erase(*victim);
  }
  const uint32_t i = free_entries_.back();
  free_entries_.pop_back();
  NeighborEntry& e = entries_[i];
  e = NeighborEntry{};
  e.address = address;
  e.in_use = true;
  index_.Insert(address, i);
  return &e;
}

void NeighborCache::Erase(NeighborEntry& entry) noexcept {
  DPSCTP_CHECK(entry.in_use);
  DPSCTP_DCHECK(entry.pending_count == 0);
  index_.Erase(entry.address);
  entry.in_use = false;
  if (last_found_ == IndexOf(entry)) {
    last_found_ = kNil;
  }
  free_entries_.push_back(IndexOf(entry));
}

bool NeighborCache::Park(NeighborEntry& entry, rte_mbuf* m) noexcept {
  if (pending_free_ == kNil) {
    return false;
  }
  const uint32_t slot = pending_free_;
  pending_free_ = pending_[slot].next;
  pending_[slot] = PendingSlot{m, kNil};
  if (entry.pending_tail == kNil) {
    entry.pending_head = slot;
  } else {
    pending_[entry.pending_tail].next = slot;
  }
  entry.pending_tail = slot;
  ++entry.pending_count;
  ++pending_in_use_;
  return true;
}

rte_mbuf* NeighborCache::PopPending(NeighborEntry& entry) noexcept {
  const uint32_t slot = entry.pending_head;
  if (slot == kNil) {
    return nullptr;
  }
  rte_mbuf* m = pending_[slot].m;
  entry.pending_head = pending_[slot].next;
  if (entry.pending_head == kNil) {
    entry.pending_tail = kNil;
  }
  --entry.pending_count;
  --pending_in_use_;
  pending_[slot] = PendingSlot{nullptr, pending_free_};
  pending_free_ = slot;
  return m;
}

}  // namespace dpsctp::dpdk
