// RFC 6525 §4.1 Outgoing SSN Reset Request Parameter (13)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Re-configuration Request Sequence Number            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Re-configuration Response Sequence Number           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                Sender's Last Assigned TSN                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                            ......                             /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Stream Number N-1 (optional) |    Stream Number N (optional) |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/outgoing_ssn_reset_request_parameter.h"

#include "wire/parameter/stream_id_list.h"

namespace dpsctp::wire {

std::optional<OutgoingSsnResetRequestParameter>
OutgoingSsnResetRequestParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 6525 §4.1: the Parameter Length "MUST be 16 + 2 * N, where N is the
  // number of stream numbers listed" - ParseTlv() checks the 16-byte minimum
  // and the 2-byte granularity.
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  return OutgoingSsnResetRequestParameter(data);
}

bool OutgoingSsnResetRequestParameter::SerializeTo(
    WireWriter& out, ReconfigRequestSn request_sequence_number,
    ReconfigRequestSn response_sequence_number, Tsn sender_last_assigned_tsn,
    std::span<const StreamId> stream_ids) noexcept {
  auto w = AllocateTlv(out, stream_ids.size() * internal::kStreamIdSize);
  if (!w) {
    return false;
  }
  w->Store32<4>(request_sequence_number.value());
  w->Store32<8>(response_sequence_number.value());
  w->Store32<12>(sender_last_assigned_tsn.value());
  internal::StoreStreamIds(w->variable_data(), stream_ids);
  return true;
}

ReconfigRequestSn OutgoingSsnResetRequestParameter::request_sequence_number()
    const noexcept {
  return ReconfigRequestSn(reader().Load32<4>());
}

ReconfigRequestSn OutgoingSsnResetRequestParameter::response_sequence_number()
    const noexcept {
  return ReconfigRequestSn(reader().Load32<8>());
}

Tsn OutgoingSsnResetRequestParameter::sender_last_assigned_tsn()
    const noexcept {
  return Tsn(reader().Load32<12>());
}

size_t OutgoingSsnResetRequestParameter::stream_id_count() const noexcept {
  return internal::StreamIdCount(reader());
}

StreamId OutgoingSsnResetRequestParameter::stream_id(size_t i) const noexcept {
  return internal::StreamIdAt(reader(), i);
}

std::string OutgoingSsnResetRequestParameter::ToString() const {
  return "OUTGOING_SSN_RESET_REQUEST, req_sn=" +
         std::to_string(request_sequence_number().value()) +
         ", resp_sn=" + std::to_string(response_sequence_number().value()) +
         ", last_tsn=" + std::to_string(sender_last_assigned_tsn().value()) +
         ", streams=" + internal::StreamIdsToString(*this);
}

}  // namespace dpsctp::wire
