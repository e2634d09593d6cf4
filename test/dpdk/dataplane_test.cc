// The DPDK data plane end to end: two SCTP endpoints in one process, each a
// Dataplane of shard workers, joined by two net_ring ports
// (rte_eth_from_rings). ARP, handshake, data both ways on several streams,
// graceful shutdown; then two shards per endpoint on two lcores, where the
// queue a packet arrives on is not its owner's and the handoff must carry
// it. After each test every mbuf is back in the pool.
#include <rte_lcore.h>
#include <unistd.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <functional>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "drivers/dpdk/dataplane.h"
#include "drivers/dpdk/eal.h"
#include "drivers/dpdk/flow_steering.h"
#include "drivers/dpdk/lcore_runner.h"
#include "drivers/dpdk/port.h"
#include "drivers/dpdk/shard_worker.h"
#include "drivers/dpdk/telemetry.h"
#include "drivers/dpdk/worker_stats.h"
#include "drivers/dpdk/capture.h"

namespace dpsctp::dpdk {
namespace {

constexpr unsigned kPoolSize = 8191;

struct Env {
  std::optional<Eal> eal;
  rte_mempool* pool = nullptr;
  std::string init_error;

  Env() { init_error = Init(); }
  ~Env() {
    rte_mempool_free(pool);
    eal.reset();
  }
  std::string Init() {
    std::vector<std::string> args = NoHugepageArgs("dataplane_test");
    // Two lcores: the second one only runs while a test launches it.
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == "-l") args[i + 1] = "0-1";
    }
    auto r = Eal::Init(args);
    if (!r) return r.error().ToString();
    eal.emplace(std::move(r).value());
    // Cache 0: rte_mempool_avail_count() is exact.
    pool = rte_pktmbuf_pool_create("dp_test", kPoolSize, 0, 0,
                                   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
    if (pool == nullptr) return "rte_pktmbuf_pool_create failed";
    return {};
  }
};

Env& ReadyEnv() {
  static Env env;
  INFO(env.init_error);
  REQUIRE(env.init_error.empty());
  return env;
}

IpAddress Ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return IpAddress::V4(a, b, c, d);
}

// Message i of an association: an 8-byte header (index, length) and a
// pattern that depends on both, so a message delivered twice, cut short or
// mixed up with another is caught.
std::vector<uint8_t> MakeMessage(uint32_t association, uint32_t index,
                                 uint32_t length) {
  std::vector<uint8_t> m(std::max<uint32_t>(length, 8));
  const uint32_t key = association * 7919 + index;
  std::memcpy(m.data(), &key, 4);
  std::memcpy(m.data() + 4, &length, 4);
  for (size_t i = 8; i < m.size(); ++i) {
    m[i] = static_cast<uint8_t>(key * 31 + i);
  }
  return m;
}

uint32_t MessageLength(uint32_t index) {
  static constexpr uint32_t kSizes[] = {8, 100, 1000, 1452, 3000, 9000};
  return kSizes[index % std::size(kSizes)];
}

// The server side: echoes every message on the association, stream, PPID
// and ordering it came with (and checks its shard owns the association).
class EchoApp final : public ShardApplication {
 public:
  void OnEvent(ShardWorker& w,
               const endpoint::EndpointEvent& e) noexcept override {
    assoc::Association* a = w.endpoint().Find(e.id);
    if (a != nullptr &&
        w.endpoint().options().shard_map.ShardOf(a->local_tag()).value() !=
            w.shard()) {
      wrong_shard.fetch_add(1);
    }
    if (e.event.type == assoc::EventType::kCommunicationUp) ups.fetch_add(1);
    if (e.event.type != assoc::EventType::kDataArrive || a == nullptr) return;
    std::optional<assoc::ReceivedMessage> m = a->Receive(buffer_);
    if (!m) return;
    assoc::SendOptions o;
    o.stream_id = m->stream_id;
    o.ppid = m->ppid;
    o.unordered = m->unordered;
    if (w.endpoint().Send(w.now(), e.id, o,
                          std::span(buffer_.data(), m->copied)) !=
        assoc::SendError::kNone) {
      send_errors.fetch_add(1);
    }
    echoed.fetch_add(1);
  }
  std::atomic<int> ups{0};
  std::atomic<int> echoed{0};
  std::atomic<int> send_errors{0};
  std::atomic<int> wrong_shard{0};

