// ICMP reports about packets this association sent (RFC 9260 §10, "ICMP
// Handling"), after the endpoint found the association (rule 5) and checked
// the Verification Tag (rule 6): Packet Too Big lowers a destination's PMTU
// (rule 7, §7.3), Protocol Unreachable ends the association (rule 8), any
// other Destination Unreachable counts against the destination (rule 9).
#include <algorithm>

#include "assoc/association.h"

namespace dpsctp::assoc {
namespace {

// The smallest SCTP packet limit a report can impose here: a common header
// and a DATA chunk with some payload. The endpoint's floors (IPv4 576 and
// IPv6 1280 bytes less the IP header) are far above it; this only keeps
// MaxFragment() meaningful whatever a caller passes.
constexpr size_t kMinPacketLimit = 12 + 16 + 64;

}  // namespace

bool Association::HandlePacketTooBig(const IpAddress& destination,
                                     size_t sctp_mtu) noexcept {
  if (closed()) return false;
  const size_t i = FindPath(destination);
  if (i == kMaxPaths) return false;
  Path& p = paths_[i];
  // RFC 8201 §4 and RFC 1191 §6.3: a report never raises the estimate; a
  // larger MTU is a stale or forged report (raising is PLPMTUD's job,
  // RFC 8899, by probing).
  const size_t mtu = std::max(sctp_mtu, kMinPacketLimit);
  if (mtu >= p.mtu) return false;
  // §7.3 point 1: "An endpoint MUST maintain separate PMTU estimates for
  // each destination address of its peer." Point 2 follows from
  // MaxFragment(), which takes the smallest over all of them (AMDCS): new
  // messages are fragmented for it from now on. What is already fragmented
  // or outstanding stays as it is: §6.9 "Once a user message is
  // fragmented, it cannot be re-fragmented" (AddChunk sends such a chunk
  // alone, above the PMTU, and counts it in oversized_chunks_sent).
  p.mtu = static_cast<uint16_t>(mtu);
  // The congestion window counts in PMDCS: the packet less the common
  // header (§7.2).
  p.cc.mtu = static_cast<uint32_t>(mtu - 12u);
  ++counters_.pmtu_decreases;
  return true;
}

bool Association::HandleProtocolUnreachable(bool about_init) noexcept {
  if (closed()) return false;
  // §10 rule 8: "an implementation MUST treat this message as an abort
  // with the T bit set if it does not contain an INIT chunk. If it does
  // contain an INIT chunk and the association is in the COOKIE-WAIT state,
  // handle the ICMP message like an ABORT chunk." An INIT outside
  // COOKIE-WAIT is an old one: the association it started has moved on.
  if (about_init && state() != State::kCookieWait) return false;
  // As on a received ABORT (§9.1): no ABORT back (the peer does not speak
  // SCTP), the TCB goes, the ULP hears why.
  Fail(LossReason::kIcmpProtocolUnreachable);
  return true;
}

bool Association::HandleDestinationUnreachable(
    const IpAddress& destination) noexcept {
  if (closed()) return false;
  const size_t i = FindPath(destination);
  if (i == kMaxPaths) return false;
  // §10 rule 9: "the implementation MAY move the destination to the
  // unreachable state or, alternatively, increment the path error
  // counter." The counter: one report (which a single lost or rerouted
  // packet can cause) does not take a path down, repeated ones do, past
  // Path.Max.Retrans as §8.2 says; a HEARTBEAT ACK or acknowledged DATA
  // brings it back. Only the path counter: §8.1's association counter
  // counts retransmissions and unanswered HEARTBEATs, and T3-rtx keeps
  // doing that for data lost on the way.
  ++counters_.icmp_path_errors;
  CountPathError(i, /*icmp=*/true);
  return true;
}

}  // namespace dpsctp::assoc
