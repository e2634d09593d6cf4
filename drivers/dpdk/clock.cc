#include "drivers/dpdk/clock.h"

#include <rte_cycles.h>

namespace dpsctp::dpdk {

TscClock::TscClock() noexcept {
  hz_ = rte_get_tsc_hz();
  if (hz_ == 0) hz_ = 1;
  // 1e9 < 2^30, so 1e9 * 2^32 fits in 64 bits, and so does rest * mult_
  // (rest < hz: the product stays below 1e9 * 2^32).
  mult_ = (1'000'000'000ull << 32) / hz_;
}

int64_t TscClock::NowNanos() const noexcept {
  const uint64_t cycles = rte_get_tsc_cycles();
  // Whole seconds exactly, the remainder with the fixed-point multiplier.
  const uint64_t seconds = cycles / hz_;
  const uint64_t rest = cycles - seconds * hz_;
  return static_cast<int64_t>(seconds * 1'000'000'000ull +
                              ((rest * mult_) >> 32));
}

TimePoint TscClock::Now() const noexcept {
  return TimePoint::FromNanos(NowNanos());
}

}  // namespace dpsctp::dpdk