 private:
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(65536);
};

// The client side: opens `associations` associations, sends `messages`
// messages on each over `streams` streams, checks every echo, then shuts
// down gracefully.
class ClientApp final : public ShardApplication {
 public:
  ClientApp(uint16_t first_local_port, int associations, int messages,
            int streams)
      : first_local_port_(first_local_port),
        associations_(associations),
        messages_(messages),
        streams_(streams) {}

  bool OnPoll(ShardWorker& w) noexcept override {
    if (!held_.empty() && (gate == nullptr || gate->load())) {
      for (assoc::AssocId id : held_) w.endpoint().Shutdown(w.now(), id);
      held_.clear();
      return true;
    }
    if (started_) return false;
    started_ = true;
    const IpAddress peer = Ip4(10, 0, 0, 2);
    for (int i = 0; i < associations_; ++i) {
      auto id = w.endpoint().Associate(
          w.now(), static_cast<uint16_t>(first_local_port_ + i),
          Ip4(10, 0, 0, 1), std::span(&peer, 1), 5000);
      if (!id) {
        errors.fetch_add(1);
        continue;
      }
      PerAssoc per;
      per.key = static_cast<uint32_t>(first_local_port_ + i);
      state_[id->value()] = per;
    }
    return true;
  }

  void OnEvent(ShardWorker& w,
               const endpoint::EndpointEvent& e) noexcept override {
    auto it = state_.find(e.id.value());
    if (it == state_.end()) {
      errors.fetch_add(1);
      return;
    }
    PerAssoc& s = it->second;
    assoc::Association* a = w.endpoint().Find(e.id);
    if (a != nullptr &&
        w.endpoint().options().shard_map.ShardOf(a->local_tag()).value() !=
            w.shard()) {
      wrong_shard.fetch_add(1);
    }
    switch (e.event.type) {
      case assoc::EventType::kCommunicationUp:
        ups.fetch_add(1);
        for (int i = 0; i < messages_; ++i) {
          std::vector<uint8_t> m =
              MakeMessage(s.key, static_cast<uint32_t>(i),
                          MessageLength(static_cast<uint32_t>(i)));
          assoc::SendOptions o;
          o.stream_id = StreamId(static_cast<uint16_t>(i % streams_));
          o.ppid = Ppid(60 + static_cast<uint32_t>(i % streams_));
          o.more = i + 1 < messages_;
          if (w.endpoint().Send(w.now(), e.id, o, m) != assoc::SendError::kNone) {
            errors.fetch_add(1);
          }
        }
        w.endpoint().Flush(w.now(), e.id);
        break;
      case assoc::EventType::kDataArrive: {
        if (a == nullptr) break;
        std::optional<assoc::ReceivedMessage> m = a->Receive(buffer_);
        if (!m || m->copied < 8) {
          errors.fetch_add(1);
          break;
        }
        uint32_t key = 0;
        uint32_t length = 0;
        std::memcpy(&key, buffer_.data(), 4);
        std::memcpy(&length, buffer_.data() + 4, 4);
        const uint32_t index = key - s.key * 7919;
        const std::vector<uint8_t> expected =
            MakeMessage(s.key, index, MessageLength(index));
        const uint16_t stream = m->stream_id.value();
        // Ordered per stream: indices on one stream only grow.
        const bool in_order = index % static_cast<uint32_t>(streams_) == stream &&
                              (s.last_index.count(stream) == 0 ||
                               s.last_index[stream] < index);
        s.last_index[stream] = index;
        if (index >= static_cast<uint32_t>(messages_) || !in_order ||
            m->copied != expected.size() ||
            std::memcmp(buffer_.data(), expected.data(), expected.size()) != 0 ||
            m->ppid.value() != 60u + stream) {
          errors.fetch_add(1);
          break;
        }
        if (++s.received == messages_) {
          echoes_complete.fetch_add(1);
          if (gate == nullptr || gate->load()) {
            w.endpoint().Shutdown(w.now(), e.id);
          } else {
            held_.push_back(e.id);  // shut down once the gate opens
          }
        }
        break;
      }
      case assoc::EventType::kShutdownComplete:
        closed.fetch_add(1);
        break;
      case assoc::EventType::kCommunicationLost:
        lost.fetch_add(1);
        break;
      default:
        break;
    }
  }

