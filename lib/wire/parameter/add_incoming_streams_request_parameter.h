// Add Incoming Streams Request Parameter (RFC 6525 §4.6): asks the peer to
// add streams in its outgoing direction (our incoming one).
#ifndef DPSCTP_WIRE_PARAMETER_ADD_INCOMING_STREAMS_REQUEST_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_ADD_INCOMING_STREAMS_REQUEST_PARAMETER_H_

#include <string_view>

#include "wire/parameter/add_streams_request_parameter.h"

namespace dpsctp::wire {

struct AddIncomingStreamsRequestParameterConfig
    : AddStreamsRequestParameterConfigBase {
  static constexpr int kType = 18;
  static constexpr std::string_view kName = "ADD_INCOMING_STREAMS_REQUEST";
};

extern template class AddStreamsRequestParameter<
    AddIncomingStreamsRequestParameterConfig>;
using AddIncomingStreamsRequestParameter =
    AddStreamsRequestParameter<AddIncomingStreamsRequestParameterConfig>;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_ADD_INCOMING_STREAMS_REQUEST_PARAMETER_H_
