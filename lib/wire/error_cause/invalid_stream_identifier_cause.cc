// RFC 9260 §3.3.10.1 Invalid Stream Identifier (1)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 1         |       Cause Length = 8        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       Stream Identifier       |          (Reserved)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/invalid_stream_identifier_cause.h"

namespace dpsctp::wire {

std::optional<InvalidStreamIdentifierCause> InvalidStreamIdentifierCause::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.10.1: "Cause Length = 8". The Reserved field "is set to
  // all 0's on transmit and ignored on receipt", so it is not checked.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return InvalidStreamIdentifierCause(data);
}

bool InvalidStreamIdentifierCause::SerializeTo(WireWriter& out,
                                               StreamId stream_id) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store16<4>(stream_id.value());
  w->Store16<6>(0);
  return true;
}

std::string InvalidStreamIdentifierCause::ToString() const {
  return "INVALID_STREAM_IDENTIFIER, stream_id=" +
         std::to_string(stream_id().value());
}

}  // namespace dpsctp::wire
