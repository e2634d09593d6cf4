// RFC 9260 §3.3.10.3 Stale Cookie (3)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 3         |       Cause Length = 8        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 Measure of Staleness (usec.)                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/stale_cookie_cause.h"

namespace dpsctp::wire {

std::optional<StaleCookieCause> StaleCookieCause::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.10.3: "Cause Length = 8", "Measure of Staleness: 32 bits":
  // no variable part is admitted.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return StaleCookieCause(data);
}

bool StaleCookieCause::SerializeTo(WireWriter& out,
                                   uint32_t staleness_us) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(staleness_us);
  return true;
}

std::string StaleCookieCause::ToString() const {
  return "STALE_COOKIE, staleness_us=" + std::to_string(staleness_us());
}

}  // namespace dpsctp::wire
