// An ICMP or ICMPv6 error about an SCTP packet we sent, as the driver's
// L3 parser extracts it (RFC 9260 §10, "ICMP Handling";
// Appendix C in RFC 4960). The driver only decodes;
// the endpoint applies the §10 checks (association lookup, the
// Verification Tag of the embedded packet) and acts on it.
#ifndef DPSCTP_ENDPOINT_ICMP_H_
#define DPSCTP_ENDPOINT_ICMP_H_

#include <cstdint>

#include "common/address.h"
#include "common/types.h"

namespace dpsctp::endpoint {

enum class IcmpErrorKind : uint8_t {
  // ICMPv4 type 3 code 4 "fragmentation needed and DF set", ICMPv6 type 2.
  kPacketTooBig,
  // ICMPv4 type 3 code 2; ICMPv6 type 4 code 1 "unrecognized Next Header".
  kProtocolUnreachable,
  // ICMPv4 type 3 code 3; ICMPv6 type 1 code 4.
  kPortUnreachable,
  // Any other destination unreachable code (net, host, prohibited, ...).
  kUnreachable,
};

struct IcmpError {
  IcmpErrorKind kind = IcmpErrorKind::kUnreachable;
  // Addresses of the embedded (offending) packet as we sent it:
  // src = our address, dst = the peer's.
  PacketAddresses addresses;
  // From the embedded SCTP common header (always present: a report that
  // does not carry the first 8 bytes of it is dropped by the driver).
  uint16_t source_port = 0;       // ours
  uint16_t destination_port = 0;  // the peer's
  VerificationTag tag{0};
  // §10 rule 6: with tag 0 the embedded packet must hold an INIT whose
  // Initiate Tag is ours; these say whether the quote was long enough.
  bool has_first_chunk = false;
  uint8_t first_chunk_type = 0;
  bool has_initiate_tag = false;
  VerificationTag initiate_tag{0};
  // kPacketTooBig: the next-hop MTU from the message (0 if absent).
  uint32_t next_hop_mtu = 0;
};

}  // namespace dpsctp::endpoint

#endif  // DPSCTP_ENDPOINT_ICMP_H_
