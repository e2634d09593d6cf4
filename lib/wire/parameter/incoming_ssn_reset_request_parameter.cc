// RFC 6525 §4.2 Incoming SSN Reset Request Parameter (14)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 14       |  Parameter Length = 8 + 2 * N |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Re-configuration Request Sequence Number             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                            ......                             /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Stream Number N-1 (optional) |    Stream Number N (optional) |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/incoming_ssn_reset_request_parameter.h"

#include "wire/parameter/stream_id_list.h"

namespace dpsctp::wire {

std::optional<IncomingSsnResetRequestParameter>
IncomingSsnResetRequestParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 6525 §4.2: the Parameter Length "MUST be 8 + 2 * N" - ParseTlv()
  // checks the 8-byte minimum and the 2-byte granularity.
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  return IncomingSsnResetRequestParameter(data);
}

bool IncomingSsnResetRequestParameter::SerializeTo(
    WireWriter& out, ReconfigRequestSn request_sequence_number,
    std::span<const StreamId> stream_ids) noexcept {
  auto w = AllocateTlv(out, stream_ids.size() * internal::kStreamIdSize);
  if (!w) {
    return false;
  }
  w->Store32<4>(request_sequence_number.value());
  internal::StoreStreamIds(w->variable_data(), stream_ids);
  return true;
}

ReconfigRequestSn IncomingSsnResetRequestParameter::request_sequence_number()
    const noexcept {
  return ReconfigRequestSn(reader().Load32<4>());
}

size_t IncomingSsnResetRequestParameter::stream_id_count() const noexcept {
  return internal::StreamIdCount(reader());
}

StreamId IncomingSsnResetRequestParameter::stream_id(size_t i) const noexcept {
  return internal::StreamIdAt(reader(), i);
}

std::string IncomingSsnResetRequestParameter::ToString() const {
  return "INCOMING_SSN_RESET_REQUEST, req_sn=" +
         std::to_string(request_sequence_number().value()) +
         ", streams=" + internal::StreamIdsToString(*this);
}

}  // namespace dpsctp::wire
