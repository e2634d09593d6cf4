// HandoffMesh: packets that reached the wrong lcore go to their owner
// (ARCHITECTURE.md, "Sharding by verification tag").
//
// RSS spreads packets over queues by addresses and ports, not by the
// verification tag that names the owning shard, so a worker may receive a
// packet of another shard's association. It hands the mbuf over on a
// bounded single-producer/single-consumer rte_ring, one per ordered (source,
// destination) pair: no ring has two writers, so nothing takes a lock. A
// full ring drops the packet and counts it (SCTP retransmits).
//
// Each entry is an mbuf pointer with a HandoffKind in its low bits (mbufs
// are cache-line aligned), so no per-packet metadata is written into the
// mbuf.
#ifndef DPSCTP_DRIVERS_DPDK_HANDOFF_H_
#define DPSCTP_DRIVERS_DPDK_HANDOFF_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "drivers/dpdk/error.h"

struct rte_mbuf;
struct rte_ring;

namespace dpsctp::dpdk {

enum class HandoffKind : uint8_t {
  // Owned by the receiving shard by its verification tag: process it.
  kOwned = 0,
  // Carries the peer's tag (T bit) or is an ICMP error: only a shard with a
  // matching association acts on it; the others drop it quietly.
  kLookup = 1,
  // An ARP/ND frame another shard already answered: learn from it only.
  kLearnOnly = 2,
};

struct HandoffItem {
  rte_mbuf* mbuf = nullptr;
  HandoffKind kind = HandoffKind::kOwned;
};

class HandoffMesh {
 public:
  // `shards` x (`shards` - 1) rings of `ring_size` entries (a power of two).
  // `name` must be unique in the process (rte_ring names are global).
  [[nodiscard]] static Result<std::unique_ptr<HandoffMesh>, DpdkError> Create(
      std::string_view name, uint16_t shards, unsigned ring_size = 1024);
  ~HandoffMesh();
  HandoffMesh(const HandoffMesh&) = delete;
  HandoffMesh& operator=(const HandoffMesh&) = delete;

  uint16_t shards() const noexcept { return shards_; }

  // Called by `from` only. Takes ownership of m on success; on false (ring
  // full) the caller still owns it.
  bool Enqueue(uint16_t from, uint16_t to, rte_mbuf* m,
               HandoffKind kind) noexcept;

  // Called by `to` only: up to out.size() items from every other shard's
  // ring, round robin. Returns how many were written.
  size_t Dequeue(uint16_t to, std::span<HandoffItem> out) noexcept;

  // Frees every mbuf still in a ring (after the workers stopped).
  void Drain() noexcept;

 private:
  HandoffMesh() = default;
  rte_ring*& ring(uint16_t from, uint16_t to) noexcept {
    return rings_[static_cast<size_t>(from) * shards_ + to];
  }

  uint16_t shards_ = 0;
  std::vector<rte_ring*> rings_;  // [from * shards + to]; diagonal unused
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_HANDOFF_H_
