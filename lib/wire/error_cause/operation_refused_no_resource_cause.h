// Operation Refused Due to Resource Shortage error cause (RFC 5061 §4.3.2): in
// an ASCONF-ACK, refuses a request the receiver lacks the resources to perform.
// It carries a copy of the ASCONF request parameter concerned.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_OPERATION_REFUSED_NO_RESOURCE_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_OPERATION_REFUSED_NO_RESOURCE_CAUSE_H_

#include <string_view>

#include "wire/error_cause/copied_asconf_parameter_cause.h"

namespace dpsctp::wire {

struct OperationRefusedNoResourceCauseConfig
    : CopiedAsconfParameterCauseConfigBase {
  static constexpr int kType = 0x00A1;
  static constexpr std::string_view kName = "OPERATION_REFUSED_NO_RESOURCE";
};

extern template class CopiedAsconfParameterCause<
    OperationRefusedNoResourceCauseConfig>;
using OperationRefusedNoResourceCause =
    CopiedAsconfParameterCause<OperationRefusedNoResourceCauseConfig>;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_OPERATION_REFUSED_NO_RESOURCE_CAUSE_H_
