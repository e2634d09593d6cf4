#include "endpoint/assoc_table.h"

#include <cstdint>
#include <random>
#include <unordered_map>
#include <vector>

#include <catch2/catch.hpp>

namespace dpsctp::endpoint {
namespace {

constexpr uint64_t kSeed = 0x5eed5eed12345678ull;

// The first `n` non-zero tags whose home bucket is `bucket`.
std::vector<VerificationTag> TagsWithHome(const AssocTable& table,
                                          uint32_t bucket, size_t n) {
  std::vector<VerificationTag> tags;
  for (uint32_t t = 1; tags.size() < n; ++t) {
    if (table.HomeBucket(VerificationTag(t)) == bucket) {
      tags.push_back(VerificationTag(t));
    }
  }
  return tags;
}

TEST_CASE("AssocTable: sizes the buckets to twice the capacity", "[fast]") {
  CHECK(AssocTable(0, kSeed).bucket_count() == 2);
  CHECK(AssocTable(1, kSeed).bucket_count() == 2);
  CHECK(AssocTable(3, kSeed).bucket_count() == 8);
  CHECK(AssocTable(4, kSeed).bucket_count() == 8);
  CHECK(AssocTable(5, kSeed).bucket_count() == 16);
  CHECK(AssocTable(100'000, kSeed).bucket_count() == 262'144);
  AssocTable t(10, kSeed);
  CHECK(t.max_size() == 10);
  CHECK(t.size() == 0);
  CHECK(t.empty());
  CHECK_FALSE(t.full());
}

TEST_CASE("AssocTable: insert, find and erase one tag", "[fast]") {
  AssocTable t(16, kSeed);
  const VerificationTag tag(0xdeadbeef);
  CHECK_FALSE(t.Find(tag).has_value());
  REQUIRE(t.Insert(tag, 7));
  CHECK(t.Find(tag) == 7u);
  CHECK(t.Contains(tag));
  CHECK(t.size() == 1);
  CHECK(t.Erase(tag) == 7u);
  CHECK_FALSE(t.Find(tag).has_value());
  CHECK_FALSE(t.Erase(tag).has_value());
  CHECK(t.size() == 0);
  CHECK(t.IsConsistent());
}

TEST_CASE("AssocTable: rejects tag 0 and duplicates", "[fast]") {
  AssocTable t(16, kSeed);
  CHECK_FALSE(t.Insert(VerificationTag(0), 1));
  CHECK_FALSE(t.Find(VerificationTag(0)).has_value());
  CHECK_FALSE(t.Erase(VerificationTag(0)).has_value());
  REQUIRE(t.Insert(VerificationTag(5), 1));
  CHECK_FALSE(t.Insert(VerificationTag(5), 2));
  CHECK(t.Find(VerificationTag(5)) == 1u);  // unchanged
  CHECK(t.size() == 1);
}

TEST_CASE("AssocTable: a full table rejects inserts and recovers", "[fast]") {
  AssocTable t(100, kSeed);
  for (uint32_t i = 0; i < 100; ++i) {
    REQUIRE(t.Insert(VerificationTag(1000 + i), i));
  }
  CHECK(t.full());
  CHECK_FALSE(t.Insert(VerificationTag(5), 100));
  CHECK_FALSE(t.Contains(VerificationTag(5)));
  // A present tag is still reported as present (not as "full").
  CHECK_FALSE(t.Insert(VerificationTag(1000), 100));
  CHECK(t.size() == 100);
  for (uint32_t i = 0; i < 100; ++i) {
    CHECK(t.Find(VerificationTag(1000 + i)) == i);
  }
  REQUIRE(t.Erase(VerificationTag(1050)) == 50u);
  CHECK(t.Insert(VerificationTag(5), 100));
  CHECK(t.full());
  CHECK(t.IsConsistent());
  // Misses terminate: the table is never more than half full.
  CHECK_FALSE(t.Find(VerificationTag(6)).has_value());
}

TEST_CASE("AssocTable: backward shift around the wrap-around", "[fast]") {
  // 4 entries, 8 buckets. Three tags hash to the last bucket (7), one to
  // bucket 0: the cluster wraps to 7, 0, 1, 2.
  AssocTable t(4, kSeed);
  REQUIRE(t.bucket_count() == 8);
  const std::vector<VerificationTag> at7 = TagsWithHome(t, 7, 3);
  const VerificationTag d = TagsWithHome(t, 0, 1)[0];
  const VerificationTag a = at7[0], b = at7[1], c = at7[2];
  REQUIRE(t.Insert(a, 0));
  REQUIRE(t.Insert(b, 1));
  REQUIRE(t.Insert(c, 2));
  REQUIRE(t.Insert(d, 3));
  CHECK(t.BucketOf(a) == 7u);
  CHECK(t.BucketOf(b) == 0u);
  CHECK(t.BucketOf(c) == 1u);
  CHECK(t.BucketOf(d) == 2u);
  CHECK(t.ComputeProbeStats().max_displacement == 2);

  SECTION("erasing the head shifts everyone back, across the end") {
    REQUIRE(t.Erase(a) == 0u);
    CHECK(t.BucketOf(b) == 7u);
    CHECK(t.BucketOf(c) == 0u);
    CHECK(t.BucketOf(d) == 1u);  // home 0: moves from 2 to 1
  }
  SECTION("erasing in bucket 0 shifts only later entries") {
    REQUIRE(t.Erase(b) == 1u);
    CHECK(t.BucketOf(a) == 7u);
    CHECK(t.BucketOf(c) == 0u);
    CHECK(t.BucketOf(d) == 1u);
  }
  SECTION("an entry at its home is not moved before it") {
    // d's home is 0; erase c (at 1): d moves to 1, not further.
    REQUIRE(t.Erase(c) == 2u);
    CHECK(t.BucketOf(a) == 7u);
    CHECK(t.BucketOf(b) == 0u);
    CHECK(t.BucketOf(d) == 1u);
    REQUIRE(t.Erase(b) == 1u);
    CHECK(t.BucketOf(d) == 0u);  // now at its home
    CHECK(t.BucketOf(a) == 7u);
  }
  SECTION("erasing the tail leaves the others in place") {
    REQUIRE(t.Erase(d) == 3u);
    CHECK(t.BucketOf(a) == 7u);
    CHECK(t.BucketOf(b) == 0u);
    CHECK(t.BucketOf(c) == 1u);
  }
  CHECK(t.IsConsistent());
  uint32_t present = 0;
  for (VerificationTag tag : {a, b, c, d}) {
    present += t.Contains(tag) ? 1 : 0;
  }
  CHECK(t.size() == present);
}

TEST_CASE("AssocTable: an entry is not shifted before its home", "[fast]") {
  // Buckets 5, 6, 7 hold x (home 5), y (home 6), z (home 5, displaced to 7).
  // Erasing x: y stays at 6 (its home); z moves into 5.
  AssocTable t(4, kSeed);
  const std::vector<VerificationTag> at5 = TagsWithHome(t, 5, 2);
  const VerificationTag y = TagsWithHome(t, 6, 1)[0];
  REQUIRE(t.Insert(at5[0], 0));
  REQUIRE(t.Insert(y, 1));
  REQUIRE(t.Insert(at5[1], 2));
  REQUIRE(t.BucketOf(at5[1]) == 7u);
  REQUIRE(t.Erase(at5[0]) == 0u);
  CHECK(t.BucketOf(y) == 6u);
  CHECK(t.BucketOf(at5[1]) == 5u);
  CHECK(t.IsConsistent());
}

// Random workload against a std::unordered_map model. Small tag universes
// make hits, duplicates and long clusters common; small tables make the
// wrap-around common.
void RunModelWorkload(uint32_t capacity, uint32_t universe, int ops,
                      uint32_t seed) {
  AssocTable table(capacity, kSeed ^ seed);
  std::unordered_map<uint32_t, uint32_t> model;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<uint32_t> tag_dist(0, universe);
  std::uniform_int_distribution<int> op_dist(0, 9);
  for (int i = 0; i < ops; ++i) {
    const uint32_t raw = tag_dist(rng);
    const VerificationTag tag(raw);
    const int op = op_dist(rng);
    if (op < 4) {
      const uint32_t slot = rng();
      const bool expect =
          raw != 0 && model.count(raw) == 0 && model.size() < capacity;
      REQUIRE(table.Insert(tag, slot) == expect);
      if (expect) {
        model[raw] = slot;
      }
    } else if (op < 7) {
      const auto it = model.find(raw);
      const std::optional<uint32_t> erased = table.Erase(tag);
      if (it == model.end()) {
        REQUIRE_FALSE(erased.has_value());
      } else {
        REQUIRE(erased == it->second);
        model.erase(it);
      }
    } else {
      const auto it = model.find(raw);
      const std::optional<uint32_t> found = table.Find(tag);
      if (it == model.end()) {
        REQUIRE_FALSE(found.has_value());
      } else {
        REQUIRE(found == it->second);
      }
    }
    REQUIRE(table.size() == model.size());
    if (i % 97 == 0) {
      REQUIRE(table.IsConsistent());
    }
  }
  REQUIRE(table.IsConsistent());
  for (const auto& [raw, slot] : model) {
    REQUIRE(table.Find(VerificationTag(raw)) == slot);
  }
  size_t visited = 0;
  table.ForEach([&](VerificationTag tag, uint32_t slot) {
    ++visited;
    REQUIRE(model.at(tag.value()) == slot);
  });
  REQUIRE(visited == model.size());
}

TEST_CASE("AssocTable: random workload matches a std::unordered_map",
          "[fast]") {
  SECTION("tiny table, constant wrap-around") {
    RunModelWorkload(4, 24, 20'000, 1);
  }
  SECTION("small table, often full") { RunModelWorkload(64, 150, 20'000, 2); }
  SECTION("medium table") { RunModelWorkload(1000, 3000, 50'000, 3); }
  SECTION("sparse tags over the whole range") {
    RunModelWorkload(500, 0xffffffffu, 20'000, 4);
  }
}

TEST_CASE("AssocTable: clear empties the table", "[fast]") {
  AssocTable t(8, kSeed);
  REQUIRE(t.Insert(VerificationTag(1), 1));
  REQUIRE(t.Insert(VerificationTag(2), 2));
  t.Clear();
  CHECK(t.empty());
  CHECK_FALSE(t.Contains(VerificationTag(1)));
  CHECK(t.Insert(VerificationTag(1), 3));
  CHECK(t.IsConsistent());
}

TEST_CASE("AssocTable: probe lengths stay short at full load", "[fast]") {
  // 100k random tags at the maximum load (50 %): linear probing expects
  // about 0.5 * (1 + 1/(1-0.5)) = 1.5 probes per hit.
  AssocTable t(100'000, kSeed);
  std::mt19937 rng(7);
  uint32_t n = 0;
  while (n < 100'000) {
    if (t.Insert(VerificationTag(rng()), n)) {
      ++n;
    }
  }
  const AssocTable::ProbeStats stats = t.ComputeProbeStats();
  CHECK(static_cast<double>(stats.total_displacement) / n < 1.0);
  CHECK(stats.max_displacement < 64);
}

TEST_CASE("AssocTable: sequential tags do not cluster", "[fast]") {
  // Tags 1..n are the worst case for an identity hash; the keyed mix
  // spreads them.
  AssocTable t(10'000, kSeed);
  for (uint32_t i = 1; i <= 10'000; ++i) {
    REQUIRE(t.Insert(VerificationTag(i), i));
  }
  CHECK(t.ComputeProbeStats().max_displacement < 64);
  CHECK(static_cast<double>(t.ComputeProbeStats().total_displacement) / 10'000 <
        1.0);
}

TEST_CASE("SlotPool: hands out every slot once, in order", "[fast]") {
  SlotPool pool(4);
  CHECK(pool.capacity() == 4);
  CHECK(pool.available() == 4);
  for (uint32_t i = 0; i < 4; ++i) {
    const std::optional<uint32_t> s = pool.Acquire();
    REQUIRE(s == i);
    CHECK(pool.in_use(i));
  }
  CHECK_FALSE(pool.Acquire().has_value());
  CHECK(pool.in_use_count() == 4);
  CHECK(pool.available() == 0);
}

TEST_CASE("SlotPool: release makes a slot available again (LIFO)", "[fast]") {
  SlotPool pool(8);
  for (int i = 0; i < 8; ++i) {
    REQUIRE(pool.Acquire().has_value());
  }
  pool.Release(3);
  pool.Release(5);
  CHECK_FALSE(pool.in_use(3));
  CHECK(pool.available() == 2);
  CHECK(pool.Acquire() == 5u);
  CHECK(pool.Acquire() == 3u);
  CHECK_FALSE(pool.Acquire().has_value());
}

TEST_CASE("SlotPool: generation counts releases", "[fast]") {
  SlotPool pool(2);
  const uint32_t s = *pool.Acquire();
  CHECK(pool.generation(s) == 0);
  pool.Release(s);
  CHECK(pool.generation(s) == 1);
  REQUIRE(pool.Acquire() == s);
  CHECK(pool.generation(s) == 1);
  pool.Release(s);
  CHECK(pool.generation(s) == 2);
  CHECK(pool.generation(1) == 0);
}

TEST_CASE("SlotPool: random acquire and release keep the counts", "[fast]") {
  SlotPool pool(100);
  std::vector<uint32_t> held;
  std::vector<bool> model(100, false);
  std::mt19937 rng(11);
  for (int i = 0; i < 10'000; ++i) {
    if (rng() % 2 == 0) {
      const std::optional<uint32_t> s = pool.Acquire();
      REQUIRE(s.has_value() == (held.size() < 100));
      if (s) {
        REQUIRE_FALSE(model[*s]);
        model[*s] = true;
        held.push_back(*s);
      }
    } else if (!held.empty()) {
      const size_t k = rng() % held.size();
      const uint32_t s = held[k];
      held[k] = held.back();
      held.pop_back();
      pool.Release(s);
      model[s] = false;
    }
    REQUIRE(pool.in_use_count() == held.size());
  }
  for (uint32_t s = 0; s < 100; ++s) {
    REQUIRE(pool.in_use(s) == model[s]);
  }
  CHECK_FALSE(pool.in_use(100));
}

}  // namespace
}  // namespace dpsctp::endpoint
