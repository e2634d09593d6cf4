// RFC 9260 §3.3.10.6 Unrecognized Chunk Type (6)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 6         |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                      Unrecognized Chunk                       /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/unrecognized_chunk_type_cause.h"

namespace dpsctp::wire {

std::optional<UnrecognizedChunkTypeCause> UnrecognizedChunkTypeCause::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.10.6: "The Unrecognized Chunk field contains the
  // unrecognized chunk from the SCTP packet complete with Chunk Type, Chunk
  // Flags, and Chunk Length." So at least a chunk header must be there.
  // The quoted chunk's Length is not compared with the bytes that follow:
  // senders cut large chunks short to fit the ERROR into one packet (Linux
  // does), and the chunk is only reported back, never processed.
  if (reader->variable_data_size() < kChunkHeaderSize) {
    return std::nullopt;
  }
  return UnrecognizedChunkTypeCause(data);
}

bool UnrecognizedChunkTypeCause::SerializeTo(
    WireWriter& out, std::span<const uint8_t> unrecognized_chunk) noexcept {
  auto w = AllocateTlv(out, unrecognized_chunk.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(unrecognized_chunk);
  return true;
}

std::string UnrecognizedChunkTypeCause::ToString() const {
  return "UNRECOGNIZED_CHUNK_TYPE, chunk_type=" +
         std::to_string(unrecognized_chunk_type()) +
         ", quoted_length=" + std::to_string(unrecognized_chunk().size());
}

}  // namespace dpsctp::wire
