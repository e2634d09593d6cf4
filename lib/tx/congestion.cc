// RFC 9260 §7.2 SCTP Slow-Start and Congestion Avoidance, §6.1 B.
// https://www.rfc-editor.org/rfc/rfc9260#section-7.2
#include "tx/congestion.h"

#include <algorithm>

namespace dpsctp::tx {
namespace {

// max(cwnd / 2, 4 * PMDCS): the ssthresh of §7.2.3 and the idle target of
// §7.2.1, in 64 bits so that a large PMDCS cannot wrap.
uint32_t HalfOrFour(uint32_t cwnd, uint32_t mtu) noexcept {
  const uint64_t four = uint64_t{4} * mtu;
  return static_cast<uint32_t>(
      std::min<uint64_t>(std::max<uint64_t>(cwnd / 2, four), UINT32_MAX));
}

}  // namespace

uint32_t CongestionControl::InitialCwnd(uint32_t mtu, bool ipv6) noexcept {
  const uint64_t m = mtu;
  const uint64_t floor = ipv6 ? 4344 : 4404;
  return static_cast<uint32_t>(std::min<uint64_t>(
      std::min(4 * m, std::max(2 * m, floor)), UINT32_MAX));
}

void CongestionControl::Init(uint32_t path_mtu, uint32_t peer_rwnd,
                             bool ipv6) noexcept {
  mtu = std::max<uint32_t>(path_mtu, 1);
  cwnd = InitialCwnd(mtu, ipv6);
  ssthresh = peer_rwnd;
  partial_bytes_acked = 0;
  idle_adjusted = false;
}

void CongestionControl::OnAck(uint32_t bytes_acked, uint32_t flight_before,
                              bool cumulative_advanced, bool in_fast_recovery,
                              bool all_acked) noexcept {
  // §7.2.4 step 6: "While in Fast Recovery, the ssthresh and cwnd SHOULD
  // NOT change"; §7.2.1 grows cwnd only if "the data sender is not in
  // Fast Recovery". partial_bytes_acked waits as well.
  if (!in_fast_recovery && bytes_acked > 0) {
    if (cwnd <= ssthresh) {
      // §7.2.1: "When cwnd is less than or equal to ssthresh, an SCTP
      // endpoint MUST use the slow-start algorithm to increase cwnd only if
      // the current congestion window is being fully utilized ... cwnd
      // MUST be increased by, at most, the lesser of 1) the total size of
      // the previously outstanding DATA chunk(s) acknowledged and 2) L
      // times the destination's PMDCS." L = 1 (SHOULD). Fully utilized:
      // the flightsize had reached cwnd, the test §7.2.2 spells out (a
      // sender with data always gets there under §6.1 B).
      if (flight_before >= cwnd && cumulative_advanced) {
        const uint64_t grown = uint64_t{cwnd} + std::min(bytes_acked, mtu);
        cwnd = static_cast<uint32_t>(std::min<uint64_t>(grown, UINT32_MAX));
      }
    } else {
      // §7.2.2: "Whenever cwnd is greater than ssthresh, upon each SACK
      // chunk arrival, increase partial_bytes_acked by the total number of
      // bytes ... of all new DATA chunks acknowledged in that SACK chunk".
      const uint64_t pba = uint64_t{partial_bytes_acked} + bytes_acked;
      partial_bytes_acked =
          static_cast<uint32_t>(std::min<uint64_t>(pba, UINT32_MAX));
      if (partial_bytes_acked >= cwnd && flight_before >= cwnd) {
        // "partial_bytes_acked is reset to (partial_bytes_acked - cwnd).
        // Next, cwnd is increased by PMDCS."
        partial_bytes_acked -= cwnd;
        const uint64_t grown = uint64_t{cwnd} + mtu;
        cwnd = static_cast<uint32_t>(std::min<uint64_t>(grown, UINT32_MAX));
      } else if (partial_bytes_acked > cwnd && flight_before < cwnd) {
        // "reset partial_bytes_acked to cwnd".
        partial_bytes_acked = cwnd;
      }
    }
  }
  // §7.2.2: "When all of the data transmitted by the sender has been
  // acknowledged by the receiver, partial_bytes_acked is initialized to 0."
  if (all_acked) partial_bytes_acked = 0;
}

void CongestionControl::OnFastRetransmit() noexcept {
  // §7.2.3: "ssthresh = max(cwnd / 2, 4 * PMDCS); cwnd = ssthresh;
  // partial_bytes_acked = 0".
  ssthresh = HalfOrFour(cwnd, mtu);
  cwnd = ssthresh;
  partial_bytes_acked = 0;
}

void CongestionControl::OnT3Expired() noexcept {
  // §7.2.3: "ssthresh = max(cwnd / 2, 4 * PMDCS); cwnd = PMDCS;
  // partial_bytes_acked = 0".
  ssthresh = HalfOrFour(cwnd, mtu);
  cwnd = mtu;
  partial_bytes_acked = 0;
}

void CongestionControl::OnIdle() noexcept {
  // §7.2.1: "Before the first cwnd adjustment, the ssthresh of the
  // transport address SHOULD be set to the cwnd."
  if (!idle_adjusted) {
    ssthresh = cwnd;
    idle_adjusted = true;
  }
  cwnd = std::min(cwnd, HalfOrFour(cwnd, mtu));
}

bool CongestionControl::CanSend(uint32_t flight,
                                uint32_t bytes) const noexcept {
  if (flight >= cwnd) return false;
  return uint64_t{flight} + bytes <= uint64_t{cwnd} + mtu - 1;
}

}  // namespace dpsctp::tx
