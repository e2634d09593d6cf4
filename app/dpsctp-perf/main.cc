// dpsctp-perf: the benchmark tool (shared/design/CLI.md, "dpsctp-perf").
//
// loopback: two endpoints (a client and a server Dataplane) in this
// process, joined by a RingPortPair; shard i of both runs on EAL lcore i.
// server / client: one endpoint on the first ethdev port of the EAL.
//
// The main lcore (lcore 0, also running shard 0) opens the measured
// window once every association is up, closes it at --duration or
// --count, then every association is shut down gracefully
// (RunLcoresAndClose). Figures are read from the shards' counters once the
// workers stopped; the pool must be whole again after the teardown.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/common/runtime_options.h"
#include "app/dpsctp-perf/apps.h"
#include "app/dpsctp-perf/options.h"
#include "app/dpsctp-perf/report.h"
#include "drivers/dpdk/dataplane.h"
#include "drivers/dpdk/eal.h"
#include "drivers/dpdk/lcore_runner.h"
#include "drivers/dpdk/mbuf_pool.h"
#include "drivers/dpdk/port.h"

#ifndef DPSCTP_VERSION
#define DPSCTP_VERSION "0.0.0"
#endif

namespace dpsctp::perf {
namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr uint16_t kLoopbackServerPort = 5001;
// An association not up after this long will not come up (RTO.Initial 1 s,
// Max.Init.Retransmits 8 would take minutes).
constexpr double kConnectTimeoutSeconds = 10;
// Graceful close at the end: SHUTDOWN waits for every queued message to be
// acknowledged (§9.2), which a loss costs an RTO (RTO.Min 1 s) or two of.
constexpr Duration kGracefulClose = Duration::Seconds(5);
// A window in which the measured figure does not move at all.
constexpr double kStallSeconds = 10;

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

void Fail(const std::string& what) {
  std::fprintf(stderr, "dpsctp-perf: %s\n", what.c_str());
}

std::vector<std::string> EalArgs(const PerfOptions& o) {
  std::vector<std::string> args;
  if (o.eal_text.empty()) {
    args = dpdk::NoHugepageArgs("dpsctp-perf");
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "-l") {
        args[i + 1] = o.lcores == 1 ? std::string("0")
                                    : "0-" + std::to_string(o.lcores - 1);
      }
      // Room for the pool (receive windows are held as mbufs).
      if (args[i] == "-m") args[i + 1] = "1024";
    }
  } else {
    args = app::SplitWords(o.eal_text);
    args.insert(args.begin(), "dpsctp-perf");
  }
  return args;
}

// The IP MTU of the link: the SCTP packet limit (the `mtu` key) plus the
// largest IP header we use.
uint16_t LinkMtu(const PerfOptions& o, bool v6) {
  return static_cast<uint16_t>(o.keys.mtu + (v6 ? 40 : 20));
}

uint16_t DataRoom(uint16_t link_mtu) {
  // Ethernet + VLAN + slack, and the 128-byte headroom (RTE_PKTMBUF_HEADROOM).
  return static_cast<uint16_t>(std::max<unsigned>(2048, link_mtu + 64u) + 128);
}

// Mbufs for `endpoints` endpoints: every association may hold a full
// receive window as packet buffers (zero-copy reassembly), plus rings.
unsigned PoolSize(const PerfOptions& o, unsigned endpoints) {
  const uint64_t per_window = o.keys.receive_buffer / 1024 + 64;
  const uint64_t want = 8192 + uint64_t{o.lcores} * 8192 +
                        uint64_t{endpoints} * o.assocs * per_window;
  return static_cast<unsigned>(std::clamp<uint64_t>(want, 16383, 262143));
}

dpdk::WorkerOptions WorkerOptionsFor(const PerfOptions& o) {
  dpdk::WorkerOptions w;
  switch (o.idle) {
    case Idle::kSpin: w.idle_mode = dpdk::IdleMode::kSpin; break;
    case Idle::kPause: w.idle_mode = dpdk::IdleMode::kPause; break;
    case Idle::kSleep: w.idle_mode = dpdk::IdleMode::kSleep; break;
  }
  return w;
}

