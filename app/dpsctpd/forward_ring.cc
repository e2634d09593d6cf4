#include "app/dpsctpd/forward_ring.h"

#include <bit>

namespace dpsctp::dpsctpd {

ForwardRing::ForwardRing(size_t capacity)
    : capacity_(std::bit_ceil(capacity < 4096 ? size_t{4096} : capacity)),
      bytes_(new uint8_t[capacity_]) {}

bool ForwardRing::Push(const ForwardHeader& header,
                       std::span<const uint8_t> payload) noexcept {
  if (payload.size() > max_payload()) return false;
  const size_t need = RecordSize(payload.size());
  uint64_t head = head_.load(std::memory_order_relaxed);
  const uint64_t tail = tail_.load(std::memory_order_acquire);
  size_t pos = head & (capacity_ - 1);
  const size_t contiguous = capacity_ - pos;
  // Records never wrap: a record that does not fit before the end starts
  // at 0, behind a wrap marker (records are 8-aligned: the marker fits).
  const size_t skip = need > contiguous ? contiguous : 0;
  if (head + skip + need - tail > capacity_) return false;
  if (skip != 0) {
    std::memcpy(bytes_.get() + pos, &kWrap, sizeof kWrap);
    head += skip;
    pos = 0;
  }
  ForwardHeader h = header;
  h.length = static_cast<uint32_t>(payload.size());
  std::memcpy(bytes_.get() + pos, &h, sizeof h);
  if (!payload.empty()) {
    std::memcpy(bytes_.get() + pos + sizeof h, payload.data(), payload.size());
  }
  head_.store(head + need, std::memory_order_release);
  return true;
}

bool ForwardRing::Front(ForwardHeader& header,
                        std::span<const uint8_t>& payload) noexcept {
  uint64_t tail = tail_.load(std::memory_order_relaxed);
  const uint64_t head = head_.load(std::memory_order_acquire);
  if (tail == head) return false;
  size_t pos = tail & (capacity_ - 1);
  uint32_t length = 0;
  std::memcpy(&length, bytes_.get() + pos, sizeof length);
  if (length == kWrap) {
    tail += capacity_ - pos;
    tail_.store(tail, std::memory_order_release);
    if (tail == head) return false;
    pos = 0;
  }
  std::memcpy(&header, bytes_.get() + pos, sizeof header);
  payload = std::span<const uint8_t>(bytes_.get() + pos + sizeof header,
                                     header.length);
  front_size_ = RecordSize(header.length);
  return true;
}

void ForwardRing::Pop() noexcept {
  const uint64_t tail = tail_.load(std::memory_order_relaxed);
  tail_.store(tail + front_size_, std::memory_order_release);
  front_size_ = 0;
}

}  // namespace dpsctp::dpsctpd
