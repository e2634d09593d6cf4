// RFC 9260 §3.3.5 Heartbeat Request (HEARTBEAT) (4)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 4    |  Chunk Flags  |       Heartbeat Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /          Heartbeat Information TLV (Variable-Length)          /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Heartbeat Information:
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Heartbeat Info Type = 1    |        HB Info Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                Sender-Specific Heartbeat Info                 /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// This file also implements internal::HeartbeatLikeChunk, shared with
// HEARTBEAT ACK.
#include "wire/chunk/heartbeat_request_chunk.h"

#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace internal {

std::optional<std::span<const uint8_t>> HeartbeatLikeChunk::info()
    const noexcept {
  TlvIterator it(parameters());
  while (auto d = it.Next()) {
    if (d->type == kHeartbeatInfoType) {
      return d->value();
    }
  }
  return std::nullopt;
}

bool HeartbeatLikeChunk::ValidateParameters(
    std::span<const uint8_t> parameters) noexcept {
  // RFC 9260 §3.3.5: the Heartbeat Information is "Defined as a
  // variable-length parameter using the format described in Section 3.2.1".
  return ValidateTlvList(parameters).has_value();
}

std::string HeartbeatLikeChunk::InfoToString() const {
  std::optional<std::span<const uint8_t>> i = info();
  return i ? "info_length=" + std::to_string(i->size()) : "no info";
}

}  // namespace internal

std::optional<HeartbeatRequestChunk> HeartbeatRequestChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader || !ValidateParameters(reader->variable_data())) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.5: Chunk Flags are "Set to 0 on transmit and ignored on
  // receipt."
  return HeartbeatRequestChunk(data);
}

bool HeartbeatRequestChunk::SerializeTo(
    WireWriter& out, std::span<const uint8_t> info) noexcept {
  return SerializeInfo<TlvTrait<HeartbeatRequestChunkConfig>>(out, info);
}

bool HeartbeatRequestChunk::SerializeParametersTo(
    WireWriter& out, std::span<const uint8_t> parameters) noexcept {
  return SerializeParameters<TlvTrait<HeartbeatRequestChunkConfig>>(
      out, parameters);
}

std::string HeartbeatRequestChunk::ToString() const {
  return "HEARTBEAT, " + InfoToString();
}

}  // namespace dpsctp::wire
