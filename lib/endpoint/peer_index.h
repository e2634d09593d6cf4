// PeerIndex: finds an association from the peer's transport address, for the
// packets that do not carry our Verification Tag.
//
// Most packets route by our tag (assoc_table.h). These do not:
//   - INIT (tag 0) and COOKIE ECHO for an association that already exists
//     (RFC 9260 §5.2.1 to §5.2.4: collisions, restarts);
//   - ABORT and SHUTDOWN COMPLETE with the T bit set, which carry the
//     peer's tag (RFC 9260 §8.5.1 B and C);
//   - the out-of-the-blue checks of RFC 9260 §8.4.
// The index only names a candidate association; the caller still applies
// the tag rules (e.g. a T-bit ABORT must carry that association's peer tag,
// §8.5.1 B).
//
// An association is identified by its transport addresses (RFC 9260 §1.3:
// "a transport address is defined by the combination of an IP address and
// an SCTP port number"), so the key is (peer IP address, peer port, local
// port). Local addresses are not part of
// the key: one SCTP endpoint owns a port on all its addresses.
//
// A multi-homed peer has several addresses (up to kMaxAddressesPerSlot).
// Each is its own key pointing to the same slot. The index also remembers,
// per slot, which keys point to it, so that EraseSlot() removes them all
// and no key can outlive its association and route packets to the slot's
// next occupant.
//
// Keys are chosen by peers (an attacker with a /64 picks addresses and
// ports at will), so the hash is SipHash-1-3 keyed by a secret from the
// caller: without the key, nobody can aim many keys at one bucket.
//
// Fixed capacity, allocated in the constructor; open addressing with linear
// probing and backward-shift deletion, like AssocTable. One shard owns it;
// no locks.
#ifndef DPSCTP_ENDPOINT_PEER_INDEX_H_
#define DPSCTP_ENDPOINT_PEER_INDEX_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "common/address.h"

namespace dpsctp::endpoint {

// One key: a peer transport address and the local port it talks to.
// Addresses are compared as given: the caller normalises them (e.g. an
// IPv4-mapped IPv6 address is not equal to the IPv4 address).
struct PeerKey {
  IpAddress peer_address;
  uint16_t peer_port = 0;
  uint16_t local_port = 0;

  friend bool operator==(const PeerKey&, const PeerKey&) = default;
};

// The 128-bit SipHash key. The driver draws it at startup.
struct PeerIndexSeed {
  uint64_t k0 = 0;
  uint64_t k1 = 0;
};

enum class PeerInsertResult : uint8_t {
  kInserted,
  kDuplicate,     // the key is present (for this or another slot)
  kInvalidKey,    // empty address
  kInvalidSlot,   // slot >= slot_count()
  kPortMismatch,  // the slot's other keys have other ports
  kSlotFull,      // the slot already has kMaxAddressesPerSlot keys
  kTableFull,     // size() == max_size()
};

constexpr std::string_view ToString(PeerInsertResult r) noexcept {
  switch (r) {
    case PeerInsertResult::kInserted:
      return "inserted";
    case PeerInsertResult::kDuplicate:
      return "duplicate";
    case PeerInsertResult::kInvalidKey:
      return "invalid key";
    case PeerInsertResult::kInvalidSlot:
      return "invalid slot";
    case PeerInsertResult::kPortMismatch:
      return "port mismatch";
    case PeerInsertResult::kSlotFull:
      return "slot full";
    case PeerInsertResult::kTableFull:
      return "table full";
  }
  return "?";
}

class PeerIndex {
 public:
  // RFC 9260 lets a peer list any number of addresses; we track at most
  // this many per association (the State Cookie keeps as many, see
  // assoc/cookie.h kMaxCookieAddresses).
  static constexpr uint32_t kMaxAddressesPerSlot = 8;
  static constexpr uint32_t kMaxKeysLimit = 1u << 30;

  // Slots are [0, slot_count) (the association pool's size). `max_keys` is
  // the total number of keys held at once (at most slot_count *
  // kMaxAddressesPerSlot are useful); the bucket count is the smallest power
  // of two >= 2 * max_keys. Everything is allocated here.
  PeerIndex(uint32_t slot_count, uint32_t max_keys, PeerIndexSeed seed);

