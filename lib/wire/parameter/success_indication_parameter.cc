// RFC 5061 §4.2.5 Success Indication (0xC005)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Type = 0xC005         |        Length = 8             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  ASCONF-Response Correlation ID               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/success_indication_parameter.h"

namespace dpsctp::wire {

std::optional<SuccessIndicationParameter> SuccessIndicationParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 5061 §4.2.5: the diagram fixes "Length = 8"; ParseTlv() rejects any
  // other length (kVariableLengthAlignment = 0).
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return SuccessIndicationParameter(data);
}

bool SuccessIndicationParameter::SerializeTo(WireWriter& out,
                                             uint32_t correlation_id) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(correlation_id);
  return true;
}

uint32_t SuccessIndicationParameter::correlation_id() const noexcept {
  return reader().Load32<4>();
}

std::string SuccessIndicationParameter::ToString() const {
  return "SUCCESS_INDICATION, correlation_id=" +
         std::to_string(correlation_id());
}

}  // namespace dpsctp::wire
