#include "drivers/dpdk/worker_stats.h"

#include <memory>
#include <string>

#include "endpoint/mib.h"

namespace dpsctp::dpdk {
namespace {

// Every counter struct is a list of uint64_t: the static_asserts below make
// a new field fail the build until it is listed here.
template <typename Visit>
void VisitEndpointCounters(const endpoint::EndpointCounters& c, Visit&& visit) {
  visit("packets_received", c.packets_received);
  visit("checksum_errors", c.checksum_errors);
  visit("malformed_packets", c.malformed_packets);
  visit("ootb_packets", c.ootb_packets);
  visit("ootb_aborts_sent", c.ootb_aborts_sent);
  visit("ootb_shutdown_completes_sent", c.ootb_shutdown_completes_sent);
  visit("ootb_discarded", c.ootb_discarded);
  visit("bad_vtag_discarded", c.bad_vtag_discarded);
  visit("non_unicast_discarded", c.non_unicast_discarded);
  visit("inits_received", c.inits_received);
  visit("init_acks_sent", c.init_acks_sent);
  visit("init_aborts_sent", c.init_aborts_sent);
  visit("cookies_accepted", c.cookies_accepted);
  visit("cookies_bad_mac", c.cookies_bad_mac);
  visit("cookies_stale", c.cookies_stale);
  visit("cookies_malformed", c.cookies_malformed);
  visit("associations_created", c.associations_created);
  visit("associations_closed", c.associations_closed);
  visit("association_limit_hits", c.association_limit_hits);
  visit("tag_allocation_failures", c.tag_allocation_failures);
  visit("events_dropped", c.events_dropped);
  visit("tx_buffer_unavailable", c.tx_buffer_unavailable);
  visit("packets_sent", c.packets_sent);
  visit("stateless_chunks_sent", c.stateless_chunks_sent);
  visit("stateless_chunks_received", c.stateless_chunks_received);
  visit("timer_wheel_visits", c.timer_wheel_visits);
  visit("associations_timed_out", c.associations_timed_out);
  visit("inits_for_other_shards", c.inits_for_other_shards);
  visit("cookies_wrong_shard", c.cookies_wrong_shard);
  visit("cookie_tag_collisions", c.cookie_tag_collisions);
  visit("cookies_quarantined_tag", c.cookies_quarantined_tag);
  visit("icmp_received", c.icmp_received);
  visit("icmp_port_unreachable_ignored", c.icmp_port_unreachable_ignored);
  visit("icmp_no_association", c.icmp_no_association);
  visit("icmp_bad_tag", c.icmp_bad_tag);
  visit("icmp_packet_too_big", c.icmp_packet_too_big);
  visit("icmp_protocol_unreachable", c.icmp_protocol_unreachable);
  visit("icmp_destination_unreachable", c.icmp_destination_unreachable);
}

template <typename Visit>
void VisitWorkerCounters(const WorkerCounters& c, Visit&& visit) {
  visit("iterations", c.iterations);
  visit("idle_sleeps", c.idle_sleeps);
  visit("rx_frames", c.rx_frames);
  visit("rx_sctp_packets", c.rx_sctp_packets);
  visit("rx_processed_here", c.rx_processed_here);
  visit("rx_forwarded", c.rx_forwarded);
  visit("rx_broadcast", c.rx_broadcast);
  visit("rx_lookup_ignored", c.rx_lookup_ignored);
  visit("handoff_received", c.handoff_received);
  visit("handoff_full_drops", c.handoff_full_drops);
  visit("icmp_errors", c.icmp_errors);
  visit("tx_frames", c.tx_frames);
  visit("tx_bursts", c.tx_bursts);
  visit("tx_full_drops", c.tx_full_drops);
  visit("tx_pool_empty", c.tx_pool_empty);
  visit("tx_no_interface", c.tx_no_interface);
  visit("tx_oversize", c.tx_oversize);
  visit("timer_runs", c.timer_runs);
  visit("events_delivered", c.events_delivered);
  visit("control_requests", c.control_requests);
}

template <typename Visit>
void VisitNetCounters(const NetCounters& c, Visit&& visit) {
  visit("rx_frames", c.rx_frames);
  visit("rx_learn_only", c.rx_learn_only);
  visit("rx_sctp", c.rx_sctp);
  visit("rx_udp_encapsulated", c.rx_udp_encapsulated);
  visit("rx_dropped", c.rx_dropped);
  visit("arp_requests_answered", c.arp_requests_answered);
  visit("arp_replies_received", c.arp_replies_received);
  visit("arp_gratuitous_received", c.arp_gratuitous_received);
  visit("arp_requests_sent", c.arp_requests_sent);
  visit("nd_solicitations_answered", c.nd_solicitations_answered);
  visit("nd_advertisements_received", c.nd_advertisements_received);
  visit("nd_solicitations_sent", c.nd_solicitations_sent);
  visit("icmp_errors", c.icmp_errors);
  visit("icmp_echo_answered", c.icmp_echo_answered);
  visit("fragments_dropped", c.fragments_dropped);
  visit("fragments_reassembled", c.fragments_reassembled);
  visit("reply_pool_empty", c.reply_pool_empty);
  visit("tx_frames", c.tx_frames);
  visit("tx_sctp", c.tx_sctp);
  visit("tx_udp_encapsulated", c.tx_udp_encapsulated);
  visit("tx_parked", c.tx_parked);
  visit("tx_park_full", c.tx_park_full);
  visit("tx_resolution_failed", c.tx_resolution_failed);
  visit("tx_no_route", c.tx_no_route);
  visit("tx_no_source", c.tx_no_source);
  visit("tx_no_headroom", c.tx_no_headroom);
  visit("tx_too_big", c.tx_too_big);
  visit("tx_pool_empty", c.tx_pool_empty);
  visit("tx_sink_refused", c.tx_sink_refused);
  visit("neighbor_cache_full", c.neighbor_cache_full);
  visit("neighbor_resolutions_failed", c.neighbor_resolutions_failed);
  visit("neighbors_expired", c.neighbors_expired);
  visit("encapsulation_peers_evicted", c.encapsulation_peers_evicted);
}

static_assert(sizeof(endpoint::EndpointCounters) == 38 * sizeof(uint64_t),
              "list the new EndpointCounters field in VisitEndpointCounters");
static_assert(sizeof(WorkerCounters) == 20 * sizeof(uint64_t),
              "list the new WorkerCounters field in VisitWorkerCounters");
static_assert(sizeof(NetCounters) ==
                  (33 + static_cast<size_t>(RxDropReason::kCount)) *
                      sizeof(uint64_t),
              "list the new NetCounters field in VisitNetCounters");

// A raw copy of everything, taken on the lcore (no allocation there).
struct Snapshot {
  uint16_t shard = 0;
  WorkerCounters worker;
  endpoint::EndpointCounters endpoint;
  endpoint::SctpMib mib;
  size_t interfaces = 0;
  NetCounters net[ShardWorker::kMaxPorts];
  uint64_t associations = 0;
  uint64_t pool_free = 0;
};

void Take(const ShardWorker& w, Snapshot& s) {
  s.shard = w.shard();
  s.worker = w.counters();
  s.endpoint = w.endpoint().counters();
  s.mib = w.endpoint().Mib();
  s.interfaces = w.interface_count();
  for (size_t i = 0; i < s.interfaces; ++i) s.net[i] = w.interface(i).counters();
  s.associations = w.endpoint().association_count();
}

void ToReport(const Snapshot& s, StatsReport& out) {
  out.shard = s.shard;
  auto add = [&out](std::string name, uint64_t v) {
    out.counters.emplace_back(std::move(name), v);
  };
  endpoint::VisitSctpMib(s.mib, [&](std::string_view n, uint64_t v) {
    add(std::string(n), v);
  });
  add("associations", s.associations);
  VisitEndpointCounters(s.endpoint,
                        [&](const char* n, uint64_t v) { add(n, v); });
  VisitWorkerCounters(s.worker, [&](const char* n, uint64_t v) {
    add(std::string("worker_") + n, v);
  });
  for (size_t i = 0; i < s.interfaces; ++i) {
    const std::string prefix = "if" + std::to_string(i) + "_";
    VisitNetCounters(s.net[i], [&](const char* n, uint64_t v) {
      add(prefix + n, v);
    });
    for (size_t r = 0; r < static_cast<size_t>(RxDropReason::kCount); ++r) {
      add(prefix + "drop_" +
              std::string(ToString(static_cast<RxDropReason>(r))),
          s.net[i].drops[r]);
    }
  }
}

class StatsRequest final : public ControlRequest {
 public:
  void Run(ShardWorker& w) noexcept override { Take(w, snapshot); }
  Snapshot snapshot;
};

struct AssocSummary {
  uint64_t id = 0;
  assoc::State state = assoc::State::kClosed;
  uint32_t local_tag = 0;
  uint32_t peer_tag = 0;
  uint16_t local_port = 0;
  uint16_t peer_port = 0;
  IpAddress primary;
  uint64_t rto_ms = 0;
  uint64_t cwnd = 0;
  uint64_t flight_bytes = 0;
  uint64_t paths = 0;
  assoc::AssocCounters counters;
};

class AssocsRequest final : public ControlRequest {
 public:
  AssocsRequest(size_t first, size_t max) : first_(first) {
    rows.reserve(max);  // filled on the lcore without allocating
  }
  void Run(ShardWorker& w) noexcept override {
    size_t index = 0;
    total = 0;
    w.endpoint().ForEachAssociation([&](assoc::Association& a) {
      ++total;
      if (index++ < first_ || rows.size() == rows.capacity()) return;
      AssocSummary s;
      s.id = a.id().value();
      s.state = a.state();
      s.local_tag = a.local_tag().value();
      s.peer_tag = a.peer_tag().value();
      s.local_port = a.local_port();
      s.peer_port = a.peer_port();
      const assoc::AssocStatus status = a.Status(w.now());
      s.primary = status.primary;
      s.rto_ms = static_cast<uint64_t>(status.primary_rto.millis());
      s.cwnd = status.cwnd;
      s.flight_bytes = status.flight_bytes;
      s.paths = status.path_count;
      s.counters = a.counters();
      rows.push_back(s);
    });
  }
  std::vector<AssocSummary> rows;
  size_t total = 0;

