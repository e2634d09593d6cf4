// RFC 5061 §4.2.3 Error Cause Indication (0xC003)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Type = 0xC003         |      Length = Variable        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  ASCONF-Response Correlation ID               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                        Error Cause(s)                         /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/error_cause_indication_parameter.h"

#include <string>

#include "wire/chunk_type.h"
#include "wire/tlv_iterator.h"
#include "wire/type_name_list.h"

namespace dpsctp::wire {

std::optional<ErrorCauseIndicationParameter>
ErrorCauseIndicationParameter::Parse(std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 5061 §4.2.3: "The Error Cause(s) follow the format defined in
  // Section 3.3.10 of [RFC4960]", i.e. a TLV list. An empty list is left
  // to the ASCONF-ACK handler (it carries no reason but is well-formed).
  if (!ValidateTlvList(reader->variable_data())) {
    return std::nullopt;
  }
  return ErrorCauseIndicationParameter(data);
}

bool ErrorCauseIndicationParameter::SerializeTo(
    WireWriter& out, uint32_t correlation_id,
    std::span<const uint8_t> error_causes) noexcept {
  if (!ValidateTlvList(error_causes)) {
    return false;
  }
  auto w = AllocateTlv(out, error_causes.size());
  if (!w) {
    return false;
  }
  w->Store32<4>(correlation_id);
  w->CopyToVariableData(error_causes);
  return true;
}

std::optional<size_t> ErrorCauseIndicationParameter::OpenTo(
    WireWriter& out, uint32_t correlation_id) noexcept {
  auto start = OpenTlv(out);
  if (!start) {
    return std::nullopt;
  }
  FixedPart(out, *start).Store32<4>(correlation_id);
  return start;
}

uint32_t ErrorCauseIndicationParameter::correlation_id() const noexcept {
  return reader().Load32<4>();
}
std::span<const uint8_t> ErrorCauseIndicationParameter::error_causes()
    const noexcept {
  return reader().variable_data();
}

std::string ErrorCauseIndicationParameter::ToString() const {
  std::string s = "ERROR_CAUSE_INDICATION, correlation_id=" +
                  std::to_string(correlation_id());
  return s + TlvTypeNamesToString(error_causes(), ErrorCauseName);
}

}  // namespace dpsctp::wire
