// How the applications show an association's peer: its transport addresses
// as text ("10.0.0.2,10.0.1.2:5000", IPv6 in brackets) and as a JSON array
// of addresses. Control path (events, statistics).
#ifndef DPSCTP_APP_COMMON_PEER_TEXT_H_
#define DPSCTP_APP_COMMON_PEER_TEXT_H_

#include <string>

#include "assoc/association.h"

namespace dpsctp::app {

// "?" for a null association.
std::string PeerText(const assoc::Association* a);
// ["10.0.0.2","10.0.1.2"]; [] for a null association.
std::string PeerAddressesJson(const assoc::Association* a);

}  // namespace dpsctp::app

#endif  // DPSCTP_APP_COMMON_PEER_TEXT_H_
