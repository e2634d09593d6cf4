// ShardWorker: one shard of an SCTP endpoint on one lcore, run to
// completion (ARCHITECTURE.md, "Data path"). Each iteration of PollOnce():
//   1. reads `now` once (TSC);
//   2. receives a burst on each of its RX queues and the packets other
//      shards handed over;
//   3. L2/L3 (NetInterface: ARP/ND answered, ICMP errors decoded, the rest
//      counted and dropped); SCTP checksum trusted from the NIC where the
//      port offloads it, else verified in software by the endpoint;
//   4. routes by verification tag: a packet of another shard's
//      association goes to its owner over the HandoffMesh; INIT and other
//      packets without a tag of ours are handled here, statelessly;
//   5. hands the packet to the Endpoint, zero copy (the view's owner is the
//      mbuf chain; reassembly keeps references, the worker frees its own);
//   6. runs due timers (the endpoint's wheel) and the neighbour caches;
//   7. delivers endpoint events to the ShardApplication, which may send;
//   8. transmits: packets are built straight into mbufs, L2/L3 headers
//      prepended in the headroom, queued per TX queue and sent with
//      rte_eth_tx_burst when the batch is full, when the RX side went quiet,
//      or at the drain deadline;
//   9. every control_poll_interval iterations, runs ControlChannel
//      requests from other threads.
// No locks, syscalls or heap allocation on this path; with IdleMode::kSleep
// an idle worker sleeps up to idle_sleep (a syscall, only when idle).
//
// Thread affinity: Create() on any thread after the EAL is up; everything
// else on the worker's lcore, except control() and the stop flag.
#ifndef DPSCTP_DRIVERS_DPDK_SHARD_WORKER_H_
#define DPSCTP_DRIVERS_DPDK_SHARD_WORKER_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "assoc/cookie.h"
#include "common/result.h"
#include "common/time.h"
#include "drivers/dpdk/capture.h"
#include "drivers/dpdk/clock.h"
#include "drivers/dpdk/control.h"
#include "drivers/dpdk/error.h"
#include "drivers/dpdk/handoff.h"
#include "drivers/dpdk/netif.h"
#include "drivers/dpdk/sctp_checksum.h"
#include "endpoint/endpoint.h"

struct rte_mbuf;
struct rte_mempool;

