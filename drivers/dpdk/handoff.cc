#include "drivers/dpdk/handoff.h"

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include <string>

namespace dpsctp::dpdk {
namespace {

constexpr uintptr_t kKindMask = 0x3;

void* Pack(rte_mbuf* m, HandoffKind kind) noexcept {
  return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(m) |
                                 static_cast<uintptr_t>(kind));
}

HandoffItem Unpack(void* p) noexcept {
  const auto bits = reinterpret_cast<uintptr_t>(p);
  return HandoffItem{reinterpret_cast<rte_mbuf*>(bits & ~kKindMask),
                     static_cast<HandoffKind>(bits & kKindMask)};
}

}  // namespace

Result<std::unique_ptr<HandoffMesh>, DpdkError> HandoffMesh::Create(
    std::string_view name, uint16_t shards, unsigned ring_size) {
  std::unique_ptr<HandoffMesh> mesh(new HandoffMesh());
  mesh->shards_ = shards;
  mesh->rings_.assign(static_cast<size_t>(shards) * shards, nullptr);
  for (uint16_t from = 0; from < shards; ++from) {
    for (uint16_t to = 0; to < shards; ++to) {
      if (from == to) continue;
      // rte_ring names hold at most 31 characters.
      std::string ring_name = std::string(name.substr(0, 18)) + "_h" +
                              std::to_string(from) + "_" + std::to_string(to);
      rte_ring* r = rte_ring_create(ring_name.c_str(), ring_size,
                                    static_cast<int>(rte_socket_id()),
                                    RING_F_SP_ENQ | RING_F_SC_DEQ);
      if (r == nullptr) {
        return MakeUnexpected(MakeDpdkError("rte_ring_create", rte_errno));
      }
      mesh->ring(from, to) = r;
    }
  }
  return mesh;
}

HandoffMesh::~HandoffMesh() {
  Drain();
  for (rte_ring* r : rings_) {
    if (r != nullptr) rte_ring_free(r);
  }
}

bool HandoffMesh::Enqueue(uint16_t from, uint16_t to, rte_mbuf* m,
                          HandoffKind kind) noexcept {
  return rte_ring_sp_enqueue(ring(from, to), Pack(m, kind)) == 0;
}

size_t HandoffMesh::Dequeue(uint16_t to, std::span<HandoffItem> out) noexcept {
  size_t n = 0;
  void* objs[32];
  for (uint16_t from = 0; from < shards_ && n < out.size(); ++from) {
    if (from == to) continue;
    const unsigned want =
        static_cast<unsigned>(std::min<size_t>(out.size() - n, 32));
    const unsigned got = rte_ring_sc_dequeue_burst(ring(from, to), objs, want,
                                                   nullptr);
    for (unsigned i = 0; i < got; ++i) out[n++] = Unpack(objs[i]);
  }
  return n;
}

void HandoffMesh::Drain() noexcept {
  for (rte_ring* r : rings_) {
    if (r == nullptr) continue;
    void* obj = nullptr;
    while (rte_ring_sc_dequeue(r, &obj) == 0) {
      rte_pktmbuf_free(Unpack(obj).mbuf);
    }
  }
}

}  // namespace dpsctp::dpdk
