// VtagAllocator: chooses our Initiate Tags (the Verification Tag the peer
// puts on every packet it sends us), so that each tag names the shard that
// owns the association (ARCHITECTURE.md, "Sharding by verification tag";
// the analogue of Seastar choosing a connect() port that hashes back to the
// calling core).
//
// RFC 9260 §5.3.1: "Initiate Tag values SHOULD be selected from the range of
// 1 to 2^32 - 1. It is very important that the Initiate Tag value be
// randomized to help protect against off-path attacks. [...] Careful
// selection of Initiate Tags is also necessary to prevent old duplicate
// packets from previous associations being mistakenly processed as
// belonging to the current association."
// and: "A new Verification Tag value MUST be used each time the endpoint
// tears down and then reestablishes an association to the same peer."
//
// So a candidate is a fresh 32-bit random number, rejected when it is 0,
// when ShardOf(candidate) is not the requested shard, when it is in use by
// a live association, or when it was released recently (a TIME_WAIT-like
// quarantine, see kDefaultTagQuarantine). The number of draws is bounded:
// a broken random source makes Allocate() fail, never loop.
//
// Sharding keeps the tags random from the peer's point of view: with a
// keyed hash, the peer cannot tell which bits name the shard; with tag
// bits, log2(shard count) bits are fixed and the other bits stay random.
//
// lib/ has no random source and no clock: randomness and `now` are passed
// in. One allocator per shard; no locks. Its in-use and quarantine checks
// only know this shard's tags, so a tag drawn for another shard (a stateless
// INIT ACK answered here for another owner) must be checked again by the
// owner when the COOKIE ECHO arrives (AssocTable::Insert fails on a
// duplicate).
#ifndef DPSCTP_ENDPOINT_VTAG_ALLOCATOR_H_
#define DPSCTP_ENDPOINT_VTAG_ALLOCATOR_H_

#include <algorithm>
#include <bit>
#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>

#include "assoc/cookie.h"
#include "common/strong_id.h"
#include "common/time.h"
#include "common/types.h"
#include "endpoint/assoc_table.h"

namespace dpsctp::endpoint {

// The shard (lcore) that owns an association.
// TODO(lead): move to common/types.h when the router and drivers need it.
using ShardId = OrderedStrongId<struct ShardIdTag, uint16_t>;

inline constexpr uint32_t kMaxShards = 1024;

// Shard of a tag, keyed-hash mode: a keyed 64-bit mix of the tag, reduced to
// [0, shard_count) with a multiply (Lemire's "fastrange", no division).
// Every shard gets 1/shard_count of all tags, and without the key the peer
// cannot tell which. The reduction uses the high bits of the mix, and
// AssocTable the low ones, so a shard's tags spread over the whole table.
constexpr ShardId ShardOfKeyedHash(VerificationTag tag, uint64_t key,
                                   uint32_t shard_count) noexcept {
  const uint64_t high = internal::Mix64(tag.value() ^ key) >> 32;
  return ShardId(static_cast<uint16_t>((high * shard_count) >> 32));
}

// Shard of a tag, tag-bits mode: bits [first_bit, first_bit + bit_count) of
// the tag, which a NIC can match with rte_flow to steer each shard's packets
// to its own queue. With a shard count that is not a power of two, some
// values name no shard: such tags were never issued by us.
constexpr ShardId ShardOfTagBits(VerificationTag tag, uint32_t first_bit,
                                 uint32_t bit_count) noexcept {
  const uint32_t mask = bit_count == 0 ? 0 : (1u << bit_count) - 1;
  return ShardId(static_cast<uint16_t>((tag.value() >> first_bit) & mask));
}

// Which shard owns a tag: one of the two functions above with its
// parameters. A plain value, the same on every shard and in the router.
class ShardMap {
 public:
  enum class Kind : uint8_t { kKeyedHash, kTagBits };

  // 1 <= shard_count <= kMaxShards. The driver draws `key` at startup.
  static ShardMap KeyedHash(uint32_t shard_count, uint64_t key) noexcept;
  // Uses bit_width(shard_count - 1) bits from `first_bit` (0 bits for a
  // single shard); they must fit in 32.
  static ShardMap TagBits(uint32_t shard_count, uint32_t first_bit) noexcept;

  ShardId ShardOf(VerificationTag tag) const noexcept {
    return kind_ == Kind::kKeyedHash
               ? ShardOfKeyedHash(tag, key_, shard_count_)
               : ShardOfTagBits(tag, first_bit_, bit_count_);
  }

