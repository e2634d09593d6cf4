#include "app/dpsctpd/runtime.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

#include "app/common/runtime_options.h"
#include "app/dpsctpd/app_runtime.h"
#include "drivers/dpdk/capture.h"
#include "drivers/dpdk/control.h"
#include "drivers/dpdk/dataplane.h"
#include "drivers/dpdk/eal.h"
#include "drivers/dpdk/lcore_runner.h"
#include "drivers/dpdk/mbuf_pool.h"
#include "drivers/dpdk/port.h"
#include "drivers/dpdk/telemetry.h"
#include "drivers/dpdk/worker_stats.h"

namespace dpsctp::dpsctpd {

// ---------------------------------------------------------------- Runtime

Runtime::Runtime(const config::AppConfig& config, bool json, LineSink& events,
                 bool stop_when_outbound_done_)
    : stop_when_outbound_done(stop_when_outbound_done_),
      config_(config),
      json_(json),
      events_(events),
      start_(std::chrono::steady_clock::now()) {}

double Runtime::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start_)
      .count();
}

Runtime::Delivery Runtime::Deliver(RouteState& r, const QueuedMessage& m,
                                   std::span<const uint8_t> data) {
  assoc::SendOptions o;
  o.stream_id = StreamId(m.stream);
  o.ppid = Ppid(m.ppid);
  o.unordered = m.unordered;
  const size_t n = r.targets.size();
  auto attempt = [&](size_t k) {
    const int target = r.targets[k];
    ShardApp* owner = outbound_owner[target];
    if (owner == nullptr) return Delivery::kDown;
    switch (owner->SendOutbound(target, o, data)) {
      case ShardApp::SendResult::kSent:
        return Delivery::kSent;
      case ShardApp::SendResult::kFull:
        return Delivery::kFull;
      case ShardApp::SendResult::kDown:
        return Delivery::kDown;
      case ShardApp::SendResult::kRefused:
        return Delivery::kRefused;
    }
    return Delivery::kDown;
  };
  if (r.config->balance == config::Balance::kHash) {
    // Same source association and stream, same target: order is kept.
    return attempt(m.hash % n);
  }
  // Round robin over the targets that are up. A target whose send queue is
  // full keeps its turn (the message waits in the route's queue) rather
  // than passing it on: the shares stay even and the order per target kept.
  for (size_t tried = 0; tried < n; ++tried) {
    const size_t k = (r.next + tried) % n;
    const Delivery d = attempt(k);
    if (d == Delivery::kDown) continue;
    if (d != Delivery::kFull) r.next = k + 1;
    return d;
  }
  return Delivery::kDown;
}

bool Runtime::Forward(int endpoint, int outbound, uint64_t assoc_id,
                      const assoc::ReceivedMessage& m,
                      std::span<const uint8_t> data) {
  for (RouteState& r : routes) {
    const config::RouteConfig& rc = *r.config;
    if (r.match_endpoint >= 0 && r.match_endpoint != endpoint) continue;
    if (r.match_association >= 0 && r.match_association != outbound) continue;
    if (rc.match_ppid && *rc.match_ppid != m.ppid.value()) continue;
    if (rc.match_streams && (m.stream_id.value() < rc.match_streams->first ||
                             m.stream_id.value() > rc.match_streams->last))
      continue;
    ++r.counters.matched;
    QueuedMessage q;
    q.stream = rc.rewrite_stream.value_or(m.stream_id.value());
    q.ppid = rc.rewrite_ppid.value_or(m.ppid.value());
    q.unordered = m.unordered;
    q.hash = assoc_id * 0x9e3779b97f4a7c15ull + m.stream_id.value();
    // Sent straight from the receive buffer; only a message that has to
    // wait (target down or full, or others waiting before it) is copied.
    if (r.queue.empty()) {
      const Delivery d = Deliver(r, q, data);
      if (d == Delivery::kSent) {
        ++r.counters.forwarded;
        return true;
      }
      if (d == Delivery::kRefused) {
        ++r.counters.dropped;
        return true;
      }
    }
    if (r.queue.size() >= rc.queue) {
      ++r.counters.dropped;
      return true;
    }
    q.data.assign(data.begin(), data.end());
    r.queue.push_back(std::move(q));
    ++r.counters.queued_total;
    return true;
  }
  return false;
}

Runtime::ForwardResult Runtime::ForwardFrom(uint16_t shard, int endpoint,
                                            int outbound, uint64_t assoc_id,
                                            const assoc::ReceivedMessage& m,
                                            std::span<const uint8_t> data) {
  if (shard == 0) {
    return Forward(endpoint, outbound, assoc_id, m, data)
               ? ForwardResult::kRouted
               : ForwardResult::kUnrouted;
  }
  ForwardHeader h;
  h.endpoint = endpoint;
  h.outbound = outbound;
  h.assoc_id = assoc_id;
  h.stream = m.stream_id.value();
  h.ppid = m.ppid.value();
  h.unordered = m.unordered ? 1 : 0;
  return forward_rings[shard]->Push(h, data) ? ForwardResult::kRouted
                                             : ForwardResult::kFull;
}

