// RFC 9260 §3.3.3.1.2 Unrecognized Parameter (8)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 8            |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    Unrecognized Parameter                     /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 9260 §3.3.3.1.2: "The Parameter Value field will contain an
// unrecognized parameter copied from the INIT chunk complete with Parameter
// Type, Length, and Value fields." So Parse() requires the value to hold at
// least one whole TLV, and nothing but TLVs. More than one is tolerated: it is
// still unambiguous to walk.
#include "wire/parameter/unrecognized_parameter_parameter.h"

#include "common/byte_order.h"

namespace dpsctp::wire {

std::string UnrecognizedParameterParameter::ToString() const {
  std::span<const uint8_t> inner = unrecognized_parameter();
  // Parse() guarantees at least one TLV header.
  return "UNRECOGNIZED_PARAMETER, type=" +
         std::to_string(LoadBe16(inner.data())) +
         ", length=" + std::to_string(LoadBe16(inner.data() + 2));
}

}  // namespace dpsctp::wire
