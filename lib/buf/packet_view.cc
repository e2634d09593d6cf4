#include "buf/packet_view.h"

#include <cstring>

namespace dpsctp::buf {

const uint8_t* PacketView::ReadSlow(size_t offset, size_t len,
                                    uint8_t* scratch) const noexcept {
  if (offset > size_ || len > size_ - offset) {
    return nullptr;
  }
  size_t i = 0;
  while (i < segment_count_ && offset >= segment(i).size()) {
    offset -= segment(i).size();
    ++i;
  }
  if (i == segment_count_) {
    // Only reachable for len == 0 at the very end.
    return scratch;
  }
  if (len <= segment(i).size() - offset) {
    return segment(i).data() + offset;
  }
  size_t copied = 0;
  while (copied < len) {
    size_t n = segment(i).size() - offset;
    if (n > len - copied) {
      n = len - copied;
    }
    std::memcpy(scratch + copied, segment(i).data() + offset, n);
    copied += n;
    offset = 0;
    ++i;
  }
  return scratch;
}

bool PacketView::CopyTo(size_t offset, std::span<uint8_t> out) const noexcept {
  const uint8_t* p = Read(offset, out.size(), out.data());
  if (p == nullptr) {
    return false;
  }
  if (p != out.data() && !out.empty()) {
    std::memcpy(out.data(), p, out.size());
  }
  return true;
}

PacketView PacketView::Slice(size_t offset, size_t len) const noexcept {
  PacketView out;
  out.SetOwner(owner_, owner_ops_);
  if (offset > size_ || len > size_ - offset) {
    return out;
  }
  for (size_t i = 0; i < segment_count_ && len > 0; ++i) {
    const std::span<const uint8_t> seg = segment(i);
    if (offset >= seg.size()) {
      offset -= seg.size();
      continue;
    }
    size_t n = seg.size() - offset;
    if (n > len) {
      n = len;
    }
    out.AppendSegment(seg.subspan(offset, n));
    len -= n;
    offset = 0;
  }
  return out;
}

BufRef PacketView::RefFor(std::span<const uint8_t> bytes) const noexcept {
  if (owner_ == nullptr) return {};
  const uintptr_t first = reinterpret_cast<uintptr_t>(bytes.data());
  for (size_t i = 0; i < segment_count_; ++i) {
    const uintptr_t begin = reinterpret_cast<uintptr_t>(segment(i).data());
    if (first >= begin && first - begin <= segment(i).size() &&
        bytes.size() <= segment(i).size() - (first - begin)) {
      return BufRef::Retain(owner_, owner_ops_);
    }
  }
  return {};
}

}  // namespace dpsctp::buf
