// dp_endpoint: a small SCTP endpoint on the DPDK data plane, for test
// scripts (test/dpdk/netns_test.sh, test/dpdk/pcap_golden_test.sh).
//
//   dp_endpoint --eal "<EAL args>" --address 10.99.0.1/24 [--address ...]
//               [--mac 02:00:00:00:00:01] [--port N] --listen 5000
//               [--app echo|discard] [--shards N] [--duration SECONDS]
//               [--exit-after-closed N] [--window BYTES] [--json]
//
// Brings up the EAL, takes the first ethdev port (or --port), configures
// and starts it through a Dataplane (one queue pair per shard) and runs the
// worker of shard i on the i-th EAL lcore until SIGINT/SIGTERM, --duration,
// or until N associations have closed. Then it ends the associations left
// (SHUTDOWN, ABORT after 2 s), prints one line of counters on stdout (JSON
// with --json, else key=value) and exits 0. Setup errors exit 1, bad
// arguments 2. Progress goes to stderr: "dp_endpoint: ready ..." once the
// port is up (scripts wait for it), then one line per association that
// comes up or goes down, with the peer's address.
//
// Applications: echo sends every message back on its association, stream,
// PPID and ordering; discard counts and drops what arrives.
#include <arpa/inet.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "app/common/json.h"
#include "app/common/peer_text.h"
#include "app/common/runtime_options.h"
#include "drivers/dpdk/dataplane.h"
#include "drivers/dpdk/eal.h"
#include "drivers/dpdk/lcore_runner.h"
#include "drivers/dpdk/netif.h"
#include "drivers/dpdk/shard_worker.h"

namespace dpsctp::dpdk {
namespace {

constexpr int kExitSetup = 1;
constexpr int kExitUsage = 2;

enum class AppKind : uint8_t { kEcho, kDiscard };

struct Args {
  std::vector<std::string> eal;
  std::vector<IpPrefix> addresses;
  std::optional<MacAddress> mac;
  std::optional<uint16_t> port;
  std::vector<uint16_t> listen;
  AppKind app = AppKind::kEcho;
  uint16_t shards = 1;
  double duration = 0;             // 0: until a signal
  uint64_t exit_after_closed = 0;  // 0: off
  uint32_t window = 256 * 1024;
  bool json = false;
};

void Usage(const char* program) {
  std::fprintf(
      stderr,
      "usage: %s --eal \"<EAL args>\" --address IP/LEN [--address ...]\n"
      "          [--mac XX:XX:XX:XX:XX:XX] [--port N] --listen PORT\n"
      "          [--listen PORT ...] [--app echo|discard] [--shards N]\n"
      "          [--duration SECONDS] [--exit-after-closed N]\n"
      "          [--window BYTES] [--json]\n",
      program);
}

bool ParseUnsigned(const std::string& text, uint64_t max, uint64_t& out) {
  if (text.empty() || text.size() > 20) return false;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > max) return false;
  }
  out = v;
  return true;
}

bool ParsePrefix(const std::string& text, IpPrefix& out) {
  const size_t slash = text.find('/');
  const std::string ip = text.substr(0, slash);
  uint8_t bytes[16] = {};
  uint64_t max_length = 0;
  if (inet_pton(AF_INET, ip.c_str(), bytes) == 1) {
    out.address = IpAddress::V4(std::span<const uint8_t, 4>(bytes, 4));
    max_length = 32;
  } else if (inet_pton(AF_INET6, ip.c_str(), bytes) == 1) {
    out.address = IpAddress::V6(std::span<const uint8_t, 16>(bytes, 16));
    max_length = 128;
  } else {
    return false;
  }
  uint64_t length = max_length;
  if (slash != std::string::npos &&
      !ParseUnsigned(text.substr(slash + 1), max_length, length)) {
    return false;
  }
  out.prefix_length = static_cast<uint8_t>(length);
  return true;
}

bool ParseMac(const std::string& text, MacAddress& out) {
  unsigned b[6];
  char tail = 0;
  if (std::sscanf(text.c_str(), "%x:%x:%x:%x:%x:%x%c", &b[0], &b[1], &b[2],
                  &b[3], &b[4], &b[5], &tail) != 6) {
    return false;
  }
  for (size_t i = 0; i < 6; ++i) {
    if (b[i] > 0xff) return false;
    out[i] = static_cast<uint8_t>(b[i]);
  }
  return true;
}

