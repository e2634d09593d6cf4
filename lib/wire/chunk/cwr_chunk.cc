// Congestion Window Reduced (CWR) (13): RFC 4960 Appendix A; RFC 9260 only
// reserves the type.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Chunk Type=13 | Flags=00000000|    Chunk Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Lowest TSN Number                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/cwr_chunk.h"

namespace dpsctp::wire {

std::optional<CwrChunk> CwrChunk::Parse(std::span<const uint8_t> data) noexcept {
  // RFC 4960 Appendix A: "This chunk contains one data element, i.e., the TSN
  // number that was sent in the ECNE chunk." (Length = 8;
  // kVariableLengthAlignment 0 makes ParseTlv accept exactly 8 bytes.)
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return CwrChunk(data);
}

bool CwrChunk::SerializeTo(WireWriter& out, Tsn lowest_tsn) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(lowest_tsn.value());
  return true;
}

Tsn CwrChunk::lowest_tsn() const noexcept { return Tsn(reader().Load32<4>()); }

std::string CwrChunk::ToString() const {
  return "CWR, lowest_tsn=" + std::to_string(lowest_tsn().value());
}

}  // namespace dpsctp::wire
