// RFC 9260 §3.3.10.5 Unresolvable Address (5)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 5         |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                     Unresolvable Address                      /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/unresolvable_address_cause.h"

#include "common/byte_order.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

std::optional<UnresolvableAddressCause> UnresolvableAddressCause::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.10.5: "The Unresolvable Address field contains the
  // complete Type, Length, and Value of the address parameter (or Host Name
  // parameter)": one whole TLV (its padding may or may not be counted).
  std::optional<size_t> count = ValidateTlvList(reader->variable_data());
  if (!count || *count != 1) {
    return std::nullopt;
  }
  return UnresolvableAddressCause(data);
}

bool UnresolvableAddressCause::SerializeTo(
    WireWriter& out, std::span<const uint8_t> address_parameter) noexcept {
  auto w = AllocateTlv(out, address_parameter.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(address_parameter);
  return true;
}

uint16_t UnresolvableAddressCause::address_type() const noexcept {
  // Parse() guarantees a whole TLV header.
  return LoadBe16(data_.data() + kHeaderSize);
}

std::string UnresolvableAddressCause::ToString() const {
  return "UNRESOLVABLE_ADDRESS, type=" + std::to_string(address_type()) +
         ", length=" + std::to_string(LoadBe16(data_.data() + kHeaderSize + 2));
}

}  // namespace dpsctp::wire
