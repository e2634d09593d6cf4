// TimePoint and Duration: the protocol core's notion of time, in nanoseconds.
//
// lib/ never reads a clock (STYLE.md §2): the driver reads `now` once per
// loop iteration and passes it in as a TimePoint. The epoch is whatever the
// driver's monotonic clock uses; only differences are meaningful. Both types
// are plain int64 nanosecond counts wrapped so that a duration cannot be
// passed where a point in time is expected, and units never get lost.
#ifndef DPSCTP_COMMON_TIME_H_
#define DPSCTP_COMMON_TIME_H_

#include <compare>
#include <cstdint>

namespace dpsctp {

class Duration {
 public:
  constexpr Duration() noexcept = default;

  static constexpr Duration Nanos(int64_t n) noexcept { return Duration(n); }
  static constexpr Duration Micros(int64_t n) noexcept {
    return Duration(n * 1'000);
  }
  static constexpr Duration Millis(int64_t n) noexcept {
    return Duration(n * 1'000'000);
  }
  static constexpr Duration Seconds(int64_t n) noexcept {
    return Duration(n * 1'000'000'000);
  }
  static constexpr Duration Zero() noexcept { return Duration(0); }

  constexpr int64_t nanos() const noexcept { return ns_; }
  // Truncating conversions (toward zero).
  constexpr int64_t micros() const noexcept { return ns_ / 1'000; }
  constexpr int64_t millis() const noexcept { return ns_ / 1'000'000; }

  constexpr Duration& operator+=(Duration d) noexcept {
    ns_ += d.ns_;
    return *this;
  }
  constexpr Duration& operator-=(Duration d) noexcept {
    ns_ -= d.ns_;
    return *this;
  }
  friend constexpr Duration operator+(Duration a, Duration b) noexcept {
    return Duration(a.ns_ + b.ns_);
  }
  friend constexpr Duration operator-(Duration a, Duration b) noexcept {
    return Duration(a.ns_ - b.ns_);
  }
  friend constexpr Duration operator-(Duration a) noexcept {
    return Duration(-a.ns_);
  }
  friend constexpr Duration operator*(Duration a, int64_t k) noexcept {
    return Duration(a.ns_ * k);
  }
  friend constexpr Duration operator*(int64_t k, Duration a) noexcept {
    return Duration(a.ns_ * k);
  }
  friend constexpr Duration operator/(Duration a, int64_t k) noexcept {
    return Duration(a.ns_ / k);
  }
  friend constexpr auto operator<=>(Duration, Duration) noexcept = default;

 private:
  constexpr explicit Duration(int64_t ns) noexcept : ns_(ns) {}

  int64_t ns_ = 0;
};

class TimePoint {
 public:
  constexpr TimePoint() noexcept = default;

  // A point `ns` nanoseconds after the driver's clock epoch.
  static constexpr TimePoint FromNanos(int64_t ns) noexcept {
    return TimePoint(ns);
  }

  constexpr int64_t nanos() const noexcept { return ns_; }

  constexpr TimePoint& operator+=(Duration d) noexcept {
    ns_ += d.nanos();
    return *this;
  }
  constexpr TimePoint& operator-=(Duration d) noexcept {
    ns_ -= d.nanos();
    return *this;
  }
  friend constexpr TimePoint operator+(TimePoint t, Duration d) noexcept {
    return TimePoint(t.ns_ + d.nanos());
  }
  friend constexpr TimePoint operator+(Duration d, TimePoint t) noexcept {
    return TimePoint(t.ns_ + d.nanos());
  }
  friend constexpr TimePoint operator-(TimePoint t, Duration d) noexcept {
    return TimePoint(t.ns_ - d.nanos());
  }
  friend constexpr Duration operator-(TimePoint a, TimePoint b) noexcept {
    return Duration::Nanos(a.ns_ - b.ns_);
  }
  friend constexpr auto operator<=>(TimePoint, TimePoint) noexcept = default;

 private:
  constexpr explicit TimePoint(int64_t ns) noexcept : ns_(ns) {}

  int64_t ns_ = 0;
};

}  // namespace dpsctp

#endif  // DPSCTP_COMMON_TIME_H_
