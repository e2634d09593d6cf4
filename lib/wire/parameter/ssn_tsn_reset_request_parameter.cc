// RFC 6525 §4.3 SSN/TSN Reset Request Parameter (15)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 15       |      Parameter Length = 8     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Re-configuration Request Sequence Number              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/ssn_tsn_reset_request_parameter.h"

namespace dpsctp::wire {

std::optional<SsnTsnResetRequestParameter> SsnTsnResetRequestParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 6525 §4.3: the Parameter Length "MUST be 8" - a fixed-size TLV.
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  return SsnTsnResetRequestParameter(data);
}

bool SsnTsnResetRequestParameter::SerializeTo(
    WireWriter& out, ReconfigRequestSn request_sequence_number) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(request_sequence_number.value());
  return true;
}

ReconfigRequestSn SsnTsnResetRequestParameter::request_sequence_number()
    const noexcept {
  return ReconfigRequestSn(reader().Load32<4>());
}

std::string SsnTsnResetRequestParameter::ToString() const {
  return "SSN_TSN_RESET_REQUEST, req_sn=" +
         std::to_string(request_sequence_number().value());
}

}  // namespace dpsctp::wire
