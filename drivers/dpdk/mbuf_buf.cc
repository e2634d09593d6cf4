#include "drivers/dpdk/mbuf_buf.h"

#include <rte_mbuf.h>

#include <algorithm>
#include <cstring>

namespace dpsctp::dpdk {

namespace {

void RetainMbuf(void* handle) noexcept {
  rte_pktmbuf_refcnt_update(static_cast<rte_mbuf*>(handle), 1);
}

void ReleaseMbuf(void* handle) noexcept {
  rte_pktmbuf_free(static_cast<rte_mbuf*>(handle));
}

}  // namespace

const buf::BufOps kMbufOps{&RetainMbuf, &ReleaseMbuf};

std::optional<buf::PacketView> PacketViewFromMbuf(
    const rte_mbuf* m, size_t offset, std::optional<size_t> length) noexcept {
  if (m == nullptr || offset > m->pkt_len) {
    return std::nullopt;
  }
  return PacketViewFromMbuf(m, offset,
                            length.value_or(size_t{m->pkt_len} - offset));
}

std::optional<buf::PacketView> PacketViewFromMbuf(const rte_mbuf* m,
                                                  size_t offset,
                                                  size_t want) noexcept {
  // Built in place and returned by name (one return object): the view is
  // too large to copy per packet.
  std::optional<buf::PacketView> out;
  if (m == nullptr) {
    return out;
  }
  const size_t pkt_len = m->pkt_len;
  if (offset > pkt_len || want > pkt_len - offset) {
    return out;
  }
  buf::PacketView& view = out.emplace();
  view.SetOwner(const_cast<rte_mbuf*>(m), &kMbufOps);
  if (m->nb_segs == 1 && m->next == nullptr) {
    // One segment, the common case: no chain to walk.
    if (m->data_len != pkt_len) {
      out.reset();  // broken: data_len != pkt_len
      return out;
    }
    view.AppendSegment(
        {rte_pktmbuf_mtod_offset(m, const uint8_t*, offset), want});
    return out;
  }
  size_t skip = offset;
  size_t left = want;
  size_t total = 0;
  for (const rte_mbuf* seg = m; seg != nullptr; seg = seg->next) {
    const size_t seg_len = seg->data_len;
    total += seg_len;
    if (left == 0) {
      continue;  // keep walking: the length check below covers the chain
    }
    if (skip >= seg_len) {
      skip -= seg_len;
      continue;
    }
    const size_t take = std::min(seg_len - skip, left);
    const auto* data = rte_pktmbuf_mtod_offset(seg, const uint8_t*, skip);
    if (!view.AppendSegment({data, take})) {
      out.reset();  // more than kMaxSegments segments
      return out;
    }
    skip = 0;
    left -= take;
  }
  if (total != pkt_len || left != 0) {
    out.reset();  // broken chain: data_len sum != pkt_len
  }
  return out;
}

rte_mbuf* CopyToMbufChain(rte_mempool* pool, std::span<const uint8_t> bytes,
                          std::span<const size_t> segment_sizes) noexcept {
  rte_mbuf* head = nullptr;
  size_t copied = 0;
  size_t index = 0;
  do {
    rte_mbuf* seg = rte_pktmbuf_alloc(pool);
    const size_t room = seg == nullptr ? 0 : rte_pktmbuf_tailroom(seg);
    if (room == 0 && (seg == nullptr || !bytes.empty())) {
      // Pool dry, or a data room with no space past the headroom (which
      // would never make progress).
      rte_pktmbuf_free(seg);
      rte_pktmbuf_free(head);
      return nullptr;
    }
    size_t n = room;
    if (index < segment_sizes.size() && segment_sizes[index] != 0) {
      n = std::min(n, segment_sizes[index]);
    }
    n = std::min(n, bytes.size() - copied);
    // `seg` is still a one-segment packet, so append grows it directly.
    char* dst = rte_pktmbuf_append(seg, static_cast<uint16_t>(n));
    if (n != 0) {
      std::memcpy(dst, bytes.data() + copied, n);
    }
    if (head == nullptr) {
      head = seg;
    } else if (rte_pktmbuf_chain(head, seg) != 0) {
      // Only fails past RTE_MBUF_MAX_NB_SEGS segments.
      rte_pktmbuf_free(seg);
      rte_pktmbuf_free(head);
      return nullptr;
    }
    copied += n;
    ++index;
  } while (copied < bytes.size());
  return head;
}

size_t CountSegments(const rte_mbuf* m) noexcept {
  size_t n = 0;
  for (; m != nullptr; m = m->next) {
    ++n;
  }
  return n;
}

}  // namespace dpsctp::dpdk
