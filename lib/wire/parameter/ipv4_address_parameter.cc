// RFC 9260 §3.3.2.1.1 IPv4 Address (5)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 5            |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         IPv4 Address                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/ipv4_address_parameter.h"

#include "wire/address_parameter.h"

namespace dpsctp::wire {

std::optional<Ipv4AddressParameter> Ipv4AddressParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.2.1.1: "Length = 8" and "IPv4 Address: 32 bits": the
  // config admits no variable part, so any other length is rejected.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return Ipv4AddressParameter(data);
}

bool Ipv4AddressParameter::SerializeTo(WireWriter& out,
                                       const Address& address) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store8<4>(address[0]);
  w->Store8<5>(address[1]);
  w->Store8<6>(address[2]);
  w->Store8<7>(address[3]);
  return true;
}

Ipv4AddressParameter::Address Ipv4AddressParameter::address() const noexcept {
  BoundedByteReader<kHeaderSize> r = reader();
  return {r.Load8<4>(), r.Load8<5>(), r.Load8<6>(), r.Load8<7>()};
}

std::string Ipv4AddressParameter::ToString() const {
  return "IPV4_ADDRESS, address=" + Ipv4AddressToString(address());
}

}  // namespace dpsctp::wire
