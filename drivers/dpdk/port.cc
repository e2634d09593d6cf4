#include "drivers/dpdk/port.h"

#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iterator>
#include <string>

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

namespace {

std::string MacToString(const std::array<uint8_t, 6>& mac) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
                mac[1], mac[2], mac[3], mac[4], mac[5]);
  return text;
}

Result<SctpChecksumOffload, DpdkError> ConfigurePortWith(
    uint16_t port_id, rte_mempool* rx_pool, SctpChecksumOffload offered,
    const PortOptions& options, PortReport& report) {
  rte_eth_dev_info info{};
  int rc = rte_eth_dev_info_get(port_id, &info);
  if (rc != 0) {
    return MakeUnexpected(MakeDpdkError("rte_eth_dev_info_get", rc));
  }
  report.driver = info.driver_name != nullptr ? info.driver_name : "";
  report.offered = offered;
  report.max_rx_queues = info.max_rx_queues;
  report.max_tx_queues = info.max_tx_queues;
  if (options.rx_queues > info.max_rx_queues ||
      options.tx_queues > info.max_tx_queues) {
    return MakeUnexpected(MakeDpdkError(
        "ConfigurePort", EINVAL,
        "port " + std::to_string(port_id) + " (" + report.driver +
            ") has at most " + std::to_string(info.max_rx_queues) +
            " RX and " + std::to_string(info.max_tx_queues) + " TX queues"));
  }
  SctpChecksumOffload enabled{};
  if (options.sctp_checksum_offload) {
    enabled = offered;
  }
  const OffloadBits bits = SctpChecksumOffloadBits(enabled);
  rte_eth_conf conf{};
  conf.rxmode.offloads = bits.rx;
  conf.txmode.offloads = bits.tx;
  if (options.rss && options.rx_queues > 1) {
    // RSS over SCTP ports where the device hashes them; IP addresses
    // otherwise (an association's packets still land on one queue).
    const uint64_t sctp =
        RTE_ETH_RSS_NONFRAG_IPV4_SCTP | RTE_ETH_RSS_NONFRAG_IPV6_SCTP;
    uint64_t hf = info.flow_type_rss_offloads & sctp;
    report.rss_sctp = hf != 0;
    if (hf == 0) hf = info.flow_type_rss_offloads & RTE_ETH_RSS_IP;
    if (hf != 0) {
      conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
      conf.rx_adv_conf.rss_conf.rss_hf = hf;
      report.rss_hash_functions = hf;
    }
  }
  rc = rte_eth_dev_configure(port_id, options.rx_queues, options.tx_queues,
                             &conf);
  if (rc != 0) {
    return MakeUnexpected(MakeDpdkError("rte_eth_dev_configure", rc));
  }
  if (options.mtu != 0) {
    rc = rte_eth_dev_set_mtu(port_id, options.mtu);
    if (rc != 0) {
      return MakeUnexpected(MakeDpdkError("rte_eth_dev_set_mtu", rc));
    }
  }
  uint16_t mtu = 0;
  if (rte_eth_dev_get_mtu(port_id, &mtu) == 0) report.mtu = mtu;
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
  // Promiscuous off unless asked: frames for other MACs are not ours. Some
  // virtual devices cannot change it; that is not an error.
  if (options.promiscuous) {
    rte_eth_promiscuous_enable(port_id);
  } else {
    rte_eth_promiscuous_disable(port_id);
  }
  rte_ether_addr addr{};
  if (rte_eth_macaddr_get(port_id, &addr) == 0) {
    std::copy(std::begin(addr.addr_bytes), std::end(addr.addr_bytes),
              report.mac.begin());
  }
  report.enabled = enabled;
  return enabled;
}

}  // namespace

std::string PortReport::ToString() const {
  auto onoff = [](bool b) { return b ? "on" : "off"; };
  std::string rss = rss_hash_functions == 0
                        ? "none"
                        : (rss_sctp ? "sctp-ports" : "ip-addresses");
  return driver + " mac " + MacToString(mac) + " mtu " + std::to_string(mtu) +
         " queues-max rx " + std::to_string(max_rx_queues) + " tx " +
         std::to_string(max_tx_queues) + " sctp-cksum offered rx " +
         onoff(offered.rx) + " tx " + onoff(offered.tx) + ", enabled rx " +
         onoff(enabled.rx) + " tx " + onoff(enabled.tx) + " rss " + rss;
}

std::string LinkStatus::ToString() const {
  if (!up) return "down";
  return "up " + std::to_string(speed_mbps) + " Mbps " +
         (full_duplex ? "full-duplex" : "half-duplex");
}

