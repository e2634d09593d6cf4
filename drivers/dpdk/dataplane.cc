#include "drivers/dpdk/dataplane.h"

#include <openssl/rand.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <algorithm>
#include <cstring>
#include <iterator>

namespace dpsctp::dpdk {

std::vector<ShardWorker*> Dataplane::workers() const {
  std::vector<ShardWorker*> out;
  for (const auto& w : workers_) out.push_back(w.get());
  return out;
}

Result<std::unique_ptr<Dataplane>, DpdkError> Dataplane::Create(
    const DataplaneOptions& options, std::span<ShardApplication* const> apps) {
  if (options.shards == 0 || options.shards > 64) {
    return MakeUnexpected(
        MakeDpdkError("Dataplane::Create", EINVAL, "1 to 64 shards"));
  }
  if (options.ports.empty()) {
    return MakeUnexpected(
        MakeDpdkError("Dataplane::Create", EINVAL, "no port configured"));
  }
  if (!apps.empty() && apps.size() != options.shards) {
    return MakeUnexpected(MakeDpdkError("Dataplane::Create", EINVAL,
                                        "one application per shard"));
  }
  std::unique_ptr<Dataplane> d(new Dataplane());
  if (options.pool != nullptr) {
    d->pool_ = options.pool;
  } else {
    const std::string pool_name = options.name.substr(0, 20) + "_pool";
    d->pool_ = rte_pktmbuf_pool_create(pool_name.c_str(), options.pool_mbufs,
                                       options.pool_cache, 0,
                                       options.mbuf_data_room, SOCKET_ID_ANY);
    if (d->pool_ == nullptr) {
      return MakeUnexpected(
          MakeDpdkError("rte_pktmbuf_pool_create", rte_errno));
    }
    d->owns_pool_ = true;
  }
  // Ports: queue q of every port belongs to shard q.
  std::vector<InterfaceConfig> interfaces;
  std::vector<SctpChecksumOffload> offloads;
  for (const DataplanePort& p : options.ports) {
    if (p.interface.reassemble_ipv4_fragments) {
      // Better no start than a setting that silently does nothing.
      return MakeUnexpected(MakeDpdkError(
          "Dataplane::Create", ENOTSUP,
          "IPv4 fragment reassembly is not implemented: fragments are "
          "dropped and counted"));
    }
    uint16_t port_id = p.port_id;
    if (!p.devargs.empty()) {
      auto attached = AttachPort(p.devargs);
      if (!attached) return MakeUnexpected(attached.error());
      port_id = *attached;
    }
    PortReport report;
    SctpChecksumOffload enabled{};
    if (p.configure) {
      PortOptions po = p.options;
      po.rx_queues = options.shards;
      po.tx_queues = options.shards;
      auto r = ConfigurePortReport(port_id, d->pool_, po, report);
      if (!r) return MakeUnexpected(r.error());
      enabled = *r;
      const int rc = rte_eth_dev_start(port_id);
      if (rc != 0) {
        return MakeUnexpected(MakeDpdkError("rte_eth_dev_start", rc));
      }
    } else {
      rte_eth_dev_info info{};
      if (rte_eth_dev_info_get(port_id, &info) == 0) {
        report.driver = info.driver_name != nullptr ? info.driver_name : "";
        if (info.nb_rx_queues < options.shards ||
            info.nb_tx_queues < options.shards) {
          return MakeUnexpected(MakeDpdkError(
              "Dataplane::Create", EINVAL,
              "port " + std::to_string(port_id) + " has fewer queues than shards"));
        }
      }
      rte_ether_addr addr{};
      if (rte_eth_macaddr_get(port_id, &addr) == 0) {
        std::copy(std::begin(addr.addr_bytes), std::end(addr.addr_bytes),
                  report.mac.begin());
      }
    }
    d->port_ids_.push_back(port_id);
    d->configured_.push_back(p.configure);
    d->reports_.push_back(report);
    InterfaceConfig ic = p.interface;
    if (std::all_of(ic.mac.begin(), ic.mac.end(),
                    [](uint8_t b) { return b == 0; })) {
      std::copy(report.mac.begin(), report.mac.end(), ic.mac.begin());
    }
    interfaces.push_back(std::move(ic));
    offloads.push_back(enabled);
  }
  // Shard map and the shared cookie secret.
  uint64_t hash_key = 0;
  RAND_bytes(reinterpret_cast<uint8_t*>(&hash_key), sizeof hash_key);
  d->shard_map_ =
      options.shard_map == ShardMapKind::kTagBits
          ? endpoint::ShardMap::TagBits(options.shards, options.tag_bits_first)
          : endpoint::ShardMap::KeyedHash(options.shards, hash_key);
  if (options.tag_steering) {
    for (uint16_t port_id : d->port_ids_) {
      auto steering = TagSteering::Install(port_id, d->shard_map_);
      if (!steering) return MakeUnexpected(steering.error());
      d->steering_.push_back(std::move(steering).value());
    }
  }
  assoc::CookieKey secret{};
  if (options.cookie_secret) {
    secret = *options.cookie_secret;
  } else if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1) {
    return MakeUnexpected(MakeDpdkError("RAND_bytes", EIO,
                                        "no randomness for the cookie secret"));
  }
  if (options.shards > 1) {
    auto mesh = HandoffMesh::Create(options.name, options.shards,
                                    options.handoff_ring_size);
    if (!mesh) return MakeUnexpected(mesh.error());
    d->mesh_ = std::move(mesh).value();
  }
  for (uint16_t shard = 0; shard < options.shards; ++shard) {
    endpoint::EndpointOptions eo = options.endpoint;
    eo.shard = endpoint::ShardId(shard);
    eo.shard_map = d->shard_map_;
    eo.cookie_master_secret = secret;
    std::vector<WorkerPort> ports;
    for (size_t i = 0; i < d->port_ids_.size(); ++i) {
      WorkerPort wp;
      wp.port_id = d->port_ids_[i];
      wp.rx_queue = shard;
      wp.tx_queue = shard;
      wp.checksum_offload = offloads[i];
      wp.interface = interfaces[i];
      ports.push_back(std::move(wp));
    }
    auto w = ShardWorker::Create(options.worker, eo, secret, ports, d->pool_,
                                 d->mesh_.get(),
                                 apps.empty() ? nullptr : apps[shard]);
    if (!w) return MakeUnexpected(w.error());
    for (size_t k = 0; k < options.listen_ports.size(); ++k) {
      const uint16_t port = options.listen_ports[k];
      const bool own = k < options.listen_options.size() &&
                       options.listen_options[k].has_value();
      if (!(own ? (*w)->endpoint().Listen(port, *options.listen_options[k])
                : (*w)->endpoint().Listen(port))) {
        return MakeUnexpected(MakeDpdkError(
            "Endpoint::Listen", EINVAL,
            "cannot listen on SCTP port " + std::to_string(port)));
      }
    }
    d->workers_.push_back(std::move(w).value());
  }
  return d;
}

void Dataplane::Shutdown() noexcept {
  if (shut_down_) return;
  shut_down_ = true;
  for (size_t i = 0; i < port_ids_.size(); ++i) {
    if (configured_[i]) rte_eth_dev_stop(port_ids_[i]);
  }
  steering_.clear();
  // Workers (and their endpoints' payload references) before the rings and
  // the pool.
  workers_.clear();
  mesh_.reset();
  for (size_t i = 0; i < port_ids_.size(); ++i) {
    if (configured_[i]) rte_eth_dev_close(port_ids_[i]);
  }
  if (owns_pool_) {
    rte_mempool_free(pool_);
    pool_ = nullptr;
  }
}

Dataplane::~Dataplane() { Shutdown(); }

}  // namespace dpsctp::dpdk