  // A candidate for `shard` made from random bits. Tag-bits mode writes the
  // shard's bits into it, so every draw lands in the shard and the other
  // bits stay random. A keyed hash cannot be steered without giving up its
  // secrecy, so keyed-hash mode returns `random` as it is and the caller
  // rejects the draws of other shards (shard_count draws on average).
  uint32_t PlaceInShard(uint32_t random, ShardId shard) const noexcept {
    if (kind_ == Kind::kKeyedHash) {
      return random;
    }
    return (random & ~tag_mask()) |
           ((static_cast<uint32_t>(shard.value()) << first_bit_) & tag_mask());
  }

  Kind kind() const noexcept { return kind_; }
  uint32_t shard_count() const noexcept { return shard_count_; }
  // Tag-bits mode: the tag bits that hold the shard (what rte_flow matches
  // with the value shard << first_bit()); 0 in keyed-hash mode.
  uint32_t tag_mask() const noexcept {
    return bit_count_ == 0 ? 0 : ((1u << bit_count_) - 1) << first_bit_;
  }
  uint32_t first_bit() const noexcept { return first_bit_; }
  uint32_t bit_count() const noexcept { return bit_count_; }

 private:
  ShardMap() noexcept = default;

  Kind kind_ = Kind::kKeyedHash;
  uint32_t shard_count_ = 1;
  uint64_t key_ = 0;
  uint32_t first_bit_ = 0;
  uint32_t bit_count_ = 0;
};

// How long a released tag stays out of use: long enough that no packet of
// the old association can still be accepted when the tag is reissued. Two
// kinds of packet can carry it:
//  - a COOKIE ECHO with a State Cookie we made for the old association:
//    our MAC accepts it until its lifespan ends (RFC 9260 §5.1.5 step 4: "If
//    the elapsed time is longer than the lifespan carried in the State
//    Cookie, then the packet [...] SHOULD be discarded"). The cookie was
//    made before the release, so it is stale at most `max_cookie_lifespan`
//    after it: Valid.Cookie.Life plus the largest Cookie Preservative
//    increment (§3.3.2.1.3) we grant. Replayed into a new association with
//    the same tag, it would go through the §5.2.4 rules of an association
//    it never belonged to.
//  - any other chunk sent before the release and delayed in the network:
//    RFC 9260 defines no maximum packet lifetime, so we take TCP's Maximum
//    Segment Lifetime (RFC 793 sets MSL to 2 minutes, "an engineering
//    choice").
// Both bounds count from the release, so the quarantine is the larger one.
constexpr Duration TagQuarantineFor(Duration max_cookie_lifespan,
                                    Duration max_packet_lifetime) noexcept {
  return std::max(max_cookie_lifespan, max_packet_lifetime);
}

// max(60 s cookie life, 120 s MSL) = 120 s, i.e. 2 x Valid.Cookie.Life.
inline constexpr Duration kDefaultTagQuarantine =
    TagQuarantineFor(assoc::kDefaultValidCookieLife, Duration::Seconds(120));

struct VtagAllocatorOptions {
  Duration quarantine = kDefaultTagQuarantine;
  // How many released tags the quarantine holds. When it is full, the
  // oldest tag leaves early (counted in quarantine_evictions): size it to at
  // least the peak association teardown rate x `quarantine` (the default
  // covers 546 teardowns/s for 120 s; each entry costs about 28 bytes).
  // 0 disables the quarantine.
  uint32_t quarantine_capacity = 65536;
  // Draws per Allocate() call; 0 picks a default: 32 per shard in keyed-hash
  // mode (a call then fails only if 32 x shard_count draws all miss the
  // shard, probability about e^-32), 32 in tag-bits mode.
  uint32_t max_attempts = 0;
  // Keys the hash of the quarantine's lookup table.
  uint64_t quarantine_seed = 0;
};

// Per-shard counters for telemetry (plain, single writer).
struct VtagAllocatorCounters {
  uint64_t allocated = 0;
  uint64_t failures = 0;  // Allocate() returned nullopt
  uint64_t rejected_zero = 0;
  uint64_t rejected_other_shard = 0;
  uint64_t rejected_quarantined = 0;
  uint64_t rejected_in_use = 0;
  uint64_t quarantine_evictions = 0;  // released early: quarantine full
};

// A source of uniformly random 32-bit values, called as `random()`.
template <typename F>
concept RandomU32Source = std::is_invocable_r_v<uint32_t, F&>;

// Says whether a tag belongs to a live association, called as `in_use(tag)`.
template <typename F>
concept TagInUsePredicate = std::is_invocable_r_v<bool, F&, VerificationTag>;

class VtagAllocator {
 public:
  // Allocates the quarantine now.
  VtagAllocator(const ShardMap& shard_map,
                const VtagAllocatorOptions& options = {});

