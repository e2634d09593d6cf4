// ForwardRing: messages for the forwarder from one lcore to another. The
// outbound associations that routes send to all live on worker 0's lcore;
// a message received on another worker's shard crosses over here. One
// producer lcore, one consumer lcore; variable-size records in a byte ring
// allocated once (no allocation or lock per message). A full ring pushes
// back: the producer keeps the message and tries again.
#ifndef DPSCTP_APP_DPSCTPD_FORWARD_RING_H_
#define DPSCTP_APP_DPSCTPD_FORWARD_RING_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>

namespace dpsctp::dpsctpd {

struct ForwardHeader {
  uint32_t length = 0;  // payload bytes
  int32_t endpoint = -1;
  int32_t outbound = -1;
  uint32_t ppid = 0;
  uint64_t assoc_id = 0;
  uint16_t stream = 0;
  uint8_t unordered = 0;
  uint8_t reserved = 0;
  uint32_t reserved2 = 0;
};
static_assert(sizeof(ForwardHeader) == 32);

class ForwardRing {
 public:
  // `capacity` bytes, rounded up to a power of two (at least 4 KiB).
  explicit ForwardRing(size_t capacity);

  // The largest payload Push() can ever take.
  size_t max_payload() const noexcept {
    return capacity_ / 2 - sizeof(ForwardHeader);
  }

  // Producer. False when there is no room now (or never: max_payload()).
  bool Push(const ForwardHeader& header,
            std::span<const uint8_t> payload) noexcept;

  // Consumer: the oldest record, left in place until Pop(). False if empty.
  bool Front(ForwardHeader& header,
             std::span<const uint8_t>& payload) noexcept;
  void Pop() noexcept;

 private:
  static constexpr uint32_t kWrap = 0xffffffffu;  // "continue at 0"
  static size_t RecordSize(size_t payload) noexcept {
    return (sizeof(ForwardHeader) + payload + 7) & ~size_t{7};
  }

  size_t capacity_;
  std::unique_ptr<uint8_t[]> bytes_;
  alignas(64) std::atomic<uint64_t> head_{0};  // written by the producer
  alignas(64) std::atomic<uint64_t> tail_{0};  // written by the consumer
  uint64_t front_size_ = 0;                    // consumer: Front()'s record
};

}  // namespace dpsctp::dpsctpd

#endif  // DPSCTP_APP_DPSCTPD_FORWARD_RING_H_
