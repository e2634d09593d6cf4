// RFC 9260 §3.3.10.12 User-Initiated Abort (12)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 12        |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                   Upper Layer Abort Reason                    /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/user_initiated_abort_cause.h"

namespace dpsctp::wire {

std::optional<UserInitiatedAbortCause> UserInitiatedAbortCause::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.10.12: the Upper Layer Abort Reason "is transported by
  // SCTP transparently": any length, including none, is accepted.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return UserInitiatedAbortCause(data);
}

bool UserInitiatedAbortCause::SerializeTo(
    WireWriter& out, std::span<const uint8_t> reason) noexcept {
  auto w = AllocateTlv(out, reason.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(reason);
  return true;
}

std::string UserInitiatedAbortCause::ToString() const {
  return "USER_INITIATED_ABORT, reason_length=" +
         std::to_string(upper_layer_abort_reason().size());
}

}  // namespace dpsctp::wire
