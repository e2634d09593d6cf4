// Retransmission timeout per destination, RFC 9260 §6.3.1.
#ifndef DPSCTP_ASSOC_RTO_H_
#define DPSCTP_ASSOC_RTO_H_

#include <algorithm>
#include <cstdint>

#include "common/time.h"

namespace dpsctp::assoc {

class RtoEstimator {
 public:
  // §6.3.1 C1: "Until an RTT measurement has been made ... set RTO to the
  // protocol parameter 'RTO.Initial'".
  void Reset(Duration rto_initial) noexcept {
    rto_ = rto_initial;
    srtt_ = rttvar_ = Duration::Zero();
    measured_ = false;
  }

  void AddMeasurement(Duration r, Duration rto_min, Duration rto_max,
                      int alpha_shift, int beta_shift) noexcept {
    if (r < Duration::Zero()) r = Duration::Zero();
    if (!measured_) {
      // C2: SRTT = R, RTTVAR = R/2.
      srtt_ = r;
      rttvar_ = r / 2;
      measured_ = true;
    } else {
      // C3: RTTVAR first, with the SRTT before its own update.
      Duration delta = srtt_ > r ? srtt_ - r : r - srtt_;
      rttvar_ = rttvar_ - rttvar_ / (int64_t{1} << beta_shift) +
                delta / (int64_t{1} << beta_shift);
      srtt_ = srtt_ - srtt_ / (int64_t{1} << alpha_shift) +
              r / (int64_t{1} << alpha_shift);
    }
    // G1: "if RTTVAR == 0, then adjust RTTVAR = G" (G: 1 µs here).
    if (rttvar_ == Duration::Zero()) rttvar_ = Duration::Micros(1);
    // C6 and C7: clamp into [RTO.Min, RTO.Max].
    rto_ = std::clamp(srtt_ + 4 * rttvar_, rto_min, rto_max);
  }

  // §6.3.3 E2: "The endpoint MUST set RTO <- RTO * 2 ('back off the
  // timer'). The maximum value discussed in rule C7 above (RTO.Max) MAY be
  // used to provide an upper bound".
  void Backoff(Duration rto_max) noexcept {
    rto_ = std::min(rto_ * 2, rto_max);
  }

  Duration rto() const noexcept { return rto_; }
  Duration srtt() const noexcept { return srtt_; }
  Duration rttvar() const noexcept { return rttvar_; }
  bool measured() const noexcept { return measured_; }

 private:
  Duration rto_ = Duration::Seconds(1);
  Duration srtt_;
  Duration rttvar_;
  bool measured_ = false;
};

}  // namespace dpsctp::assoc

#endif  // DPSCTP_ASSOC_RTO_H_
