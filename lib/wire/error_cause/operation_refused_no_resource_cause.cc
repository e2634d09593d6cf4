// RFC 5061 §4.3.2 Error Cause: Operation Refused Due to Resource Shortage
// (0x00A1)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Cause Code=0x00A1         |     Cause Length=Variable     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    TLV-Copied-From-ASCONF                     /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/operation_refused_no_resource_cause.h"

namespace dpsctp::wire {

template class CopiedAsconfParameterCause<OperationRefusedNoResourceCauseConfig>;

}  // namespace dpsctp::wire