// Sums one counter over the shards.
uint64_t Sum(const std::vector<ShardCounters>& c,
             Counter ShardCounters::*field) {
  uint64_t n = 0;
  for (const ShardCounters& s : c) n += (s.*field).Get();
  return n;
}

// Splits `total` over `parts`: the first total % parts get one more.
uint64_t Share(uint64_t total, uint64_t parts, uint64_t i) {
  return total / parts + (i < total % parts ? 1 : 0);
}

bool HasV6(const std::vector<config::IpPrefix>& a) {
  return std::any_of(a.begin(), a.end(),
                     [](const config::IpPrefix& p) { return p.address.is_v6(); });
}

// The figure the window waits for and the progress line shows.
struct Watch {
  const PerfOptions* options = nullptr;
  const std::vector<ShardCounters>* client = nullptr;
  const std::vector<ShardCounters>* server = nullptr;  // loopback only

  uint64_t Measured() const {
    if (options->mode == Mode::kSetup) return Sum(*client, &ShardCounters::setups);
    if (options->mode == Mode::kThroughput && server != nullptr) {
      return Sum(*server, &ShardCounters::messages);
    }
    return Sum(*client, &ShardCounters::messages);
  }
  uint64_t MeasuredBytes() const {
    if (options->mode == Mode::kThroughput && server != nullptr) {
      return Sum(*server, &ShardCounters::bytes);
    }
    return Sum(*client, &ShardCounters::bytes);
  }
  // --count reached.
  bool CountDone() const {
    if (options->count == 0) return false;
    if (options->mode == Mode::kThroughput && server == nullptr) {
      // Against a remote server: every message sent and acknowledged.
      return Sum(*client, &ShardCounters::drained) >= options->assocs;
    }
    return Measured() >= options->count;
  }
  uint64_t Lost() const {
    uint64_t n = Sum(*client, &ShardCounters::lost);
    if (server != nullptr) n += Sum(*server, &ShardCounters::lost);
    return n;
  }
};

void PrintProgress(const PerfOptions& o, double t, uint64_t d_count,
                   uint64_t d_bytes, double dt) {
  const double rate = dt > 0 ? d_count / dt : 0;
  if (o.mode == Mode::kSetup) {
    std::fprintf(stderr, "dpsctp-perf: %6.1f s %12.0f setups/s\n", t, rate);
  } else if (o.mode == Mode::kLatency) {
    std::fprintf(stderr, "dpsctp-perf: %6.1f s %12.0f round trips/s\n", t,
                 rate);
  } else {
    std::fprintf(stderr, "dpsctp-perf: %6.1f s %12.0f msgs/s %9.3f Gbit/s\n",
                 t, rate, dt > 0 ? d_bytes * 8 / dt / 1e9 : 0.0);
  }
}

struct WindowResult {
  bool started = false;
  double seconds = 0;
  std::string failure;  // why the run failed, empty if it did not
  std::string stop_reason = "duration";
};

