// The DPDK receive path on one lcore over a net_ring pair, against the
// physical limit measured in the same run.
//
//   BM_RawRingLoop:   generator -> ring -> rx_burst, CRC32c verified, freed.
//                     No SCTP at all: the ceiling for this machine.
//   BM_ReceivePath:   the same generator feeding a ShardWorker that owns the
//                     association: L2/L3, CRC verify, parse, dispatch, DATA
//                     delivered to a discarding application, SACKs built in
//                     mbufs and transmitted (drained and freed by the bench).
//   BM_HandoffPath:   the same packets arriving on the queue of the other
//                     shard, which hands them to the owner over the
//                     HandoffMesh (both workers polled on this lcore).
//
// The generator is identical in all three: per packet an mbuf from the
// pool, a copy of a template frame (a DATA packet the client endpoint really
// sent), the next TSN written in, the CRC32c computed. Its cost is in every
// figure; the ratio ReceivePath / RawRingLoop is what the issue asks for,
// and HandoffPath - ReceivePath (per packet) is the handoff cost.
//
// Run: build-rel/bench/dpdk/dataplane_bench [--benchmark_repetitions=5
//      --benchmark_report_aggregates_only=true]
#include <benchmark/benchmark.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_order.h"
#include "crc/crc32c.h"
#include "drivers/dpdk/dataplane.h"
#include "drivers/dpdk/eal.h"
#include "drivers/dpdk/l2l3.h"
#include "drivers/dpdk/lcore_runner.h"
#include "drivers/dpdk/mbuf_buf.h"
#include "drivers/dpdk/port.h"