  std::atomic<int> ups{0};
  std::atomic<int> echoes_complete{0};
  std::atomic<int> closed{0};
  std::atomic<int> lost{0};
  std::atomic<int> errors{0};
  std::atomic<int> wrong_shard{0};
  // When set, associations stay up after their echoes until it is true.
  std::atomic<bool>* gate = nullptr;

 private:
  std::vector<assoc::AssocId> held_;
  struct PerAssoc {
    uint32_t key = 0;
    int received = 0;
    std::map<uint16_t, uint32_t> last_index;
  };
  uint16_t first_local_port_;
  int associations_;
  int messages_;
  int streams_;
  bool started_ = false;
  std::map<uint64_t, PerAssoc> state_;
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(65536);
};

DataplaneOptions EndpointOn(std::string name, uint16_t port_id,
                            uint16_t shards, rte_mempool* pool, uint8_t host) {
  DataplaneOptions o;
  o.name = std::move(name);
  o.shards = shards;
  o.pool = pool;
  DataplanePort p;
  p.port_id = port_id;
  p.configure = false;
  p.interface.mac = {0x02, 0, 0, 0, 0, host};
  p.interface.addresses.push_back(IpPrefix{Ip4(10, 0, 0, host), 24});
  o.ports.push_back(p);
  o.worker.idle_mode = IdleMode::kSleep;
  o.worker.idle_spins = 64;
  o.worker.idle_sleep = Duration::Micros(50);
  return o;
}

struct RunResult {
  bool finished = false;
  double seconds = 0;
};

// Runs both dataplanes' workers, shard i of each on lcore i, until `done`
// or 30 s.
template <typename Done>
RunResult RunUntil(Dataplane& a, Dataplane& b, Done&& done) {
  std::vector<LcoreGroup> groups;
  unsigned lcore = rte_get_main_lcore();
  for (uint16_t s = 0; s < a.shards(); ++s) {
    LcoreGroup g;
    g.lcore = lcore;
    g.workers = {&a.worker(s), &b.worker(s)};
    groups.push_back(g);
    lcore = rte_get_next_lcore(lcore, 1, 0);
  }
  std::atomic<bool> stop{false};
  const auto start = std::chrono::steady_clock::now();
  RunResult result;
  auto check = [&] {
    if (done()) {
      result.finished = true;
      stop.store(true);
    } else if (std::chrono::steady_clock::now() - start >
               std::chrono::seconds(30)) {
      stop.store(true);
    }
  };
  REQUIRE(RunLcores(groups, stop, check));
  result.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  return result;
}

uint64_t Sum(Dataplane& d, uint64_t WorkerCounters::*field) {
  uint64_t total = 0;
  for (uint16_t s = 0; s < d.shards(); ++s) total += d.worker(s).counters().*field;
  return total;
}

// Runs beside the workers on a thread of its own (the workers' lcores are
// busy), e.g. to query telemetry; it must return before the run ends.
using SideTask = std::function<void(Dataplane& client, Dataplane& server,
                                    const std::function<int()>& ups)>;