// Runs the workers with the window logic on the main lcore; returns once
// every association is closed.
WindowResult RunWindow(const PerfOptions& o, std::vector<dpdk::LcoreGroup>& groups,
                       RunControl& control, const Watch& watch,
                       dpdk::CloseReport& close) {
  WindowResult r;
  std::atomic<bool> stop{false};
  std::atomic<bool> signalled{false};
  dpdk::InstallStopSignals(&signalled);
  const bool progress = o.progress || isatty(STDERR_FILENO) == 1;
  const Clock::time_point begin = Clock::now();
  Clock::time_point t0{};
  Clock::time_point last_print{};
  Clock::time_point last_change{};
  uint64_t last_value = 0;
  uint64_t printed_count = 0;
  uint64_t printed_bytes = 0;
  uint32_t rounds = 0;
  const uint64_t assocs = o.assocs;

  auto end_window = [&](std::string failure, const char* reason) {
    control.measuring.store(false);
    if (r.started) r.seconds = SecondsSince(t0);
    control.finished.store(true);
    r.failure = std::move(failure);
    r.stop_reason = reason;
    stop.store(true);
  };
  auto on_main = [&] {
    if (stop.load(std::memory_order_relaxed)) return;
    // Cheap checks every 8th round; the clock and the counters are read
    // from memory the workers write, never locked.
    if ((++rounds & 7) != 0) return;
    if (signalled.load(std::memory_order_relaxed)) {
      end_window(r.started ? "" : "stopped by a signal before the run started",
                 "signal");
      return;
    }
    if (!r.started) {
      const uint64_t ups = Sum(*watch.client, &ShardCounters::ups);
      if (o.mode == Mode::kSetup || ups >= assocs) {
        r.started = true;
        t0 = Clock::now();
        last_print = t0;
        last_change = t0;
        control.measuring.store(true);
        control.go.store(true);
        return;
      }
      if (watch.Lost() > 0) {
        end_window("an association failed to come up", "failure");
      } else if (SecondsSince(begin) > kConnectTimeoutSeconds) {
        end_window(ups == 0 ? "no association came up"
                            : std::to_string(ups) + " of " +
                                  std::to_string(assocs) +
                                  " associations came up",
                   "failure");
      }
      return;
    }
    if (watch.Lost() > 0) {
      end_window("an association was lost", "failure");
      return;
    }
    if (watch.CountDone()) {
      end_window("", "count");
      return;
    }
    const Clock::time_point now = Clock::now();
    const double t = std::chrono::duration<double>(now - t0).count();
    if (o.count == 0 && t >= o.duration) {
      end_window("", "duration");
      return;
    }
    const double since_print =
        std::chrono::duration<double>(now - last_print).count();
    if (since_print >= 1.0) {
      const uint64_t v = watch.Measured();
      if (v != last_value) {
        last_value = v;
        last_change = now;
      } else if (std::chrono::duration<double>(now - last_change).count() >
                 kStallSeconds) {
        end_window("no progress for 10 s", "failure");
        return;
      }
      if (progress) {
        const uint64_t b = watch.MeasuredBytes();
        PrintProgress(o, t, v - printed_count, b - printed_bytes, since_print);
        printed_count = v;
        printed_bytes = b;
      }
      last_print = now;
    }
  };
  auto closed = dpdk::RunLcoresAndClose(groups, stop, kGracefulClose,
                                        on_main);
  control.finished.store(true);  // also when the launch failed
  if (!closed) {
    r.failure = closed.error().ToString();
  } else {
    close = *closed;
  }
  return r;
}

// Fills `result` from the shards' figures.
void Collect(const PerfOptions& o, const std::vector<ShardCounters>& client,
             const std::vector<ShardCounters>* server,
             const std::vector<std::unique_ptr<ClientApp>>& apps,
             const WindowResult& w, const dpdk::CloseReport& close,
             RunResult& result) {
  Watch watch{&o, &client, server};
  result.seconds = w.seconds;
  result.stop_reason = w.stop_reason;
  if (o.mode == Mode::kSetup) {
    result.setups = Sum(client, &ShardCounters::setups);
  } else {
    result.messages = watch.Measured();
    result.bytes = watch.MeasuredBytes();
  }
  if (o.mode == Mode::kLatency) {
    for (const auto& a : apps) result.latency.Merge(a->histogram());
  }
  result.errors.associations_lost = watch.Lost();
  result.errors.associate_failures =
      Sum(client, &ShardCounters::associate_failures);
  result.errors.send_failures = Sum(client, &ShardCounters::send_failures) +
                                (server ? Sum(*server, &ShardCounters::send_failures) : 0);
  result.errors.bad_messages = Sum(client, &ShardCounters::bad_messages);
  result.errors.aborted_at_close = close.aborted;
}