std::string MacText(const MacAddress& mac) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
                mac[1], mac[2], mac[3], mac[4], mac[5]);
  return text;
}


// Returns the exit code to use on failure, 0 when `args` is complete.
int ParseArgs(int argc, char** argv, Args& args) {
  bool have_eal = false;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "dp_endpoint: %s needs a value\n", flag.c_str());
        return false;
      }
      out = argv[++i];
      return true;
    };
    std::string v;
    uint64_t n = 0;
    if (flag == "--json") {
      args.json = true;
      continue;
    }
    if (flag == "-h" || flag == "--help") {
      Usage(argv[0]);
      return kExitUsage;
    }
    static constexpr const char* kWithValue[] = {
        "--eal",    "--address",  "--mac",
        "--port",   "--listen",   "--app",
        "--shards", "--duration", "--exit-after-closed",
        "--window"};
    if (std::find(std::begin(kWithValue), std::end(kWithValue), flag) ==
        std::end(kWithValue)) {
      std::fprintf(stderr, "dp_endpoint: unknown option %s\n", flag.c_str());
      Usage(argv[0]);
      return kExitUsage;
    }
    if (!value(v)) return kExitUsage;
    bool ok = true;
    if (flag == "--eal") {
      args.eal = app::SplitWords(v);
      have_eal = true;
    } else if (flag == "--address") {
      IpPrefix p;
      ok = ParsePrefix(v, p);
      if (ok) args.addresses.push_back(p);
    } else if (flag == "--mac") {
      MacAddress mac{};
      ok = ParseMac(v, mac);
      if (ok) args.mac = mac;
    } else if (flag == "--port") {
      ok = ParseUnsigned(v, RTE_MAX_ETHPORTS - 1, n);
      if (ok) args.port = static_cast<uint16_t>(n);
    } else if (flag == "--listen") {
      ok = ParseUnsigned(v, 65535, n) && n != 0;
      if (ok) args.listen.push_back(static_cast<uint16_t>(n));
    } else if (flag == "--app") {
      if (v == "echo") {
        args.app = AppKind::kEcho;
      } else if (v == "discard") {
        args.app = AppKind::kDiscard;
      } else {
        ok = false;
      }
    } else if (flag == "--shards") {
      ok = ParseUnsigned(v, 64, n) && n != 0;
      if (ok) args.shards = static_cast<uint16_t>(n);
    } else if (flag == "--duration") {
      char* end = nullptr;
      args.duration = std::strtod(v.c_str(), &end);
      ok = end != v.c_str() && *end == '\0' && args.duration >= 0 &&
           args.duration < 1e7;
    } else if (flag == "--exit-after-closed") {
      ok = ParseUnsigned(v, UINT32_MAX, n);
      if (ok) args.exit_after_closed = n;
    } else {  // --window
      // §3.3.2: a_rwnd of at least 1500.
      ok = ParseUnsigned(v, 1u << 30, n) && n >= 1500;
      if (ok) args.window = static_cast<uint32_t>(n);
    }
    if (!ok) {
      std::fprintf(stderr, "dp_endpoint: bad value for %s: '%s'\n",
                   flag.c_str(), v.c_str());
      return kExitUsage;
    }
  }
  if (!have_eal) args.eal = NoHugepageArgs("dp_endpoint");
  if (args.eal.empty() || args.eal[0].rfind("-", 0) == 0) {
    args.eal.insert(args.eal.begin(), "dp_endpoint");
  }
  if (args.addresses.empty()) {
    std::fprintf(stderr, "dp_endpoint: give at least one --address\n");
    Usage(argv[0]);
    return kExitUsage;
  }
  if (args.listen.empty()) {
    std::fprintf(stderr, "dp_endpoint: give at least one --listen port\n");
    Usage(argv[0]);
    return kExitUsage;
  }
  return 0;
}

// What the applications of all shards count; read by the main lcore.
struct AppCounters {
  std::atomic<uint64_t> associations_up{0};
  std::atomic<uint64_t> associations_restarted{0};
  std::atomic<uint64_t> shutdowns_completed{0};
  std::atomic<uint64_t> associations_lost{0};
  std::atomic<uint64_t> messages_received{0};
  std::atomic<uint64_t> bytes_received{0};
  std::atomic<uint64_t> messages_truncated{0};
  std::atomic<uint64_t> messages_echoed{0};
  std::atomic<uint64_t> bytes_echoed{0};
  std::atomic<uint64_t> echo_blocked{0};   // send buffer full, held, retried
  std::atomic<uint64_t> echo_refused{0};   // Send() failed for good
  std::atomic<uint64_t> send_failures{0};  // SEND FAILURE events

