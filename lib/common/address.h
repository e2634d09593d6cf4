// IP addresses as the protocol core sees them: the L3 source and destination
// of a packet (RFC 9260 §1.3 "transport address" = IP address + SCTP port;
// the ports live in the SCTP common header). Fixed size, no heap, usable as
// a hash key.
#ifndef DPSCTP_COMMON_ADDRESS_H_
#define DPSCTP_COMMON_ADDRESS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace dpsctp {

enum class AddressFamily : uint8_t { kNone = 0, kIpv4 = 4, kIpv6 = 6 };

// IPv4 uses bytes[0..3] (network order) and keeps the other 12 bytes zero,
// so that equality and hashing can compare all 16 bytes.
struct IpAddress {
  AddressFamily family = AddressFamily::kNone;
  std::array<uint8_t, 16> bytes{};

  static constexpr IpAddress V4(uint8_t a, uint8_t b, uint8_t c,
                                uint8_t d) noexcept {
    IpAddress r;
    r.family = AddressFamily::kIpv4;
    r.bytes[0] = a;
    r.bytes[1] = b;
    r.bytes[2] = c;
    r.bytes[3] = d;
    return r;
  }
  // `be` is the address in network byte order (as on the wire).
  static IpAddress V4(std::span<const uint8_t, 4> be) noexcept {
    IpAddress r;
    r.family = AddressFamily::kIpv4;
    for (size_t i = 0; i < 4; ++i) r.bytes[i] = be[i];
    return r;
  }
  static IpAddress V6(std::span<const uint8_t, 16> be) noexcept {
    IpAddress r;
    r.family = AddressFamily::kIpv6;
    for (size_t i = 0; i < 16; ++i) r.bytes[i] = be[i];
    return r;
  }

  bool is_v4() const noexcept { return family == AddressFamily::kIpv4; }
  bool is_v6() const noexcept { return family == AddressFamily::kIpv6; }
  bool empty() const noexcept { return family == AddressFamily::kNone; }
  // The address bytes that go on the wire (4 or 16; 0 when empty).
  std::span<const uint8_t> wire_bytes() const noexcept {
    return std::span<const uint8_t>(bytes).first(
        is_v4() ? 4u : (is_v6() ? 16u : 0u));
  }

  // FNV-1a over family and bytes: cheap, and good enough for a table that
  // is keyed mainly by verification tag.
  uint64_t Hash() const noexcept {
    uint64_t h = 1469598103934665603ull ^ static_cast<uint8_t>(family);
    h *= 1099511628211ull;
    for (uint8_t b : bytes) {
      h ^= b;
      h *= 1099511628211ull;
    }
    return h;
  }

  std::string ToString() const;  // dotted quad or RFC 5952 text

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// The L3 addresses of one packet as seen by the receiver (src = peer for
// received packets) or to be used by the sender.
struct PacketAddresses {
  IpAddress src;
  IpAddress dst;

  friend bool operator==(const PacketAddresses&,
                         const PacketAddresses&) = default;
};

inline std::string IpAddress::ToString() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  if (is_v4()) {
    for (size_t i = 0; i < 4; ++i) {
      if (i) out += '.';
      out += std::to_string(bytes[i]);
    }
    return out;
  }
  if (!is_v6()) return "-";
  // RFC 5952: lower case, no leading zeros, longest run (>1) of zero
  // groups replaced by "::".
  uint16_t groups[8];
  for (size_t i = 0; i < 8; ++i)
    groups[i] = static_cast<uint16_t>(bytes[2 * i] << 8 | bytes[2 * i + 1]);
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_len && j - i > 1) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      unsigned nib = (groups[i] >> shift) & 0xF;
      if (nib || started || shift == 0) {
        out += kHex[nib];
        started = true;
      }
    }
  }
  return out;
}

}  // namespace dpsctp

#endif  // DPSCTP_COMMON_ADDRESS_H_
