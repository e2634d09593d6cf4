// The protocol's numbers, each its own type (RFC 9260 §3, RFC 8260 §2.1).
#ifndef DPSCTP_COMMON_TYPES_H_
#define DPSCTP_COMMON_TYPES_H_

#include <cstdint>

#include "common/strong_id.h"

namespace dpsctp {

// Serial numbers: compare with serial.h.
using Tsn = StrongId<struct TsnTag, uint32_t>;
using Ssn = StrongId<struct SsnTag, uint16_t>;
using Mid = StrongId<struct MidTag, uint32_t>;   // I-DATA Message Identifier
using Fsn = StrongId<struct FsnTag, uint32_t>;   // I-DATA Fragment Sequence Number
using ReconfigRequestSn = StrongId<struct ReconfigRequestSnTag, uint32_t>;
using AsconfSerial = StrongId<struct AsconfSerialTag, uint32_t>;

// Identifiers.
using VerificationTag = StrongId<struct VerificationTagTag, uint32_t>;
using StreamId = OrderedStrongId<struct StreamIdTag, uint16_t>;
using Ppid = StrongId<struct PpidTag, uint32_t>;

}  // namespace dpsctp

#endif  // DPSCTP_COMMON_TYPES_H_
