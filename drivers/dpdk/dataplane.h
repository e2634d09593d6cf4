// Dataplane: one SCTP endpoint spread over shards, one worker per shard,
// on DPDK ports (ARCHITECTURE.md): the pool, the ports (queue q of every
// port belongs to shard q), the handoff mesh between shards, and the
// workers with their endpoints and applications. Running them on lcores is
// RunLcores()' job (lcore_runner.h), so that several dataplanes can share
// lcores (two endpoints in one test process).
//
// Thread affinity: Create() and the destructor on the main thread while no
// worker runs.
#ifndef DPSCTP_DRIVERS_DPDK_DATAPLANE_H_
#define DPSCTP_DRIVERS_DPDK_DATAPLANE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "assoc/cookie.h"
#include "common/result.h"
#include "drivers/dpdk/error.h"
#include "drivers/dpdk/flow_steering.h"
#include "drivers/dpdk/handoff.h"
#include "drivers/dpdk/netif.h"
#include "drivers/dpdk/port.h"
#include "drivers/dpdk/shard_worker.h"
#include "endpoint/endpoint.h"

struct rte_mempool;

namespace dpsctp::dpdk {

struct DataplanePort {
  // A device to probe (PCI address or vdev devargs); empty: use port_id.
  std::string devargs;
  uint16_t port_id = 0;
  // false: the caller configured and started the port already (a
  // RingPortPair) with one queue pair per shard.
  bool configure = true;
  PortOptions options;  // queue counts are set to the shard count
  // The interface's addresses; a zero MAC is read from the port.
  InterfaceConfig interface;
};

enum class ShardMapKind : uint8_t { kKeyedHash, kTagBits };

struct DataplaneOptions {
  std::string name = "dps";  // unique per process (ring and pool names)
  uint16_t shards = 1;
  std::vector<DataplanePort> ports;
  // Null: the dataplane creates its own pool of pool_mbufs.
  rte_mempool* pool = nullptr;
  unsigned pool_mbufs = 16383;
  unsigned pool_cache = 256;
  uint16_t mbuf_data_room = 2048 + 128;  // RTE_MBUF_DEFAULT_BUF_SIZE
  unsigned handoff_ring_size = 1024;
  ShardMapKind shard_map = ShardMapKind::kKeyedHash;
  uint32_t tag_bits_first = 24;  // kTagBits: where the shard bits start
  // kTagBits with several shards: install rte_flow rules so the NIC steers
  // each shard's packets to its queue (flow_steering.h). Create() fails
  // when a port refuses them.
  bool tag_steering = false;
  // Applied to every shard (shard, shard_map and cookie_master_secret are
  // filled in by the dataplane).
  endpoint::EndpointOptions endpoint;
  WorkerOptions worker;
  // Shared by every shard; drawn at random when empty.
  std::optional<assoc::CookieKey> cookie_secret;
  std::vector<uint16_t> listen_ports;
  // Per listen port (same index; absent or nullopt: endpoint.assoc): the
  // options of that port's associations (one SCTP endpoint per port).
  std::vector<std::optional<assoc::AssocOptions>> listen_options;
};

class Dataplane {
 public:
  // `apps` has one application per shard (or is empty: events dropped).
  [[nodiscard]] static Result<std::unique_ptr<Dataplane>, DpdkError> Create(
      const DataplaneOptions& options,
      std::span<ShardApplication* const> apps = {});
  ~Dataplane();
  Dataplane(const Dataplane&) = delete;
  Dataplane& operator=(const Dataplane&) = delete;

  uint16_t shards() const noexcept {
    return static_cast<uint16_t>(workers_.size());
  }
  ShardWorker& worker(size_t shard) noexcept { return *workers_[shard]; }
  std::vector<ShardWorker*> workers() const;
  rte_mempool* pool() const noexcept { return pool_; }
  size_t port_count() const noexcept { return port_ids_.size(); }
  uint16_t port_id(size_t i) const noexcept { return port_ids_[i]; }
  const PortReport& port_report(size_t i) const noexcept {
    return reports_[i];
  }
  const endpoint::ShardMap& shard_map() const noexcept { return shard_map_; }
  const HandoffMesh* mesh() const noexcept { return mesh_.get(); }

  // Stops the ports this dataplane configured (no more RX), frees what
  // workers and rings hold. Called by the destructor.
  void Shutdown() noexcept;

 private:
  Dataplane() = default;

  std::vector<uint16_t> port_ids_;
  std::vector<bool> configured_;
  std::vector<PortReport> reports_;
  rte_mempool* pool_ = nullptr;
  bool owns_pool_ = false;
  endpoint::ShardMap shard_map_ = endpoint::ShardMap::KeyedHash(1, 0);
  std::unique_ptr<HandoffMesh> mesh_;
  std::vector<TagSteering> steering_;
  std::vector<std::unique_ptr<ShardWorker>> workers_;
  bool shut_down_ = false;
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_DATAPLANE_H_
