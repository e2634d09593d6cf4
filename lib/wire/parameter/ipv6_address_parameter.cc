// RFC 9260 §3.3.2.1.2 IPv6 Address (6)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 6            |          Length = 20          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// |                         IPv6 Address                          |
// |                                                               |
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/ipv6_address_parameter.h"

#include "common/byte_order.h"
#include "wire/address_parameter.h"

namespace dpsctp::wire {
std::optional<Ipv6AddressParameter> Ipv6AddressParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.2.1.2: "Length = 20" and "IPv6 Address: 128 bits": the
  // config admits no variable part, so any other length is rejected.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return Ipv6AddressParameter(data);
}

bool Ipv6AddressParameter::SerializeTo(WireWriter& out,
                                       const Address& address) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store64<4>(LoadBe64(address.data()));
  w->Store64<12>(LoadBe64(address.data() + 8));
  return true;
}

Ipv6AddressParameter::Address Ipv6AddressParameter::address() const noexcept {
  Address a{};
  BoundedByteReader<kHeaderSize> r = reader();
  StoreBe64(a.data(), r.Load64<4>());
  StoreBe64(a.data() + 8, r.Load64<12>());
  return a;
}

bool Ipv6AddressParameter::is_ipv4_mapped() const noexcept {
  // RFC 4291 §2.5.5.2: 80 zero bits, 16 one bits, then the IPv4 address.
  BoundedByteReader<kHeaderSize> r = reader();
  return r.Load64<4>() == 0 && r.Load32<12>() == 0x0000ffffu;
}

std::string Ipv6AddressParameter::ToString() const {
  return "IPV6_ADDRESS, address=" + Ipv6AddressToString(address());
}

}  // namespace dpsctp::wire