  uint64_t closed() const {
    return shutdowns_completed.load() + associations_lost.load();
  }
};

void Add(std::atomic<uint64_t>& c, uint64_t n = 1) {
  c.fetch_add(n, std::memory_order_relaxed);
}

// One shard's application: logs association changes, then echo or discard.
class EndpointApp final : public ShardApplication {
 public:
  EndpointApp(AppKind kind, uint32_t max_message, AppCounters& counters)
      : kind_(kind), counters_(counters), buffer_(max_message) {
    ready_.reserve(1024);
  }

  void OnEvent(ShardWorker& w,
               const endpoint::EndpointEvent& e) noexcept override {
    const assoc::Event& ev = e.event;
    switch (ev.type) {
      case assoc::EventType::kCommunicationUp:
      case assoc::EventType::kRestart: {
        PerAssoc& s = state_[e.id.value()];
        s.peer = app::PeerText(w.endpoint().Find(e.id));
        Add(ev.type == assoc::EventType::kRestart
                ? counters_.associations_restarted
                : counters_.associations_up);
        std::fprintf(stderr,
                     "dp_endpoint: shard %u association %llu %s peer %s "
                     "streams out %u in %u\n",
                     w.shard(), static_cast<unsigned long long>(e.id.value()),
                     ev.type == assoc::EventType::kRestart ? "restarted" : "up",
                     s.peer.c_str(), ev.outbound_streams, ev.inbound_streams);
        break;
      }
      case assoc::EventType::kDataArrive:
        MarkReady(e.id);
        break;
      case assoc::EventType::kShutdownComplete:
        Add(counters_.shutdowns_completed);
        Closed(w, e.id, "closed (shutdown complete)");
        break;
      case assoc::EventType::kCommunicationLost: {
        Add(counters_.associations_lost);
        const std::string why =
            std::string("lost (") +
            std::string(assoc::LossReasonName(ev.reason)) +
            (ev.error_cause != 0 ? ", cause " + std::to_string(ev.error_cause)
                                 : std::string()) +
            ")";
        Closed(w, e.id, why.c_str());
        break;
      }
      case assoc::EventType::kSendFailure:
        Add(counters_.send_failures, ev.count);
        break;
      case assoc::EventType::kShutdownReceived:
        std::fprintf(stderr,
                     "dp_endpoint: shard %u association %llu peer shutting "
                     "down\n",
                     w.shard(), static_cast<unsigned long long>(e.id.value()));
        break;
      default:
        break;
    }
  }

  bool OnPoll(ShardWorker& w) noexcept override {
    if (ready_.empty()) return false;
    // Each association whose messages are waiting; one that cannot take
    // more echoes (send buffer full) stays in the list and keeps its
    // message, so that echoes leave in the order they came.
    size_t kept = 0;
    for (size_t i = 0; i < ready_.size(); ++i) {
      if (Pump(w, ready_[i])) ready_[kept++] = ready_[i];
    }
    ready_.resize(kept);
    return true;
  }

 private:
  struct PerAssoc {
    std::string peer;
    bool ready = false;
    bool held = false;  // buffer of `held_data` waits to be echoed
    std::vector<uint8_t> held_data;
    assoc::SendOptions held_options;
  };

  void MarkReady(assoc::AssocId id) {
    PerAssoc& s = state_[id.value()];
    if (!s.ready) {
      s.ready = true;
      ready_.push_back(id);
    }
  }

  void Closed(ShardWorker& w, assoc::AssocId id, const char* how) {
    auto it = state_.find(id.value());
    const std::string peer = it != state_.end() ? it->second.peer : "?";
    std::fprintf(stderr, "dp_endpoint: shard %u association %llu %s peer %s\n",
                 w.shard(), static_cast<unsigned long long>(id.value()), how,
                 peer.c_str());
    if (it != state_.end()) {
      // Left in ready_ until the next OnPoll, which finds no state.
      state_.erase(it);
    }
  }

