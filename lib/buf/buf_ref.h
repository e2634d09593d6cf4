// BufRef: one counted reference to a received buffer (an rte_mbuf in the
// DPDK driver, a pooled packet in the loopback driver), and Slice: a byte
// range inside such a buffer.
//
// ARCHITECTURE.md step 6: DATA payload stays in the buffer it arrived in;
// the reassembly and delivery queues hold (reference, pointer, length) and
// release the reference on delivery, abandonment or abort. lib/ never sees
// what the handle is: the driver supplies a BufOps table.
#ifndef DPSCTP_BUF_BUF_REF_H_
#define DPSCTP_BUF_BUF_REF_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

namespace dpsctp::buf {

struct BufOps {
  void (*retain)(void* handle) noexcept;   // one more reference
  void (*release)(void* handle) noexcept;  // one fewer; frees at zero
};

class BufRef {
 public:
  constexpr BufRef() noexcept = default;
  // Takes a new reference on `handle`.
  static BufRef Retain(void* handle, const BufOps* ops) noexcept {
    if (handle != nullptr) ops->retain(handle);
    return BufRef(handle, ops);
  }
  // Adopts a reference the caller already holds.
  static BufRef Adopt(void* handle, const BufOps* ops) noexcept {
    return BufRef(handle, ops);
  }

  BufRef(BufRef&& other) noexcept
      : handle_(std::exchange(other.handle_, nullptr)), ops_(other.ops_) {}
  BufRef& operator=(BufRef&& other) noexcept {
    if (this != &other) {
      Reset();
      handle_ = std::exchange(other.handle_, nullptr);
      ops_ = other.ops_;
    }
    return *this;
  }
  BufRef(const BufRef&) = delete;
  BufRef& operator=(const BufRef&) = delete;
  ~BufRef() { Reset(); }

  BufRef Clone() const noexcept { return Retain(handle_, ops_); }
  void Reset() noexcept {
    if (handle_ != nullptr) ops_->release(std::exchange(handle_, nullptr));
  }
  explicit operator bool() const noexcept { return handle_ != nullptr; }
  void* handle() const noexcept { return handle_; }
  const BufOps* ops() const noexcept { return ops_; }

 private:
  constexpr BufRef(void* handle, const BufOps* ops) noexcept
      : handle_(handle), ops_(ops) {}

  void* handle_ = nullptr;
  const BufOps* ops_ = nullptr;
};

// Bytes kept alive by `ref`. A Slice without a reference points at memory
// whose lifetime the holder guarantees by other means (tests only).
struct Slice {
  BufRef ref;
  const uint8_t* data = nullptr;
  uint32_t length = 0;

  std::span<const uint8_t> bytes() const noexcept { return {data, length}; }
};

// A counted heap copy, for callers whose packets come without references
// (scripted tests, fuzzers, a DATA chunk split across two segments). It
// allocates: the drivers' data paths never take this way.
Slice CopyToHeap(std::span<const uint8_t> bytes) noexcept;
// Heap copies alive now (a leak check for tests).
uint64_t LiveHeapCopies() noexcept;

}  // namespace dpsctp::buf

#endif  // DPSCTP_BUF_BUF_REF_H_