void RunEchoScenario(uint16_t shards, int associations_per_shard,
                     int messages, int streams, const SideTask& side = {}) {
  Env& env = ReadyEnv();
  const unsigned pool_before = rte_mempool_avail_count(env.pool);
  {
    // rte_ring and ethdev names are process-wide: one set per run.
    static int run = 0;
    const std::string tag = std::to_string(shards) + "_" + std::to_string(run++);
    auto pair = RingPortPair::Create("dp" + tag, 1024, shards);
    REQUIRE(pair);
    REQUIRE(pair->Configure(env.pool));
    REQUIRE(pair->Start());

    std::vector<std::unique_ptr<ClientApp>> clients;
    std::vector<std::unique_ptr<EchoApp>> servers;
    std::vector<ShardApplication*> client_apps;
    std::vector<ShardApplication*> server_apps;
    for (uint16_t s = 0; s < shards; ++s) {
      clients.push_back(std::make_unique<ClientApp>(
          static_cast<uint16_t>(20000 + 1000 * s), associations_per_shard,
          messages, streams));
      servers.push_back(std::make_unique<EchoApp>());
      client_apps.push_back(clients.back().get());
      server_apps.push_back(servers.back().get());
    }
    DataplaneOptions ao = EndpointOn("cli" + tag,
                                     pair->port(0), shards, env.pool, 1);
    ao.endpoint.assoc.outbound_streams = 16;
    ao.endpoint.assoc.send_buffer = 1 << 20;
    DataplaneOptions bo = EndpointOn("srv" + tag,
                                     pair->port(1), shards, env.pool, 2);
    bo.listen_ports = {5000};
    bo.endpoint.assoc.send_buffer = 1 << 20;
    // INITs arrive on the queue of the client's shard; spreading the
    // associations over the server's shards makes most packets land on a
    // shard that does not own them.
    bo.endpoint.init_owner = endpoint::EndpointOptions::InitOwner::kRoundRobin;
    auto a = Dataplane::Create(ao, client_apps);
    REQUIRE(a);
    auto b = Dataplane::Create(bo, server_apps);
    REQUIRE(b);

    const int total = shards * associations_per_shard;
    auto done = [&] {
      int closed = 0;
      for (auto& c : clients) closed += c->closed.load() + c->lost.load();
      return closed >= total && (*b)->worker(0).endpoint().association_count() +
                                        (shards > 1 ? (*b)->worker(1).endpoint().association_count() : 0) ==
                                    0;
    };
    std::atomic<bool> side_done{!side};
    std::atomic<bool> gate{!side};
    for (auto& c : clients) c->gate = &gate;
    std::thread side_thread;
    if (side) {
      side_thread = std::thread([&] {
        side(**a, **b, [&] {
          int n = 0;
          for (auto& c : clients) n += c->ups.load();
          return n;
        });
        side_done.store(true);
        gate.store(true);
      });
    }
    RunResult r = RunUntil(**a, **b, [&] { return done() && side_done.load(); });
    if (side_thread.joinable()) side_thread.join();
    INFO("finished in " << r.seconds << " s");
    CHECK(r.finished);

    int ups = 0, echoes = 0, closed = 0, lost = 0, errors = 0, wrong = 0;
    for (auto& c : clients) {
      ups += c->ups;
      echoes += c->echoes_complete;
      closed += c->closed;
      lost += c->lost;
      errors += c->errors;
      wrong += c->wrong_shard;
    }
    int server_ups = 0, echoed = 0, server_errors = 0;
    for (auto& s : servers) {
      server_ups += s->ups;
      echoed += s->echoed;
      server_errors += s->send_errors;
      wrong += s->wrong_shard;
    }
    CHECK(ups == total);
    CHECK(server_ups == total);
    CHECK(echoes == total);
    CHECK(echoed == total * messages);
    CHECK(closed == total);
    CHECK(lost == 0);
    CHECK(errors == 0);
    CHECK(server_errors == 0);
    // Every event of an association came from the shard its tag names.
    CHECK(wrong == 0);
    CHECK(Sum(**a, &WorkerCounters::handoff_full_drops) == 0);
    CHECK(Sum(**b, &WorkerCounters::handoff_full_drops) == 0);
    CHECK(Sum(**a, &WorkerCounters::tx_full_drops) == 0);
    CHECK(Sum(**b, &WorkerCounters::tx_full_drops) == 0);
    if (shards > 1) {
      // Packets reached the wrong shard and were handed over, not lost.
      CHECK(Sum(**b, &WorkerCounters::rx_forwarded) > 0);
      CHECK(Sum(**a, &WorkerCounters::rx_forwarded) > 0);
      // Everything handed over arrived (a frame may still sit in a ring
      // when the run stops).
      for (Dataplane* d : {a->get(), b->get()}) {
        const uint64_t sent = Sum(*d, &WorkerCounters::rx_forwarded) +
                              Sum(*d, &WorkerCounters::rx_broadcast) *
                                  (shards - 1u);
        const uint64_t received = Sum(*d, &WorkerCounters::handoff_received);
        CHECK(received <= sent);
        CHECK(received + 4 >= sent);
      }
      // Both shards of each side ran associations.
      for (uint16_t s = 0; s < shards; ++s) {
        CHECK((*b)->worker(s).endpoint().counters().associations_created > 0);
      }
    }
    // ARP was answered: the first packets waited for it.
    CHECK((*a)->worker(0).interface(0).counters().arp_replies_received +
              (shards > 1 ? (*a)->worker(1).interface(0).counters().arp_replies_received : 0) >
          0);
  }
  CHECK(rte_mempool_avail_count(env.pool) == pool_before);
}

