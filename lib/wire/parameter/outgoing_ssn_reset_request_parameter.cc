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

#include "common/byte_order.h"
#include "common/check.h"

namespace dpsctp::wire {

namespace {
constexpr size_t kStreamIdSize = 2;
}  // namespace

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
  auto w = AllocateTlv(out, stream_ids.size() * kStreamIdSize);
  if (!w) {
    return false;
  }
  w->Store32<4>(request_sequence_number.value());
  w->Store32<8>(response_sequence_number.value());
  w->Store32<12>(sender_last_assigned_tsn.value());
  uint8_t* p = w->variable_data().data();
  for (StreamId id : stream_ids) {
    StoreBe16(p, id.value());
    p += kStreamIdSize;
  }
  return true;
}

ReconfigRequestSn
OutgoingSsnResetRequestParameter::request_sequence_number() const noexcept {
  return ReconfigRequestSn(reader().Load32<4>());
}

ReconfigRequestSn
OutgoingSsnResetRequestParameter::response_sequence_number() const noexcept {
  return ReconfigRequestSn(reader().Load32<8>());
}

Tsn OutgoingSsnResetRequestParameter::sender_last_assigned_tsn()
    const noexcept {
  return Tsn(reader().Load32<12>());
}

size_t OutgoingSsnResetRequestParameter::stream_id_count() const noexcept {
  return reader().variable_data_size() / kStreamIdSize;
}

StreamId OutgoingSsnResetRequestParameter::stream_id(
    size_t i) const noexcept {
  DPSCTP_DCHECK(i < stream_id_count());
  return StreamId(
      reader().sub_reader<kStreamIdSize>(i * kStreamIdSize).Load16<0>());
}

std::string OutgoingSsnResetRequestParameter::ToString() const {
  std::string s =
      "OUTGOING_SSN_RESET_REQUEST, req_sn=" +
      std::to_string(request_sequence_number().value()) +
      ", resp_sn=" + std::to_string(response_sequence_number().value()) +
      ", last_tsn=" + std::to_string(sender_last_assigned_tsn().value()) +
      ", streams=";
  if (stream_id_count() == 0) {
    s += "all";
  }
  for (size_t i = 0; i < stream_id_count(); ++i) {
    s += (i == 0 ? "" : ",") + std::to_string(stream_id(i).value());
  }
  return s;
}

}  // namespace dpsctp::wire
