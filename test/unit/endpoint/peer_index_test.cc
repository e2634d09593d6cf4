#include "endpoint/peer_index.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

namespace dpsctp::endpoint {
namespace {

constexpr PeerIndexSeed kSeed{0x0123456789abcdefull, 0xfedcba9876543210ull};

IpAddress V6(uint16_t last) {
  std::array<uint8_t, 16> b{0x20, 0x01, 0x0d, 0xb8};
  b[14] = static_cast<uint8_t>(last >> 8);
  b[15] = static_cast<uint8_t>(last);
  return IpAddress::V6(b);
}

PeerKey Key(const IpAddress& addr, uint16_t peer_port, uint16_t local_port) {
  PeerKey k;
  k.peer_address = addr;
  k.peer_port = peer_port;
  k.local_port = local_port;
  return k;
}

bool SameAddresses(std::span<const IpAddress> got,
                   std::vector<IpAddress> want) {
  std::vector<IpAddress> g(got.begin(), got.end());
  const auto less = [](const IpAddress& a, const IpAddress& b) {
    return std::tie(a.family, a.bytes) < std::tie(b.family, b.bytes);
  };
  std::sort(g.begin(), g.end(), less);
  std::sort(want.begin(), want.end(), less);
  return g == want;
}

TEST_CASE("PeerIndex: insert, find and erase one key", "[fast]") {
  PeerIndex index(16, 32, kSeed);
  const PeerKey k = Key(IpAddress::V4(192, 0, 2, 1), 3868, 3868);
  CHECK_FALSE(index.Find(k).has_value());
  REQUIRE(index.Insert(k, 5) == PeerInsertResult::kInserted);
  CHECK(index.Find(k) == 5u);
  CHECK(index.size() == 1);
  CHECK(index.peer_port_of(5) == 3868);
  CHECK(index.local_port_of(5) == 3868);
  CHECK(SameAddresses(index.AddressesOf(5), {IpAddress::V4(192, 0, 2, 1)}));
  CHECK(index.Erase(k) == 5u);
  CHECK_FALSE(index.Find(k).has_value());
  CHECK(index.AddressesOf(5).empty());
  CHECK(index.size() == 0);
  CHECK(index.IsConsistent());
}

TEST_CASE("PeerIndex: every part of the key matters", "[fast]") {
  PeerIndex index(16, 32, kSeed);
  const IpAddress a = IpAddress::V4(192, 0, 2, 1);
  REQUIRE(index.Insert(Key(a, 1000, 2000), 1) == PeerInsertResult::kInserted);
  CHECK_FALSE(index.Find(Key(a, 1001, 2000)).has_value());
  CHECK_FALSE(index.Find(Key(a, 1000, 2001)).has_value());
  CHECK_FALSE(
      index.Find(Key(IpAddress::V4(192, 0, 2, 2), 1000, 2000)).has_value());
  // Same 4 bytes as an IPv6 address: a different key.
  std::array<uint8_t, 16> b{192, 0, 2, 1};
  CHECK_FALSE(index.Find(Key(IpAddress::V6(b), 1000, 2000)).has_value());
  // Another association from the same peer address, other ports.
  CHECK(index.Insert(Key(a, 1001, 2000), 2) == PeerInsertResult::kInserted);
  CHECK(index.Find(Key(a, 1000, 2000)) == 1u);
  CHECK(index.Find(Key(a, 1001, 2000)) == 2u);
}

TEST_CASE("PeerIndex: a multi-homed association has one key per address",
          "[fast]") {
  PeerIndex index(4, 64, kSeed);
  const std::vector<IpAddress> addrs = {
      IpAddress::V4(10, 0, 0, 1), IpAddress::V4(10, 0, 1, 1), V6(1), V6(2)};
  for (const IpAddress& a : addrs) {
    REQUIRE(index.Insert(Key(a, 2905, 2905), 2) == PeerInsertResult::kInserted);
  }
  // Another association on the same ports from another peer.
  REQUIRE(index.Insert(Key(IpAddress::V4(10, 9, 9, 9), 2905, 2905), 3) ==
          PeerInsertResult::kInserted);
  for (const IpAddress& a : addrs) {
    CHECK(index.Find(Key(a, 2905, 2905)) == 2u);
  }
  CHECK(SameAddresses(index.AddressesOf(2), addrs));
  CHECK(index.size() == 5);

  SECTION("erasing one address keeps the others") {
    REQUIRE(index.Erase(Key(addrs[1], 2905, 2905)) == 2u);
    CHECK_FALSE(index.Find(Key(addrs[1], 2905, 2905)).has_value());
    CHECK(index.Find(Key(addrs[0], 2905, 2905)) == 2u);
    CHECK(index.Find(Key(addrs[3], 2905, 2905)) == 2u);
    CHECK(SameAddresses(index.AddressesOf(2), {addrs[0], addrs[2], addrs[3]}));
  }
  SECTION("EraseSlot removes every key of the slot and no other") {
    CHECK(index.EraseSlot(2) == 4);
    for (const IpAddress& a : addrs) {
      CHECK_FALSE(index.Find(Key(a, 2905, 2905)).has_value());
    }
    CHECK(index.Find(Key(IpAddress::V4(10, 9, 9, 9), 2905, 2905)) == 3u);
    CHECK(index.AddressesOf(2).empty());
    CHECK(index.size() == 1);
    CHECK(index.EraseSlot(2) == 0);
    // The slot is free for an association with other ports.
    CHECK(index.Insert(Key(addrs[0], 1, 2), 2) == PeerInsertResult::kInserted);
  }
  CHECK(index.IsConsistent());
}

TEST_CASE("PeerIndex: insert rejections change nothing", "[fast]") {
  PeerIndex index(4, 12, kSeed);
  const IpAddress a = IpAddress::V4(192, 0, 2, 1);
  REQUIRE(index.Insert(Key(a, 100, 200), 0) == PeerInsertResult::kInserted);

  CHECK(index.Insert(Key(IpAddress{}, 100, 200), 1) ==
        PeerInsertResult::kInvalidKey);
  CHECK(index.Insert(Key(V6(1), 100, 200), 4) ==
        PeerInsertResult::kInvalidSlot);
  // The key belongs to slot 0: neither slot 0 nor slot 1 may add it.
  CHECK(index.Insert(Key(a, 100, 200), 0) == PeerInsertResult::kDuplicate);
  CHECK(index.Insert(Key(a, 100, 200), 1) == PeerInsertResult::kDuplicate);
  // One association, one pair of ports.
  CHECK(index.Insert(Key(V6(1), 101, 200), 0) ==
        PeerInsertResult::kPortMismatch);
  CHECK(index.Insert(Key(V6(1), 100, 201), 0) ==
        PeerInsertResult::kPortMismatch);
  CHECK(index.size() == 1);
  CHECK(index.Find(Key(a, 100, 200)) == 0u);
  CHECK(index.IsConsistent());

  SECTION("a slot holds at most kMaxAddressesPerSlot keys") {
    for (uint16_t i = 1; i < PeerIndex::kMaxAddressesPerSlot; ++i) {
      REQUIRE(index.Insert(Key(V6(i), 100, 200), 0) ==
              PeerInsertResult::kInserted);
    }
    CHECK(index.Insert(Key(V6(99), 100, 200), 0) ==
          PeerInsertResult::kSlotFull);
    CHECK(index.AddressesOf(0).size() == PeerIndex::kMaxAddressesPerSlot);
  }
  SECTION("the table holds at most max_keys keys") {
    for (uint16_t i = 1; i < 8; ++i) {
      REQUIRE(index.Insert(Key(V6(i), 100, 200), 0) ==
              PeerInsertResult::kInserted);
    }
    for (uint16_t i = 1; i <= 4; ++i) {
      REQUIRE(index.Insert(Key(V6(i), 7, 8), 1) == PeerInsertResult::kInserted);
    }
    CHECK(index.size() == 12);
    CHECK(index.Insert(Key(V6(9), 7, 8), 1) == PeerInsertResult::kTableFull);
    // A present key is still reported as a duplicate.
    CHECK(index.Insert(Key(V6(1), 7, 8), 1) == PeerInsertResult::kDuplicate);
    REQUIRE(index.Erase(Key(V6(1), 7, 8)) == 1u);
    CHECK(index.Insert(Key(V6(9), 7, 8), 1) == PeerInsertResult::kInserted);
  }
  CHECK(index.IsConsistent());
}

TEST_CASE("PeerIndex: ToString names every insert result", "[fast]") {
  CHECK(ToString(PeerInsertResult::kInserted) == "inserted");
  CHECK(ToString(PeerInsertResult::kDuplicate) == "duplicate");
  CHECK(ToString(PeerInsertResult::kInvalidKey) == "invalid key");
  CHECK(ToString(PeerInsertResult::kInvalidSlot) == "invalid slot");
  CHECK(ToString(PeerInsertResult::kPortMismatch) == "port mismatch");
  CHECK(ToString(PeerInsertResult::kSlotFull) == "slot full");
  CHECK(ToString(PeerInsertResult::kTableFull) == "table full");
}

TEST_CASE("PeerIndex: backward shift around the wrap-around", "[fast]") {
  // 4 keys in 8 buckets: find keys whose home is the last bucket.
  PeerIndex index(4, 4, kSeed);
  REQUIRE(index.bucket_count() == 8);
  std::vector<PeerKey> at7;
  PeerKey at0;
  bool have0 = false;
  for (uint16_t port = 1; at7.size() < 3 || !have0; ++port) {
    const PeerKey k = Key(IpAddress::V4(198, 51, 100, 7), port, 9);
    const uint32_t home = index.HomeBucket(k);
    if (home == 7 && at7.size() < 3) {
      at7.push_back(k);
    } else if (home == 0 && !have0) {
      at0 = k;
      have0 = true;
    }
  }
  REQUIRE(index.Insert(at7[0], 0) == PeerInsertResult::kInserted);
  REQUIRE(index.Insert(at7[1], 1) == PeerInsertResult::kInserted);
  REQUIRE(index.Insert(at7[2], 2) == PeerInsertResult::kInserted);
  REQUIRE(index.Insert(at0, 3) == PeerInsertResult::kInserted);
  CHECK(index.BucketOf(at7[0]) == 7u);
  CHECK(index.BucketOf(at7[1]) == 0u);
  CHECK(index.BucketOf(at7[2]) == 1u);
  CHECK(index.BucketOf(at0) == 2u);
  CHECK(index.MaxDisplacement() == 2);
  REQUIRE(index.Erase(at7[0]) == 0u);
  CHECK(index.BucketOf(at7[1]) == 7u);
  CHECK(index.BucketOf(at7[2]) == 0u);
  CHECK(index.BucketOf(at0) == 1u);
  REQUIRE(index.EraseSlot(2) == 1);
  CHECK(index.BucketOf(at7[1]) == 7u);
  CHECK(index.BucketOf(at0) == 0u);
  CHECK(index.IsConsistent());
}

// Random multi-homed associations come and go; the index must agree with a
// std::map model throughout.
TEST_CASE("PeerIndex: random multi-homed workload matches a model", "[fast]") {
  constexpr uint32_t kSlots = 64;
  PeerIndex index(kSlots, 200, kSeed);
  using ModelKey =
      std::tuple<uint8_t, std::array<uint8_t, 16>, uint16_t, uint16_t>;
  std::map<ModelKey, uint32_t> model;
  const auto mk = [](const PeerKey& k) {
    return ModelKey(static_cast<uint8_t>(k.peer_address.family),
                    k.peer_address.bytes, k.peer_port, k.local_port);
  };
  std::vector<std::vector<PeerKey>> slot_keys(kSlots);
  std::mt19937 rng(42);
  // A small address and port space, so that duplicates happen.
  const auto random_key = [&rng](uint16_t peer_port, uint16_t local_port) {
    const uint32_t r = rng();
    const IpAddress a = (r & 1) ? IpAddress::V4(10, 0, 0, (r >> 1) % 40)
                                : V6(static_cast<uint16_t>((r >> 1) % 40));
    return Key(a, peer_port, local_port);
  };
  for (int i = 0; i < 20'000; ++i) {
    const uint32_t slot = rng() % kSlots;
    std::vector<PeerKey>& keys = slot_keys[slot];
    const int op = static_cast<int>(rng() % 10);
    if (op < 5) {
      const uint16_t pp = keys.empty() ? static_cast<uint16_t>(1 + rng() % 3)
                                       : keys[0].peer_port;
      const uint16_t lp = keys.empty() ? static_cast<uint16_t>(1 + rng() % 2)
                                       : keys[0].local_port;
      const PeerKey k = random_key(pp, lp);
      PeerInsertResult expect = PeerInsertResult::kInserted;
      if (model.count(mk(k))) {
        expect = PeerInsertResult::kDuplicate;
      } else if (keys.size() == PeerIndex::kMaxAddressesPerSlot) {
        expect = PeerInsertResult::kSlotFull;
      } else if (model.size() == 200) {
        expect = PeerInsertResult::kTableFull;
      }
      REQUIRE(index.Insert(k, slot) == expect);
      if (expect == PeerInsertResult::kInserted) {
        model[mk(k)] = slot;
        keys.push_back(k);
      }
    } else if (op < 7 && !keys.empty()) {
      const size_t j = rng() % keys.size();
      REQUIRE(index.Erase(keys[j]) == slot);
      model.erase(mk(keys[j]));
      keys.erase(keys.begin() + static_cast<std::ptrdiff_t>(j));
    } else if (op < 8) {
      REQUIRE(index.EraseSlot(slot) == keys.size());
      for (const PeerKey& k : keys) {
        model.erase(mk(k));
      }
      keys.clear();
    } else {
      const PeerKey k = random_key(static_cast<uint16_t>(1 + rng() % 3),
                                   static_cast<uint16_t>(1 + rng() % 2));
      const auto it = model.find(mk(k));
      if (it == model.end()) {
        REQUIRE_FALSE(index.Find(k).has_value());
      } else {
        REQUIRE(index.Find(k) == it->second);
      }
    }
    REQUIRE(index.size() == model.size());
    if (i % 101 == 0) {
      REQUIRE(index.IsConsistent());
    }
  }
  REQUIRE(index.IsConsistent());
  for (uint32_t s = 0; s < kSlots; ++s) {
    std::vector<IpAddress> want;
    for (const PeerKey& k : slot_keys[s]) {
      want.push_back(k.peer_address);
      REQUIRE(index.Find(k) == s);
    }
    REQUIRE(SameAddresses(index.AddressesOf(s), want));
  }
}

TEST_CASE("PeerIndex: the seed changes the bucket", "[fast]") {
  PeerIndex a(1, 1024, kSeed);
  PeerIndex b(1, 1024, PeerIndexSeed{1, 2});
  int same = 0;
  for (uint16_t port = 1; port <= 200; ++port) {
    const PeerKey k = Key(IpAddress::V4(192, 0, 2, 1), port, 80);
    same += a.HomeBucket(k) == b.HomeBucket(k) ? 1 : 0;
  }
  CHECK(same < 10);  // about 200/2048 expected
}

}  // namespace
}  // namespace dpsctp::endpoint
