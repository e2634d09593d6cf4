// RFC 9653 §4 Zero Checksum Acceptable Chunk Parameter (0x8001)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Type = 0x8001        |          Length = 8           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Error Detection Method Identifier (EDMID)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/zero_checksum_acceptable_parameter.h"

namespace dpsctp::wire {

std::optional<ZeroChecksumAcceptableParameter>
ZeroChecksumAcceptableParameter::Parse(std::span<const uint8_t> data) noexcept {
  // RFC 9653 §4: the diagram fixes "Length = 8"; ParseTlv() rejects any
  // other length (kVariableLengthAlignment = 0).
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return ZeroChecksumAcceptableParameter(data);
}

bool ZeroChecksumAcceptableParameter::SerializeTo(WireWriter& out,
                                                  uint32_t edmid) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(edmid);
  return true;
}

uint32_t ZeroChecksumAcceptableParameter::edmid() const noexcept {
  return reader().Load32<4>();
}

std::string ZeroChecksumAcceptableParameter::ToString() const {
  return "ZERO_CHECKSUM_ACCEPTABLE, edmid=" + std::to_string(edmid());
}

}  // namespace dpsctp::wire
