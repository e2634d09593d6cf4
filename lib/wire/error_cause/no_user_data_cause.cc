// RFC 9260 §3.3.10.9 No User Data (9)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 9         |       Cause Length = 8        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              TSN                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/no_user_data_cause.h"

namespace dpsctp::wire {

std::optional<NoUserDataCause> NoUserDataCause::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.10.9: "Cause Length = 8", "TSN: 32 bits": no variable
  // part is admitted.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return NoUserDataCause(data);
}

bool NoUserDataCause::SerializeTo(WireWriter& out, Tsn tsn) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(tsn.value());
  return true;
}

std::string NoUserDataCause::ToString() const {
  return "NO_USER_DATA, tsn=" + std::to_string(tsn().value());
}

}  // namespace dpsctp::wire
