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

#include "common/byte_order.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

namespace {

struct CauseList {
  size_t count = 0;
  size_t content_size = 0;  // without the last cause's padding
};

// nullopt if `causes` is not a well-formed list. RFC 9260 §3.2: the Chunk
// Length "does include the padding of any variable-length parameter except
// the last parameter in the chunk".
std::optional<CauseList> Walk(std::span<const uint8_t> causes) noexcept {
  TlvIterator it(causes);
  CauseList list;
  while (auto d = it.Next()) {
    ++list.count;
    list.content_size =
        static_cast<size_t>(d->data.data() - causes.data()) + d->data.size();
  }
  if (it.error() != TlvError::kNone) {
    return std::nullopt;
  }
  return list;
}

}  // namespace

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
  std::optional<CauseList> list = Walk(error_causes);
  if (!list || list->count == 0) {
    return false;
  }
  auto w = AllocateTlv(out, list->content_size);
  if (!w) {
    return false;
  }
  w->CopyToVariableData(error_causes.first(list->content_size));
  return true;
}

std::optional<size_t> ErrorChunk::Open(WireWriter& out) noexcept {
  return OpenTlv(out);
}

bool ErrorChunk::Close(WireWriter& out, size_t start) noexcept {
  if (out.overflowed() || start + kHeaderSize > out.size()) {
    return false;
  }
  // Cause serializers pad every cause; the last one's padding is not counted.
  std::optional<CauseList> list =
      Walk(out.written().subspan(start + kHeaderSize));
  if (!list || list->count == 0 ||
      kHeaderSize + list->content_size > 0xffff) {
    return false;
  }
  StoreBe16(out.written().data() + start + 2,
            static_cast<uint16_t>(kHeaderSize + list->content_size));
  return out.PadTo4();
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
