// RFC 4820 §4 Padding Parameter (PAD) (0x8005)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8005   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                          Padding Data                         /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/padding_parameter.h"

namespace dpsctp::wire {

std::optional<PaddingParameter> PaddingParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 4820 §4: "The receiver of the PAD parameter MUST silently ignore
  // this parameter and continue processing the rest of the INIT chunk." Any
  // Padding Data length, zero included, is therefore fine.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return PaddingParameter(data);
}

bool PaddingParameter::SerializeTo(WireWriter& out,
                                   size_t padding_size) noexcept {
  // AllocateTlv zero-fills the Padding Data.
  return AllocateTlv(out, padding_size).has_value();
}

std::span<const uint8_t> PaddingParameter::padding_data() const noexcept {
  return data_.subspan(kHeaderSize);
}

std::string PaddingParameter::ToString() const {
  return "PADDING, padding_length=" + std::to_string(padding_data().size());
}

}  // namespace dpsctp::wire
