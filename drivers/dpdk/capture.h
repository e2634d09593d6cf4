// PacketCapture: on-demand packet capture from a worker lcore to a file.
//
// Tap() runs on the lcore and copies nothing: it takes a reference on every
// segment of the mbuf chain and enqueues the chain, with its direction and
// time, on a bounded single-producer/single-consumer rte_ring. A writer
// thread (one per capture, started by Start() as a DPDK control thread, so
// it runs on the cores left to control threads) drains the ring into the file
// and frees its references. A full ring counts a drop and takes no
// reference, so a slow disk never slows the lcore.
//
// File format: pcapng (one section, one interface with LINKTYPE_ETHERNET,
// the snap length and nanosecond timestamps), one Enhanced Packet Block per
// frame with its direction in the epb_flags option (inbound for kRx,
// outbound for kTx). Wireshark, tshark and lib/capture's CaptureReader read
// it. Frames are whole Ethernet frames, cut to the snap length.
//
// Zero copy means the lcore must not write into a tapped mbuf's data or
// chain afterwards (received packets are only read; transmitted ones are
// tapped when complete, just before rte_eth_tx_burst()).
//
// One capture belongs to one lcore: Tap() has a single producer. Stop() must
// not run while that lcore may still call Tap(): the owner first makes the
// lcore let go of the capture, for instance with CaptureSlot below.
#ifndef DPSCTP_DRIVERS_DPDK_CAPTURE_H_
#define DPSCTP_DRIVERS_DPDK_CAPTURE_H_

#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "common/result.h"
#include "drivers/dpdk/error.h"

struct rte_mbuf;
struct rte_ring;

namespace dpsctp::dpdk {

enum class CaptureDirection : uint8_t { kRx, kTx };

class PacketCapture {
 public:
  // Creates (truncates) the file at `path`, writes the pcapng header and
  // starts the writer thread. `ring_size` is how many frames may wait for
  // the writer (at least 1); `snaplen` how many bytes of each frame are kept
  // (at least 1). Needs a running EAL (the ring lives in DPDK memory).
  // Control path.
  [[nodiscard]] static Result<std::unique_ptr<PacketCapture>, DpdkError> Start(
      const std::string& path, uint32_t ring_size = 1024,
      uint32_t snaplen = 65535);

  // Stops (as Stop()) if still running.
  ~PacketCapture();
  PacketCapture(const PacketCapture&) = delete;
  PacketCapture& operator=(const PacketCapture&) = delete;

  // Lcore side, one lcore only. Queues `m` (a whole frame, all segments) to
  // be written with `timestamp_ns` (nanoseconds since the Unix epoch). The
  // caller keeps its own reference and may free the mbuf at once. Full ring:
  // counts a drop, takes no reference.
  void Tap(rte_mbuf* m, CaptureDirection dir, uint64_t timestamp_ns) noexcept;

  // Writes every queued frame, joins the writer thread, closes the file;
  // every reference taken by Tap() is freed. Idempotent. The lcore must have
  // stopped tapping (see CaptureSlot). Control path.
  void Stop();

  // Frames queued by Tap(), and frames dropped because the ring was full.
  // Safe from any thread.
  uint64_t captured() const noexcept {
    return captured_.load(std::memory_order_relaxed);
  }
  uint64_t dropped() const noexcept {
    return dropped_.load(std::memory_order_relaxed);
  }
  // Frames written to the file, and frames lost to a write error (the file
  // is then incomplete). Final after Stop().
  uint64_t written() const noexcept {
    return written_.load(std::memory_order_relaxed);
  }
  uint64_t write_errors() const noexcept {
    return write_errors_.load(std::memory_order_relaxed);
  }
  uint32_t snaplen() const noexcept { return snaplen_; }

 private:
  // One ring element: the chain and what the file records with it.
  struct Entry {
    rte_mbuf* m;
    uint64_t timestamp_ns;
    uint32_t direction;
    uint32_t unused;
  };

  PacketCapture(std::FILE* file, rte_ring* ring, uint32_t snaplen);
  static void* WriterMain(void* self);
  void WriterLoop();
  // Writes and frees what the ring holds; the number of entries taken.
  unsigned Drain();
  // Writes one Enhanced Packet Block; false on a write error.
  bool WriteFrame(const Entry& e);

  std::FILE* file_;
  rte_ring* ring_;
  const uint32_t snaplen_;
  pthread_t writer_{};
  std::atomic<bool> stopping_{false};
  bool stopped_ = false;
  // Written by the lcore only (relaxed loads elsewhere); on its own cache
  // line, away from the writer's counters.
  alignas(64) std::atomic<uint64_t> captured_{0};
  std::atomic<uint64_t> dropped_{0};
  alignas(64) std::atomic<uint64_t> written_{0};
  std::atomic<uint64_t> write_errors_{0};
};

// CaptureSlot: switches one lcore's capture on and off while the lcore runs.
//
// The lcore reads the capture with Get() while it handles a burst and calls
// Quiescent() once per loop iteration, at a point where it holds no pointer
// from Get(). Switch() publishes the new capture, waits until the lcore has
// passed Quiescent() after that, and then the old capture is no longer
// tapped: Switch() returns it for the caller to Stop() (and read its
// counters). This is RCU-style quiescent-state reclamation, with one reader.
//
// Thread affinity: Get()/Quiescent() on the lcore; Switch() and Release() on
// one control thread at a time.
class CaptureSlot {
 public:
  CaptureSlot() = default;
  ~CaptureSlot();  // stops a capture still installed
  CaptureSlot(const CaptureSlot&) = delete;
  CaptureSlot& operator=(const CaptureSlot&) = delete;

  // Lcore: the capture to tap, or nullptr when capture is off.
  PacketCapture* Get() const noexcept {
    return current_.load(std::memory_order_acquire);
  }
  // Lcore: acknowledges every Switch() so far (cheap when none happened).
  void Quiescent() noexcept {
    const uint64_t epoch = epoch_.load(std::memory_order_acquire);
    if (epoch != seen_) {
      seen_ = epoch;
      acked_.store(epoch, std::memory_order_release);
    }
  }

  // Control: installs `next` (nullptr turns capture off) and returns the
  // previous capture once the lcore no longer uses it. Waits (sleeping) for
  // the lcore's next Quiescent(): the lcore loop must be running. For an
  // lcore that has exited, use Release().
  [[nodiscard]] std::unique_ptr<PacketCapture> Switch(
      std::unique_ptr<PacketCapture> next);
  // Control, before the lcore loop first runs: installs `next` at once
  // (nothing can be using the slot yet).
  void Install(std::unique_ptr<PacketCapture> next) noexcept {
    PacketCapture* old = current_.exchange(next.release());
    std::unique_ptr<PacketCapture> drop(old);
  }
  // Control, after the lcore has stopped calling Get(): removes and returns
  // the installed capture without waiting.
  [[nodiscard]] std::unique_ptr<PacketCapture> Release();

 private:
  std::atomic<PacketCapture*> current_{nullptr};
  std::atomic<uint64_t> epoch_{0};  // bumped by each Switch()
  uint64_t seen_ = 0;               // the lcore's copy of epoch_
  alignas(64) std::atomic<uint64_t> acked_{0};
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_CAPTURE_H_
