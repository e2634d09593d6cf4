#include "endpoint/vtag_allocator.h"

#include "common/check.h"

namespace dpsctp::endpoint {

ShardMap ShardMap::KeyedHash(uint32_t shard_count, uint64_t key) noexcept {
  DPSCTP_CHECK(shard_count >= 1 && shard_count <= kMaxShards);
  ShardMap map;
  map.kind_ = Kind::kKeyedHash;
  map.shard_count_ = shard_count;
  map.key_ = key;
  return map;
}

ShardMap ShardMap::TagBits(uint32_t shard_count, uint32_t first_bit) noexcept {
  DPSCTP_CHECK(shard_count >= 1 && shard_count <= kMaxShards);
  ShardMap map;
  map.kind_ = Kind::kTagBits;
  map.shard_count_ = shard_count;
  map.bit_count_ = static_cast<uint32_t>(std::bit_width(shard_count - 1));
  DPSCTP_CHECK(first_bit + map.bit_count_ <= 32);
  map.first_bit_ = map.bit_count_ == 0 ? 0 : first_bit;
  return map;
}

namespace {

uint32_t DefaultMaxAttempts(const ShardMap& map) noexcept {
  constexpr uint32_t kAttemptsPerShard = 32;
  return map.kind() == ShardMap::Kind::kKeyedHash
             ? kAttemptsPerShard * map.shard_count()
             : kAttemptsPerShard;
}

}  // namespace

VtagAllocator::VtagAllocator(const ShardMap& shard_map,
                             const VtagAllocatorOptions& options)
    : shard_map_(shard_map),
      quarantine_(options.quarantine),
      max_attempts_(options.max_attempts != 0 ? options.max_attempts
                                              : DefaultMaxAttempts(shard_map)),
      ring_tags_(std::make_unique<uint32_t[]>(options.quarantine_capacity)),
      ring_times_(std::make_unique<TimePoint[]>(options.quarantine_capacity)),
      quarantined_(options.quarantine_capacity, options.quarantine_seed),
      capacity_(options.quarantine_capacity) {
  DPSCTP_CHECK(quarantine_ >= Duration::Zero());
}

void VtagAllocator::PopOldest() noexcept {
  const VerificationTag tag(ring_tags_[head_]);
  // Skip the membership entry if the tag was released again since: it then
  // points at a later ring position.
  if (quarantined_.Find(tag) == head_) {
    (void)quarantined_.Erase(tag);
  }
  head_ = RingIndex(1);
  --count_;
}

void VtagAllocator::ExpireQuarantine(TimePoint now) noexcept {
  while (count_ > 0 && now - ring_times_[head_] >= quarantine_) {
    PopOldest();
  }
}

void VtagAllocator::Release(TimePoint now, VerificationTag tag) noexcept {
  if (tag.value() == 0 || capacity_ == 0 || quarantine_ == Duration::Zero()) {
    return;
  }
  ExpireQuarantine(now);
  // The ring must stay in release-time order for expiry to pop from its
  // head; `now` never goes backwards in the driver, but do not rely on it.
  if (now < last_release_) {
    now = last_release_;
  }
  last_release_ = now;
  if (count_ == capacity_) {
    PopOldest();
    ++counters_.quarantine_evictions;
  }
  const uint32_t index = RingIndex(count_);
  ring_tags_[index] = tag.value();
  ring_times_[index] = now;
  ++count_;
  (void)quarantined_.Erase(tag);  // released again: restart its period
  // Cannot fail: the table holds at most one entry per ring entry.
  const bool inserted = quarantined_.Insert(tag, index);
  DPSCTP_CHECK(inserted);
}

bool VtagAllocator::IsQuarantined(TimePoint now,
                                  VerificationTag tag) const noexcept {
  const std::optional<uint32_t> index = quarantined_.Find(tag);
  return index.has_value() && now - ring_times_[*index] < quarantine_;
}

}  // namespace dpsctp::endpoint
