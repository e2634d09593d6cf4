// Lookups a sharded driver needs to route packets that carry no tag of
// ours (ARCHITECTURE.md, "Sharding by verification tag").
#include "endpoint/endpoint.h"

namespace dpsctp::endpoint {

bool Endpoint::HasAssociationWith(const IpAddress& peer_address,
                                  uint16_t peer_port,
                                  uint16_t local_port) const noexcept {
  PacketAddresses addresses;
  addresses.src = peer_address;
  return FindByPeer(addresses, peer_port, local_port).has_value();
}

}  // namespace dpsctp::endpoint
