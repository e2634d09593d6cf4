// RFC 4895 §4.1 Unsupported HMAC Identifier Error Cause (0x0105)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Cause Code = 0x0105      |       Cause Length = 6        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         HMAC Identifier       |            Padding            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/unsupported_hmac_identifier_cause.h"

namespace dpsctp::wire {

std::optional<UnsupportedHmacIdentifierCause>
UnsupportedHmacIdentifierCause::Parse(std::span<const uint8_t> data) noexcept {
  // RFC 4895 §4.1: Cause Length "This value MUST be set to 6."; ParseTlv()
  // rejects any other length. The 2 padding bytes are outside Length.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return UnsupportedHmacIdentifierCause(data);
}

bool UnsupportedHmacIdentifierCause::SerializeTo(WireWriter& out,
                                                 uint16_t hmac_id) noexcept {
  // RFC 4895 §4.1: "The sender MUST pad the error cause with all zero bytes
  // to make the cause 32-bit aligned." AllocateTlv() appends the two zero
  // bytes.
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store16<4>(hmac_id);
  return true;
}

uint16_t UnsupportedHmacIdentifierCause::hmac_id() const noexcept {
  return reader().Load16<4>();
}

std::string UnsupportedHmacIdentifierCause::ToString() const {
  return "UNSUPPORTED_HMAC_IDENTIFIER, hmac_id=" + std::to_string(hmac_id());
}

}  // namespace dpsctp::wire
