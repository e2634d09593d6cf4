// RFC 3758 §3.1 Forward-TSN-Supported Parameter For INIT and INIT ACK
// (49152 = 0xC000)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Parameter Type = 49152     |  Parameter Length = 4         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/forward_tsn_supported_parameter.h"

namespace dpsctp::wire {

std::optional<ForwardTsnSupportedParameter>
ForwardTsnSupportedParameter::Parse(std::span<const uint8_t> data) noexcept {
  // RFC 3758 §3.1: "Length: 16 bit u_int - Indicates the size of the
  // parameter, i.e., 4." ParseTlv() rejects any other length.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return ForwardTsnSupportedParameter(data);
}

bool ForwardTsnSupportedParameter::SerializeTo(WireWriter& out) noexcept {
  return AllocateTlv(out, 0).has_value();
}

std::string ForwardTsnSupportedParameter::ToString() const {
  return "FORWARD_TSN_SUPPORTED";
}

}  // namespace dpsctp::wire
