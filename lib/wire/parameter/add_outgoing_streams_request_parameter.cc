// RFC 6525 §4.5 Add Outgoing Streams Request Parameter (17)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 17       |      Parameter Length = 12    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Re-configuration Request Sequence Number             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Number of new streams    |         Reserved              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/add_outgoing_streams_request_parameter.h"

namespace dpsctp::wire {

std::optional<AddOutgoingStreamsRequestParameter>
AddOutgoingStreamsRequestParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 6525 §4.5: the Parameter Length "MUST be 12" - a fixed-size TLV.
  // Reserved is ignored on receipt.
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  return AddOutgoingStreamsRequestParameter(data);
}

bool AddOutgoingStreamsRequestParameter::SerializeTo(
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

ReconfigRequestSn AddOutgoingStreamsRequestParameter::request_sequence_number()
    const noexcept {
  return ReconfigRequestSn(reader().Load32<4>());
}

uint16_t AddOutgoingStreamsRequestParameter::number_of_new_streams()
    const noexcept {
  return reader().Load16<8>();
}

std::string AddOutgoingStreamsRequestParameter::ToString() const {
  return "ADD_OUTGOING_STREAMS_REQUEST, req_sn=" +
         std::to_string(request_sequence_number().value()) +
         ", new_streams=" + std::to_string(number_of_new_streams());
}

}  // namespace dpsctp::wire
