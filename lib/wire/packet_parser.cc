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

std::optional<ChunkDescriptor> ChunkCursor::Next() noexcept {
  if (error_ != PacketError::kNone) {
    return std::nullopt;
  }
  const size_t size = packet_->size();
  if (offset_ >= size) {
    return std::nullopt;
  }
  const size_t left = size - offset_;
  if (left < kChunkHeaderSize) {
    // 1-3 stray bytes: padding of a chunk whose length was a multiple of 4
    // would not leave them; a peer that pads with more than 3 bytes breaks
    // §3.2 as well.
    error_ = PacketError::kTruncatedChunk;
    return std::nullopt;
  }
  uint8_t scratch[kChunkHeaderSize];
  const uint8_t* h = packet_->Read(offset_, kChunkHeaderSize, scratch);
  ChunkDescriptor d{h[0], h[1], LoadBe16(h + 2),
                    static_cast<uint32_t>(offset_)};
  if (d.length < kChunkHeaderSize) {
    error_ = PacketError::kChunkLengthTooShort;
    return std::nullopt;
  }
  if (d.length > left) {
    error_ = PacketError::kChunkPastEnd;
    return std::nullopt;
  }
  const size_t padded = RoundUpTo4(d.length);
  if (padded <= left) {
    offset_ += padded;
  } else if (d.length == left) {
    // The last chunk's padding is missing. Tolerated: the receiver ignores
    // padding, and some stacks omit it on the final chunk.
    offset_ = size;
  } else {
    error_ = PacketError::kBadPadding;
    return std::nullopt;
  }
  return d;
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
