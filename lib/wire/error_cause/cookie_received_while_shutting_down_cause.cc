// RFC 9260 §3.3.10.10 Cookie Received While Shutting Down (10)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 10        |       Cause Length = 4        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/cookie_received_while_shutting_down_cause.h"

namespace dpsctp::wire {

std::optional<CookieReceivedWhileShuttingDownCause>
CookieReceivedWhileShuttingDownCause::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.10.10: "Cause Length = 4": there is no
  // cause-specific information, so anything longer is rejected.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return CookieReceivedWhileShuttingDownCause(data);
}

bool CookieReceivedWhileShuttingDownCause::SerializeTo(
    WireWriter& out) noexcept {
  return AllocateTlv(out, 0).has_value();
}

std::string CookieReceivedWhileShuttingDownCause::ToString() const {
  return "COOKIE_RECEIVED_WHILE_SHUTTING_DOWN";
}

}  // namespace dpsctp::wire
