// Helpers for "an IPv4 or IPv6 Address parameter" (RFC 9260 §3.3.2.1), the
// TLV that ASCONF (RFC 5061 §4.1.1) and the ASCONF address requests
// (§4.2.1, §4.2.2, §4.2.4) carry inside their own body.
#ifndef DPSCTP_WIRE_ADDRESS_PARAMETER_H_
#define DPSCTP_WIRE_ADDRESS_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/byte_order.h"
#include "wire/parameter/ipv4_address_parameter.h"
#include "wire/parameter/ipv6_address_parameter.h"

namespace dpsctp::wire {

// The size of the IPv4 (Type 5, Length 8) or IPv6 (Type 6, Length 20)
// Address parameter at the start of `data`, or 0 if `data` does not start
// with a whole one. Bytes after it are not looked at.
inline size_t LeadingAddressParameterSize(
    std::span<const uint8_t> data) noexcept {
  if (data.size() < 4) {
    return 0;
  }
  uint16_t type = LoadBe16(data.data());
  size_t length = LoadBe16(data.data() + 2);
  bool ok = (type == Ipv4AddressParameter::kType &&
             length == Ipv4AddressParameter::kHeaderSize) ||
            (type == Ipv6AddressParameter::kType &&
             length == Ipv6AddressParameter::kHeaderSize);
  if (!ok || length > data.size()) {
    return 0;
  }
  return length;
}

// True if `data` is exactly one IPv4 or IPv6 Address parameter.
inline bool IsAddressParameter(std::span<const uint8_t> data) noexcept {
  size_t size = LeadingAddressParameterSize(data);
  return size != 0 && size == data.size();
}

// "192.0.2.1"; tests and debugging only.
inline std::string Ipv4AddressToString(std::span<const uint8_t, 4> a) {
  std::string s;
  for (size_t i = 0; i < a.size(); ++i) {
    s += (i ? "." : "") + std::to_string(a[i]);
  }
  return s;
}

// "2001:db8:0:0:0:0:0:1": eight hex groups without leading zeros and without
// zero compression; tests and debugging only.
inline std::string Ipv6AddressToString(std::span<const uint8_t, 16> a) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < a.size(); i += 2) {
    uint16_t group = LoadBe16(a.data() + i);
    if (i) {
      s += ':';
    }
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int nibble = (group >> shift) & 0xf;
      if (nibble || started || shift == 0) {
        s += kHex[nibble];
        started = true;
      }
    }
  }
  return s;
}

// The address of a validated IPv4 or IPv6 Address parameter (see
// IsAddressParameter()), formatted as above.
inline std::string AddressParameterToString(
    std::span<const uint8_t> address_parameter) {
  std::span<const uint8_t> a = address_parameter.subspan(4);
  if (a.size() == 4) {
    return Ipv4AddressToString(a.first<4>());
  }
  if (a.size() == 16) {
    return Ipv6AddressToString(a.first<16>());
  }
  return {};
}

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ADDRESS_PARAMETER_H_
