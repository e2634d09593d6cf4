// RFC 9260 §3.3.10.11 Restart of an Association with New Addresses (11)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 11        |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                       New Address TLVs                        /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/restart_with_new_addresses_cause.h"

#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

std::optional<RestartWithNewAddressesCause> RestartWithNewAddressesCause::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.10.11: "The new addresses are listed in the error cause"
  // and "Each New Address TLV is an exact copy of the TLV that was found in
  // the INIT chunk that was new": one or more whole TLVs, nothing else.
  std::optional<size_t> count = ValidateTlvList(reader->variable_data());
  if (!count || *count == 0) {
    return std::nullopt;
  }
  return RestartWithNewAddressesCause(data);
}

bool RestartWithNewAddressesCause::SerializeTo(
    WireWriter& out, std::span<const uint8_t> new_addresses) noexcept {
  auto w = AllocateTlv(out, new_addresses.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(new_addresses);
  return true;
}

std::string RestartWithNewAddressesCause::ToString() const {
  std::string s = "RESTART_WITH_NEW_ADDRESSES";
  TlvIterator it(new_addresses());
  bool first = true;
  while (std::optional<TlvDescriptor> p = it.Next()) {
    s += first ? ", types=" : ",";
    s += std::to_string(p->type);
    first = false;
  }
  return s;
}

}  // namespace dpsctp::wire
