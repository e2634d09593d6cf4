// RFC 9260 §3.3.12 Cookie Acknowledgement (COOKIE ACK) (11)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 11   |  Chunk Flags  |          Length = 4           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/cookie_ack_chunk.h"

namespace dpsctp::wire {

std::optional<CookieAckChunk> CookieAckChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.12 draws "Length = 4" (kVariableLengthAlignment 0 makes
  // ParseTlv accept exactly 4 bytes).
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  // Chunk Flags: "Set to 0 on transmit and ignored on receipt."
  return CookieAckChunk(data);
}

bool CookieAckChunk::SerializeTo(WireWriter& out) noexcept {
  return AllocateTlv(out, 0).has_value();
}

std::string CookieAckChunk::ToString() const { return "COOKIE_ACK"; }

}  // namespace dpsctp::wire