  // Handles the waiting messages of one association. Returns whether it
  // must be tried again (echo held back by a full send buffer).
  bool Pump(ShardWorker& w, assoc::AssocId id) {
    auto it = state_.find(id.value());
    if (it == state_.end()) return false;
    PerAssoc& s = it->second;
    assoc::Association* a = w.endpoint().Find(id);
    if (a == nullptr) {
      s.ready = false;
      return false;
    }
    bool sent = false;
    bool again = false;
    if (s.held) {
      if (!Echo(w, id, s.held_options, std::span<const uint8_t>(s.held_data),
                sent)) {
        again = true;
      } else {
        s.held = false;
      }
    }
    while (!again) {
      std::optional<assoc::ReceivedMessage> m;
      if (kind_ == AppKind::kDiscard) {
        m = a->ReceiveWith([](std::span<const uint8_t>) {});
      } else {
        m = a->Receive(buffer_);
      }
      if (!m) break;
      Add(counters_.messages_received);
      Add(counters_.bytes_received, m->length);
      if (kind_ == AppKind::kDiscard) continue;
      if (m->copied < m->length) Add(counters_.messages_truncated);
      assoc::SendOptions o;
      o.stream_id = m->stream_id;
      o.ppid = m->ppid;
      o.unordered = m->unordered;
      o.more = true;  // bundled; flushed below
      const std::span<const uint8_t> data(buffer_.data(), m->copied);
      if (!Echo(w, id, o, data, sent)) {
        s.held_data.assign(data.begin(), data.end());
        s.held_options = o;
        s.held = true;
        again = true;
      }
    }
    if (sent) w.endpoint().Flush(w.now(), id);
    s.ready = again;
    return again;
  }

  // False when the send buffer is full (try again later).
  bool Echo(ShardWorker& w, assoc::AssocId id, const assoc::SendOptions& o,
            std::span<const uint8_t> data, bool& sent) {
    const assoc::SendError r = w.endpoint().Send(w.now(), id, o, data);
    if (r == assoc::SendError::kNoBuffer) {
      Add(counters_.echo_blocked);
      if (sent) w.endpoint().Flush(w.now(), id);
      return false;
    }
    if (r == assoc::SendError::kNone) {
      sent = true;
      Add(counters_.messages_echoed);
      Add(counters_.bytes_echoed, data.size());
    } else {
      Add(counters_.echo_refused);
    }
    return true;
  }

  AppKind kind_;
  AppCounters& counters_;
  std::vector<uint8_t> buffer_;
  std::unordered_map<uint64_t, PerAssoc> state_;
  std::vector<assoc::AssocId> ready_;
};

// Counters as (key, value) pairs, in a fixed order.
using Fields = std::vector<std::pair<std::string, uint64_t>>;

#define DPE_FIELD(f) out.emplace_back(#f, c.f)
#define DPE_ATOMIC(f) out.emplace_back(#f, c.f.load())

Fields EndpointFields(const endpoint::EndpointCounters& c) {
  Fields out;
  DPE_FIELD(packets_received);
  DPE_FIELD(checksum_errors);
  DPE_FIELD(malformed_packets);
  DPE_FIELD(ootb_packets);
  DPE_FIELD(ootb_aborts_sent);
  DPE_FIELD(ootb_shutdown_completes_sent);
  DPE_FIELD(ootb_discarded);
  DPE_FIELD(bad_vtag_discarded);
  DPE_FIELD(non_unicast_discarded);
  DPE_FIELD(inits_received);
  DPE_FIELD(init_acks_sent);
  DPE_FIELD(init_aborts_sent);
  DPE_FIELD(cookies_accepted);
  DPE_FIELD(cookies_bad_mac);
  DPE_FIELD(cookies_stale);
  DPE_FIELD(cookies_malformed);
  DPE_FIELD(associations_created);
  DPE_FIELD(associations_closed);
  DPE_FIELD(association_limit_hits);
  DPE_FIELD(tag_allocation_failures);
  DPE_FIELD(events_dropped);
  DPE_FIELD(tx_buffer_unavailable);
  return out;
}

