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
#include "wire/parameter/unrecognized_parameter_parameter.h"

#include "common/byte_order.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

std::optional<UnrecognizedParameterParameter>
UnrecognizedParameterParameter::Parse(std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.3.1.2: "The Parameter Value field will contain an
  // unrecognized parameter copied from the INIT chunk complete with
  // Parameter Type, Length, and Value fields." So the value must hold at
  // least one whole TLV, and nothing but TLVs. More than one is tolerated:
  // it is still unambiguous to walk.
  std::optional<size_t> count = ValidateTlvList(reader->variable_data());
  if (!count || *count == 0) {
    return std::nullopt;
  }
  return UnrecognizedParameterParameter(data);
}

bool UnrecognizedParameterParameter::SerializeTo(
    WireWriter& out, std::span<const uint8_t> unrecognized_parameter) noexcept {
  auto w = AllocateTlv(out, unrecognized_parameter.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(unrecognized_parameter);
  return true;
}

std::string UnrecognizedParameterParameter::ToString() const {
  std::span<const uint8_t> inner = unrecognized_parameter();
  // Parse() guarantees at least one TLV header.
  return "UNRECOGNIZED_PARAMETER, type=" +
         std::to_string(LoadBe16(inner.data())) +
         ", length=" + std::to_string(LoadBe16(inner.data() + 2));
}

}  // namespace dpsctp::wire
