// RFC 9260 §3.3.10.11 Restart of an Association with New Addresses (11)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 11        |         Cause Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                       New Address TLVs                        /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 §3.3.10.11: "The new addresses are listed in the error cause" and
// "Each New Address TLV is an exact copy of the TLV that was found in the INIT
// chunk that was new": Parse() requires one or more whole TLVs, nothing else.
#include "wire/error_cause/restart_with_new_addresses_cause.h"
