#include "drivers/dpdk/mbuf_pool.h"

#include <rte_errno.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <string>

namespace dpsctp::dpdk {

Result<MbufPool, DpdkError> MbufPool::Create(std::string_view name,
                                             unsigned mbufs, unsigned cache,
                                             uint16_t data_room) {
  const std::string n(name);
  rte_mempool* pool = rte_pktmbuf_pool_create(n.c_str(), mbufs, cache, 0,
                                              data_room, SOCKET_ID_ANY);
  if (pool == nullptr) {
    return MakeUnexpected(MakeDpdkError("rte_pktmbuf_pool_create", rte_errno));
  }
  return MbufPool(pool);
}

MbufPool::~MbufPool() {
  if (pool_ != nullptr) rte_mempool_free(pool_);
}

unsigned MbufPool::size() const noexcept {
  return pool_ != nullptr ? pool_->size : 0;
}

unsigned MbufPool::in_use() const noexcept {
  return pool_ != nullptr ? rte_mempool_in_use_count(pool_) : 0;
}

}  // namespace dpsctp::dpdk
