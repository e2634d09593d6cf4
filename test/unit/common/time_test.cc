#include "common/time.h"

#include <catch2/catch.hpp>

namespace dpsctp {
namespace {

TEST_CASE("Duration: unit helpers agree", "[fast]") {
  STATIC_REQUIRE(Duration::Seconds(1) == Duration::Millis(1'000));
  STATIC_REQUIRE(Duration::Millis(1) == Duration::Micros(1'000));
  STATIC_REQUIRE(Duration::Micros(1) == Duration::Nanos(1'000));
  STATIC_REQUIRE(Duration::Seconds(60).nanos() == 60'000'000'000);
  CHECK(Duration::Nanos(1'999).micros() == 1);
  CHECK(Duration::Micros(2'500).millis() == 2);
  CHECK(Duration().nanos() == 0);
  CHECK(Duration::Zero() == Duration());
}

TEST_CASE("Duration: arithmetic and ordering", "[fast]") {
  Duration d = Duration::Millis(3);
  d += Duration::Millis(2);
  CHECK(d == Duration::Millis(5));
  d -= Duration::Millis(1);
  CHECK(d == Duration::Millis(4));
  CHECK(d * 2 == Duration::Millis(8));
  CHECK(3 * d == Duration::Millis(12));
  CHECK(d / 4 == Duration::Millis(1));
  CHECK(-d == Duration::Millis(-4));
  CHECK(Duration::Millis(1) < Duration::Millis(2));
  CHECK(Duration::Millis(2) >= Duration::Millis(2));
  CHECK(Duration::Millis(-1) < Duration::Zero());
}

TEST_CASE("TimePoint: offsets and differences", "[fast]") {
  TimePoint t0 = TimePoint::FromNanos(1'000);
  TimePoint t1 = t0 + Duration::Micros(5);
  CHECK(t1.nanos() == 6'000);
  CHECK(t1 - t0 == Duration::Micros(5));
  CHECK(t0 - t1 == Duration::Micros(-5));
  CHECK(t1 - Duration::Micros(5) == t0);
  CHECK(Duration::Micros(5) + t0 == t1);
  CHECK(t0 < t1);
  CHECK(t1 > t0);
  TimePoint t = t0;
  t += Duration::Nanos(7);
  t -= Duration::Nanos(2);
  CHECK(t.nanos() == 1'005);
  CHECK(TimePoint() == TimePoint::FromNanos(0));
}

}  // namespace
}  // namespace dpsctp
