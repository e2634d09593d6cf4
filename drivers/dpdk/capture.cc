#include "drivers/dpdk/capture.h"

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_ring.h>
#include <rte_ring_elem.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

namespace dpsctp::dpdk {

namespace {

// pcapng (draft-ietf-opsawg-pcapng): block types, options and values.
constexpr uint32_t kSectionHeaderBlock = 0x0A0D0D0A;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint32_t kInterfaceDescriptionBlock = 0x00000001;
constexpr uint32_t kEnhancedPacketBlock = 0x00000006;
constexpr uint16_t kOptEndOfOpt = 0;
constexpr uint16_t kOptIfTsresol = 9;  // if_tsresol
constexpr uint16_t kOptEpbFlags = 2;   // epb_flags
constexpr uint8_t kTsresolNanoseconds = 9;  // 10^-9 s
// epb_flags bits 0-1: "01 = inbound, 10 = outbound".
constexpr uint32_t kFlagInbound = 1;
constexpr uint32_t kFlagOutbound = 2;
constexpr uint16_t kLinkTypeEthernet = 1;

// The fixed part of an Enhanced Packet Block before the packet data, and
// what follows the padded data (epb_flags, end of options, length).
constexpr uint32_t kEpbHead = 28;
constexpr uint32_t kEpbTail = 8 + 4 + 4;

constexpr unsigned kDrainBurst = 32;
constexpr auto kIdleSleep = std::chrono::microseconds(200);

std::atomic<uint32_t> g_ring_serial{0};

// Host byte order, as pcapng allows: the byte-order magic tells readers.
class BlockWriter {
 public:
  void U16(uint16_t v) { Put(&v, sizeof(v)); }
  void U32(uint32_t v) { Put(&v, sizeof(v)); }
  void U64(uint64_t v) { Put(&v, sizeof(v)); }
  void Put(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    bytes_.insert(bytes_.end(), b, b + n);
  }
  bool WriteTo(std::FILE* f) const {
    return std::fwrite(bytes_.data(), 1, bytes_.size(), f) == bytes_.size();
  }

