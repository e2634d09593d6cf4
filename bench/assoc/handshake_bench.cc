// Association setup cost: two endpoint::Endpoints (client 10.0.0.2, server
// 10.0.0.1:5000) in one thread, joined by an in-memory ring of packet
// buffers (no real wire, no allocation per packet).
//
//   BM_Assoc_Handshake          client Associate -> INIT -> INIT ACK ->
//                               COOKIE ECHO -> COOKIE ACK -> COMMUNICATION UP
//                               on both ends, then the client aborts (ABORT
//                               -> COMMUNICATION LOST on the server) and both
//                               reclaim: items_per_second = handshakes/s.
//   BM_Assoc_IdleMemory/<n>     n handshakes kept established (n per side),
//                               then torn down outside the timing. Counters:
//                                 bytes_per_assoc_computed  sizeof(optional<
//                                   Association>) (the endpoint's slot) + the
//                                   buffers AssocOptions allocates
//                                 heap_bytes_per_assoc      mallinfo2() heap
//                                   growth / (2 n): what Association::Init()
//                                   and the handshake allocate
//                                 slot_bytes                sizeof(optional<
//                                   Association>), preallocated per slot
//                                 endpoint_fixed_per_slot   the endpoint's
//                                   fixed_memory_bytes() / max_associations
//
// Run pinned, e.g.:
//   taskset -c 1 build-hb/bench/assoc/assoc_bench
//       --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
// (one command line).
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "assoc/association.h"
#include "assoc/cookie.h"
#include "assoc/events.h"
#include "buf/packet_view.h"
#include "common/address.h"
#include "common/time.h"
#include "endpoint/endpoint.h"

namespace dpsctp::endpoint {
namespace {

constexpr IpAddress kServerAddress = IpAddress::V4(10, 0, 0, 1);
constexpr IpAddress kClientAddress = IpAddress::V4(10, 0, 0, 2);
constexpr uint16_t kServerPort = 5000;

class XorShift final : public RandomSource {
 public:
  explicit XorShift(uint64_t seed) : state_(seed) {}
  uint32_t Next32() noexcept override {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<uint32_t>(state_ >> 16);
  }

 private:
  uint64_t state_;
};

// A fixed ring of packet buffers shared by both directions.
class PacketRing {
 public:
  static constexpr size_t kSlots = 256;
  static constexpr size_t kPacketSize = 2048;

  struct Slot {
    std::array<uint8_t, kPacketSize> bytes;
    size_t size = 0;
    PacketAddresses addresses;
  };

  PacketRing() : slots_(kSlots) {}

  bool Push(std::span<const uint8_t> packet, const PacketAddresses& a) {
    if (count_ == kSlots || packet.size() > kPacketSize) return false;
    Slot& s = slots_[(head_ + count_) % kSlots];
    std::memcpy(s.bytes.data(), packet.data(), packet.size());
    s.size = packet.size();
    s.addresses = a;
    ++count_;
    return true;
  }
  bool empty() const { return count_ == 0; }
  const Slot& front() const { return slots_[head_]; }
  void Pop() {
    head_ = (head_ + 1) % kSlots;
    --count_;
  }

 private:
  std::vector<Slot> slots_;
  size_t head_ = 0;
  size_t count_ = 0;
};

class RingPort final : public TxPort {
 public:
  explicit RingPort(PacketRing& ring) : ring_(&ring) {}
  std::span<uint8_t> TxBuffer() noexcept override { return buffer_; }
  void Transmit(std::span<const uint8_t> packet,
                const PacketAddresses& addresses) noexcept override {
    if (!ring_->Push(packet, addresses)) ++dropped_;
  }
  uint64_t dropped() const { return dropped_; }

 private:
  PacketRing* ring_;
  std::array<uint8_t, PacketRing::kPacketSize> buffer_{};
  uint64_t dropped_ = 0;
};

assoc::CookieKey Key() {
  assoc::CookieKey key{};
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i * 13 + 1);
  return key;
}

EndpointOptions Options(uint32_t max_associations) {
  EndpointOptions o;
  o.max_associations = max_associations;
  return o;
}

struct EventTally {
  size_t up = 0;
  size_t lost = 0;
  std::optional<assoc::AssocId> last_up;
};

// Client and server, and the wire between them.
class Pair {
 public:
  explicit Pair(uint32_t max_associations)
      : client_port_(ring_),
        server_port_(ring_),
        client_random_(0x1234567887654321ull),
        server_random_(0x0fedcba987654321ull),
        client_(Options(max_associations), Key(), client_random_, client_port_),
        server_(Options(max_associations), Key(), server_random_, server_port_) {
    (void)server_.Listen(kServerPort);
  }

  // Delivers packets until the wire is quiet.
  void Pump() {
    while (!ring_.empty()) {
      const PacketRing::Slot& s = ring_.front();
      // Addresses are as the sender filled them: src = sender.
      Endpoint& to = s.addresses.dst == kServerAddress ? server_ : client_;
      to.HandlePacket(now_, s.addresses,
                      buf::PacketView(std::span<const uint8_t>(s.bytes.data(), s.size)));
      ring_.Pop();
    }
  }

