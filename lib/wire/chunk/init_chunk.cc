// RFC 9260 §3.3.2 Initiation (INIT) (1)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 1    |  Chunk Flags  |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         Initiate Tag                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Advertised Receiver Window Credit (a_rwnd)           |
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
// This file also implements internal::InitLikeChunk, shared with INIT ACK.
#include "wire/chunk/init_chunk.h"

#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace internal {

VerificationTag InitLikeChunk::initiate_tag() const noexcept {
  return VerificationTag(reader().Load32<4>());
}
uint32_t InitLikeChunk::a_rwnd() const noexcept {
  return reader().Load32<8>();
}
uint16_t InitLikeChunk::outbound_streams() const noexcept {
  return reader().Load16<12>();
}
uint16_t InitLikeChunk::inbound_streams() const noexcept {
  return reader().Load16<14>();
}
Tsn InitLikeChunk::initial_tsn() const noexcept {
  return Tsn(reader().Load32<16>());
}
InitFields InitLikeChunk::fields() const noexcept {
  return {initiate_tag(), a_rwnd(), outbound_streams(), inbound_streams(),
          initial_tsn()};
}
size_t InitLikeChunk::parameter_count() const noexcept {
  return ValidateTlvList(parameters()).value_or(0);
}

bool InitLikeChunk::ValidateParameters(
    const BoundedByteReader<kFixedSize>& reader) noexcept {
  // RFC 9260 §3.3.2.1: "The following parameters follow the Type-Length-Value
  // format as defined in Section 3.2.1. Any Type-Length-Value fields MUST be
  // placed after the fixed-length fields." Unknown types are fine here; their
  // upper two bits are acted on by the association (§3.2.1).
  return ValidateTlvList(reader.variable_data()).has_value();
}

void InitLikeChunk::WriteFields(BoundedByteWriter<kFixedSize>& w,
                                const InitFields& fields) noexcept {
  w.Store32<4>(fields.initiate_tag.value());
  w.Store32<8>(fields.a_rwnd);
  w.Store16<12>(fields.outbound_streams);
  w.Store16<14>(fields.inbound_streams);
  w.Store32<16>(fields.initial_tsn.value());
}

bool InitLikeChunk::CloseChunk(WireWriter& out, size_t start) noexcept {
  // RFC 9260 §3.2: the Chunk Length "does include the padding of any
  // variable-length parameter except the last parameter in the chunk".
  // Parameter serializers pad each parameter, so the last one's padding is
  // taken off here.
  return CloseTlvList(out, start, kFixedSize);
}

std::string InitLikeChunk::FieldsToString() const {
  return "initiate_tag=" + std::to_string(initiate_tag().value()) +
         ", a_rwnd=" + std::to_string(a_rwnd()) +
         ", os=" + std::to_string(outbound_streams()) +
         ", mis=" + std::to_string(inbound_streams()) +
         ", initial_tsn=" + std::to_string(initial_tsn().value()) +
         ", parameters=" + std::to_string(parameter_count());
}

}  // namespace internal

std::optional<InitChunk> InitChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader || !ValidateParameters(*reader)) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.2: "The Chunk Flags field in INIT chunks is reserved, and
  // all bits in it SHOULD be set to 0 by the sender and ignored by the
  // receiver."
  return InitChunk(data);
}

bool InitChunk::SerializeTo(WireWriter& out, const InitFields& fields,
                            std::span<const uint8_t> parameters) noexcept {
  return SerializeChunk<TlvTrait<InitChunkConfig>>(out, fields, parameters);
}

std::optional<size_t> InitChunk::Open(WireWriter& out,
                                      const InitFields& fields) noexcept {
  return OpenChunk<TlvTrait<InitChunkConfig>>(out, fields);
}

bool InitChunk::Close(WireWriter& out, size_t start) noexcept {
  return CloseChunk(out, start);
}

std::string InitChunk::ToString() const {
  return "INIT, " + FieldsToString();
}

}  // namespace dpsctp::wire
