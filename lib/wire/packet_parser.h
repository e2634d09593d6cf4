// Packet parser: splits an SCTP packet (common header + chunks, RFC 9260 §3)
// into chunk descriptors, in place, over a possibly segmented PacketView.
//
// This is phase one of parsing: it checks only the framing (every Chunk
// Length >= 4 and inside the packet, padding). Phase two is the chunk's own
// Parse(), called by the handler of that chunk type on ChunkBytes().
#ifndef DPSCTP_WIRE_PACKET_PARSER_H_
#define DPSCTP_WIRE_PACKET_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "buf/packet_view.h"
#include "common/byte_order.h"
#include "common/result.h"
#include "wire/common_header.h"

namespace dpsctp::wire {

inline constexpr size_t kChunkHeaderSize = 4;

struct ChunkDescriptor {
  uint8_t type = 0;
  uint8_t flags = 0;
  uint16_t length = 0;  // Chunk Length: header included, padding excluded
  uint32_t offset = 0;  // of the chunk's first byte in the packet
};

enum class PacketError : uint8_t {
  kNone = 0,
  kTooShort,          // shorter than the 12-byte common header
  kNoChunks,          // §3: "one or more chunks" are required
  kTruncatedChunk,    // fewer than 4 bytes left for a chunk header
  kChunkLengthTooShort,  // Chunk Length < 4
  kChunkPastEnd,      // Chunk Length runs past the end of the packet
  kBadPadding,        // padding cut short, or more bytes after the last chunk
};

std::string_view PacketErrorName(PacketError e) noexcept;

// Walks the chunks of a packet. Reads 4 bytes per chunk; copies nothing
// unless a chunk header straddles two segments (then 4 bytes).
class ChunkCursor {
 public:
  explicit ChunkCursor(const buf::PacketView& packet) noexcept
      : packet_(&packet), offset_(kCommonHeaderSize) {}

  // The next chunk, or nullopt at the end or on a framing error (error()).
  // Inline: it runs once per chunk of every packet.
  std::optional<ChunkDescriptor> Next() noexcept {
    if (error_ != PacketError::kNone) {
      return std::nullopt;
    }
    const size_t size = packet_->size();
    if (offset_ >= size) {
      return std::nullopt;
    }
    const size_t left = size - offset_;
    if (left < kChunkHeaderSize) {
      // 1-3 stray bytes: padding of a chunk whose length was a multiple of
      // 4 would not leave them; a peer that pads with more than 3 bytes
      // breaks §3.2 as well.
      error_ = PacketError::kTruncatedChunk;
      return std::nullopt;
    }
    uint8_t scratch[kChunkHeaderSize];
    const uint8_t* h = packet_->Read(offset_, kChunkHeaderSize, scratch);
    const ChunkDescriptor d{h[0], h[1], LoadBe16(h + 2),
                            static_cast<uint32_t>(offset_)};
    if (d.length < kChunkHeaderSize) {
      error_ = PacketError::kChunkLengthTooShort;
      return std::nullopt;
    }
    if (d.length > left) {
      error_ = PacketError::kChunkPastEnd;
      return std::nullopt;
    }
    const size_t padded = (size_t{d.length} + 3) & ~size_t{3};
    if (padded <= left) {
      offset_ += padded;
    } else if (d.length == left) {
      // The last chunk's padding is missing. Tolerated: the receiver
      // ignores padding, and some stacks omit it on the final chunk.
      offset_ = size;
    } else {
      error_ = PacketError::kBadPadding;
      return std::nullopt;
    }
    return d;
  }
  PacketError error() const noexcept { return error_; }

 private:
  const buf::PacketView* packet_;
  size_t offset_;
  PacketError error_ = PacketError::kNone;
};

struct ParsedPacket {
  CommonHeader header;
  size_t chunk_count = 0;
  uint8_t first_chunk_type = 0;
};

// Parses the common header and checks the framing of every chunk.
Result<ParsedPacket, PacketError> ParsePacket(
    const buf::PacketView& packet) noexcept;

// The bytes of one chunk (exactly Chunk Length of them), contiguous: a span
// into the segment, or a copy in `scratch` when the chunk straddles segments.
// `scratch` must hold d.length bytes (64 KiB covers every chunk). Empty span
// if the descriptor does not lie inside the packet.
std::span<const uint8_t> ChunkBytes(const buf::PacketView& packet,
                                    const ChunkDescriptor& d,
                                    std::span<uint8_t> scratch) noexcept;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PACKET_PARSER_H_