  VtagAllocator(VtagAllocator&&) noexcept = default;
  VtagAllocator& operator=(VtagAllocator&&) noexcept = default;
  VtagAllocator(const VtagAllocator&) = delete;
  VtagAllocator& operator=(const VtagAllocator&) = delete;

  // A new tag for an association owned by `shard`, or nullopt after
  // max_attempts() rejected draws (or for a shard >= shard_count()). The tag
  // is not reserved: the caller inserts it into its AssocTable (or puts it
  // in a State Cookie). `now` must not go backwards between calls.
  template <RandomU32Source Random, TagInUsePredicate InUse>
  [[nodiscard]] std::optional<VerificationTag> Allocate(
      TimePoint now, ShardId shard, Random&& random, InUse&& in_use) noexcept;

  // As above, with "in use" meaning "present in `table`".
  template <RandomU32Source Random>
  [[nodiscard]] std::optional<VerificationTag> Allocate(
      TimePoint now, ShardId shard, Random&& random,
      const AssocTable& table) noexcept {
    return Allocate(now, shard, random, [&table](VerificationTag tag) {
      return table.Contains(tag);
    });
  }

  // The association that used `tag` is gone: keep the tag out of use for
  // quarantine(). Releasing a quarantined tag again restarts its period.
  // Tag 0 is ignored.
  void Release(TimePoint now, VerificationTag tag) noexcept;

  // Whether `tag` was released less than quarantine() before `now`.
  bool IsQuarantined(TimePoint now, VerificationTag tag) const noexcept;

  // Drops the tags whose quarantine is over. Allocate() and Release() do it
  // themselves; call it from a timer to return memory sooner (optional).
  void ExpireQuarantine(TimePoint now) noexcept;

  const ShardMap& shard_map() const noexcept { return shard_map_; }
  Duration quarantine() const noexcept { return quarantine_; }
  uint32_t quarantine_size() const noexcept { return quarantined_.size(); }
  uint32_t quarantine_capacity() const noexcept { return capacity_; }
  uint32_t max_attempts() const noexcept { return max_attempts_; }
  const VtagAllocatorCounters& counters() const noexcept { return counters_; }

 private:
  // Ring positions in [0, capacity_).
  uint32_t RingIndex(uint32_t offset) const noexcept {
    const uint64_t i = static_cast<uint64_t>(head_) + offset;
    return static_cast<uint32_t>(i < capacity_ ? i : i - capacity_);
  }
  void PopOldest() noexcept;

  ShardMap shard_map_;
  Duration quarantine_;
  uint32_t max_attempts_ = 0;
  // The quarantine: released tags in release order (a FIFO ring of
  // tag + release time), and a tag -> ring index table to test membership
  // in O(1). A ring entry whose tag maps elsewhere (released again later)
  // is stale and skipped.
  std::unique_ptr<uint32_t[]> ring_tags_;
  std::unique_ptr<TimePoint[]> ring_times_;
  AssocTable quarantined_;
  uint32_t capacity_ = 0;
  uint32_t head_ = 0;
  uint32_t count_ = 0;
  TimePoint last_release_;
  VtagAllocatorCounters counters_;
};

template <RandomU32Source Random, TagInUsePredicate InUse>
std::optional<VerificationTag> VtagAllocator::Allocate(
    TimePoint now, ShardId shard, Random&& random, InUse&& in_use) noexcept {
  if (shard.value() >= shard_map_.shard_count()) {
    ++counters_.failures;
    return std::nullopt;
  }
  ExpireQuarantine(now);
  for (uint32_t attempt = 0; attempt < max_attempts_; ++attempt) {
    const VerificationTag tag(
        shard_map_.PlaceInShard(static_cast<uint32_t>(random()), shard));
    // RFC 9260 §3.3.3: "The Initiate Tag MUST NOT take the value 0."
    if (tag.value() == 0) {
      ++counters_.rejected_zero;
      continue;
    }
    if (shard_map_.ShardOf(tag) != shard) {
      ++counters_.rejected_other_shard;
      continue;
    }
    // RFC 9260 §5.3.1: "Careful selection of Initiate Tags is also
    // necessary to prevent old duplicate packets from previous associations
    // being mistakenly processed as belonging to the current association."
    if (IsQuarantined(now, tag)) {
      ++counters_.rejected_quarantined;
      continue;
    }
    if (in_use(tag)) {
      ++counters_.rejected_in_use;
      continue;
    }
    ++counters_.allocated;
    return tag;
  }
  ++counters_.failures;
  return std::nullopt;
}

}  // namespace dpsctp::endpoint

#endif  // DPSCTP_ENDPOINT_VTAG_ALLOCATOR_H_