  static void Drain(Endpoint& e, EventTally& t) {
    EndpointEvent ev;
    while (e.PollEvent(ev)) {
      if (ev.event.type == assoc::EventType::kCommunicationUp) {
        ++t.up;
        t.last_up = ev.id;
      } else if (ev.event.type == assoc::EventType::kCommunicationLost) {
        ++t.lost;
      }
    }
  }

  // One full handshake from client port `port`. The client's id, or nullopt
  // if either side did not reach ESTABLISHED.
  std::optional<assoc::AssocId> Handshake(uint16_t port) {
    now_ += Duration::Micros(1);
    std::array<IpAddress, 1> peer{kServerAddress};
    auto id = client_.Associate(now_, port, kClientAddress, peer, kServerPort);
    if (!id) return std::nullopt;
    Pump();
    EventTally c, s;
    Drain(client_, c);
    Drain(server_, s);
    if (c.up != 1 || s.up != 1) return std::nullopt;
    return id;
  }

  // Client aborts; the server learns it from the ABORT. Both reclaim.
  bool Teardown(assoc::AssocId id) {
    if (!client_.Abort(now_, id)) return false;
    Pump();
    EventTally c, s;
    Drain(client_, c);
    Drain(server_, s);
    return s.lost == 1;
  }

  Endpoint& client() { return client_; }
  Endpoint& server() { return server_; }
  uint64_t dropped() const {
    return client_port_.dropped() + server_port_.dropped();
  }

 private:
  PacketRing ring_;
  RingPort client_port_;
  RingPort server_port_;
  XorShift client_random_;
  XorShift server_random_;
  Endpoint client_;
  Endpoint server_;
  TimePoint now_ = TimePoint::FromNanos(1'000'000'000);
};

void BM_Assoc_Handshake(benchmark::State& state) {
  Pair pair(16);
  for (auto _ : state) {
    auto id = pair.Handshake(40000);
    if (!id || !pair.Teardown(*id)) {
      state.SkipWithError("handshake or teardown failed");
      break;
    }
  }
  if (pair.client().association_count() || pair.server().association_count() ||
      pair.dropped()) {
    state.SkipWithError("associations left or packets dropped");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Assoc_Handshake);

size_t ComputedBytesPerAssociation(const assoc::AssocOptions& o) {
  // The fixed parts: the object and the send ring. The tables of the
  // queues come on top; the measured heap figure has them all.
  return sizeof(std::optional<assoc::Association>) + o.send_buffer;
}

void BM_Assoc_IdleMemory(benchmark::State& state) {
  const auto n = static_cast<uint32_t>(state.range(0));
  Pair pair(n);
  std::vector<assoc::AssocId> ids;
  ids.reserve(n);
  double heap_per_assoc = 0;
  for (auto _ : state) {
    const size_t before = mallinfo2().uordblks;
    for (uint32_t i = 0; i < n; ++i) {
      auto id = pair.Handshake(static_cast<uint16_t>(10000 + i));
      if (!id) {
        state.SkipWithError("handshake failed");
        return;
      }
      ids.push_back(*id);
    }
    const size_t after = mallinfo2().uordblks;
    state.PauseTiming();
    if (pair.client().association_count() != n ||
        pair.server().association_count() != n) {
      state.SkipWithError("not all associations kept");
      return;
    }
    heap_per_assoc = static_cast<double>(after - before) / (2.0 * n);
    for (assoc::AssocId id : ids) {
      if (!pair.Teardown(id)) {
        state.SkipWithError("teardown failed");
        return;
      }
    }
    ids.clear();
    state.ResumeTiming();
  }
  const assoc::AssocOptions& o = pair.server().options().assoc;
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["heap_bytes_per_assoc"] = heap_per_assoc;
  state.counters["bytes_per_assoc_computed"] =
      static_cast<double>(ComputedBytesPerAssociation(o));
  state.counters["slot_bytes"] =
      static_cast<double>(sizeof(std::optional<assoc::Association>));
  state.counters["endpoint_fixed_per_slot"] =
      static_cast<double>(pair.server().fixed_memory_bytes()) / n;
}
BENCHMARK(BM_Assoc_IdleMemory)->Arg(1000)->Unit(benchmark::kMillisecond);

// The baseline inside a handshake: one State Cookie made (INIT ACK) and
// verified (COOKIE ECHO), HMAC-SHA256 both times. Its share of
// BM_Assoc_Handshake, in the same run, says how much of setup is crypto.
void BM_Cookie_MakeAndVerify(benchmark::State& state) {
  assoc::CookieKey key{};
  key[0] = 1;
  assoc::CookieAuthenticator auth(key);
  assoc::CookieContents c;
  c.local_initiate_tag = VerificationTag(1);
  c.peer_initiate_tag = VerificationTag(2);
  c.outbound_streams = c.inbound_streams = 16;
  c.address_count = 1;
  c.peer_addresses[0].family = assoc::CookieAddress::kIpv4;
  c.created = TimePoint::FromNanos(1);
  c.lifespan = Duration::Seconds(60);
  std::array<uint8_t, assoc::kCookieMaxSize> buffer{};
  for (auto _ : state) {
    wire::WireWriter w(buffer);
    bool made = auth.Make(c, w);
    auto r = auth.Verify(w.written(), TimePoint::FromNanos(2));
    benchmark::DoNotOptimize(made);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Cookie_MakeAndVerify);

}  // namespace
}  // namespace dpsctp::endpoint

BENCHMARK_MAIN();
