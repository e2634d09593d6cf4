// Ethernet II (IEEE 802.3 §3.2.6), IPv4 (RFC 791 §3.1), IPv6 (RFC 8200 §3).
//
//  Ethernet:  dst MAC (6) | src MAC (6) | EtherType (2)
//
//  IPv4:
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |Version|  IHL  |Type of Service|          Total Length         |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Identification        |Flags|      Fragment Offset    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Time to Live |    Protocol   |         Header Checksum       |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                       Source Address                          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                    Destination Address                        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//  IPv6:
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |Version| Traffic Class |           Flow Label                  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Payload Length        |  Next Header  |   Hop Limit   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |              Source Address (16) | Destination Address (16)   |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "drivers/dpdk/l2l3.h"

#include <rte_mbuf.h>

#include <cstring>

#include "common/byte_order.h"

namespace dpsctp::dpdk {

namespace {

constexpr uint16_t kEtherTypeVlan = 0x8100;
constexpr uint16_t kEtherTypeQinQ = 0x88A8;
constexpr uint16_t kIpv4DontFragment = 0x4000;
constexpr uint16_t kIpv4MoreFragments = 0x2000;
constexpr uint16_t kIpv4FragmentOffsetMask = 0x1FFF;
constexpr size_t kIpv4MaxHeaderSize = 60;

// The Internet checksum (RFC 1071) of an IPv4 header: 0 when `header`
// carries a correct checksum, else the value to store.
uint16_t InternetChecksum(std::span<const uint8_t> header) noexcept {
  // 32-bit words: a word's two halves are congruent to their sum modulo
  // 0xFFFF, so the folded result is the same as adding 16-bit words.
  uint64_t sum = 0;
  size_t i = 0;
  for (; i + 4 <= header.size(); i += 4) {
    sum += LoadBe32(header.data() + i);
  }
  if (i + 2 <= header.size()) {
    sum += LoadBe16(header.data() + i);
  }
  while (sum > 0xFFFF) {
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<uint16_t>(~sum);
}

void WriteEthernet(uint8_t* p, const MacAddress& dst, const MacAddress& src,
                   uint16_t ether_type) noexcept {
  std::memcpy(p, dst.data(), dst.size());
  std::memcpy(p + 6, src.data(), src.size());
  StoreBe16(p + 12, ether_type);
}

// An IPv6 Next Header value that starts an extension header chain we would
// have to walk to reach SCTP (RFC 8200 §4, plus AH/ESP).
bool IsIpv6ExtensionHeader(uint8_t next) noexcept {
  switch (next) {
    case 0:    // Hop-by-Hop Options
    case 43:   // Routing
    case 44:   // Fragment
    case 50:   // ESP
    case 51:   // AH
    case 60:   // Destination Options
    case 135:  // Mobility
    case 139:  // HIP
    case 140:  // Shim6
      return true;
    default:
      return false;
  }
}

Result<SctpLocation, L2L3Error> LocateInIpv4(const buf::PacketView& frame,
                                             size_t l3,
                                             bool verify_checksum) noexcept {
  uint8_t scratch[kIpv4MaxHeaderSize];
  const uint8_t* h = frame.Read(l3, kIpv4HeaderSize, scratch);
  if (h == nullptr) {
    return MakeUnexpected(L2L3Error::kTooShort);
  }
  if ((h[0] >> 4) != 4) {
    return MakeUnexpected(L2L3Error::kBadIpVersion);
  }
  const size_t ihl = size_t{h[0] & 0x0Fu} * 4;
  if (ihl < kIpv4HeaderSize) {
    return MakeUnexpected(L2L3Error::kBadIpHeaderLength);
  }
  if (ihl > kIpv4HeaderSize) {
    h = frame.Read(l3, ihl, scratch);  // with options
    if (h == nullptr) {
      return MakeUnexpected(L2L3Error::kTooShort);
    }
  }
  const size_t total_length = LoadBe16(h + 2);
  if (total_length < ihl || total_length > frame.size() - l3) {
    return MakeUnexpected(L2L3Error::kBadIpLength);
  }
  if (verify_checksum && InternetChecksum({h, ihl}) != 0) {
    return MakeUnexpected(L2L3Error::kBadIpv4Checksum);
  }
  const uint16_t flags_offset = LoadBe16(h + 6);
  if ((flags_offset & (kIpv4MoreFragments | kIpv4FragmentOffsetMask)) != 0) {
    return MakeUnexpected(L2L3Error::kFragment);
  }
  if (h[9] != kIpProtocolSctp) {
    return MakeUnexpected(L2L3Error::kNotSctp);
  }
  SctpLocation loc;
  loc.family = L3Family::kIpv4;
  loc.l3_offset = static_cast<uint32_t>(l3);
  loc.sctp_offset = static_cast<uint32_t>(l3 + ihl);
  loc.sctp_length = static_cast<uint32_t>(total_length - ihl);
  std::memcpy(loc.source_address.data(), h + 12, 4);
  std::memcpy(loc.destination_address.data(), h + 16, 4);
  return loc;
}

Result<SctpLocation, L2L3Error> LocateInIpv6(const buf::PacketView& frame,
                                             size_t l3) noexcept {
  uint8_t scratch[kIpv6HeaderSize];
  const uint8_t* h = frame.Read(l3, kIpv6HeaderSize, scratch);
  if (h == nullptr) {
    return MakeUnexpected(L2L3Error::kTooShort);
  }
  if ((h[0] >> 4) != 6) {
    return MakeUnexpected(L2L3Error::kBadIpVersion);
  }
  // A zero Payload Length means a jumbogram (RFC 2675), which needs a
  // Hop-by-Hop option we do not parse; it fails the SCTP check below anyway.
  const size_t payload_length = LoadBe16(h + 4);
  if (payload_length > frame.size() - l3 - kIpv6HeaderSize) {
    return MakeUnexpected(L2L3Error::kBadIpLength);
  }
  const uint8_t next = h[6];
  if (next != kIpProtocolSctp) {
    return MakeUnexpected(IsIpv6ExtensionHeader(next)
                              ? L2L3Error::kIpv6ExtensionHeader
                              : L2L3Error::kNotSctp);
  }
  SctpLocation loc;
  loc.family = L3Family::kIpv6;
  loc.l3_offset = static_cast<uint32_t>(l3);
  loc.sctp_offset = static_cast<uint32_t>(l3 + kIpv6HeaderSize);
  loc.sctp_length = static_cast<uint32_t>(payload_length);
  std::memcpy(loc.source_address.data(), h + 8, 16);
  std::memcpy(loc.destination_address.data(), h + 24, 16);
  return loc;
}

}  // namespace

std::string_view ToString(L2L3Error e) noexcept {
  switch (e) {
    case L2L3Error::kTooShort: return "too_short";
    case L2L3Error::kVlanTagged: return "vlan_tagged";
    case L2L3Error::kNotIp: return "not_ip";
    case L2L3Error::kBadIpVersion: return "bad_ip_version";
    case L2L3Error::kBadIpHeaderLength: return "bad_ip_header_length";
    case L2L3Error::kBadIpLength: return "bad_ip_length";
    case L2L3Error::kBadIpv4Checksum: return "bad_ipv4_checksum";
    case L2L3Error::kFragment: return "fragment";
    case L2L3Error::kIpv6ExtensionHeader: return "ipv6_extension_header";
    case L2L3Error::kNotSctp: return "not_sctp";
  }
  return "unknown";
}

Result<SctpLocation, L2L3Error> LocateSctp(const buf::PacketView& frame,
                                           bool verify_ipv4_checksum) noexcept {
  uint8_t scratch[kEthernetHeaderSize];
  const uint8_t* eth = frame.Read(0, kEthernetHeaderSize, scratch);
  if (eth == nullptr) {
    return MakeUnexpected(L2L3Error::kTooShort);
  }
  const uint16_t ether_type = LoadBe16(eth + 12);
  switch (ether_type) {
    case kEtherTypeIpv4:
      return LocateInIpv4(frame, kEthernetHeaderSize, verify_ipv4_checksum);
    case kEtherTypeIpv6:
      return LocateInIpv6(frame, kEthernetHeaderSize);
    case kEtherTypeVlan:
    case kEtherTypeQinQ:
      return MakeUnexpected(L2L3Error::kVlanTagged);
    default:
      return MakeUnexpected(L2L3Error::kNotIp);
  }
}

bool PrependEthernetIpv4(rte_mbuf* m, const Ipv4Route& route,
                         uint16_t identification) noexcept {
  constexpr size_t kHeaders = kEthernetHeaderSize + kIpv4HeaderSize;
  const size_t total_length = size_t{m->pkt_len} + kIpv4HeaderSize;
  if (total_length > 0xFFFF) {
    return false;
  }
  if (rte_pktmbuf_prepend(m, kHeaders) == nullptr) {
    return false;
  }
  auto* p = rte_pktmbuf_mtod(m, uint8_t*);
  WriteEthernet(p, route.destination_mac, route.source_mac, kEtherTypeIpv4);
  uint8_t* ip = p + kEthernetHeaderSize;
  ip[0] = 0x45;  // version 4, IHL 5
  ip[1] = route.tos;
  StoreBe16(ip + 2, static_cast<uint16_t>(total_length));
  StoreBe16(ip + 4, identification);
  StoreBe16(ip + 6, kIpv4DontFragment);
  ip[8] = route.ttl;
  ip[9] = kIpProtocolSctp;
  StoreBe16(ip + 10, 0);
  StoreBe32(ip + 12, route.source_address);
  StoreBe32(ip + 16, route.destination_address);
  StoreBe16(ip + 10, InternetChecksum({ip, kIpv4HeaderSize}));
  m->l2_len = kEthernetHeaderSize;
  m->l3_len = kIpv4HeaderSize;
  return true;
}

bool PrependEthernetIpv6(rte_mbuf* m, const Ipv6Route& route) noexcept {
  constexpr size_t kHeaders = kEthernetHeaderSize + kIpv6HeaderSize;
  const size_t payload_length = m->pkt_len;
  if (payload_length > 0xFFFF) {
    return false;
  }
  if (rte_pktmbuf_prepend(m, kHeaders) == nullptr) {
    return false;
  }
  auto* p = rte_pktmbuf_mtod(m, uint8_t*);
  WriteEthernet(p, route.destination_mac, route.source_mac, kEtherTypeIpv6);
  uint8_t* ip = p + kEthernetHeaderSize;
  // Version 6, traffic class, flow label 0.
  StoreBe32(ip, (uint32_t{6} << 28) | (uint32_t{route.traffic_class} << 20));
  StoreBe16(ip + 4, static_cast<uint16_t>(payload_length));
  ip[6] = kIpProtocolSctp;
  ip[7] = route.hop_limit;
  std::memcpy(ip + 8, route.source_address.data(), 16);
  std::memcpy(ip + 24, route.destination_address.data(), 16);
  m->l2_len = kEthernetHeaderSize;
  m->l3_len = kIpv6HeaderSize;
  return true;
}

}  // namespace dpsctp::dpdk
