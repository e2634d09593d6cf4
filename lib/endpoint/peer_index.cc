#include "endpoint/peer_index.h"

#include <bit>
#include <cstring>

#include "common/check.h"
#include "endpoint/assoc_table.h"

namespace dpsctp::endpoint {
namespace {

// SipHash (Aumasson and Bernstein, 2012) with 1 compression round and 3
// finalization rounds, the variant hash tables use against flooding, over
// exactly three 64-bit words (24 bytes; no tail).
struct SipState {
  uint64_t v0, v1, v2, v3;

  void Round() noexcept {
    v0 += v1;
    v1 = std::rotl(v1, 13);
    v1 ^= v0;
    v0 = std::rotl(v0, 32);
    v2 += v3;
    v3 = std::rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = std::rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = std::rotl(v1, 17);
    v1 ^= v2;
    v2 = std::rotl(v2, 32);
  }
  void Absorb(uint64_t m) noexcept {
    v3 ^= m;
    Round();
    v0 ^= m;
  }
};

uint64_t SipHash13(uint64_t k0, uint64_t k1, uint64_t m0, uint64_t m1,
                   uint64_t m2) noexcept {
  SipState s{k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull,
             k0 ^ 0x6c7967656e657261ull, k1 ^ 0x7465646279746573ull};
  s.Absorb(m0);
  s.Absorb(m1);
  s.Absorb(m2);
  s.Absorb(uint64_t{24} << 56);  // message length in the last block
  s.v2 ^= 0xff;
  s.Round();
  s.Round();
  s.Round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

}  // namespace

bool PeerIndex::Bucket::Matches(const PeerKey& key) const noexcept {
  return family == key.peer_address.family && peer_port == key.peer_port &&
         local_port == key.local_port && address == key.peer_address.bytes;
}

PeerKey PeerIndex::Bucket::key() const noexcept {
  PeerKey k;
  k.peer_address.family = family;
  k.peer_address.bytes = address;
  k.peer_port = peer_port;
  k.local_port = local_port;
  return k;
}

PeerIndex::PeerIndex(uint32_t slot_count, uint32_t max_keys, PeerIndexSeed seed)
    : seed_(seed),
      bucket_count_(internal::BucketCountFor(max_keys)),
      mask_(bucket_count_ - 1),
      max_keys_(max_keys),
      slot_count_(slot_count) {
  DPSCTP_CHECK(max_keys <= kMaxKeysLimit);
  buckets_ = std::make_unique<Bucket[]>(bucket_count_);
  slots_ = std::make_unique<SlotKeys[]>(slot_count_);
}

uint32_t PeerIndex::Hash(const PeerKey& key) const noexcept {
  uint64_t m0;
  uint64_t m1;
  std::memcpy(&m0, key.peer_address.bytes.data(), 8);
  std::memcpy(&m1, key.peer_address.bytes.data() + 8, 8);
  const uint64_t m2 = static_cast<uint64_t>(key.peer_address.family) << 32 |
                      static_cast<uint64_t>(key.peer_port) << 16 |
                      key.local_port;
  return static_cast<uint32_t>(SipHash13(seed_.k0, seed_.k1, m0, m1, m2));
}

PeerIndex::Probe PeerIndex::Locate(const PeerKey& key,
                                   uint32_t hash) const noexcept {
  // Terminates: the table is at most half full.
  for (uint32_t i = hash & mask_;; i = (i + 1) & mask_) {
    const Bucket& b = buckets_[i];
    if (b.empty()) {
      return Probe{i, false};
    }
    if (b.hash == hash && b.Matches(key)) {
      return Probe{i, true};
    }
  }
}

PeerInsertResult PeerIndex::Insert(const PeerKey& key, uint32_t slot) noexcept {
  if (key.peer_address.empty()) {
    return PeerInsertResult::kInvalidKey;
  }
  if (slot >= slot_count_) {
    return PeerInsertResult::kInvalidSlot;
  }
  SlotKeys& keys = slots_[slot];
  const uint32_t hash = Hash(key);
  const Probe probe = Locate(key, hash);
  if (probe.found) {
    return PeerInsertResult::kDuplicate;
  }
  if (keys.count > 0 &&
      (keys.peer_port != key.peer_port || keys.local_port != key.local_port)) {
    return PeerInsertResult::kPortMismatch;
  }
  if (keys.count == kMaxAddressesPerSlot) {
    return PeerInsertResult::kSlotFull;
  }
  if (size_ == max_keys_) {
    return PeerInsertResult::kTableFull;
  }
  Bucket& b = buckets_[probe.bucket];
  b.address = key.peer_address.bytes;
  b.family = key.peer_address.family;
  b.peer_port = key.peer_port;
  b.local_port = key.local_port;
  b.slot = slot;
  b.hash = hash;
  ++size_;
  keys.addresses[keys.count++] = key.peer_address;
  keys.peer_port = key.peer_port;
  keys.local_port = key.local_port;
  return PeerInsertResult::kInserted;
}

std::optional<uint32_t> PeerIndex::Find(const PeerKey& key) const noexcept {
  if (key.peer_address.empty()) {
    return std::nullopt;
  }
  const Probe probe = Locate(key, Hash(key));
  if (!probe.found) {
    return std::nullopt;
  }
  return buckets_[probe.bucket].slot;
}

std::optional<uint32_t> PeerIndex::BucketOf(const PeerKey& key) const noexcept {
  if (key.peer_address.empty()) {
    return std::nullopt;
  }
  const Probe probe = Locate(key, Hash(key));
  if (!probe.found) {
    return std::nullopt;
  }
  return probe.bucket;
}

void PeerIndex::EraseBucket(uint32_t hole) noexcept {
  // Backward shift, as in AssocTable::Erase: an entry at j may fill the hole
  // only if the hole lies in the cyclic range [home(j), j).
  for (uint32_t j = (hole + 1) & mask_; !buckets_[j].empty();
       j = (j + 1) & mask_) {
    const uint32_t home = buckets_[j].hash & mask_;
    if (((j - home) & mask_) >= ((j - hole) & mask_)) {
      buckets_[hole] = buckets_[j];
      hole = j;
    }
  }
  buckets_[hole] = Bucket{};
  --size_;
}

void PeerIndex::ForgetAddress(uint32_t slot,
                              const IpAddress& address) noexcept {
  SlotKeys& keys = slots_[slot];
  for (uint8_t i = 0; i < keys.count; ++i) {
    if (keys.addresses[i] == address) {
      keys.addresses[i] = keys.addresses[keys.count - 1];
      keys.addresses[keys.count - 1] = IpAddress{};
      --keys.count;
      return;
    }
  }
  // Every bucket has its address in its slot's list.
  DPSCTP_CHECK(false);
}

std::optional<uint32_t> PeerIndex::Erase(const PeerKey& key) noexcept {
  if (key.peer_address.empty()) {
    return std::nullopt;
  }
  const Probe probe = Locate(key, Hash(key));
  if (!probe.found) {
    return std::nullopt;
  }
  const uint32_t slot = buckets_[probe.bucket].slot;
  EraseBucket(probe.bucket);
  ForgetAddress(slot, key.peer_address);
  return slot;
}

uint32_t PeerIndex::EraseSlot(uint32_t slot) noexcept {
  if (slot >= slot_count_) {
    return 0;
  }
  SlotKeys& keys = slots_[slot];
  const uint32_t n = keys.count;
  PeerKey key;
  key.peer_port = keys.peer_port;
  key.local_port = keys.local_port;
  for (uint32_t i = 0; i < n; ++i) {
    key.peer_address = keys.addresses[i];
    const Probe probe = Locate(key, Hash(key));
    DPSCTP_CHECK(probe.found && buckets_[probe.bucket].slot == slot);
    EraseBucket(probe.bucket);
  }
  keys = SlotKeys{};
  return n;
}

std::span<const IpAddress> PeerIndex::AddressesOf(
    uint32_t slot) const noexcept {
  if (slot >= slot_count_) {
    return {};
  }
  return std::span<const IpAddress>(slots_[slot].addresses)
      .first(slots_[slot].count);
}

uint16_t PeerIndex::peer_port_of(uint32_t slot) const noexcept {
  return slot < slot_count_ ? slots_[slot].peer_port : 0;
}

uint16_t PeerIndex::local_port_of(uint32_t slot) const noexcept {
  return slot < slot_count_ ? slots_[slot].local_port : 0;
}

uint32_t PeerIndex::MaxDisplacement() const noexcept {
  uint32_t max = 0;
  for (uint32_t i = 0; i < bucket_count_; ++i) {
    if (!buckets_[i].empty()) {
      const uint32_t d = (i - (buckets_[i].hash & mask_)) & mask_;
      max = d > max ? d : max;
    }
  }
  return max;
}

bool PeerIndex::IsConsistent() const noexcept {
  uint32_t count = 0;
  for (uint32_t i = 0; i < bucket_count_; ++i) {
    const Bucket& b = buckets_[i];
    if (b.empty()) {
      continue;
    }
    ++count;
    const PeerKey key = b.key();
    if (b.hash != Hash(key) || b.slot >= slot_count_) {
      return false;
    }
    for (uint32_t j = b.hash & mask_; j != i; j = (j + 1) & mask_) {
      if (buckets_[j].empty()) {
        return false;
      }
    }
    if (BucketOf(key) != i) {
      return false;  // duplicate earlier in the cluster
    }
    const SlotKeys& keys = slots_[b.slot];
    if (keys.peer_port != b.peer_port || keys.local_port != b.local_port) {
      return false;
    }
    bool listed = false;
    for (uint8_t k = 0; k < keys.count; ++k) {
      listed = listed || keys.addresses[k] == key.peer_address;
    }
    if (!listed) {
      return false;
    }
  }
  uint32_t listed_total = 0;
  for (uint32_t s = 0; s < slot_count_; ++s) {
    listed_total += slots_[s].count;
  }
  return count == size_ && listed_total == size_ && size_ <= max_keys_;
}

}  // namespace dpsctp::endpoint
