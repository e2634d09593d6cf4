// RFC 9260 §3.3.10 Operation Error (ERROR) (9)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 9    |  Chunk Flags  |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                   one or more Error Causes                    /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Error Cause:
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Cause Code           |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                  Cause-Specific Information                   /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/error_chunk.h"

#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

std::optional<ErrorChunk> ErrorChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.10: "It contains one or more error causes." Error causes
  // "are defined as variable-length parameters using the format described in
  // Section 3.2.1".
  std::optional<size_t> n = ValidateTlvList(reader->variable_data());
  if (!n || *n == 0) {
    return std::nullopt;
  }
  // Chunk Flags: "Set to 0 on transmit and ignored on receipt."
  return ErrorChunk(data);
}

bool ErrorChunk::SerializeTo(WireWriter& out,
                             std::span<const uint8_t> error_causes) noexcept {
  // RFC 9260 §3.2: the Chunk Length does not count the last cause's padding.
  // A well-formed list is empty exactly when that size is 0.
  std::optional<size_t> content = TlvListContentSize(error_causes);
  if (!content || *content == 0) {
    return false;
  }
  auto w = AllocateTlv(out, *content);
  if (!w) {
    return false;
  }
  w->CopyToVariableData(error_causes.first(*content));
  return true;
}

std::optional<size_t> ErrorChunk::Open(WireWriter& out) noexcept {
  return OpenTlv(out);
}

bool ErrorChunk::Close(WireWriter& out, size_t start) noexcept {
  // Cause serializers pad every cause; the last one's padding is not counted.
  // RFC 9260 §3.3.10: "one or more error causes", so a non-empty content.
  return CloseTlvList(out, start, kHeaderSize, /*min_content_size=*/1);
}

size_t ErrorChunk::error_cause_count() const noexcept {
  return ValidateTlvList(error_causes()).value_or(0);
}

std::string ErrorChunk::ToString() const {
  std::string s = "ERROR";
  TlvIterator it(error_causes());
  while (auto d = it.Next()) {
    s += ", cause=" + std::to_string(d->type);
  }
  return s;
}

}  // namespace dpsctp::wire