 private:
  size_t first_;
};

}  // namespace

void FillStatsReport(const ShardWorker& worker, StatsReport& out) {
  Snapshot s;
  Take(worker, s);
  ToReport(s, out);
}

bool WorkerStats::CollectStats(StatsReport& out) {
  std::unique_ptr<ControlRequest> done;
  if (!worker_.control().Call(std::make_unique<StatsRequest>(), timeout_,
                              done)) {
    return false;
  }
  out.lcore = lcore_;
  ToReport(static_cast<StatsRequest&>(*done).snapshot, out);
  return true;
}

bool WorkerStats::CollectAssocs(size_t first, size_t max,
                                std::vector<AssocReport>& out, size_t& total) {
  std::unique_ptr<ControlRequest> done;
  if (!worker_.control().Call(std::make_unique<AssocsRequest>(first, max),
                              timeout_, done)) {
    return false;
  }
  auto& r = static_cast<AssocsRequest&>(*done);
  total = r.total;
  for (const AssocSummary& s : r.rows) {
    AssocReport a;
    a.text.emplace_back("state", std::string(assoc::StateName(s.state)));
    a.text.emplace_back("primary", s.primary.ToString());
    a.numbers.emplace_back("id", s.id);
    a.numbers.emplace_back("local_tag", s.local_tag);
    a.numbers.emplace_back("peer_tag", s.peer_tag);
    a.numbers.emplace_back("local_port", s.local_port);
    a.numbers.emplace_back("peer_port", s.peer_port);
    a.numbers.emplace_back("rto_ms", s.rto_ms);
    a.numbers.emplace_back("cwnd", s.cwnd);
    a.numbers.emplace_back("flight_bytes", s.flight_bytes);
    a.numbers.emplace_back("paths", s.paths);
    a.numbers.emplace_back("packets_in", s.counters.packets_received);
    a.numbers.emplace_back("packets_out", s.counters.packets_sent);
    a.numbers.emplace_back("messages_in", s.counters.messages_received);
    a.numbers.emplace_back("messages_out", s.counters.messages_sent);
    a.numbers.emplace_back("retransmitted_chunks",
                           s.counters.retransmitted_chunks);
    a.numbers.emplace_back("t3_expired", s.counters.t3_expired);
    out.push_back(std::move(a));
  }
  return true;
}

}  // namespace dpsctp::dpdk
