// RFC 5061 §4.2.6 Adaptation Layer Indication (0xC006)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Type =0xC006              |    Length = 8                 |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Adaptation Code Point                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/adaptation_layer_indication_parameter.h"

namespace dpsctp::wire {

std::optional<AdaptationLayerIndicationParameter>
AdaptationLayerIndicationParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 5061 §4.2.6: the diagram fixes "Length = 8"; ParseTlv() rejects any
  // other length (kVariableLengthAlignment = 0).
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return AdaptationLayerIndicationParameter(data);
}

bool AdaptationLayerIndicationParameter::SerializeTo(
    WireWriter& out, uint32_t adaptation_code_point) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(adaptation_code_point);
  return true;
}

uint32_t AdaptationLayerIndicationParameter::adaptation_code_point()
    const noexcept {
  return reader().Load32<4>();
}

std::string AdaptationLayerIndicationParameter::ToString() const {
  return "ADAPTATION_LAYER_INDICATION, adaptation_code_point=" +
         std::to_string(adaptation_code_point());
}

}  // namespace dpsctp::wire