namespace dpsctp::dpdk {

class ShardWorker;

// The application of one shard, called on the worker's lcore. It must not
// block; it sends through worker.endpoint() with worker.now().
class ShardApplication {
 public:
  virtual ~ShardApplication() = default;
  virtual void OnEvent(ShardWorker& worker,
                       const endpoint::EndpointEvent& event) noexcept = 0;
  // Once per loop iteration, after events (traffic generators send here).
  // Returns whether it did work (an idle worker may sleep otherwise).
  virtual bool OnPoll(ShardWorker& /*worker*/) noexcept { return false; }
};

// One RX/TX queue pair of one port, served by this worker.
struct WorkerPort {
  uint16_t port_id = 0;
  uint16_t rx_queue = 0;
  uint16_t tx_queue = 0;
  // What ConfigurePort() enabled on the port.
  SctpChecksumOffload checksum_offload{};
  InterfaceConfig interface;
};

enum class IdleMode : uint8_t {
  kSpin,   // poll flat out (lowest latency, one CPU per lcore)
  kPause,  // rte_pause() between empty polls
  kSleep,  // sleep up to idle_sleep after idle_spins empty polls
};

struct WorkerOptions {
  uint16_t rx_burst = 32;
  uint16_t tx_batch = 32;  // at most kMaxTxBatch
  Duration tx_drain = Duration::Micros(100);
  IdleMode idle_mode = IdleMode::kSleep;
  uint32_t idle_spins = 1024;
  Duration idle_sleep = Duration::Micros(200);
  uint32_t control_poll_interval = 16;
};

// Per-worker counters (single writer: the lcore).
struct WorkerCounters {
  uint64_t iterations = 0;
  uint64_t idle_sleeps = 0;
  uint64_t rx_frames = 0;
  uint64_t rx_sctp_packets = 0;
  uint64_t rx_processed_here = 0;        // SCTP packets given to this endpoint
  uint64_t rx_forwarded = 0;             // handed to their owner shard
  uint64_t rx_broadcast = 0;             // handed to every other shard (lookup)
  uint64_t rx_lookup_ignored = 0;        // a lookup frame not ours
  uint64_t handoff_received = 0;
  uint64_t handoff_full_drops = 0;       // owner's ring full
  uint64_t icmp_errors = 0;
  uint64_t tx_frames = 0;
  uint64_t tx_bursts = 0;
  uint64_t tx_full_drops = 0;            // the NIC queue took fewer
  uint64_t tx_pool_empty = 0;            // no mbuf for a packet
  uint64_t tx_no_interface = 0;          // source address on no interface
  uint64_t tx_oversize = 0;              // packet larger than the mbuf
  uint64_t timer_runs = 0;
  uint64_t events_delivered = 0;
  uint64_t control_requests = 0;
};

class ShardWorker final : private endpoint::TxPort,
                          private endpoint::RandomSource {
 public:
  static constexpr size_t kMaxPorts = 8;
  static constexpr size_t kMaxTxBatch = 128;

  // `endpoint_options.shard` names this shard and `shard_map` all of them;
  // `mesh` may be null for a single shard. The pool supplies TX mbufs and
  // ARP/ND replies; its data room must hold the MTU plus the headroom.
  [[nodiscard]] static Result<std::unique_ptr<ShardWorker>, DpdkError> Create(
      const WorkerOptions& options,
      const endpoint::EndpointOptions& endpoint_options,
      const assoc::CookieKey& cookie_key, std::span<const WorkerPort> ports,
      rte_mempool* pool, HandoffMesh* mesh, ShardApplication* app);
  ~ShardWorker() override;
  ShardWorker(const ShardWorker&) = delete;
  ShardWorker& operator=(const ShardWorker&) = delete;

  // One loop iteration. Returns whether it did any work.
  bool PollOnce() noexcept;

  // Loops until `stop` is set (checked every iteration), then returns.
  void Run(const std::atomic<bool>& stop) noexcept;

  // Ends every association: SHUTDOWN (graceful) or ABORT, keeps polling
  // until all are closed or `timeout` passed, aborts the rest, then sends
  // what is queued. Returns the number that closed gracefully.
  size_t CloseAll(bool graceful, Duration timeout) noexcept;

  // Starts SHUTDOWN (graceful) or sends ABORT for every open association
  // and returns how many; the caller keeps polling. On the worker's lcore.
  size_t StartClose(bool graceful) noexcept;

  // Sends every queued frame now.
  void FlushTx() noexcept;

  // Frees everything this worker holds in mbufs (parked frames, a pending
  // TX buffer, unsent batches); associations keep theirs until destroyed.
  void ReleaseBuffers() noexcept;

  endpoint::Endpoint& endpoint() noexcept { return *endpoint_; }
  const endpoint::Endpoint& endpoint() const noexcept { return *endpoint_; }
  TimePoint now() const noexcept { return now_; }
  // Refreshes now() (e.g. before an application call outside PollOnce()).
  TimePoint UpdateNow() noexcept;
  uint16_t shard() const noexcept { return shard_; }
  ControlChannel& control() noexcept { return *control_; }
  const WorkerCounters& counters() const noexcept { return counters_; }
  size_t interface_count() const noexcept { return ports_.size(); }
  NetInterface& interface(size_t i) noexcept { return *ports_[i].net; }
  const NetInterface& interface(size_t i) const noexcept {
    return *ports_[i].net;
  }
  ShardApplication* application() noexcept { return app_; }
  const WorkerOptions& options() const noexcept { return options_; }
  // Until the next endpoint or neighbour timer (for an idle sleep).
  Duration TimeToNextTimeout() const noexcept;
  void CountIdleSleep() noexcept { ++counters_.idle_sleeps; }

  // Zero-copy capture of every frame received and sent, switched on and
  // off from another thread while the worker runs:
  //   auto old = worker.capture().Switch(std::move(new_capture));
  //   if (old) old->Stop();
  // (Switch waits for one loop iteration; after the worker stopped, use
  // Release() instead.)
  CaptureSlot& capture() noexcept { return capture_; }

 private:
  class TxQueue final : public FrameSink {
   public:
    bool Push(rte_mbuf* m) noexcept override;
    void Flush() noexcept;
    ShardWorker* worker = nullptr;
    uint16_t port_id = 0;
    uint16_t queue_id = 0;
    uint16_t count = 0;
    TimePoint first_queued;
    std::array<rte_mbuf*, kMaxTxBatch> batch{};
  };
  struct PortState {
    WorkerPort config;
    std::unique_ptr<NetInterface> net;
    std::unique_ptr<TxQueue> tx;
  };

  ShardWorker() = default;

  // endpoint::TxPort
  std::span<uint8_t> TxBuffer() noexcept override;
  void Transmit(std::span<const uint8_t> packet,
                const PacketAddresses& addresses) noexcept override;
  crc::TxChecksumMode checksum_mode() const noexcept override {
    return tx_checksum_mode_;
  }
  // endpoint::RandomSource
  uint32_t Next32() noexcept override;

  // Takes ownership of m in every case.
  void HandleFrame(rte_mbuf* m, HandoffKind kind) noexcept;
  void HandleSctp(rte_mbuf* m, PortState& port, const RxResult& rx,
                  HandoffKind kind) noexcept;
  void HandleIcmp(rte_mbuf* m, const RxResult& rx, HandoffKind kind) noexcept;
  // Hands m to every other shard (a reference each); frees ours.
  void Broadcast(rte_mbuf* m, HandoffKind kind) noexcept;
  void DeliverEvents() noexcept;
  PortState* PortFor(uint16_t port_id) noexcept;
  PortState* PortForSource(const IpAddress& source) noexcept;
  void TapCapture(rte_mbuf* m, bool rx) noexcept;

  WorkerOptions options_;
  uint16_t shard_ = 0;
  uint16_t shard_count_ = 1;
  endpoint::ShardMap shard_map_ = endpoint::ShardMap::KeyedHash(1, 0);
  TscClock clock_;
  TimePoint now_;
  rte_mempool* pool_ = nullptr;
  HandoffMesh* mesh_ = nullptr;
  ShardApplication* app_ = nullptr;
  std::vector<PortState> ports_;
  std::unique_ptr<ControlChannel> control_;
  std::unique_ptr<endpoint::Endpoint> endpoint_;
  crc::TxChecksumMode tx_checksum_mode_ = crc::TxChecksumMode::kSoftware;
  rte_mbuf* tx_pending_ = nullptr;  // lent to the endpoint by TxBuffer()
  static constexpr uint8_t kRandomWords = 16;
  uint32_t random_words_[kRandomWords] = {};
  uint8_t random_left_ = 0;
  CaptureSlot capture_;
  WorkerCounters counters_;
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_SHARD_WORKER_H_