Fields WorkerFields(const WorkerCounters& c) {
  Fields out;
  DPE_FIELD(iterations);
  DPE_FIELD(idle_sleeps);
  DPE_FIELD(rx_frames);
  DPE_FIELD(rx_sctp_packets);
  DPE_FIELD(rx_processed_here);
  DPE_FIELD(rx_forwarded);
  DPE_FIELD(rx_broadcast);
  DPE_FIELD(rx_lookup_ignored);
  DPE_FIELD(handoff_received);
  DPE_FIELD(handoff_full_drops);
  DPE_FIELD(icmp_errors);
  DPE_FIELD(tx_frames);
  DPE_FIELD(tx_bursts);
  DPE_FIELD(tx_full_drops);
  DPE_FIELD(tx_pool_empty);
  DPE_FIELD(tx_no_interface);
  DPE_FIELD(tx_oversize);
  DPE_FIELD(timer_runs);
  DPE_FIELD(events_delivered);
  DPE_FIELD(control_requests);
  return out;
}

Fields InterfaceFields(const NetCounters& c) {
  Fields out;
  DPE_FIELD(rx_frames);
  DPE_FIELD(rx_learn_only);
  DPE_FIELD(rx_sctp);
  DPE_FIELD(rx_udp_encapsulated);
  DPE_FIELD(rx_dropped);
  for (size_t r = 0; r < static_cast<size_t>(RxDropReason::kCount); ++r) {
    out.emplace_back(
        "drop_" + std::string(ToString(static_cast<RxDropReason>(r))),
        c.drops[r]);
  }
  DPE_FIELD(arp_requests_answered);
  DPE_FIELD(arp_replies_received);
  DPE_FIELD(arp_gratuitous_received);
  DPE_FIELD(arp_requests_sent);
  DPE_FIELD(nd_solicitations_answered);
  DPE_FIELD(nd_advertisements_received);
  DPE_FIELD(nd_solicitations_sent);
  DPE_FIELD(icmp_errors);
  DPE_FIELD(icmp_echo_answered);
  DPE_FIELD(fragments_dropped);
  DPE_FIELD(reply_pool_empty);
  DPE_FIELD(tx_frames);
  DPE_FIELD(tx_sctp);
  DPE_FIELD(tx_udp_encapsulated);
  DPE_FIELD(tx_parked);
  DPE_FIELD(tx_park_full);
  DPE_FIELD(tx_resolution_failed);
  DPE_FIELD(tx_no_route);
  DPE_FIELD(tx_no_source);
  DPE_FIELD(tx_no_headroom);
  DPE_FIELD(tx_too_big);
  DPE_FIELD(tx_pool_empty);
  DPE_FIELD(tx_sink_refused);
  DPE_FIELD(neighbor_cache_full);
  DPE_FIELD(neighbor_resolutions_failed);
  DPE_FIELD(neighbors_expired);
  DPE_FIELD(encapsulation_peers_evicted);
  return out;
}

Fields AppFields(const AppCounters& c) {
  Fields out;
  DPE_ATOMIC(associations_up);
  DPE_ATOMIC(associations_restarted);
  DPE_ATOMIC(shutdowns_completed);
  DPE_ATOMIC(associations_lost);
  DPE_ATOMIC(messages_received);
  DPE_ATOMIC(bytes_received);
  DPE_ATOMIC(messages_truncated);
  DPE_ATOMIC(messages_echoed);
  DPE_ATOMIC(bytes_echoed);
  DPE_ATOMIC(echo_blocked);
  DPE_ATOMIC(echo_refused);
  DPE_ATOMIC(send_failures);
  return out;
}

#undef DPE_ATOMIC
#undef DPE_FIELD

// Sums a per-shard list of fields (all of the same shape).
Fields Sum(const std::vector<Fields>& per_shard) {
  Fields total = per_shard.at(0);
  for (size_t s = 1; s < per_shard.size(); ++s) {
    for (size_t i = 0; i < total.size(); ++i) {
      total[i].second += per_shard[s][i].second;
    }
  }
  return total;
}


struct Report {
  std::vector<std::pair<std::string, std::string>> text;
  std::vector<std::pair<std::string, uint64_t>> numbers;
  std::vector<std::pair<std::string, Fields>> groups;

