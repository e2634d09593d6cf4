// Tag allocation for one of 4 shards (STYLE.md §10), with 10k live
// associations on the shard and 10k tags in quarantine, as in steady state:
//
//   BM_Endpoint_VtagAllocateKeyedHash/<shards>  keyed-hash sharding:
//                                               about <shards> draws each
//   BM_Endpoint_VtagAllocateTagBits/<shards>    tag-bits sharding: one draw
//   BM_Endpoint_VtagChurn/<shards>              allocate + insert, then
//                                               erase + release the oldest
//
// The random source is a xorshift64* generator, so that the numbers
// measure the allocator rather than the generator.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "endpoint/assoc_table.h"
#include "endpoint/vtag_allocator.h"

namespace dpsctp::endpoint {
namespace {

constexpr uint32_t kLive = 10'000;

struct XorShift64Star {
  uint64_t s = 0x853c49e6748fea9bull;

  uint32_t operator()() noexcept {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return static_cast<uint32_t>((s * 0x2545f4914f6cdd1dull) >> 32);
  }
};

TimePoint Now(int64_t step) { return TimePoint::FromNanos(step * 1'000); }

// An allocator whose shard 0 has kLive associations and kLive quarantined
// tags (released within the last quarantine period).
struct Shard {
  VtagAllocator alloc;
  AssocTable table;
  XorShift64Star rng;
};

Shard MakeShard(const ShardMap& map) {
  VtagAllocatorOptions options;
  options.quarantine_capacity = 2 * kLive;
  options.quarantine_seed = 7;
  Shard s{VtagAllocator(map, options), AssocTable(2 * kLive, 8), {}};
  for (uint32_t i = 0; i < 2 * kLive; ++i) {
    const std::optional<VerificationTag> tag =
        s.alloc.Allocate(Now(0), ShardId(0), s.rng, s.table);
    if (!tag || !s.table.Insert(*tag, i)) {
      std::abort();
    }
    if (i % 2 == 1) {
      (void)s.table.Erase(*tag);
      s.alloc.Release(Now(0), *tag);
    }
  }
  return s;
}

void RunAllocate(benchmark::State& state, const ShardMap& map) {
  Shard s = MakeShard(map);
  const uint16_t shards = static_cast<uint16_t>(map.shard_count());
  uint16_t shard = 0;
  for (auto _ : state) {
    const std::optional<VerificationTag> tag =
        s.alloc.Allocate(Now(1), ShardId(shard), s.rng, s.table);
    benchmark::DoNotOptimize(tag);
    shard = static_cast<uint16_t>(shard + 1 == shards ? 0 : shard + 1);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["draws_per_tag"] =
      static_cast<double>(s.alloc.counters().allocated +
                          s.alloc.counters().rejected_zero +
                          s.alloc.counters().rejected_other_shard +
                          s.alloc.counters().rejected_quarantined +
                          s.alloc.counters().rejected_in_use) /
      static_cast<double>(s.alloc.counters().allocated);
}

void BM_Endpoint_VtagAllocateKeyedHash(benchmark::State& state) {
  RunAllocate(state, ShardMap::KeyedHash(static_cast<uint32_t>(state.range(0)),
                                         0x1234));
}

void BM_Endpoint_VtagAllocateTagBits(benchmark::State& state) {
  RunAllocate(state,
              ShardMap::TagBits(static_cast<uint32_t>(state.range(0)), 0));
}

// The full life of a tag on shard 0: allocate, insert; the oldest live
// association ends: erase, release into quarantine.
void BM_Endpoint_VtagChurn(benchmark::State& state) {
  Shard s = MakeShard(
      ShardMap::KeyedHash(static_cast<uint32_t>(state.range(0)), 0x1234));
  std::vector<uint32_t> live;
  s.table.ForEach(
      [&live](VerificationTag t, uint32_t) { live.push_back(t.value()); });
  size_t oldest = 0;
  int64_t step = 1;
  for (auto _ : state) {
    const TimePoint now = Now(step++);
    const std::optional<VerificationTag> tag =
        s.alloc.Allocate(now, ShardId(0), s.rng, s.table);
    if (!tag || !s.table.Insert(*tag, 0)) {
      state.SkipWithError("allocation failed");
      break;
    }
    (void)s.table.Erase(VerificationTag(live[oldest]));
    s.alloc.Release(now, VerificationTag(live[oldest]));
    live[oldest] = tag->value();
    oldest = oldest + 1 == live.size() ? 0 : oldest + 1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

BENCHMARK(BM_Endpoint_VtagAllocateKeyedHash)->Arg(4);
BENCHMARK(BM_Endpoint_VtagAllocateTagBits)->Arg(4);
BENCHMARK(BM_Endpoint_VtagChurn)->Arg(4);

}  // namespace
}  // namespace dpsctp::endpoint
