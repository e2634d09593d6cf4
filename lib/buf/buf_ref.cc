#include "buf/buf_ref.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

namespace dpsctp::buf {
namespace {

// Header of one heap copy; the bytes follow it.
struct HeapBlock {
  uint32_t refcount;
};

std::atomic<uint64_t> live_heap_copies{0};

void HeapRetain(void* handle) noexcept {
  ++static_cast<HeapBlock*>(handle)->refcount;
}

void HeapRelease(void* handle) noexcept {
  auto* block = static_cast<HeapBlock*>(handle);
  if (--block->refcount == 0) {
    std::free(block);
    live_heap_copies.fetch_sub(1, std::memory_order_relaxed);
  }
}

constexpr BufOps kHeapOps{&HeapRetain, &HeapRelease};

}  // namespace

Slice CopyToHeap(std::span<const uint8_t> bytes) noexcept {
  Slice out;
  void* memory = std::malloc(sizeof(HeapBlock) + bytes.size());
  if (memory == nullptr) return out;
  auto* block = new (memory) HeapBlock{1};
  auto* data = reinterpret_cast<uint8_t*>(block + 1);
  if (!bytes.empty()) std::memcpy(data, bytes.data(), bytes.size());
  live_heap_copies.fetch_add(1, std::memory_order_relaxed);
  out.ref = BufRef::Adopt(block, &kHeapOps);
  out.data = data;
  out.length = static_cast<uint32_t>(bytes.size());
  return out;
}

uint64_t LiveHeapCopies() noexcept {
  return live_heap_copies.load(std::memory_order_relaxed);
}

}  // namespace dpsctp::buf
