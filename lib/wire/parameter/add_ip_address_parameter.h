// Add IP Address parameter (RFC 5061 §4.2.1): an ASCONF request asking the
// peer to add an address of the sender to the association.
#ifndef DPSCTP_WIRE_PARAMETER_ADD_IP_ADDRESS_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_ADD_IP_ADDRESS_PARAMETER_H_

#include <string_view>

#include "wire/parameter/asconf_address_parameter.h"

namespace dpsctp::wire {

struct AddIpAddressParameterConfig : AsconfAddressParameterConfigBase {
  static constexpr int kType = 0xC001;
  static constexpr std::string_view kName = "ADD_IP_ADDRESS";
};

extern template class AsconfAddressParameter<AddIpAddressParameterConfig>;
using AddIpAddressParameter =
    AsconfAddressParameter<AddIpAddressParameterConfig>;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_ADD_IP_ADDRESS_PARAMETER_H_
