// Internals of runtime.cc: the state shared by the shard applications of
// one dpsctpd process, and the application that runs on every shard.
#ifndef DPSCTP_APP_DPSCTPD_APP_RUNTIME_H_
#define DPSCTP_APP_DPSCTPD_APP_RUNTIME_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/dpsctpd/forward_ring.h"
#include "app/dpsctpd/output.h"
#include "config/app_config.h"
#include "drivers/dpdk/shard_worker.h"
#include "drivers/dpdk/telemetry.h"

namespace dpsctp::dpsctpd {

// Per endpoint, per shard; written only by the shard's lcore.
struct EndpointCounters {
  uint64_t associations_up = 0;
  uint64_t restarts = 0;
  uint64_t shutdowns = 0;
  uint64_t lost = 0;
  uint64_t messages_in = 0;
  uint64_t bytes_in = 0;
  uint64_t messages_out = 0;
  uint64_t bytes_out = 0;
  uint64_t send_blocked = 0;   // send buffer full: held and retried
  uint64_t send_refused = 0;   // Send() failed for good
  uint64_t send_failures = 0;  // SEND FAILURE events
  uint64_t truncated = 0;      // larger than the receive buffer copy
  uint64_t unrouted = 0;       // forward: no route matched
  uint64_t connect_attempts = 0;
  uint32_t max_stream_in = 0;
  // The first distinct PPIDs received and their counts.
  static constexpr size_t kPpids = 8;
  std::array<uint32_t, kPpids> ppid{};
  std::array<uint64_t, kPpids> ppid_count{};
  uint64_t ppid_other = 0;

  void CountPpid(uint32_t p, uint64_t n = 1) noexcept;
  void Add(const EndpointCounters& o) noexcept;
};

struct RouteCounters {
  uint64_t matched = 0;
  uint64_t forwarded = 0;
  uint64_t queued = 0;  // now waiting
  uint64_t queued_total = 0;
  uint64_t dropped = 0;  // queue full
};

struct AssocSnapshot {
  uint64_t id = 0;
  uint16_t group = 0;
  uint16_t shard = 0;
  int endpoint = -1;
  int outbound = -1;
  std::string peer;  // JSON array of addresses
  uint16_t peer_port = 0;
  std::string state;
  uint64_t messages_in = 0, bytes_in = 0, messages_out = 0, bytes_out = 0;
  uint64_t retransmitted = 0;
  int64_t rto_ms = 0;
};

struct ShardSnapshot {
  std::vector<EndpointCounters> endpoints;  // by global endpoint index
  std::vector<AssocSnapshot> assocs;        // at most kMaxAssocs
  size_t assoc_total = 0;
  std::vector<RouteCounters> routes;        // from the route owner only
  dpdk::StatsReport worker;
  static constexpr size_t kMaxAssocs = 64;
};

class ShardApp;

// One outbound association of the configuration, kept up by the shard-0
// application of its endpoint's group.
struct Outbound {
  enum class State : uint8_t { kIdle, kConnecting, kUp, kWaiting, kFinished };
  State state = State::kIdle;
  std::optional<uint64_t> id;  // AssocId while one exists
  TimePoint retry_at;
  Duration backoff;
  bool finishing = false;  // the application ended it on purpose
};

struct QueuedMessage {
  uint16_t stream = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  uint64_t hash = 0;
  std::vector<uint8_t> data;
};

struct RouteState {
  const config::RouteConfig* config = nullptr;
  // The match's endpoint and association as indices (-1: any), resolved
  // once so that matching a message compares integers.
  int match_endpoint = -1;
  int match_association = -1;
  std::vector<int> targets;  // outbound association indices
  uint64_t next = 0;         // round robin
  std::deque<QueuedMessage> queue;
  RouteCounters counters;
};

class Runtime {
 public:
  Runtime(const config::AppConfig& config, bool json, LineSink& events,
          bool stop_when_outbound_done);

  const config::AppConfig& config() const { return config_; }
  bool json() const { return json_; }
  double Seconds() const;
  void Emit(const std::string& line) { events_.Write(line); }

  // Once set: no new associations, sources quiet, then the close.
  std::atomic<bool> stop{false};
  std::atomic<int> stop_reason{0};  // 0 signal, 1 duration, 2 done
  std::atomic<uint64_t> failures{0};  // associations lost or aborted by peers
  std::atomic<size_t> outbound_finished{0};
  bool stop_when_outbound_done = false;

  // Who owns outbound association i (its group's shard-0 application).
  std::vector<ShardApp*> outbound_owner;
  std::vector<RouteState> routes;

  // Messages for the routes from worker s > 0 to worker 0, where every
  // outbound association lives (empty with one worker).
  std::vector<std::unique_ptr<ForwardRing>> forward_rings;