LinkStatus GetLinkStatus(uint16_t port_id) noexcept {
  rte_eth_link link{};
  LinkStatus status;
  if (rte_eth_link_get_nowait(port_id, &link) != 0) return status;
  status.up = link.link_status == RTE_ETH_LINK_UP;
  status.speed_mbps = link.link_speed;
  status.full_duplex = link.link_duplex == RTE_ETH_LINK_FULL_DUPLEX;
  return status;
}

Result<uint16_t, DpdkError> AttachPort(std::string_view devargs) {
  const std::string args(devargs);
  const std::string name = args.substr(0, args.find(','));
  uint16_t port = 0;
  if (rte_eth_dev_get_port_by_name(name.c_str(), &port) == 0) return port;
  const int rc = rte_dev_probe(args.c_str());
  if (rc != 0) {
    return MakeUnexpected(MakeDpdkError("rte_dev_probe", rc,
                                        "cannot probe '" + args + "': " +
                                            rte_strerror(-rc)));
  }
  if (rte_eth_dev_get_port_by_name(name.c_str(), &port) != 0) {
    return MakeUnexpected(MakeDpdkError(
        "rte_eth_dev_get_port_by_name", ENODEV,
        "device '" + name + "' probed but has no ethdev port"));
  }
  return port;
}

std::vector<uint16_t> EthPorts() {
  std::vector<uint16_t> ports;
  uint16_t p = 0;
  RTE_ETH_FOREACH_DEV(p) { ports.push_back(p); }
  return ports;
}

Result<SctpChecksumOffload, DpdkError> ConfigurePort(
    uint16_t port_id, rte_mempool* rx_pool, SctpChecksumOffload offered,
    const PortOptions& options) {
  PortReport report;
  auto r = ConfigurePortWith(port_id, rx_pool, offered, options, report);
  return r;
}

Result<SctpChecksumOffload, DpdkError> ConfigurePortReport(
    uint16_t port_id, rte_mempool* rx_pool, const PortOptions& options,
    PortReport& report) {
  auto offered = ProbeSctpChecksumOffload(port_id);
  if (!offered) return MakeUnexpected(offered.error());
  return ConfigurePortWith(port_id, rx_pool, *offered, options, report);
}

Result<RingPortPair, DpdkError> RingPortPair::Create(std::string_view name,
                                                     unsigned ring_size,
                                                     uint16_t queues) {
  RingPortPair pair;
  if (queues == 0 || queues > 16) {
    return MakeUnexpected(
        MakeDpdkError("RingPortPair::Create", EINVAL, "1 to 16 queues"));
  }
  pair.queues_ = queues;
  const std::string base(name);
  const unsigned flags = RING_F_SP_ENQ | RING_F_SC_DEQ;
  for (size_t d = 0; d < 2; ++d) {
    for (uint16_t q = 0; q < queues; ++q) {
      // rte_ring names are limited to RTE_RING_NAMESIZE - 1 (31) characters.
      const std::string ring_name =
          base + "_r" + std::to_string(d) +
          (queues > 1 ? "q" + std::to_string(q) : std::string());
      rte_ring* r = rte_ring_create(ring_name.c_str(), ring_size,
                                    static_cast<int>(rte_socket_id()), flags);
      if (r == nullptr) {
        return MakeUnexpected(MakeDpdkError("rte_ring_create", rte_errno));
      }
      pair.rings_[d].push_back(r);
    }
  }
  for (size_t i = 0; i < 2; ++i) {
    // Port i transmits into rings_[i] and receives from the other ones.
    const std::vector<rte_ring*>& rx = pair.rings_[1 - i];
    const std::vector<rte_ring*>& tx = pair.rings_[i];
    const std::string port_name = base + "_" + std::to_string(i);
    const int port = rte_eth_from_rings(port_name.c_str(), rx.data(), queues,
                                        tx.data(), queues, rte_socket_id());
    if (port < 0) {
      return MakeUnexpected(MakeDpdkError("rte_eth_from_rings", rte_errno));
    }
    pair.ports_[i] = static_cast<uint16_t>(port);
  }
  return pair;
}

RingPortPair::RingPortPair(RingPortPair&& other) noexcept
    : ports_(other.ports_),
      rings_(std::move(other.rings_)),
      queues_(other.queues_),
      offloads_(other.offloads_),
      started_(other.started_) {
  other.ports_ = {kNoPort, kNoPort};
  other.rings_[0].clear();
  other.rings_[1].clear();
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
    PortOptions per_pair = options;
    per_pair.rx_queues = queues_;
    per_pair.tx_queues = queues_;
    auto enabled = ConfigurePort(ports_[i], rx_pool, *offered, per_pair);
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
  for (std::vector<rte_ring*>& direction : rings_) {
    for (rte_ring*& ring : direction) {
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
    direction.clear();
  }
}

}  // namespace dpsctp::dpdk
