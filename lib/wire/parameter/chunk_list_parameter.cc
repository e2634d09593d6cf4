// RFC 4895 §3.2 Chunk List Parameter (CHUNKS) (0x8003)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8003   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Chunk Type 1  | Chunk Type 2  | Chunk Type 3  | Chunk Type 4  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                              ...                              /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Chunk Type n  |                    Padding                    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/chunk_list_parameter.h"

#include <algorithm>

#include "wire/chunk_type.h"
#include "wire/type_name_list.h"

namespace dpsctp::wire {

std::optional<ChunkListParameter> ChunkListParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 4895 §3.2: "Its maximum length is 260 bytes." (256 distinct chunk
  // types plus the header.)
  if (data.size() > kMaxLength) {
    return std::nullopt;
  }
  return ChunkListParameter(data);
}

bool ChunkListParameter::SerializeTo(
    WireWriter& out, std::span<const uint8_t> chunk_types) noexcept {
  if (kHeaderSize + chunk_types.size() > kMaxLength) {
    return false;
  }
  auto w = AllocateTlv(out, chunk_types.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(chunk_types);
  return true;
}

std::span<const uint8_t> ChunkListParameter::chunk_types() const noexcept {
  return data_.subspan(kHeaderSize);
}

bool ChunkListParameter::Contains(uint8_t chunk_type) const noexcept {
  std::span<const uint8_t> types = chunk_types();
  return std::find(types.begin(), types.end(), chunk_type) != types.end();
}

std::string ChunkListParameter::ToString() const {
  return "CHUNK_LIST" + ChunkTypeNamesToString(chunk_types());
}

}  // namespace dpsctp::wire
