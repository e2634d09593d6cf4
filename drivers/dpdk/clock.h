// TscClock: `now` for the data path, read once per loop iteration
// (ARCHITECTURE.md step 1). The TSC is invariant and synchronized across
// cores on the machines DPDK supports, so every lcore of the process reads
// the same time base; lib/ only sees TimePoint.
#ifndef DPSCTP_DRIVERS_DPDK_CLOCK_H_
#define DPSCTP_DRIVERS_DPDK_CLOCK_H_

#include <cstdint>

#include "common/time.h"

namespace dpsctp::dpdk {

class TscClock {
 public:
  // Reads rte_get_tsc_hz(); call after Eal::Init().
  TscClock() noexcept;

  TimePoint Now() const noexcept;
  uint64_t hz() const noexcept { return hz_; }
  // Nanoseconds since the TSC started: the TimePoint's value.
  int64_t NowNanos() const noexcept;

 private:
  uint64_t hz_ = 1;
  // Nanoseconds of the part below one second: (rest * mult_) >> 32.
  uint64_t mult_ = 0;
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_CLOCK_H_
