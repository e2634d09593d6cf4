#include "drivers/dpdk/port.h"

#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include <cerrno>

namespace dpsctp::dpdk {

Result<SctpChecksumOffload, DpdkError> ProbeSctpChecksumOffload(
    uint16_t port_id) {
  rte_eth_dev_info info{};
  const int rc = rte_eth_dev_info_get(port_id, &info);
  if (rc != 0) {
    return MakeUnexpected(MakeDpdkError("rte_eth_dev_info_get", rc));
  }
  return SctpChecksumOffloadFromCapabilities(info.rx_offload_capa,
                                             info.tx_offload_capa);
}

Result<SctpChecksumOffload, DpdkError> ConfigurePort(
    uint16_t port_id, rte_mempool* rx_pool, SctpChecksumOffload offered,
    const PortOptions& options) {
  SctpChecksumOffload enabled{};
  if (options.sctp_checksum_offload) {
    enabled = offered;
  }
  const OffloadBits bits = SctpChecksumOffloadBits(enabled);
  rte_eth_conf conf{};
  conf.rxmode.offloads = bits.rx;
  conf.txmode.offloads = bits.tx;
  int rc = rte_eth_dev_configure(port_id, options.rx_queues,
                                 options.tx_queues, &conf);
  if (rc != 0) {
    return MakeUnexpected(MakeDpdkError("rte_eth_dev_configure", rc));
  }
  uint16_t rx_descriptors = options.rx_descriptors;
  uint16_t tx_descriptors = options.tx_descriptors;
  rc = rte_eth_dev_adjust_nb_rx_tx_desc(port_id, &rx_descriptors,
                                        &tx_descriptors);
  if (rc != 0) {
    return MakeUnexpected(
        MakeDpdkError("rte_eth_dev_adjust_nb_rx_tx_desc", rc));
  }
  const int socket = rte_eth_dev_socket_id(port_id);
  const unsigned socket_id =
      socket < 0 ? static_cast<unsigned>(SOCKET_ID_ANY)
                 : static_cast<unsigned>(socket);
  for (uint16_t q = 0; q < options.rx_queues; ++q) {
    rc = rte_eth_rx_queue_setup(port_id, q, rx_descriptors, socket_id,
                                nullptr, rx_pool);
    if (rc != 0) {
      return MakeUnexpected(MakeDpdkError("rte_eth_rx_queue_setup", rc));
    }
  }
  for (uint16_t q = 0; q < options.tx_queues; ++q) {
    rc = rte_eth_tx_queue_setup(port_id, q, tx_descriptors, socket_id,
                                nullptr);
    if (rc != 0) {
      return MakeUnexpected(MakeDpdkError("rte_eth_tx_queue_setup", rc));
    }
  }
  return enabled;
}

Result<RingPortPair, DpdkError> RingPortPair::Create(std::string_view name,
                                                     unsigned ring_size) {
  RingPortPair pair;
  const std::string base(name);
  const unsigned flags = RING_F_SP_ENQ | RING_F_SC_DEQ;
  for (size_t i = 0; i < 2; ++i) {
    // rte_ring names are limited to RTE_RING_NAMESIZE - 1 (31) characters.
    const std::string ring_name = base + "_r" + std::to_string(i);
    pair.rings_[i] = rte_ring_create(ring_name.c_str(), ring_size,
                                     static_cast<int>(rte_socket_id()), flags);
    if (pair.rings_[i] == nullptr) {
      return MakeUnexpected(MakeDpdkError("rte_ring_create", rte_errno));
    }
  }
  for (size_t i = 0; i < 2; ++i) {
    // Port i transmits into rings_[i] and receives from the other ring.
    rte_ring* const rx[] = {pair.rings_[1 - i]};
    rte_ring* const tx[] = {pair.rings_[i]};
    const std::string port_name = base + "_" + std::to_string(i);
    const int port = rte_eth_from_rings(port_name.c_str(), rx, 1, tx, 1,
                                        rte_socket_id());
    if (port < 0) {
      return MakeUnexpected(MakeDpdkError("rte_eth_from_rings", rte_errno));
    }
    pair.ports_[i] = static_cast<uint16_t>(port);
  }
  return pair;
}

RingPortPair::RingPortPair(RingPortPair&& other) noexcept
    : ports_(other.ports_),
      rings_(other.rings_),
      offloads_(other.offloads_),
      started_(other.started_) {
  other.ports_ = {kNoPort, kNoPort};
  other.rings_ = {nullptr, nullptr};
  other.started_ = false;
}

RingPortPair::~RingPortPair() { Release(); }

Status RingPortPair::Configure(rte_mempool* rx_pool,
                               const PortOptions& options) {
  for (size_t i = 0; i < 2; ++i) {
    auto offered = ProbeSctpChecksumOffload(ports_[i]);
    if (!offered) {
      return MakeUnexpected(offered.error());
    }
    auto enabled = ConfigurePort(ports_[i], rx_pool, *offered, options);
    if (!enabled) {
      return MakeUnexpected(enabled.error());
    }
    offloads_[i] = *enabled;
  }
  return OkStatus();
}

Status RingPortPair::Start() {
  for (size_t i = 0; i < 2; ++i) {
    const int rc = rte_eth_dev_start(ports_[i]);
    if (rc != 0) {
      if (i == 1) {
        rte_eth_dev_stop(ports_[0]);
      }
      return MakeUnexpected(MakeDpdkError("rte_eth_dev_start", rc));
    }
  }
  started_ = true;
  return OkStatus();
}

void RingPortPair::Stop() noexcept {
  if (!started_) {
    return;
  }
  for (uint16_t port : ports_) {
    rte_eth_dev_stop(port);
  }
  started_ = false;
}

void RingPortPair::Release() noexcept {
  Stop();
  for (uint16_t& port : ports_) {
    if (port != kNoPort) {
      // For ports made by rte_eth_from_rings() the PMD leaves the rings to
      // their creator; close releases the ethdev slot.
      rte_eth_dev_close(port);
      port = kNoPort;
    }
  }
  for (rte_ring*& ring : rings_) {
    if (ring == nullptr) {
      continue;
    }
    // Frames transmitted but never received still hold mbufs.
    void* obj = nullptr;
    while (rte_ring_dequeue(ring, &obj) == 0) {
      rte_pktmbuf_free(static_cast<rte_mbuf*>(obj));
    }
    rte_ring_free(ring);
    ring = nullptr;
  }
}

}  // namespace dpsctp::dpdk