bool Runtime::DrainRoutes(std::vector<EndpointCounters>& counters) {
  bool worked = false;
  for (size_t s = 1; s < forward_rings.size(); ++s) {
    ForwardRing& ring = *forward_rings[s];
    ForwardHeader h;
    std::span<const uint8_t> data;
    // A bounded batch: the receive path of worker 0 goes on meanwhile.
    for (int budget = 256; budget > 0 && ring.Front(h, data); --budget) {
      assoc::ReceivedMessage m;
      m.stream_id = StreamId(h.stream);
      m.ppid = Ppid(h.ppid);
      m.unordered = h.unordered != 0;
      m.length = m.copied = data.size();
      if (!Forward(h.endpoint, h.outbound, h.assoc_id, m, data)) {
        ++counters[h.endpoint].unrouted;
      }
      ring.Pop();
      worked = true;
    }
  }
  for (RouteState& r : routes) {
    while (!r.queue.empty()) {
      const QueuedMessage& front = r.queue.front();
      const Delivery d = Deliver(r, front, front.data);
      if (d == Delivery::kFull || d == Delivery::kDown) break;
      ++(d == Delivery::kSent ? r.counters.forwarded : r.counters.dropped);
      r.queue.pop_front();
      worked = true;
    }
  }
  return worked;
}

// ------------------------------------------------------------------- Run

namespace {

constexpr int kExitRuntime = 1;
constexpr int kExitConfig = 2;

bool HasArg(const std::vector<std::string>& args, std::string_view a) {
  return std::find(args.begin(), args.end(), a) != args.end();
}

// "ring:NAME/0" and "ring:NAME/1": the two ends of an in-process port pair.
bool ParseRingPort(const std::string& port, std::string& name, int& end) {
  if (port.rfind("ring:", 0) != 0) return false;
  const size_t slash = port.rfind('/');
  if (slash == std::string::npos || slash + 2 != port.size()) {
    end = -1;
    return true;
  }
  name = port.substr(5, slash - 5);
  end = port[slash + 1] == '0' ? 0 : port[slash + 1] == '1' ? 1 : -1;
  if (name.empty()) end = -1;
  return true;
}

class SnapshotRequest final : public dpdk::ControlRequest {
 public:
  explicit SnapshotRequest(ShardApp* app) : app_(app) {}
  void Run(dpdk::ShardWorker& worker) noexcept override {
    app_->Snapshot(worker, snapshot);
  }
  ShardSnapshot snapshot;

 private:
  ShardApp* app_;
};

struct Totals {
  std::vector<EndpointCounters> endpoints;
  std::vector<size_t> endpoint_assocs;
  std::vector<AssocSnapshot> assocs;
  size_t assoc_total = 0;
  std::vector<RouteCounters> routes;
  std::map<std::string, uint64_t> sctp;  // summed shard counters
  bool complete = true;
};

void Accumulate(Totals& t, const ShardSnapshot& s, size_t endpoints) {
  if (t.endpoints.empty()) {
    t.endpoints.resize(endpoints);
    t.endpoint_assocs.resize(endpoints);
  }
  for (size_t e = 0; e < endpoints && e < s.endpoints.size(); ++e)
    t.endpoints[e].Add(s.endpoints[e]);
  for (const AssocSnapshot& a : s.assocs) {
    if (a.endpoint >= 0) ++t.endpoint_assocs[a.endpoint];
    if (t.assocs.size() < ShardSnapshot::kMaxAssocs) t.assocs.push_back(a);
  }
  t.assoc_total += s.assoc_total;
  if (!s.routes.empty()) t.routes = s.routes;
  for (const auto& [k, v] : s.worker.counters) t.sctp[k] += v;
}

std::string PpidsJson(const EndpointCounters& c) {
  std::string out = "{";
  for (size_t i = 0; i < EndpointCounters::kPpids; ++i) {
    if (c.ppid_count[i] == 0) continue;
    if (out.size() > 1) out += ',';
    out += "\"" + std::to_string(c.ppid[i]) + "\":" + std::to_string(c.ppid_count[i]);
  }
  if (c.ppid_other != 0) {
    if (out.size() > 1) out += ',';
    out += "\"other\":" + std::to_string(c.ppid_other);
  }
  return out + "}";
}

std::string EndpointJson(const config::EndpointConfig& ec,
                         const EndpointCounters& c, size_t open) {
  JsonObject o;
  o.Str("name", ec.name).Num("port", ec.port);
  o.Num("associations", open).Num("associations_up", c.associations_up);
  o.Num("restarts", c.restarts).Num("shutdowns", c.shutdowns).Num("lost", c.lost);
  o.Num("messages_in", c.messages_in).Num("bytes_in", c.bytes_in);
  o.Num("messages_out", c.messages_out).Num("bytes_out", c.bytes_out);
  o.Num("send_blocked", c.send_blocked).Num("send_refused", c.send_refused);
  o.Num("send_failures", c.send_failures).Num("truncated", c.truncated);
  o.Num("unrouted", c.unrouted).Num("connect_attempts", c.connect_attempts);
  o.Num("max_stream_in", c.max_stream_in).Raw("ppids_in", PpidsJson(c));
  return o.Text();
}

std::string RouteJson(size_t i, const RouteCounters& r) {
  JsonObject o;
  o.Num("route", i).Num("matched", r.matched).Num("forwarded", r.forwarded);
  o.Num("queued", r.queued).Num("queued_total", r.queued_total);
  o.Num("dropped", r.dropped);
  return o.Text();
}

std::string AssocJson(const config::AppConfig& c, const AssocSnapshot& a) {
  JsonObject o;
  o.Num("assoc", a.id).Num("group", a.group).Num("shard", a.shard);
  o.Str("endpoint", a.endpoint >= 0 ? c.endpoints[a.endpoint].name : "?");
  if (a.outbound >= 0) o.Str("association", c.associations[a.outbound].name);
  o.Raw("peer", a.peer).Num("peer_port", a.peer_port).Str("state", a.state);
  o.Num("messages_in", a.messages_in).Num("bytes_in", a.bytes_in);
  o.Num("messages_out", a.messages_out).Num("bytes_out", a.bytes_out);
  o.Num("retransmitted_chunks", a.retransmitted).Int("rto_ms", a.rto_ms);
  return o.Text();
}

// The RFC 3873 objects and the drop counters worth a line.
std::string SctpJson(const std::map<std::string, uint64_t>& m) {
  JsonObject o;
  for (const auto& [k, v] : m) o.Num(k, v);
  return o.Text();
}

template <typename T, typename F>
std::string JsonArray(const std::vector<T>& items, F&& f) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += ',';
    out += f(i, items[i]);
  }
  return out + "]";
}

