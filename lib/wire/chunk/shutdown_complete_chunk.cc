// RFC 9260 §3.3.13 Shutdown Complete (SHUTDOWN COMPLETE) (14)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 14   |  Reserved   |T|          Length = 4           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/shutdown_complete_chunk.h"

namespace dpsctp::wire {

std::optional<ShutdownCompleteChunk> ShutdownCompleteChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.13: "The SHUTDOWN COMPLETE chunk has no parameters."
  // (Length = 4; kVariableLengthAlignment 0 makes ParseTlv accept exactly 4.)
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  // Reserved flag bits: "Set to 0 on transmit and ignored on receipt."
  return ShutdownCompleteChunk(data);
}

bool ShutdownCompleteChunk::SerializeTo(WireWriter& out, bool t_bit) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store8<1>(t_bit ? kFlagT : 0);
  return true;
}

std::string ShutdownCompleteChunk::ToString() const {
  return t_bit() ? "SHUTDOWN_COMPLETE, t_bit=1" : "SHUTDOWN_COMPLETE, t_bit=0";
}

}  // namespace dpsctp::wire
