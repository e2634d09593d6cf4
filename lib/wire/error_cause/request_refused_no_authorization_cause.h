// Request Refused - No Authorization error cause (RFC 5061 §4.3.5): in an
// ASCONF-ACK, refuses a request the sender is not authorized to make. It
// carries a copy of the ASCONF request parameter concerned.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_REQUEST_REFUSED_NO_AUTHORIZATION_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_REQUEST_REFUSED_NO_AUTHORIZATION_CAUSE_H_

#include <string_view>

#include "wire/error_cause/copied_asconf_parameter_cause.h"

namespace dpsctp::wire {

struct RequestRefusedNoAuthorizationCauseConfig
    : CopiedAsconfParameterCauseConfigBase {
  static constexpr int kType = 0x00A4;
  static constexpr std::string_view kName = "REQUEST_REFUSED_NO_AUTHORIZATION";
};

extern template class CopiedAsconfParameterCause<
    RequestRefusedNoAuthorizationCauseConfig>;
using RequestRefusedNoAuthorizationCause =
    CopiedAsconfParameterCause<RequestRefusedNoAuthorizationCauseConfig>;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_REQUEST_REFUSED_NO_AUTHORIZATION_CAUSE_H_