  std::string Json() const {
    std::string out = "{";
    auto sep = [&out] {
      if (out.size() > 1) out += ',';
    };
    for (const auto& [k, v] : text) {
      sep();
      out += app::JsonQuote(k) + ":" + app::JsonQuote(v);
    }
    for (const auto& [k, v] : numbers) {
      sep();
      out += app::JsonQuote(k) + ":" + std::to_string(v);
    }
    for (const auto& [name, fields] : groups) {
      sep();
      out += app::JsonQuote(name) + ":{";
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i != 0) out += ',';
        out += app::JsonQuote(fields[i].first) + ":" +
               std::to_string(fields[i].second);
      }
      out += '}';
    }
    return out + "}";
  }

  std::string KeyValues() const {
    std::string out;
    auto add = [&out](const std::string& k, const std::string& v) {
      if (!out.empty()) out += ' ';
      out += k + "=" + v;
    };
    for (const auto& [k, v] : text) add(k, v);
    for (const auto& [k, v] : numbers) add(k, std::to_string(v));
    for (const auto& [name, fields] : groups) {
      for (const auto& [k, v] : fields) add(name + "." + k, std::to_string(v));
    }
    return out;
  }
};

// CloseAll() on a shard's own lcore (the association timers and handoffs
// of every shard keep running while they all close).
struct CloseJob {
  ShardWorker* worker = nullptr;
  size_t graceful = 0;
};

int CloseEntry(void* arg) {
  auto* job = static_cast<CloseJob*>(arg);
  job->graceful = job->worker->CloseAll(true, Duration::Seconds(2));
  return 0;
}

