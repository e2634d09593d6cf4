// Two endpoints joined by the loopback wire, in virtual time: the
// deterministic harness of the scenario tests. A is 10.0.0.1, B is
// 10.0.0.2 (or 2001:db8::1 and ::2 over IPv6); both use SCTP port 5000
// unless told otherwise.
//
// The wire captures every packet sent; when DPSCTP_CAPTURE_DIR is set,
// SaveCapture() writes it as <dir>/<name>.pcap for tshark to check.
#ifndef DPSCTP_TEST_SUPPORT_ENDPOINT_PAIR_H_
#define DPSCTP_TEST_SUPPORT_ENDPOINT_PAIR_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assoc/association.h"
#include "buf/packet_view.h"
#include "common/address.h"
#include "common/time.h"
#include "drivers/loopback/wire.h"
#include "endpoint/endpoint.h"

namespace dpsctp::test {

class SeededRandom final : public endpoint::RandomSource {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed ? seed : 1) {}
  uint32_t Next32() noexcept override {
    // xorshift64*
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return static_cast<uint32_t>((state_ * 0x2545F4914F6CDD1Dull) >> 32);
  }

 private:
  uint64_t state_;
};

class WireTx final : public endpoint::TxPort {
 public:
  WireTx(loopback::Wire& wire, loopback::Side side, const TimePoint& now)
      : wire_(&wire), side_(side), now_(&now) {}
  std::span<uint8_t> TxBuffer() noexcept override { return buffer_; }
  void Transmit(std::span<const uint8_t> packet,
                const PacketAddresses& addresses) noexcept override {
    ++sent_;
    wire_->Send(side_, *now_, addresses, packet);
  }
  uint64_t sent() const { return sent_; }

 private:
  loopback::Wire* wire_;
  loopback::Side side_;
  const TimePoint* now_;
  std::array<uint8_t, 9216> buffer_{};
  uint64_t sent_ = 0;
};

struct PeerSide {
  PeerSide(loopback::Wire& wire, loopback::Side side, const TimePoint& now,
           const endpoint::EndpointOptions& options, uint64_t seed,
           IpAddress address)
      : random(seed), tx(wire, side, now), address(address) {
    assoc::CookieKey key{};
    for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(seed + i * 7);
    ep = std::make_unique<endpoint::Endpoint>(options, key, random, tx);
  }

  SeededRandom random;
  WireTx tx;
  IpAddress address;
  std::unique_ptr<endpoint::Endpoint> ep;
  std::vector<endpoint::EndpointEvent> events;

  size_t Count(assoc::EventType type) const {
    return static_cast<size_t>(std::count_if(
        events.begin(), events.end(),
        [&](const endpoint::EndpointEvent& e) { return e.event.type == type; }));
  }
  std::optional<endpoint::EndpointEvent> Last(assoc::EventType type) const {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->event.type == type) return *it;
    }
    return std::nullopt;
  }
  // The one association of this side (tests mostly have one).
  assoc::Association* Only() {
    assoc::Association* found = nullptr;
    ep->ForEachAssociation([&](assoc::Association& a) { found = &a; });
    return found;
  }
};

class EndpointPair {
 public:
  static constexpr uint16_t kPort = 5000;

