#include <catch2/catch.hpp>

#include "test/support/quiet_check.h"

#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "rx/data_tracker.h"

namespace dpsctp::rx {
namespace {

using Block = DataTracker::GapBlock;
using Obs = DataTracker::Observation;

std::vector<Block> Blocks(const DataTracker& t) {
  std::vector<Block> v(t.gap_block_count());
  t.CopyGapBlocks(v);
  return v;
}

TEST_CASE("DataTracker: the RFC 9260 §3.3.4 example", "[fast]") {
  DataTracker t(Tsn(9));
  for (uint32_t tsn : {10u, 11u, 12u, 14u, 15u, 17u}) {
    QCHECK(t.Observe(Tsn(tsn)) == Obs::kNew);
  }
  QCHECK(t.cumulative_tsn() == Tsn(12));
  QCHECK(Blocks(t) == std::vector<Block>{{2, 3}, {5, 5}});
  QCHECK(t.duplicates().empty());
  QCHECK(t.ShouldSackImmediately());  // §6.7: gaps are reported at once
  QCHECK(t.highest_received() == Tsn(17));
}

TEST_CASE("DataTracker: filling the holes moves the cumulative point", "[fast]") {
  DataTracker t(Tsn(9));
  for (uint32_t tsn : {10u, 11u, 12u, 14u, 15u, 17u, 13u}) t.Observe(Tsn(tsn));
  QCHECK(t.cumulative_tsn() == Tsn(15));
  QCHECK(Blocks(t) == std::vector<Block>{{2, 2}});
  QCHECK(t.Observe(Tsn(16)) == Obs::kNew);
  QCHECK(t.cumulative_tsn() == Tsn(17));
  CHECK_FALSE(t.has_gaps());
}

TEST_CASE("DataTracker: duplicates are listed once per extra arrival (§3.3.4)", "[fast]") {
  DataTracker t(Tsn(9));
  for (uint32_t tsn : {10u, 11u, 12u, 13u, 14u, 15u, 16u, 17u, 18u, 19u}) t.Observe(Tsn(tsn));
  // "if a receiver were to get the TSN 19 three times, it would list 19
  // twice in the outbound SACK chunk."
  QCHECK(t.Observe(Tsn(19)) == Obs::kDuplicate);
  QCHECK(t.Observe(Tsn(19)) == Obs::kDuplicate);
  QCHECK(t.duplicates().size() == 2);
  QCHECK(t.duplicates()[1] == Tsn(19));
  QCHECK(t.ShouldSackImmediately());
  t.OnSackSent();
  QCHECK(t.duplicates().empty());
  // "After sending the SACK chunk, if it received yet one more TSN 19, it
  // would list 19 as a duplicate once in the next outgoing SACK chunk."
  QCHECK(t.Observe(Tsn(19)) == Obs::kDuplicate);
  QCHECK(t.duplicates().size() == 1);
}

TEST_CASE("DataTracker: a TSN held above a gap is a duplicate too", "[fast]") {
  DataTracker t(Tsn(0));
  t.Observe(Tsn(5));
  QCHECK(t.Observe(Tsn(5)) == Obs::kDuplicate);
  QCHECK(t.duplicates().size() == 1);
}

TEST_CASE("DataTracker: works across the 2^32 wrap", "[fast]") {
  DataTracker t(Tsn(0xfffffffd));
  QCHECK(t.Observe(Tsn(0xffffffff)) == Obs::kNew);
  QCHECK(t.Observe(Tsn(1)) == Obs::kNew);
  QCHECK(Blocks(t) == std::vector<Block>{{2, 2}, {4, 4}});
  QCHECK(t.Observe(Tsn(0xfffffffe)) == Obs::kNew);
  QCHECK(t.Observe(Tsn(0)) == Obs::kNew);
  QCHECK(t.cumulative_tsn() == Tsn(1));
  QCHECK(t.Observe(Tsn(0xfffffff0)) == Obs::kDuplicate);  // behind
}

TEST_CASE("DataTracker: TSNs beyond the window or the block limit are refused", "[fast]") {
  DataTracker t(Tsn(100), /*max_blocks=*/2, /*max_window=*/1000);
  QCHECK(t.Observe(Tsn(1101)) == Obs::kOutOfWindow);
  QCHECK(t.Classify(Tsn(1100)) == Obs::kNew);
  QCHECK(t.Observe(Tsn(1100)) == Obs::kNew);
  QCHECK(t.Classify(Tsn(1100)) == Obs::kDuplicate);
  QCHECK(t.Observe(Tsn(500)) == Obs::kNew);
  QCHECK(t.Classify(Tsn(300)) == Obs::kOutOfWindow);
  QCHECK(t.Observe(Tsn(300)) == Obs::kOutOfWindow);  // a third block
  QCHECK(t.Observe(Tsn(501)) == Obs::kNew);           // extends a block
  QCHECK(t.Observe(Tsn(101)) == Obs::kNew);           // the cumulative point
  QCHECK(t.cumulative_tsn() == Tsn(101));
  QCHECK(t.gap_block_count() == 2);
}

TEST_CASE("DataTracker: random arrivals agree with a set model", "[fast]") {
  for (uint32_t seed = 1; seed <= 50; ++seed) {
    std::mt19937 rng(seed);
    const uint32_t base = rng();
    DataTracker t(Tsn(base), 64, 4000, 64);
    std::set<uint32_t> received;  // offsets from base + 1
    uint32_t cum = 0;             // offset of the cumulative point
    for (int i = 0; i < 3000; ++i) {
      uint32_t off = 1 + rng() % 300 + (cum > 50 ? cum - 50 : 0);
      const Obs predicted = t.Classify(Tsn(base + off));
      Obs o = t.Observe(Tsn(base + off));
      QREQUIRE(predicted == o);
      bool dup = off <= cum || received.count(off);
      INFO("seed " << seed << " offset " << off);
      if (dup) {
        QREQUIRE(o == Obs::kDuplicate);
        continue;
      }
      if (o == Obs::kOutOfWindow) continue;  // block limit: fine to refuse
      QREQUIRE(o == Obs::kNew);
      received.insert(off);
      while (received.count(cum + 1)) received.erase(++cum);
      QREQUIRE(t.cumulative_tsn() == Tsn(base + cum));
      // Blocks must be exactly the runs of `received`.
      std::vector<Block> expected;
      for (uint32_t x : received) {
        uint16_t rel = static_cast<uint16_t>(x - cum);
        if (!expected.empty() && expected.back().end + 1 == rel) {
          expected.back().end = rel;
        } else {
          expected.push_back({rel, rel});
        }
      }
      QREQUIRE(Blocks(t) == expected);
    }
  }
}

TEST_CASE("DataTracker: Init and Reset reuse the same storage", "[fast]") {
  DataTracker t;
  QREQUIRE(t.Init(4, 1000, 4));
  t.Reset(Tsn(10));
  QCHECK(t.Observe(Tsn(13)) == Obs::kNew);
  QCHECK(t.Observe(Tsn(13)) == Obs::kDuplicate);
  QCHECK(t.gap_block_count() == 1);
  t.Reset(Tsn(500));
  QCHECK(t.gap_block_count() == 0);
  QCHECK(t.duplicates().empty());
  QCHECK(t.cumulative_tsn() == Tsn(500));
  QCHECK(t.Observe(Tsn(501)) == Obs::kNew);
  QCHECK(t.cumulative_tsn() == Tsn(501));
}

}  // namespace
}  // namespace dpsctp::rx
