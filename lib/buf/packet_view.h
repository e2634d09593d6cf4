// PacketView: a read-only view over one received packet that may be split
// across several buffer segments (an mbuf chain, in the DPDK driver).
//
// It owns nothing: the driver keeps the segments alive for the duration of
// the call it passes the view to (see ARCHITECTURE.md, "mbuf ownership").
// A PacketView never outlives that call. Reads that cross a segment boundary
// are copied into a caller scratch buffer, with rte_pktmbuf_read() semantics;
// reads inside one segment return a pointer into it and copy nothing.
#ifndef DPSCTP_BUF_PACKET_VIEW_H_
#define DPSCTP_BUF_PACKET_VIEW_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "buf/buf_ref.h"

namespace dpsctp::buf {

class PacketView {
 public:
  // Enough for a 9 KB jumbo frame in 2 KB mbufs, with room to spare.
  static constexpr size_t kMaxSegments = 8;

  // User-provided, so that value-initialisation (optional::emplace())
  // does not zero the whole segment table.
  constexpr PacketView() noexcept {}
  explicit PacketView(std::span<const uint8_t> contiguous) noexcept {
    AppendSegment(contiguous);
  }

  // Appends a segment at the end. Returns false (and leaves the view
  // unchanged) when kMaxSegments are already in use. Empty segments are
  // accepted and ignored.
  bool AppendSegment(std::span<const uint8_t> segment) noexcept {
    if (segment.empty()) {
      return true;
    }
    if (segment_count_ == kMaxSegments) {
      return false;
    }
    segments_[segment_count_++] = {segment.data(), segment.size()};
    size_ += segment.size();
    return true;
  }

  size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  size_t segment_count() const noexcept { return segment_count_; }
  std::span<const uint8_t> segment(size_t i) const noexcept {
    return {segments_[i].data, segments_[i].size};
  }
  bool is_contiguous() const noexcept { return segment_count_ <= 1; }

  // Returns a pointer to `len` bytes at `offset`: into the segment when they
  // lie in one, else copied into `scratch` (which must hold `len` bytes).
  // Returns nullptr when [offset, offset+len) is not inside the packet.
  const uint8_t* Read(size_t offset, size_t len,
                      uint8_t* scratch) const noexcept {
    // Inline fast path: the bytes lie in the first segment (every header
    // of a packet received in one mbuf).
    if (segment_count_ != 0 && offset < segments_[0].size &&
        len <= segments_[0].size - offset) {
      return segments_[0].data + offset;
    }
    return ReadSlow(offset, len, scratch);
  }

  // Copies [offset, offset+out.size()) into `out`. False if out of range.
  bool CopyTo(size_t offset, std::span<uint8_t> out) const noexcept;

  // A view of [offset, offset+len), sharing the segments (and the owner).
  // An empty view when the range is not inside the packet.
  PacketView Slice(size_t offset, size_t len) const noexcept;

  // The buffer that keeps the segments alive, when the driver lends one
  // (the head mbuf of the chain, a pooled loopback packet). Without an
  // owner nothing in the view can be kept past the call.
  void SetOwner(void* handle, const BufOps* ops) noexcept {
    owner_ = handle;
    owner_ops_ = ops;
  }
  // A new reference to the owner, if `bytes` lie inside one segment of this
  // view; empty otherwise (no owner, or bytes copied into a scratch buffer).
  BufRef RefFor(std::span<const uint8_t> bytes) const noexcept;

 private:
  const uint8_t* ReadSlow(size_t offset, size_t len,
                          uint8_t* scratch) const noexcept;

  // Plain pointer/length pairs, and only [0, segment_count_) are ever
  // written or read: a view is built per packet, and zeroing all
  // kMaxSegments entries (std::span's constructor does) cost more than the
  // rest of building it.
  struct Segment {
    const uint8_t* data;
    size_t size;
  };
  Segment segments_[kMaxSegments];
  size_t segment_count_ = 0;
  size_t size_ = 0;
  void* owner_ = nullptr;
  const BufOps* owner_ops_ = nullptr;
};

}  // namespace dpsctp::buf

#endif  // DPSCTP_BUF_PACKET_VIEW_H_