  explicit EndpointPair(endpoint::EndpointOptions options = DefaultOptions(),
                        uint64_t seed = 1)
      : EndpointPair(options, options, seed) {}
  EndpointPair(const endpoint::EndpointOptions& options_a,
               const endpoint::EndpointOptions& options_b, uint64_t seed,
               bool ipv6 = false)
      : wire(MakeWireConfig(seed)),
        now(TimePoint::FromNanos(1'000'000'000)),
        a(wire, loopback::Side::kA, now, options_a, seed * 1000 + 1,
          ipv6 ? V6(1) : IpAddress::V4(10, 0, 0, 1)),
        b(wire, loopback::Side::kB, now, options_b, seed * 1000 + 2,
          ipv6 ? V6(2) : IpAddress::V4(10, 0, 0, 2)) {}

  // 2001:db8::<host> (RFC 3849 documentation prefix).
  static IpAddress V6(uint8_t host) {
    std::array<uint8_t, 16> b{};
    b[0] = 0x20;
    b[1] = 0x01;
    b[2] = 0x0d;
    b[3] = 0xb8;
    b[15] = host;
    return IpAddress::V6(b);
  }

  static endpoint::EndpointOptions DefaultOptions() {
    endpoint::EndpointOptions o;
    o.max_associations = 16;
    o.assoc.receive_window = 16 * 1024;
    o.assoc.send_buffer = 16 * 1024;
    return o;
  }

  static loopback::WireConfig MakeWireConfig(uint64_t seed) {
    loopback::WireConfig c;
    c.seed = seed;
    c.a_to_b.latency = Duration::Millis(10);
    c.b_to_a.latency = Duration::Millis(10);
    c.capture.sent = true;
    return c;
  }

  // `from` connects to `to`, which listens (a second Listen is harmless).
  std::optional<assoc::AssocId> Connect(PeerSide& from, PeerSide& to,
                                        uint16_t port = kPort) {
    (void)to.ep->Listen(port);
    IpAddress peer = to.address;
    return from.ep->Associate(now, port, from.address, std::span(&peer, 1), port);
  }
  // A connects to B.
  std::optional<assoc::AssocId> Connect(uint16_t port = kPort) {
    return Connect(a, b, port);
  }

  // Delivers due packets and runs due timers, advancing the clock to the
  // next thing that happens, until `until`.
  void RunUntil(TimePoint until) {
    for (int guard = 0; guard < 1'000'000; ++guard) {
      bool progressed = DeliverDue();
      a.ep->HandleTimeouts(now);
      b.ep->HandleTimeouts(now);
      Drain();
      if (progressed) continue;
      std::optional<TimePoint> next = wire.NextDeliveryTime();
      for (auto t : {a.ep->NextTimeout(), b.ep->NextTimeout()}) {
        if (t && (!next || *t < *next)) next = t;
      }
      if (!next || *next > until) {
        now = std::max(now, until);
        return;
      }
      now = std::max(now, *next);
    }
  }
  void RunFor(Duration d) { RunUntil(now + d); }

  // Runs until `done()` holds or `limit` passes; returns done().
  template <typename Pred>
  bool RunUntil(Pred done, Duration limit) {
    TimePoint end = now + limit;
    while (!done() && now < end) {
      TimePoint step = now + Duration::Millis(1);
      RunUntil(std::min(step, end));
    }
    return done();
  }

  void Drain() {
    endpoint::EndpointEvent e;
    while (a.ep->PollEvent(e)) a.events.push_back(e);
    while (b.ep->PollEvent(e)) b.events.push_back(e);
  }

  // Hands a raw packet to one side as if it came from the other.
  void InjectTo(PeerSide& to, const PeerSide& from, std::span<const uint8_t> bytes) {
    buf::PacketView view(bytes);
    to.ep->HandlePacket(now, PacketAddresses{from.address, to.address}, view);
    Drain();
  }

  // Aborts whatever is still open on both sides and lets the wire drain:
  // afterwards both endpoints must be back to their start (no association,
  // no queued event).
  bool CloseAllAndCheckClean() {
    for (PeerSide* side : {&a, &b}) {
      std::vector<assoc::AssocId> ids;
      side->ep->ForEachAssociation([&](assoc::Association& x) { ids.push_back(x.id()); });
      for (assoc::AssocId id : ids) {
        if (!side->ep->Abort(now, id)) (void)side->ep->Release(id);
      }
    }
    RunFor(Duration::Seconds(1));
    for (PeerSide* side : {&a, &b}) {
      std::vector<assoc::AssocId> ids;
      side->ep->ForEachAssociation([&](assoc::Association& x) { ids.push_back(x.id()); });
      for (assoc::AssocId id : ids) (void)side->ep->Release(id);
    }
    return a.ep->association_count() == 0 && b.ep->association_count() == 0 &&
           a.ep->pending_events() == 0 && b.ep->pending_events() == 0;
  }

  void SaveCapture(const std::string& name) const {
    const char* dir = std::getenv("DPSCTP_CAPTURE_DIR");
    if (dir == nullptr || *dir == 0) return;
    (void)wire.WriteCapture(loopback::CapturePoint::kSent,
                            std::string(dir) + "/" + name + ".pcap");
  }

  loopback::Wire wire;
  TimePoint now;
  PeerSide a;
  PeerSide b;

 private:
  bool DeliverDue() {
    bool any = false;
    // Zero copy, as from a NIC: the view's owner is the wire's packet
    // buffer, which DATA payload held for reassembly keeps alive.
    while (auto d = wire.Receive(loopback::Side::kB, now)) {
      b.ep->HandlePacket(now, d->addresses, d->View());
      any = true;
    }
    while (auto d = wire.Receive(loopback::Side::kA, now)) {
      a.ep->HandlePacket(now, d->addresses, d->View());
      any = true;
    }
    return any;
  }
};

}  // namespace dpsctp::test

#endif  // DPSCTP_TEST_SUPPORT_ENDPOINT_PAIR_H_