std::string HumanRate(double per_second, const char* unit) {
  char buf[64];
  if (per_second >= 1e9) {
    std::snprintf(buf, sizeof buf, "%.2f G%s", per_second / 1e9, unit);
  } else if (per_second >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.2f M%s", per_second / 1e6, unit);
  } else if (per_second >= 1e3) {
    std::snprintf(buf, sizeof buf, "%.1f k%s", per_second / 1e3, unit);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f %s", per_second, unit);
  }
  return buf;
}

struct Group {
  std::vector<size_t> interfaces;  // config interface indices
  std::vector<int> endpoints;
  std::vector<int> outbound;
};

// Endpoints whose addresses lie on the same interfaces form a group: one
// Dataplane. Fails when two endpoints of a group have the same port.
Result<std::vector<Group>, std::string> GroupEndpoints(
    const config::AppConfig& c, bool warn) {
  const size_t ni = c.interfaces.size();
  std::vector<size_t> parent(ni);
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<std::vector<size_t>> endpoint_ifs(c.endpoints.size());
  for (size_t e = 0; e < c.endpoints.size(); ++e) {
    for (const IpAddress& a : c.endpoints[e].addresses) {
      for (size_t i = 0; i < ni; ++i) {
        for (const config::IpPrefix& p : c.interfaces[i].addresses) {
          if (p.address == a) endpoint_ifs[e].push_back(i);
        }
      }
    }
    for (size_t k = 1; k < endpoint_ifs[e].size(); ++k)
      parent[find(endpoint_ifs[e][k])] = find(endpoint_ifs[e][0]);
  }
  std::map<size_t, size_t> root_to_group;
  std::vector<Group> groups;
  std::vector<int> endpoint_group(c.endpoints.size(), -1);
  for (size_t e = 0; e < c.endpoints.size(); ++e) {
    if (endpoint_ifs[e].empty()) continue;  // the loader refuses this
    const size_t root = find(endpoint_ifs[e][0]);
    auto [it, fresh] = root_to_group.emplace(root, groups.size());
    if (fresh) groups.emplace_back();
    for (int other : groups[it->second].endpoints) {
      if (c.endpoints[other].port == c.endpoints[e].port) {
        return MakeUnexpected(
            "endpoints '" + c.endpoints[other].name + "' and '" +
            c.endpoints[e].name + "' share an interface and port " +
            std::to_string(c.endpoints[e].port) + " (not supported yet)");
      }
    }
    groups[it->second].endpoints.push_back(static_cast<int>(e));
    endpoint_group[e] = static_cast<int>(it->second);
  }
  for (size_t i = 0; i < ni; ++i) {
    auto it = root_to_group.find(find(i));
    if (it == root_to_group.end()) {
      if (warn) {
        std::fprintf(stderr,
                     "dpsctpd: interface '%s' has no endpoint; left down\n",
                     c.interfaces[i].name.c_str());
      }
      continue;
    }
    groups[it->second].interfaces.push_back(i);
  }
  for (size_t a = 0; a < c.associations.size(); ++a) {
    for (size_t e = 0; e < c.endpoints.size(); ++e) {
      if (c.endpoints[e].name == c.associations[a].endpoint &&
          endpoint_group[e] >= 0)
        groups[endpoint_group[e]].outbound.push_back(static_cast<int>(a));
    }
  }
  return groups;
}

}  // namespace

