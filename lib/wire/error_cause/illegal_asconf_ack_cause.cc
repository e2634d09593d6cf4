// RFC 5061 §4.3.4 Error Cause: Association Aborted due to Illegal
// ASCONF-ACK (0x00A3)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Cause Code=0x00A3         |     Cause Length=4            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/illegal_asconf_ack_cause.h"

namespace dpsctp::wire {

std::optional<IllegalAsconfAckCause> IllegalAsconfAckCause::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 5061 §4.3.4: the diagram fixes "Cause Length=4" (no cause-specific
  // information); ParseTlv() rejects any other length.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return IllegalAsconfAckCause(data);
}

bool IllegalAsconfAckCause::SerializeTo(WireWriter& out) noexcept {
  return AllocateTlv(out, 0).has_value();
}

std::string IllegalAsconfAckCause::ToString() const {
  return "ILLEGAL_ASCONF_ACK";
}

}  // namespace dpsctp::wire