  PeerIndex(PeerIndex&&) noexcept = default;
  PeerIndex& operator=(PeerIndex&&) noexcept = default;
  PeerIndex(const PeerIndex&) = delete;
  PeerIndex& operator=(const PeerIndex&) = delete;

  // Adds key -> slot. All keys of one slot share the same ports (one
  // association has one peer port and one local port). On any result but
  // kInserted nothing changes.
  [[nodiscard]] PeerInsertResult Insert(const PeerKey& key,
                                        uint32_t slot) noexcept;

  // The slot `key` points to, if any.
  std::optional<uint32_t> Find(const PeerKey& key) const noexcept;

  // Removes one key (e.g. an address deleted by ASCONF); returns the slot it
  // pointed to.
  std::optional<uint32_t> Erase(const PeerKey& key) noexcept;

  // Removes every key of `slot`; returns how many there were.
  uint32_t EraseSlot(uint32_t slot) noexcept;

  // The peer addresses currently indexed for `slot` (in no particular
  // order), and their ports. Valid until the next Insert/Erase/EraseSlot.
  std::span<const IpAddress> AddressesOf(uint32_t slot) const noexcept;
  uint16_t peer_port_of(uint32_t slot) const noexcept;
  uint16_t local_port_of(uint32_t slot) const noexcept;

  uint32_t size() const noexcept { return size_; }
  uint32_t max_size() const noexcept { return max_keys_; }
  uint32_t bucket_count() const noexcept { return bucket_count_; }
  uint32_t slot_count() const noexcept { return slot_count_; }

  // Introspection, for tests, benchmarks and telemetry.
  uint32_t Hash(const PeerKey& key) const noexcept;
  uint32_t HomeBucket(const PeerKey& key) const noexcept {
    return Hash(key) & mask_;
  }
  std::optional<uint32_t> BucketOf(const PeerKey& key) const noexcept;
  uint32_t MaxDisplacement() const noexcept;  // O(bucket_count)
  // Linear-probing invariant, stored hashes, size, and agreement between
  // the buckets and the per-slot key lists. O(bucket_count * probe length).
  bool IsConsistent() const noexcept;

 private:
  // 32 bytes: two per cache line.
  struct Bucket {
    std::array<uint8_t, 16> address{};
    AddressFamily family = AddressFamily::kNone;  // kNone: empty
    uint16_t peer_port = 0;
    uint16_t local_port = 0;
    uint32_t slot = 0;
    uint32_t hash = 0;  // Hash(key), so that shifts need not rehash

    bool empty() const noexcept { return family == AddressFamily::kNone; }
    bool Matches(const PeerKey& key) const noexcept;
    PeerKey key() const noexcept;
  };
  // The keys of one slot: its ports and up to kMaxAddressesPerSlot
  // addresses (unordered; removal moves the last one into the gap).
  struct SlotKeys {
    std::array<IpAddress, kMaxAddressesPerSlot> addresses{};
    uint16_t peer_port = 0;
    uint16_t local_port = 0;
    uint8_t count = 0;
  };

  // Probes for `key` (whose hash is `hash`): the bucket holding it, or the
  // empty bucket where the probe stopped, and whether it was found.
  struct Probe {
    uint32_t bucket;
    bool found;
  };
  Probe Locate(const PeerKey& key, uint32_t hash) const noexcept;
  void EraseBucket(uint32_t hole) noexcept;
  void ForgetAddress(uint32_t slot, const IpAddress& address) noexcept;

  std::unique_ptr<Bucket[]> buckets_;
  std::unique_ptr<SlotKeys[]> slots_;
  PeerIndexSeed seed_;
  uint32_t bucket_count_ = 0;
  uint32_t mask_ = 0;
  uint32_t max_keys_ = 0;
  uint32_t slot_count_ = 0;
  uint32_t size_ = 0;
};

}  // namespace dpsctp::endpoint

#endif  // DPSCTP_ENDPOINT_PEER_INDEX_H_
