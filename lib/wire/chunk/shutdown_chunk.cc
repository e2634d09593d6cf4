// RFC 9260 §3.3.8 Shutdown Association (SHUTDOWN) (7)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 7    |  Chunk Flags  |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Cumulative TSN Ack                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/shutdown_chunk.h"

namespace dpsctp::wire {

std::optional<ShutdownChunk> ShutdownChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.8: Length "Indicates the length of the parameter. Set to
  // 8." (kVariableLengthAlignment 0: ParseTlv accepts exactly 8 bytes.)
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  // Chunk Flags: "Set to 0 on transmit and ignored on receipt."
  return ShutdownChunk(data);
}

bool ShutdownChunk::SerializeTo(WireWriter& out,
                                Tsn cumulative_tsn_ack) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(cumulative_tsn_ack.value());
  return true;
}

Tsn ShutdownChunk::cumulative_tsn_ack() const noexcept {
  return Tsn(reader().Load32<4>());
}

std::string ShutdownChunk::ToString() const {
  return "SHUTDOWN, cum_ack_tsn=" +
         std::to_string(cumulative_tsn_ack().value());
}

}  // namespace dpsctp::wire
