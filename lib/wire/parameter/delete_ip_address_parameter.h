// Delete IP Address parameter (RFC 5061 §4.2.2): an ASCONF request asking the
// peer to remove an address of the sender from the association.
#ifndef DPSCTP_WIRE_PARAMETER_DELETE_IP_ADDRESS_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_DELETE_IP_ADDRESS_PARAMETER_H_

#include <string_view>

#include "wire/parameter/asconf_address_parameter.h"

namespace dpsctp::wire {

struct DeleteIpAddressParameterConfig : AsconfAddressParameterConfigBase {
  static constexpr int kType = 0xC002;
  static constexpr std::string_view kName = "DELETE_IP_ADDRESS";
};

extern template class AsconfAddressParameter<DeleteIpAddressParameterConfig>;
using DeleteIpAddressParameter =
    AsconfAddressParameter<DeleteIpAddressParameterConfig>;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_DELETE_IP_ADDRESS_PARAMETER_H_
