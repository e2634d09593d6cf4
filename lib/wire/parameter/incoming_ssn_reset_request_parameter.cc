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

#include "common/byte_order.h"
#include "common/check.h"

namespace dpsctp::wire {

namespace {
constexpr size_t kStreamIdSize = 2;
}  // namespace

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
  auto w = AllocateTlv(out, stream_ids.size() * kStreamIdSize);
  if (!w) {
    return false;
  }
  w->Store32<4>(request_sequence_number.value());
  uint8_t* p = w->variable_data().data();
  for (StreamId id : stream_ids) {
    StoreBe16(p, id.value());
    p += kStreamIdSize;
  }
  return true;
}

ReconfigRequestSn
IncomingSsnResetRequestParameter::request_sequence_number() const noexcept {
  return ReconfigRequestSn(reader().Load32<4>());
}

size_t IncomingSsnResetRequestParameter::stream_id_count() const noexcept {
  return reader().variable_data_size() / kStreamIdSize;
}

StreamId IncomingSsnResetRequestParameter::stream_id(
    size_t i) const noexcept {
  DPSCTP_DCHECK(i < stream_id_count());
  return StreamId(
      reader().sub_reader<kStreamIdSize>(i * kStreamIdSize).Load16<0>());
}

std::string IncomingSsnResetRequestParameter::ToString() const {
  std::string s = "INCOMING_SSN_RESET_REQUEST, req_sn=" +
                  std::to_string(request_sequence_number().value()) +
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
