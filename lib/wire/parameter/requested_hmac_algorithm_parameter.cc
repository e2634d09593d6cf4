// RFC 4895 §3.3 Requested HMAC Algorithm Parameter (HMAC-ALGO) (0x8004)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8004   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          HMAC Identifier 1    |      HMAC Identifier 2        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                              ...                              /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        HMAC Identifier n      |           Padding             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/requested_hmac_algorithm_parameter.h"

#include "common/byte_order.h"

namespace dpsctp::wire {

std::optional<RequestedHmacAlgorithmParameter>
RequestedHmacAlgorithmParameter::Parse(std::span<const uint8_t> data) noexcept {
  // RFC 4895 §3.3: each "HMAC Identifier n: 2 bytes (unsigned integer)", so
  // the list must be a whole number of 16-bit identifiers; ParseTlv()
  // enforces it through kVariableLengthAlignment = 2.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return RequestedHmacAlgorithmParameter(data);
}

bool RequestedHmacAlgorithmParameter::SerializeTo(
    WireWriter& out, std::span<const uint16_t> hmac_ids) noexcept {
  auto w = AllocateTlv(out, hmac_ids.size() * 2);
  if (!w) {
    return false;
  }
  uint8_t* p = w->variable_data().data();
  for (uint16_t id : hmac_ids) {
    StoreBe16(p, id);
    p += 2;
  }
  return true;
}

size_t RequestedHmacAlgorithmParameter::hmac_id_count() const noexcept {
  return (data_.size() - kHeaderSize) / 2;
}
uint16_t RequestedHmacAlgorithmParameter::hmac_id(size_t i) const noexcept {
  return LoadBe16(data_.data() + kHeaderSize + i * 2);
}

std::string RequestedHmacAlgorithmParameter::ToString() const {
  std::string s = "REQUESTED_HMAC_ALGORITHM";
  for (size_t i = 0; i < hmac_id_count(); ++i) {
    s += ", " + std::to_string(hmac_id(i));
  }
  return s;
}

}  // namespace dpsctp::wire
