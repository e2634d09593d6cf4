// FakeClock: the virtual time a test or benchmark harness passes as `now` to
// the endpoints and to the loopback Wire. It only moves when told to, and
// never backwards, so runs are deterministic.
#ifndef DPSCTP_DRIVERS_LOOPBACK_FAKE_CLOCK_H_
#define DPSCTP_DRIVERS_LOOPBACK_FAKE_CLOCK_H_

#include "common/check.h"
#include "common/time.h"

namespace dpsctp::loopback {

class FakeClock {
 public:
  constexpr explicit FakeClock(TimePoint start = TimePoint()) noexcept
      : now_(start) {}

  TimePoint now() const noexcept { return now_; }

  // Precondition: d >= 0.
  void Advance(Duration d) noexcept {
    DPSCTP_CHECK(d >= Duration::Zero());
    now_ += d;
  }

  // Precondition: t >= now(). Moving to the current time is allowed.
  void AdvanceTo(TimePoint t) noexcept {
    DPSCTP_CHECK(t >= now_);
    now_ = t;
  }

 private:
  TimePoint now_;
};

}  // namespace dpsctp::loopback

#endif  // DPSCTP_DRIVERS_LOOPBACK_FAKE_CLOCK_H_
