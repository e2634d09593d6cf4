// CongestionControl: one destination's congestion window (RFC 9260 §7.2):
// cwnd, ssthresh and partial_bytes_acked, moved by SACKs (§7.2.1 slow
// start, §7.2.2 congestion avoidance), by loss (§7.2.3, §7.2.4) and by
// idleness, and the §6.1 B test of whether one more chunk may go.
//
// Plain data and pure arithmetic: the association keeps one per path and
// feeds it what RetransmissionQueue::HandleSack reports. All byte counts
// are DATA chunk bytes, header and padding included (§7.2: "the length of
// the DATA chunk, including the padding, SHOULD be used"; see
// tx::DataChunkSize). The peer's rwnd (§6.1 A) is checked by the caller.
//
// `mtu` is what RFC 9260 calls the PMDCS: "the maximum size (including the
// DATA chunk header) of a DATA chunk that fits into an SCTP packet not
// exceeding the PMTU" of this path. Every "1 * PMDCS" below is `mtu`.
#ifndef DPSCTP_TX_CONGESTION_H_
#define DPSCTP_TX_CONGESTION_H_

#include <cstdint>

namespace dpsctp::tx {

struct CongestionControl {
  uint32_t cwnd = 0;
  uint32_t ssthresh = 0;
  uint32_t partial_bytes_acked = 0;
  uint32_t mtu = 1480;  // the PMDCS (see above); at least 1
  // OnIdle() has already lowered cwnd since data was last sent.
  bool idle_adjusted = false;

  // §7.2.1: "The initial cwnd before data transmission MUST be set to
  // min(4 * PMDCS, max(2 * PMDCS, 4404)) bytes if the peer address is an
  // IPv4 address and to min(4 * PMDCS, max(2 * PMDCS, 4344)) bytes if the
  // peer address is an IPv6 address."
  static uint32_t InitialCwnd(uint32_t mtu, bool ipv6 = false) noexcept;

  // A new path: initial cwnd, ssthresh = the peer's rwnd from INIT or
  // INIT ACK (§7.2.1: "The initial value of ssthresh SHOULD be arbitrarily
  // high (e.g., the size of the largest-possible advertised window)").
  // Also the reinitialization §7.2.5 asks for.
  void Init(uint32_t path_mtu, uint32_t peer_rwnd, bool ipv6 = false) noexcept;

  // One SACK's effect on this path (§7.2.1, §7.2.2): `bytes_acked` newly
  // acknowledged (cumulative or gap) chunk bytes that were in flight here,
  // `flight_before` this path's flightsize before the SACK,
  // `in_fast_recovery` the association's state (SackOutcome::
  // in_fast_recovery_for_cwnd), `all_acked` nothing outstanding any more
  // on the association ("partial_bytes_acked is initialized to 0").
  // `cumulative_advanced`: slow start grows cwnd only on a SACK that moves
  // the Cumulative TSN Ack. RFC 9260 §7.2.1 dropped RFC 4960's condition
  // but bounds the increase ("at most"), so keeping it is allowed; it is
  // what the reference stacks do (ETSI sctp-d-v-8-9 expects it), and it
  // keeps a sender that is seeing loss from growing its window on Gap Ack
  // Blocks alone. Congestion avoidance counts gap-acked bytes (§7.2.2).
  void OnAck(uint32_t bytes_acked, uint32_t flight_before,
             bool cumulative_advanced, bool in_fast_recovery,
             bool all_acked = false) noexcept;

  // §7.2.4 step 2 / §7.2.3, on entering Fast Recovery only (not for a
  // fast retransmit inside one, step 6): ssthresh = max(cwnd / 2,
  // 4 * PMDCS), cwnd = ssthresh, partial_bytes_acked = 0.
  void OnFastRetransmit() noexcept;

  // §7.2.3 / §6.3.3 E1, T3-rtx expired on this path: ssthresh =
  // max(cwnd / 2, 4 * PMDCS), cwnd = PMDCS, partial_bytes_acked = 0.
  void OnT3Expired() noexcept;

  // Call once per RTO during which no data was sent on this path (§7.2.1,
  // §7.2.2): "the cwnd of the transport address SHOULD be adjusted to
  // max(cwnd / 2, 4 * PMDCS) once per RTO. Before the first cwnd
  // adjustment, the ssthresh of the transport address SHOULD be set to the
  // cwnd." The adjustment never raises cwnd: a cwnd already below
  // 4 * PMDCS (after a T3-rtx, "only one packet is allowed to be in flight
  // until successful acknowledgement") stays where it is.
  void OnIdle() noexcept;

  // Call when data is sent on this path: ends an idle period, so the next
  // OnIdle() sets ssthresh again.
  void OnDataSent() noexcept { idle_adjusted = false; }

  // §6.1 B: "the sender MUST NOT transmit new data to a given transport
  // address if it has cwnd + (PMDCS - 1) or more bytes of data outstanding
  // to that transport address. If data is available, the sender SHOULD
  // exceed cwnd by up to (PMDCS - 1) bytes on a new data transmission if
  // the flightsize does not currently reach cwnd. The breach of cwnd MUST
  // constitute one packet only."
  // Reading: sending is allowed while `flight` < cwnd, and the
  // transmission may end at most PMDCS - 1 bytes past cwnd. To let one
  // whole packet make the breach, pass `flight` as it was before the
  // packet being built and `bytes` as all the DATA bytes that packet would
  // carry with the candidate chunk; passing the running flight and one
  // chunk's bytes is the stricter per-chunk form, also correct.
  bool CanSend(uint32_t flight, uint32_t bytes) const noexcept;
};

}  // namespace dpsctp::tx

#endif  // DPSCTP_TX_CONGESTION_H_
