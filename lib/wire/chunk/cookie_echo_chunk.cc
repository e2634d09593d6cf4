// RFC 9260 §3.3.11 Cookie Echo (COOKIE ECHO) (10)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 10   |  Chunk Flags  |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                            Cookie                             /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/cookie_echo_chunk.h"

namespace dpsctp::wire {

std::optional<CookieEchoChunk> CookieEchoChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.11: Length is "the size of the chunk in bytes, including
  // the 4 bytes of the chunk header and the size of the cookie". The Cookie
  // "MUST contain the exact cookie received in the State Cookie parameter",
  // which only the association can check, so any size is accepted here.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  // Chunk Flags: "Set to 0 on transmit and ignored on receipt."
  return CookieEchoChunk(data);
}

bool CookieEchoChunk::SerializeTo(WireWriter& out,
                                  std::span<const uint8_t> cookie) noexcept {
  auto w = AllocateTlv(out, cookie.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(cookie);
  return true;
}

std::string CookieEchoChunk::ToString() const {
  return "COOKIE_ECHO, cookie_length=" + std::to_string(cookie().size());
}

}  // namespace dpsctp::wire
