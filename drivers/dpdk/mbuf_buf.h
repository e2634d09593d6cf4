// Bridges between rte_mbuf chains and lib/buf's PacketView.
//
// PacketViewFromMbuf() builds a zero-copy view over a received chain: each
// segment's data becomes one span of the view. The view borrows the mbufs:
// the caller keeps the chain alive (and unmodified) for as long as the view
// or anything parsed from it is used, which on RX is the HandleBurst() call
// (STYLE.md §4). Its owner is the chain (kMbufOps): whoever keeps payload
// past the call (reassembly, ARCHITECTURE.md step 6) takes a reference on
// every segment and frees the chain when done.
//
// CopyToMbufChain() does the opposite with a copy: it allocates a chain from
// a mempool and fills it with bytes, for tests and for TX of packets built
// outside an mbuf.
#ifndef DPSCTP_DRIVERS_DPDK_MBUF_BUF_H_
#define DPSCTP_DRIVERS_DPDK_MBUF_BUF_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "buf/packet_view.h"

struct rte_mbuf;
struct rte_mempool;

namespace dpsctp::dpdk {

// Retain: rte_pktmbuf_refcnt_update(+1) on every segment of the chain;
// release: rte_pktmbuf_free(), which frees each segment at zero.
extern const buf::BufOps kMbufOps;

// A view of `length` bytes of the packet in chain `m`, starting `offset`
// bytes into it (the caller's L2/L3 header length). `length` defaults to the
// rest of the packet. Returns nullopt when the range lies outside the packet,
// when the chain is inconsistent (segment lengths do not add up to pkt_len),
// or when the range spans more than PacketView::kMaxSegments non-empty
// segments.
std::optional<buf::PacketView> PacketViewFromMbuf(
    const rte_mbuf* m, size_t offset = 0,
    std::optional<size_t> length = std::nullopt) noexcept;
// The same with an explicit length: the per-packet form (no optional to
// pass through memory).
std::optional<buf::PacketView> PacketViewFromMbuf(const rte_mbuf* m,
                                                  size_t offset,
                                                  size_t length) noexcept;

// Allocates a chain from `pool` and copies `bytes` into it. Segment i holds
// segment_sizes[i] bytes (fewer if `bytes` runs out); once the list is used
// up, each further segment holds as much as its tailroom allows. A size of 0
// or larger than the tailroom is clamped to the tailroom. Each segment keeps
// the pool's default headroom, so L2/L3 headers can be prepended to the
// first one. Returns nullptr (having freed anything it allocated) when the
// pool runs dry. An empty `bytes` gives a single empty mbuf.
// Ownership: the caller owns the returned chain.
rte_mbuf* CopyToMbufChain(rte_mempool* pool, std::span<const uint8_t> bytes,
                          std::span<const size_t> segment_sizes = {}) noexcept;

// Number of segments in the chain (walks the chain; does not trust nb_segs).
size_t CountSegments(const rte_mbuf* m) noexcept;

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_MBUF_BUF_H_
