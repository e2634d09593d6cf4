// RFC 9260 §3.3.10.13 Protocol Violation (13)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Cause Code = 13         |        Cause Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    Additional Information                     /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/protocol_violation_cause.h"

namespace dpsctp::wire {

std::optional<ProtocolViolationCause> ProtocolViolationCause::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.10.13: "An implementation MAY provide additional
  // information": optional and free-form, so any length, including none.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return ProtocolViolationCause(data);
}

bool ProtocolViolationCause::SerializeTo(
    WireWriter& out, std::span<const uint8_t> additional_information) noexcept {
  auto w = AllocateTlv(out, additional_information.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(additional_information);
  return true;
}

std::string ProtocolViolationCause::ToString() const {
  return "PROTOCOL_VIOLATION, information_length=" +
         std::to_string(additional_information().size());
}

}  // namespace dpsctp::wire
