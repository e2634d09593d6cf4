// The L2/L3 layer of one (port, lcore): Ethernet II with an optional
// 802.1Q tag, ARP (RFC 826), IPv4 (RFC 791), IPv6 (RFC 8200) with Neighbor
// Discovery (RFC 4861), ICMP (RFC 792, RFC 1191) and ICMPv6 (RFC 4443)
// errors for RFC 9260 Appendix C, and SCTP over UDP (RFC 6951).
//
//  802.1Q:  dst MAC (6) | src MAC (6) | 0x8100 | PCP/DEI/VID (2) | type (2)
//
//  ARP for IPv4 over Ethernet (28 bytes after the EtherType 0x0806):
//   htype=1 (2) | ptype=0x0800 (2) | hlen=6 | plen=4 | op (2)
//   sender MAC (6) | sender IP (4) | target MAC (6) | target IP (4)
//
//  Neighbor Solicitation / Advertisement (ICMPv6 135 / 136):
//   type | code | checksum (2) | flags R S O + reserved (4) | target (16)
//   options: type (1) | length in 8-byte units (1) | link-layer address
//
//  UDP (RFC 768): src port | dst port | length | checksum, 2 bytes each.
#include "drivers/dpdk/netif.h"

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "common/byte_order.h"
#include "crc/crc32c.h"
#include "drivers/dpdk/mbuf_buf.h"

