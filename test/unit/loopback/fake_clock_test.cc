#include "drivers/loopback/fake_clock.h"

#include <catch2/catch.hpp>

namespace dpsctp::loopback {
namespace {

TEST_CASE("FakeClock: starts where told and only moves when told", "[fast]") {
  FakeClock epoch;
  CHECK(epoch.now() == TimePoint());

  FakeClock clock(TimePoint::FromNanos(1'000));
  CHECK(clock.now().nanos() == 1'000);
  clock.Advance(Duration::Millis(2));
  CHECK(clock.now().nanos() == 2'001'000);
  clock.Advance(Duration::Zero());
  CHECK(clock.now().nanos() == 2'001'000);
  clock.AdvanceTo(TimePoint::FromNanos(5'000'000));
  CHECK(clock.now().nanos() == 5'000'000);
  clock.AdvanceTo(clock.now());  // to the current time: allowed
  CHECK(clock.now().nanos() == 5'000'000);
}

}  // namespace
}  // namespace dpsctp::loopback
