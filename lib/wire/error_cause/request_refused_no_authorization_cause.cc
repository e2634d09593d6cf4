// RFC 5061 §4.3.5 Error Cause: Request Refused - No Authorization (0x00A4)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Cause Code=0x00A4         |     Cause Length=Variable     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    TLV-Copied-From-ASCONF                     /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/request_refused_no_authorization_cause.h"

namespace dpsctp::wire {

template class CopiedAsconfParameterCause<RequestRefusedNoAuthorizationCauseConfig>;

}  // namespace dpsctp::wire
