// Add Outgoing Streams Request Parameter (RFC 6525 §4.5): tells the peer
// that the sender adds streams in its outgoing direction, so the peer must
// be ready to receive on them.
#ifndef DPSCTP_WIRE_PARAMETER_ADD_OUTGOING_STREAMS_REQUEST_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_ADD_OUTGOING_STREAMS_REQUEST_PARAMETER_H_

#include <string_view>

#include "wire/parameter/add_streams_request_parameter.h"

namespace dpsctp::wire {

struct AddOutgoingStreamsRequestParameterConfig
    : AddStreamsRequestParameterConfigBase {
  static constexpr int kType = 17;
  static constexpr std::string_view kName = "ADD_OUTGOING_STREAMS_REQUEST";
};

extern template class AddStreamsRequestParameter<
    AddOutgoingStreamsRequestParameterConfig>;
using AddOutgoingStreamsRequestParameter =
    AddStreamsRequestParameter<AddOutgoingStreamsRequestParameterConfig>;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_ADD_OUTGOING_STREAMS_REQUEST_PARAMETER_H_
