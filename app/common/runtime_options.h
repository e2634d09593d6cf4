// From dpsctpd's configuration (lib/config) to the options of the pieces
// that run it: endpoint::EndpointOptions and the driver's interfaces.
// Shared by dpsctpd and dpsctp-perf so that `--set KEY=VALUE` means the
// same in both.
#ifndef DPSCTP_APP_COMMON_RUNTIME_OPTIONS_H_
#define DPSCTP_APP_COMMON_RUNTIME_OPTIONS_H_

#include <string>
#include <vector>

#include "config/app_config.h"
#include "drivers/dpdk/netif.h"
#include "endpoint/endpoint.h"

namespace dpsctp::app {

// Every RFC 9260 §16 parameter and local limit of `keys` (already
// validated: ValidateEndpointKeys) in the endpoint's terms.
endpoint::EndpointOptions ToEndpointOptions(const config::EndpointKeys& keys);

// Addresses, gateway, MTU and VLAN of one interface; the MAC is read from
// the port.
dpdk::InterfaceConfig ToInterfaceConfig(const config::InterfaceConfig& i);

// Associations allocate their queues when they are created (control path,
// sized from the buffers). glibc would serve the large ones with mmap and
// give them back on free: every new association after a closed one would
// page-fault its memory again (a setup rate 20x lower with 1 MiB buffers).
// Keeps freed memory in the heap for reuse instead. Call first in main().
void KeepFreedMemory();

// "--no-huge --no-shconf -m 512" -> words (no quoting: EAL arguments have
// no spaces).
std::vector<std::string> SplitWords(const std::string& text);

}  // namespace dpsctp::app

#endif  // DPSCTP_APP_COMMON_RUNTIME_OPTIONS_H_
