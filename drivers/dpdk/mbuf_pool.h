// MbufPool: a packet mbuf pool owned by the caller, for programs outside
// drivers/dpdk that share one pool between several Dataplanes and a
// RingPortPair (dpsctp-perf loopback) and check, once everything is torn
// down, that every mbuf came back.
//
// Thread affinity: control path only (the main lcore, while no worker runs).
#ifndef DPSCTP_DRIVERS_DPDK_MBUF_POOL_H_
#define DPSCTP_DRIVERS_DPDK_MBUF_POOL_H_

#include <cstdint>
#include <string_view>

#include "common/result.h"
#include "drivers/dpdk/error.h"

struct rte_mempool;

namespace dpsctp::dpdk {

class MbufPool {
 public:
  // rte_pktmbuf_pool_create(name, mbufs, cache, 0, data_room, any socket).
  // `data_room` includes the headroom (RTE_PKTMBUF_HEADROOM).
  [[nodiscard]] static Result<MbufPool, DpdkError> Create(
      std::string_view name, unsigned mbufs, unsigned cache,
      uint16_t data_room);

  MbufPool(MbufPool&& other) noexcept : pool_(other.pool_) {
    other.pool_ = nullptr;
  }
  MbufPool& operator=(MbufPool&&) = delete;
  MbufPool(const MbufPool&) = delete;
  MbufPool& operator=(const MbufPool&) = delete;
  ~MbufPool();

  rte_mempool* get() const noexcept { return pool_; }
  unsigned size() const noexcept;
  // Mbufs out of the pool (per-lcore caches count as in the pool): exact
  // only while no lcore allocates or frees.
  unsigned in_use() const noexcept;

 private:
  explicit MbufPool(rte_mempool* pool) noexcept : pool_(pool) {}
  rte_mempool* pool_ = nullptr;
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_MBUF_POOL_H_
