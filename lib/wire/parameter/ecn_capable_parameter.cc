// ECN Capable (0x8000): RFC 4960 Appendix A (Explicit Congestion
// Notification); RFC 9260 §3.3.2 keeps the type as "Reserved for ECN Capable
// (Note 2) | Optional | 32768 (0x8000)".
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 32768    |     Parameter Length = 4      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/ecn_capable_parameter.h"

namespace dpsctp::wire {

std::optional<EcnCapableParameter> EcnCapableParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 4960 Appendix A: "Parameter Length = 4": the parameter has no value.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return EcnCapableParameter(data);
}

bool EcnCapableParameter::SerializeTo(WireWriter& out) noexcept {
  return AllocateTlv(out, 0).has_value();
}

std::string EcnCapableParameter::ToString() const { return "ECN_CAPABLE"; }

}  // namespace dpsctp::wire
