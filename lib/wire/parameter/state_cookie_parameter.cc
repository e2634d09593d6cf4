// RFC 9260 §3.3.3.1.1 State Cookie (7)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 7            |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                            Cookie                             /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/state_cookie_parameter.h"

namespace dpsctp::wire {

std::optional<StateCookieParameter> StateCookieParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.3.1.1: "Cookie: variable length". Its contents are the
  // INIT ACK sender's own business (§5.1.3), so any length, even zero, is
  // well-formed here; a cookie that does not authenticate is rejected when
  // it comes back in COOKIE ECHO.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return StateCookieParameter(data);
}

bool StateCookieParameter::SerializeTo(
    WireWriter& out, std::span<const uint8_t> cookie) noexcept {
  auto w = AllocateTlv(out, cookie.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(cookie);
  return true;
}

std::string StateCookieParameter::ToString() const {
  return "STATE_COOKIE, cookie_length=" + std::to_string(cookie().size());
}

}  // namespace dpsctp::wire
