// AssocTable and SlotPool: how one shard finds an association from the
// Verification Tag of a packet (ARCHITECTURE.md, "Sharding by verification
// tag").
//
// Every packet of an established association carries, in its common header,
// the tag that *we* chose (our Initiate Tag), so the shard's main lookup is
// "our local tag -> slot of the association in the shard's pool". SlotPool
// hands out those slot indices; AssocTable maps tags to them. Both are
// allocated once, at construction, and never grow: a full table or an empty
// pool is an answer the caller handles (e.g. ABORT with an "Out of Resource"
// cause), not a reason to allocate.
//
// Both classes belong to one shard (one lcore): no locks, no atomics. Nothing
// here keeps a pointer to caller memory.
#ifndef DPSCTP_ENDPOINT_ASSOC_TABLE_H_
#define DPSCTP_ENDPOINT_ASSOC_TABLE_H_

#include <cstdint>
#include <memory>
#include <optional>

#include "common/types.h"

namespace dpsctp::endpoint {
namespace internal {

// The splitmix64 finalizer: a bijection on 64 bits whose every output bit
// depends on every input bit. Not cryptographic; callers key it by mixing a
// secret into the input.
constexpr uint64_t Mix64(uint64_t x) noexcept {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

// Smallest power of two >= 2 * n, and at least 2, so that a table never
// runs more than half full and always keeps an empty bucket.
uint32_t BucketCountFor(uint32_t n) noexcept;

}  // namespace internal

// A fixed-capacity map from our local Verification Tag (never 0) to a slot
// index in the shard's association pool.
//
// Open addressing with linear probing: one 8-byte bucket per entry, eight
// per cache line, so a hit usually costs one cache miss. Erase uses
// backward-shift deletion, so there are no tombstones and lookups stay as
// short as the live entries make them, forever, without a rehash. The bucket
// count is a power of two of at least twice the capacity (load <= 50 %).
//
// The hash is keyed with a caller-supplied seed (drawn by the driver at
// startup). Our tags are random, but the table must stay fast whatever
// sequence of tags it sees: a peer can only probe it with tags it guesses,
// and without the seed it cannot aim at a crowded part of the table. The
// seed must also make the bucket independent of ShardOf(tag)
// (vtag_allocator.h): the bucket uses the low bits of the mix, ShardOf the
// high ones, so even equal seeds do not crowd a shard's tags together.
//
// Tag 0 is never stored (RFC 9260 §3.3.3: "The Initiate Tag MUST NOT take
// the value 0"); the table uses it to mark empty buckets.
class AssocTable {
 public:
  // The largest `max_entries`: bucket indices must fit in 32 bits.
  static constexpr uint32_t kMaxEntriesLimit = 1u << 30;

  // Allocates all buckets now (bucket_count() = the smallest power of two
  // >= 2 * max_entries, at least 2); nothing is allocated afterwards.
  // `max_entries` <= kMaxEntriesLimit.
  AssocTable(uint32_t max_entries, uint64_t seed);

  AssocTable(AssocTable&&) noexcept = default;
  AssocTable& operator=(AssocTable&&) noexcept = default;
  AssocTable(const AssocTable&) = delete;
  AssocTable& operator=(const AssocTable&) = delete;

  // Adds tag -> slot. Returns false, and changes nothing, when the tag is 0,
  // already present, or when size() == max_size().
  [[nodiscard]] bool Insert(VerificationTag tag, uint32_t slot) noexcept;

  // The slot stored for `tag`, if any. Tag 0 is never found.
  std::optional<uint32_t> Find(VerificationTag tag) const noexcept {
    const uint32_t key = tag.value();
    if (key == 0) {
      return std::nullopt;
    }
    for (uint32_t i = Home(key);; i = (i + 1) & mask_) {
      const Bucket& b = buckets_[i];
      if (b.tag == key) {
        return b.slot;
      }
      if (b.tag == 0) {
        return std::nullopt;
      }
    }
  }
  bool Contains(VerificationTag tag) const noexcept {
    return Find(tag).has_value();
  }

  // Removes `tag` and returns the slot it mapped to (nullopt if absent).
  // Later entries of the same cluster shift back into the hole.
  std::optional<uint32_t> Erase(VerificationTag tag) noexcept;

