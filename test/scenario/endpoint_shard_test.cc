// One endpoint shard among several (ARCHITECTURE.md, "Sharding by
// verification tag"): the timer wheel that keeps a loop iteration
// independent of the number of idle associations, the INIT owner policy, the
// cookie key shared by shards through a master secret, and the RFC 3873 MIB.
//
// The multi-shard tests run a client endpoint against a server made of two
// shards that share one address and port, over an in-test wire that routes
// like the data plane: an INIT (tag 0) goes to the shard whose queue received
// it (shard 0), every other packet to OwnerOf(tag).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "assoc/association.h"
#include "buf/packet_view.h"
#include "common/byte_order.h"
#include "crc/crc32c.h"
#include "drivers/loopback/packet_filter.h"
#include "endpoint/endpoint.h"
#include "endpoint/mib.h"
#include "test/support/endpoint_pair.h"
#include "test/support/quiet_check.h"
#include "wire/chunk_type.h"

namespace dpsctp {
namespace {

using assoc::AssocId;
using assoc::EventType;
using assoc::State;
using endpoint::Endpoint;
using endpoint::EndpointOptions;
using endpoint::ShardId;
using endpoint::ShardMap;
using test::EndpointPair;

TimePoint At(Duration d) { return TimePoint::FromNanos(d.nanos()); }

assoc::CookieKey KeyFilledWith(uint8_t v) {
  assoc::CookieKey k;
  k.fill(v);
  return k;
}

class NullTx final : public endpoint::TxPort {
 public:
  std::span<uint8_t> TxBuffer() noexcept override { return buffer_; }
  void Transmit(std::span<const uint8_t>, const PacketAddresses&) noexcept override {
    ++sent;
  }
  uint64_t sent = 0;