// Exit status of a finished run, with the reason on stderr.
int Verdict(const PerfOptions& o, const WindowResult& w, const RunResult& r) {
  if (!w.failure.empty()) {
    Fail(w.failure);
    return kExitFailure;
  }
  if (r.errors.associations_lost > 0) {
    Fail("association(s) lost");
    return kExitFailure;
  }
  if (o.mode == Mode::kSetup ? r.setups == 0 : r.messages == 0) {
    Fail("nothing was measured");
    return kExitFailure;
  }
  if (r.errors.bad_messages > 0 || r.errors.mbufs_not_returned > 0) {
    Fail("errors during the run (see errors)");
    return kExitFailure;
  }
  return 0;
}

// ------------------------------------------------------------ loopback

// Eal::Init with stdout pointed at stderr: the EAL prints its usage text on
// stdout, which belongs to the result (--json: nothing else there).
Result<dpdk::Eal, dpdk::DpdkError> InitEal(const PerfOptions& o) {
  std::fflush(stdout);
  const int saved = dup(STDOUT_FILENO);
  if (saved >= 0) dup2(STDERR_FILENO, STDOUT_FILENO);
  auto eal = dpdk::Eal::Init(EalArgs(o));
  std::fflush(stdout);
  if (saved >= 0) {
    dup2(saved, STDOUT_FILENO);
    close(saved);
  }
  return eal;
}

