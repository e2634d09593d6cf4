// RFC 9260 §3.3.3 Initiation Acknowledgement (INIT ACK) (2)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 2    |  Chunk Flags  |         Chunk Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Initiate Tag                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |               Advertised Receiver Window Credit               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Number of Outbound Streams   |   Number of Inbound Streams   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                          Initial TSN                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /              Optional/Variable-Length Parameters              /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The fields and helpers are shared with INIT (internal::InitLikeChunk in
// init_chunk.cc): RFC 9260 §3.3.3: "The parameter part of INIT ACK is
// formatted similarly to the INIT chunk."
#include "wire/chunk/init_ack_chunk.h"

namespace dpsctp::wire {

std::optional<InitAckChunk> InitAckChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader || !ValidateParameters(*reader)) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.3: "The Chunk Flags field in INIT ACK chunks is reserved,
  // and all bits in it SHOULD be set to 0 by the sender and ignored by the
  // receiver."
  return InitAckChunk(data);
}

bool InitAckChunk::SerializeTo(WireWriter& out, const InitFields& fields,
                               std::span<const uint8_t> parameters) noexcept {
  return SerializeChunk<TlvTrait<InitAckChunkConfig>>(out, fields, parameters);
}

std::optional<size_t> InitAckChunk::Open(WireWriter& out,
                                         const InitFields& fields) noexcept {
  return OpenChunk<TlvTrait<InitAckChunkConfig>>(out, fields);
}

bool InitAckChunk::Close(WireWriter& out, size_t start) noexcept {
  return CloseChunk(out, start);
}

std::string InitAckChunk::ToString() const {
  return "INIT_ACK, " + FieldsToString();
}

}  // namespace dpsctp::wire
