// Link-layer headers: tcpdump.org/linktypes.html.
//   Ethernet (1):  dst(6) src(6) ethertype(2); 802.1Q (0x8100), 802.1ad
//                  (0x88A8) and the old QinQ 0x9100 insert TCI(2) ethertype(2)
//   SLL (113):     packet_type(2) arphrd(2) addr_len(2) addr(8) protocol(2)
//   SLL2 (276):    protocol(2) reserved(2) ifindex(4) arphrd(2) packet_type(1)
//                  addr_len(1) addr(8)
//   Null (0):      address family(4), in the capturing host's byte order
//   Loop (108):    address family(4), big-endian
//   Raw (101, 12, 14): IPv4 or IPv6 by the version nibble; 228 IPv4; 229 IPv6
//
// IPv4 (RFC 791 §3.1):
//   |Version|  IHL  |Type of Service|          Total Length         |
//   |         Identification        |Flags|      Fragment Offset    |
//   |  Time to Live |    Protocol   |         Header Checksum       |
//   |                       Source Address                          |
//   |                    Destination Address                        |
// IPv6 (RFC 8200 §3): version(4 bits) class flow(28 bits) payload_length(2)
//   next_header(1) hop_limit(1) source(16) destination(16); extension headers
//   (RFC 8200 §4) next_header(1) hdr_ext_len(1) ..., length (hdr_ext_len+1)*8,
//   except Fragment (44, always 8 bytes: next(1) reserved(1)
//   offset(13 bits) res(2) M(1) identification(4)) and AH (51, RFC 4302:
//   (payload_len+2)*4).
// UDP (RFC 768): source_port(2) destination_port(2) length(2) checksum(2).
#include "capture/frame_decoder.h"

#include <cstring>

#include "capture/pcap_reader.h"
#include "common/byte_order.h"