int RunLoopbackOrClient(const PerfOptions& o) {
  const bool loopback = o.command == Command::kLoopback;
  auto eal = InitEal(o);
  if (!eal) {
    Fail("EAL initialization failed: " + eal.error().ToString());
    return kExitFailure;
  }
  const std::vector<unsigned> lcores = dpdk::EalLcores();
  if (lcores.size() < o.lcores) {
    Fail("--lcores " + std::to_string(o.lcores) + " needs " +
         std::to_string(o.lcores) + " EAL lcores, the EAL has " +
         std::to_string(lcores.size()));
    return kExitFailure;
  }
  const uint16_t shards = o.lcores;
  const bool v6 = loopback ? false : HasV6(o.addresses) || o.remote.is_v6();
  const uint16_t link_mtu = LinkMtu(o, v6);
  std::optional<dpdk::MbufPool> pool;
  {
    auto p = dpdk::MbufPool::Create("perf_pool", PoolSize(o, loopback ? 2 : 1),
                                    256, DataRoom(link_mtu));
    if (!p) {
      Fail("mbuf pool: " + p.error().ToString());
      return kExitFailure;
    }
    pool.emplace(std::move(p).value());
  }
  RunResult result;
  WindowResult window;
  int status = 0;
  {
    std::optional<dpdk::RingPortPair> pair;
    uint16_t client_port = 0;
    if (loopback) {
      auto p = dpdk::RingPortPair::Create("perf", 4096, shards);
      if (!p) {
        Fail("ring ports: " + p.error().ToString());
        return kExitFailure;
      }
      pair.emplace(std::move(p).value());
      if (auto st = pair->Configure(pool->get()); !st) {
        Fail("ring ports: " + st.error().ToString());
        return kExitFailure;
      }
      if (auto st = pair->Start(); !st) {
        Fail("ring ports: " + st.error().ToString());
        return kExitFailure;
      }
      client_port = pair->port(0);
    } else {
      const std::vector<uint16_t> ports = dpdk::EthPorts();
      if (ports.empty()) {
        Fail("no ethdev port; pass a device in --eal (e.g. "
             "--vdev=net_af_packet0,iface=veth0)");
        return kExitFailure;
      }
      client_port = ports[0];
    }

    RunControl control;
    std::vector<ShardCounters> client_counters(shards);
    std::vector<ShardCounters> server_counters(shards);
    const endpoint::EndpointOptions eo = app::ToEndpointOptions(o.keys);

    // Client shards: the associations and --count spread over them.
    const IpAddress client_ip =
        loopback ? IpAddress::V4(10, 0, 0, 1) : o.addresses[0].address;
    const IpAddress server_ip =
        loopback ? IpAddress::V4(10, 0, 0, 2) : o.remote;
    std::vector<std::unique_ptr<ClientApp>> clients;
    std::vector<dpdk::ShardApplication*> client_ptrs;
    uint32_t flow_index = 0;
    const uint16_t span = static_cast<uint16_t>(60000 / shards);
    for (uint16_t s = 0; s < shards; ++s) {
      ClientConfig c;
      c.mode = o.mode;
      c.size = o.size;
      c.streams = o.streams;
      c.unordered = o.unordered;
      c.associations = static_cast<uint32_t>(Share(o.assocs, shards, s));
      c.setup_quota = 0;
      for (uint32_t i = 0; i < c.associations; ++i, ++flow_index) {
        const uint64_t q =
            o.count == 0 ? UINT64_MAX : Share(o.count, o.assocs, flow_index);
        c.quotas.push_back(q);
        c.setup_quota = q == UINT64_MAX ? UINT64_MAX : c.setup_quota + q;
      }
      if (c.associations == 0) c.setup_quota = 0;
      c.max_associations = o.keys.max_associations;
      c.local_address = client_ip;
      c.peer_address = server_ip;
      c.peer_port = loopback ? kLoopbackServerPort : o.remote_port;
      c.first_port = static_cast<uint16_t>(2000 + s * span);
      c.port_span = span;
      c.count_sent = !loopback;
      clients.push_back(
          std::make_unique<ClientApp>(c, control, client_counters[s]));
      client_ptrs.push_back(clients.back().get());
    }
    std::vector<std::unique_ptr<ServerApp>> servers;
    std::vector<dpdk::ShardApplication*> server_ptrs;
    if (loopback) {
      const ServerKind kind =
          o.mode == Mode::kLatency ? ServerKind::kEcho : ServerKind::kDiscard;
      for (uint16_t s = 0; s < shards; ++s) {
        servers.push_back(std::make_unique<ServerApp>(
            kind, o.keys.max_associations, o.keys.receive_buffer, control,
            server_counters[s]));
        server_ptrs.push_back(servers.back().get());
      }
    }

    dpdk::DataplaneOptions co;
    co.name = "perfc";
    co.shards = shards;
    co.pool = pool->get();
    co.endpoint = eo;
    co.worker = WorkerOptionsFor(o);
    dpdk::DataplanePort cp;
    cp.port_id = client_port;
    cp.configure = !loopback;
    if (!loopback && link_mtu != 1500) {
      cp.options.mtu = link_mtu;
    }
    cp.interface.mtu = link_mtu;
    if (loopback) {
      cp.interface.mac = {0x02, 0, 0, 0, 0, 1};
      cp.interface.addresses.push_back(dpdk::IpPrefix{client_ip, 24});
    } else {
      for (const config::IpPrefix& p : o.addresses) {
        cp.interface.addresses.push_back(dpdk::IpPrefix{p.address, p.prefix_len});
      }
    }
    co.ports.push_back(cp);
    std::unique_ptr<dpdk::Dataplane> client_plane;
    std::unique_ptr<dpdk::Dataplane> server_plane;
    {
      auto d = dpdk::Dataplane::Create(co, client_ptrs);
      if (!d) {
        Fail("data plane setup failed: " + d.error().ToString());
        return kExitFailure;
      }
      client_plane = std::move(d).value();
    }
    if (loopback) {
      dpdk::DataplaneOptions so = co;
      so.name = "perfs";
      so.ports[0].port_id = pair->port(1);
      so.ports[0].interface.mac = {0x02, 0, 0, 0, 0, 2};
      so.ports[0].interface.addresses = {dpdk::IpPrefix{server_ip, 24}};
      so.listen_ports = {kLoopbackServerPort};
      auto d = dpdk::Dataplane::Create(so, server_ptrs);
      if (!d) {
        Fail("data plane setup failed: " + d.error().ToString());
        return kExitFailure;
      }
      server_plane = std::move(d).value();
    }

    std::vector<dpdk::LcoreGroup> groups;
    for (uint16_t s = 0; s < shards; ++s) {
      dpdk::LcoreGroup g;
      g.lcore = lcores[s];
      g.workers.push_back(&client_plane->worker(s));
      if (server_plane) g.workers.push_back(&server_plane->worker(s));
      groups.push_back(std::move(g));
    }
    const Watch watch{&o, &client_counters,
                      loopback ? &server_counters : nullptr};
    dpdk::CloseReport close;
    window = RunWindow(o, groups, control, watch, close);
    Collect(o, client_counters, loopback ? &server_counters : nullptr,
            clients, window, close, result);
    // Teardown: workers (and the payload they reference), then the rings.
    client_plane.reset();
    server_plane.reset();
    pair.reset();
  }
  result.errors.mbufs_not_returned = pool->in_use();
  status = Verdict(o, window, result);
  if (window.started) {
    std::printf("%s\n", (o.json ? ResultJson(o, result)
                                : ResultTable(o, result)).c_str());
    std::fflush(stdout);
  }
  pool.reset();
  return status;
}

