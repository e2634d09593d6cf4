// RFC 9260 §3.3.7 Abort Association (ABORT) (6)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 6    |  Reserved   |T|            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                   zero or more Error Causes                   /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/abort_chunk.h"

#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

std::optional<AbortChunk> AbortChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.7: "zero or more Error Causes"; they use the parameter
  // format of §3.2.1 (§3.3.10). "If an endpoint receives an ABORT chunk with
  // a format error or no TCB is found, it MUST silently discard it."
  if (!ValidateTlvList(reader->variable_data())) {
    return std::nullopt;
  }
  // Reserved flag bits: "Set to 0 on transmit and ignored on receipt."
  return AbortChunk(data);
}

bool AbortChunk::SerializeTo(WireWriter& out, bool t_bit,
                             std::span<const uint8_t> error_causes) noexcept {
  // RFC 9260 §3.2: the Chunk Length does not count the last cause's padding.
  std::optional<size_t> content = TlvListContentSize(error_causes);
  if (!content) {
    return false;
  }
  auto w = AllocateTlv(out, *content);
  if (!w) {
    return false;
  }
  w->Store8<1>(t_bit ? kFlagT : 0);
  w->CopyToVariableData(error_causes.first(*content));
  return true;
}

std::optional<size_t> AbortChunk::Open(WireWriter& out, bool t_bit) noexcept {
  std::optional<size_t> start = OpenTlv(out);
  if (!start) {
    return std::nullopt;
  }
  FixedPart(out, *start).Store8<1>(t_bit ? kFlagT : 0);
  return start;
}

bool AbortChunk::Close(WireWriter& out, size_t start) noexcept {
  // Cause serializers pad every cause; the last one's padding is not counted.
  return CloseTlvList(out, start, kHeaderSize);
}

size_t AbortChunk::error_cause_count() const noexcept {
  return ValidateTlvList(error_causes()).value_or(0);
}

std::string AbortChunk::ToString() const {
  std::string s = "ABORT, t_bit=";
  s += t_bit() ? "1" : "0";
  TlvIterator it(error_causes());
  while (auto d = it.Next()) {
    s += ", cause=" + std::to_string(d->type);
  }
  return s;
}

}  // namespace dpsctp::wire
