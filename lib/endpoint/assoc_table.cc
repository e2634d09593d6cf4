#include "endpoint/assoc_table.h"

#include <bit>

#include "common/check.h"

namespace dpsctp::endpoint {
namespace internal {

uint32_t BucketCountFor(uint32_t n) noexcept {
  DPSCTP_CHECK(n <= AssocTable::kMaxEntriesLimit);
  const uint64_t wanted = 2 * static_cast<uint64_t>(n);
  return static_cast<uint32_t>(std::bit_ceil(wanted < 2 ? 2 : wanted));
}

}  // namespace internal

AssocTable::AssocTable(uint32_t max_entries, uint64_t seed)
    : seed_(seed),
      bucket_count_(internal::BucketCountFor(max_entries)),
      mask_(bucket_count_ - 1),
      max_entries_(max_entries) {
  buckets_ = std::make_unique<Bucket[]>(bucket_count_);
}

bool AssocTable::Insert(VerificationTag tag, uint32_t slot) noexcept {
  const uint32_t key = tag.value();
  if (key == 0) {
    return false;
  }
  uint32_t i = Home(key);
  while (buckets_[i].tag != 0) {
    if (buckets_[i].tag == key) {
      return false;
    }
    i = (i + 1) & mask_;
  }
  // The duplicate check comes first so that a full table still reports a
  // present tag as present; either way nothing changes.
  if (size_ == max_entries_) {
    return false;
  }
  buckets_[i] = Bucket{key, slot};
  ++size_;
  return true;
}

std::optional<uint32_t> AssocTable::Erase(VerificationTag tag) noexcept {
  const uint32_t key = tag.value();
  if (key == 0) {
    return std::nullopt;
  }
  uint32_t hole = Home(key);
  while (buckets_[hole].tag != key) {
    if (buckets_[hole].tag == 0) {
      return std::nullopt;
    }
    hole = (hole + 1) & mask_;
  }
  const uint32_t slot = buckets_[hole].slot;
  // Backward shift: walk the rest of the cluster. An entry at j may move
  // into the hole only if the hole is not before its home, i.e. if the hole
  // lies in the cyclic range [home, j); otherwise a lookup starting at its
  // home would no longer pass over it. Distances are taken modulo the
  // bucket count so that clusters that wrap past the last bucket work.
  for (uint32_t j = (hole + 1) & mask_; buckets_[j].tag != 0;
       j = (j + 1) & mask_) {
    const uint32_t home = Home(buckets_[j].tag);
    if (((j - home) & mask_) >= ((j - hole) & mask_)) {
      buckets_[hole] = buckets_[j];
      hole = j;
    }
  }
  buckets_[hole] = Bucket{};
  --size_;
  return slot;
}

void AssocTable::Clear() noexcept {
  for (uint32_t i = 0; i < bucket_count_; ++i) {
    buckets_[i] = Bucket{};
  }
  size_ = 0;
}

std::optional<uint32_t> AssocTable::BucketOf(
    VerificationTag tag) const noexcept {
  const uint32_t key = tag.value();
  if (key == 0) {
    return std::nullopt;
  }
  for (uint32_t i = Home(key);; i = (i + 1) & mask_) {
    if (buckets_[i].tag == key) {
      return i;
    }
    if (buckets_[i].tag == 0) {
      return std::nullopt;
    }
  }
}

AssocTable::ProbeStats AssocTable::ComputeProbeStats() const noexcept {
  ProbeStats stats;
  for (uint32_t i = 0; i < bucket_count_; ++i) {
    if (buckets_[i].tag == 0) {
      continue;
    }
    const uint32_t d = (i - Home(buckets_[i].tag)) & mask_;
    stats.total_displacement += d;
    if (d > stats.max_displacement) {
      stats.max_displacement = d;
    }
  }
  return stats;
}

bool AssocTable::IsConsistent() const noexcept {
  uint32_t count = 0;
  for (uint32_t i = 0; i < bucket_count_; ++i) {
    const uint32_t key = buckets_[i].tag;
    if (key == 0) {
      continue;
    }
    ++count;
    for (uint32_t j = Home(key); j != i; j = (j + 1) & mask_) {
      if (buckets_[j].tag == 0) {
        return false;  // a lookup would stop before reaching i
      }
    }
    if (BucketOf(VerificationTag(key)) != i) {
      return false;  // duplicate key earlier in the cluster
    }
  }
  return count == size_ && size_ <= max_entries_;
}

SlotPool::SlotPool(uint32_t capacity) : capacity_(capacity) {
  DPSCTP_CHECK(capacity <= AssocTable::kMaxEntriesLimit);
  free_ = std::make_unique<uint32_t[]>(capacity);
  generation_ = std::make_unique<uint32_t[]>(capacity);
  in_use_ = std::make_unique<bool[]>(capacity);
  // The stack pops from the top: push in reverse so slot 0 comes first.
  for (uint32_t i = 0; i < capacity; ++i) {
    free_[i] = capacity - 1 - i;
  }
  free_count_ = capacity;
}

std::optional<uint32_t> SlotPool::Acquire() noexcept {
  if (free_count_ == 0) {
    return std::nullopt;
  }
  const uint32_t slot = free_[--free_count_];
  in_use_[slot] = true;
  return slot;
}

void SlotPool::Release(uint32_t slot) noexcept {
  DPSCTP_CHECK(slot < capacity_);
  DPSCTP_CHECK(in_use_[slot]);
  in_use_[slot] = false;
  ++generation_[slot];
  free_[free_count_++] = slot;
}

uint32_t SlotPool::generation(uint32_t slot) const noexcept {
  DPSCTP_CHECK(slot < capacity_);
  return generation_[slot];
}

}  // namespace dpsctp::endpoint
