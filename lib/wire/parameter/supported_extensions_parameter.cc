// RFC 5061 §4.2.7 Supported Extensions Parameter (0x8008)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8008   |      Parameter Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | CHUNK TYPE 1  |  CHUNK TYPE 2 |  CHUNK TYPE 3 |  CHUNK TYPE 4 |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                             ....                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | CHUNK TYPE N  |      PAD      |      PAD      |      PAD      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/supported_extensions_parameter.h"

#include <algorithm>
#include <string_view>

#include "wire/chunk_type.h"
#include "wire/type_name_list.h"

namespace dpsctp::wire {

std::optional<SupportedExtensionsParameter>
SupportedExtensionsParameter::Parse(std::span<const uint8_t> data) noexcept {
  // Any number of one-byte chunk types; the padding is not counted in the
  // Parameter Length, so any length from 4 up is well formed. An empty list
  // says no extension is supported.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return SupportedExtensionsParameter(data);
}

bool SupportedExtensionsParameter::SerializeTo(
    WireWriter& out, std::span<const uint8_t> chunk_types) noexcept {
  auto w = AllocateTlv(out, chunk_types.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(chunk_types);
  return true;
}

bool SupportedExtensionsParameter::Supports(
    uint8_t chunk_type) const noexcept {
  std::span<const uint8_t> types = chunk_types();
  return std::find(types.begin(), types.end(), chunk_type) != types.end();
}

std::string SupportedExtensionsParameter::ToString() const {
  return "SUPPORTED_EXTENSIONS" + ChunkTypeNamesToString(chunk_types());
}

}  // namespace dpsctp::wire
