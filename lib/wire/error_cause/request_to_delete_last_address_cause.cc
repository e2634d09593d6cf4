// RFC 5061 §4.3.1 Error Cause: Request to Delete Last Remaining IP Address
// (0x00A0)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Cause Code=0x00A0         |     Cause Length=Variable     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    TLV-Copied-From-ASCONF                     /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/request_to_delete_last_address_cause.h"

namespace dpsctp::wire {

template class CopiedAsconfParameterCause<RequestToDeleteLastAddressCauseConfig>;

}  // namespace dpsctp::wire
