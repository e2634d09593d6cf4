// Display helpers for ToString() (tests and debugging only): the names of
// the TLVs of a list, or of a list of chunk types, as ", NAME, NAME, 42"
// (the number when the type has no name in chunk_type.h).
#ifndef DPSCTP_WIRE_TYPE_NAME_LIST_H_
#define DPSCTP_WIRE_TYPE_NAME_LIST_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "wire/chunk_type.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

// `name` is ParameterTypeName or ErrorCauseName. Stops at the first
// malformed element.
inline std::string TlvTypeNamesToString(
    std::span<const uint8_t> list,
    std::string_view (*name)(uint16_t) noexcept) {
  std::string s;
  TlvIterator it(list);
  while (std::optional<TlvDescriptor> d = it.Next()) {
    std::string_view n = name(d->type);
    s += ", ";
    s += n.empty() ? std::to_string(d->type) : std::string(n);
  }
  return s;
}

inline std::string ChunkTypeNamesToString(std::span<const uint8_t> types) {
  std::string s;
  for (uint8_t t : types) {
    std::string_view n = ChunkTypeName(t);
    s += ", ";
    s += n.empty() ? std::to_string(t) : std::string(n);
  }
  return s;
}

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_TYPE_NAME_LIST_H_