namespace dpsctp::capture {
namespace {

constexpr uint16_t kEtherTypeIpv4 = 0x0800;
constexpr uint16_t kEtherTypeIpv6 = 0x86DD;
constexpr uint16_t kEtherTypeVlan = 0x8100;
constexpr uint16_t kEtherTypeQinQ = 0x88A8;
constexpr uint16_t kEtherTypeQinQOld = 0x9100;
constexpr uint16_t kEtherTypeMplsUnicast = 0x8847;
constexpr uint16_t kEtherTypeMplsMulticast = 0x8848;

constexpr size_t kEthernetHeaderSize = 14;
constexpr size_t kSllHeaderSize = 16;
constexpr size_t kSll2HeaderSize = 20;
constexpr size_t kNullHeaderSize = 4;
constexpr size_t kIpv4MinHeaderSize = 20;
constexpr size_t kIpv6HeaderSize = 40;
constexpr size_t kUdpHeaderSize = 8;

constexpr uint8_t kIpv6HopByHop = 0;
constexpr uint8_t kIpv6Routing = 43;
constexpr uint8_t kIpv6Fragment = 44;
constexpr uint8_t kIpAuthentication = 51;
constexpr uint8_t kIpv6NoNextHeader = 59;
constexpr uint8_t kIpv6DestinationOptions = 60;
constexpr uint8_t kIpv6Mobility = 135;
constexpr uint8_t kIpv6Hip = 139;
constexpr uint8_t kIpv6Shim6 = 140;

using DecodeResult = Result<DecodedFrame, DecodeError>;

DecodeResult NotSctp() noexcept { return DecodedFrame{}; }

DecodeResult Fail(DecodeError e) noexcept { return MakeUnexpected(e); }

DecodeResult DecodeIpv4(std::span<const uint8_t> p) noexcept;
DecodeResult DecodeIpv6(std::span<const uint8_t> p) noexcept;

// After the link header: dispatch on the EtherType, skipping VLAN tags and
// MPLS labels.
DecodeResult DecodeEtherType(uint16_t ether_type,
                             std::span<const uint8_t> p) noexcept {
  while (ether_type == kEtherTypeVlan || ether_type == kEtherTypeQinQ ||
         ether_type == kEtherTypeQinQOld) {
    if (p.size() < 4) {
      return Fail(DecodeError::kTruncatedVlanTag);
    }
    ether_type = LoadBe16(p.data() + 2);
    p = p.subspan(4);
  }
  if (ether_type == kEtherTypeMplsUnicast ||
      ether_type == kEtherTypeMplsMulticast) {
    // Label stack entries until the Bottom-of-Stack bit (RFC 3032 §2.1),
    // then guess the payload from its first nibble, as Wireshark does.
    for (;;) {
      if (p.size() < 4) {
        return Fail(DecodeError::kTruncatedMplsLabel);
      }
      const bool bottom = (p[2] & 0x01) != 0;
      p = p.subspan(4);
      if (bottom) {
        break;
      }
    }
    if (p.empty()) {
      return NotSctp();
    }
    const uint8_t version = p[0] >> 4;
    if (version == 4) {
      return DecodeIpv4(p);
    }
    if (version == 6) {
      return DecodeIpv6(p);
    }
    return NotSctp();
  }
  if (ether_type == kEtherTypeIpv4) {
    return DecodeIpv4(p);
  }
  if (ether_type == kEtherTypeIpv6) {
    return DecodeIpv6(p);
  }
  return NotSctp();
}

// BSD AF_INET6 differs between systems; Linux (10) appears in some files.
bool IsInet6Family(uint32_t family) noexcept {
  return family == 10 || family == 24 || family == 28 || family == 30;
}

DecodeResult DecodeFamily(uint32_t family,
                          std::span<const uint8_t> p) noexcept {
  if (family == 2) {
    return DecodeIpv4(p);
  }
  if (IsInet6Family(family)) {
    return DecodeIpv6(p);
  }
  return NotSctp();
}

IpAddress MakeAddress(uint8_t version, const uint8_t* p) noexcept {
  IpAddress a;
  a.version = version;
  std::memcpy(a.bytes.data(), p, version == 4 ? 4 : 16);
  return a;
}

// Walks IPv6 extension headers (and AH in either version) from `protocol`
// over `p`. A Fragment header that is a real fragment yields kFragment when
// `fragment_allowed`; after reassembly it does not (nested fragments are not
// followed and count as not SCTP).
DecodeResult WalkToTransport(const IpAddress& source,
                             const IpAddress& destination, uint8_t protocol,
                             std::span<const uint8_t> p, bool truncated,
                             bool fragment_allowed) noexcept {
  for (;;) {
    const bool v6 = source.version == 6;
    if (protocol == kIpv6Fragment && v6) {
      if (p.size() < 8) {
        return Fail(DecodeError::kExtensionHeaderPastEnd);
      }
      const uint8_t next = p[0];
      const uint16_t off_flags = LoadBe16(p.data() + 2);
      const uint32_t offset = uint32_t{off_flags & 0xFFF8u};
      const bool more = (off_flags & 1) != 0;
      const uint32_t id = LoadBe32(p.data() + 4);
      p = p.subspan(8);
      if (offset == 0 && !more) {
        // An atomic fragment (RFC 6946): the whole datagram is here.
        protocol = next;
        continue;
      }
      if (!fragment_allowed) {
        return NotSctp();
      }
      DecodedFrame f;
      f.kind = FrameKind::kFragment;
      f.fragment.source = source;
      f.fragment.destination = destination;
      f.fragment.identification = id;
      f.fragment.protocol = next;
      f.fragment.offset = offset;
      f.fragment.more_fragments = more;
      f.fragment.truncated = truncated;
      f.fragment.payload = p;
      return f;
    }
    if (protocol == kIpAuthentication) {
      if (p.size() < 2) {
        return Fail(DecodeError::kExtensionHeaderPastEnd);
      }
      const size_t len = (size_t{p[1]} + 2) * 4;
      if (len > p.size()) {
        return Fail(DecodeError::kExtensionHeaderPastEnd);
      }
      protocol = p[0];
      p = p.subspan(len);
      continue;
    }
    if (v6 &&
        (protocol == kIpv6HopByHop || protocol == kIpv6Routing ||
         protocol == kIpv6DestinationOptions || protocol == kIpv6Mobility ||
         protocol == kIpv6Hip || protocol == kIpv6Shim6)) {
      if (p.size() < 2) {
        return Fail(DecodeError::kExtensionHeaderPastEnd);
      }
      const size_t len = (size_t{p[1]} + 1) * 8;
      if (len > p.size()) {
        return Fail(DecodeError::kExtensionHeaderPastEnd);
      }
      protocol = p[0];
      p = p.subspan(len);
      continue;
    }
    if (protocol == kIpv6NoNextHeader) {
      return NotSctp();
    }
    break;
  }

  if (protocol == kIpProtocolSctp) {
    DecodedFrame f;
    f.kind = FrameKind::kSctp;
    f.sctp.source = source;
    f.sctp.destination = destination;
    f.sctp.truncated = truncated;
    f.sctp.sctp = p;
    return f;
  }
  if (protocol == kIpProtocolUdp) {
    if (p.size() < kUdpHeaderSize) {
      // A UDP header cut by the snap length is not SCTP we can show.
      return truncated ? NotSctp() : Fail(DecodeError::kTruncatedUdpHeader);
    }
    const uint16_t sport = LoadBe16(p.data());
    const uint16_t dport = LoadBe16(p.data() + 2);
    if (sport != kSctpOverUdpPort && dport != kSctpOverUdpPort) {
      return NotSctp();
    }
    size_t udp_length = LoadBe16(p.data() + 4);
    if (udp_length == 0 && source.version == 6) {
      udp_length = p.size();  // RFC 2675 jumbogram: length from IPv6
    }
    if (udp_length < kUdpHeaderSize) {
      return Fail(DecodeError::kBadUdpLength);
    }
    bool cut = truncated;
    if (udp_length > p.size()) {
      cut = true;
      udp_length = p.size();
    }
    DecodedFrame f;
    f.kind = FrameKind::kSctp;
    f.sctp.source = source;
    f.sctp.destination = destination;
    f.sctp.over_udp = true;
    f.sctp.udp_source_port = sport;
    f.sctp.udp_destination_port = dport;
    f.sctp.truncated = cut;
    f.sctp.sctp = p.subspan(kUdpHeaderSize, udp_length - kUdpHeaderSize);
    return f;
  }
  return NotSctp();
}

DecodeResult DecodeIpv4(std::span<const uint8_t> p) noexcept {
  if (p.size() < kIpv4MinHeaderSize) {
    return Fail(DecodeError::kTruncatedIpv4Header);
  }
  if ((p[0] >> 4) != 4) {
    return Fail(DecodeError::kBadIpVersion);
  }
  const size_t header_length = size_t{p[0] & 0x0Fu} * 4;
  if (header_length < kIpv4MinHeaderSize) {
    return Fail(DecodeError::kBadIpv4HeaderLength);
  }
  if (p.size() < header_length) {
    return Fail(DecodeError::kTruncatedIpv4Header);
  }
  size_t total_length = LoadBe16(p.data() + 2);
  if (total_length == 0) {
    // Segmentation offload: the stack had not filled it in yet when the
    // capture was taken (Wireshark assumes TSO too).
    total_length = p.size();
  }
  if (total_length < header_length) {
    return Fail(DecodeError::kBadIpv4TotalLength);
  }
  bool truncated = false;
  if (total_length > p.size()) {
    truncated = true;
    total_length = p.size();
  }
  // Beyond Total Length is link-layer padding (Ethernet minimum frame).
  const std::span<const uint8_t> payload =
      p.subspan(header_length, total_length - header_length);
  const IpAddress source = MakeAddress(4, p.data() + 12);
  const IpAddress destination = MakeAddress(4, p.data() + 16);
  const uint8_t protocol = p[9];
  const uint16_t flags_offset = LoadBe16(p.data() + 6);
  const bool more = (flags_offset & 0x2000) != 0;
  const uint32_t offset = uint32_t{flags_offset & 0x1FFFu} * 8;
  if (more || offset != 0) {
    DecodedFrame f;
    f.kind = FrameKind::kFragment;
    f.fragment.source = source;
    f.fragment.destination = destination;
    f.fragment.identification = LoadBe16(p.data() + 4);
    f.fragment.protocol = protocol;
    f.fragment.offset = offset;
    f.fragment.more_fragments = more;
    f.fragment.truncated = truncated;
    f.fragment.payload = payload;
    return f;
  }
  return WalkToTransport(source, destination, protocol, payload, truncated,
                         /*fragment_allowed=*/true);
}

DecodeResult DecodeIpv6(std::span<const uint8_t> p) noexcept {
  if (p.size() < kIpv6HeaderSize) {
    return Fail(DecodeError::kTruncatedIpv6Header);
  }
  if ((p[0] >> 4) != 6) {
    return Fail(DecodeError::kBadIpVersion);
  }
  size_t payload_length = LoadBe16(p.data() + 4);
  const size_t captured = p.size() - kIpv6HeaderSize;
  if (payload_length == 0) {
    payload_length = captured;  // jumbogram (RFC 2675) or offload
  }
  bool truncated = false;
  if (payload_length > captured) {
    truncated = true;
    payload_length = captured;
  }
  return WalkToTransport(MakeAddress(6, p.data() + 8),
                         MakeAddress(6, p.data() + 24), p[6],
                         p.subspan(kIpv6HeaderSize, payload_length), truncated,
                         /*fragment_allowed=*/true);
}

void AppendDecimal(AddressText& t, unsigned v) noexcept {
  char digits[3];
  size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0 && n < 3);
  while (n > 0) {
    t.chars[t.size++] = digits[--n];
  }
}

void AppendHex16(AddressText& t, unsigned v) noexcept {
  static constexpr char kHex[] = "0123456789abcdef";
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const unsigned nibble = (v >> shift) & 0xF;
    if (nibble != 0 || started || shift == 0) {
      t.chars[t.size++] = kHex[nibble];
      started = true;
    }
  }
}

}  // namespace

