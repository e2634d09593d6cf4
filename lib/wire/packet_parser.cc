// RFC 9260 §3: "An SCTP packet is composed of a common header and chunks."
// §3.2: "The Chunk Length field does not count any chunk padding. ... The
// sender MUST NOT pad with more than 3 bytes. The receiver MUST ignore the
// padding bytes."
#include "wire/packet_parser.h"

#include "common/byte_order.h"

namespace dpsctp::wire {

std::string_view PacketErrorName(PacketError e) noexcept {
  switch (e) {
    case PacketError::kNone: return "none";
    case PacketError::kTooShort: return "too_short";
    case PacketError::kNoChunks: return "no_chunks";
    case PacketError::kTruncatedChunk: return "truncated_chunk";
    case PacketError::kChunkLengthTooShort: return "chunk_length_too_short";
    case PacketError::kChunkPastEnd: return "chunk_past_end";
    case PacketError::kBadPadding: return "bad_padding";
  }
  return "unknown";
}

Result<ParsedPacket, PacketError> ParsePacket(
    const buf::PacketView& packet) noexcept {
  uint8_t scratch[kCommonHeaderSize];
  const uint8_t* h = packet.Read(0, kCommonHeaderSize, scratch);
  if (h == nullptr) {
    return MakeUnexpected(PacketError::kTooShort);
  }
  ParsedPacket out;
  out.header = *CommonHeader::Parse({h, kCommonHeaderSize});
  ChunkCursor cursor(packet);
  while (auto d = cursor.Next()) {
    if (out.chunk_count == 0) {
      out.first_chunk_type = d->type;
    }
    ++out.chunk_count;
  }
  if (cursor.error() != PacketError::kNone) {
    return MakeUnexpected(cursor.error());
  }
  if (out.chunk_count == 0) {
    return MakeUnexpected(PacketError::kNoChunks);
  }
  return out;
}

std::span<const uint8_t> ChunkBytes(const buf::PacketView& packet,
                                    const ChunkDescriptor& d,
                                    std::span<uint8_t> scratch) noexcept {
  if (scratch.size() < d.length) {
    // Only a copy needs the scratch; a contiguous chunk does not.
    buf::PacketView slice = packet.Slice(d.offset, d.length);
    if (slice.segment_count() == 1 && slice.size() == d.length) {
      return slice.segment(0);
    }
    return {};
  }
  const uint8_t* p = packet.Read(d.offset, d.length, scratch.data());
  if (p == nullptr) {
    return {};
  }
  return {p, d.length};
}

}  // namespace dpsctp::wire
