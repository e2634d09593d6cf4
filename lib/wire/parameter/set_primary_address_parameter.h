// Set Primary Address parameter (RFC 5061 §4.2.4): an ASCONF request asking
// the peer to use this address of the sender as its primary destination.
#ifndef DPSCTP_WIRE_PARAMETER_SET_PRIMARY_ADDRESS_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_SET_PRIMARY_ADDRESS_PARAMETER_H_

#include <string_view>

#include "wire/parameter/asconf_address_parameter.h"

namespace dpsctp::wire {

struct SetPrimaryAddressParameterConfig : AsconfAddressParameterConfigBase {
  static constexpr int kType = 0xC004;
  static constexpr std::string_view kName = "SET_PRIMARY_ADDRESS";
};

extern template class AsconfAddressParameter<SetPrimaryAddressParameterConfig>;
using SetPrimaryAddressParameter =
    AsconfAddressParameter<SetPrimaryAddressParameterConfig>;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_SET_PRIMARY_ADDRESS_PARAMETER_H_
