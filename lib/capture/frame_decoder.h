// Frame decoder: finds the SCTP packet in a captured frame by walking the
// link layer (Ethernet with 802.1Q/802.1ad tags, Linux cooked SLL and SLL2,
// raw IP, BSD null/loopback), then IPv4 or IPv6 (extension headers skipped),
// then either SCTP directly (protocol 132) or SCTP over UDP (RFC 6951, port
// 9899 on either side).
//
// It only parses: the result holds views into the frame. IP fragments are
// returned as such (kind kFragment) for the caller to hand to an
// IpReassembler (ip_reassembler.h); a reassembled datagram goes through
// DecodeIpPayload().
//
// Every length is checked: a short or inconsistent header is a DecodeError,
// never an out-of-bounds read. A frame cut short by the capture's snap length
// (IP says more bytes than were captured) is not an error: the SCTP bytes
// that were captured are returned with `truncated` set.
#ifndef DPSCTP_CAPTURE_FRAME_DECODER_H_
#define DPSCTP_CAPTURE_FRAME_DECODER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.h"

namespace dpsctp::capture {

inline constexpr uint16_t kSctpOverUdpPort = 9899;  // RFC 6951 §5
inline constexpr uint8_t kIpProtocolSctp = 132;
inline constexpr uint8_t kIpProtocolUdp = 17;

enum class DecodeError : uint8_t {
  kNone = 0,
  kUnsupportedLinkType,
  kTruncatedLinkHeader,  // Ethernet / SLL / SLL2 / null header cut short
  kTruncatedVlanTag,
  kTruncatedMplsLabel,
  kTruncatedIpv4Header,     // fewer than 20 bytes, or than IHL * 4
  kBadIpVersion,            // version nibble is not 4 / 6 where required
  kBadIpv4HeaderLength,     // IHL < 5
  kBadIpv4TotalLength,      // Total Length < IHL * 4
  kTruncatedIpv6Header,     // fewer than 40 bytes
  kExtensionHeaderPastEnd,  // IPv6 extension header or AH past the packet
  kTruncatedUdpHeader,
  kBadUdpLength,  // UDP Length < 8
};

std::string_view DecodeErrorName(DecodeError e) noexcept;

// An IPv4 or IPv6 address, printable with FormatAddress().
struct IpAddress {
  uint8_t version = 0;              // 4 or 6; 0 = none
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// Printable text: dotted quad, or RFC 5952 IPv6 (lower case, longest run of
// two or more zero groups as "::", first such run on a tie).
struct AddressText {
  std::array<char, 48> chars{};
  size_t size = 0;
  std::string_view view() const noexcept { return {chars.data(), size}; }
};
AddressText FormatAddress(const IpAddress& a) noexcept;

// An IP fragment, to be reassembled by IpReassembler.
struct IpFragment {
  IpAddress source;
  IpAddress destination;
  uint32_t identification = 0;  // IPv4: 16 bits; IPv6: 32 bits
  uint8_t protocol = 0;  // of the datagram (IPv6: after the fragment hdr)
  uint32_t offset = 0;   // in bytes
  bool more_fragments = false;
  bool truncated = false;  // captured fewer bytes than the IP length
  std::span<const uint8_t> payload;
};

// The SCTP packet found in a frame.
struct SctpInIp {
  IpAddress source;
  IpAddress destination;
  bool over_udp = false;  // RFC 6951 encapsulation
  uint16_t udp_source_port = 0;
  uint16_t udp_destination_port = 0;
  bool truncated = false;         // captured fewer bytes than IP / UDP announce
  std::span<const uint8_t> sctp;  // common header + chunks, as captured
};

enum class FrameKind : uint8_t {
  kNotSctp,   // some other protocol (ARP, TCP, ESP, ...)
  kSctp,      // `sctp` is set
  kFragment,  // `fragment` is set
};

struct DecodedFrame {
  FrameKind kind = FrameKind::kNotSctp;
  SctpInIp sctp;
  IpFragment fragment;
};

// Decodes a whole captured frame of the given link type.
[[nodiscard]] Result<DecodedFrame, DecodeError> DecodeFrame(
    uint32_t link_type, std::span<const uint8_t> frame) noexcept;

// Decodes from the IP header on (version from the first nibble).
[[nodiscard]] Result<DecodedFrame, DecodeError> DecodeIp(
    std::span<const uint8_t> packet) noexcept;

// Decodes the payload of an IP datagram whose header (and fragments) were
// already handled: SCTP, SCTP over UDP, or not SCTP.
[[nodiscard]] Result<DecodedFrame, DecodeError> DecodeIpPayload(
    const IpAddress& source, const IpAddress& destination, uint8_t protocol,
    std::span<const uint8_t> payload, bool truncated) noexcept;

}  // namespace dpsctp::capture

#endif  // DPSCTP_CAPTURE_FRAME_DECODER_H_
