// RFC 9260 §3.3.2.1.5 Supported Address Types (12)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 12           |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Address Type #1        |        Address Type #2        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            ......                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-++-+-+-+-+-+-+-+-+-+-+-+-+-+-++-+-+-+
#include "wire/parameter/supported_address_types_parameter.h"

#include "common/byte_order.h"

namespace dpsctp::wire {

std::optional<SupportedAddressTypesParameter>
SupportedAddressTypesParameter::Parse(std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.2.1.5: "Address Type: 16 bits": the list must be a whole
  // number of 16-bit entries (checked by ParseTlv() through the 2-byte
  // alignment). An odd count is normal: "The Parameter Length does not
  // include any padding bytes" (§3.2.1), so Length is 6 for one type.
  // An empty list is well-formed, if useless.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return SupportedAddressTypesParameter(data);
}

bool SupportedAddressTypesParameter::SerializeTo(
    WireWriter& out, std::span<const uint16_t> address_types) noexcept {
  auto w = AllocateTlv(out, address_types.size() * kAddressTypeSize);
  if (!w) {
    return false;
  }
  uint8_t* p = w->variable_data().data();
  for (uint16_t type : address_types) {
    StoreBe16(p, type);
    p += kAddressTypeSize;
  }
  return true;
}

uint16_t SupportedAddressTypesParameter::address_type(size_t i) const noexcept {
  return LoadBe16(data_.data() + kHeaderSize + i * kAddressTypeSize);
}

bool SupportedAddressTypesParameter::HasAddressType(
    uint16_t type) const noexcept {
  for (size_t i = 0; i < address_type_count(); ++i) {
    if (address_type(i) == type) {
      return true;
    }
  }
  return false;
}

std::string SupportedAddressTypesParameter::ToString() const {
  std::string s = "SUPPORTED_ADDRESS_TYPES";
  for (size_t i = 0; i < address_type_count(); ++i) {
    s += i == 0 ? ", types=" : ",";
    s += std::to_string(address_type(i));
  }
  return s;
}

}  // namespace dpsctp::wire
