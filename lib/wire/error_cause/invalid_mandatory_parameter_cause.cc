// RFC 9260 §3.3.10.7 Invalid Mandatory Parameter (7)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 7         |       Cause Length = 4        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/invalid_mandatory_parameter_cause.h"

namespace dpsctp::wire {

std::optional<InvalidMandatoryParameterCause>
InvalidMandatoryParameterCause::Parse(std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.10.7: "Cause Length = 4": there is no
  // cause-specific information, so anything longer is rejected.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return InvalidMandatoryParameterCause(data);
}

bool InvalidMandatoryParameterCause::SerializeTo(WireWriter& out) noexcept {
  return AllocateTlv(out, 0).has_value();
}

std::string InvalidMandatoryParameterCause::ToString() const {
  return "INVALID_MANDATORY_PARAMETER";
}

}  // namespace dpsctp::wire