 private:
  std::vector<uint8_t> bytes_;
};

bool WriteFileHeader(std::FILE* f, uint32_t snaplen) {
  BlockWriter w;
  // Section Header Block, no options, section length unknown (-1).
  w.U32(kSectionHeaderBlock);
  w.U32(28);
  w.U32(kByteOrderMagic);
  w.U16(1);  // major
  w.U16(0);  // minor
  w.U64(UINT64_MAX);
  w.U32(28);
  // Interface Description Block: Ethernet, snap length, nanoseconds.
  w.U32(kInterfaceDescriptionBlock);
  w.U32(32);
  w.U16(kLinkTypeEthernet);
  w.U16(0);
  w.U32(snaplen);
  w.U16(kOptIfTsresol);
  w.U16(1);
  const std::array<uint8_t, 4> tsresol = {kTsresolNanoseconds, 0, 0, 0};
  w.Put(tsresol.data(), tsresol.size());
  w.U16(kOptEndOfOpt);
  w.U16(0);
  w.U32(32);
  return w.WriteTo(f);
}

}  // namespace

Result<std::unique_ptr<PacketCapture>, DpdkError> PacketCapture::Start(
    const std::string& path, uint32_t ring_size, uint32_t snaplen) {
  if (ring_size == 0 || ring_size > RTE_RING_SZ_MASK || snaplen == 0) {
    return MakeUnexpected(MakeDpdkError(
        "PacketCapture::Start", EINVAL,
        "ring size must be in [1, 2^31), snap length at least 1"));
  }
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    return MakeUnexpected(
        MakeDpdkError("fopen", errno, path + ": " + std::strerror(errno)));
  }
  if (!WriteFileHeader(file, snaplen)) {
    const int err = errno;
    std::fclose(file);
    return MakeUnexpected(
        MakeDpdkError("fwrite", err, path + ": " + std::strerror(err)));
  }
  const std::string name =
      "dpsctp_cap" + std::to_string(g_ring_serial.fetch_add(1));
  // RING_F_EXACT_SZ: exactly ring_size entries fit, not the next power of
  // two minus one.
  rte_ring* ring = rte_ring_create_elem(
      name.c_str(), sizeof(Entry), ring_size, SOCKET_ID_ANY,
      RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
  if (ring == nullptr) {
    const int err = rte_errno;
    std::fclose(file);
    return MakeUnexpected(MakeDpdkError("rte_ring_create_elem", err));
  }
  std::unique_ptr<PacketCapture> capture(
      new PacketCapture(file, ring, snaplen));
  const int rc = rte_ctrl_thread_create(&capture->writer_, "dpsctp-capture",
                                        nullptr, &PacketCapture::WriterMain,
                                        capture.get());
  if (rc != 0) {
    capture->stopped_ = true;
    std::fclose(file);
    rte_ring_free(ring);
    return MakeUnexpected(MakeDpdkError("rte_ctrl_thread_create", rc));
  }
  return capture;
}

PacketCapture::PacketCapture(std::FILE* file, rte_ring* ring,
                             uint32_t snaplen)
    : file_(file), ring_(ring), snaplen_(snaplen) {
  static_assert(sizeof(Entry) % 4 == 0, "rte_ring elements are 4-byte words");
}

PacketCapture::~PacketCapture() { Stop(); }

void PacketCapture::Tap(rte_mbuf* m, CaptureDirection dir,
                        uint64_t timestamp_ns) noexcept {
  // Single producer: only this lcore adds entries, so the free space seen
  // here can only grow before the enqueue, which therefore succeeds. The
  // reference must be taken before the enqueue, since the writer may free
  // the entry as soon as it is in the ring.
  if (rte_ring_free_count(ring_) == 0) {
    dropped_.store(dropped_.load(std::memory_order_relaxed) + 1,
                   std::memory_order_relaxed);
    return;
  }
  rte_pktmbuf_refcnt_update(m, 1);  // every segment
  Entry e{.m = m,
                .timestamp_ns = timestamp_ns,
                .direction = static_cast<uint32_t>(dir),
                .unused = 0};
  rte_ring_sp_enqueue_elem(ring_, &e, sizeof(Entry));
  captured_.store(captured_.load(std::memory_order_relaxed) + 1,
                  std::memory_order_relaxed);
}

void* PacketCapture::WriterMain(void* self) {
  static_cast<PacketCapture*>(self)->WriterLoop();
  return nullptr;
}

void PacketCapture::WriterLoop() {
  while (true) {
    if (Drain() > 0) {
      continue;
    }
    // Stop() is called after the lcore's last Tap(), so once the flag is
    // seen, what the ring holds is all there will be.
    if (stopping_.load(std::memory_order_acquire)) {
      while (Drain() > 0) {
      }
      return;
    }
    std::this_thread::sleep_for(kIdleSleep);
  }
}

unsigned PacketCapture::Drain() {
  std::array<Entry, kDrainBurst> batch;
  const unsigned n = rte_ring_sc_dequeue_burst_elem(
      ring_, batch.data(), sizeof(Entry), kDrainBurst, nullptr);
  for (unsigned k = 0; k < n; ++k) {
    if (WriteFrame(batch[k])) {
      written_.fetch_add(1, std::memory_order_relaxed);
    } else {
      write_errors_.fetch_add(1, std::memory_order_relaxed);
    }
    rte_pktmbuf_free(batch[k].m);
  }
  return n;
}

bool PacketCapture::WriteFrame(const Entry& e) {
  const rte_mbuf* m = e.m;
  const uint32_t original = m->pkt_len;
  const uint32_t captured = std::min(original, snaplen_);
  const uint32_t padded = (captured + 3) & ~3u;
  const uint32_t total = kEpbHead + padded + kEpbTail;

  std::array<uint32_t, 7> head = {
      kEnhancedPacketBlock,
      total,
      0,  // interface id
      static_cast<uint32_t>(e.timestamp_ns >> 32),
      static_cast<uint32_t>(e.timestamp_ns),
      captured,
      original,
  };
  bool ok = std::fwrite(head.data(), sizeof(uint32_t), head.size(), file_) ==
            head.size();
  // The data, segment by segment (zero copy up to here).
  uint32_t left = captured;
  for (const rte_mbuf* seg = m; seg != nullptr && left > 0; seg = seg->next) {
    const uint32_t n = std::min<uint32_t>(left, seg->data_len);
    ok = ok && std::fwrite(rte_pktmbuf_mtod(seg, const uint8_t*), 1, n,
                           file_) == n;
    left -= n;
  }
  // A chain shorter than its pkt_len: zeros keep the block well-formed.
  static constexpr std::array<uint8_t, 4> kZeros = {0, 0, 0, 0};
  while (left > 0) {
    const uint32_t n = std::min<uint32_t>(left, kZeros.size());
    ok = ok && std::fwrite(kZeros.data(), 1, n, file_) == n;
    left -= n;
  }
  const uint32_t pad = padded - captured;
  ok = ok && std::fwrite(kZeros.data(), 1, pad, file_) == pad;

  const uint32_t flags =
      e.direction == static_cast<uint32_t>(CaptureDirection::kRx)
          ? kFlagInbound
          : kFlagOutbound;
  const std::array<uint32_t, 4> tail = {
      static_cast<uint32_t>(kOptEpbFlags) | (4u << 16),  // code, length
      flags,
      kOptEndOfOpt,  // code 0, length 0
      total,
  };
  ok = ok && std::fwrite(tail.data(), sizeof(uint32_t), tail.size(), file_) ==
                 tail.size();
  return ok;
}

void PacketCapture::Stop() {
  if (stopped_) {
    return;
  }
  stopped_ = true;
  stopping_.store(true, std::memory_order_release);
  pthread_join(writer_, nullptr);
  Drain();  // nothing is left unless Tap() broke its contract
  if (std::fclose(file_) != 0) {
    write_errors_.fetch_add(1, std::memory_order_relaxed);
  }
  file_ = nullptr;
  rte_ring_free(ring_);
  ring_ = nullptr;
}

CaptureSlot::~CaptureSlot() {
  std::unique_ptr<PacketCapture> last = Release();
  if (last != nullptr) {
    last->Stop();
  }
}

std::unique_ptr<PacketCapture> CaptureSlot::Switch(
    std::unique_ptr<PacketCapture> next) {
  PacketCapture* previous =
      current_.exchange(next.release(), std::memory_order_acq_rel);
  // The lcore's Quiescent() reads the new epoch only after the exchange
  // above (release), so from then on its Get() returns the new capture; its
  // acknowledgement (release) orders its last use of the old one before our
  // return.
  const uint64_t epoch = epoch_.fetch_add(1, std::memory_order_acq_rel) + 1;
  while (acked_.load(std::memory_order_acquire) < epoch) {
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
  return std::unique_ptr<PacketCapture>(previous);
}

std::unique_ptr<PacketCapture> CaptureSlot::Release() {
  return std::unique_ptr<PacketCapture>(
      current_.exchange(nullptr, std::memory_order_acq_rel));
}

}  // namespace dpsctp::dpdk
