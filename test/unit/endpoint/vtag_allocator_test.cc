#include "endpoint/vtag_allocator.h"

#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "endpoint/assoc_table.h"

namespace dpsctp::endpoint {
namespace {

constexpr uint64_t kShardKey = 0x0ddba11cafef00dull;

TimePoint At(int64_t seconds) {
  return TimePoint::FromNanos(Duration::Seconds(seconds).nanos());
}

// Returns the values of `seq` in order, then repeats the last one; counts
// the calls.
struct SequenceSource {
  std::vector<uint32_t> seq;
  size_t calls = 0;

  uint32_t operator()() {
    const uint32_t v = seq[calls < seq.size() ? calls : seq.size() - 1];
    ++calls;
    return v;
  }
};

bool NeverInUse(VerificationTag) { return false; }

TEST_CASE("ShardMap: keyed hash spreads tags evenly over shards", "[fast]") {
  const ShardMap map = ShardMap::KeyedHash(4, kShardKey);
  CHECK(map.kind() == ShardMap::Kind::kKeyedHash);
  CHECK(map.shard_count() == 4);
  CHECK(map.tag_mask() == 0);
  std::vector<int> counts(4, 0);
  for (uint32_t t = 1; t <= 40'000; ++t) {
    const ShardId s = map.ShardOf(VerificationTag(t));
    REQUIRE(s.value() < 4);
    ++counts[s.value()];
  }
  for (int c : counts) {
    CHECK(c > 9'500);
    CHECK(c < 10'500);
  }
  // Pure: same inputs, same shard; another key, another mapping.
  CHECK(ShardOfKeyedHash(VerificationTag(77), kShardKey, 4) ==
        map.ShardOf(VerificationTag(77)));
  int moved = 0;
  for (uint32_t t = 1; t <= 1000; ++t) {
    moved += ShardOfKeyedHash(VerificationTag(t), kShardKey, 4) !=
                     ShardOfKeyedHash(VerificationTag(t), kShardKey + 1, 4)
                 ? 1
                 : 0;
  }
  CHECK(moved > 600);  // about 750 expected
  // One shard owns everything.
  CHECK(ShardOfKeyedHash(VerificationTag(0xffffffff), kShardKey, 1) ==
        ShardId(0));
}

TEST_CASE("ShardMap: tag bits select the shard", "[fast]") {
  const ShardMap map = ShardMap::TagBits(4, 8);
  CHECK(map.kind() == ShardMap::Kind::kTagBits);
  CHECK(map.bit_count() == 2);
  CHECK(map.first_bit() == 8);
  CHECK(map.tag_mask() == 0x300u);
  CHECK(map.ShardOf(VerificationTag(0x12345678)) == ShardId(2));  // 0x6 & 3
  CHECK(map.ShardOf(VerificationTag(0x000001ff)) == ShardId(1));
  CHECK(ShardOfTagBits(VerificationTag(0xc0000000), 30, 2) == ShardId(3));
  CHECK(ShardOfTagBits(VerificationTag(0xffffffff), 0, 0) == ShardId(0));
  // PlaceInShard overwrites exactly the shard's bits.
  CHECK(map.PlaceInShard(0xffffffff, ShardId(0)) == 0xfffffcffu);
  CHECK(map.PlaceInShard(0x00000000, ShardId(3)) == 0x00000300u);
  // Three shards need two bits; value 3 names no shard.
  const ShardMap three = ShardMap::TagBits(3, 0);
  CHECK(three.bit_count() == 2);
  CHECK(three.ShardOf(VerificationTag(3)) == ShardId(3));
  // A single shard uses no bits.
  const ShardMap one = ShardMap::TagBits(1, 31);
  CHECK(one.bit_count() == 0);
  CHECK(one.tag_mask() == 0);
  CHECK(one.PlaceInShard(0x80000001, ShardId(0)) == 0x80000001u);
  CHECK(one.ShardOf(VerificationTag(0xffffffff)) == ShardId(0));
}

TEST_CASE("VtagAllocator: tags are never 0 and land in the shard", "[fast]") {
  const ShardMap map =
      GENERATE(ShardMap::KeyedHash(4, kShardKey), ShardMap::TagBits(4, 0),
               ShardMap::TagBits(4, 30));
  VtagAllocator alloc(map);
  std::mt19937 rng(99);
  // Zero is drawn often, to exercise its rejection.
  const auto random = [&rng]() -> uint32_t {
    const uint32_t r = rng();
    return (r & 0xf) == 0 ? 0 : r;
  };
  AssocTable table(4'000, 1);
  for (uint16_t s = 0; s < 4; ++s) {
    for (int i = 0; i < 1'000; ++i) {
      const std::optional<VerificationTag> tag =
          alloc.Allocate(At(0), ShardId(s), random, table);
      REQUIRE(tag.has_value());
      REQUIRE(tag->value() != 0);
      REQUIRE(map.ShardOf(*tag) == ShardId(s));
      REQUIRE(table.Insert(*tag, static_cast<uint32_t>(i)));
    }
  }
  CHECK(alloc.counters().allocated == 4'000);
  CHECK(alloc.counters().failures == 0);
  CHECK(alloc.counters().rejected_zero > 0);
  if (map.kind() == ShardMap::Kind::kKeyedHash) {
    CHECK(alloc.counters().rejected_other_shard > 4'000);
  } else {
    CHECK(alloc.counters().rejected_other_shard == 0);
  }
}

TEST_CASE("VtagAllocator: the tag of shard 0 with tag bits 0 is not 0",
          "[fast]") {
  // With tag bits at the bottom, a draw of 0 stays 0 for shard 0 and must
  // be rejected; the next draw is accepted.
  VtagAllocator alloc(ShardMap::TagBits(4, 0));
  SequenceSource src{{0, 0x100}};
  const std::optional<VerificationTag> tag =
      alloc.Allocate(At(0), ShardId(0), src, NeverInUse);
  REQUIRE(tag.has_value());
  CHECK(tag->value() == 0x100u);
  CHECK(src.calls == 2);
  CHECK(alloc.counters().rejected_zero == 1);
}

TEST_CASE("VtagAllocator: rejects tags in use", "[fast]") {
  VtagAllocator alloc(ShardMap::KeyedHash(1, kShardKey));
  AssocTable table(8, 1);
  REQUIRE(table.Insert(VerificationTag(111), 0));
  REQUIRE(table.Insert(VerificationTag(222), 1));
  SequenceSource src{{111, 222, 111, 333}};
  const std::optional<VerificationTag> tag =
      alloc.Allocate(At(0), ShardId(0), src, table);
  REQUIRE(tag == VerificationTag(333));
  CHECK(src.calls == 4);
  CHECK(alloc.counters().rejected_in_use == 3);

  SECTION("with a callback instead of a table") {
    SequenceSource src2{{5, 6, 7}};
    int asked = 0;
    const std::optional<VerificationTag> t2 =
        alloc.Allocate(At(0), ShardId(0), src2, [&asked](VerificationTag t) {
          ++asked;
          return t.value() < 7;
        });
    CHECK(t2 == VerificationTag(7));
    CHECK(asked == 3);
  }
}

TEST_CASE("VtagAllocator: attempts are bounded", "[fast]") {
  SECTION("a source stuck on 0") {
    VtagAllocator alloc(ShardMap::KeyedHash(4, kShardKey));
    SequenceSource src{{0}};
    CHECK_FALSE(alloc.Allocate(At(0), ShardId(0), src, NeverInUse).has_value());
    CHECK(alloc.max_attempts() == 128);  // default: 32 per shard
    CHECK(src.calls == 128);
    CHECK(alloc.counters().failures == 1);
    CHECK(alloc.counters().rejected_zero == 128);
  }
  SECTION("a source stuck on another shard's tag") {
    const ShardMap map = ShardMap::KeyedHash(4, kShardKey);
    uint32_t other = 1;
    while (map.ShardOf(VerificationTag(other)) == ShardId(2)) {
      ++other;
    }
    VtagAllocatorOptions options;
    options.max_attempts = 10;
    VtagAllocator alloc(map, options);
    SequenceSource src{{other}};
    CHECK_FALSE(alloc.Allocate(At(0), ShardId(2), src, NeverInUse).has_value());
    CHECK(src.calls == 10);
    CHECK(alloc.counters().rejected_other_shard == 10);
  }
  SECTION("a source stuck on a tag in use (tag bits)") {
    VtagAllocator alloc(ShardMap::TagBits(2, 31));
    CHECK(alloc.max_attempts() == 32);
    SequenceSource src{{0x1234}};
    int asked = 0;
    CHECK_FALSE(alloc
                    .Allocate(At(0), ShardId(1), src,
                              [&asked](VerificationTag t) {
                                ++asked;
                                return t.value() == 0x80001234u;
                              })
                    .has_value());
    CHECK(src.calls == 32);
    CHECK(asked == 32);
  }
  SECTION("a source stuck on a quarantined tag") {
    VtagAllocator alloc(ShardMap::KeyedHash(1, kShardKey));
    alloc.Release(At(0), VerificationTag(42));
    SequenceSource src{{42}};
    CHECK_FALSE(alloc.Allocate(At(1), ShardId(0), src, NeverInUse).has_value());
    CHECK(src.calls == alloc.max_attempts());
    CHECK(alloc.counters().rejected_quarantined == alloc.max_attempts());
  }
  SECTION("a shard that does not exist") {
    VtagAllocator alloc(ShardMap::KeyedHash(4, kShardKey));
    SequenceSource src{{1}};
    CHECK_FALSE(alloc.Allocate(At(0), ShardId(4), src, NeverInUse).has_value());
    CHECK(src.calls == 0);
  }
}

TEST_CASE("VtagAllocator: default quarantine is 2 x Valid.Cookie.Life",
          "[fast]") {
  CHECK(kDefaultTagQuarantine == Duration::Seconds(120));
  CHECK(kDefaultTagQuarantine == 2 * assoc::kDefaultValidCookieLife);
  CHECK(TagQuarantineFor(Duration::Seconds(300), Duration::Seconds(120)) ==
        Duration::Seconds(300));
  VtagAllocator alloc(ShardMap::KeyedHash(1, kShardKey));
  CHECK(alloc.quarantine() == kDefaultTagQuarantine);
}

TEST_CASE("VtagAllocator: a released tag is quarantined, then reusable",
          "[fast]") {
  VtagAllocatorOptions options;
  options.quarantine = Duration::Seconds(120);
  VtagAllocator alloc(ShardMap::KeyedHash(1, kShardKey), options);
  const VerificationTag tag(0xabcdef01);
  alloc.Release(At(1000), tag);
  CHECK(alloc.quarantine_size() == 1);
  CHECK(alloc.IsQuarantined(At(1000), tag));
  CHECK(alloc.IsQuarantined(At(1119), tag));
  CHECK_FALSE(alloc.IsQuarantined(At(1120), tag));
  CHECK_FALSE(alloc.IsQuarantined(At(1000), VerificationTag(5)));

  // Within the period, a draw of the tag is rejected and the next taken.
  SequenceSource src{{tag.value(), 77}};
  CHECK(alloc.Allocate(At(1119), ShardId(0), src, NeverInUse) ==
        VerificationTag(77));
  CHECK(alloc.counters().rejected_quarantined == 1);
  // Once the period is over the tag is accepted, and the ring is emptied.
  SequenceSource again{{tag.value()}};
  CHECK(alloc.Allocate(At(1120), ShardId(0), again, NeverInUse) == tag);
  CHECK(alloc.quarantine_size() == 0);
}

TEST_CASE("VtagAllocator: quarantine expires in release order", "[fast]") {
  VtagAllocatorOptions options;
  options.quarantine = Duration::Seconds(10);
  VtagAllocator alloc(ShardMap::KeyedHash(1, kShardKey), options);
  for (uint32_t i = 1; i <= 5; ++i) {
    alloc.Release(At(i), VerificationTag(i));  // tag i released at i s
  }
  CHECK(alloc.quarantine_size() == 5);
  alloc.ExpireQuarantine(At(13));  // 1, 2 and 3 are over
  CHECK(alloc.quarantine_size() == 2);
  CHECK_FALSE(alloc.IsQuarantined(At(13), VerificationTag(3)));
  CHECK(alloc.IsQuarantined(At(13), VerificationTag(4)));
  CHECK(alloc.IsQuarantined(At(13), VerificationTag(5)));
  alloc.ExpireQuarantine(At(100));
  CHECK(alloc.quarantine_size() == 0);
}

TEST_CASE("VtagAllocator: releasing again restarts the period", "[fast]") {
  VtagAllocatorOptions options;
  options.quarantine = Duration::Seconds(10);
  VtagAllocator alloc(ShardMap::KeyedHash(1, kShardKey), options);
  alloc.Release(At(0), VerificationTag(9));
  alloc.Release(At(1), VerificationTag(8));
  alloc.Release(At(5), VerificationTag(9));
  CHECK(alloc.quarantine_size() == 2);
  // The stale entry of 9 (released at 0) expires without freeing 9.
  alloc.ExpireQuarantine(At(10));
  CHECK(alloc.IsQuarantined(At(10), VerificationTag(9)));
  CHECK(alloc.IsQuarantined(At(10), VerificationTag(8)));
  alloc.ExpireQuarantine(At(11));
  CHECK_FALSE(alloc.IsQuarantined(At(11), VerificationTag(8)));
  CHECK(alloc.IsQuarantined(At(14), VerificationTag(9)));
  CHECK_FALSE(alloc.IsQuarantined(At(15), VerificationTag(9)));
  alloc.ExpireQuarantine(At(15));
  CHECK(alloc.quarantine_size() == 0);
}

TEST_CASE("VtagAllocator: a full quarantine evicts the oldest tag", "[fast]") {
  VtagAllocatorOptions options;
  options.quarantine = Duration::Seconds(100);
  options.quarantine_capacity = 3;
  VtagAllocator alloc(ShardMap::KeyedHash(1, kShardKey), options);
  for (uint32_t i = 1; i <= 3; ++i) {
    alloc.Release(At(i), VerificationTag(i));
  }
  CHECK(alloc.counters().quarantine_evictions == 0);
  alloc.Release(At(4), VerificationTag(4));
  CHECK(alloc.counters().quarantine_evictions == 1);
  CHECK(alloc.quarantine_size() == 3);
  CHECK_FALSE(alloc.IsQuarantined(At(4), VerificationTag(1)));
  for (uint32_t i = 2; i <= 4; ++i) {
    CHECK(alloc.IsQuarantined(At(4), VerificationTag(i)));
  }
  // Keep cycling through the ring: membership stays exact.
  for (uint32_t i = 5; i <= 50; ++i) {
    alloc.Release(At(i), VerificationTag(i));
    REQUIRE(alloc.quarantine_size() == 3);
    REQUIRE(alloc.IsQuarantined(At(i), VerificationTag(i - 2)));
    REQUIRE_FALSE(alloc.IsQuarantined(At(i), VerificationTag(i - 3)));
  }
}

TEST_CASE("VtagAllocator: time going backwards does not break the ring",
          "[fast]") {
  VtagAllocatorOptions options;
  options.quarantine = Duration::Seconds(10);
  VtagAllocator alloc(ShardMap::KeyedHash(1, kShardKey), options);
  alloc.Release(At(100), VerificationTag(1));
  alloc.Release(At(50), VerificationTag(2));  // treated as released at 100
  CHECK(alloc.IsQuarantined(At(109), VerificationTag(2)));
  alloc.ExpireQuarantine(At(110));
  CHECK(alloc.quarantine_size() == 0);
}

TEST_CASE("VtagAllocator: a zero capacity or period disables quarantine",
          "[fast]") {
  VtagAllocatorOptions options;
  options.quarantine_capacity = 0;
  VtagAllocator no_room(ShardMap::KeyedHash(1, kShardKey), options);
  no_room.Release(At(0), VerificationTag(1));
  CHECK_FALSE(no_room.IsQuarantined(At(0), VerificationTag(1)));

  VtagAllocatorOptions zero;
  zero.quarantine = Duration::Zero();
  VtagAllocator no_time(ShardMap::KeyedHash(1, kShardKey), zero);
  no_time.Release(At(0), VerificationTag(1));
  CHECK(no_time.quarantine_size() == 0);
  CHECK_FALSE(no_time.IsQuarantined(At(0), VerificationTag(1)));
  // Tag 0 is never quarantined.
  VtagAllocator alloc(ShardMap::KeyedHash(1, kShardKey));
  alloc.Release(At(0), VerificationTag(0));
  CHECK(alloc.quarantine_size() == 0);
}

TEST_CASE("VtagAllocator: churn never reissues a live or quarantined tag",
          "[fast]") {
  // A small tag space (16 bits of randomness, 4 shards) so that collisions
  // with live and quarantined tags are frequent.
  VtagAllocatorOptions options;
  options.quarantine = Duration::Seconds(30);
  options.quarantine_capacity = 4096;
  const ShardMap map = ShardMap::KeyedHash(4, kShardKey);
  VtagAllocator alloc(map, options);
  AssocTable table(512, 3);
  std::vector<uint32_t> live;
  std::mt19937 rng(5);
  const auto random = [&rng]() -> uint32_t { return rng() & 0xffff; };
  std::map<uint32_t, int64_t> released_at;  // model of the quarantine
  for (int64_t step = 0; step < 20'000; ++step) {
    const TimePoint now = TimePoint::FromNanos(step * 10'000'000);  // 10 ms
    if (live.size() < 400 && rng() % 2 == 0) {
      const std::optional<VerificationTag> tag =
          alloc.Allocate(now, ShardId(1), random, table);
      if (!tag) {
        continue;
      }
      REQUIRE(map.ShardOf(*tag) == ShardId(1));
      const auto q = released_at.find(tag->value());
      if (q != released_at.end()) {
        REQUIRE(now.nanos() - q->second >= options.quarantine.nanos());
      }
      REQUIRE(table.Insert(*tag, 0));
      live.push_back(tag->value());
    } else if (!live.empty()) {
      const size_t k = rng() % live.size();
      const VerificationTag tag(live[k]);
      live[k] = live.back();
      live.pop_back();
      REQUIRE(table.Erase(tag).has_value());
      alloc.Release(now, tag);
      released_at[tag.value()] = now.nanos();
    }
  }
  CHECK(alloc.counters().rejected_quarantined > 0);
  CHECK(alloc.counters().rejected_in_use > 0);
  CHECK(alloc.counters().quarantine_evictions == 0);
}

}  // namespace
}  // namespace dpsctp::endpoint
