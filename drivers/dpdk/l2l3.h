// Minimal L2/L3 for SCTP over Ethernet: wrap an outgoing SCTP packet in
// Ethernet + IPv4 (or IPv6), and find the SCTP packet inside a received
// frame.
//
// Scope, honestly: untagged Ethernet II only (a VLAN tag is reported, not
// parsed), IPv4 with options, IPv6 without extension headers, no fragments
// (SCTP does its own fragmentation; RFC 9260 §6.9). ARP/ND, VLAN and IPv6
// extension headers come with later issues.
//
// Parsing works on a PacketView (any segmentation) and copies at most a
// header into a stack buffer when it straddles segments.
#ifndef DPSCTP_DRIVERS_DPDK_L2L3_H_
#define DPSCTP_DRIVERS_DPDK_L2L3_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "buf/packet_view.h"
#include "common/result.h"

struct rte_mbuf;

namespace dpsctp::dpdk {

using MacAddress = std::array<uint8_t, 6>;
using Ipv6Address = std::array<uint8_t, 16>;

inline constexpr uint8_t kIpProtocolSctp = 132;
inline constexpr size_t kEthernetHeaderSize = 14;
inline constexpr size_t kIpv4HeaderSize = 20;  // without options
inline constexpr size_t kIpv6HeaderSize = 40;
inline constexpr uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr uint16_t kEtherTypeIpv6 = 0x86DD;

enum class L3Family : uint8_t { kIpv4, kIpv6 };

// Addresses and MACs of an outgoing IPv4 frame. IPv4 addresses are in host
// byte order (0x0a000001 is 10.0.0.1).
struct Ipv4Route {
  MacAddress source_mac{};
  MacAddress destination_mac{};
  uint32_t source_address = 0;
  uint32_t destination_address = 0;
  uint8_t ttl = 64;
  uint8_t tos = 0;  // DSCP << 2 | ECN
};

struct Ipv6Route {
  MacAddress source_mac{};
  MacAddress destination_mac{};
  Ipv6Address source_address{};
  Ipv6Address destination_address{};
  uint8_t hop_limit = 64;
  uint8_t traffic_class = 0;
};

// Prepends Ethernet + IPv4 headers to the SCTP packet that is the whole of
// chain `m`, in the first segment's headroom. Sets DF (RFC 9260 §7.3 path MTU
// discovery relies on it), fills Total Length from pkt_len, computes the
// header checksum in software, and sets m->l2_len / m->l3_len for offloads.
// Returns false, leaving `m` unchanged, when the headroom is too small or the
// packet is too long for IPv4.
bool PrependEthernetIpv4(rte_mbuf* m, const Ipv4Route& route,
                         uint16_t identification = 0) noexcept;

// The same with a 40-byte IPv6 header (Next Header = SCTP).
bool PrependEthernetIpv6(rte_mbuf* m, const Ipv6Route& route) noexcept;

// Where the SCTP packet lies in a received frame.
struct SctpLocation {
  L3Family family = L3Family::kIpv4;
  uint32_t l3_offset = 0;    // first byte of the IP header
  uint32_t sctp_offset = 0;  // first byte of the SCTP common header
  // From the IP length fields, so Ethernet padding after a short packet is
  // not part of it.
  uint32_t sctp_length = 0;
  // IPv4: the 4 bytes in network order at [0..3], the rest zero.
  Ipv6Address source_address{};
  Ipv6Address destination_address{};
};

enum class L2L3Error : uint8_t {
  kTooShort,            // frame ends inside the Ethernet or IP header
  kVlanTagged,          // 802.1Q/802.1ad: not parsed yet
  kNotIp,               // another EtherType (ARP, ...): not for the SCTP path
  kBadIpVersion,        // version field disagrees with the EtherType
  kBadIpHeaderLength,   // IPv4 IHL < 5
  kBadIpLength,         // IP length shorter than its header, or past the frame
  kBadIpv4Checksum,
  kFragment,            // IPv4 MF or fragment offset set
  kIpv6ExtensionHeader,  // not walked yet
  kNotSctp,
};

std::string_view ToString(L2L3Error e) noexcept;

// Finds the SCTP packet in an Ethernet frame. With `verify_ipv4_checksum`
// false the IPv4 header checksum is not checked (a NIC flagged it good).
Result<SctpLocation, L2L3Error> LocateSctp(
    const buf::PacketView& frame, bool verify_ipv4_checksum = true) noexcept;

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_L2L3_H_
