#include "endpoint/timer_wheel.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "test/support/quiet_check.h"

namespace dpsctp::endpoint {
namespace {

TimePoint AtMicros(int64_t us) { return TimePoint::FromNanos(us * 1'000); }

// Everything that fires at `now`, as (id, generation, deadline), by id.
std::vector<TimerWheel::Expiry> Fire(TimerWheel& w, TimePoint now) {
  w.Advance(now);
  std::vector<TimerWheel::Expiry> out;
  while (std::optional<TimerWheel::Expiry> e = w.PopReady()) out.push_back(*e);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

std::vector<uint32_t> Ids(const std::vector<TimerWheel::Expiry>& v) {
  std::vector<uint32_t> ids;
  for (const auto& e : v) ids.push_back(e.id);
  return ids;
}

TEST_CASE("TimerWheel: fires entries in deadline order, exactly at their deadline",
          "[fast]") {
  TimerWheel w(8, Duration::Micros(10));
  w.Schedule(0, AtMicros(500), 1);
  w.Schedule(1, AtMicros(25), 1);
  w.Schedule(2, AtMicros(7'000), 1);
  w.Schedule(3, AtMicros(26), 1);
  CHECK(w.size() == 4);
  CHECK(w.NextDeadline() == AtMicros(25));

  // Same tick as entry 1 but a microsecond early: nothing fires.
  CHECK(Fire(w, AtMicros(24)).empty());
  CHECK(Ids(Fire(w, AtMicros(25))) == std::vector<uint32_t>{1});
  CHECK(w.NextDeadline() == AtMicros(26));
  CHECK(Ids(Fire(w, AtMicros(499))) == std::vector<uint32_t>{3});
  CHECK(w.NextDeadline() == AtMicros(500));
  CHECK(Ids(Fire(w, AtMicros(6'999))) == std::vector<uint32_t>{0});
  CHECK(w.NextDeadline() == AtMicros(7'000));
  std::vector<TimerWheel::Expiry> last = Fire(w, AtMicros(7'000));
  REQUIRE(last.size() == 1);
  CHECK(last[0].id == 2);
  CHECK(last[0].deadline == AtMicros(7'000));
  CHECK(w.size() == 0);
  CHECK(!w.NextDeadline());
}

TEST_CASE("TimerWheel: a late Advance fires everything overdue at once", "[fast]") {
  TimerWheel w(64, Duration::Micros(10));
  for (uint32_t i = 0; i < 64; ++i) {
    w.Schedule(i, AtMicros(100 + int64_t{i} * 37'000), i);
  }
  // Skips over many levels in one call.
  std::vector<TimerWheel::Expiry> fired = Fire(w, AtMicros(100 + 31 * 37'000));
  REQUIRE(fired.size() == 32);
  for (uint32_t i = 0; i < 32; ++i) {
    CHECK(fired[i].id == i);
    CHECK(fired[i].generation == i);
  }
  CHECK(w.NextDeadline() == AtMicros(100 + 32 * 37'000));
  CHECK(w.size() == 32);
}

TEST_CASE("TimerWheel: deadlines past the span of a level and far in the future",
          "[fast]") {
  TimerWheel w(4, Duration::Micros(1));
  // Level 0 spans 64 us, level 1 4 ms, level 2 262 ms, ...: these sit at
  // levels 3 to 10.
  const TimePoint day = TimePoint::FromNanos(Duration::Seconds(86'400).nanos());
  const TimePoint year = TimePoint::FromNanos(Duration::Seconds(365 * 86'400).nanos());
  const TimePoint end = TimePoint::FromNanos(std::numeric_limits<int64_t>::max());
  w.Schedule(0, AtMicros(300'000), 0);
  w.Schedule(1, day, 0);
  w.Schedule(2, year, 0);
  w.Schedule(3, end, 0);
  CHECK(w.NextDeadline() == AtMicros(300'000));
  CHECK(Ids(Fire(w, AtMicros(299'999))).empty());
  CHECK(Ids(Fire(w, AtMicros(300'000))) == std::vector<uint32_t>{0});
  CHECK(w.NextDeadline() == day);
  CHECK(Fire(w, day - Duration::Nanos(1)).empty());
  CHECK(Ids(Fire(w, day)) == std::vector<uint32_t>{1});
  CHECK(w.NextDeadline() == year);
  CHECK(Ids(Fire(w, year + Duration::Seconds(1))) == std::vector<uint32_t>{2});
  CHECK(w.NextDeadline() == end);
  CHECK(Fire(w, end - Duration::Nanos(1)).empty());
  CHECK(Ids(Fire(w, end)) == std::vector<uint32_t>{3});
  CHECK(w.size() == 0);
}

TEST_CASE("TimerWheel: wraps around the level-0 span many times", "[fast]") {
  TimerWheel w(2, Duration::Micros(10));
  // A periodic timer, like a heartbeat, re-armed after each expiry for
  // thousands of wheel turns.
  TimePoint now = AtMicros(0);
  uint32_t fired = 0;
  w.Schedule(0, now + Duration::Micros(1'234), 0);
  for (int i = 0; i < 5'000; ++i) {
    now += Duration::Micros(1'234);
    std::vector<TimerWheel::Expiry> f = Fire(w, now);
    QREQUIRE(f.size() == 1);
    QCHECK(f[0].deadline == now);
    ++fired;
    w.Schedule(0, now + Duration::Micros(1'234), 0);
  }
  CHECK(fired == 5'000);
  CHECK(w.NextDeadline() == now + Duration::Micros(1'234));
}

TEST_CASE("TimerWheel: rescheduling moves an entry earlier or later", "[fast]") {
  TimerWheel w(4, Duration::Micros(10));
  w.Schedule(0, AtMicros(1'000'000), 1);
  w.Schedule(1, AtMicros(2'000'000), 1);
  CHECK(w.NextDeadline() == AtMicros(1'000'000));

  // Later: the cached minimum moves to entry 1.
  w.Schedule(0, AtMicros(3'000'000), 2);
  CHECK(w.size() == 2);
  CHECK(w.NextDeadline() == AtMicros(2'000'000));
  CHECK(w.DeadlineOf(0) == AtMicros(3'000'000));

  // Earlier than anything.
  w.Schedule(1, AtMicros(5), 2);
  CHECK(w.NextDeadline() == AtMicros(5));
  CHECK(Ids(Fire(w, AtMicros(1'000'000))) == std::vector<uint32_t>{1});
  CHECK(Fire(w, AtMicros(2'999'999)).empty());
  std::vector<TimerWheel::Expiry> f = Fire(w, AtMicros(3'000'000));
  REQUIRE(f.size() == 1);
  CHECK(f[0].id == 0);
  CHECK(f[0].generation == 2);
}

TEST_CASE("TimerWheel: cancel removes an entry; cancelling twice is harmless",
          "[fast]") {
  TimerWheel w(4, Duration::Micros(10));
  w.Schedule(0, AtMicros(100), 0);
  w.Schedule(1, AtMicros(200), 0);
  w.Cancel(0);
  w.Cancel(0);
  w.Cancel(3);    // never scheduled
  w.Cancel(999);  // out of range
  CHECK(!w.IsScheduled(0));
  CHECK(w.size() == 1);
  CHECK(w.NextDeadline() == AtMicros(200));
  CHECK(Ids(Fire(w, AtMicros(1'000))) == std::vector<uint32_t>{1});
  w.Cancel(1);
  CHECK(w.size() == 0);
  CHECK(!w.NextDeadline());
}

TEST_CASE("TimerWheel: the ready list can be rescheduled while it drains", "[fast]") {
  TimerWheel w(4, Duration::Micros(10));
  w.Schedule(0, AtMicros(10), 7);
  w.Schedule(1, AtMicros(20), 7);
  w.Schedule(2, AtMicros(30), 7);
  CHECK(w.Advance(AtMicros(100)) == 3);
  CHECK(w.ready_count() == 3);
  CHECK(w.NextDeadline() <= AtMicros(100));
  std::optional<TimerWheel::Expiry> first = w.PopReady();
  REQUIRE(first);
  // The caller handles the first expiry, which re-arms the others: they
  // leave the ready list (one later, one cancelled).
  const uint32_t a = (first->id + 1) % 3;
  const uint32_t b = (first->id + 2) % 3;
  w.Schedule(a, AtMicros(500), 8);
  w.Cancel(b);
  // Re-armed with an already due deadline: waits for the next Advance
  // instead of looping in this one.
  w.Schedule(first->id, AtMicros(50), 8);
  CHECK(!w.PopReady());
  CHECK(w.ready_count() == 0);
  CHECK(w.NextDeadline() == AtMicros(50));
  std::vector<TimerWheel::Expiry> f = Fire(w, AtMicros(100));
  REQUIRE(f.size() == 1);
  CHECK(f[0].id == first->id);
  CHECK(f[0].generation == 8);
  CHECK(w.NextDeadline() == AtMicros(500));
}

TEST_CASE("TimerWheel: the generation of the last Schedule comes back", "[fast]") {
  // The caller's slot was reused: the wheel reports the newest generation,
  // and an expiry read before the reuse is stale by comparison.
  TimerWheel w(2, Duration::Micros(10));
  w.Schedule(1, AtMicros(40), 3);
  w.Advance(AtMicros(50));
  // Rescheduled for a new owner of slot 1 before the old expiry was read.
  w.Schedule(1, AtMicros(60), 4);
  CHECK(!w.PopReady());
  std::vector<TimerWheel::Expiry> f = Fire(w, AtMicros(60));
  REQUIRE(f.size() == 1);
  CHECK(f[0].generation == 4);
}

TEST_CASE("TimerWheel: time that goes backwards fires nothing early", "[fast]") {
  TimerWheel w(2, Duration::Micros(10));
  w.Schedule(0, AtMicros(1'000), 0);
  CHECK(Fire(w, AtMicros(900)).empty());
  CHECK(Fire(w, AtMicros(10)).empty());
  CHECK(Ids(Fire(w, AtMicros(1'000))) == std::vector<uint32_t>{0});
}

TEST_CASE("TimerWheel: deadlines before the origin fire at once", "[fast]") {
  TimerWheel w(2, Duration::Micros(10), AtMicros(1'000'000));
  w.Schedule(0, AtMicros(5), 0);
  CHECK(w.NextDeadline() == AtMicros(5));
  CHECK(Ids(Fire(w, AtMicros(6))) == std::vector<uint32_t>{0});
}

TEST_CASE("TimerWheel: matches a sorted model under random operations", "[fast]") {
  constexpr uint32_t kIds = 300;
  std::mt19937_64 rng(GENERATE(1u, 2u, 3u, 4u));
  const Duration tick = Duration::Nanos(GENERATE(1, 1'000, 10'000, 1'000'000));
  TimerWheel w(kIds, tick, AtMicros(-5'000));
  // The model: id -> (deadline, generation), plus the expiries it predicts.
  std::map<uint32_t, std::pair<TimePoint, uint32_t>> model;
  TimePoint now = AtMicros(0);
  uint32_t generation = 0;
  auto random_delay = [&]() -> Duration {
    switch (rng() % 5) {
      case 0: return Duration::Nanos(static_cast<int64_t>(rng() % 2'000));
      case 1: return Duration::Micros(static_cast<int64_t>(rng() % 2'000));
      case 2: return Duration::Millis(static_cast<int64_t>(rng() % 5'000));
      case 3: return Duration::Seconds(static_cast<int64_t>(rng() % 100'000));
      default: return -Duration::Micros(static_cast<int64_t>(rng() % 100));
    }
  };
  uint64_t fired_total = 0;
  for (int step = 0; step < 20'000; ++step) {
    const uint32_t op = static_cast<uint32_t>(rng() % 10);
    const uint32_t id = static_cast<uint32_t>(rng() % kIds);
    if (op < 5) {
      const TimePoint deadline = now + random_delay();
      w.Schedule(id, deadline, ++generation);
      model[id] = {deadline, generation};
    } else if (op < 6) {
      w.Cancel(id);
      model.erase(id);
    } else {
      const Duration d = op < 9
                             ? Duration::Micros(static_cast<int64_t>(rng() % 3'000))
                             : random_delay() * 3;
      if (d > Duration::Zero()) now += d;
      std::vector<TimerWheel::Expiry> fired = Fire(w, now);
      std::vector<TimerWheel::Expiry> expected;
      for (auto it = model.begin(); it != model.end();) {
        if (it->second.first <= now) {
          expected.push_back({it->first, it->second.second, it->second.first});
          it = model.erase(it);
        } else {
          ++it;
        }
      }
      fired_total += fired.size();
      QREQUIRE(fired.size() == expected.size());
      for (size_t i = 0; i < fired.size(); ++i) {
        QCHECK(fired[i].id == expected[i].id);
        QCHECK(fired[i].generation == expected[i].generation);
        QCHECK(fired[i].deadline == expected[i].deadline);
      }
    }
    std::optional<TimePoint> want;
    for (const auto& [k, v] : model) {
      if (!want || v.first < *want) want = v.first;
    }
    QREQUIRE(w.size() == model.size());
    QREQUIRE(w.NextDeadline() == want);
  }
  CHECK(fired_total > 1'000);
}

}  // namespace
}  // namespace dpsctp::endpoint
