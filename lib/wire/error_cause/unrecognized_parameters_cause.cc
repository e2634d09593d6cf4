// RFC 9260 §3.3.10.8 Unrecognized Parameters (8)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 8         |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    Unrecognized Parameters                    /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/unrecognized_parameters_cause.h"

#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

std::optional<UnrecognizedParametersCause> UnrecognizedParametersCause::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.10.8: "The Unrecognized Parameters field contains the
  // unrecognized parameters copied from the INIT ACK chunk complete with
  // TLV." So: one or more whole TLVs and nothing else.
  std::optional<size_t> count = ValidateTlvList(reader->variable_data());
  if (!count || *count == 0) {
    return std::nullopt;
  }
  return UnrecognizedParametersCause(data);
}

bool UnrecognizedParametersCause::SerializeTo(
    WireWriter& out,
    std::span<const uint8_t> unrecognized_parameters) noexcept {
  auto w = AllocateTlv(out, unrecognized_parameters.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(unrecognized_parameters);
  return true;
}

std::string UnrecognizedParametersCause::ToString() const {
  std::string s = "UNRECOGNIZED_PARAMETERS";
  TlvIterator it(unrecognized_parameters());
  bool first = true;
  while (std::optional<TlvDescriptor> p = it.Next()) {
    s += first ? ", types=" : ",";
    s += std::to_string(p->type);
    first = false;
  }
  return s;
}

}  // namespace dpsctp::wire
