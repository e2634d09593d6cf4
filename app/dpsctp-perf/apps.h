// The shard applications of dpsctp-perf: a server (discard or echo) and a
// client (throughput, latency or setup), one instance per shard, called on
// the shard's lcore by its ShardWorker.
//
// Data path rules (ARCHITECTURE.md): no allocation, lock or exception per
// message. Per-association state lives in arrays indexed by the
// association's slot (the low 32 bits of its id) sized at start; counters
// are single-writer atomics read by the main lcore; round-trip times go to
// a preallocated histogram read once the workers have stopped.
#ifndef DPSCTP_APP_DPSCTP_PERF_APPS_H_
#define DPSCTP_APP_DPSCTP_PERF_APPS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "app/dpsctp-perf/histogram.h"
#include "app/dpsctp-perf/options.h"
#include "common/address.h"
#include "drivers/dpdk/shard_worker.h"

namespace dpsctp::perf {

// A counter written by one lcore and read by others: a relaxed load and
// store, no locked instruction.
class Counter {
 public:
  void Add(uint64_t n = 1) noexcept {
    v_.store(v_.load(std::memory_order_relaxed) + n,
             std::memory_order_relaxed);
  }
  uint64_t Get() const noexcept { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

// One shard's figures (client or server side).
struct alignas(64) ShardCounters {
  Counter ups;               // COMMUNICATION UP
  Counter closed;            // SHUTDOWN COMPLETE
  Counter lost;              // COMMUNICATION LOST (ABORT, retransmissions)
  Counter associate_failures;  // Associate() refused (no slot or tag)
  Counter send_failures;     // Send() refused other than "buffer full",
                             // and SEND FAILURE events
  Counter bad_messages;      // echo with the wrong length or sequence number
  // Measured (while the run's window is open).
  Counter messages;          // server: received; client: see ClientApp
  Counter bytes;
  Counter echoed;            // server: messages sent back
  Counter echoed_bytes;
  Counter setups;            // client, setup mode: up and down again
  Counter drained;           // client, --count: associations all acked
};

// What the main lcore tells every shard.
struct RunControl {
  // Set once every association is up: clients start sending.
  std::atomic<bool> go{false};
  // Figures count only while this is set (the measured window).
  std::atomic<bool> measuring{false};
  // The run is over: send nothing more, open nothing more.
  std::atomic<bool> finished{false};
};

// Discard (zero-copy receive, count) or echo (copy out, send back on the
// same stream, PPID and ordering) every message.
class ServerApp final : public dpdk::ShardApplication {
 public:
  ServerApp(ServerKind kind, uint32_t max_associations, uint32_t max_message,
            const RunControl& control, ShardCounters& counters);

  void OnEvent(dpdk::ShardWorker& w,
               const endpoint::EndpointEvent& e) noexcept override;
  bool OnPoll(dpdk::ShardWorker& w) noexcept override;

 private:
  struct PerAssoc {
    assoc::AssocId id;
    bool live = false;
    bool ready = false;  // in ready_
    bool held = false;   // held_data waits for room in the send buffer
    uint32_t held_length = 0;
    assoc::SendOptions held_options;
    std::unique_ptr<uint8_t[]> held_data;  // made the first time it is needed
  };
  PerAssoc* Lookup(assoc::AssocId id) noexcept;
  // Returns whether the association must be tried again later.
  bool Pump(dpdk::ShardWorker& w, PerAssoc& s) noexcept;
  bool Echo(dpdk::ShardWorker& w, PerAssoc& s, const assoc::SendOptions& o,
            const uint8_t* data, uint32_t length, bool& sent) noexcept;

  ServerKind kind_;
  uint32_t max_message_;
  const RunControl& control_;
  ShardCounters& counters_;
  std::vector<PerAssoc> slots_;
  std::vector<uint32_t> ready_;  // slots with messages waiting
  std::vector<uint8_t> buffer_;
};

struct ClientConfig {
  Mode mode = Mode::kThroughput;
  uint32_t size = 1024;
  uint16_t streams = 1;
  bool unordered = false;
  // Associations this shard opens (setup: keeps in flight).
  uint32_t associations = 1;
  // Per association (throughput, latency) or for the shard (setup): how
  // many messages, round trips or setups; UINT64_MAX: until the end.
  std::vector<uint64_t> quotas;
  uint64_t setup_quota = UINT64_MAX;
  uint32_t max_associations = 1024;
  IpAddress local_address;
  IpAddress peer_address;
  uint16_t peer_port = 0;
  // Local ports first_port .. first_port + port_span - 1, used in turn.
  uint16_t first_port = 10000;
  uint16_t port_span = 1000;
  // Count messages sent (client against a remote server) rather than leave
  // that to the server (loopback).
  bool count_sent = false;
};

class ClientApp final : public dpdk::ShardApplication {
 public:
  ClientApp(const ClientConfig& config, const RunControl& control,
            ShardCounters& counters);

  void OnEvent(dpdk::ShardWorker& w,
               const endpoint::EndpointEvent& e) noexcept override;
  bool OnPoll(dpdk::ShardWorker& w) noexcept override;

  // Read after the workers stopped.
  const LatencyHistogram& histogram() const noexcept { return *histogram_; }

 private:
  struct Flow {
    assoc::AssocId id;
    bool open = false;  // Associate() done, not closed yet
    bool up = false;
    bool ready = false;        // messages waiting to be received
    bool outstanding = false;  // latency: a request awaits its echo
    bool failed = false;       // Send() refused for good
    bool drained = false;
    uint16_t streams = 1;      // min(--streams, negotiated outbound)
    uint16_t next_stream = 0;
    uint64_t quota = UINT64_MAX;
    uint64_t sent = 0;
    uint64_t seq = 0;          // latency: of the outstanding request
    TimePoint sent_at;
  };
  static constexpr uint32_t kNoFlow = UINT32_MAX;

  bool Open(dpdk::ShardWorker& w, uint32_t flow) noexcept;
  uint32_t FlowOf(assoc::AssocId id) const noexcept;
  bool SendBulk(dpdk::ShardWorker& w, Flow& f) noexcept;
  bool SendRequest(dpdk::ShardWorker& w, Flow& f) noexcept;
  bool Drain(dpdk::ShardWorker& w, Flow& f) noexcept;
  void CheckDrained(dpdk::ShardWorker& w, Flow& f) noexcept;
  assoc::SendOptions NextOptions(Flow& f) noexcept;

  ClientConfig config_;
  const RunControl& control_;
  ShardCounters& counters_;
  std::vector<Flow> flows_;
  std::vector<uint32_t> slot_to_flow_;  // by association slot
  std::vector<uint8_t> payload_;        // what is sent (seq in front)
  std::vector<uint8_t> buffer_;         // what comes back
  std::unique_ptr<LatencyHistogram> histogram_;
  uint64_t setups_started_ = 0;
  uint32_t next_port_ = 0;
  bool opened_ = false;
};

}  // namespace dpsctp::perf

#endif  // DPSCTP_APP_DPSCTP_PERF_APPS_H_
