// RFC 9260 §10 "ICMP Handling" for one shard: which association an ICMP or
// ICMPv6 error is about (rule 5), whether it is genuine (rule 6), and what
// it asks of the association (rules 7 to 9). The driver has already
// decoded the message and ignored the types rules 1, 2 and 4 let us ignore
// (endpoint/icmp.h keeps only the kinds below).
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "endpoint/endpoint.h"
#include "wire/chunk_type.h"

namespace dpsctp::endpoint {
namespace {

// The IP header in front of the SCTP packet, without options or extension
// headers: Path::mtu counts the SCTP packet only.
constexpr uint32_t kIpv4HeaderSize = 20;
constexpr uint32_t kIpv6HeaderSize = 40;

// Floors for a reported MTU, so that a report (genuine, or forged by
// someone who saw our packets and their tags) cannot shrink packets below
// what the network layer guarantees anyway. IPv4: every host must accept
// a 576-byte datagram (RFC 791, RFC 1122 §3.3.2), and routers fragment
// below that. IPv6: RFC 8200 §5 requires every link to carry 1280 bytes,
// and RFC 8201 §4: "A node MUST NOT reduce its estimate of the Path MTU
// below the IPv6 minimum link MTU."
constexpr uint32_t kIpv4MinMtu = 576;
constexpr uint32_t kIpv6MinMtu = 1280;

// RFC 1191 §7 plateau table: a router older than RFC 1191 sends
// "Fragmentation Needed" with a zero Next-Hop MTU; the next plateau below
// the size we were sending is the estimate.
constexpr uint32_t kPlateaus[] = {65535, 32000, 17914, 8166, 4352,
                                  2002,  1492,  1006,  508,  296};

uint32_t PlateauBelow(uint32_t size) noexcept {
  for (uint32_t p : kPlateaus) {
    if (p < size) return p;
  }
  return 68;  // RFC 791: the smallest MTU of any IPv4 link
}

}  // namespace

void Endpoint::HandleIcmp(TimePoint now, const IcmpError& error) noexcept {
  now_ = now;
  ++counters_.icmp_received;
  // Rule 3: "An implementation SHOULD ignore any ICMP messages where the
  // code indicates 'Port Unreachable'": a host that knows SCTP answers an
  // unknown port with an ABORT.
  if (error.kind == IcmpErrorKind::kPortUnreachable) {
    ++counters_.icmp_port_unreachable_ignored;
    return;
  }
  // Rule 5: "use the payload of the ICMP message ... to locate the
  // association that sent the message to which ICMP is responding. If the
  // association cannot be found, an implementation SHOULD ignore the ICMP
  // message." The quoted packet is one we sent (src = us, dst = the peer):
  // turned around, it is keyed as a packet from the peer would be.
  const PacketAddresses as_received{error.addresses.dst, error.addresses.src};
  std::optional<uint32_t> slot =
      FindByPeer(as_received, error.destination_port, error.source_port);
  if (!slot || !slots_[*slot].has_value() || slots_[*slot]->closed()) {
    ++counters_.icmp_no_association;
    return;
  }
  assoc::Association& a = *slots_[*slot];
  // Rule 6: "validate that the Verification Tag contained in the ICMP
  // message matches the Verification Tag of the peer. If the Verification
  // Tag is not 0 and does not match, discard the ICMP message. If it is 0
  // and the ICMP message contains enough bytes to verify that the chunk
  // type is an INIT chunk and that the Initiate Tag matches the tag of the
  // peer, continue with ICMP7."
  // Every packet we send carries the peer's tag, except the INIT (tag 0,
  // §8.5.1 A), whose Initiate Tag is the tag we chose. From the peer's
  // side that is "the tag of the peer"; ours is the only tag the INIT can
  // hold (in COOKIE-WAIT the peer's is not even known), so it is compared
  // with our local tag, as the Linux and FreeBSD stacks do.
  bool about_init = false;
  if (error.tag.value() != 0) {
    if (error.tag != a.peer_tag()) {
      ++counters_.icmp_bad_tag;
      return;
    }
  } else {
    if (!error.has_first_chunk ||
        error.first_chunk_type != static_cast<uint8_t>(wire::ChunkType::kInit) ||
        !error.has_initiate_tag || error.initiate_tag != a.local_tag()) {
      ++counters_.icmp_bad_tag;
      return;
    }
    about_init = true;
  }
  const VerificationTag before = a.local_tag();
  const IpAddress& destination = error.addresses.dst;
  switch (error.kind) {
    case IcmpErrorKind::kPacketTooBig: {
      // Rule 7: "an implementation SHOULD process this information as
      // defined for PMTU discovery."
      ++counters_.icmp_packet_too_big;
      const bool v6 = destination.is_v6();
      const uint32_t header = v6 ? kIpv6HeaderSize : kIpv4HeaderSize;
      uint32_t ip_mtu = error.next_hop_mtu;
      if (ip_mtu == 0) {
        // No Next-Hop MTU: step down from what this path allows now.
        uint32_t current = 0;
        for (const assoc::Path& p : a.paths()) {
          if (p.address == destination) current = p.mtu + header;
        }
        if (current == 0) break;
        ip_mtu = PlateauBelow(current);
      }
      ip_mtu = std::clamp<uint32_t>(ip_mtu, v6 ? kIpv6MinMtu : kIpv4MinMtu,
                                    65535);
      (void)a.HandlePacketTooBig(destination, ip_mtu - header);
      break;
    }
    case IcmpErrorKind::kProtocolUnreachable:
      // Rule 8 (the association tells INIT in COOKIE-WAIT from the rest).
      ++counters_.icmp_protocol_unreachable;
      (void)a.HandleProtocolUnreachable(about_init);
      break;
    case IcmpErrorKind::kUnreachable:
      // Rule 9.
      ++counters_.icmp_destination_unreachable;
      (void)a.HandleDestinationUnreachable(destination);
      break;
    case IcmpErrorKind::kPortUnreachable:
      break;  // handled above
  }
  AfterCall(*slot, before);
}

}  // namespace dpsctp::endpoint