  // Hints the CPU to load the tag's home bucket; call it on a whole burst of
  // packets before looking their tags up, to overlap the cache misses.
  void Prefetch(VerificationTag tag) const noexcept {
    __builtin_prefetch(&buckets_[Home(tag.value())]);
  }

  // Removes every entry.
  void Clear() noexcept;

  // Calls f(VerificationTag, uint32_t slot) for every entry, in bucket
  // order. `f` must not modify the table.
  template <typename F>
  void ForEach(F&& f) const {
    for (uint32_t i = 0; i < bucket_count_; ++i) {
      if (buckets_[i].tag != 0) {
        f(VerificationTag(buckets_[i].tag), buckets_[i].slot);
      }
    }
  }

  uint32_t size() const noexcept { return size_; }
  uint32_t max_size() const noexcept { return max_entries_; }
  uint32_t bucket_count() const noexcept { return bucket_count_; }
  bool empty() const noexcept { return size_ == 0; }
  bool full() const noexcept { return size_ == max_entries_; }

  // Introspection, for tests, benchmarks and telemetry.
  // The bucket a tag hashes to.
  uint32_t HomeBucket(VerificationTag tag) const noexcept {
    return Home(tag.value());
  }
  // The bucket a present tag is stored in.
  std::optional<uint32_t> BucketOf(VerificationTag tag) const noexcept;
  struct ProbeStats {
    uint32_t max_displacement = 0;    // buckets between home and position
    uint64_t total_displacement = 0;  // sum over all entries
  };
  ProbeStats ComputeProbeStats() const noexcept;  // O(bucket_count)
  // Checks the linear-probing invariant (every bucket between an entry's
  // home and its position is occupied), that each entry is found where it
  // is, and the size. O(bucket_count * probe length).
  bool IsConsistent() const noexcept;

 private:
  struct Bucket {
    uint32_t tag = 0;  // 0: empty
    uint32_t slot = 0;
  };

  uint32_t Home(uint32_t key) const noexcept {
    return static_cast<uint32_t>(internal::Mix64(key ^ seed_)) & mask_;
  }

  std::unique_ptr<Bucket[]> buckets_;
  uint64_t seed_ = 0;
  uint32_t bucket_count_ = 0;
  uint32_t mask_ = 0;
  uint32_t max_entries_ = 0;
  uint32_t size_ = 0;
};

// The shard's free list of association slots [0, capacity): O(1) Acquire
// and Release, LIFO so that a new association reuses a recently freed (and
// still cache-warm) slot.
//
// Each slot has a generation that Release() increments, so that references
// kept elsewhere (timer wheel entries, handoff messages) can be recognised as
// stale after the slot has been reused: compare the generation saved with
// the reference against generation(slot).
class SlotPool {
 public:
  // Allocates everything now. Acquire() then returns 0, 1, 2, ... in order
  // until the first Release(). `capacity` <= AssocTable::kMaxEntriesLimit.
  explicit SlotPool(uint32_t capacity);

  SlotPool(SlotPool&&) noexcept = default;
  SlotPool& operator=(SlotPool&&) noexcept = default;
  SlotPool(const SlotPool&) = delete;
  SlotPool& operator=(const SlotPool&) = delete;

  // A free slot, or nullopt when all are in use.
  [[nodiscard]] std::optional<uint32_t> Acquire() noexcept;

  // Returns `slot` to the pool and bumps its generation. Releasing a slot
  // that is not in use (double free) or out of range is a broken invariant
  // that would let two associations share memory: it CHECK-fails.
  void Release(uint32_t slot) noexcept;

  bool in_use(uint32_t slot) const noexcept {
    return slot < capacity_ && in_use_[slot];
  }
  // Starts at 0; +1 at each Release() of the slot (wraps).
  uint32_t generation(uint32_t slot) const noexcept;

  uint32_t capacity() const noexcept { return capacity_; }
  uint32_t in_use_count() const noexcept { return capacity_ - free_count_; }
  uint32_t available() const noexcept { return free_count_; }

 private:
  std::unique_ptr<uint32_t[]> free_;  // stack; top at free_[free_count_-1]
  std::unique_ptr<uint32_t[]> generation_;
  std::unique_ptr<bool[]> in_use_;
  uint32_t capacity_ = 0;
  uint32_t free_count_ = 0;
};

}  // namespace dpsctp::endpoint

#endif  // DPSCTP_ENDPOINT_ASSOC_TABLE_H_
