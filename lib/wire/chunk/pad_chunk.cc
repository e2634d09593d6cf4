// RFC 4820 §3 Padding Chunk (PAD) (0x84)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0x84   |   Flags=0     |             Length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// /                         Padding Data                          /
// /                                                               /
// |                                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/pad_chunk.h"

namespace dpsctp::wire {

std::optional<PadChunk> PadChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 4820 §3: "The Padding Data MUST be ignored by the receiver." Any
  // length, zero included, is therefore acceptable once the TLV framing is.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return PadChunk(data);
}

bool PadChunk::SerializeTo(WireWriter& out, size_t padding_size) noexcept {
  // AllocateTlv zero-fills the Padding Data and leaves Flags at 0.
  return AllocateTlv(out, padding_size).has_value();
}

std::span<const uint8_t> PadChunk::padding_data() const noexcept {
  return data_.subspan(kHeaderSize);
}

std::string PadChunk::ToString() const {
  return "PAD, padding_length=" + std::to_string(padding_data().size());
}

}  // namespace dpsctp::wire
