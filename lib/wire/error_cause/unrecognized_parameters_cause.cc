// RFC 9260 §3.3.10.8 Unrecognized Parameters (8)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 8         |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    Unrecognized Parameters                    /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 §3.3.10.8: "The Unrecognized Parameters field contains the
// unrecognized parameters copied from the INIT ACK chunk complete with TLV."
// So Parse() requires one or more whole TLVs and nothing else.
#include "wire/error_cause/unrecognized_parameters_cause.h"
