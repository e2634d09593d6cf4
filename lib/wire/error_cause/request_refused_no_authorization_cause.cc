// RFC 5061 §4.3.5 Error Cause: Request Refused - No Authorization (0x00A4)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Cause Code=0x00A4         |     Cause Length=Variable     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                    TLV-Copied-From-ASCONF                     /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/error_cause/request_refused_no_authorization_cause.h"

#include <string>

#include "common/byte_order.h"
#include "wire/chunk_type.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

// The first TLV of `data`, if `data` holds exactly one (its padding may be
// present or not).
std::optional<TlvDescriptor> SoleTlv(std::span<const uint8_t> data) noexcept {
  TlvIterator it(data);
  std::optional<TlvDescriptor> first = it.Next();
  if (!first || it.Next() || it.error() != TlvError::kNone) {
    return std::nullopt;
  }
  return first;
}

}  // namespace

std::optional<RequestRefusedNoAuthorizationCause>
RequestRefusedNoAuthorizationCause::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 5061 §4.3.5: the cause holds the "TLV-Copied-From-ASCONF", i.e. the
  // one request parameter it refers to, so the body must be exactly one
  // well-formed TLV.
  if (!SoleTlv(reader->variable_data())) {
    return std::nullopt;
  }
  return RequestRefusedNoAuthorizationCause(data);
}

bool RequestRefusedNoAuthorizationCause::SerializeTo(
    WireWriter& out, std::span<const uint8_t> asconf_parameter) noexcept {
  auto tlv = SoleTlv(asconf_parameter);
  if (!tlv || tlv->data.size() != asconf_parameter.size()) {
    return false;
  }
  auto w = AllocateTlv(out, asconf_parameter.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(asconf_parameter);
  return true;
}

std::span<const uint8_t> RequestRefusedNoAuthorizationCause::asconf_parameter()
    const noexcept {
  std::span<const uint8_t> body = data_.subspan(kHeaderSize);
  return body.first(LoadBe16(body.data() + 2));
}

std::string RequestRefusedNoAuthorizationCause::ToString() const {
  uint16_t type = LoadBe16(asconf_parameter().data());
  std::string_view name = ParameterTypeName(type);
  return "REQUEST_REFUSED_NO_AUTHORIZATION, asconf_parameter=" +
         (name.empty() ? std::to_string(type) : std::string(name));
}

}  // namespace dpsctp::wire
