// RFC 9260 §3.3.10.2 Missing Mandatory Parameter (2)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Cause Code = 2         |   Cause Length = 8 + N * 2    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 Number of missing params = N                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Missing Param Type #1     |     Missing Param Type #2     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Missing Param Type #N-1    |     Missing Param Type #N     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/missing_mandatory_parameter_cause.h"

#include "common/byte_order.h"

namespace dpsctp::wire {

std::optional<MissingMandatoryParameterCause>
MissingMandatoryParameterCause::Parse(std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.10.2: "Cause Length = 8 + N * 2", where N is the "Number
  // of missing params". The count is 32 bits wide: compare it with
  // Length / 2 so that a huge count cannot overflow a multiplication.
  uint32_t count = reader->Load32<4>();
  if (count != reader->variable_data_size() / kParameterTypeSize) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.10.2: "Indicates that one or more mandatory TLV parameters
  // are missing".
  if (count == 0) {
    return std::nullopt;
  }
  return MissingMandatoryParameterCause(data);
}

bool MissingMandatoryParameterCause::SerializeTo(
    WireWriter& out, std::span<const uint16_t> missing_types) noexcept {
  if (missing_types.empty()) {
    return false;
  }
  auto w = AllocateTlv(out, missing_types.size() * kParameterTypeSize);
  if (!w) {
    return false;
  }
  w->Store32<4>(static_cast<uint32_t>(missing_types.size()));
  uint8_t* p = w->variable_data().data();
  for (uint16_t type : missing_types) {
    StoreBe16(p, type);
    p += kParameterTypeSize;
  }
  return true;
}

uint16_t MissingMandatoryParameterCause::missing_parameter_type(
    size_t i) const noexcept {
  return LoadBe16(data_.data() + kHeaderSize + i * kParameterTypeSize);
}

std::string MissingMandatoryParameterCause::ToString() const {
  std::string s = "MISSING_MANDATORY_PARAMETER";
  for (size_t i = 0; i < missing_parameter_count(); ++i) {
    s += i == 0 ? ", types=" : ",";
    s += std::to_string(missing_parameter_type(i));
  }
  return s;
}

}  // namespace dpsctp::wire