std::optional<std::string> CheckConfig(const config::AppConfig& config) {
  auto groups = GroupEndpoints(config, /*warn=*/false);
  if (!groups) return groups.error();
  return std::nullopt;
}

int Run(const config::AppConfig& c, const RunOptions& options) {
  // Output: events on stdout with --json (else stderr lines); statistics to
  // stats.output.
  std::FILE* stats_file = stdout;
  if (c.stats.output != "stdout") {
    stats_file = std::fopen(c.stats.output.c_str(), "a");
    if (stats_file == nullptr) {
      std::fprintf(stderr, "dpsctpd: stats.output: cannot open %s: %s\n",
                   c.stats.output.c_str(), std::strerror(errno));
      return kExitConfig;
    }
  }
  LineSink out(stdout);
  LineSink stats_sink_file(stats_file);
  LineSink& stats_sink = stats_file == stdout ? out : stats_sink_file;
  const bool stats_json = options.json || stats_file != stdout;

  const size_t ni = c.interfaces.size();
  std::vector<Group> groups;
  if (auto g = GroupEndpoints(c, /*warn=*/true); g) {
    groups = std::move(g).value();
  } else {
    std::fprintf(stderr, "dpsctpd: %s\n", g.error().c_str());
    return kExitConfig;
  }

  // ---- EAL
  std::vector<std::string> eal = {"dpsctpd"};
  for (const std::string& a : c.dpdk.eal) {
    if (c.telemetry && a == "--no-telemetry") continue;
    eal.push_back(a);
  }
  if (!c.telemetry && !HasArg(eal, "--no-telemetry")) eal.push_back("--no-telemetry");
  auto eal_up = dpdk::Eal::Init(eal);
  if (!eal_up) {
    std::fprintf(stderr, "dpsctpd: DPDK EAL init failed: %s\n",
                 eal_up.error().ToString().c_str());
    return kExitRuntime;
  }
  const std::vector<unsigned> lcores = dpdk::EalLcores();
  std::vector<unsigned> workers;
  for (uint32_t w : c.dpdk.workers) {
    if (std::find(lcores.begin(), lcores.end(), w) == lcores.end()) {
      std::fprintf(stderr,
                   "dpsctpd: dpdk.workers: lcore %u is not one of the EAL's "
                   "lcores (-l)\n",
                   w);
      return kExitConfig;
    }
    workers.push_back(w);
  }
  if (workers.empty()) {
    workers.assign(lcores.begin() + (lcores.size() > 1 ? 1 : 0), lcores.end());
  }
  const uint16_t shards = static_cast<uint16_t>(workers.size());

  auto pool_r = dpdk::MbufPool::Create("dpsctpd", c.dpdk.mbufs, 256, 2048 + 128);
  if (!pool_r) {
    std::fprintf(stderr, "dpsctpd: mbuf pool of %u: %s (give the EAL more memory: -m)\n",
                 c.dpdk.mbufs, pool_r.error().ToString().c_str());
    return kExitRuntime;
  }
  rte_mempool* pool = pool_r->get();

  // ---- ports
  std::vector<dpdk::RingPortPair> ring_pairs;
  std::map<std::string, size_t> ring_index;
  std::vector<std::optional<uint16_t>> ring_port(ni);
  for (size_t i = 0; i < ni; ++i) {
    std::string name;
    int end = 0;
    if (!ParseRingPort(c.interfaces[i].port, name, end)) continue;
    if (end < 0) {
      std::fprintf(stderr,
                   "dpsctpd: interfaces[%zu].port: '%s': expected ring:NAME/0 "
                   "or ring:NAME/1\n",
                   i, c.interfaces[i].port.c_str());
      return kExitConfig;
    }
    auto it = ring_index.find(name);
    if (it == ring_index.end()) {
      auto pair = dpdk::RingPortPair::Create("dpsctpd_" + name, 1024, shards);
      if (!pair) {
        std::fprintf(stderr, "dpsctpd: ring port pair %s: %s\n", name.c_str(),
                     pair.error().ToString().c_str());
        return kExitRuntime;
      }
      if (auto st = pair->Configure(pool); !st) {
        std::fprintf(stderr, "dpsctpd: %s\n", st.error().ToString().c_str());
        return kExitRuntime;
      }
      if (auto st = pair->Start(); !st) {
        std::fprintf(stderr, "dpsctpd: %s\n", st.error().ToString().c_str());
        return kExitRuntime;
      }
      it = ring_index.emplace(name, ring_pairs.size()).first;
      ring_pairs.push_back(std::move(pair).value());
    }
    ring_port[i] = ring_pairs[it->second].port(static_cast<size_t>(end));
  }

  // ---- applications and dataplanes
  Runtime rt(c, options.json, out, options.stop_when_outbound_done);
  rt.outbound_owner.assign(c.associations.size(), nullptr);
  for (const config::RouteConfig& r : c.routes) {
    RouteState s;
    s.config = &r;
    for (const std::string& name : r.to_group) {
      for (size_t a = 0; a < c.associations.size(); ++a)
        if (c.associations[a].name == name) s.targets.push_back(static_cast<int>(a));
    }
    for (size_t a = 0; a < c.associations.size(); ++a) {
      if (r.match_association == c.associations[a].name)
        s.match_association = static_cast<int>(a);
    }
    for (size_t e = 0; e < c.endpoints.size(); ++e) {
      if (r.match_endpoint == c.endpoints[e].name) s.match_endpoint = static_cast<int>(e);
    }
    rt.routes.push_back(std::move(s));
  }
  if (!c.routes.empty() && shards > 1) {
    // Room for a few of the largest messages any endpoint takes.
    uint32_t largest = 0;
    for (const config::EndpointConfig& e : c.endpoints)
      largest = std::max(largest, e.keys.receive_buffer);
    const size_t bytes = std::max<size_t>(size_t{4} << 20, size_t{4} * largest + 4096);
    rt.forward_rings.resize(shards);
    for (uint16_t s = 1; s < shards; ++s)
      rt.forward_rings[s] = std::make_unique<ForwardRing>(bytes);
  }
  std::vector<std::vector<std::unique_ptr<ShardApp>>> apps(groups.size());
  std::vector<std::unique_ptr<dpdk::Dataplane>> planes;
  endpoint::EndpointOptions base_options;
  for (size_t g = 0; g < groups.size(); ++g) {
    const Group& gr = groups[g];
    std::vector<dpdk::ShardApplication*> app_ptrs;
    for (uint16_t s = 0; s < shards; ++s) {
      apps[g].push_back(std::make_unique<ShardApp>(
          rt, static_cast<uint16_t>(g), s, gr.endpoints,
          s == 0 ? gr.outbound : std::vector<int>{}, g == 0 && s == 0));
      app_ptrs.push_back(apps[g].back().get());
    }
    for (int a : gr.outbound) rt.outbound_owner[a] = apps[g][0].get();
    dpdk::DataplaneOptions o;
    o.name = "dpsctpd" + std::to_string(g);
    o.shards = shards;
    o.pool = pool;
    for (size_t i : gr.interfaces) {
      dpdk::DataplanePort p;
      if (ring_port[i]) {
        p.port_id = *ring_port[i];
        p.configure = false;
        // Ring ports have no MAC of their own: a locally administered one
        // per interface.
        p.interface.mac = {0x02, 0x00, 0x00, 0x00, static_cast<uint8_t>(g),
                           static_cast<uint8_t>(i + 1)};
      } else {
        p.devargs = c.interfaces[i].port;
        p.configure = true;
        p.options.mtu = c.interfaces[i].mtu;
      }
      dpdk::InterfaceConfig ic = app::ToInterfaceConfig(c.interfaces[i]);
      ic.mac = p.interface.mac;
      p.interface = ic;
      o.ports.push_back(std::move(p));
    }
    // The shard-wide settings from the first endpoint; every endpoint's own
    // association options on its port; room for all their associations.
    o.endpoint = app::ToEndpointOptions(c.endpoints[gr.endpoints[0]].keys);
    uint32_t max_associations = 0;
    for (int e : gr.endpoints) {
      const endpoint::EndpointOptions eo = app::ToEndpointOptions(c.endpoints[e].keys);
      max_associations += eo.max_associations;
      o.listen_options.push_back(eo.assoc);
    }
    o.endpoint.max_associations = max_associations;
    o.endpoint.event_queue_capacity = std::max<uint32_t>(4096, 4 * max_associations);
    // Ring ports have no RSS: every packet of the peer's shard 0 arrives on
    // queue 0. Spreading new associations over the shards by tag is then
    // the only way the other workers get any.
    const bool any_ring = std::any_of(gr.interfaces.begin(), gr.interfaces.end(),
                                      [&](size_t i) { return ring_port[i].has_value(); });
    if (any_ring && shards > 1)
      o.endpoint.init_owner = endpoint::EndpointOptions::InitOwner::kRoundRobin;
    for (int e : gr.endpoints) o.listen_ports.push_back(c.endpoints[e].port);
    switch (c.dpdk.idle) {
      case config::IdleMode::kSpin:
        o.worker.idle_mode = dpdk::IdleMode::kSpin;
        break;
      case config::IdleMode::kPause:
        o.worker.idle_mode = dpdk::IdleMode::kPause;
        break;
      case config::IdleMode::kSleep:
        o.worker.idle_mode = dpdk::IdleMode::kSleep;
        break;
    }
    auto plane = dpdk::Dataplane::Create(o, app_ptrs);
    if (!plane) {
      std::fprintf(stderr, "dpsctpd: data plane setup failed: %s\n",
                   plane.error().ToString().c_str());
      return kExitRuntime;
    }
    planes.push_back(std::move(plane).value());
    for (uint16_t s = 0; s < shards; ++s) apps[g][s]->Attach(&planes[g]->worker(s));
    for (size_t k = 0; k < gr.interfaces.size(); ++k) {
      const config::InterfaceConfig& ic = c.interfaces[gr.interfaces[k]];
      std::string addrs;
      for (const config::IpPrefix& p : ic.addresses)
        addrs += " " + p.address.ToString() + "/" + std::to_string(p.prefix_len);
      const std::string what =
          ring_port[gr.interfaces[k]]
              ? std::string("in-process ring port ") + ic.port
              : planes[g]->port_report(k).ToString();
      std::fprintf(stderr, "dpsctpd: interface %s port %u%s: %s, link %s\n",
                   ic.name.c_str(), planes[g]->port_id(k), addrs.c_str(),
                   what.c_str(),
                   dpdk::GetLinkStatus(planes[g]->port_id(k)).ToString().c_str());
    }
  }
  for (size_t e = 0; e < c.endpoints.size(); ++e) {
    const config::EndpointConfig& ec = c.endpoints[e];
    std::string addrs;
    for (const IpAddress& a : ec.addresses) addrs += " " + a.ToString();
    static constexpr const char* kApps[] = {"echo", "discard", "source", "forward"};
    std::fprintf(stderr, "dpsctpd: endpoint %s port %u addresses%s app %s\n",
                 ec.name.c_str(), ec.port, addrs.c_str(),
                 kApps[static_cast<int>(ec.app)]);
  }

  // ---- lcores: shard s of every group runs on workers[s]; the main lcore
  // runs group 0 of RunLcores (with no workers when it is not one of them).
  const unsigned main_lcore = lcores[0];
  std::vector<dpdk::LcoreGroup> lgroups;
  lgroups.push_back(dpdk::LcoreGroup{main_lcore, {}});
  for (uint16_t s = 0; s < shards; ++s) {
    dpdk::LcoreGroup* lg = nullptr;
    for (dpdk::LcoreGroup& x : lgroups)
      if (x.lcore == workers[s]) lg = &x;
    if (lg == nullptr) {
      lgroups.push_back(dpdk::LcoreGroup{workers[s], {}});
      lg = &lgroups.back();
    }
    for (auto& p : planes) lg->workers.push_back(&p->worker(s));
  }

  // ---- telemetry and capture
  std::vector<std::unique_ptr<dpdk::WorkerStats>> telemetry_sources;
  if (c.telemetry) {
    for (auto& p : planes) {
      for (uint16_t s = 0; s < shards; ++s) {
        telemetry_sources.push_back(std::make_unique<dpdk::WorkerStats>(
            p->worker(s), static_cast<int>(workers[s])));
        dpdk::Telemetry::Instance().AddSource(telemetry_sources.back().get());
      }
    }
  }
  if (c.pcap) {
    const size_t total = planes.size() * shards;
    for (size_t g = 0; g < planes.size(); ++g) {
      for (uint16_t s = 0; s < shards; ++s) {
        std::string path = *c.pcap;
        if (total > 1) {
          const std::string tag = "-g" + std::to_string(g) + "s" + std::to_string(s);
          const size_t dot = path.rfind('.');
          const size_t slash = path.rfind('/');
          if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) {
            path.insert(dot, tag);
          } else {
            path += tag;
          }
        }
        auto cap = dpdk::PacketCapture::Start(path);
        if (!cap) {
          std::fprintf(stderr, "dpsctpd: pcap %s: %s\n", path.c_str(),
                       cap.error().ToString().c_str());
          return kExitRuntime;
        }
        planes[g]->worker(s).capture().Install(std::move(cap).value());
      }
    }
  }

  // ---- statistics thread: every interval, a snapshot from every shard
  // through its control channel (nothing an lcore owns is read here).
  auto collect = [&](bool direct) {
    Totals t;
    for (size_t g = 0; g < planes.size(); ++g) {
      for (uint16_t s = 0; s < shards; ++s) {
        if (direct) {
          ShardSnapshot snap;
          apps[g][s]->Snapshot(planes[g]->worker(s), snap);
          Accumulate(t, snap, c.endpoints.size());
          continue;
        }
        auto req = std::make_unique<SnapshotRequest>(apps[g][s].get());
        std::unique_ptr<dpdk::ControlRequest> done;
        if (planes[g]->worker(s).control().Call(std::move(req),
                                                std::chrono::milliseconds(500), done)) {
          Accumulate(t, static_cast<SnapshotRequest&>(*done).snapshot,
                     c.endpoints.size());
        } else {
          t.complete = false;
        }
      }
    }
    if (t.endpoints.empty()) {
      t.endpoints.resize(c.endpoints.size());
      t.endpoint_assocs.resize(c.endpoints.size());
    }
    return t;
  };
  std::mutex stats_mutex;
  std::condition_variable stats_cv;
  bool stats_quit = false;
  std::vector<EndpointCounters> previous(c.endpoints.size());
  double previous_time = 0;
  auto print_stats = [&](const Totals& t, double now) {
    if (stats_json) {
      JsonObject o;
      o.Str("type", "stats").Real("time", now).Bool("complete", t.complete);
      o.Raw("endpoints", JsonArray(c.endpoints, [&](size_t i, const config::EndpointConfig& ec) {
        return EndpointJson(ec, t.endpoints[i], t.endpoint_assocs[i]);
      }));
      o.Num("associations_total", t.assoc_total);
      o.Raw("associations", JsonArray(t.assocs, [&](size_t, const AssocSnapshot& a) {
        return AssocJson(c, a);
      }));
      o.Raw("routes", JsonArray(t.routes, [](size_t i, const RouteCounters& r) {
        return RouteJson(i, r);
      }));
      o.Raw("sctp", SctpJson(t.sctp));
      stats_sink.Write(o.Text());
    } else {
      const double dt = std::max(1e-9, now - previous_time);
      auto delta = [dt](uint64_t now_v, uint64_t before) {
        return now_v > before ? static_cast<double>(now_v - before) / dt : 0.0;
      };
      for (size_t e = 0; e < c.endpoints.size(); ++e) {
        const EndpointCounters& n = t.endpoints[e];
        const EndpointCounters& p = previous[e];
        char line[512];
        std::snprintf(
            line, sizeof line,
            "%7.1fs %-12s assocs %-5zu in %-12s %-13s out %-12s %-13s "
            "lost %llu",
            now, c.endpoints[e].name.c_str(), t.endpoint_assocs[e],
            HumanRate(delta(n.messages_in, p.messages_in), "msg/s").c_str(),
            HumanRate(8 * delta(n.bytes_in, p.bytes_in), "bit/s").c_str(),
            HumanRate(delta(n.messages_out, p.messages_out), "msg/s").c_str(),
            HumanRate(8 * delta(n.bytes_out, p.bytes_out), "bit/s").c_str(),
            static_cast<unsigned long long>(n.lost));
        stats_sink.Write(line);
      }
      for (size_t r = 0; r < t.routes.size(); ++r) {
        const RouteCounters& rc = t.routes[r];
        char line[256];
        std::snprintf(line, sizeof line,
                      "%7.1fs route %-6zu matched %llu forwarded %llu queued "
                      "%llu dropped %llu",
                      now, r, static_cast<unsigned long long>(rc.matched),
                      static_cast<unsigned long long>(rc.forwarded),
                      static_cast<unsigned long long>(rc.queued),
                      static_cast<unsigned long long>(rc.dropped));
        stats_sink.Write(line);
      }
    }
    if (t.complete) {
      previous = t.endpoints;
      previous_time = now;
    }
  };
  const double duration_s = c.duration.nanos() / 1e9;
  std::thread stats_thread([&] {
    const double interval = c.stats.interval.nanos() / 1e9;
    double next = interval > 0 ? interval : 1e18;
    std::unique_lock<std::mutex> lock(stats_mutex);
    while (!stats_quit) {
      const double now = rt.Seconds();
      double wake = next;
      if (duration_s > 0) wake = std::min(wake, duration_s);
      // At most a second at a time: no huge timeouts to convert.
      const double wait_s = std::clamp(wake - now, 0.0, 1.0);
      stats_cv.wait_for(lock, std::chrono::duration<double>(wait_s),
                        [&] { return stats_quit; });
      if (stats_quit) break;
      const double t = rt.Seconds();
      if (duration_s > 0 && t >= duration_s && !rt.stop.load()) {
        rt.stop_reason.store(1);
        rt.stop.store(true);
      }
      // Once stopping, the summary has the last word.
      if (interval > 0 && t >= next && !rt.stop.load()) {
        lock.unlock();
        Totals totals = collect(false);
        print_stats(totals, rt.Seconds());
        lock.lock();
        while (next <= t) next += interval;
      }
    }
  });

  dpdk::InstallStopSignals(&rt.stop);
  std::fprintf(stderr, "dpsctpd: running on %u worker lcore(s), %zu group(s)%s\n",
               shards, planes.size(),
               duration_s > 0 ? (", for " + std::to_string(duration_s) + " s").c_str() : "");
  auto on_main = [&] {
    if (rt.stop_when_outbound_done && !c.associations.empty() &&
        rt.outbound_finished.load(std::memory_order_relaxed) >= c.associations.size() &&
        !rt.stop.load(std::memory_order_relaxed)) {
      rt.stop_reason.store(2);
      rt.stop.store(true);
    }
  };
  // When the main lcore runs no worker, its group returns at once; the
  // stop condition then needs a poller of its own.
  std::thread done_watch;
  if (lgroups[0].workers.empty()) {
    done_watch = std::thread([&] {
      while (!rt.stop.load()) {
        on_main();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  }
  const double started = rt.Seconds();
  // 200 ms for the answers to what is in flight (echoes) before SHUTDOWN.
  auto closed = dpdk::RunLcoresAndClose(lgroups, rt.stop, Duration::Seconds(3),
                                        on_main, Duration::Millis(200));
  rt.stop.store(true);
  if (done_watch.joinable()) done_watch.join();
  {
    std::lock_guard<std::mutex> lock(stats_mutex);
    stats_quit = true;
  }
  stats_cv.notify_all();
  stats_thread.join();
  const double seconds = rt.Seconds() - started;

  int exit_code = 0;
  if (!closed) {
    std::fprintf(stderr, "dpsctpd: %s\n", closed.error().ToString().c_str());
    exit_code = kExitRuntime;
  }
  const int signal = dpdk::LastStopSignal();
  const int reason = rt.stop_reason.load();
  const char* stop_text = reason == 1 ? "duration" : reason == 2 ? "done" : "signal";
  if (reason == 0) std::fprintf(stderr, "dpsctpd: stopping (signal %d)\n", signal);

  // Final figures straight from the apps: the lcores have stopped.
  Totals final_totals = collect(true);
  for (auto& s : telemetry_sources) dpdk::Telemetry::Instance().RemoveSource(s.get());
  uint64_t capture_dropped = 0;
  for (auto& p : planes) {
    for (uint16_t s = 0; s < shards; ++s) {
      if (auto cap = p->worker(s).capture().Release()) {
        capture_dropped += cap->dropped();
        cap->Stop();
      }
    }
  }
  if (rt.failures.load() > 0 && exit_code == 0) exit_code = kExitRuntime;
  for (auto& g : apps)
    for (auto& a : g) a->Attach(nullptr);
  planes.clear();
  ring_pairs.clear();
  const uint64_t leaked = pool_r->in_use();

  dpdk::CloseReport report = closed ? *closed : dpdk::CloseReport{};
  uint64_t msgs_in = 0, msgs_out = 0, bytes_in = 0;
  for (const EndpointCounters& e : final_totals.endpoints) {
    msgs_in += e.messages_in;
    msgs_out += e.messages_out;
    bytes_in += e.bytes_in;
  }
  if (stats_json || options.json) {
    JsonObject o;
    o.Str("type", "summary").Real("seconds", seconds).Str("stop", stop_text);
    if (reason == 0) o.Int("signal", signal);
    o.Int("exit", exit_code).Num("failures", rt.failures.load());
    o.Raw("endpoints", JsonArray(c.endpoints, [&](size_t i, const config::EndpointConfig& ec) {
      return EndpointJson(ec, final_totals.endpoints[i], final_totals.endpoint_assocs[i]);
    }));
    o.Raw("routes", JsonArray(final_totals.routes, [](size_t i, const RouteCounters& r) {
      return RouteJson(i, r);
    }));
    JsonObject close;
    close.Num("open_at_stop", report.open_at_stop).Num("graceful", report.graceful);
    close.Num("aborted", report.aborted);
    o.Raw("close", close.Text());
    o.Num("mbufs_leaked", leaked);
    if (c.pcap) o.Num("capture_dropped", capture_dropped);
    o.Raw("sctp", SctpJson(final_totals.sctp));
    (options.json ? out : stats_sink).Write(o.Text());
  }
  if (!options.json) {
    std::printf("\n%-14s %10s %14s %14s %14s %14s %6s\n", "endpoint", "assocs up",
                "msgs in", "bytes in", "msgs out", "bytes out", "lost");
    for (size_t e = 0; e < c.endpoints.size(); ++e) {
      const EndpointCounters& n = final_totals.endpoints[e];
      std::printf("%-14s %10llu %14llu %14llu %14llu %14llu %6llu\n",
                  c.endpoints[e].name.c_str(),
                  static_cast<unsigned long long>(n.associations_up),
                  static_cast<unsigned long long>(n.messages_in),
                  static_cast<unsigned long long>(n.bytes_in),
                  static_cast<unsigned long long>(n.messages_out),
                  static_cast<unsigned long long>(n.bytes_out),
                  static_cast<unsigned long long>(n.lost));
    }
    for (size_t r = 0; r < final_totals.routes.size(); ++r) {
      const RouteCounters& rc = final_totals.routes[r];
      std::printf("route %zu: matched %llu forwarded %llu queued %llu dropped %llu\n", r,
                  static_cast<unsigned long long>(rc.matched),
                  static_cast<unsigned long long>(rc.forwarded),
                  static_cast<unsigned long long>(rc.queued),
                  static_cast<unsigned long long>(rc.dropped));
    }
    std::printf(
        "%.1f s, stop: %s; %llu messages in (%s), %llu out; at stop %zu "
        "association(s) open, %zu closed gracefully, %zu aborted; exit %d\n",
        seconds, stop_text, static_cast<unsigned long long>(msgs_in),
        HumanRate(seconds > 0 ? 8.0 * bytes_in / seconds : 0, "bit/s").c_str(),
        static_cast<unsigned long long>(msgs_out), report.open_at_stop,
        report.graceful, report.aborted, exit_code);
    std::fflush(stdout);
  }
  if (leaked != 0) {
    std::fprintf(stderr, "dpsctpd: %llu mbuf(s) not returned to the pool\n",
                 static_cast<unsigned long long>(leaked));
  }
  if (stats_file != stdout) std::fclose(stats_file);
  return exit_code;
}

}  // namespace dpsctp::dpsctpd