// ------------------------------------------------------------ server

int RunServer(const PerfOptions& o) {
  auto eal = InitEal(o);
  if (!eal) {
    Fail("EAL initialization failed: " + eal.error().ToString());
    return kExitFailure;
  }
  const std::vector<unsigned> lcores = dpdk::EalLcores();
  if (lcores.size() < o.lcores) {
    Fail("--lcores " + std::to_string(o.lcores) + " needs as many EAL lcores, "
         "the EAL has " + std::to_string(lcores.size()));
    return kExitFailure;
  }
  const std::vector<uint16_t> ports = dpdk::EthPorts();
  if (ports.empty()) {
    Fail("no ethdev port; pass a device in --eal (e.g. "
         "--vdev=net_af_packet0,iface=veth0)");
    return kExitFailure;
  }
  const uint16_t shards = o.lcores;
  const uint16_t link_mtu = LinkMtu(o, HasV6(o.addresses));
  std::optional<dpdk::MbufPool> pool;
  {
    PerfOptions sized = o;
    sized.assocs = 16;  // the clients are unknown: room for a few windows
    auto p = dpdk::MbufPool::Create("perf_pool", PoolSize(sized, 1), 256,
                                    DataRoom(link_mtu));
    if (!p) {
      Fail("mbuf pool: " + p.error().ToString());
      return kExitFailure;
    }
    pool.emplace(std::move(p).value());
  }
  ServerSummary summary;
  {
    RunControl control;
    control.measuring.store(true);  // a server counts everything
    std::vector<ShardCounters> counters(shards);
    std::vector<std::unique_ptr<ServerApp>> apps;
    std::vector<dpdk::ShardApplication*> app_ptrs;
    for (uint16_t s = 0; s < shards; ++s) {
      apps.push_back(std::make_unique<ServerApp>(o.app, o.keys.max_associations,
                                                 o.keys.receive_buffer, control,
                                                 counters[s]));
      app_ptrs.push_back(apps.back().get());
    }
    dpdk::DataplaneOptions so;
    so.name = "perfs";
    so.shards = shards;
    so.pool = pool->get();
    so.endpoint = app::ToEndpointOptions(o.keys);
    so.worker = WorkerOptionsFor(o);
    so.listen_ports = {o.listen};
    dpdk::DataplanePort sp;
    sp.port_id = ports[0];
    sp.configure = true;
    if (link_mtu != 1500) sp.options.mtu = link_mtu;  // else the device's
    sp.interface.mtu = link_mtu;
    for (const config::IpPrefix& p : o.addresses) {
      sp.interface.addresses.push_back(dpdk::IpPrefix{p.address, p.prefix_len});
    }
    so.ports.push_back(sp);
    auto plane = dpdk::Dataplane::Create(so, app_ptrs);
    if (!plane) {
      Fail("data plane setup failed: " + plane.error().ToString());
      return kExitFailure;
    }
    std::string addresses;
    for (const std::string& a : o.address_texts) addresses += " " + a;
    std::fprintf(stderr,
                 "dpsctp-perf: server ready port %u (%s) address%s listen %u "
                 "app %s shards %u\n",
                 (*plane)->port_id(0), (*plane)->port_report(0).ToString().c_str(),
                 addresses.c_str(), o.listen, ServerKindName(o.app), shards);
    std::fflush(stderr);

    std::vector<dpdk::LcoreGroup> groups;
    for (uint16_t s = 0; s < shards; ++s) {
      groups.push_back(dpdk::LcoreGroup{lcores[s], {&(*plane)->worker(s)}});
    }
    std::atomic<bool> stop{false};
    dpdk::InstallStopSignals(&stop);
    const bool progress = o.progress || isatty(STDERR_FILENO) == 1;
    const Clock::time_point t0 = Clock::now();
    Clock::time_point last_print = t0;
    uint64_t printed = 0;
    uint64_t printed_bytes = 0;
    uint32_t rounds = 0;
    auto on_main = [&] {
      if ((++rounds & 63) != 0) return;
      const Clock::time_point now = Clock::now();
      if (o.duration_given &&
          std::chrono::duration<double>(now - t0).count() >= o.duration) {
        stop.store(true);
        return;
      }
      const double dt = std::chrono::duration<double>(now - last_print).count();
      if (progress && dt >= 1.0) {
        const uint64_t m = Sum(counters, &ShardCounters::messages);
        const uint64_t b = Sum(counters, &ShardCounters::bytes);
        std::fprintf(stderr,
                     "dpsctp-perf: server %6.1f s %12.0f msgs/s %9.3f Gbit/s\n",
                     std::chrono::duration<double>(now - t0).count(),
                     (m - printed) / dt, (b - printed_bytes) * 8 / dt / 1e9);
        printed = m;
        printed_bytes = b;
        last_print = now;
      }
    };
    auto closed = dpdk::RunLcoresAndClose(groups, stop,
                                          kGracefulClose, on_main);
    summary.seconds = SecondsSince(t0);
    control.finished.store(true);
    if (!closed) {
      Fail(closed.error().ToString());
      return kExitFailure;
    }
    summary.associations = Sum(counters, &ShardCounters::ups);
    summary.closed = Sum(counters, &ShardCounters::closed);
    summary.messages = Sum(counters, &ShardCounters::messages);
    summary.bytes = Sum(counters, &ShardCounters::bytes);
    summary.echoed = Sum(counters, &ShardCounters::echoed);
    summary.echoed_bytes = Sum(counters, &ShardCounters::echoed_bytes);
    summary.errors.associations_lost = Sum(counters, &ShardCounters::lost);
    summary.errors.send_failures = Sum(counters, &ShardCounters::send_failures);
    summary.errors.aborted_at_close = closed->aborted;
    plane->reset();
  }
  summary.errors.mbufs_not_returned = pool->in_use();
  std::printf("%s\n", (o.json ? ServerJson(o, summary)
                              : ServerTable(o, summary)).c_str());
  std::fflush(stdout);
  pool.reset();
  return 0;
}

int Main(int argc, char** argv) {
  app::KeepFreedMemory();
  PerfOptions o;
  const ParseOutcome parsed = ParseCommandLine(argc, argv, o);
  switch (parsed.kind) {
    case ParseOutcome::Kind::kHelp:
      std::fputs(UsageText().c_str(), stdout);
      return 0;
    case ParseOutcome::Kind::kVersion:
      std::printf("dpsctp-perf %s\n", DPSCTP_VERSION);
      return 0;
    case ParseOutcome::Kind::kError:
      std::fprintf(stderr, "dpsctp-perf: %s\n", parsed.error.c_str());
      return kExitUsage;
    case ParseOutcome::Kind::kRun:
      break;
  }
  if (o.command == Command::kServer) return RunServer(o);
  return RunLoopbackOrClient(o);
}

}  // namespace
}  // namespace dpsctp::perf

int main(int argc, char** argv) { return dpsctp::perf::Main(argc, argv); }
