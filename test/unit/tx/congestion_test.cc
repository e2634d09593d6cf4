#include "tx/congestion.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>

namespace dpsctp::tx {
namespace {

TEST_CASE("CongestionControl: initial cwnd per RFC 9260 §7.2.1", "[fast]") {
  // min(4 * PMDCS, max(2 * PMDCS, 4404)) for IPv4, 4344 for IPv6.
  CHECK(CongestionControl::InitialCwnd(1500) == 4404);
  CHECK(CongestionControl::InitialCwnd(1500, /*ipv6=*/true) == 4344);
  CHECK(CongestionControl::InitialCwnd(9000) == 18000);
  CHECK(CongestionControl::InitialCwnd(9000, /*ipv6=*/true) == 18000);
  CHECK(CongestionControl::InitialCwnd(1000) == 4000);  // 4 * PMDCS caps
  CHECK(CongestionControl::InitialCwnd(1452) == 4404);
  CHECK(CongestionControl::InitialCwnd(0xffffffffu) == 0xffffffffu);

  CongestionControl cc;
  cc.Init(1500, 65536);
  CHECK(cc.mtu == 1500);
  CHECK(cc.cwnd == 4404);
  CHECK(cc.ssthresh == 65536);
  CHECK(cc.partial_bytes_acked == 0);
  cc.Init(9000, 1 << 20, /*ipv6=*/true);
  CHECK(cc.cwnd == 18000);
  CHECK(cc.ssthresh == (1u << 20));
  cc.Init(0, 1000);  // nonsense PMDCS is clamped, not divided by
  CHECK(cc.mtu == 1);
}

TEST_CASE("CongestionControl: slow start grows by min(bytes, PMDCS) only "
          "when cwnd is fully utilized",
          "[fast]") {
  CongestionControl cc;
  cc.Init(1500, 1 << 20);
  REQUIRE(cc.cwnd == 4404);
  // Not fully utilized: no growth.
  cc.OnAck(1500, 3000, true, false);
  CHECK(cc.cwnd == 4404);
  cc.OnAck(1500, 0, true, false);
  CHECK(cc.cwnd == 4404);
  // Fully utilized (flightsize had reached cwnd).
  cc.OnAck(1000, 4404, true, false);
  CHECK(cc.cwnd == 5404);
  // By at most one PMDCS (L = 1), however much is acked.
  cc.OnAck(9000, 6000, true, false);
  CHECK(cc.cwnd == 6904);
  // A SACK that only adds Gap Ack Blocks grows nothing in slow start: the
  // RFC bounds the increase ("at most"); we take RFC 4960's condition that
  // the Cumulative TSN Ack advances, as the reference stacks do.
  cc.OnAck(500, 7000, /*cumulative_advanced=*/false, false);
  CHECK(cc.cwnd == 6904);
  cc.OnAck(500, 7000, /*cumulative_advanced=*/true, false);
  CHECK(cc.cwnd == 7404);
  // In Fast Recovery: never.
  cc.OnAck(1500, 100000, true, /*in_fast_recovery=*/true);
  CHECK(cc.cwnd == 7404);
  CHECK(cc.partial_bytes_acked == 0);
  // Nothing acked: nothing.
  cc.OnAck(0, 100000, true, false);
  CHECK(cc.cwnd == 7404);
}

TEST_CASE("CongestionControl: slow start up to ssthresh, then congestion "
          "avoidance",
          "[fast]") {
  CongestionControl cc;
  cc.Init(1000, 5000);
  REQUIRE(cc.cwnd == 4000);
  cc.OnAck(1000, 4000, true, false);  // cwnd 5000 <= ssthresh: slow start
  CHECK(cc.cwnd == 5000);
  cc.OnAck(1000, 5000, true, false);  // still <= ssthresh
  CHECK(cc.cwnd == 6000);
  CHECK(cc.partial_bytes_acked == 0);
  cc.OnAck(1000, 6000, true, false);  // cwnd > ssthresh: avoidance
  CHECK(cc.cwnd == 6000);
  CHECK(cc.partial_bytes_acked == 1000);
}

TEST_CASE("CongestionControl: congestion avoidance adds one PMDCS per cwnd "
          "acknowledged",
          "[fast]") {
  CongestionControl cc;
  cc.Init(1000, 4000);
  cc.cwnd = 10000;  // above ssthresh
  // A full window acknowledged in SACKs of 2000 bytes, flight >= cwnd.
  for (int i = 0; i < 4; ++i) {
    cc.OnAck(2000, 12000, true, false);
    CHECK(cc.cwnd == 10000);
  }
  CHECK(cc.partial_bytes_acked == 8000);
  cc.OnAck(2000, 12000, true, false);  // pba reaches cwnd
  CHECK(cc.cwnd == 11000);
  CHECK(cc.partial_bytes_acked == 0);
  cc.OnAck(3000, 12000, true, false);
  CHECK(cc.partial_bytes_acked == 3000);
  // "partial_bytes_acked is greater than cwnd and ... flightsize was less
  // than cwnd": reset to cwnd, no growth.
  cc.OnAck(9000, 5000, true, false);
  CHECK(cc.cwnd == 11000);
  CHECK(cc.partial_bytes_acked == 11000);
  // Then one SACK with flight >= cwnd grows it.
  cc.OnAck(100, 11000, true, false);
  CHECK(cc.cwnd == 12000);
  CHECK(cc.partial_bytes_acked == 100);
  // Not in Fast Recovery.
  cc.OnAck(50000, 20000, true, true);
  CHECK(cc.cwnd == 12000);
  CHECK(cc.partial_bytes_acked == 100);
  // "When all of the data transmitted by the sender has been acknowledged
  // ..., partial_bytes_acked is initialized to 0."
  cc.OnAck(1000, 1000, true, false, /*all_acked=*/true);
  CHECK(cc.partial_bytes_acked == 0);
  CHECK(cc.cwnd == 12000);
}

TEST_CASE("CongestionControl: congestion avoidance never grows by more "
          "than one PMDCS per window",
          "[fast]") {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    INFO("round " << round);
    CongestionControl cc;
    cc.Init(1200, 1);
    cc.cwnd = 6000 + static_cast<uint32_t>(rng() % 60000);
    const uint32_t start = cc.cwnd;
    // Acknowledge one cwnd's worth in random pieces, fully utilized.
    uint32_t acked = 0;
    while (acked < start) {
      const uint32_t piece = 1 + static_cast<uint32_t>(rng() % 5000);
      cc.OnAck(piece, cc.cwnd, true, false);
      acked += piece;
    }
    CHECK(cc.cwnd <= start + cc.mtu);
  }
}

TEST_CASE("CongestionControl: T3-rtx expiry per §7.2.3", "[fast]") {
  CongestionControl cc;
  cc.Init(1500, 1 << 20);
  cc.cwnd = 30000;
  cc.partial_bytes_acked = 777;
  cc.OnT3Expired();
  CHECK(cc.ssthresh == 15000);  // max(cwnd / 2, 4 * PMDCS)
  CHECK(cc.cwnd == 1500);
  CHECK(cc.partial_bytes_acked == 0);
  // Again right away: max(750, 6000).
  cc.OnT3Expired();
  CHECK(cc.ssthresh == 6000);
  CHECK(cc.cwnd == 1500);
  // One packet in flight until acknowledged: a second one may not go.
  CHECK(cc.CanSend(0, 1500));
  CHECK_FALSE(cc.CanSend(1500, 100));
  // Slow start again from there (1500 <= ssthresh).
  cc.OnAck(1500, 1500, true, false);
  CHECK(cc.cwnd == 3000);
}

TEST_CASE("CongestionControl: fast retransmit per §7.2.3 / §7.2.4",
          "[fast]") {
  CongestionControl cc;
  cc.Init(1500, 1 << 20);
  cc.cwnd = 30000;
  cc.partial_bytes_acked = 99;
  cc.OnFastRetransmit();
  CHECK(cc.ssthresh == 15000);
  CHECK(cc.cwnd == 15000);
  CHECK(cc.partial_bytes_acked == 0);
  cc.cwnd = 8000;
  cc.OnFastRetransmit();
  CHECK(cc.ssthresh == 6000);  // 4 * PMDCS floor
  CHECK(cc.cwnd == 6000);
  // Afterwards cwnd == ssthresh: slow start rules apply (<=).
  cc.OnAck(1000, 6000, true, false);
  CHECK(cc.cwnd == 7000);
}

TEST_CASE("CongestionControl: idle halves cwnd once per RTO, ssthresh "
          "first",
          "[fast]") {
  CongestionControl cc;
  cc.Init(1000, 1 << 20);
  cc.cwnd = 40000;
  cc.OnIdle();
  // "Before the first cwnd adjustment, the ssthresh ... SHOULD be set to
  // the cwnd."
  CHECK(cc.ssthresh == 40000);
  CHECK(cc.cwnd == 20000);
  cc.OnIdle();
  CHECK(cc.ssthresh == 40000);  // only before the first adjustment
  CHECK(cc.cwnd == 10000);
  cc.OnIdle();
  cc.OnIdle();
  CHECK(cc.cwnd == 4000);  // max(cwnd / 2, 4 * PMDCS)
  cc.OnIdle();
  CHECK(cc.cwnd == 4000);
  // Sending ends the idle period: the next one records ssthresh again.
  cc.OnDataSent();
  cc.cwnd = 9000;
  cc.OnIdle();
  CHECK(cc.ssthresh == 9000);
  CHECK(cc.cwnd == 4500);
  // A cwnd below 4 * PMDCS (after T3-rtx) is not raised by idleness.
  cc.OnDataSent();
  cc.OnT3Expired();
  REQUIRE(cc.cwnd == 1000);
  cc.OnIdle();
  CHECK(cc.cwnd == 1000);
  CHECK(cc.ssthresh == 1000);
}

TEST_CASE("CongestionControl: CanSend allows one packet past cwnd (§6.1 B)",
          "[fast]") {
  CongestionControl cc;
  cc.Init(1000, 1 << 20);
  REQUIRE(cc.cwnd == 4000);
  CHECK(cc.CanSend(0, 1000));
  CHECK(cc.CanSend(3000, 1000));  // exactly to cwnd
  // The flightsize does not reach cwnd: exceed it by up to PMDCS - 1.
  CHECK(cc.CanSend(3999, 1000));
  CHECK(cc.CanSend(3500, 1499));
  CHECK_FALSE(cc.CanSend(3500, 1500));
  // cwnd reached: nothing more.
  CHECK_FALSE(cc.CanSend(4000, 1));
  CHECK_FALSE(cc.CanSend(4998, 1));
  // No overflow near the top.
  cc.cwnd = 0xffffffffu;
  CHECK(cc.CanSend(0xfffffffeu, 1000));
  CHECK_FALSE(cc.CanSend(0xffffffffu, 1));
  cc.cwnd = 0;
  CHECK_FALSE(cc.CanSend(0, 1));
}

}  // namespace
}  // namespace dpsctp::tx
