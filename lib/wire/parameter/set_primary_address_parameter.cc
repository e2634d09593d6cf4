// RFC 5061 §4.2.4 Set Primary IP Address (0xC004)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Type = 0xC004          |    Length = Variable          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |               ASCONF-Request Correlation ID                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Address Parameter                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/set_primary_address_parameter.h"

#include <string>

#include "common/byte_order.h"
#include "wire/chunk_type.h"

namespace dpsctp::wire {
namespace {

// RFC 5061 §4.2.4: "Address Parameter: TLV. This field contains an IPv4 or
// IPv6 address parameter, as described in Section 3.3.2.1 of [RFC4960]."
// True if `data` is exactly one IPv4 (Type 5, Length 8) or IPv6 (Type 6,
// Length 20) Address parameter.
bool IsAddressParameter(std::span<const uint8_t> data) noexcept {
  if (data.size() < 4) {
    return false;
  }
  uint16_t type = LoadBe16(data.data());
  size_t length = LoadBe16(data.data() + 2);
  if (length != data.size()) {
    return false;
  }
  return (type == static_cast<uint16_t>(ParameterType::kIpv4Address) &&
          length == 8) ||
         (type == static_cast<uint16_t>(ParameterType::kIpv6Address) &&
          length == 20);
}

// "192.168.0.1" or "2001:db8:0:0:0:0:0:1" (no zero compression); tests and
// debugging only.
std::string AddressToString(std::span<const uint8_t> address_parameter) {
  std::span<const uint8_t> a = address_parameter.subspan(4);
  std::string s;
  if (a.size() == 4) {
    for (size_t i = 0; i < 4; ++i) {
      s += (i ? "." : "") + std::to_string(a[i]);
    }
    return s;
  }
  static constexpr char kHex[] = "0123456789abcdef";
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

}  // namespace

std::optional<SetPrimaryAddressParameter> SetPrimaryAddressParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // The Address Parameter is the whole rest of the parameter: one IPv4 or
  // IPv6 Address TLV, nothing more.
  if (!IsAddressParameter(reader->variable_data())) {
    return std::nullopt;
  }
  return SetPrimaryAddressParameter(data);
}

bool SetPrimaryAddressParameter::SerializeTo(
    WireWriter& out, uint32_t correlation_id,
    std::span<const uint8_t> address_parameter) noexcept {
  if (!IsAddressParameter(address_parameter)) {
    return false;
  }
  auto w = AllocateTlv(out, address_parameter.size());
  if (!w) {
    return false;
  }
  w->Store32<4>(correlation_id);
  w->CopyToVariableData(address_parameter);
  return true;
}

uint32_t SetPrimaryAddressParameter::correlation_id() const noexcept {
  return reader().Load32<4>();
}
std::span<const uint8_t> SetPrimaryAddressParameter::address_parameter()
    const noexcept {
  return reader().variable_data();
}

std::string SetPrimaryAddressParameter::ToString() const {
  return "SET_PRIMARY_ADDRESS, correlation_id=" +
         std::to_string(correlation_id()) +
         ", address=" + AddressToString(address_parameter());
}

}  // namespace dpsctp::wire
