// RFC 9260 §3.3.2.1.3 Cookie Preservative (9)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 9            |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Suggested Cookie Life-Span Increment (msec.)          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/cookie_preservative_parameter.h"

namespace dpsctp::wire {

std::optional<CookiePreservativeParameter> CookiePreservativeParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.2.1.3: "Length = 8", "Suggested Cookie Life-Span
  // Increment: 32 bits": no variable part is admitted.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return CookiePreservativeParameter(data);
}

bool CookiePreservativeParameter::SerializeTo(
    WireWriter& out, uint32_t life_span_increment_ms) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(life_span_increment_ms);
  return true;
}

std::string CookiePreservativeParameter::ToString() const {
  return "COOKIE_PRESERVATIVE, life_span_increment_ms=" +
         std::to_string(life_span_increment_ms());
}

}  // namespace dpsctp::wire
