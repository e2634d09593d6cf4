#include "app/common/runtime_options.h"

#include <malloc.h>

#include <algorithm>
#include <sstream>

#include "config/set_option.h"

namespace dpsctp::app {

endpoint::EndpointOptions ToEndpointOptions(const config::EndpointKeys& k) {
  endpoint::EndpointOptions o;
  assoc::AssocOptions& a = o.assoc;
  a.rto_initial = k.rto_initial;
  a.rto_min = k.rto_min;
  a.rto_max = k.rto_max;
  a.rto_alpha_shift = config::FractionShift(k.rto_alpha).value_or(3);
  a.rto_beta_shift = config::FractionShift(k.rto_beta).value_or(2);
  a.max_burst = static_cast<int>(k.max_burst);
  a.valid_cookie_life = k.valid_cookie_life;
  a.association_max_retrans = static_cast<int>(k.association_max_retrans);
  a.path_max_retrans = static_cast<int>(k.path_max_retrans);
  a.max_init_retransmits = static_cast<int>(k.max_init_retransmits);
  a.hb_interval = k.hb_interval;
  a.hb_max_burst = static_cast<int>(k.hb_max_burst);
  a.sack_delay = k.sack_delay;
  a.sack_frequency = static_cast<int>(k.sack_frequency);
  a.t5_shutdown_guard = k.t5_shutdown_guard;
  a.mtu = k.mtu;
  a.outbound_streams = k.outbound_streams;
  a.max_inbound_streams = k.inbound_streams;
  a.receive_window = k.receive_buffer;
  // The send side gets as much room as the receive side, so an echo of a
  // full window fits; chunk counts follow (a chunk carries >= 1 byte, most
  // carry a full MTU).
  a.send_buffer = k.receive_buffer;
  const uint32_t chunks = std::max<uint32_t>(1024, k.receive_buffer / 256);
  a.max_receive_fragments = chunks;
  a.max_send_messages = chunks;
  a.max_outstanding_chunks = chunks;
  o.max_associations = k.max_associations;
  // Room for a burst of events from every association.
  o.event_queue_capacity = std::max<uint32_t>(4096, 4 * k.max_associations);
  return o;
}

dpdk::InterfaceConfig ToInterfaceConfig(const config::InterfaceConfig& i) {
  dpdk::InterfaceConfig out;
  out.vlan_id = i.vlan.value_or(0);
  out.mtu = i.mtu;
  for (const config::IpPrefix& p : i.addresses) {
    out.addresses.push_back(dpdk::IpPrefix{p.address, p.prefix_len});
  }
  if (i.gateway) {
    if (i.gateway->is_v6()) {
      out.gateway_v6 = *i.gateway;
    } else {
      out.gateway_v4 = *i.gateway;
    }
  }
  return out;
}

void KeepFreedMemory() {
  // 32 MiB is glibc's largest mmap threshold on 64-bit; trimming only
  // beyond 1 GiB of free heap.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

}  // namespace dpsctp::app