 private:
  std::array<uint8_t, 2048> buffer_{};
};

// ---------------------------------------------------------------------------
// Timer wheel.

EndpointOptions SmallAssociations(uint32_t count) {
  EndpointOptions o;
  o.max_associations = count;
  o.assoc.outbound_streams = 1;
  o.assoc.max_inbound_streams = 1;
  o.assoc.receive_window = 4 * 1024;
  o.assoc.send_buffer = 4 * 1024;
  o.assoc.max_receive_fragments = 4;
  o.assoc.max_send_messages = 4;
  o.assoc.max_outstanding_chunks = 4;
  o.vtag.quarantine_capacity = 16;
  return o;
}

TEST_CASE("EndpointShard: with 10,000 idle associations a timeout runs only the due ones",
          "[scenario][fast]") {
  constexpr uint32_t kCount = 10'000;
  constexpr Duration kSpacing = Duration::Micros(50);
  EndpointOptions o = SmallAssociations(kCount);
  NullTx tx;
  test::SeededRandom random(11);
  Endpoint ep(o, KeyFilledWith(1), random, tx);
  const TimePoint t0 = At(Duration::Seconds(1));
  const Duration rto = o.assoc.rto_initial;

  // Association i sends its INIT at t0 + i x 50 us to a peer that never
  // answers: its T1-init expires at t0 + i x 50 us + RTO.Initial.
  std::vector<AssocId> ids;
  for (uint32_t i = 0; i < kCount; ++i) {
    const IpAddress peer = IpAddress::V4(10, 1, static_cast<uint8_t>(i >> 8),
                                         static_cast<uint8_t>(i));
    std::optional<AssocId> id = ep.Associate(t0 + kSpacing * i, 5000,
                                             IpAddress::V4(10, 0, 0, 1),
                                             std::span(&peer, 1), 5000);
    QREQUIRE(id.has_value());
    ids.push_back(*id);
  }
  REQUIRE(ep.association_count() == kCount);
  CHECK(tx.sent == kCount);  // the INITs

  // Nothing due yet: no association is touched.
  ep.HandleTimeouts(t0 + kSpacing * kCount);
  CHECK(ep.counters().timer_wheel_visits == 0);
  CHECK(ep.counters().associations_timed_out == 0);
  CHECK(ep.NextTimeout() == t0 + rto);

  // The first 100 are due: exactly those run, and they resend their INIT.
  ep.HandleTimeouts(t0 + rto + kSpacing * 99);
  CHECK(ep.counters().associations_timed_out == 100);
  CHECK(ep.counters().timer_wheel_visits == 100);
  CHECK(tx.sent == kCount + 100);
  // The next one is the 101st, not one of the 100 (backed off to 2 x RTO).
  CHECK(ep.NextTimeout() == t0 + rto + kSpacing * 100);

  // Called again at the same time: nothing more.
  ep.HandleTimeouts(t0 + rto + kSpacing * 99);
  CHECK(ep.counters().associations_timed_out == 100);

  // Another 1,000, in one late call.
  ep.HandleTimeouts(t0 + rto + kSpacing * 1'099);
  CHECK(ep.counters().associations_timed_out == 1'100);
  CHECK(ep.counters().timer_wheel_visits == 1'100);

  // The wheel did not scan the idle ones: cascading moves each entry a
  // bounded number of times, whatever the number of calls.
  CHECK(ep.timer_wheel().counters().cascaded <= 11 * uint64_t{kCount + 1'100});
  CHECK(ep.timer_wheel().size() == kCount);

  // An aborted association leaves the wheel.
  REQUIRE(ep.Abort(t0 + rto + kSpacing * 1'099, ids[5'000]));
  CHECK(ep.timer_wheel().size() == kCount - 1);
  ep.HandleTimeouts(t0 + rto + kSpacing * 5'000);
  CHECK(ep.counters().associations_timed_out == 1'100 + 3'900);
}

TEST_CASE("EndpointShard: timers changed through Find() are seen by NextTimeout",
          "[scenario][fast]") {
  EndpointPair p;
  std::optional<AssocId> id = p.Connect();
  REQUIRE(id);
  p.RunFor(Duration::Millis(100));
  assoc::Association* a = p.a.ep->Find(*id);
  REQUIRE(a != nullptr);
  REQUIRE(a->state() == State::kEstablished);
  // Calls made directly on the association (not through the endpoint) may
  // set its timers; the endpoint's next timeout is never later than the
  // association's, before the next HandleTimeouts() as after it.
  const uint64_t heartbeats = a->counters().heartbeats_sent;
  REQUIRE(a->RequestHeartbeat(p.now, p.b.address));
  const std::optional<TimePoint> direct = a->NextTimeout();
  REQUIRE(direct);
  REQUIRE(p.a.ep->NextTimeout());
  CHECK(*p.a.ep->NextTimeout() <= *direct);
  p.RunFor(Duration::Seconds(5));
  CHECK(a->counters().heartbeats_sent == heartbeats + 1);
  CHECK(p.a.Only()->state() == State::kEstablished);
  CHECK(p.CloseAllAndCheckClean());
}

// ---------------------------------------------------------------------------
// A client against a server of two shards.

constexpr uint16_t kServerPort = 5000;
const IpAddress kServer = IpAddress::V4(10, 0, 0, 100);
const IpAddress kClient = IpAddress::V4(10, 0, 0, 1);

// Returns queued values first, then a xorshift stream.
class ScriptedRandom final : public endpoint::RandomSource {
 public:
  explicit ScriptedRandom(uint64_t seed) : fallback_(seed) {}
  uint32_t Next32() noexcept override {
    if (!queued_.empty()) {
      uint32_t v = queued_.front();
      queued_.pop_front();
      return v;
    }
    return fallback_.Next32();
  }
  void Push(uint32_t v) { queued_.push_back(v); }

 private:
  std::deque<uint32_t> queued_;
  test::SeededRandom fallback_;
};

class ShardedServer {
 public:
  struct Packet {
    std::vector<uint8_t> bytes;
    PacketAddresses addresses;
  };

  class QueueTx final : public endpoint::TxPort {
   public:
    explicit QueueTx(std::deque<Packet>& q) : q_(&q) {}
    std::span<uint8_t> TxBuffer() noexcept override { return buffer_; }
    void Transmit(std::span<const uint8_t> packet,
                  const PacketAddresses& addresses) noexcept override {
      q_->push_back({std::vector<uint8_t>(packet.begin(), packet.end()), addresses});
    }

   private:
    std::deque<Packet>* q_;
    std::array<uint8_t, 2048> buffer_{};
  };

  // `master`: the shards' shared cookie master secret (none: each shard
  // has its own constructor key, as before).
  ShardedServer(std::optional<assoc::CookieKey> master, Duration rotation,
                EndpointOptions::InitOwner policy)
      : map_(ShardMap::KeyedHash(2, 0x5eed5eedull)),
        client_random_(1),
        server_random_{ScriptedRandom(2), ScriptedRandom(3)},
        client_tx_(to_server_),
        server_tx_{QueueTx(to_client_), QueueTx(to_client_)} {
    EndpointOptions c;
    c.max_associations = 32;
    c.cookie_key_rotation = rotation;
    client_ = std::make_unique<Endpoint>(c, KeyFilledWith(9), client_random_, client_tx_);
    for (uint16_t s = 0; s < 2; ++s) {
      EndpointOptions o;
      o.max_associations = 32;
      o.shard_map = map_;
      o.shard = ShardId(s);
      o.init_owner = policy;
      o.cookie_master_secret = master;
      o.cookie_key_rotation = rotation;
      server_[s] = std::make_unique<Endpoint>(o, KeyFilledWith(static_cast<uint8_t>(20 + s)),
                                              server_random_[s], server_tx_[s]);
      REQUIRE(server_[s]->Listen(kServerPort));
    }
  }

  Endpoint& client() { return *client_; }
  Endpoint& shard(int s) { return *server_[s]; }
  ScriptedRandom& shard_random(int s) { return server_random_[s]; }

  std::optional<AssocId> Connect(TimePoint now, uint16_t client_port,
                                 IpAddress from = kClient) {
    return client_->Associate(now, client_port, from, std::span(&kServer, 1),
                              kServerPort);
  }

  // Delivers the oldest packet in flight (client side first); false if none.
  bool DeliverOne(TimePoint now) {
    if (!to_server_.empty()) {
      Packet packet = std::move(to_server_.front());
      to_server_.pop_front();
      const uint32_t tag = LoadBe32(packet.bytes.data() + 4);
      // An INIT lands on the shard whose queue got it; the rest by tag.
      const int s = tag == 0 ? 0 : map_.ShardOf(VerificationTag(tag)).value();
      buf::PacketView view(packet.bytes);
      server_[s]->HandlePacket(now, packet.addresses, view);
      ++delivered_to_[s];
      return true;
    }
    if (!to_client_.empty()) {
      Packet packet = std::move(to_client_.front());
      to_client_.pop_front();
      buf::PacketView view(packet.bytes);
      client_->HandlePacket(now, packet.addresses, view);
      return true;
    }
    return false;
  }
  void DeliverAll(TimePoint now) {
    for (int guard = 0; guard < 10'000 && DeliverOne(now); ++guard) {
    }
  }

  // The client association's events so far.
  std::vector<endpoint::EndpointEvent> ClientEvents() {
    endpoint::EndpointEvent e;
    while (client_->PollEvent(e)) client_events_.push_back(e);
    return client_events_;
  }
  bool ClientUp(AssocId id) {
    for (const auto& e : ClientEvents()) {
      if (e.id == id && e.event.type == EventType::kCommunicationUp) return true;
    }
    return false;
  }
  bool ClientLost(AssocId id) {
    for (const auto& e : ClientEvents()) {
      if (e.id == id && e.event.type == EventType::kCommunicationLost) return true;
    }
    return false;
  }

  const ShardMap& map() const { return map_; }
  uint64_t delivered_to(int s) const { return delivered_to_[s]; }

 private:
  ShardMap map_;
  std::deque<Packet> to_server_;
  std::deque<Packet> to_client_;
  test::SeededRandom client_random_;
  ScriptedRandom server_random_[2];
  QueueTx client_tx_;
  QueueTx server_tx_[2];
  std::unique_ptr<Endpoint> client_;
  std::unique_ptr<Endpoint> server_[2];
  std::vector<endpoint::EndpointEvent> client_events_;
  uint64_t delivered_to_[2] = {0, 0};
};

const assoc::CookieKey kMaster = KeyFilledWith(0x42);

TEST_CASE("EndpointShard: each listening port's associations start with that port's options",
          "[scenario][fast]") {
  EndpointPair p;
  assoc::AssocOptions narrow = EndpointPair::DefaultOptions().assoc;
  narrow.max_inbound_streams = 5;
  narrow.outbound_streams = 3;
  narrow.receive_window = 20000;
  REQUIRE(p.b.ep->Listen(6000, narrow));
  REQUIRE(p.b.ep->Listen(7000));
  CHECK(p.b.ep->OptionsForPort(6000).max_inbound_streams == 5);
  CHECK(p.b.ep->OptionsForPort(7000).max_inbound_streams == 16);

  auto up_streams = [&](test::PeerSide& side, AssocId id) {
    std::pair<int, int> streams{-1, -1};
    for (const auto& e : side.events) {
      if (e.id == id && e.event.type == EventType::kCommunicationUp)
        streams = {e.event.outbound_streams, e.event.inbound_streams};
    }
    return streams;
  };
  // Port 6000: the INIT ACK offers B's port options (OS 3, MIS 5, a_rwnd).
  std::optional<AssocId> narrow_id = p.Connect(p.a, p.b, 6000);
  REQUIRE(narrow_id);
  p.RunFor(Duration::Seconds(1));
  CHECK(up_streams(p.a, *narrow_id) == std::pair<int, int>{5, 3});
  assoc::Association* a_side = p.a.ep->Find(*narrow_id);
  REQUIRE(a_side != nullptr);
  bool found = false;
  p.b.ep->ForEachAssociation([&](assoc::Association& b_side) {
    if (b_side.local_port() != 6000) return;
    found = true;
    CHECK(b_side.options().receive_window == 20000);
    CHECK(b_side.options().max_inbound_streams == 5);
  });
  CHECK(found);
  // Port 7000: the endpoint's own options.
  std::optional<AssocId> wide_id = p.Connect(p.a, p.b, 7000);
  REQUIRE(wide_id);
  p.RunFor(Duration::Seconds(1));
  CHECK(up_streams(p.a, *wide_id) == std::pair<int, int>{16, 16});
  // Associate with options of its own: 2 outbound streams asked.
  assoc::AssocOptions two = EndpointPair::DefaultOptions().assoc;
  two.outbound_streams = 2;
  IpAddress peer = p.b.address;
  std::optional<AssocId> two_id = p.a.ep->Associate(
      p.now, 7001, p.a.address, std::span(&peer, 1), 7000, &two);
  REQUIRE(two_id);
  p.RunFor(Duration::Seconds(1));
  CHECK(up_streams(p.a, *two_id) == std::pair<int, int>{2, 16});
  // StopListening forgets the port's options.
  CHECK(p.b.ep->StopListening(6000));
  CHECK(p.b.ep->OptionsForPort(6000).max_inbound_streams == 16);
}

TEST_CASE("EndpointShard: round-robin INIT owners spread associations over shards",
          "[scenario][fast]") {
  ShardedServer s(kMaster, Duration::Seconds(3600),
                  EndpointOptions::InitOwner::kRoundRobin);
  TimePoint now = At(Duration::Seconds(1));
  std::vector<AssocId> ids;
  for (uint16_t i = 0; i < 8; ++i) {
    std::optional<AssocId> id = s.Connect(now, static_cast<uint16_t>(6000 + i));
    REQUIRE(id);
    ids.push_back(*id);
    s.DeliverAll(now);
  }
  for (AssocId id : ids) {
    CHECK(s.ClientUp(id));
    // Our peer's tag is the owner shard's tag: it names the owner, which
    // holds the association.
    assoc::Association* a = s.client().Find(id);
    REQUIRE(a != nullptr);
    const VerificationTag tag = a->peer_tag();
    const ShardId owner = s.shard(0).OwnerOf(tag);
    bool held_by_owner = false;
    s.shard(owner.value()).ForEachAssociation([&](assoc::Association& x) {
      if (x.local_tag() == tag) held_by_owner = true;
    });
    CHECK(held_by_owner);
  }
  // Shard 0 answered every INIT, alternating owners, starting with itself.
  CHECK(s.shard(0).counters().init_acks_sent == 8);
  CHECK(s.shard(0).counters().inits_for_other_shards == 4);
  CHECK(s.shard(1).counters().inits_received == 0);
  CHECK(s.shard(0).association_count() == 4);
  CHECK(s.shard(1).association_count() == 4);
  CHECK(s.shard(1).counters().cookies_accepted == 4);
  CHECK(s.shard(1).counters().cookies_wrong_shard == 0);

  // Data flows through the owners.
  for (AssocId id : ids) {
    const uint8_t m[] = {1, 2, 3};
    REQUIRE(s.client().Send(now, id, {StreamId(0), Ppid(0), false}, m) ==
            assoc::SendError::kNone);
  }
  now += Duration::Millis(1);
  s.DeliverAll(now);
  uint64_t messages = 0;
  for (int shard = 0; shard < 2; ++shard) {
    s.shard(shard).ForEachAssociation([&](assoc::Association& a) {
      CHECK(a.state() == State::kEstablished);
      messages += a.Status(now).received_messages;
    });
  }
  CHECK(messages == 8);
}

TEST_CASE("EndpointShard: the kThisShard policy keeps every association here",
          "[scenario][fast]") {
  ShardedServer s(kMaster, Duration::Seconds(3600),
                  EndpointOptions::InitOwner::kThisShard);
  const TimePoint now = At(Duration::Seconds(1));
  for (uint16_t i = 0; i < 4; ++i) {
    REQUIRE(s.Connect(now, static_cast<uint16_t>(6000 + i)));
    s.DeliverAll(now);
  }
  CHECK(s.shard(0).association_count() == 4);
  CHECK(s.shard(1).association_count() == 0);
  CHECK(s.shard(0).counters().inits_for_other_shards == 0);
  CHECK(s.delivered_to(1) == 0);
}

TEST_CASE("EndpointShard: a tag drawn for a shard where it is live corrupts nothing",
          "[scenario][fast]") {
  ShardedServer s(kMaster, Duration::Seconds(3600),
                  EndpointOptions::InitOwner::kRoundRobin);
  TimePoint now = At(Duration::Seconds(1));
  // Associations 1 to 3: owners 0, 1, 0. The second one lives on shard 1
  // with tag X, for the client's port 6000 from 10.0.0.1.
  std::optional<AssocId> first = s.Connect(now, 6001);
  s.DeliverAll(now);
  std::optional<AssocId> victim = s.Connect(now, 6000);
  s.DeliverAll(now);
  std::optional<AssocId> third = s.Connect(now, 6002);
  s.DeliverAll(now);
  REQUIRE((first && victim && third));
  REQUIRE(s.ClientUp(*victim));
  const VerificationTag x = s.client().Find(*victim)->peer_tag();
  REQUIRE(s.map().ShardOf(x) == ShardId(1));
  const VerificationTag victim_peer_tag = s.client().Find(*victim)->local_tag();

  const bool same_ports = GENERATE(true, false);
  // The fourth INIT (owner 1) draws X again on shard 0, which cannot know
  // it is live on shard 1. Same ports as the victim from another address
  // (so that the tag routes it straight to the victim), or other ports.
  s.shard_random(0).Push(x.value());
  std::optional<AssocId> intruder =
      same_ports ? s.Connect(now, 6000, IpAddress::V4(10, 0, 0, 3))
                 : s.Connect(now, 6003);
  REQUIRE(intruder);
  s.DeliverAll(now);

  // Shard 1 refused the cookie and told the intruder; the victim kept its
  // peer's tag.
  CHECK(s.shard(1).counters().cookie_tag_collisions == 1);
  CHECK(s.ClientLost(*intruder));
  CHECK_FALSE(s.ClientUp(*intruder));
  CHECK(s.shard(1).association_count() == 1);
  uint64_t victims_seen = 0;
  s.shard(1).ForEachAssociation([&](assoc::Association& a) {
    ++victims_seen;
    CHECK(a.local_tag() == x);
    CHECK(a.peer_tag() == victim_peer_tag);
    CHECK(a.state() == State::kEstablished);
  });
  CHECK(victims_seen == 1);

  // And the victim still carries data both ways.
  const uint8_t m[] = {7, 7, 7};
  REQUIRE(s.client().Send(now, *victim, {StreamId(0), Ppid(0), false}, m) ==
          assoc::SendError::kNone);
  now += Duration::Millis(1);
  s.DeliverAll(now);
  s.shard(1).ForEachAssociation([&](assoc::Association& a) {
    CHECK(a.Status(now).received_messages == 1);
  });
  CHECK(s.client().Find(*victim)->state() == State::kEstablished);
}

// ---------------------------------------------------------------------------
// Cookie keys shared through a master secret.

TEST_CASE("EndpointShard: epoch keys depend on the master and the epoch only",
          "[fast]") {
  const assoc::CookieKey a0 = endpoint::CookieKeyForEpoch(kMaster, 0);
  CHECK(a0 == endpoint::CookieKeyForEpoch(kMaster, 0));
  CHECK(a0 != endpoint::CookieKeyForEpoch(kMaster, 1));
  CHECK(a0 != endpoint::CookieKeyForEpoch(kMaster, -1));
  CHECK(a0 != endpoint::CookieKeyForEpoch(KeyFilledWith(0x43), 0));
  CHECK(a0 != assoc::CookieKey{});
}

TEST_CASE("EndpointShard: a cookie made by shard 0 is accepted by shard 1",
          "[scenario][fast]") {
  const bool shared = GENERATE(true, false);
  ShardedServer s(shared ? std::optional(kMaster) : std::nullopt,
                  Duration::Seconds(3600), EndpointOptions::InitOwner::kRoundRobin);
  const TimePoint now = At(Duration::Seconds(1));
  REQUIRE(s.Connect(now, 6000));  // owner 0
  s.DeliverAll(now);
  std::optional<AssocId> id = s.Connect(now, 6001);  // owner 1
  REQUIRE(id);
  s.DeliverAll(now);
  if (shared) {
    CHECK(s.ClientUp(*id));
    CHECK(s.shard(1).counters().cookies_accepted == 1);
    CHECK(s.shard(1).association_count() == 1);
  } else {
    // Without it each shard has its own key: the cookie fails its MAC.
    CHECK_FALSE(s.ClientUp(*id));
    CHECK(s.shard(1).counters().cookies_bad_mac == 1);
    CHECK(s.shard(1).association_count() == 0);
  }
}

TEST_CASE("EndpointShard: shared cookie keys across an epoch boundary",
          "[scenario][fast]") {
  const Duration period = Duration::Seconds(10);
  ShardedServer s(kMaster, period, EndpointOptions::InitOwner::kRoundRobin);
  TimePoint now = At(Duration::Seconds(1));
  REQUIRE(s.Connect(now, 6000));  // owner 0; shard 1 has not run yet
  s.DeliverAll(now);

  // Shard 0 makes the cookie in epoch 0 ...
  now = At(Duration::Millis(9'990));
  std::optional<AssocId> id = s.Connect(now, 6001);  // owner 1
  REQUIRE(id);
  REQUIRE(s.DeliverOne(now));  // INIT -> shard 0, INIT ACK back
  REQUIRE(s.DeliverOne(now));  // INIT ACK -> client, COOKIE ECHO out
  // ... shard 1 reads it in epoch 1 (previous key still valid).
  now = At(Duration::Millis(10'020));
  s.DeliverAll(now);
  CHECK(s.ClientUp(*id));
  CHECK(s.shard(1).counters().cookies_accepted == 1);
  CHECK(s.shard(0).cookie_key_rotations() >= 1);
  CHECK(s.shard(1).cookie_key_rotations() >= 1);
  // The next epoch starts at 20 s: shard 1 wakes up for it.
  CHECK(s.shard(1).NextTimeout() == At(Duration::Seconds(20)));

  // A cookie two epochs old is refused by every shard: its key is gone.
  now = At(Duration::Millis(19'990));
  std::optional<AssocId> late = s.Connect(now, 6002);  // owner 0
  REQUIRE(late);
  s.DeliverAll(now);  // a shard 0 association: fine
  CHECK(s.ClientUp(*late));
  now = At(Duration::Millis(29'990));
  std::optional<AssocId> old = s.Connect(now, 6003);  // owner 1
  REQUIRE(old);
  REQUIRE(s.DeliverOne(now));
  REQUIRE(s.DeliverOne(now));
  now = At(Duration::Millis(40'010));  // epoch 4: keys of 3 and 4 only
  s.DeliverAll(now);
  CHECK_FALSE(s.ClientUp(*old));
  CHECK(s.shard(1).counters().cookies_bad_mac == 1);
}

// ---------------------------------------------------------------------------
// RFC 3873 MIB.

TEST_CASE("EndpointShard: the MIB lists the RFC 3873 objects by name",
          "[fast]") {
  endpoint::SctpMib m;
  m.curr_estab = 1;
  m.in_sctp_packs = 17;
  std::vector<std::string> names;
  uint64_t sum = 0;
  endpoint::VisitSctpMib(m, [&](std::string_view name, uint64_t value) {
    names.emplace_back(name);
    sum += value;
  });
  CHECK(names == std::vector<std::string>{
                     "sctpCurrEstab", "sctpActiveEstabs", "sctpPassiveEstabs",
                     "sctpAborteds", "sctpShutdowns", "sctpOutOfBlues",
                     "sctpChecksumErrors", "sctpOutCtrlChunks",
                     "sctpOutOrderChunks", "sctpOutUnorderChunks",
                     "sctpInCtrlChunks", "sctpInOrderChunks",
                     "sctpInUnorderChunks", "sctpFragUsrMsgs",
                     "sctpReasmUsrMsgs", "sctpOutSCTPPacks", "sctpInSCTPPacks"});
  CHECK(names.size() == endpoint::kSctpMibObjectCount);
  CHECK(sum == 18);
}

// What one side put on the wire, chunk by chunk.
struct WireTally {
  uint64_t packets = 0;
  uint64_t ctrl_chunks = 0;
  uint64_t ordered_data = 0;
  uint64_t unordered_data = 0;
  uint64_t first_fragments = 0;  // DATA with B set and E clear
};

void Tally(WireTally& t, std::span<const uint8_t> p) {
  ++t.packets;
  size_t off = 12;
  while (off + 4 <= p.size()) {
    const uint8_t type = p[off];
    const uint8_t flags = p[off + 1];
    const uint16_t length = LoadBe16(p.data() + off + 2);
    if (length < 4) break;
    if (type == static_cast<uint8_t>(wire::ChunkType::kData)) {
      if (flags & 0x04) {
        ++t.unordered_data;
      } else {
        ++t.ordered_data;
      }
      if ((flags & 0x02) && !(flags & 0x01)) ++t.first_fragments;
    } else {
      ++t.ctrl_chunks;
    }
    off += (length + 3u) & ~3u;
  }
}

void ReceiveEverything(test::PeerSide& side, AssocId id) {
  assoc::Association* a = side.ep->Find(id);
  if (a == nullptr) return;
  static std::vector<uint8_t> buffer(64 * 1024);
  while (a->Receive(buffer)) {
  }
}

TEST_CASE("EndpointShard: MIB counts of a scenario, exactly", "[scenario][fast]") {
  EndpointPair p;
  WireTally from_a, from_b;
  for (auto [side, tally] : {std::pair{loopback::Side::kA, &from_a},
                             std::pair{loopback::Side::kB, &from_b}}) {
    loopback::PacketFilter observe;
    observe.match = [tally = tally](const loopback::PacketInfo& info) {
      Tally(*tally, info.bytes);
      return false;  // never acts: only looks
    };
    observe.count = loopback::kUnlimited;
    p.wire.AddFilter(side, observe);
  }

  // X: A opens it (active for A, passive for B). Y: B opens it.
  std::optional<AssocId> x_a = p.Connect(p.a, p.b, 5000);
  std::optional<AssocId> y_b = p.Connect(p.b, p.a, 5001);
  REQUIRE((x_a && y_b));
  p.RunFor(Duration::Millis(200));
  REQUIRE(p.a.Count(EventType::kCommunicationUp) == 2);
  REQUIRE(p.b.Count(EventType::kCommunicationUp) == 2);
  // Each side's other association: the one it did not open.
  auto other_up = [](const test::PeerSide& side, AssocId opened) {
    std::optional<AssocId> id;
    for (const auto& e : side.events) {
      if (e.event.type == EventType::kCommunicationUp && e.id != opened) id = e.id;
    }
    return id;
  };
  const std::optional<AssocId> y_a_up = other_up(p.a, *x_a);
  const std::optional<AssocId> x_b_up = other_up(p.b, *y_b);
  REQUIRE((y_a_up && x_b_up));
  const AssocId y_a = *y_a_up;
  const AssocId x_b = *x_b_up;
  CHECK(p.a.ep->Mib().curr_estab == 2);
  CHECK(p.b.ep->Mib().curr_estab == 2);

  // Data: ordered, unordered, a message of three fragments (MTU 1480).
  const std::vector<uint8_t> small(100, 1), big(4'000, 2);
  REQUIRE(p.a.ep->Send(p.now, *x_a, {StreamId(0), Ppid(1), false}, small) ==
          assoc::SendError::kNone);
  REQUIRE(p.a.ep->Send(p.now, *x_a, {StreamId(0), Ppid(1), true}, small) ==
          assoc::SendError::kNone);
  REQUIRE(p.a.ep->Send(p.now, *x_a, {StreamId(1), Ppid(1), false}, big) ==
          assoc::SendError::kNone);
  REQUIRE(p.b.ep->Send(p.now, *y_b, {StreamId(0), Ppid(2), true}, small) ==
          assoc::SendError::kNone);
  REQUIRE(p.b.ep->Send(p.now, x_b, {StreamId(0), Ppid(2), false}, big) ==
          assoc::SendError::kNone);
  p.RunFor(Duration::Millis(500));
  ReceiveEverything(p.b, x_b);
  ReceiveEverything(p.a, y_a);
  ReceiveEverything(p.a, *x_a);
  p.RunFor(Duration::Seconds(1));  // SACKs and window updates settle

  // An out-of-the-blue ABORT (discarded, §8.4 rule 2) and a bad checksum,
  // both to A.
  std::vector<uint8_t> ootb(16, 0);
  StoreBe16(ootb.data(), 7000);
  StoreBe16(ootb.data() + 2, 7001);
  StoreBe32(ootb.data() + 4, 0x12345678);
  ootb[12] = static_cast<uint8_t>(wire::ChunkType::kAbort);
  StoreBe16(ootb.data() + 14, 4);
  crc::WriteSctpChecksum(ootb);
  p.InjectTo(p.a, p.b, ootb);
  std::vector<uint8_t> corrupt = ootb;
  corrupt[8] ^= 0xff;
  p.InjectTo(p.a, p.b, corrupt);

  // X ends by A's ABORT primitive, Y by A's graceful shutdown.
  REQUIRE(p.a.ep->Abort(p.now, *x_a));
  REQUIRE(p.a.ep->Shutdown(p.now, y_a));
  p.RunFor(Duration::Seconds(2));
  REQUIRE(p.a.ep->association_count() == 0);
  REQUIRE(p.b.ep->association_count() == 0);

  // Nothing was lost or retransmitted on this wire, so what one side sent
  // is what the other received.
  const endpoint::SctpMib a = p.a.ep->Mib();
  const endpoint::SctpMib b = p.b.ep->Mib();
  CHECK(a.curr_estab == 0);
  CHECK(a.active_estabs == 1);
  CHECK(a.passive_estabs == 1);
  CHECK(a.aborteds == 1);   // the ABORT primitive
  CHECK(a.shutdowns == 1);
  CHECK(a.out_of_blues == 1);
  CHECK(a.checksum_errors == 1);
  CHECK(b.curr_estab == 0);
  CHECK(b.active_estabs == 1);
  CHECK(b.passive_estabs == 1);
  CHECK(b.aborteds == 1);   // the ABORT received
  CHECK(b.shutdowns == 1);
  CHECK(b.out_of_blues == 0);
  CHECK(b.checksum_errors == 0);

  // The traffic itself, as counted on the wire.
  CHECK(from_a.ordered_data == 1 + 3);
  CHECK(from_a.unordered_data == 1);
  CHECK(from_b.ordered_data == 3);
  CHECK(from_b.unordered_data == 1);
  CHECK(from_a.first_fragments == 1);
  CHECK(from_b.first_fragments == 1);

  CHECK(a.out_sctp_packs == from_a.packets);
  CHECK(a.in_sctp_packs == from_b.packets + 2);
  CHECK(a.out_ctrl_chunks == from_a.ctrl_chunks);
  CHECK(a.in_ctrl_chunks == from_b.ctrl_chunks);
  CHECK(a.out_order_chunks == from_a.ordered_data);
  CHECK(a.out_unorder_chunks == from_a.unordered_data);
  CHECK(a.in_order_chunks == from_b.ordered_data);
  CHECK(a.in_unorder_chunks == from_b.unordered_data);
  CHECK(a.frag_usr_msgs == 1);
  CHECK(a.reasm_usr_msgs == 1);
  CHECK(b.out_sctp_packs == from_b.packets);
  CHECK(b.in_sctp_packs == from_a.packets);
  CHECK(b.out_ctrl_chunks == from_b.ctrl_chunks);
  CHECK(b.in_ctrl_chunks == from_a.ctrl_chunks);
  CHECK(b.out_order_chunks == from_b.ordered_data);
  CHECK(b.out_unorder_chunks == from_b.unordered_data);
  CHECK(b.in_order_chunks == from_a.ordered_data);
  CHECK(b.in_unorder_chunks == from_a.unordered_data);
  CHECK(b.frag_usr_msgs == 1);
  CHECK(b.reasm_usr_msgs == 1);
  CHECK(p.CloseAllAndCheckClean());
}

}  // namespace
}  // namespace dpsctp