namespace dpsctp::dpdk {
namespace {

constexpr uint16_t kBurst = 32;

// Reads every message in place and drops it.
class DiscardApp final : public ShardApplication {
 public:
  void OnEvent(ShardWorker& w,
               const endpoint::EndpointEvent& e) noexcept override {
    if (e.event.type != assoc::EventType::kDataArrive) return;
    if (assoc::Association* a = w.endpoint().Find(e.id)) {
      while (a->ReceiveWith([](std::span<const uint8_t>) {})) ++messages;
    }
  }
  uint64_t messages = 0;
};

class ClientApp final : public ShardApplication {
 public:
  void OnEvent(ShardWorker&, const endpoint::EndpointEvent& e) noexcept override {
    if (e.event.type == assoc::EventType::kCommunicationUp) ++ups;
  }
  int ups = 0;
};

struct Setup {
  std::optional<Eal> eal;
  rte_mempool* pool = nullptr;
  std::optional<RingPortPair> pair;
  std::unique_ptr<Dataplane> client;
  std::unique_ptr<Dataplane> server;
  ClientApp client_apps[2];
  DiscardApp server_apps[2];
  std::string error;
};

Setup& TheSetup() {
  static Setup s;
  return s;
}

void PollAll(Setup& s) {
  for (uint16_t i = 0; i < 2; ++i) {
    s.client->worker(i).PollOnce();
    s.server->worker(i).PollOnce();
  }
}

std::string Init(Setup& s) {
  std::vector<std::string> args = NoHugepageArgs("dataplane_bench");
  auto eal = Eal::Init(args);
  if (!eal) return eal.error().ToString();
  s.eal.emplace(std::move(eal).value());
  s.pool = rte_pktmbuf_pool_create("bench", 16383, 256, 0,
                                   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
  if (s.pool == nullptr) return "pool";
  auto pair = RingPortPair::Create("bench", 4096, 2);
  if (!pair) return pair.error().ToString();
  s.pair.emplace(std::move(pair).value());
  if (auto r = s.pair->Configure(s.pool); !r) return r.error().ToString();
  if (auto r = s.pair->Start(); !r) return r.error().ToString();
  for (int side = 0; side < 2; ++side) {
    DataplaneOptions o;
    o.name = side == 0 ? "bcli" : "bsrv";
    o.shards = 2;
    o.pool = s.pool;
    DataplanePort p;
    p.port_id = s.pair->port(side);
    p.configure = false;
    const uint8_t host = static_cast<uint8_t>(side + 1);
    p.interface.mac = {0x02, 0, 0, 0, 0, host};
    p.interface.addresses.push_back(
        IpPrefix{IpAddress::V4(10, 0, 0, host), 24});
    o.ports.push_back(p);
    o.worker.idle_mode = IdleMode::kSpin;
    // A big window: the generator ignores SACKs and never waits.
    o.endpoint.assoc.receive_window = 4 << 20;
    o.endpoint.assoc.max_receive_fragments = 65536;
    o.endpoint.init_owner = endpoint::EndpointOptions::InitOwner::kRoundRobin;
    std::vector<ShardApplication*> apps;
    for (int i = 0; i < 2; ++i) {
      apps.push_back(side == 0 ? static_cast<ShardApplication*>(&s.client_apps[i])
                               : &s.server_apps[i]);
    }
    if (side == 1) o.listen_ports = {5000};
    auto d = Dataplane::Create(o, apps);
    if (!d) return d.error().ToString();
    (side == 0 ? s.client : s.server) = std::move(d).value();
  }
  return {};
}

// A template DATA frame of `frame_size` bytes (Ethernet included) on an
// association the server's shard `owner` owns, and the queue to put it on.
struct Template {
  std::vector<uint8_t> frame;
  size_t sctp_offset = 0;
  uint32_t next_tsn = 0;
};

std::optional<Template> MakeTemplate(Setup& s, size_t frame_size,
                                     uint16_t owner, std::string& why) {
  // Associations from client shard 0 until the server gives one to `owner`
  // (its INIT owner policy is round robin).
  const IpAddress peer = IpAddress::V4(10, 0, 0, 2);
  static uint16_t next_port = 30000;
  for (int attempt = 0; attempt < 4; ++attempt) {
    ShardWorker& cw = s.client->worker(0);
    cw.UpdateNow();
    auto id = cw.endpoint().Associate(cw.now(), next_port++,
                                      IpAddress::V4(10, 0, 0, 1),
                                      std::span(&peer, 1), 5000);
    if (!id) {
      why = "Associate failed";
      return std::nullopt;
    }
    const int ups_before = s.client_apps[0].ups;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (s.client_apps[0].ups == ups_before &&
           std::chrono::steady_clock::now() < deadline) {
      PollAll(s);
    }
    assoc::Association* a = cw.endpoint().Find(*id);
    if (a == nullptr || s.client_apps[0].ups == ups_before) {
      why = "handshake did not complete";
      return std::nullopt;
    }
    if (s.server->shard_map().ShardOf(a->peer_tag()).value() != owner) continue;
    // One unordered message of the size that fills the frame: the client
    // sends it, the bench takes it off the wire before the server sees it.
    const size_t overhead = kEthernetHeaderSize + kIpv4HeaderSize + 12 + 16;
    std::vector<uint8_t> payload(frame_size - overhead, 0x5a);
    assoc::SendOptions o;
    o.unordered = true;
    cw.UpdateNow();
    cw.endpoint().Send(cw.now(), *id, o, payload);
    cw.FlushTx();
    rte_mbuf* rx[8];
    uint16_t n = 0;
    for (uint16_t q = 0; q < 2 && n == 0; ++q) {
      n = rte_eth_rx_burst(s.pair->port(1), q, rx, 8);
    }
    if (n != 1) {
      why = "expected exactly one DATA frame, got " + std::to_string(n);
      for (uint16_t i = 0; i < n; ++i) rte_pktmbuf_free(rx[i]);
      return std::nullopt;
    }
    Template t;
    t.frame.resize(rte_pktmbuf_pkt_len(rx[0]));
    // rte_pktmbuf_read copies only when the bytes span segments; otherwise
    // it returns a pointer into the mbuf.
    const void* bytes = rte_pktmbuf_read(rx[0], 0, t.frame.size(), t.frame.data());
    if (bytes != t.frame.data()) std::memcpy(t.frame.data(), bytes, t.frame.size());
    rte_pktmbuf_free(rx[0]);
    t.sctp_offset = kEthernetHeaderSize + kIpv4HeaderSize;
    t.next_tsn = LoadBe32(t.frame.data() + t.sctp_offset + 12 + 4);
    return t;
  }
  why = "no association landed on the wanted shard";
  return std::nullopt;
}

// One burst from the generator: copies, TSNs, CRCs. Returns how many went.
uint16_t Generate(Setup& s, const Template& t, uint32_t& tsn, uint16_t queue) {
  rte_mbuf* burst[kBurst];
  if (rte_pktmbuf_alloc_bulk(s.pool, burst, kBurst) != 0) return 0;
  for (uint16_t i = 0; i < kBurst; ++i) {
    uint8_t* p = rte_pktmbuf_mtod(burst[i], uint8_t*);
    std::memcpy(p, t.frame.data(), t.frame.size());
    burst[i]->data_len = static_cast<uint16_t>(t.frame.size());
    burst[i]->pkt_len = static_cast<uint32_t>(t.frame.size());
    uint8_t* sctp = p + t.sctp_offset;
    StoreBe32(sctp + 16, tsn++);
    crc::FinalizeSctpChecksum(
        std::span(sctp, t.frame.size() - t.sctp_offset),
        crc::TxChecksumMode::kSoftware);
  }
  const uint16_t sent = rte_eth_tx_burst(s.pair->port(0), queue, burst, kBurst);
  for (uint16_t i = sent; i < kBurst; ++i) rte_pktmbuf_free(burst[i]);
  return sent;
}

// Frees whatever the server sent back (SACKs) so the pool stays full.
void DrainClientSide(Setup& s) {
  rte_mbuf* rx[64];
  for (uint16_t q = 0; q < 2; ++q) {
    uint16_t n;
    while ((n = rte_eth_rx_burst(s.pair->port(0), q, rx, 64)) > 0) {
      rte_pktmbuf_free_bulk(rx, n);
    }
  }
}

const Template* TemplateFor(size_t frame_size, uint16_t owner,
                            benchmark::State& state) {
  Setup& s = TheSetup();
  if (!s.error.empty()) {
    state.SkipWithError(s.error.c_str());
    return nullptr;
  }
  static std::map<std::pair<size_t, uint16_t>, Template> cache;
  auto key = std::make_pair(frame_size, owner);
  if (auto it = cache.find(key); it != cache.end()) return &it->second;
  std::string why;
  std::optional<Template> t = MakeTemplate(s, frame_size, owner, why);
  if (!t) {
    state.SkipWithError(why.c_str());
    return nullptr;
  }
  return &cache.emplace(key, std::move(*t)).first->second;
}

void BM_RawRingLoop(benchmark::State& state) {
  const size_t frame_size = static_cast<size_t>(state.range(0));
  const Template* t = TemplateFor(frame_size, 1, state);
  if (t == nullptr) return;
  Setup& s = TheSetup();
  uint32_t tsn = 1;
  uint64_t packets = 0;
  uint64_t bad = 0;
  rte_mbuf* rx[kBurst];
  for (auto _ : state) {
    Generate(s, *t, tsn, 1);
    const uint16_t n = rte_eth_rx_burst(s.pair->port(1), 1, rx, kBurst);
    for (uint16_t i = 0; i < n; ++i) {
      std::optional<buf::PacketView> v =
          PacketViewFromMbuf(rx[i], t->sctp_offset);
      if (!v || crc::VerifySctpChecksum(*v, crc::RxChecksumHint::kUnknown) !=
                    crc::ChecksumVerdict::kGood) {
        ++bad;
      }
    }
    rte_pktmbuf_free_bulk(rx, n);
    packets += n;
  }
  state.SetItemsProcessed(static_cast<int64_t>(packets));
  state.SetBytesProcessed(static_cast<int64_t>(packets * frame_size));
  state.counters["bad_crc"] = static_cast<double>(bad);
}

void RunReceive(benchmark::State& state, uint16_t arrival_queue) {
  const size_t frame_size = static_cast<size_t>(state.range(0));
  const uint16_t owner = 1;
  const Template* tp = TemplateFor(frame_size, owner, state);
  if (tp == nullptr) return;
  Setup& s = TheSetup();
  // Each run continues the association's TSN sequence.
  static std::map<std::pair<size_t, uint16_t>, uint32_t> next_tsn;
  auto key = std::make_pair(frame_size, owner);
  if (!next_tsn.count(key)) next_tsn[key] = tp->next_tsn;
  uint32_t& tsn = next_tsn[key];
  ShardWorker& arrival = s.server->worker(arrival_queue);
  ShardWorker& owner_worker = s.server->worker(owner);
  const uint64_t delivered_before = s.server_apps[owner].messages;
  const uint64_t forwarded_before = arrival.counters().rx_forwarded;
  const uint64_t processed_before = owner_worker.counters().rx_processed_here;
  uint64_t packets = 0;
  for (auto _ : state) {
    packets += Generate(s, *tp, tsn, arrival_queue);
    arrival.PollOnce();
    if (&arrival != &owner_worker) owner_worker.PollOnce();
    DrainClientSide(s);
  }
  // Whatever is still in flight.
  for (int i = 0; i < 4; ++i) {
    arrival.PollOnce();
    owner_worker.PollOnce();
  }
  DrainClientSide(s);
  const uint64_t delivered = s.server_apps[owner].messages - delivered_before;
  state.SetItemsProcessed(static_cast<int64_t>(packets));
  state.SetBytesProcessed(static_cast<int64_t>(packets * frame_size));
  state.counters["delivered_ratio"] =
      packets == 0 ? 0.0 : static_cast<double>(delivered) / packets;
  state.counters["processed_ratio"] =
      packets == 0 ? 0.0
                   : static_cast<double>(owner_worker.counters().rx_processed_here -
                                         processed_before) /
                         packets;
  state.counters["forwarded"] =
      static_cast<double>(arrival.counters().rx_forwarded - forwarded_before);
}

void BM_ReceivePath(benchmark::State& state) { RunReceive(state, 1); }
void BM_HandoffPath(benchmark::State& state) { RunReceive(state, 0); }

BENCHMARK(BM_RawRingLoop)->Arg(64)->Arg(1514)->UseRealTime();
BENCHMARK(BM_ReceivePath)->Arg(64)->Arg(1514)->UseRealTime();
BENCHMARK(BM_HandoffPath)->Arg(64)->Arg(1514)->UseRealTime();

}  // namespace
}  // namespace dpsctp::dpdk

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  dpsctp::dpdk::Setup& s = dpsctp::dpdk::TheSetup();
  s.error = dpsctp::dpdk::Init(s);
  if (!s.error.empty()) std::fprintf(stderr, "setup: %s\n", s.error.c_str());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  s.client.reset();
  s.server.reset();
  s.pair.reset();
  return s.error.empty() ? 0 : 1;
}
