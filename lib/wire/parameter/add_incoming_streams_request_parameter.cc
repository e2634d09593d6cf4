// RFC 6525 §4.6 Add Incoming Streams Request Parameter (18)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 18       |      Parameter Length = 12    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Re-configuration Request Sequence Number             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Number of new streams    |         Reserved              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/add_incoming_streams_request_parameter.h"

namespace dpsctp::wire {

std::optional<AddIncomingStreamsRequestParameter>
AddIncomingStreamsRequestParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 6525 §4.6: the Parameter Length "MUST be 12" - a fixed-size TLV.
  // Reserved is ignored on receipt.
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  return AddIncomingStreamsRequestParameter(data);
}

bool AddIncomingStreamsRequestParameter::SerializeTo(
    WireWriter& out, ReconfigRequestSn request_sequence_number,
    uint16_t number_of_new_streams) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(request_sequence_number.value());
  w->Store16<8>(number_of_new_streams);
  return true;
}

ReconfigRequestSn AddIncomingStreamsRequestParameter::request_sequence_number()
    const noexcept {
  return ReconfigRequestSn(reader().Load32<4>());
}

uint16_t AddIncomingStreamsRequestParameter::number_of_new_streams()
    const noexcept {
  return reader().Load16<8>();
}

std::string AddIncomingStreamsRequestParameter::ToString() const {
  return "ADD_INCOMING_STREAMS_REQUEST, req_sn=" +
         std::to_string(request_sequence_number().value()) +
         ", new_streams=" + std::to_string(number_of_new_streams());
}

}  // namespace dpsctp::wire
