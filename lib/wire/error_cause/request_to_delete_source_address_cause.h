// Request to Delete Source IP Address error cause (RFC 5061 §4.3.3): in an
// ASCONF-ACK, refuses a Delete IP Address naming the source address of the
// packet that carried it. It carries a copy of the ASCONF request parameter
// concerned.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_REQUEST_TO_DELETE_SOURCE_ADDRESS_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_REQUEST_TO_DELETE_SOURCE_ADDRESS_CAUSE_H_

#include <string_view>

#include "wire/error_cause/copied_asconf_parameter_cause.h"

namespace dpsctp::wire {

struct RequestToDeleteSourceAddressCauseConfig
    : CopiedAsconfParameterCauseConfigBase {
  static constexpr int kType = 0x00A2;
  static constexpr std::string_view kName = "REQUEST_TO_DELETE_SOURCE_ADDRESS";
};

extern template class CopiedAsconfParameterCause<
    RequestToDeleteSourceAddressCauseConfig>;
using RequestToDeleteSourceAddressCause =
    CopiedAsconfParameterCause<RequestToDeleteSourceAddressCauseConfig>;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_REQUEST_TO_DELETE_SOURCE_ADDRESS_CAUSE_H_
