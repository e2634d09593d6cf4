// Request to Delete Last Remaining IP Address error cause (RFC 5061 §4.3.1): in
// an ASCONF-ACK, refuses a Delete IP Address that would leave the association
// without any address. It carries a copy of the ASCONF request parameter
// concerned.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_REQUEST_TO_DELETE_LAST_ADDRESS_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_REQUEST_TO_DELETE_LAST_ADDRESS_CAUSE_H_

#include <string_view>

#include "wire/error_cause/copied_asconf_parameter_cause.h"

namespace dpsctp::wire {

struct RequestToDeleteLastAddressCauseConfig
    : CopiedAsconfParameterCauseConfigBase {
  static constexpr int kType = 0x00A0;
  static constexpr std::string_view kName = "REQUEST_TO_DELETE_LAST_ADDRESS";
};

extern template class CopiedAsconfParameterCause<
    RequestToDeleteLastAddressCauseConfig>;
using RequestToDeleteLastAddressCause =
    CopiedAsconfParameterCause<RequestToDeleteLastAddressCauseConfig>;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_REQUEST_TO_DELETE_LAST_ADDRESS_CAUSE_H_