std::string_view DecodeErrorName(DecodeError e) noexcept {
  switch (e) {
    case DecodeError::kNone: return "none";
    case DecodeError::kUnsupportedLinkType: return "unsupported_link_type";
    case DecodeError::kTruncatedLinkHeader: return "truncated_link_header";
    case DecodeError::kTruncatedVlanTag: return "truncated_vlan_tag";
    case DecodeError::kTruncatedMplsLabel: return "truncated_mpls_label";
    case DecodeError::kTruncatedIpv4Header: return "truncated_ipv4_header";
    case DecodeError::kBadIpVersion: return "bad_ip_version";
    case DecodeError::kBadIpv4HeaderLength: return "bad_ipv4_header_length";
    case DecodeError::kBadIpv4TotalLength: return "bad_ipv4_total_length";
    case DecodeError::kTruncatedIpv6Header: return "truncated_ipv6_header";
    case DecodeError::kExtensionHeaderPastEnd:
      return "extension_header_past_end";
    case DecodeError::kTruncatedUdpHeader: return "truncated_udp_header";
    case DecodeError::kBadUdpLength: return "bad_udp_length";
  }
  return "unknown";
}

AddressText FormatAddress(const IpAddress& a) noexcept {
  AddressText t;
  if (a.version == 4) {
    for (int i = 0; i < 4; ++i) {
      if (i > 0) {
        t.chars[t.size++] = '.';
      }
      AppendDecimal(t, a.bytes[i]);
    }
    return t;
  }
  if (a.version != 6) {
    return t;
  }
  uint16_t groups[8];
  for (int i = 0; i < 8; ++i) {
    groups[i] = LoadBe16(a.bytes.data() + 2 * i);
  }
  // RFC 5952 §4.2: the longest run of at least two zero groups becomes "::".
  int best_start = -1;
  int best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) {
      ++j;
    }
    if (j - i > best_len && j - i >= 2) {
      best_start = i;
      best_len = j - i;
    }
    i = j;
  }
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      t.chars[t.size++] = ':';
      t.chars[t.size++] = ':';
      i += best_len - 1;
      continue;
    }
    if (i > 0 && !(best_start >= 0 && i == best_start + best_len)) {
      t.chars[t.size++] = ':';
    }
    AppendHex16(t, groups[i]);
  }
  return t;
}

