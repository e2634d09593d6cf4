// RFC 9260 §3.3.10.4 Out of Resource (4)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 4         |       Cause Length = 4        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/out_of_resource_cause.h"

namespace dpsctp::wire {

std::optional<OutOfResourceCause> OutOfResourceCause::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.10.4: "Cause Length = 4": there is no
  // cause-specific information, so anything longer is rejected.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return OutOfResourceCause(data);
}

bool OutOfResourceCause::SerializeTo(WireWriter& out) noexcept {
  return AllocateTlv(out, 0).has_value();
}

std::string OutOfResourceCause::ToString() const { return "OUT_OF_RESOURCE"; }

}  // namespace dpsctp::wire