  // Forward, on worker 0's lcore: routes one message; false when no route
  // matched.
  bool Forward(int endpoint, int outbound, uint64_t assoc_id,
               const assoc::ReceivedMessage& m, std::span<const uint8_t> data);
  // Forward from the lcore of worker `shard`: routed at once on worker 0,
  // else handed to worker 0 (kFull: its ring has no room now).
  enum class ForwardResult : uint8_t { kRouted, kUnrouted, kFull };
  ForwardResult ForwardFrom(uint16_t shard, int endpoint, int outbound,
                            uint64_t assoc_id, const assoc::ReceivedMessage& m,
                            std::span<const uint8_t> data);
  // On worker 0: routes what other workers handed over, then retries
  // queued messages; true if anything moved. Unrouted messages are
  // counted in `counters` (by endpoint).
  bool DrainRoutes(std::vector<EndpointCounters>& counters);

 private:
  enum class Delivery : uint8_t { kSent, kFull, kDown, kRefused };
  Delivery Deliver(RouteState& r, const QueuedMessage& m,
                   std::span<const uint8_t> data);

  const config::AppConfig& config_;
  bool json_;
  LineSink& events_;
  std::chrono::steady_clock::time_point start_;
};

class ShardApp final : public dpdk::ShardApplication {
 public:
  // `endpoints`: global indices of the endpoints of this group;
  // `outbound`: the outbound associations this shard keeps up.
  ShardApp(Runtime& rt, uint16_t group, uint16_t shard,
           std::vector<int> endpoints, std::vector<int> outbound,
           bool routes_owner);

  void Attach(dpdk::ShardWorker* worker) { worker_ = worker; }
  dpdk::ShardWorker* worker() const { return worker_; }

  void OnEvent(dpdk::ShardWorker& w,
               const endpoint::EndpointEvent& e) noexcept override;
  bool OnPoll(dpdk::ShardWorker& w) noexcept override;

  // On the lcore (or after it stopped).
  void Snapshot(dpdk::ShardWorker& w, ShardSnapshot& out) const;

  // Forwarding target (same lcore): sends on outbound association `index`.
  // kRefused: never sendable there (stream beyond the negotiated count,
  // larger than the send buffer): the route drops and counts it.
  enum class SendResult : uint8_t { kSent, kFull, kDown, kRefused };
  SendResult SendOutbound(int index, const assoc::SendOptions& o,
                          std::span<const uint8_t> data) noexcept;

 private:
  struct AssocState {
    int endpoint = -1;
    int outbound = -1;
    std::string peer;       // text, for human lines
    std::string peer_json;  // addresses as a JSON array
    uint16_t peer_port = 0;
    bool up = false;
    bool ready = false;
    uint64_t messages_in = 0, bytes_in = 0, messages_out = 0, bytes_out = 0;
    // echo held back by a full send buffer
    bool held = false;
    std::vector<uint8_t> held_data;
    assoc::SendOptions held_options;
    // forward: a message worker 0's ring had no room for
    bool held_forward = false;
    assoc::ReceivedMessage held_message;
    // source
    bool sourcing = false;
    uint64_t sent = 0;
    TimePoint next_due;
    uint16_t next_stream = 0;
  };

  int EndpointForPort(uint16_t local_port) const;
  void EmitEvent(dpdk::ShardWorker& w, const endpoint::EndpointEvent& e,
                 const AssocState* s);
  void Closed(dpdk::ShardWorker& w, uint64_t id, bool failure);
  bool Pump(dpdk::ShardWorker& w, uint64_t id);
  bool Source(dpdk::ShardWorker& w, uint64_t id, AssocState& s);
  bool ManageOutbound(dpdk::ShardWorker& w);
  bool SendCounted(dpdk::ShardWorker& w, uint64_t id, AssocState& s,
                   const assoc::SendOptions& o, std::span<const uint8_t> data,
                   bool& sent);

  Runtime& rt_;
  uint16_t group_;
  uint16_t shard_;
  std::vector<int> endpoints_;
  std::vector<int> outbound_;            // global association indices
  std::vector<Outbound> outbound_state_;  // parallel to outbound_
  bool routes_owner_;
  dpdk::ShardWorker* worker_ = nullptr;
  std::vector<EndpointCounters> counters_;  // by global endpoint index
  std::unordered_map<uint64_t, AssocState> assocs_;
  std::vector<uint64_t> ready_;
  std::vector<uint64_t> sources_;
  std::vector<uint8_t> buffer_;               // one received message
  std::vector<std::vector<uint8_t>> payload_; // source payload per endpoint
};

}  // namespace dpsctp::dpsctpd

#endif  // DPSCTP_APP_DPSCTPD_APP_RUNTIME_H_