Result<DecodedFrame, DecodeError> DecodeFrame(
    uint32_t link_type, std::span<const uint8_t> frame) noexcept {
  switch (link_type) {
    case kLinkTypeEthernet:
      if (frame.size() < kEthernetHeaderSize) {
        return Fail(DecodeError::kTruncatedLinkHeader);
      }
      return DecodeEtherType(LoadBe16(frame.data() + 12),
                             frame.subspan(kEthernetHeaderSize));
    case kLinkTypeLinuxSll:
      if (frame.size() < kSllHeaderSize) {
        return Fail(DecodeError::kTruncatedLinkHeader);
      }
      return DecodeEtherType(LoadBe16(frame.data() + 14),
                             frame.subspan(kSllHeaderSize));
    case kLinkTypeLinuxSll2:
      if (frame.size() < kSll2HeaderSize) {
        return Fail(DecodeError::kTruncatedLinkHeader);
      }
      return DecodeEtherType(LoadBe16(frame.data()),
                             frame.subspan(kSll2HeaderSize));
    case kLinkTypeNull: {
      if (frame.size() < kNullHeaderSize) {
        return Fail(DecodeError::kTruncatedLinkHeader);
      }
      // Host byte order of the capturing machine: families are small
      // numbers, so a value in the upper half means the other order.
      uint32_t family = LoadLe32(frame.data());
      if ((family & 0xFFFF0000u) != 0 && (family & 0xFFFFu) == 0) {
        family = __builtin_bswap32(family);
      }
      return DecodeFamily(family, frame.subspan(kNullHeaderSize));
    }
    case kLinkTypeLoop:
      if (frame.size() < kNullHeaderSize) {
        return Fail(DecodeError::kTruncatedLinkHeader);
      }
      return DecodeFamily(LoadBe32(frame.data()),
                          frame.subspan(kNullHeaderSize));
    case kLinkTypeRaw:
    case kLinkTypeRawAlt12:
    case kLinkTypeRawAlt14: return DecodeIp(frame);
    case kLinkTypeIpv4: return DecodeIpv4(frame);
    case kLinkTypeIpv6: return DecodeIpv6(frame);
    default: return Fail(DecodeError::kUnsupportedLinkType);
  }
}

Result<DecodedFrame, DecodeError> DecodeIp(
    std::span<const uint8_t> packet) noexcept {
  if (packet.empty()) {
    return Fail(DecodeError::kTruncatedIpv4Header);
  }
  const uint8_t version = packet[0] >> 4;
  if (version == 4) {
    return DecodeIpv4(packet);
  }
  if (version == 6) {
    return DecodeIpv6(packet);
  }
  return Fail(DecodeError::kBadIpVersion);
}

Result<DecodedFrame, DecodeError> DecodeIpPayload(
    const IpAddress& source, const IpAddress& destination, uint8_t protocol,
    std::span<const uint8_t> payload, bool truncated) noexcept {
  return WalkToTransport(source, destination, protocol, payload, truncated,
                         /*fragment_allowed=*/false);
}

}  // namespace dpsctp::capture
