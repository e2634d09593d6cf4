// The shard's lookup tables (STYLE.md §10), at 10k and 100k associations,
// each table at its design load (capacity = the association count, so the
// buckets are half full):
//
//   BM_Endpoint_AssocTableFindHit/<n>       tag -> slot, tag present
//   BM_Endpoint_AssocTableFindMiss/<n>      tag -> slot, tag absent
//   BM_Endpoint_AssocTableFindBurst32/<n>   32 hits, Prefetch()ed first, as
//                                           a shard would over an RX burst
//   BM_Endpoint_AssocTableInsertErase/<n>   one insert + one erase, steady
//                                           state at n - 1 entries
//   BM_Endpoint_PeerIndexFindHit/<n>        (address, ports) -> slot
//   BM_Endpoint_SlotPoolAcquireRelease      one acquire + one release
//
// Run pinned, e.g.:
//   taskset -c 1 build/bench/endpoint/endpoint_bench
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// (one command line).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <unordered_set>
#include <vector>

#include "endpoint/assoc_table.h"
#include "endpoint/peer_index.h"

namespace dpsctp::endpoint {
namespace {

constexpr uint64_t kTableSeed = 0x9e3779b97f4a7c15ull;

// `n` distinct non-zero random tags (fixed seed).
std::vector<uint32_t> UniqueTags(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::unordered_set<uint32_t> seen;
  std::vector<uint32_t> tags;
  tags.reserve(n);
  while (tags.size() < n) {
    const uint32_t t = rng();
    if (t != 0 && seen.insert(t).second) {
      tags.push_back(t);
    }
  }
  return tags;
}

// A table with `n` random tags, and the tags in another random order.
struct Filled {
  AssocTable table;
  std::vector<uint32_t> present;
  std::vector<uint32_t> absent;
};

Filled Fill(uint32_t n) {
  std::vector<uint32_t> tags = UniqueTags(2 * size_t{n}, 1);
  Filled f{AssocTable(n, kTableSeed), {}, {}};
  f.present.assign(tags.begin(), tags.begin() + n);
  f.absent.assign(tags.begin() + n, tags.end());
  for (uint32_t i = 0; i < n; ++i) {
    if (!f.table.Insert(VerificationTag(f.present[i]), i)) {
      std::abort();
    }
  }
  std::shuffle(f.present.begin(), f.present.end(), std::mt19937(2));
  return f;
}

void BM_Endpoint_AssocTableFindHit(benchmark::State& state) {
  const Filled f = Fill(static_cast<uint32_t>(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    const std::optional<uint32_t> slot =
        f.table.Find(VerificationTag(f.present[i]));
    benchmark::DoNotOptimize(slot);
    i = i + 1 == f.present.size() ? 0 : i + 1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_Endpoint_AssocTableFindMiss(benchmark::State& state) {
  const Filled f = Fill(static_cast<uint32_t>(state.range(0)));
  size_t i = 0;
  for (auto _ : state) {
    const std::optional<uint32_t> slot =
        f.table.Find(VerificationTag(f.absent[i]));
    benchmark::DoNotOptimize(slot);
    i = i + 1 == f.absent.size() ? 0 : i + 1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_Endpoint_AssocTableFindBurst32(benchmark::State& state) {
  constexpr size_t kBurst = 32;
  const Filled f = Fill(static_cast<uint32_t>(state.range(0)));
  const size_t bursts = f.present.size() / kBurst;
  size_t b = 0;
  for (auto _ : state) {
    const uint32_t* tags = &f.present[b * kBurst];
    for (size_t k = 0; k < kBurst; ++k) {
      f.table.Prefetch(VerificationTag(tags[k]));
    }
    for (size_t k = 0; k < kBurst; ++k) {
      const std::optional<uint32_t> slot =
          f.table.Find(VerificationTag(tags[k]));
      benchmark::DoNotOptimize(slot);
    }
    b = b + 1 == bursts ? 0 : b + 1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(kBurst));
}

void BM_Endpoint_AssocTableInsertErase(benchmark::State& state) {
  const uint32_t n = static_cast<uint32_t>(state.range(0));
  // A sliding window of n - 1 live tags over a longer sequence: each step
  // inserts the tag entering the window and erases the one leaving it.
  const std::vector<uint32_t> seq = UniqueTags(size_t{n} + 65'536, 3);
  const size_t len = seq.size();
  AssocTable table(n, kTableSeed);
  for (uint32_t i = 0; i + 1 < n; ++i) {
    if (!table.Insert(VerificationTag(seq[i]), i)) {
      std::abort();
    }
  }
  size_t oldest = 0;
  size_t next = n - 1;
  for (auto _ : state) {
    const bool ok = table.Insert(VerificationTag(seq[next]), 0);
    const std::optional<uint32_t> gone =
        table.Erase(VerificationTag(seq[oldest]));
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(gone);
    oldest = oldest + 1 == len ? 0 : oldest + 1;
    next = next + 1 == len ? 0 : next + 1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_Endpoint_PeerIndexFindHit(benchmark::State& state) {
  const uint32_t n = static_cast<uint32_t>(state.range(0));
  PeerIndex index(n, n, PeerIndexSeed{1, 2});
  std::vector<PeerKey> keys;
  std::mt19937 rng(4);
  while (keys.size() < n) {
    PeerKey k;
    const uint32_t a = rng();
    k.peer_address =
        IpAddress::V4(10, static_cast<uint8_t>(a >> 16),
                      static_cast<uint8_t>(a >> 8), static_cast<uint8_t>(a));
    k.peer_port = static_cast<uint16_t>(1024 + rng() % 60'000);
    k.local_port = 3868;
    const uint32_t slot = static_cast<uint32_t>(keys.size());
    if (index.Insert(k, slot) == PeerInsertResult::kInserted) {
      keys.push_back(k);
    }
  }
  std::shuffle(keys.begin(), keys.end(), rng);
  size_t i = 0;
  for (auto _ : state) {
    const std::optional<uint32_t> slot = index.Find(keys[i]);
    benchmark::DoNotOptimize(slot);
    i = i + 1 == keys.size() ? 0 : i + 1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_Endpoint_SlotPoolAcquireRelease(benchmark::State& state) {
  SlotPool pool(100'000);
  for (auto _ : state) {
    const std::optional<uint32_t> slot = pool.Acquire();
    benchmark::DoNotOptimize(slot);
    pool.Release(*slot);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void Sizes(benchmark::internal::Benchmark* b) {
  for (int64_t n : {10'000, 100'000}) {
    b->Arg(n);
  }
}

BENCHMARK(BM_Endpoint_AssocTableFindHit)->Apply(Sizes);
BENCHMARK(BM_Endpoint_AssocTableFindMiss)->Apply(Sizes);
BENCHMARK(BM_Endpoint_AssocTableFindBurst32)->Apply(Sizes);
BENCHMARK(BM_Endpoint_AssocTableInsertErase)->Apply(Sizes);
BENCHMARK(BM_Endpoint_PeerIndexFindHit)->Apply(Sizes);
BENCHMARK(BM_Endpoint_SlotPoolAcquireRelease);

}  // namespace
}  // namespace dpsctp::endpoint

// One main for the whole endpoint_bench executable (this file and
// vtag_allocator_bench.cc).
BENCHMARK_MAIN();