TEST_CASE("Dataplane: one shard each, echo on 8 streams, graceful shutdown",
          "[dpdk]") {
  RunEchoScenario(1, 4, 60, 8);
}

TEST_CASE(
    "Dataplane: two shards on two lcores, packets handed to their owner",
    "[dpdk]") {
  Env& env = ReadyEnv();
  if (rte_lcore_count() < 2) {
    FAIL("the EAL has " << rte_lcore_count() << " lcore(s); this test needs 2");
  }
  (void)env;
  RunEchoScenario(2, 8, 40, 10);
}

TEST_CASE(
    "Dataplane: telemetry reads the running shards, capture taps their frames",
    "[dpdk]") {
  std::string stats;
  std::string assocs;
  uint64_t captured = 0;
  uint64_t dropped = 0;
  const std::string path = "/tmp/dpsctp-dataplane-test-" +
                           std::to_string(getpid()) + ".pcapng";
  RunEchoScenario(1, 2, 400, 4, [&](Dataplane& client, Dataplane& server,
                                    const std::function<int()>& ups) {
    // Telemetry names sources by shard: one endpoint's shards per process.
    (void)client;
    WorkerStats server_stats(server.worker(0), 0);
    Telemetry::Instance().AddSource(&server_stats);
    auto capture = PacketCapture::Start(path);
    if (capture) {
      // Switched in while the worker runs; Switch() waits for its loop.
      auto old = server.worker(0).capture().Switch(std::move(*capture));
      (void)old;
    }
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (ups() < 2 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    stats = Telemetry::Instance().Handle("/dpsctp/stats", "");
    assocs = Telemetry::Instance().Handle("/dpsctp/assocs", "0");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::unique_ptr<PacketCapture> last =
        server.worker(0).capture().Switch(nullptr);
    if (last) {
      last->Stop();
      captured = last->captured();
      dropped = last->dropped();
    }
    Telemetry::Instance().RemoveSource(&server_stats);
  });
  INFO(stats);
  INFO(assocs);
  // The shard answered through its control channel while it ran.
  CHECK(stats.find("\"sctpCurrEstab\"") != std::string::npos);
  CHECK(stats.find("\"worker_rx_frames\"") != std::string::npos);
  CHECK(stats.find("\"if0_arp_requests_answered\"") != std::string::npos);
  CHECK(stats.find("not answering") == std::string::npos);
  CHECK(assocs.find("ESTABLISHED") != std::string::npos);
  CHECK(captured > 0);
  // The capture ring is bounded: a slow disk drops frames, counted.
  INFO("captured " << captured << ", dropped " << dropped);
  std::ifstream f(path, std::ios::binary | std::ios::ate);
  CHECK(f.good());
  CHECK(static_cast<uint64_t>(f.tellg()) > captured * 60);
  std::remove(path.c_str());
}

TEST_CASE("Dataplane: refuses settings it cannot honour", "[dpdk]") {
  Env& env = ReadyEnv();
  const unsigned before = rte_mempool_avail_count(env.pool);
  auto pair = RingPortPair::Create("refuse", 256, 1);
  REQUIRE(pair);
  REQUIRE(pair->Configure(env.pool));
  DataplaneOptions o = EndpointOn("refuse", pair->port(0), 1, env.pool, 1);
  o.ports[0].interface.reassemble_ipv4_fragments = true;
  auto d = Dataplane::Create(o);
  REQUIRE_FALSE(d);
  CHECK(d.error().message.find("reassembly") != std::string::npos);
  DataplaneOptions two = EndpointOn("refuse2", pair->port(0), 2, env.pool, 1);
  auto too_many = Dataplane::Create(two);  // the port has one queue
  REQUIRE_FALSE(too_many);
  CHECK(too_many.error().message.find("fewer queues") != std::string::npos);
  CHECK(rte_mempool_avail_count(env.pool) == before);
}

TEST_CASE("TagSteering: one rule per shard and IP version, from the tag bits",
          "[dpdk]") {
  const endpoint::ShardMap map = endpoint::ShardMap::TagBits(4, 24);
  const std::vector<TagSteeringRule> rules = TagSteeringRules(map);
  REQUIRE(rules.size() == 8);
  for (const TagSteeringRule& r : rules) {
    CHECK(r.tag_mask == 0x03000000u);
    CHECK(r.tag_value == static_cast<uint32_t>(r.queue) << 24);
    // A tag the allocator places in this shard matches the rule.
    const uint32_t tag =
        map.PlaceInShard(0xDEADBEEF, endpoint::ShardId(r.queue));
    CHECK((tag & r.tag_mask) == r.tag_value);
  }
  CHECK(rules[0].ipv6 != rules[1].ipv6);
  // A keyed hash cannot be matched by a NIC; one shard needs no steering.
  CHECK(TagSteeringRules(endpoint::ShardMap::KeyedHash(4, 7)).empty());
  CHECK(TagSteeringRules(endpoint::ShardMap::TagBits(1, 24)).empty());
}

TEST_CASE("TagSteering: a port without rte_flow refuses with a reason",
          "[dpdk]") {
  Env& env = ReadyEnv();
  auto pair = RingPortPair::Create("steer", 256, 2);
  REQUIRE(pair);
  REQUIRE(pair->Configure(env.pool));
  auto steering =
      TagSteering::Install(pair->port(0), endpoint::ShardMap::TagBits(2, 30));
  REQUIRE_FALSE(steering);
  INFO(steering.error().ToString());
  CHECK(steering.error().message.find("refused by port") != std::string::npos);
  auto keyed = TagSteering::Install(pair->port(0),
                                    endpoint::ShardMap::KeyedHash(2, 1));
  REQUIRE_FALSE(keyed);
  CHECK(keyed.error().message.find("tag-bits") != std::string::npos);
}

}  // namespace
}  // namespace dpsctp::dpdk