int Main(int argc, char** argv) {
  Args args;
  if (const int rc = ParseArgs(argc, argv, args); rc != 0) return rc;

  auto eal = Eal::Init(args.eal);
  if (!eal) {
    std::fprintf(stderr, "dp_endpoint: EAL init failed: %s\n",
                 eal.error().ToString().c_str());
    return kExitSetup;
  }

  uint16_t port_id = 0;
  if (args.port) {
    if (!rte_eth_dev_is_valid_port(*args.port)) {
      std::fprintf(stderr, "dp_endpoint: no ethdev port %u\n", *args.port);
      return kExitSetup;
    }
    port_id = *args.port;
  } else {
    bool found = false;
    uint16_t p = 0;
    RTE_ETH_FOREACH_DEV(p) {
      port_id = p;
      found = true;
      break;
    }
    if (!found) {
      std::fprintf(stderr,
                   "dp_endpoint: no ethdev port; pass a device in --eal "
                   "(e.g. --vdev=net_af_packet0,iface=veth0)\n");
      return kExitSetup;
    }
  }

  // Shard i runs on the i-th lcore of the EAL's list, the main one first.
  std::vector<unsigned> lcores = {rte_get_main_lcore()};
  unsigned lc = 0;
  RTE_LCORE_FOREACH_WORKER(lc) { lcores.push_back(lc); }
  if (lcores.size() < args.shards) {
    std::fprintf(stderr,
                 "dp_endpoint: %u shards need %u lcores, the EAL has %zu "
                 "(-l)\n",
                 args.shards, args.shards, lcores.size());
    return kExitSetup;
  }

  AppCounters app_counters;
  // The largest message the echo copies out: the receive window (the
  // default max_message_size).
  std::vector<std::unique_ptr<EndpointApp>> apps;
  std::vector<ShardApplication*> app_ptrs;
  for (uint16_t s = 0; s < args.shards; ++s) {
    apps.push_back(
        std::make_unique<EndpointApp>(args.app, args.window, app_counters));
    app_ptrs.push_back(apps.back().get());
  }

  DataplaneOptions o;
  o.name = "dpe";
  o.shards = args.shards;
  DataplanePort dp;
  dp.port_id = port_id;
  dp.configure = true;
  if (args.mac) dp.interface.mac = *args.mac;
  dp.interface.addresses = args.addresses;
  o.ports.push_back(dp);
  o.listen_ports = args.listen;
  o.endpoint.assoc.receive_window = args.window;
  o.endpoint.assoc.send_buffer = args.window;
  o.worker.idle_mode = IdleMode::kSleep;

  std::unique_ptr<Dataplane> plane;
  {
    auto created = Dataplane::Create(o, app_ptrs);
    if (!created) {
      std::fprintf(stderr, "dp_endpoint: data plane setup failed: %s\n",
                   created.error().ToString().c_str());
      return kExitSetup;
    }
    plane = std::move(created).value();
  }
  const PortReport& report = plane->port_report(0);
  const MacAddress mac = args.mac ? *args.mac : report.mac;
  {
    std::string addresses;
    for (const IpPrefix& p : args.addresses) {
      addresses +=
          " " + p.address.ToString() + "/" + std::to_string(p.prefix_length);
    }
    std::string ports;
    for (uint16_t p : args.listen) ports += " " + std::to_string(p);
    std::fprintf(stderr,
                 "dp_endpoint: ready port %u mac %s shards %u addresses%s "
                 "listen%s app %s (%s, link %s)\n",
                 port_id, MacText(mac).c_str(), args.shards, addresses.c_str(),
                 ports.c_str(), args.app == AppKind::kEcho ? "echo" : "discard",
                 report.ToString().c_str(),
                 GetLinkStatus(plane->port_id(0)).ToString().c_str());
  }

  std::atomic<bool> stop{false};
  InstallStopSignals(&stop);
  std::vector<LcoreGroup> groups;
  for (uint16_t s = 0; s < args.shards; ++s) {
    groups.push_back(LcoreGroup{lcores[s], {&plane->worker(s)}});
  }
  const auto start = std::chrono::steady_clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                  std::chrono::duration<double>(args.duration));
  std::string stop_reason = "signal";
  uint32_t rounds = 0;
  auto on_main = [&] {
    // Cheap enough every round; the clock only every 64th.
    if (args.exit_after_closed != 0 &&
        app_counters.closed() >= args.exit_after_closed) {
      stop_reason = "closed";
      stop.store(true);
      return;
    }
    if (args.duration > 0 && (++rounds & 63) == 0 &&
        std::chrono::steady_clock::now() >= deadline) {
      stop_reason = "duration";
      stop.store(true);
    }
  };
  if (Status st = RunLcores(groups, stop, on_main); !st) {
    std::fprintf(stderr, "dp_endpoint: %s\n", st.error().ToString().c_str());
    return kExitSetup;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (stop_reason == "signal") {
    std::fprintf(stderr, "dp_endpoint: stopping (signal %d)\n",
                 LastStopSignal());
  }

  // The associations still open: SHUTDOWN, ABORT after 2 s.
  size_t open = 0;
  for (uint16_t s = 0; s < args.shards; ++s) {
    open += plane->worker(s).endpoint().association_count();
  }
  std::vector<CloseJob> jobs(args.shards);
  for (uint16_t s = 0; s < args.shards; ++s) jobs[s].worker = &plane->worker(s);
  for (uint16_t s = 1; s < args.shards; ++s) {
    if (rte_eal_remote_launch(CloseEntry, &jobs[s], lcores[s]) != 0) {
      CloseEntry(&jobs[s]);  // not launched: close it from here
      lcores[s] = RTE_MAX_LCORE;
    }
  }
  CloseEntry(&jobs[0]);
  for (uint16_t s = 1; s < args.shards; ++s) {
    if (lcores[s] != RTE_MAX_LCORE) rte_eal_wait_lcore(lcores[s]);
  }
  size_t graceful = 0;
  for (const CloseJob& j : jobs) graceful += j.graceful;
  if (open > 0) {
    std::fprintf(stderr,
                 "dp_endpoint: closed %zu association(s) left open, %zu "
                 "gracefully\n",
                 open, graceful);
  }

  std::vector<Fields> endpoint_fields, worker_fields, interface_fields;
  for (uint16_t s = 0; s < args.shards; ++s) {
    ShardWorker& w = plane->worker(s);
    endpoint_fields.push_back(EndpointFields(w.endpoint().counters()));
    worker_fields.push_back(WorkerFields(w.counters()));
    interface_fields.push_back(InterfaceFields(w.interface(0).counters()));
  }
  Report out;
  out.text = {
      {"stop", stop_reason}, {"driver", report.driver}, {"mac", MacText(mac)}};
  out.numbers = {{"port", port_id},
                 {"shards", args.shards},
                 {"milliseconds", static_cast<uint64_t>(seconds * 1000)},
                 {"open_at_stop", open},
                 {"closed_gracefully_at_stop", graceful}};
  out.groups = {{"app", AppFields(app_counters)},
                {"endpoint", Sum(endpoint_fields)},
                {"worker", Sum(worker_fields)},
                {"interface", Sum(interface_fields)}};
  const std::string line = args.json ? out.Json() : out.KeyValues();
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);

  // Ports stopped and closed (a pcap TX file is complete after this),
  // then the EAL.
  plane.reset();
  return 0;
}

}  // namespace
}  // namespace dpsctp::dpdk

int main(int argc, char** argv) { return dpsctp::dpdk::Main(argc, argv); }