namespace dpsctp::dpdk {

namespace {

constexpr uint16_t kEtherTypeArp = 0x0806;
constexpr uint16_t kEtherTypeVlan = 0x8100;
constexpr uint16_t kEtherTypeQinQ = 0x88A8;
constexpr size_t kVlanTagSize = 4;
constexpr size_t kArpSize = 28;
constexpr size_t kUdpHeaderSize = 8;
constexpr size_t kSctpCommonHeaderSize = 12;
constexpr size_t kMinFrameSize = 60;  // Ethernet minimum without the FCS
constexpr uint8_t kIpProtocolIcmp = 1;
constexpr uint8_t kIpProtocolUdp = 17;
constexpr uint8_t kIpProtocolIcmpv6 = 58;
constexpr uint16_t kIpv4DontFragment = 0x4000;
constexpr uint16_t kIpv4MoreFragments = 0x2000;
constexpr uint16_t kIpv4FragmentOffsetMask = 0x1FFF;
constexpr size_t kMaxIpv6ExtensionHeaders = 8;
constexpr uint8_t kNdHopLimit = 255;
constexpr size_t kNdMessageSize = 24;  // NS/NA without options
constexpr uint8_t kSctpChunkInit = 1;

constexpr MacAddress kBroadcastMac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

const uint8_t kAllNodes[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0,
                               0,    0,    0, 0, 0, 0, 0, 1};

// 6 bytes at `p` equal `mac`, in two loads rather than a memcmp call.
bool SameMac(const uint8_t* p, const MacAddress& mac) noexcept {
  uint32_t p4;
  uint32_t m4;
  uint16_t p2;
  uint16_t m2;
  std::memcpy(&p4, p, 4);
  std::memcpy(&m4, mac.data(), 4);
  std::memcpy(&p2, p + 4, 2);
  std::memcpy(&m2, mac.data() + 4, 2);
  return p4 == m4 && p2 == m2;
}

// The classifiers fill in one FrameInfo in place: it is large, and copying
// it through every layer showed up on the receive path.
void Dropped(FrameInfo& info, RxDropReason r) noexcept {
  info.kind = FrameKind::kDropped;
  info.drop_reason = r;
}

bool IsOurs(std::span<const IpPrefix> ours, const IpAddress& a) noexcept {
  for (const IpPrefix& p : ours) {
    if (SameIpAddress(p.address, a)) {
      return true;
    }
  }
  return false;
}

bool IsUnspecified(const IpAddress& a) noexcept {
  for (uint8_t b : a.bytes) {
    if (b != 0) {
      return false;
    }
  }
  return true;
}

IpAddress AllNodesAddress() noexcept {
  return IpAddress::V6(std::span<const uint8_t, 16>(kAllNodes, 16));
}

// A destination we accept for Neighbor Discovery beyond our unicast
// addresses: all-nodes, or the solicited-node group of one of ours.
bool IsOurNdMulticast(std::span<const IpPrefix> ours,
                      const IpAddress& a) noexcept {
  if (a == AllNodesAddress()) {
    return true;
  }
  for (const IpPrefix& p : ours) {
    if (p.address.is_v6() && SolicitedNodeAddress(p.address) == a) {
      return true;
    }
  }
  return false;
}

// The RFC 1071 sum of `n` bytes (n even) as a 16-bit value in network
// order, nonzero unless every byte is. RFC 1071 §2 (B): the sum does not
// depend on byte order, so it adds 8 bytes at a time in native order, with
// the end-around carry, and swaps the folded result once.
uint64_t SumWords(const uint8_t* p, size_t n) noexcept {
  uint64_t acc = 0;
  const auto add = [&acc](uint64_t w) {
    acc += w;
    acc += acc < w ? 1 : 0;
  };
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    add(w);
  }
  if (i + 4 <= n) {
    uint32_t w;
    std::memcpy(&w, p + i, 4);
    add(w);
    i += 4;
  }
  if (i + 2 <= n) {
    uint16_t w;
    std::memcpy(&w, p + i, 2);
    add(w);
  }
  acc = (acc & 0xFFFFFFFFu) + (acc >> 32);
  acc = (acc & 0xFFFFFFFFu) + (acc >> 32);
  acc = (acc & 0xFFFFu) + (acc >> 16);
  acc = (acc & 0xFFFFu) + (acc >> 16);
  auto folded = static_cast<uint16_t>(acc);
  if constexpr (std::endian::native == std::endian::little) {
    folded = static_cast<uint16_t>((folded >> 8) | (folded << 8));
  }
  return folded;
}

// 64-bit accumulation of the RFC 1071 sum over `data` (network order
// words); `odd` says whether the byte before it sat in the high half of a
// 16-bit word, and is updated for the byte after it.
uint64_t SumSpan(std::span<const uint8_t> data, uint64_t sum,
                 bool& odd) noexcept {
  size_t i = 0;
  if (odd && !data.empty()) {
    sum += data[0];
    i = 1;
    odd = false;
  }
  const size_t even = (data.size() - i) & ~size_t{1};
  sum += SumWords(data.data() + i, even);
  i += even;
  if (i < data.size()) {
    sum += uint64_t{data[i]} << 8;
    odd = true;
  }
  return sum;
}

// The same over the bytes of a view (any segmentation).
uint64_t SumView(const buf::PacketView& v, uint64_t sum) noexcept {
  bool odd = false;
  for (size_t s = 0; s < v.segment_count(); ++s) {
    sum = SumSpan(v.segment(s), sum, odd);
  }
  return sum;
}

uint16_t Fold(uint64_t sum) noexcept {
  while (sum > 0xFFFF) {
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<uint16_t>(sum);
}

// The ICMP/ICMPv6/UDP checksum over [offset, offset+length) of `frame` plus
// `initial` (a pseudo-header sum, or 0): 0 when the stored checksum is good.
uint16_t VerifyChecksum(const buf::PacketView& frame, size_t offset,
                        size_t length, uint32_t initial) noexcept {
  const buf::PacketView part = frame.Slice(offset, length);
  return static_cast<uint16_t>(~Fold(SumView(part, initial)));
}

// Walks IPv6 extension headers (RFC 8200 §4) from `next` at `offset` to
// the upper-layer header, inside [offset, end). Hop-by-Hop, Routing (with
// no segments left) and Destination Options are skipped; the rest is
// refused.
struct UpperLayer {
  uint8_t protocol = 0;
  size_t offset = 0;
};
std::optional<RxDropReason> WalkIpv6Extensions(const buf::PacketView& v,
                                               uint8_t next, size_t offset,
                                               size_t end,
                                               UpperLayer& out) noexcept {
  for (size_t i = 0; i <= kMaxIpv6ExtensionHeaders; ++i) {
    switch (next) {
      case 0:  // Hop-by-Hop Options: RFC 8200 §4.1, only right after the
               // IPv6 header.
        if (i != 0) {
          return RxDropReason::kIpv6ExtensionHeader;
        }
        [[fallthrough]];
      case 43:    // Routing
      case 60: {  // Destination Options
        uint8_t scratch[4];
        const uint8_t* h =
            offset + 4 <= end ? v.Read(offset, 4, scratch) : nullptr;
        if (h == nullptr) {
          return RxDropReason::kTooShort;
        }
        // RFC 8200 §4.4: with Segments Left nonzero we would be a hop on
        // the route, not the destination.
        if (next == 43 && h[3] != 0) {
          return RxDropReason::kIpv6ExtensionHeader;
        }
        next = h[0];
        offset += (size_t{h[1]} + 1) * 8;
        if (offset > end) {
          return RxDropReason::kTooShort;
        }
        continue;
      }
      case 44:  // Fragment
        return RxDropReason::kFragment;
      case 50:   // ESP
      case 51:   // AH
      case 135:  // Mobility
      case 139:  // HIP
      case 140:  // Shim6
        return RxDropReason::kIpv6ExtensionHeader;
      case 59:  // No Next Header
        return RxDropReason::kNotSctp;
      default:
        out.protocol = next;
        out.offset = offset;
        return std::nullopt;
    }
  }
  return RxDropReason::kIpv6ExtensionHeader;
}

// The SCTP (or RFC 6951 UDP + SCTP) packet quoted in an ICMP error, at
// [offset, end). RFC 9260 Appendix C needs the first 8 bytes of the common
// header (ports and Verification Tag); chunk type and Initiate Tag are
// reported when quoted.
bool DecodeQuotedSctp(const buf::PacketView& v, uint8_t protocol,
                      size_t offset, size_t end, const ClassifyContext& ctx,
                      endpoint::IcmpError& out) noexcept {
  uint8_t scratch[20];
  if (protocol == kIpProtocolUdp) {
    const uint8_t* udp =
        offset + kUdpHeaderSize <= end ? v.Read(offset, 8, scratch) : nullptr;
    if (ctx.udp_encapsulation_port == 0 || udp == nullptr ||
        LoadBe16(udp) != ctx.udp_encapsulation_port) {
      return false;
    }
    offset += kUdpHeaderSize;
  } else if (protocol != kIpProtocolSctp) {
    return false;
  }
  if (offset + 8 > end) {
    return false;
  }
  const size_t quoted = std::min<size_t>(end - offset, 20);
  const uint8_t* s = v.Read(offset, quoted, scratch);
  if (s == nullptr) {
    return false;
  }
  out.source_port = LoadBe16(s);
  out.destination_port = LoadBe16(s + 2);
  out.tag = VerificationTag(LoadBe32(s + 4));
  if (quoted >= kSctpCommonHeaderSize + 1) {
    out.has_first_chunk = true;
    out.first_chunk_type = s[12];
    // INIT: type, flags, length (4 bytes), then the Initiate Tag.
    if (s[12] == kSctpChunkInit && quoted >= 20) {
      out.has_initiate_tag = true;
      out.initiate_tag = VerificationTag(LoadBe32(s + 16));
    }
  }
  return true;
}

// The IPv4 packet quoted in an ICMPv4 error, at [offset, end).
bool DecodeQuotedIpv4(const buf::PacketView& v, size_t offset, size_t end,
                      const ClassifyContext& ctx,
                      endpoint::IcmpError& out) noexcept {
  uint8_t scratch[kIpv4HeaderSize];
  const uint8_t* h = offset + kIpv4HeaderSize <= end
                         ? v.Read(offset, kIpv4HeaderSize, scratch)
                         : nullptr;
  if (h == nullptr || (h[0] >> 4) != 4) {
    return false;
  }
  const size_t ihl = size_t{h[0] & 0x0Fu} * 4;
  // A non-first fragment quotes no L4 header.
  if (ihl < kIpv4HeaderSize ||
      (LoadBe16(h + 6) & kIpv4FragmentOffsetMask) != 0) {
    return false;
  }
  out.addresses.src = IpAddress::V4(std::span<const uint8_t, 4>(h + 12, 4));
  out.addresses.dst = IpAddress::V4(std::span<const uint8_t, 4>(h + 16, 4));
  if (!IsOurs(ctx.addresses, out.addresses.src)) {
    return false;
  }
  return DecodeQuotedSctp(v, h[9], offset + ihl, end, ctx, out);
}

bool DecodeQuotedIpv6(const buf::PacketView& v, size_t offset, size_t end,
                      const ClassifyContext& ctx,
                      endpoint::IcmpError& out) noexcept {
  uint8_t scratch[kIpv6HeaderSize];
  const uint8_t* h = offset + kIpv6HeaderSize <= end
                         ? v.Read(offset, kIpv6HeaderSize, scratch)
                         : nullptr;
  if (h == nullptr || (h[0] >> 4) != 6) {
    return false;
  }
  out.addresses.src = IpAddress::V6(std::span<const uint8_t, 16>(h + 8, 16));
  out.addresses.dst = IpAddress::V6(std::span<const uint8_t, 16>(h + 24, 16));
  if (!IsOurs(ctx.addresses, out.addresses.src)) {
    return false;
  }
  UpperLayer upper;
  if (WalkIpv6Extensions(v, h[6], offset + kIpv6HeaderSize, end, upper)) {
    return false;
  }
  return DecodeQuotedSctp(v, upper.protocol, upper.offset, end, ctx, out);
}

// UDP to our RFC 6951 port: the SCTP packet inside. [l4, end) is the UDP
// datagram as the IP header bounds it.
void ClassifyUdp(const buf::PacketView& v, size_t l4, size_t end,
                 const ClassifyContext& ctx, FrameInfo& info) noexcept {
  uint8_t scratch[kUdpHeaderSize];
  const uint8_t* u =
      l4 + kUdpHeaderSize <= end ? v.Read(l4, kUdpHeaderSize, scratch)
                                 : nullptr;
  if (u == nullptr) {
    return Dropped(info, RxDropReason::kTooShort);
  }
  if (ctx.udp_encapsulation_port == 0 ||
      LoadBe16(u + 2) != ctx.udp_encapsulation_port) {
    return Dropped(info, RxDropReason::kNotSctp);
  }
  const size_t udp_length = LoadBe16(u + 4);
  const uint16_t source_port = LoadBe16(u);
  if (udp_length < kUdpHeaderSize + kSctpCommonHeaderSize ||
      udp_length > end - l4 || source_port == 0) {
    return Dropped(info, RxDropReason::kMalformedEncapsulation);
  }
  // RFC 768: zero means "not computed", which IPv6 does not allow
  // (RFC 8200 §8.1).
  bool checksum_ok = !info.addresses.src.is_v6();
  if (LoadBe16(u + 6) != 0) {
    const uint32_t pseudo = PseudoHeaderSum(
        info.addresses, kIpProtocolUdp, static_cast<uint32_t>(udp_length));
    checksum_ok = VerifyChecksum(v, l4, udp_length, pseudo) == 0;
  }
  if (!checksum_ok) {
    return Dropped(info, RxDropReason::kMalformedEncapsulation);
  }
  info.kind = FrameKind::kSctp;
  info.sctp_offset = static_cast<uint32_t>(l4 + kUdpHeaderSize);
  info.sctp_length = static_cast<uint32_t>(udp_length - kUdpHeaderSize);
  info.udp_encapsulated = true;
  info.udp_source_port = source_port;
}

void ClassifySctp(size_t l4, size_t end, FrameInfo& info) noexcept {
  if (end - l4 < kSctpCommonHeaderSize) {
    return Dropped(info, RxDropReason::kTooShort);
  }
  info.kind = FrameKind::kSctp;
  info.sctp_offset = static_cast<uint32_t>(l4);
  info.sctp_length = static_cast<uint32_t>(end - l4);
}

void ClassifyIcmpv4(const buf::PacketView& v, size_t l4, size_t end,
                    const ClassifyContext& ctx, FrameInfo& info) noexcept {
  uint8_t scratch[8];
  const uint8_t* h = l4 + 8 <= end ? v.Read(l4, 8, scratch) : nullptr;
  if (h == nullptr) {
    return Dropped(info, RxDropReason::kBadIcmp);
  }
  if (VerifyChecksum(v, l4, end - l4, 0) != 0) {
    return Dropped(info, RxDropReason::kBadIcmp);
  }
  const uint8_t type = h[0];
  const uint8_t code = h[1];
  if (type == 8 && code == 0) {  // RFC 792 echo request
    info.kind = FrameKind::kEchoRequest;
    info.icmp_offset = static_cast<uint32_t>(l4);
    info.icmp_length = static_cast<uint32_t>(end - l4);
    return;
  }
  if (type != 3) {
    return Dropped(info, RxDropReason::kUnhandledIcmp);
  }
  endpoint::IcmpError& e = info.icmp;
  switch (code) {
    case 2:
      e.kind = endpoint::IcmpErrorKind::kProtocolUnreachable;
      break;
    case 3:
      e.kind = endpoint::IcmpErrorKind::kPortUnreachable;
      break;
    case 4:
      // RFC 1191 §4: the Next-Hop MTU sits in the low 16 bits of the
      // second word (0 from routers that predate it).
      e.kind = endpoint::IcmpErrorKind::kPacketTooBig;
      e.next_hop_mtu = LoadBe16(h + 6);
      break;
    default:
      e.kind = endpoint::IcmpErrorKind::kUnreachable;
      break;
  }
  if (!DecodeQuotedIpv4(v, l4 + 8, end, ctx, e)) {
    return Dropped(info, RxDropReason::kBadIcmp);
  }
  info.kind = FrameKind::kIcmpError;
}

// RFC 4861 §4.6: options after the fixed part; the one link-layer address
// option of `wanted_type` (1 source, 2 target) is returned.
bool ParseNdOptions(const buf::PacketView& v, size_t offset, size_t end,
                    uint8_t wanted_type, NeighborMessage& nd) noexcept {
  while (offset < end) {
    uint8_t scratch[8];
    const uint8_t* o = offset + 2 <= end ? v.Read(offset, 2, scratch) : nullptr;
    if (o == nullptr) {
      return false;
    }
    const size_t length = size_t{o[1]} * 8;
    // RFC 4861 §4.6: "Nodes MUST silently discard an ND packet that
    // contains an option with length zero."
    if (length == 0 || offset + length > end) {
      return false;
    }
    if (o[0] == wanted_type && length == 8) {
      const uint8_t* opt = v.Read(offset, 8, scratch);
      if (opt == nullptr) {
        return false;
      }
      nd.has_link_layer_address = true;
      std::memcpy(nd.link_layer_address.data(), opt + 2, 6);
    }
    offset += length;
  }
  return true;
}

void ClassifyNeighborDiscovery(const buf::PacketView& v, size_t l4,
                               size_t end, uint8_t type,
                               uint8_t hop_limit,
                               FrameInfo& info) noexcept {
  uint8_t scratch[kNdMessageSize];
  const uint8_t* h =
      l4 + kNdMessageSize <= end ? v.Read(l4, kNdMessageSize, scratch)
                                 : nullptr;
  // RFC 4861 §7.1.1 / §7.1.2: hop limit 255 (not forwarded by a router),
  // code 0, at least 24 octets, target not multicast.
  if (h == nullptr || hop_limit != kNdHopLimit || h[1] != 0 ||
      h[8] == 0xff) {
    return Dropped(info, RxDropReason::kBadNeighborDiscovery);
  }
  NeighborMessage& nd = info.nd;
  nd.target = IpAddress::V6(std::span<const uint8_t, 16>(h + 8, 16));
  const bool is_ns = type == 135;
  if (!is_ns) {
    nd.router = (h[4] & 0x80) != 0;
    nd.solicited = (h[4] & 0x40) != 0;
    nd.override_flag = (h[4] & 0x20) != 0;
  }
  if (!ParseNdOptions(v, l4 + kNdMessageSize, end, is_ns ? 1 : 2, nd)) {
    return Dropped(info, RxDropReason::kBadNeighborDiscovery);
  }
  const bool dst_multicast = info.addresses.dst.bytes[0] == 0xff;
  if (is_ns) {
    // RFC 4861 §7.1.1: from the unspecified address (Duplicate Address
    // Detection) only to a solicited-node group, and without a source
    // link-layer address option.
    if (IsUnspecified(info.addresses.src) &&
        (!dst_multicast || nd.has_link_layer_address ||
         info.addresses.dst == AllNodesAddress())) {
      return Dropped(info, RxDropReason::kBadNeighborDiscovery);
    }
    info.kind = FrameKind::kNeighborSolicitation;
  } else {
    // RFC 4861 §7.1.2: "If the IP Destination Address is a multicast
    // address the Solicited flag is zero."
    if (dst_multicast && nd.solicited) {
      return Dropped(info, RxDropReason::kBadNeighborDiscovery);
    }
    info.kind = FrameKind::kNeighborAdvertisement;
  }
}

void ClassifyIcmpv6(const buf::PacketView& v, size_t l4, size_t end,
                    uint8_t hop_limit, bool dst_unicast,
                    const ClassifyContext& ctx, FrameInfo& info) noexcept {
  uint8_t scratch[8];
  const uint8_t* h = l4 + 8 <= end ? v.Read(l4, 8, scratch) : nullptr;
  if (h == nullptr) {
    return Dropped(info, RxDropReason::kBadIcmp);
  }
  // RFC 4443 §2.3: the checksum covers a pseudo-header.
  const auto length = static_cast<uint32_t>(end - l4);
  if (VerifyChecksum(v, l4, length,
                     PseudoHeaderSum(info.addresses, kIpProtocolIcmpv6,
                                     length)) != 0) {
    return Dropped(info, RxDropReason::kBadIcmp);
  }
  const uint8_t type = h[0];
  const uint8_t code = h[1];
  if (type == 135 || type == 136) {
    return ClassifyNeighborDiscovery(v, l4, end, type, hop_limit, info);
  }
  // Everything else only to our unicast addresses.
  if (!dst_unicast) {
    return Dropped(info, RxDropReason::kNotForUs);
  }
  endpoint::IcmpError& e = info.icmp;
  switch (type) {
    case 1:  // Destination Unreachable (RFC 4443 §3.1)
      e.kind = code == 4 ? endpoint::IcmpErrorKind::kPortUnreachable
                         : endpoint::IcmpErrorKind::kUnreachable;
      break;
    case 2:  // Packet Too Big (RFC 4443 §3.2)
      e.kind = endpoint::IcmpErrorKind::kPacketTooBig;
      e.next_hop_mtu = LoadBe32(h + 4);
      break;
    case 4:  // Parameter Problem (RFC 4443 §3.4)
      if (code != 1) {  // 1: unrecognized Next Header type
        return Dropped(info, RxDropReason::kUnhandledIcmp);
      }
      e.kind = endpoint::IcmpErrorKind::kProtocolUnreachable;
      break;
    case 128:  // Echo Request (RFC 4443 §4.1)
      if (code != 0) {
        return Dropped(info, RxDropReason::kUnhandledIcmp);
      }
      info.kind = FrameKind::kEchoRequest;
      info.icmp_offset = static_cast<uint32_t>(l4);
      info.icmp_length = length;
      return;
    default:
      return Dropped(info, RxDropReason::kUnhandledIcmp);
  }
  if (!DecodeQuotedIpv6(v, l4 + 8, end, ctx, e)) {
    return Dropped(info, RxDropReason::kBadIcmp);
  }
  info.kind = FrameKind::kIcmpError;
}

void ClassifyIpv4(const buf::PacketView& v, size_t l3,
                  const ClassifyContext& ctx, FrameInfo& info) noexcept {
  uint8_t scratch[60];
  const uint8_t* h = v.Read(l3, kIpv4HeaderSize, scratch);
  if (h == nullptr) {
    return Dropped(info, RxDropReason::kTooShort);
  }
  const size_t ihl = size_t{h[0] & 0x0Fu} * 4;
  if ((h[0] >> 4) != 4 || ihl < kIpv4HeaderSize) {
    return Dropped(info, RxDropReason::kBadIpHeader);
  }
  if (ihl > kIpv4HeaderSize) {
    h = v.Read(l3, ihl, scratch);
    if (h == nullptr) {
      return Dropped(info, RxDropReason::kTooShort);
    }
  }
  // Total Length bounds the packet: Ethernet padding after it is ignored.
  const size_t total_length = LoadBe16(h + 2);
  if (total_length < ihl || total_length > v.size() - l3) {
    return Dropped(info, RxDropReason::kBadIpHeader);
  }
  if (!ctx.ipv4_checksum_good &&
      InternetChecksumFinish(InternetChecksumAdd(0, {h, ihl})) != 0) {
    return Dropped(info, RxDropReason::kBadIpv4Checksum);
  }
  info.addresses.src = IpAddress::V4(std::span<const uint8_t, 4>(h + 12, 4));
  info.addresses.dst = IpAddress::V4(std::span<const uint8_t, 4>(h + 16, 4));
  // Broadcast and multicast carry nothing for SCTP (RFC 9260 §3: unicast).
  if (!IsOurs(ctx.addresses, info.addresses.dst)) {
    return Dropped(info, RxDropReason::kNotForUs);
  }
  if ((LoadBe16(h + 6) & (kIpv4MoreFragments | kIpv4FragmentOffsetMask)) !=
      0) {
    return Dropped(info, RxDropReason::kFragment);
  }
  const size_t l4 = l3 + ihl;
  const size_t end = l3 + total_length;
  switch (h[9]) {
    case kIpProtocolSctp:
      return ClassifySctp(l4, end, info);
    case kIpProtocolUdp:
      return ClassifyUdp(v, l4, end, ctx, info);
    case kIpProtocolIcmp:
      return ClassifyIcmpv4(v, l4, end, ctx, info);
    default:
      return Dropped(info, RxDropReason::kNotSctp);
  }
}

void ClassifyIpv6(const buf::PacketView& v, size_t l3,
                  const ClassifyContext& ctx, FrameInfo& info) noexcept {
  uint8_t scratch[kIpv6HeaderSize];
  const uint8_t* h = v.Read(l3, kIpv6HeaderSize, scratch);
  if (h == nullptr) {
    return Dropped(info, RxDropReason::kTooShort);
  }
  if ((h[0] >> 4) != 6) {
    return Dropped(info, RxDropReason::kBadIpHeader);
  }
  // Payload Length bounds the packet. Zero (a jumbogram, RFC 2675) needs a
  // Hop-by-Hop option we do not parse, and is shorter than anything useful.
  const size_t payload_length = LoadBe16(h + 4);
  if (payload_length > v.size() - l3 - kIpv6HeaderSize) {
    return Dropped(info, RxDropReason::kBadIpHeader);
  }
  info.addresses.src = IpAddress::V6(std::span<const uint8_t, 16>(h + 8, 16));
  info.addresses.dst = IpAddress::V6(std::span<const uint8_t, 16>(h + 24, 16));
  const bool dst_unicast = IsOurs(ctx.addresses, info.addresses.dst);
  if (!dst_unicast && !IsOurNdMulticast(ctx.addresses, info.addresses.dst)) {
    return Dropped(info, RxDropReason::kNotForUs);
  }
  const uint8_t hop_limit = h[7];
  const size_t end = l3 + kIpv6HeaderSize + payload_length;
  UpperLayer upper;
  if (auto why = WalkIpv6Extensions(v, h[6], l3 + kIpv6HeaderSize, end,
                                    upper)) {
    return Dropped(info, *why);
  }
  if (upper.protocol == kIpProtocolIcmpv6) {
    return ClassifyIcmpv6(v, upper.offset, end, hop_limit, dst_unicast, ctx,
                          info);
  }
  if (!dst_unicast) {
    return Dropped(info, RxDropReason::kNotForUs);
  }
  switch (upper.protocol) {
    case kIpProtocolSctp:
      return ClassifySctp(upper.offset, end, info);
    case kIpProtocolUdp:
      return ClassifyUdp(v, upper.offset, end, ctx, info);
    default:
      return Dropped(info, RxDropReason::kNotSctp);
  }
}

void ClassifyArp(const buf::PacketView& v, size_t l3,
                 FrameInfo& info) noexcept {
  uint8_t scratch[kArpSize];
  const uint8_t* a = v.Read(l3, kArpSize, scratch);
  if (a == nullptr) {
    return Dropped(info, RxDropReason::kTooShort);
  }
  // RFC 826: Ethernet hardware (1), IPv4 protocol, 6- and 4-byte lengths.
  const uint16_t op = LoadBe16(a + 6);
  if (LoadBe16(a) != 1 || LoadBe16(a + 2) != kEtherTypeIpv4 || a[4] != 6 ||
      a[5] != 4 || (op != 1 && op != 2) || (a[8] & 1) != 0) {
    return Dropped(info, RxDropReason::kBadArp);
  }
  ArpMessage& arp = info.arp;
  arp.operation = op;
  std::memcpy(arp.sender_mac.data(), a + 8, 6);
  arp.sender_ip = IpAddress::V4(std::span<const uint8_t, 4>(a + 14, 4));
  arp.target_ip = IpAddress::V4(std::span<const uint8_t, 4>(a + 24, 4));
  info.kind = FrameKind::kArp;
}

void WriteIpv4Header(uint8_t* ip, const PacketAddresses& a, uint8_t protocol,
                     size_t total_length, uint8_t ttl,
                     bool dont_fragment) noexcept {
  ip[0] = 0x45;  // version 4, IHL 5
  ip[1] = 0;
  StoreBe16(ip + 2, static_cast<uint16_t>(total_length));
  // RFC 6864 §4.1: the Identification of an atomic datagram (DF set) has
  // no meaning, so it stays 0.
  StoreBe16(ip + 4, 0);
  StoreBe16(ip + 6, dont_fragment ? kIpv4DontFragment : 0);
  ip[8] = ttl;
  ip[9] = protocol;
  StoreBe16(ip + 10, 0);
  std::memcpy(ip + 12, a.src.bytes.data(), 4);
  std::memcpy(ip + 16, a.dst.bytes.data(), 4);
  StoreBe16(ip + 10, InternetChecksumFinish(
                         InternetChecksumAdd(0, {ip, kIpv4HeaderSize})));
}

void WriteIpv6Header(uint8_t* ip, const PacketAddresses& a, uint8_t next,
                     size_t payload_length, uint8_t hop_limit) noexcept {
  StoreBe32(ip, uint32_t{6} << 28);
  StoreBe16(ip + 4, static_cast<uint16_t>(payload_length));
  ip[6] = next;
  ip[7] = hop_limit;
  std::memcpy(ip + 8, a.src.bytes.data(), 16);
  std::memcpy(ip + 24, a.dst.bytes.data(), 16);
}

}  // namespace

std::string_view ToString(RxDropReason r) noexcept {
  switch (r) {
    case RxDropReason::kTooShort: return "too_short";
    case RxDropReason::kWrongVlan: return "wrong_vlan";
    case RxDropReason::kNotForUs: return "not_for_us";
    case RxDropReason::kBadIpHeader: return "bad_ip_header";
    case RxDropReason::kBadIpv4Checksum: return "bad_ipv4_checksum";
    case RxDropReason::kFragment: return "fragment";
    case RxDropReason::kIpv6ExtensionHeader: return "ipv6_extension_header";
    case RxDropReason::kNotSctp: return "not_sctp";
    case RxDropReason::kUnsupportedEtherType: return "unsupported_ether_type";
    case RxDropReason::kBadArp: return "bad_arp";
    case RxDropReason::kBadIcmp: return "bad_icmp";
    case RxDropReason::kMalformedEncapsulation:
      return "malformed_encapsulation";
    case RxDropReason::kUnhandledIcmp: return "unhandled_icmp";
    case RxDropReason::kBadNeighborDiscovery: return "bad_neighbor_discovery";
    case RxDropReason::kCount: break;
  }
  return "unknown";
}

bool InPrefix(const IpPrefix& prefix, const IpAddress& a) noexcept {
  if (prefix.address.family != a.family || a.empty()) {
    return false;
  }
  const size_t bits = std::min<size_t>(prefix.prefix_length,
                                       a.wire_bytes().size() * 8);
  // Two masked 64-bit compares (it runs on every Send()): the first `bits`
  // bits of the 16 bytes, in network order.
  const uint64_t hi_mask =
      bits == 0 ? 0 : (bits >= 64 ? ~uint64_t{0} : ~uint64_t{0} << (64 - bits));
  const uint64_t lo_mask =
      bits <= 64 ? 0
                 : (bits >= 128 ? ~uint64_t{0} : ~uint64_t{0} << (128 - bits));
  const uint8_t* p = prefix.address.bytes.data();
  const uint8_t* x = a.bytes.data();
  return ((LoadBe64(p) ^ LoadBe64(x)) & hi_mask) == 0 &&
         ((LoadBe64(p + 8) ^ LoadBe64(x + 8)) & lo_mask) == 0;
}

uint32_t InternetChecksumAdd(uint32_t sum,
                             std::span<const uint8_t> data) noexcept {
  bool odd = false;
  return Fold(SumSpan(data, sum, odd));
}

uint16_t InternetChecksumFinish(uint32_t sum) noexcept {
  return static_cast<uint16_t>(~Fold(sum));
}

uint32_t PseudoHeaderSum(const PacketAddresses& addresses, uint8_t protocol,
                         uint32_t length) noexcept {
  // Addresses are 4 or 16 bytes: whole words.
  const std::span<const uint8_t> src = addresses.src.wire_bytes();
  const std::span<const uint8_t> dst = addresses.dst.wire_bytes();
  uint64_t sum = SumWords(src.data(), src.size());
  sum += SumWords(dst.data(), dst.size());
  sum += protocol;
  sum += length >> 16;
  sum += length & 0xFFFF;
  return Fold(sum);
}

IpAddress SolicitedNodeAddress(const IpAddress& a) noexcept {
  uint8_t b[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 0};
  b[13] = a.bytes[13];
  b[14] = a.bytes[14];
  b[15] = a.bytes[15];
  return IpAddress::V6(std::span<const uint8_t, 16>(b, 16));
}

MacAddress Ipv6MulticastMac(const IpAddress& a) noexcept {
  return {0x33, 0x33, a.bytes[12], a.bytes[13], a.bytes[14], a.bytes[15]};
}

namespace {

void ClassifyFrameInto(const buf::PacketView& frame,
                       const ClassifyContext& ctx, FrameInfo& info) noexcept {
  uint8_t scratch[kEthernetHeaderSize + kVlanTagSize];
  const uint8_t* eth = frame.Read(0, kEthernetHeaderSize, scratch);
  if (eth == nullptr) {
    return Dropped(info, RxDropReason::kTooShort);
  }
  std::memcpy(info.source_mac.data(), eth + 6, 6);
  // Unicast must be ours; broadcast and multicast are judged at L3 (ARP,
  // solicited-node groups).
  const bool group = (eth[0] & 1) != 0;
  if (!group && !SameMac(eth, ctx.mac)) {
    return Dropped(info, RxDropReason::kNotForUs);
  }
  uint16_t ether_type = LoadBe16(eth + 12);
  size_t l3 = kEthernetHeaderSize;
  bool tagged = ctx.vlan_stripped;
  uint16_t vid = ctx.vlan_stripped ? (ctx.stripped_vlan_tci & 0x0FFF) : 0;
  if (ether_type == kEtherTypeVlan) {
    const uint8_t* tag = frame.Read(kEthernetHeaderSize, kVlanTagSize, scratch);
    if (tag == nullptr) {
      return Dropped(info, RxDropReason::kTooShort);
    }
    if (tagged) {  // a second tag: QinQ is not ours
      return Dropped(info, RxDropReason::kWrongVlan);
    }
    tagged = true;
    vid = LoadBe16(tag) & 0x0FFF;
    ether_type = LoadBe16(tag + 2);
    l3 += kVlanTagSize;
  }
  if (ether_type == kEtherTypeVlan || ether_type == kEtherTypeQinQ) {
    return Dropped(info, RxDropReason::kWrongVlan);
  }
  // VID 0 is a priority tag (IEEE 802.1Q): the frame belongs to the
  // untagged network.
  if (vid != ctx.vlan_id) {
    return Dropped(info, RxDropReason::kWrongVlan);
  }
  info.l3_offset = static_cast<uint32_t>(l3);
  switch (ether_type) {
    case kEtherTypeIpv4:
      return ClassifyIpv4(frame, l3, ctx, info);
    case kEtherTypeIpv6:
      return ClassifyIpv6(frame, l3, ctx, info);
    case kEtherTypeArp:
      return ClassifyArp(frame, l3, info);
    default:
      return Dropped(info, RxDropReason::kUnsupportedEtherType);
  }
}


// The frame almost every packet arrives in, classified without building a
// FrameInfo: untagged IPv4 without options carrying SCTP to one of our
// addresses, `size` contiguous bytes. Fills `out` exactly as the full path
// would and returns true; returns false, leaving `out` alone, for anything
// else, which ClassifyFrameInto() then judges the long way.
bool ClassifyPlainSctpIpv4(const uint8_t* frame, size_t size,
                           const ClassifyContext& ctx,
                           RxResult& out) noexcept {
  constexpr size_t kHeaders = kEthernetHeaderSize + kIpv4HeaderSize;
  if (size < kHeaders || ctx.vlan_id != 0 || ctx.vlan_stripped) {
    return false;
  }
  if ((frame[0] & 1) != 0 || !SameMac(frame, ctx.mac) ||
      LoadBe16(frame + 12) != kEtherTypeIpv4) {
    return false;
  }
  const uint8_t* h = frame + kEthernetHeaderSize;
  if (h[0] != 0x45 || h[9] != kIpProtocolSctp) {
    return false;
  }
  const size_t total_length = LoadBe16(h + 2);
  if (total_length < kIpv4HeaderSize + kSctpCommonHeaderSize ||
      total_length > size - kEthernetHeaderSize) {
    return false;
  }
  if ((LoadBe16(h + 6) & (kIpv4MoreFragments | kIpv4FragmentOffsetMask)) !=
      0) {
    return false;
  }
  if (!ctx.ipv4_checksum_good &&
      InternetChecksumFinish(InternetChecksumAdd(0, {h, kIpv4HeaderSize})) !=
          0) {
    return false;
  }
  const IpAddress dst = IpAddress::V4(std::span<const uint8_t, 4>(h + 16, 4));
  if (!IsOurs(ctx.addresses, dst)) {
    return false;
  }
  out.kind = RxKind::kSctp;
  out.sctp_offset = static_cast<uint32_t>(kHeaders);
  out.sctp_length = static_cast<uint32_t>(total_length - kIpv4HeaderSize);
  out.addresses.src = IpAddress::V4(std::span<const uint8_t, 4>(h + 12, 4));
  out.addresses.dst = dst;
  return true;
}

}  // namespace

FrameInfo ClassifyFrame(const buf::PacketView& frame,
                        const ClassifyContext& ctx) noexcept {
  FrameInfo info;
  ClassifyFrameInto(frame, ctx, info);
  return info;
}

// ---------------------------------------------------------------------------

NetInterface::NetInterface(const InterfaceConfig& config, rte_mempool* pool)
    : config_(config),
      pool_(pool),
      neighbors_(std::max<uint32_t>(config.neighbor_capacity, 1),
                 config.max_pending_packets),
      encap_peers_(std::max<uint32_t>(config.encapsulation_peer_capacity, 1)),
      encap_index_(std::max<uint32_t>(config.encapsulation_peer_capacity, 1)) {
  encap_free_.reserve(encap_peers_.size());
  for (size_t i = encap_peers_.size(); i > 0; --i) {
    encap_free_.push_back(static_cast<uint32_t>(i - 1));
  }
}

NetInterface::~NetInterface() { Clear(); }

void NetInterface::Clear() noexcept {
  neighbors_.ForEach([this](NeighborEntry& e) {
    while (rte_mbuf* m = neighbors_.PopPending(e)) {
      rte_pktmbuf_free(m);
    }
    neighbors_.Erase(e);
  });
  next_timeout_.reset();
}

bool NetInterface::IsLocalAddress(const IpAddress& a) const noexcept {
  return IsOurs(config_.addresses, a);
}

ClassifyContext NetInterface::Context(const rte_mbuf* m) const noexcept {
  ClassifyContext ctx;
  ctx.mac = config_.mac;
  ctx.vlan_id = config_.vlan_id;
  ctx.addresses = config_.addresses;
  ctx.udp_encapsulation_port = config_.udp_encapsulation_port;
  ctx.ipv4_checksum_good = (m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) ==
                           RTE_MBUF_F_RX_IP_CKSUM_GOOD;
  ctx.vlan_stripped = (m->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED) != 0;
  ctx.stripped_vlan_tci = m->vlan_tci;
  return ctx;
}

void NetInterface::Count(RxDropReason r) noexcept {
  ++counters_.rx_dropped;
  ++counters_.drops[static_cast<size_t>(r)];
  if (r == RxDropReason::kFragment) {
    ++counters_.fragments_dropped;
  }
}

void NetInterface::LowerNextTimeout(TimePoint t) noexcept {
  if (!next_timeout_ || t < *next_timeout_) {
    next_timeout_ = t;
  }
}

std::optional<TimePoint> NetInterface::NextTimeout() const noexcept {
  return next_timeout_;
}

RxResult NetInterface::Receive(rte_mbuf* m, TimePoint now, FrameSink& tx,
                               bool learn_only) noexcept {
  RxResult result;
  const ClassifyContext ctx = Context(m);
  if (!learn_only && m->next == nullptr && m->data_len == m->pkt_len &&
      ClassifyPlainSctpIpv4(rte_pktmbuf_mtod(m, const uint8_t*), m->data_len,
                            ctx, result)) {
    // The same bookkeeping as the kSctp case below, for a plain packet.
    ++counters_.rx_frames;
    ++counters_.rx_sctp;
    if (encap_index_.size() != 0) {
      ForgetEncapsulation(result.addresses.src);
    }
    return result;
  }
  FrameInfo info;
  if (auto view = PacketViewFromMbuf(m, 0, m->pkt_len)) {
    ClassifyFrameInto(*view, ctx, info);
  } else {
    Dropped(info, RxDropReason::kTooShort);
  }
  if (learn_only) {
    ++counters_.rx_learn_only;
    result.kind = RxKind::kConsumed;
    switch (info.kind) {
      case FrameKind::kArp:
        HandleArp(info, now, tx, true, result);
        break;
      case FrameKind::kNeighborSolicitation:
        HandleNeighborSolicitation(info, now, tx, true, result);
        break;
      case FrameKind::kNeighborAdvertisement:
        HandleNeighborAdvertisement(info, now, tx, true, result);
        break;
      default:
        result.kind = RxKind::kDropped;
        result.drop_reason = info.drop_reason;
        break;
    }
    result.share_with_other_shards = false;
    return result;
  }
  ++counters_.rx_frames;
  switch (info.kind) {
    case FrameKind::kSctp:
      result.kind = RxKind::kSctp;
      result.sctp_offset = info.sctp_offset;
      result.sctp_length = info.sctp_length;
      result.addresses = info.addresses;
      result.udp_encapsulated = info.udp_encapsulated;
      result.udp_source_port = info.udp_source_port;
      ++counters_.rx_sctp;
      // RFC 6951 §5.5: the UDP source port is stored as the encapsulation
      // port of the address the packet came from, and a plain SCTP packet
      // from it turns encapsulation off again.
      if (info.udp_encapsulated) {
        ++counters_.rx_udp_encapsulated;
        LearnEncapsulation(info.addresses.src, info.udp_source_port, now);
      } else if (encap_index_.size() != 0) {
        ForgetEncapsulation(info.addresses.src);
      }
      return result;
    case FrameKind::kIcmpError:
      result.kind = RxKind::kIcmpError;
      result.icmp = info.icmp;
      result.addresses = info.addresses;
      ++counters_.icmp_errors;
      return result;
    case FrameKind::kArp:
      HandleArp(info, now, tx, false, result);
      break;
    case FrameKind::kNeighborSolicitation:
      HandleNeighborSolicitation(info, now, tx, false, result);
      break;
    case FrameKind::kNeighborAdvertisement:
      HandleNeighborAdvertisement(info, now, tx, false, result);
      break;
    case FrameKind::kEchoRequest:
      result.kind = RxKind::kConsumed;
      HandleEchoRequest(m, info, tx);
      break;
    case FrameKind::kDropped:
      result.kind = RxKind::kDropped;
      result.drop_reason = info.drop_reason;
      break;
  }
  if (result.kind == RxKind::kDropped) {
    Count(result.drop_reason);
  }
  return result;
}

void NetInterface::HandleArp(const FrameInfo& info, TimePoint now,
                             FrameSink& tx, bool learn_only,
                             RxResult& result) noexcept {
  const ArpMessage& arp = info.arp;
  const bool target_ours = IsLocalAddress(arp.target_ip);
  // RFC 5227 probes come from 0.0.0.0: nothing to learn. Nor from a frame
  // claiming one of our own addresses.
  const bool can_learn =
      !IsUnspecified(arp.sender_ip) && !IsLocalAddress(arp.sender_ip);
  result.kind = RxKind::kConsumed;
  if (arp.operation == 1 && target_ours) {
    // RFC 826: "If the opcode is ares_op$REQUEST ... swap fields, putting
    // the local hardware and protocol addresses in the sender fields."
    if (!learn_only) {
      rte_mbuf* reply = rte_pktmbuf_alloc(pool_);
      if (reply == nullptr) {
        ++counters_.reply_pool_empty;
      } else {
        const size_t l2 = L2Size();
        const size_t len = std::max(l2 + kArpSize, kMinFrameSize);
        auto* p = reinterpret_cast<uint8_t*>(rte_pktmbuf_append(reply, len));
        if (p == nullptr) {
          rte_pktmbuf_free(reply);
          ++counters_.reply_pool_empty;
        } else {
          std::memset(p, 0, len);
          uint8_t* a = p + WriteL2(p, arp.sender_mac, kEtherTypeArp);
          StoreBe16(a, 1);
          StoreBe16(a + 2, kEtherTypeIpv4);
          a[4] = 6;
          a[5] = 4;
          StoreBe16(a + 6, 2);
          std::memcpy(a + 8, config_.mac.data(), 6);
          std::memcpy(a + 14, arp.target_ip.bytes.data(), 4);
          std::memcpy(a + 18, arp.sender_mac.data(), 6);
          std::memcpy(a + 24, arp.sender_ip.bytes.data(), 4);
          PushFrame(reply, tx);
          ++counters_.arp_requests_answered;
        }
      }
    }
    // RFC 826: the requester's mapping is merged (or added, the request
    // being for us).
    if (can_learn) {
      Learn(arp.sender_ip, arp.sender_mac, now, true, tx);
      result.share_with_other_shards = true;
    }
    return;
  }
  if (arp.sender_ip == arp.target_ip && can_learn) {
    // Gratuitous ARP (request or reply): an announcement, so only
    // existing entries change.
    if (!learn_only) {
      ++counters_.arp_gratuitous_received;
    }
    Learn(arp.sender_ip, arp.sender_mac, now, false, tx);
    result.share_with_other_shards = true;
    return;
  }
  if (arp.operation == 2 && target_ours && can_learn) {
    if (!learn_only) {
      ++counters_.arp_replies_received;
    }
    Learn(arp.sender_ip, arp.sender_mac, now, true, tx);
    result.share_with_other_shards = true;
    return;
  }
  result.kind = RxKind::kDropped;
  result.drop_reason = RxDropReason::kNotForUs;
}

void NetInterface::HandleNeighborSolicitation(const FrameInfo& info,
                                              TimePoint now, FrameSink& tx,
                                              bool learn_only,
                                              RxResult& result) noexcept {
  const NeighborMessage& nd = info.nd;
  if (!IsLocalAddress(nd.target)) {
    result.kind = RxKind::kDropped;
    result.drop_reason = RxDropReason::kNotForUs;
    return;
  }
  result.kind = RxKind::kConsumed;
  const bool dad = IsUnspecified(info.addresses.src);
  // RFC 4861 §7.2.3: a solicitation with a source link-layer address
  // creates or updates the sender's entry.
  if (!dad && nd.has_link_layer_address) {
    Learn(info.addresses.src, nd.link_layer_address, now, true, tx);
    result.share_with_other_shards = true;
  }
  if (learn_only) {
    return;
  }
  rte_mbuf* reply = rte_pktmbuf_alloc(pool_);
  if (reply == nullptr) {
    ++counters_.reply_pool_empty;
    return;
  }
  constexpr size_t kNaSize = kNdMessageSize + 8;  // + target LL option
  const size_t l2 = L2Size();
  auto* p = reinterpret_cast<uint8_t*>(
      rte_pktmbuf_append(reply, l2 + kIpv6HeaderSize + kNaSize));
  if (p == nullptr) {
    rte_pktmbuf_free(reply);
    ++counters_.reply_pool_empty;
    return;
  }
  // RFC 4861 §7.2.4: to the solicitor, or to all-nodes (Solicited flag
  // clear) when it came from the unspecified address.
  PacketAddresses a;
  a.src = nd.target;
  a.dst = dad ? AllNodesAddress() : info.addresses.src;
  const MacAddress dst_mac = dad ? Ipv6MulticastMac(a.dst)
                             : nd.has_link_layer_address
                                 ? nd.link_layer_address
                                 : info.source_mac;
  uint8_t* ip = p + WriteL2(p, dst_mac, kEtherTypeIpv6);
  WriteIpv6Header(ip, a, kIpProtocolIcmpv6, kNaSize, kNdHopLimit);
  uint8_t* icmp = ip + kIpv6HeaderSize;
  std::memset(icmp, 0, kNaSize);
  icmp[0] = 136;
  icmp[4] = static_cast<uint8_t>((dad ? 0 : 0x40) | 0x20);  // S, O
  std::memcpy(icmp + 8, nd.target.bytes.data(), 16);
  icmp[24] = 2;  // Target Link-Layer Address
  icmp[25] = 1;
  std::memcpy(icmp + 26, config_.mac.data(), 6);
  StoreBe16(icmp + 2,
            InternetChecksumFinish(InternetChecksumAdd(
                PseudoHeaderSum(a, kIpProtocolIcmpv6, kNaSize),
                {icmp, kNaSize})));
  PushFrame(reply, tx);
  ++counters_.nd_solicitations_answered;
}

void NetInterface::HandleNeighborAdvertisement(const FrameInfo& info,
                                               TimePoint now, FrameSink& tx,
                                               bool learn_only,
                                               RxResult& result) noexcept {
  result.kind = RxKind::kConsumed;
  if (!learn_only) {
    ++counters_.nd_advertisements_received;
  }
  // RFC 4861 §7.2.5: without a target link-layer address an incomplete
  // entry cannot complete, and with no entry the advertisement is
  // silently discarded.
  if (!info.nd.has_link_layer_address || IsLocalAddress(info.nd.target)) {
    return;
  }
  // RFC 4861 §7.2.5: without the Override flag a different link-layer
  // address does not replace a known one.
  const NeighborEntry* e = neighbors_.Find(info.nd.target);
  if (e != nullptr && e->state != NeighborState::kIncomplete &&
      !info.nd.override_flag && e->mac != info.nd.link_layer_address) {
    return;
  }
  Learn(info.nd.target, info.nd.link_layer_address, now, false, tx);
  result.share_with_other_shards = true;
}

void NetInterface::HandleEchoRequest(const rte_mbuf* m, const FrameInfo& info,
                                     FrameSink& tx) noexcept {
  const bool v4 = info.addresses.src.is_v4();
  const size_t ip_header = v4 ? kIpv4HeaderSize : kIpv6HeaderSize;
  const size_t l2 = L2Size();
  const size_t len = l2 + ip_header + info.icmp_length;
  if (ip_header + info.icmp_length > config_.mtu) {
    return;
  }
  rte_mbuf* reply = rte_pktmbuf_alloc(pool_);
  if (reply == nullptr) {
    ++counters_.reply_pool_empty;
    return;
  }
  auto* p = reinterpret_cast<uint8_t*>(
      rte_pktmbuf_append(reply, std::max(len, kMinFrameSize)));
  const auto view = PacketViewFromMbuf(m);
  if (p == nullptr || !view) {
    rte_pktmbuf_free(reply);
    ++counters_.reply_pool_empty;
    return;
  }
  std::memset(p, 0, std::max(len, kMinFrameSize));
  PacketAddresses a{info.addresses.dst, info.addresses.src};
  uint8_t* ip = p + WriteL2(p, info.source_mac,
                            v4 ? kEtherTypeIpv4 : kEtherTypeIpv6);
  uint8_t* icmp = ip + ip_header;
  if (!view->CopyTo(info.icmp_offset, {icmp, info.icmp_length})) {
    rte_pktmbuf_free(reply);
    return;
  }
  // RFC 792 / RFC 4443 §4.2: same identifier, sequence and data; type
  // echo reply.
  icmp[0] = v4 ? 0 : 129;
  StoreBe16(icmp + 2, 0);
  uint32_t sum = 0;
  if (v4) {
    WriteIpv4Header(ip, a, kIpProtocolIcmp, ip_header + info.icmp_length,
                    config_.ttl, false);
  } else {
    WriteIpv6Header(ip, a, kIpProtocolIcmpv6, info.icmp_length, config_.ttl);
    sum = PseudoHeaderSum(a, kIpProtocolIcmpv6, info.icmp_length);
  }
  StoreBe16(icmp + 2, InternetChecksumFinish(InternetChecksumAdd(
                          sum, {icmp, info.icmp_length})));
  PushFrame(reply, tx);
  ++counters_.icmp_echo_answered;
}

void NetInterface::Learn(const IpAddress& ip, const MacAddress& mac,
                         TimePoint now, bool create, FrameSink& tx) noexcept {
  NeighborEntry* e = neighbors_.Find(ip);
  if (e == nullptr) {
    if (!create) {
      return;
    }
    e = neighbors_.Insert(ip);
    if (e == nullptr) {
      ++counters_.neighbor_cache_full;
      return;
    }
  }
  e->mac = mac;
  e->state = NeighborState::kReachable;
  e->attempts = 0;
  e->deadline = now + config_.neighbor_lifetime;
  LowerNextTimeout(e->deadline);
  ReleaseParked(*e, tx);
}

void NetInterface::ReleaseParked(NeighborEntry& e, FrameSink& tx) noexcept {
  while (rte_mbuf* m = neighbors_.PopPending(e)) {
    // Parked frames were built completely except for the destination MAC.
    std::memcpy(rte_pktmbuf_mtod(m, uint8_t*), e.mac.data(), 6);
    PushFrame(m, tx);
  }
}

void NetInterface::DropParked(NeighborEntry& e) noexcept {
  while (rte_mbuf* m = neighbors_.PopPending(e)) {
    rte_pktmbuf_free(m);
    ++counters_.tx_resolution_failed;
  }
}

bool NetInterface::PushFrame(rte_mbuf* m, FrameSink& tx) noexcept {
  if (!tx.Push(m)) {
    ++counters_.tx_sink_refused;
    return false;
  }
  ++counters_.tx_frames;
  return true;
}

size_t NetInterface::L2Size() const noexcept {
  return kEthernetHeaderSize + (config_.vlan_id != 0 ? kVlanTagSize : 0);
}

size_t NetInterface::WriteL2(uint8_t* p, const MacAddress& dst,
                             uint16_t ether_type) const noexcept {
  std::memcpy(p, dst.data(), 6);
  std::memcpy(p + 6, config_.mac.data(), 6);
  if (config_.vlan_id == 0) {
    StoreBe16(p + 12, ether_type);
    return kEthernetHeaderSize;
  }
  StoreBe16(p + 12, kEtherTypeVlan);
  StoreBe16(p + 14, config_.vlan_id & 0x0FFF);  // priority 0
  StoreBe16(p + 16, ether_type);
  return kEthernetHeaderSize + kVlanTagSize;
}

std::optional<IpAddress> NetInterface::SourceFor(
    const IpAddress& dst) const noexcept {
  const IpPrefix* first = nullptr;
  for (const IpPrefix& p : config_.addresses) {
    if (p.address.family != dst.family) {
      continue;
    }
    if (InPrefix(p, dst)) {
      return p.address;
    }
    if (first == nullptr) {
      first = &p;
    }
  }
  if (first == nullptr) {
    return std::nullopt;
  }
  return first->address;
}

std::optional<IpAddress> NetInterface::NextHop(
    const IpAddress& dst) const noexcept {
  // RFC 4861 §5.2: link-local destinations (fe80::/10) are on-link.
  if (dst.is_v6() && dst.bytes[0] == 0xfe && (dst.bytes[1] & 0xc0) == 0x80) {
    return dst;
  }
  for (const IpPrefix& p : config_.addresses) {
    if (InPrefix(p, dst)) {
      return dst;
    }
  }
  const IpAddress& gw = dst.is_v4() ? config_.gateway_v4 : config_.gateway_v6;
  if (gw.empty() || gw.family != dst.family) {
    return std::nullopt;
  }
  return gw;
}

void NetInterface::SendResolutionRequest(const NeighborEntry& e,
                                         FrameSink& tx) noexcept {
  const std::optional<IpAddress> src = SourceFor(e.address);
  if (!src) {
    return;
  }
  rte_mbuf* m = rte_pktmbuf_alloc(pool_);
  if (m == nullptr) {
    ++counters_.tx_pool_empty;
    return;
  }
  const size_t l2 = L2Size();
  if (e.address.is_v4()) {
    const size_t len = std::max(l2 + kArpSize, kMinFrameSize);
    auto* p = reinterpret_cast<uint8_t*>(rte_pktmbuf_append(m, len));
    if (p == nullptr) {
      rte_pktmbuf_free(m);
      ++counters_.tx_pool_empty;
      return;
    }
    std::memset(p, 0, len);
    uint8_t* a = p + WriteL2(p, kBroadcastMac, kEtherTypeArp);
    StoreBe16(a, 1);
    StoreBe16(a + 2, kEtherTypeIpv4);
    a[4] = 6;
    a[5] = 4;
    StoreBe16(a + 6, 1);
    std::memcpy(a + 8, config_.mac.data(), 6);
    std::memcpy(a + 14, src->bytes.data(), 4);
    // Target hardware address left zero: it is what we ask for.
    std::memcpy(a + 24, e.address.bytes.data(), 4);
    ++counters_.arp_requests_sent;
  } else {
    // RFC 4861 §7.2.2: to the solicited-node multicast address of the
    // target, with our link-layer address as an option.
    constexpr size_t kNsSize = kNdMessageSize + 8;
    auto* p = reinterpret_cast<uint8_t*>(
        rte_pktmbuf_append(m, l2 + kIpv6HeaderSize + kNsSize));
    if (p == nullptr) {
      rte_pktmbuf_free(m);
      ++counters_.tx_pool_empty;
      return;
    }
    PacketAddresses a{*src, SolicitedNodeAddress(e.address)};
    uint8_t* ip = p + WriteL2(p, Ipv6MulticastMac(a.dst), kEtherTypeIpv6);
    WriteIpv6Header(ip, a, kIpProtocolIcmpv6, kNsSize, kNdHopLimit);
    uint8_t* icmp = ip + kIpv6HeaderSize;
    std::memset(icmp, 0, kNsSize);
    icmp[0] = 135;
    std::memcpy(icmp + 8, e.address.bytes.data(), 16);
    icmp[24] = 1;  // Source Link-Layer Address
    icmp[25] = 1;
    std::memcpy(icmp + 26, config_.mac.data(), 6);
    StoreBe16(icmp + 2,
              InternetChecksumFinish(InternetChecksumAdd(
                  PseudoHeaderSum(a, kIpProtocolIcmpv6, kNsSize),
                  {icmp, kNsSize})));
    ++counters_.nd_solicitations_sent;
  }
  PushFrame(m, tx);
}

void NetInterface::LearnEncapsulation(const IpAddress& peer, uint16_t port,
                                      TimePoint now) noexcept {
  uint32_t i = encap_index_.Find(peer);
  if (i == IpIndex::kNotFound) {
    if (encap_free_.empty()) {
      // Forget the peer heard from longest ago.
      uint32_t oldest = 0;
      for (uint32_t j = 1; j < encap_peers_.size(); ++j) {
        if (encap_peers_[j].last_seen < encap_peers_[oldest].last_seen) {
          oldest = j;
        }
      }
      ForgetEncapsulation(encap_peers_[oldest].peer);
      ++counters_.encapsulation_peers_evicted;
    }
    i = encap_free_.back();
    encap_free_.pop_back();
    encap_peers_[i].peer = peer;
    encap_peers_[i].in_use = true;
    encap_index_.Insert(peer, i);
  }
  encap_peers_[i].port = port;
  encap_peers_[i].last_seen = now;
}

void NetInterface::ForgetEncapsulation(const IpAddress& peer) noexcept {
  const uint32_t i = encap_index_.Find(peer);
  if (i == IpIndex::kNotFound) {
    return;
  }
  encap_index_.Erase(peer);
  encap_peers_[i].in_use = false;
  encap_free_.push_back(i);
}

std::optional<uint16_t> NetInterface::EncapsulationPort(
    const IpAddress& peer) const noexcept {
  const uint32_t i = encap_index_.Find(peer);
  if (i == IpIndex::kNotFound) {
    return std::nullopt;
  }
  return encap_peers_[i].port;
}

bool NetInterface::Send(rte_mbuf* m, const PacketAddresses& addresses,
                        TimePoint now, FrameSink& tx) noexcept {
  PacketAddresses a = addresses;
  const auto drop = [m](uint64_t& counter) {
    ++counter;
    rte_pktmbuf_free(m);
    return false;
  };
  if (a.dst.empty()) {
    return drop(counters_.tx_no_route);
  }
  if (a.src.empty()) {
    const std::optional<IpAddress> src = SourceFor(a.dst);
    if (!src) {
      return drop(counters_.tx_no_source);
    }
    a.src = *src;
  } else if (a.src.family != a.dst.family || !IsLocalAddress(a.src)) {
    return drop(counters_.tx_no_source);
  }
  const std::optional<IpAddress> next_hop = NextHop(a.dst);
  if (!next_hop) {
    return drop(counters_.tx_no_route);
  }
  const bool v4 = a.dst.is_v4();
  std::optional<uint16_t> encap_port;
  if (config_.udp_encapsulation_port != 0 && encap_index_.size() != 0) {
    encap_port = EncapsulationPort(a.dst);
  }
  const size_t ip_header = v4 ? kIpv4HeaderSize : kIpv6HeaderSize;
  const size_t udp = encap_port ? kUdpHeaderSize : 0;
  const size_t ip_payload = size_t{m->pkt_len} + udp;
  if (ip_header + ip_payload > config_.mtu ||
      ip_header + ip_payload > 0xFFFF) {
    return drop(counters_.tx_too_big);
  }
  const size_t l2 = L2Size();
  if (rte_pktmbuf_headroom(m) < l2 + ip_header + udp) {
    return drop(counters_.tx_no_headroom);
  }
  uint16_t udp_checksum = 0;
  if (encap_port) {
    const auto view = PacketViewFromMbuf(m);
    if (!view || view->size() < kSctpCommonHeaderSize ||
        m->data_len < kSctpCommonHeaderSize) {
      return drop(counters_.tx_no_headroom);
    }
    // The NIC cannot put the CRC32c into an SCTP packet inside UDP: do it
    // here (RFC 6951 §5.4: "The SCTP checksum MUST be computed").
    if ((m->ol_flags & RTE_MBUF_F_TX_L4_MASK) == RTE_MBUF_F_TX_SCTP_CKSUM) {
      StoreBe32(rte_pktmbuf_mtod_offset(m, uint8_t*, crc::kSctpChecksumOffset),
                crc::SctpChecksum(*view));
      m->ol_flags &= ~(RTE_MBUF_F_TX_L4_MASK | RTE_MBUF_F_TX_IPV4 |
                       RTE_MBUF_F_TX_IPV6);
    }
    // RFC 6951 §5.4: the UDP checksum SHOULD be computed for IPv4 and IPv6
    // (IPv6 requires it anyway, RFC 8200 §8.1).
    const auto udp_length = static_cast<uint32_t>(ip_payload);
    uint8_t header[kUdpHeaderSize];
    StoreBe16(header, config_.udp_encapsulation_port);
    StoreBe16(header + 2, *encap_port);
    StoreBe16(header + 4, static_cast<uint16_t>(udp_length));
    StoreBe16(header + 6, 0);
    uint64_t sum = PseudoHeaderSum(a, kIpProtocolUdp, udp_length);
    sum += InternetChecksumAdd(0, header);
    sum += Fold(SumView(*view, 0));
    udp_checksum = InternetChecksumFinish(Fold(sum));
    if (udp_checksum == 0) {
      udp_checksum = 0xFFFF;  // RFC 768: zero means "no checksum"
    }
  }
  auto* p = reinterpret_cast<uint8_t*>(
      rte_pktmbuf_prepend(m, static_cast<uint16_t>(l2 + ip_header + udp)));
  if (p == nullptr) {
    return drop(counters_.tx_no_headroom);
  }
  // Destination MAC filled in once the next hop is known.
  uint8_t* ip = p + WriteL2(p, MacAddress{}, v4 ? kEtherTypeIpv4
                                                : kEtherTypeIpv6);
  const uint8_t protocol = encap_port ? kIpProtocolUdp : kIpProtocolSctp;
  if (v4) {
    // RFC 9260 §7.3 path MTU discovery: DF set.
    WriteIpv4Header(ip, a, protocol, ip_header + ip_payload, config_.ttl,
                    true);
  } else {
    WriteIpv6Header(ip, a, protocol, ip_payload, config_.ttl);
  }
  if (encap_port) {
    uint8_t* u = ip + ip_header;
    StoreBe16(u, config_.udp_encapsulation_port);
    StoreBe16(u + 2, *encap_port);
    StoreBe16(u + 4, static_cast<uint16_t>(ip_payload));
    StoreBe16(u + 6, udp_checksum);
    ++counters_.tx_udp_encapsulated;
  }
  m->l2_len = static_cast<uint16_t>(l2) & 0x7F;
  m->l3_len = static_cast<uint16_t>(ip_header) & 0x1FF;
  if ((m->ol_flags & RTE_MBUF_F_TX_L4_MASK) == RTE_MBUF_F_TX_SCTP_CKSUM) {
    m->ol_flags &= ~(RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IPV6);
    m->ol_flags |= v4 ? RTE_MBUF_F_TX_IPV4 : RTE_MBUF_F_TX_IPV6;
  }
  ++counters_.tx_sctp;

  NeighborEntry* e = neighbors_.Find(*next_hop);
  if (e != nullptr && e->state != NeighborState::kIncomplete) {
    if (e->state == NeighborState::kStale) {
      // Stale but in use: keep sending to the old address and confirm it.
      e->state = NeighborState::kProbe;
      e->attempts = 1;
      e->deadline = now + config_.resolve_retry;
      LowerNextTimeout(e->deadline);
      SendResolutionRequest(*e, tx);
    }
    std::memcpy(p, e->mac.data(), 6);
    return PushFrame(m, tx);
  }
  if (e == nullptr) {
    e = neighbors_.Insert(*next_hop);
    if (e == nullptr) {
      return drop(counters_.neighbor_cache_full);
    }
    e->state = NeighborState::kIncomplete;
    e->attempts = 1;
    e->deadline = now + config_.resolve_retry;
    LowerNextTimeout(e->deadline);
    SendResolutionRequest(*e, tx);
  }
  if (!neighbors_.Park(*e, m)) {
    return drop(counters_.tx_park_full);
  }
  ++counters_.tx_parked;
  return true;
}

void NetInterface::Poll(TimePoint now, FrameSink& tx) noexcept {
  std::optional<TimePoint> next;
  neighbors_.ForEach([&](NeighborEntry& e) {
    if (now >= e.deadline) {
      switch (e.state) {
        case NeighborState::kIncomplete:
        case NeighborState::kProbe:
          if (e.attempts >= config_.resolve_attempts) {
            DropParked(e);
            ++counters_.neighbor_resolutions_failed;
            neighbors_.Erase(e);
            return;
          }
          ++e.attempts;
          e.deadline = now + config_.resolve_retry;
          SendResolutionRequest(e, tx);
          break;
        case NeighborState::kReachable:
          // Unused stale entries go after one more lifetime.
          e.state = NeighborState::kStale;
          e.deadline = now + config_.neighbor_lifetime;
          break;
        case NeighborState::kStale:
          ++counters_.neighbors_expired;
          neighbors_.Erase(e);
          return;
      }
    }
    if (!next || e.deadline < *next) {
      next = e.deadline;
    }
  });
  next_timeout_ = next;
}

}  // namespace dpsctp::dpdk
