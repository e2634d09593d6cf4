// NetInterface on DPDK mbufs, without hugepages: ARP, the neighbour cache,
// Neighbor Discovery, VLAN, IPv4/IPv6 checks, ICMP errors for RFC 9260
// Appendix C, RFC 6951 UDP encapsulation and frame building. Frames are
// built byte by byte here (with a checksum written independently of the
// code under test) and fed in as mbuf chains; TX frames are read back from
// a vector sink. ClassifyFrame() and the caches are also tested directly.
//
// The EAL initializes once per process: every test case shares one fixture
// (Env()) and checks that it returned every mbuf it took from the pool.
#include <arpa/inet.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "crc/crc32c.h"
#include "drivers/dpdk/eal.h"
#include "drivers/dpdk/mbuf_buf.h"
#include "drivers/dpdk/neighbor_cache.h"
#include "drivers/dpdk/netif.h"
#include "test/support/quiet_check.h"

namespace dpsctp::dpdk {
namespace {

constexpr unsigned kPoolSize = 511;

struct Env {
  std::optional<Eal> eal;
  rte_mempool* pool = nullptr;
  std::string init_error;

  Env() { init_error = Init(); }
  ~Env() {
    rte_mempool_free(pool);
    eal.reset();
  }
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  std::string Init() {
    auto r = Eal::Init(NoHugepageArgs("netif_test"));
    if (!r) {
      return r.error().ToString();
    }
    eal.emplace(std::move(r).value());
    // Cache size 0: rte_mempool_avail_count() is then exact.
    pool = rte_pktmbuf_pool_create("netif_test", kPoolSize, 0, 0,
                                   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
    return pool == nullptr ? "rte_pktmbuf_pool_create failed" : "";
  }
};

Env& GetEnv() {
  static Env env;
  return env;
}

rte_mempool* ReadyPool() {
  Env& env = GetEnv();
  INFO(env.init_error);
  REQUIRE(env.init_error.empty());
  return env.pool;
}

class PoolBalance {
 public:
  explicit PoolBalance(rte_mempool* pool)
      : pool_(pool), before_(rte_mempool_avail_count(pool)) {}
  ~PoolBalance() { CHECK(rte_mempool_avail_count(pool_) == before_); }
  PoolBalance(const PoolBalance&) = delete;
  PoolBalance& operator=(const PoolBalance&) = delete;

 private:
  rte_mempool* pool_;
  unsigned before_;
};

using Bytes = std::vector<uint8_t>;

// ---------------------------------------------------------------------------
// Addresses.

IpAddress Ip(const char* text) {
  uint8_t b[16] = {};
  if (inet_pton(AF_INET, text, b) == 1) {
    return IpAddress::V4(std::span<const uint8_t, 4>(b, 4));
  }
  REQUIRE(inet_pton(AF_INET6, text, b) == 1);
  return IpAddress::V6(std::span<const uint8_t, 16>(b, 16));
}

const MacAddress kOurMac = {0x02, 0, 0, 0, 0, 0x01};
const MacAddress kPeerMac = {0x02, 0, 0, 0, 0, 0x02};
const MacAddress kGatewayMac = {0x02, 0, 0, 0, 0, 0xfe};
const MacAddress kOtherMac = {0x02, 0, 0, 0, 0, 0x99};
const MacAddress kBroadcast = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

struct Addrs {
  IpAddress our4 = Ip("10.0.0.1");
  IpAddress peer4 = Ip("10.0.0.2");
  IpAddress gw4 = Ip("10.0.0.254");
  IpAddress far4 = Ip("192.0.2.5");
  IpAddress our6 = Ip("2001:db8::1");
  IpAddress peer6 = Ip("2001:db8::2");
  IpAddress gw6 = Ip("2001:db8::fe");
};
const Addrs& A() {
  static const Addrs a;
  return a;
}

InterfaceConfig BaseConfig() {
  InterfaceConfig c;
  c.mac = kOurMac;
  c.addresses = {{A().our4, 24}, {A().our6, 64}};
  c.gateway_v4 = A().gw4;
  c.gateway_v6 = A().gw6;
  return c;
}

TimePoint Ms(int64_t ms) { return TimePoint::FromNanos(ms * 1'000'000); }

// ---------------------------------------------------------------------------
// Frame building, independent of the code under test.

void Put16(Bytes& b, uint16_t v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
void Put32(Bytes& b, uint32_t v) {
  Put16(b, static_cast<uint16_t>(v >> 16));
  Put16(b, static_cast<uint16_t>(v));
}
void Append(Bytes& b, std::span<const uint8_t> s) {
  b.insert(b.end(), s.begin(), s.end());
}
uint16_t Get16(const Bytes& b, size_t i) {
  return static_cast<uint16_t>(b.at(i) << 8 | b.at(i + 1));
}
uint32_t Get32(const Bytes& b, size_t i) {
  return uint32_t{Get16(b, i)} << 16 | Get16(b, i + 2);
}
Bytes Sub(const Bytes& b, size_t off, size_t len) {
  REQUIRE(off + len <= b.size());
  return Bytes(b.begin() + static_cast<long>(off),
               b.begin() + static_cast<long>(off + len));
}

// RFC 1071, byte by byte.
uint16_t RefChecksum(const Bytes& data, uint32_t sum = 0) {
  for (size_t i = 0; i < data.size(); ++i) {
    sum += (i % 2 == 0) ? uint32_t{data[i]} << 8 : data[i];
  }
  while (sum >> 16) {
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<uint16_t>(~sum);
}
uint32_t RefPseudo(const IpAddress& src, const IpAddress& dst, uint8_t proto,
                   size_t len) {
  Bytes b;
  Append(b, src.wire_bytes());
  Append(b, dst.wire_bytes());
  uint32_t sum = 0;
  for (size_t i = 0; i < b.size(); i += 2) {
    sum += Get16(b, i);
  }
  return sum + proto + static_cast<uint32_t>(len >> 16) +
         static_cast<uint32_t>(len & 0xFFFF);
}

Bytes Eth(const MacAddress& dst, const MacAddress& src, uint16_t type,
          const Bytes& payload, int vlan = -1) {
  Bytes b;
  Append(b, dst);
  Append(b, src);
  if (vlan >= 0) {
    Put16(b, 0x8100);
    Put16(b, static_cast<uint16_t>(vlan));
  }
  Put16(b, type);
  Append(b, payload);
  return b;
}

Bytes PadTo60(Bytes b) {
  if (b.size() < 60) {
    b.resize(60, 0);
  }
  return b;
}

struct V4Opts {
  uint16_t flags_offset = 0x4000;  // DF
  uint8_t ttl = 64;
  uint8_t version_ihl = 0x45;
  int total_length_delta = 0;
  bool bad_checksum = false;
  Bytes options;  // appended to the header (IHL must match)
};
Bytes Ipv4(const IpAddress& src, const IpAddress& dst, uint8_t proto,
           const Bytes& payload, const V4Opts& o = {}) {
  Bytes h;
  h.push_back(o.version_ihl);
  h.push_back(0);
  Put16(h, static_cast<uint16_t>(20 + o.options.size() + payload.size() +
                                 o.total_length_delta));
  Put16(h, 0x1234);
  Put16(h, o.flags_offset);
  h.push_back(o.ttl);
  h.push_back(proto);
  Put16(h, 0);
  Append(h, src.wire_bytes());
  Append(h, dst.wire_bytes());
  Append(h, o.options);
  uint16_t c = RefChecksum(h);
  if (o.bad_checksum) {
    c = static_cast<uint16_t>(c ^ 0x0101);
  }
  h[10] = static_cast<uint8_t>(c >> 8);
  h[11] = static_cast<uint8_t>(c);
  Append(h, payload);
  return h;
}

Bytes Ipv6(const IpAddress& src, const IpAddress& dst, uint8_t next,
           const Bytes& payload, uint8_t hop_limit = 64) {
  Bytes h;
  Put32(h, 0x60000000);
  Put16(h, static_cast<uint16_t>(payload.size()));
  h.push_back(next);
  h.push_back(hop_limit);
  Append(h, src.wire_bytes());
  Append(h, dst.wire_bytes());
  Append(h, payload);
  return h;
}

Bytes DataChunk(size_t payload = 4) {
  Bytes c = {0, 0x03};
  Put16(c, static_cast<uint16_t>(16 + payload));
  Put32(c, 100);  // TSN
  Put16(c, 0);
  Put16(c, 0);
  Put32(c, 0);
  for (size_t i = 0; i < payload; ++i) {
    c.push_back(static_cast<uint8_t>(0xA0 + i));
  }
  while (c.size() % 4 != 0) {
    c.push_back(0);
  }
  return c;
}

Bytes InitChunk(uint32_t initiate_tag) {
  Bytes c = {1, 0};
  Put16(c, 20);
  Put32(c, initiate_tag);
  Put32(c, 65536);
  Put16(c, 10);
  Put16(c, 10);
  Put32(c, 1);
  return c;
}

// An SCTP packet with a correct CRC32c.
Bytes Sctp(uint16_t sport, uint16_t dport, uint32_t vtag,
           const Bytes& chunks) {
  Bytes p;
  Put16(p, sport);
  Put16(p, dport);
  Put32(p, vtag);
  Put32(p, 0);
  Append(p, chunks);
  crc::WriteSctpChecksum(p);
  return p;
}
Bytes DefaultSctp() { return Sctp(5000, 6000, 0x11223344, DataChunk()); }

Bytes Udp(uint16_t sport, uint16_t dport, const Bytes& payload,
          const IpAddress& src, const IpAddress& dst, bool zero = false) {
  Bytes u;
  Put16(u, sport);
  Put16(u, dport);
  Put16(u, static_cast<uint16_t>(8 + payload.size()));
  Put16(u, 0);
  Append(u, payload);
  if (!zero) {
    uint16_t c = RefChecksum(u, RefPseudo(src, dst, 17, u.size()));
    if (c == 0) {
      c = 0xFFFF;
    }
    u[6] = static_cast<uint8_t>(c >> 8);
    u[7] = static_cast<uint8_t>(c);
  }
  return u;
}

Bytes Icmp4(uint8_t type, uint8_t code, uint32_t rest, const Bytes& body) {
  Bytes m = {type, code, 0, 0};
  Put32(m, rest);
  Append(m, body);
  const uint16_t c = RefChecksum(m);
  m[2] = static_cast<uint8_t>(c >> 8);
  m[3] = static_cast<uint8_t>(c);
  return m;
}

Bytes Icmp6(uint8_t type, uint8_t code, uint32_t rest, const Bytes& body,
            const IpAddress& src, const IpAddress& dst) {
  Bytes m = {type, code, 0, 0};
  Put32(m, rest);
  Append(m, body);
  const uint16_t c = RefChecksum(m, RefPseudo(src, dst, 58, m.size()));
  m[2] = static_cast<uint8_t>(c >> 8);
  m[3] = static_cast<uint8_t>(c);
  return m;
}

Bytes Arp(uint16_t op, const MacAddress& sha, const IpAddress& spa,
          const MacAddress& tha, const IpAddress& tpa) {
  Bytes a;
  Put16(a, 1);
  Put16(a, 0x0800);
  a.push_back(6);
  a.push_back(4);
  Put16(a, op);
  Append(a, sha);
  Append(a, spa.wire_bytes());
  Append(a, tha);
  Append(a, tpa.wire_bytes());
  return a;
}

// NS/NA body after the 4-byte flags word: target, then a link-layer option.
Bytes NdBody(const IpAddress& target, int option_type, const MacAddress& mac) {
  Bytes b;
  Append(b, target.wire_bytes());
  if (option_type > 0) {
    b.push_back(static_cast<uint8_t>(option_type));
    b.push_back(1);
    Append(b, mac);
  }
  return b;
}

Bytes SctpFrame4(const Bytes& sctp, const IpAddress& src,
                 const IpAddress& dst) {
  return Eth(kOurMac, kPeerMac, 0x0800, Ipv4(src, dst, 132, sctp));
}
Bytes SctpFrame6(const Bytes& sctp, const IpAddress& src,
                 const IpAddress& dst) {
  return Eth(kOurMac, kPeerMac, 0x86DD, Ipv6(src, dst, 132, sctp));
}

// ---------------------------------------------------------------------------
// Driving a NetInterface.

class VectorSink : public FrameSink {
 public:
  ~VectorSink() override { Clear(); }
  bool Push(rte_mbuf* m) noexcept override {
    if (refuse) {
      rte_pktmbuf_free(m);
      return false;
    }
    frames_.push_back(m);
    return true;
  }
  size_t size() const { return frames_.size(); }
  // The frames pushed so far, as bytes; the mbufs are freed.
  std::vector<Bytes> Take() {
    std::vector<Bytes> out;
    for (rte_mbuf* m : frames_) {
      Bytes b(m->pkt_len);
      auto v = PacketViewFromMbuf(m);
      REQUIRE(v.has_value());
      REQUIRE(v->CopyTo(0, b));
      out.push_back(std::move(b));
      rte_pktmbuf_free(m);
    }
    frames_.clear();
    return out;
  }
  std::vector<rte_mbuf*>& mbufs() { return frames_; }
  void Clear() {
    for (rte_mbuf* m : frames_) {
      rte_pktmbuf_free(m);
    }
    frames_.clear();
  }
  bool refuse = false;

 private:
  std::vector<rte_mbuf*> frames_;
};

struct RxOpts {
  uint64_t ol_flags = 0;
  uint16_t vlan_tci = 0;
  std::vector<size_t> segments;
  bool learn_only = false;
};

RxResult Rx(NetInterface& nif, const Bytes& frame, TimePoint now,
            VectorSink& tx, const RxOpts& o = {}) {
  rte_mbuf* m = CopyToMbufChain(GetEnv().pool, frame, o.segments);
  REQUIRE(m != nullptr);
  m->ol_flags = o.ol_flags;
  m->vlan_tci = o.vlan_tci;
  const RxResult r = nif.Receive(m, now, tx, o.learn_only);
  rte_pktmbuf_free(m);
  return r;
}

bool Tx(NetInterface& nif, const Bytes& sctp, const PacketAddresses& a,
        TimePoint now, VectorSink& tx) {
  rte_mbuf* m = CopyToMbufChain(GetEnv().pool, sctp);
  REQUIRE(m != nullptr);
  return nif.Send(m, a, now, tx);
}

size_t Drop(const NetInterface& nif, RxDropReason r) {
  return nif.counters().drops[static_cast<size_t>(r)];
}

// Checks an Ethernet + IPv4 + SCTP frame we sent.
void CheckSctpFrame4(const Bytes& f, const MacAddress& dst_mac,
                     const IpAddress& src, const IpAddress& dst,
                     const Bytes& sctp) {
  REQUIRE(f.size() == 14 + 20 + sctp.size());
  CHECK(Sub(f, 0, 6) == Bytes(dst_mac.begin(), dst_mac.end()));
  CHECK(Sub(f, 6, 6) == Bytes(kOurMac.begin(), kOurMac.end()));
  CHECK(Get16(f, 12) == 0x0800);
  CHECK(f[14] == 0x45);
  CHECK(Get16(f, 16) == 20 + sctp.size());
  CHECK(Get16(f, 20) == 0x4000);  // DF, no fragment offset
  CHECK(f[22] == 64);
  CHECK(f[23] == 132);
  CHECK(RefChecksum(Sub(f, 14, 20)) == 0);
  CHECK(Sub(f, 26, 4) == Bytes(src.bytes.begin(), src.bytes.begin() + 4));
  CHECK(Sub(f, 30, 4) == Bytes(dst.bytes.begin(), dst.bytes.begin() + 4));
  CHECK(Sub(f, 34, sctp.size()) == sctp);
}

// Learns kPeerMac for 10.0.0.2 with an ARP request to us; drops the reply.
void LearnPeer4(NetInterface& nif, TimePoint now) {
  VectorSink tx;
  const RxResult r = Rx(
      nif,
      PadTo60(Eth(kBroadcast, kPeerMac, 0x0806,
                  Arp(1, kPeerMac, A().peer4, MacAddress{}, A().our4))),
      now, tx);
  REQUIRE(r.kind == RxKind::kConsumed);
  REQUIRE(tx.size() == 1);
  tx.Clear();
}

Bytes ArpReplyFrom(const MacAddress& mac, const IpAddress& ip) {
  return PadTo60(Eth(kOurMac, mac, 0x0806, Arp(2, mac, ip, kOurMac, A().our4)));
}

// ---------------------------------------------------------------------------

TEST_CASE("NetInterface: answers an ARP request for our address", "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface nif(BaseConfig(), GetEnv().pool);
  VectorSink tx;
  const Bytes request = PadTo60(Eth(
      kBroadcast, kPeerMac, 0x0806,
      Arp(1, kPeerMac, A().peer4, MacAddress{}, A().our4)));
  const RxResult r = Rx(nif, request, Ms(0), tx);
  CHECK(r.kind == RxKind::kConsumed);
  CHECK(r.share_with_other_shards);
  auto frames = tx.Take();
  REQUIRE(frames.size() == 1);
  // RFC 826: the reply goes to the requester, with the fields swapped and
  // our MAC as the sender hardware address.
  CHECK(frames[0] == PadTo60(Eth(kPeerMac, kOurMac, 0x0806,
                                 Arp(2, kOurMac, A().our4, kPeerMac,
                                     A().peer4))));
  CHECK(nif.counters().arp_requests_answered == 1);
  CHECK(nif.counters().rx_frames == 1);
  // The requester was learned: SCTP to it leaves at once, no ARP request.
  const Bytes sctp = DefaultSctp();
  CHECK(Tx(nif, sctp, {A().our4, A().peer4}, Ms(1), tx));
  frames = tx.Take();
  REQUIRE(frames.size() == 1);
  CheckSctpFrame4(frames[0], kPeerMac, A().our4, A().peer4, sctp);
  CHECK(nif.counters().arp_requests_sent == 0);
  CHECK(nif.counters().tx_sctp == 1);
}

TEST_CASE("NetInterface: ignores ARP not for us and rejects malformed ARP",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface nif(BaseConfig(), GetEnv().pool);
  VectorSink tx;
  // A request for someone else's address: no reply, nothing learned.
  RxResult r = Rx(nif,
                  PadTo60(Eth(kBroadcast, kOtherMac, 0x0806,
                              Arp(1, kOtherMac, Ip("10.0.0.7"), MacAddress{},
                                  Ip("10.0.0.9")))),
                  Ms(0), tx);
  CHECK(r.kind == RxKind::kDropped);
  CHECK(r.drop_reason == RxDropReason::kNotForUs);
  CHECK(tx.size() == 0);
  CHECK(nif.neighbors().size() == 0);
  // Unicast to another MAC: not for us at L2.
  r = Rx(nif,
         PadTo60(Eth(kOtherMac, kPeerMac, 0x0806,
                     Arp(1, kPeerMac, A().peer4, MacAddress{}, A().our4))),
         Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kNotForUs);
  CHECK(tx.size() == 0);
  // Malformed: wrong hardware type, wrong opcode, short.
  Bytes bad = Arp(1, kPeerMac, A().peer4, MacAddress{}, A().our4);
  bad[1] = 6;
  r = Rx(nif, PadTo60(Eth(kBroadcast, kPeerMac, 0x0806, bad)), Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kBadArp);
  bad = Arp(3, kPeerMac, A().peer4, MacAddress{}, A().our4);
  r = Rx(nif, PadTo60(Eth(kBroadcast, kPeerMac, 0x0806, bad)), Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kBadArp);
  bad = Arp(1, kPeerMac, A().peer4, MacAddress{}, A().our4);
  bad.resize(20);
  r = Rx(nif, Eth(kBroadcast, kPeerMac, 0x0806, bad), Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kTooShort);
  CHECK(Drop(nif, RxDropReason::kNotForUs) == 2);
  CHECK(Drop(nif, RxDropReason::kBadArp) == 2);
  CHECK(nif.counters().rx_dropped == 5);
  CHECK(nif.counters().arp_requests_answered == 0);
  // A gratuitous ARP for an unknown address creates nothing...
  r = Rx(nif,
         PadTo60(Eth(kBroadcast, kOtherMac, 0x0806,
                     Arp(1, kOtherMac, A().peer4, MacAddress{}, A().peer4))),
         Ms(0), tx);
  CHECK(r.kind == RxKind::kConsumed);
  CHECK(nif.neighbors().size() == 0);
  // ...but updates an existing entry.
  LearnPeer4(nif, Ms(0));
  REQUIRE(nif.neighbors().size() == 1);
  r = Rx(nif,
         PadTo60(Eth(kBroadcast, kOtherMac, 0x0806,
                     Arp(1, kOtherMac, A().peer4, MacAddress{}, A().peer4))),
         Ms(1), tx);
  CHECK(r.kind == RxKind::kConsumed);
  CHECK(r.share_with_other_shards);
  CHECK(nif.counters().arp_gratuitous_received == 2);
  CHECK(Tx(nif, DefaultSctp(), {A().our4, A().peer4}, Ms(2), tx));
  auto frames = tx.Take();
  REQUIRE(frames.size() == 1);
  CHECK(Sub(frames[0], 0, 6) == Bytes(kOtherMac.begin(), kOtherMac.end()));
}

TEST_CASE("NetInterface: parks frames until the ARP reply, then sends them "
          "in order",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface nif(BaseConfig(), GetEnv().pool);
  VectorSink tx;
  std::vector<Bytes> sent;
  for (uint32_t i = 0; i < 3; ++i) {
    sent.push_back(Sctp(5000, 6000, 0x100 + i, DataChunk(4 + i)));
    CHECK(Tx(nif, sent.back(), {A().our4, A().peer4}, Ms(0), tx));
  }
  auto frames = tx.Take();
  // One ARP request, broadcast, asking for 10.0.0.2 on behalf of 10.0.0.1.
  REQUIRE(frames.size() == 1);
  CHECK(frames[0] == PadTo60(Eth(kBroadcast, kOurMac, 0x0806,
                                 Arp(1, kOurMac, A().our4, MacAddress{},
                                     A().peer4))));
  CHECK(nif.counters().tx_parked == 3);
  CHECK(nif.neighbors().pending() == 3);
  CHECK(nif.NextTimeout() == Ms(1000));
  // The reply releases them in the order they were sent.
  const RxResult r = Rx(nif, ArpReplyFrom(kPeerMac, A().peer4), Ms(5), tx);
  CHECK(r.kind == RxKind::kConsumed);
  CHECK(r.share_with_other_shards);
  CHECK(nif.counters().arp_replies_received == 1);
  frames = tx.Take();
  REQUIRE(frames.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CheckSctpFrame4(frames[i], kPeerMac, A().our4, A().peer4, sent[i]);
  }
  CHECK(nif.neighbors().pending() == 0);
  CHECK(nif.counters().tx_frames == 4);
  // A reply to someone else's request (target not ours) teaches nothing.
  const Bytes foreign = PadTo60(Eth(kOurMac, kOtherMac, 0x0806,
                                    Arp(2, kOtherMac, Ip("10.0.0.3"),
                                        kGatewayMac, Ip("10.0.0.4"))));
  CHECK(Rx(nif, foreign, Ms(6), tx).kind == RxKind::kDropped);
  CHECK(nif.neighbors().Find(Ip("10.0.0.3")) == nullptr);
}

TEST_CASE("NetInterface: retries resolution, then drops the parked frames",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  InterfaceConfig config = BaseConfig();
  config.resolve_attempts = 3;
  config.resolve_retry = Duration::Millis(500);
  NetInterface nif(config, GetEnv().pool);
  VectorSink tx;
  CHECK(Tx(nif, DefaultSctp(), {A().our4, A().peer4}, Ms(0), tx));
  CHECK(Tx(nif, DefaultSctp(), {{}, A().peer4}, Ms(100), tx));
  CHECK(tx.Take().size() == 1);  // one request for both
  nif.Poll(Ms(499), tx);  // early: nothing
  CHECK(tx.size() == 0);
  nif.Poll(Ms(500), tx);
  CHECK(tx.Take().size() == 1);
  CHECK(nif.NextTimeout() == Ms(1000));
  nif.Poll(Ms(1000), tx);
  CHECK(tx.Take().size() == 1);
  CHECK(nif.counters().arp_requests_sent == 3);
  CHECK(nif.counters().tx_resolution_failed == 0);
  nif.Poll(Ms(1500), tx);  // third request unanswered: give up
  CHECK(tx.size() == 0);
  CHECK(nif.counters().tx_resolution_failed == 2);
  CHECK(nif.counters().neighbor_resolutions_failed == 1);
  CHECK(nif.neighbors().size() == 0);
  CHECK(nif.neighbors().pending() == 0);
  CHECK_FALSE(nif.NextTimeout().has_value());
}

TEST_CASE("NetInterface: parking is bounded across all neighbours",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  InterfaceConfig config = BaseConfig();
  config.max_pending_packets = 2;
  config.neighbor_capacity = 2;
  NetInterface nif(config, GetEnv().pool);
  VectorSink tx;
  CHECK(Tx(nif, DefaultSctp(), {A().our4, A().peer4}, Ms(0), tx));
  CHECK(Tx(nif, DefaultSctp(), {A().our4, Ip("10.0.0.3")}, Ms(0), tx));
  CHECK_FALSE(Tx(nif, DefaultSctp(), {A().our4, A().peer4}, Ms(0), tx));
  CHECK(nif.counters().tx_park_full == 1);
  // Both entries are being resolved: nothing to evict for a third.
  CHECK_FALSE(Tx(nif, DefaultSctp(), {A().our4, Ip("10.0.0.4")}, Ms(0), tx));
  CHECK(nif.counters().neighbor_cache_full == 1);
  tx.Clear();
  nif.Clear();  // frees the parked frames (PoolBalance checks)
  CHECK(nif.neighbors().size() == 0);
}

TEST_CASE("NetInterface: entries go stale, are re-confirmed on use and expire",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  InterfaceConfig config = BaseConfig();
  config.neighbor_lifetime = Duration::Seconds(60);
  config.resolve_retry = Duration::Seconds(1);
  config.resolve_attempts = 2;
  NetInterface nif(config, GetEnv().pool);
  VectorSink tx;
  LearnPeer4(nif, Ms(0));
  CHECK(nif.NextTimeout() == Ms(60'000));
  nif.Poll(Ms(60'000), tx);
  REQUIRE(nif.neighbors().Find(A().peer4) != nullptr);
  auto* e = nif.neighbors().Find(A().peer4);
  CHECK(e->state == NeighborState::kStale);
  // A stale entry still carries traffic, and its use sends a request.
  CHECK(Tx(nif, DefaultSctp(), {A().our4, A().peer4}, Ms(61'000), tx));
  auto frames = tx.Take();
  REQUIRE(frames.size() == 2);
  CHECK(Get16(frames[0], 12) == 0x0806);  // the re-confirmation
  CHECK(Sub(frames[1], 0, 6) == Bytes(kPeerMac.begin(), kPeerMac.end()));
  CHECK(e->state == NeighborState::kProbe);
  // Confirmed: reachable again.
  Rx(nif, ArpReplyFrom(kPeerMac, A().peer4), Ms(61'500), tx);
  CHECK(e->state == NeighborState::kReachable);
  // Not confirmed: after the attempts the entry is gone.
  nif.Poll(Ms(121'500), tx);
  CHECK(e->state == NeighborState::kStale);
  CHECK(Tx(nif, DefaultSctp(), {A().our4, A().peer4}, Ms(122'000), tx));
  nif.Poll(Ms(123'000), tx);
  nif.Poll(Ms(124'000), tx);
  CHECK(nif.neighbors().Find(A().peer4) == nullptr);
  CHECK(nif.counters().neighbor_resolutions_failed == 1);
  tx.Clear();
  // An unused stale entry is removed one lifetime later.
  LearnPeer4(nif, Ms(200'000));
  nif.Poll(Ms(260'000), tx);
  CHECK(nif.neighbors().size() == 1);
  nif.Poll(Ms(319'999), tx);
  CHECK(nif.neighbors().size() == 1);
  nif.Poll(Ms(320'000), tx);
  CHECK(nif.neighbors().size() == 0);
  CHECK(nif.counters().neighbors_expired == 1);
  CHECK(tx.size() == 0);
}

TEST_CASE("NetInterface: off-link destinations go through the gateway",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface nif(BaseConfig(), GetEnv().pool);
  VectorSink tx;
  const Bytes sctp = DefaultSctp();
  CHECK(Tx(nif, sctp, {A().our4, A().far4}, Ms(0), tx));
  auto frames = tx.Take();
  REQUIRE(frames.size() == 1);
  // The request asks for the gateway, not for the far address.
  CHECK(Sub(frames[0], 14 + 24, 4) == Bytes{10, 0, 0, 254});
  Rx(nif, ArpReplyFrom(kGatewayMac, A().gw4), Ms(1), tx);
  frames = tx.Take();
  REQUIRE(frames.size() == 1);
  CheckSctpFrame4(frames[0], kGatewayMac, A().our4, A().far4, sctp);
  // Without a gateway: no route.
  InterfaceConfig config = BaseConfig();
  config.gateway_v4 = {};
  NetInterface isolated(config, GetEnv().pool);
  CHECK_FALSE(Tx(isolated, sctp, {A().our4, A().far4}, Ms(0), tx));
  CHECK(isolated.counters().tx_no_route == 1);
  // A source that is not ours, or of the other family: refused.
  CHECK_FALSE(Tx(nif, sctp, {Ip("10.0.0.77"), A().peer4}, Ms(0), tx));
  CHECK_FALSE(Tx(nif, sctp, {A().our6, A().peer4}, Ms(0), tx));
  CHECK(nif.counters().tx_no_source == 2);
  CHECK(tx.size() == 0);
}

TEST_CASE("NetInterface: Send refuses frames without headroom or over the MTU",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  InterfaceConfig config = BaseConfig();
  config.mtu = 200;
  NetInterface nif(config, GetEnv().pool);
  VectorSink tx;
  LearnPeer4(nif, Ms(0));
  CHECK_FALSE(Tx(nif, Sctp(1, 2, 3, DataChunk(200)), {A().our4, A().peer4},
                 Ms(0), tx));
  CHECK(nif.counters().tx_too_big == 1);
  rte_mbuf* m = rte_pktmbuf_alloc(GetEnv().pool);
  REQUIRE(m != nullptr);
  m->data_off = 20;  // less than Ethernet + IPv4
  const Bytes sctp = DefaultSctp();
  std::memcpy(rte_pktmbuf_append(m, static_cast<uint16_t>(sctp.size())),
              sctp.data(), sctp.size());
  CHECK_FALSE(nif.Send(m, {A().our4, A().peer4}, Ms(0), tx));
  CHECK(nif.counters().tx_no_headroom == 1);
  // A sink that refuses: the frame is gone, Send says so.
  tx.refuse = true;
  CHECK_FALSE(Tx(nif, sctp, {A().our4, A().peer4}, Ms(0), tx));
  CHECK(nif.counters().tx_sink_refused == 1);
  CHECK(tx.size() == 0);
}

TEST_CASE("NetInterface: VLAN tags are checked on RX and added on TX",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  InterfaceConfig config = BaseConfig();
  config.vlan_id = 100;
  NetInterface nif(config, GetEnv().pool);
  VectorSink tx;
  const Bytes sctp = DefaultSctp();
  const Bytes ip = Ipv4(A().peer4, A().our4, 132, sctp);
  // Tagged 100 (priority bits set): accepted.
  RxResult r = Rx(nif, Eth(kOurMac, kPeerMac, 0x0800, ip, 0xA000 | 100),
                  Ms(0), tx);
  REQUIRE(r.kind == RxKind::kSctp);
  CHECK(r.sctp_offset == 18 + 20);
  CHECK(r.sctp_length == sctp.size());
  // Another VLAN, untagged, or stacked tags: wrong VLAN.
  r = Rx(nif, Eth(kOurMac, kPeerMac, 0x0800, ip, 200), Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kWrongVlan);
  r = Rx(nif, Eth(kOurMac, kPeerMac, 0x0800, ip), Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kWrongVlan);
  Bytes inner = Eth(kOurMac, kPeerMac, 0x0800, ip, 100);
  Bytes qinq = Eth(kOurMac, kPeerMac, 0x8100, Sub(inner, 14, inner.size() - 14),
                   100);
  r = Rx(nif, qinq, Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kWrongVlan);
  CHECK(Drop(nif, RxDropReason::kWrongVlan) == 3);
  // Stripped by the NIC: the TCI comes from the mbuf.
  RxOpts stripped;
  stripped.ol_flags = RTE_MBUF_F_RX_VLAN_STRIPPED | RTE_MBUF_F_RX_VLAN;
  stripped.vlan_tci = 100;
  r = Rx(nif, Eth(kOurMac, kPeerMac, 0x0800, ip), Ms(0), tx, stripped);
  CHECK(r.kind == RxKind::kSctp);
  CHECK(r.sctp_offset == 14 + 20);
  stripped.vlan_tci = 101;
  r = Rx(nif, Eth(kOurMac, kPeerMac, 0x0800, ip), Ms(0), tx, stripped);
  CHECK(r.drop_reason == RxDropReason::kWrongVlan);
  // TX: ARP request and SCTP both carry the tag.
  CHECK(Tx(nif, sctp, {A().our4, A().peer4}, Ms(0), tx));
  auto frames = tx.Take();
  REQUIRE(frames.size() == 1);
  CHECK(Get16(frames[0], 12) == 0x8100);
  CHECK(Get16(frames[0], 14) == 100);
  CHECK(Get16(frames[0], 16) == 0x0806);
  r = Rx(nif,
         PadTo60(Eth(kOurMac, kPeerMac, 0x0806,
                     Arp(2, kPeerMac, A().peer4, kOurMac, A().our4), 100)),
         Ms(1), tx);
  CHECK(r.kind == RxKind::kConsumed);
  frames = tx.Take();
  REQUIRE(frames.size() == 1);
  CHECK(Get16(frames[0], 12) == 0x8100);
  CHECK(Get16(frames[0], 14) == 100);
  CHECK(Get16(frames[0], 16) == 0x0800);
  CHECK(Sub(frames[0], 18 + 20, sctp.size()) == sctp);
  // Untagged interface: tagged frames are not ours, priority tags are.
  NetInterface plain(BaseConfig(), GetEnv().pool);
  r = Rx(plain, Eth(kOurMac, kPeerMac, 0x0800, ip, 5), Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kWrongVlan);
  r = Rx(plain, Eth(kOurMac, kPeerMac, 0x0800, ip, 0x2000), Ms(0), tx);
  CHECK(r.kind == RxKind::kSctp);
}

TEST_CASE("NetInterface: IPv4 header errors are each counted", "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface nif(BaseConfig(), GetEnv().pool);
  VectorSink tx;
  const Bytes sctp = DefaultSctp();
  auto frame = [&](const V4Opts& o, const IpAddress& dst) {
    return Eth(kOurMac, kPeerMac, 0x0800, Ipv4(A().peer4, dst, 132, sctp, o));
  };
  const auto reason = [&](const Bytes& f, RxOpts o = {}) {
    const RxResult r = Rx(nif, f, Ms(0), tx, o);
    return r.kind == RxKind::kDropped ? r.drop_reason : RxDropReason::kCount;
  };
  // The good one, also with IPv4 options and with Ethernet padding.
  RxResult ok = Rx(nif, frame({}, A().our4), Ms(0), tx);
  REQUIRE(ok.kind == RxKind::kSctp);
  CHECK(ok.addresses.src == A().peer4);
  CHECK(ok.addresses.dst == A().our4);
  CHECK_FALSE(ok.udp_encapsulated);
  V4Opts with_options;
  with_options.version_ihl = 0x46;
  with_options.options = {1, 1, 1, 0};  // NOP NOP NOP EOL
  ok = Rx(nif, frame(with_options, A().our4), Ms(0), tx);
  CHECK(ok.kind == RxKind::kSctp);
  CHECK(ok.sctp_offset == 14 + 24);
  Bytes padded = frame({}, A().our4);
  padded.resize(padded.size() + 7, 0);
  ok = Rx(nif, padded, Ms(0), tx);
  CHECK(ok.sctp_length == sctp.size());

  V4Opts o;
  o.version_ihl = 0x55;
  CHECK(reason(frame(o, A().our4)) == RxDropReason::kBadIpHeader);
  o = {};
  o.version_ihl = 0x44;
  CHECK(reason(frame(o, A().our4)) == RxDropReason::kBadIpHeader);
  o = {};
  o.total_length_delta = 1;
  CHECK(reason(frame(o, A().our4)) == RxDropReason::kBadIpHeader);
  o = {};
  o.total_length_delta = -static_cast<int>(sctp.size()) - 1;
  CHECK(reason(frame(o, A().our4)) == RxDropReason::kBadIpHeader);
  o = {};
  o.bad_checksum = true;
  CHECK(reason(frame(o, A().our4)) == RxDropReason::kBadIpv4Checksum);
  RxOpts nic_good;
  nic_good.ol_flags = RTE_MBUF_F_RX_IP_CKSUM_GOOD;
  CHECK(reason(frame(o, A().our4), nic_good) == RxDropReason::kCount);
  CHECK(reason(frame({}, Ip("10.0.0.50"))) == RxDropReason::kNotForUs);
  CHECK(reason(frame({}, Ip("10.0.0.255"))) == RxDropReason::kNotForUs);
  Bytes other_mac = frame({}, A().our4);
  other_mac[5] = 0x42;
  CHECK(reason(other_mac) == RxDropReason::kNotForUs);
  CHECK(reason(Sub(frame({}, A().our4), 0, 30)) == RxDropReason::kTooShort);
  CHECK(reason(Sub(frame({}, A().our4), 0, 10)) == RxDropReason::kTooShort);
  o = {};
  o.flags_offset = 0x2000;  // MF
  CHECK(reason(frame(o, A().our4)) == RxDropReason::kFragment);
  o.flags_offset = 0x0010;  // offset 128
  CHECK(reason(frame(o, A().our4)) == RxDropReason::kFragment);
  // SCTP shorter than its common header.
  CHECK(reason(Eth(kOurMac, kPeerMac, 0x0800,
                   Ipv4(A().peer4, A().our4, 132, Sub(sctp, 0, 8)))) ==
        RxDropReason::kTooShort);
  CHECK(Drop(nif, RxDropReason::kBadIpHeader) == 4);
  CHECK(Drop(nif, RxDropReason::kBadIpv4Checksum) == 1);
  CHECK(Drop(nif, RxDropReason::kNotForUs) == 3);
  CHECK(Drop(nif, RxDropReason::kTooShort) == 3);
  CHECK(Drop(nif, RxDropReason::kFragment) == 2);
  CHECK(nif.counters().fragments_dropped == 2);
  CHECK(nif.counters().rx_sctp == 4);
  CHECK(nif.counters().rx_frames == 4 + 13);
}

TEST_CASE("NetInterface: non-SCTP traffic is counted and dropped", "[dpdk]") {
  PoolBalance balance(ReadyPool());
  InterfaceConfig config = BaseConfig();
  config.udp_encapsulation_port = 9899;
  NetInterface nif(config, GetEnv().pool);
  VectorSink tx;
  const auto reason = [&](const Bytes& f) {
    const RxResult r = Rx(nif, f, Ms(0), tx);
    return r.kind == RxKind::kDropped ? r.drop_reason : RxDropReason::kCount;
  };
  const Bytes tcp(20, 0x11);
  CHECK(reason(Eth(kOurMac, kPeerMac, 0x0800,
                   Ipv4(A().peer4, A().our4, 6, tcp))) ==
        RxDropReason::kNotSctp);
  CHECK(reason(Eth(kOurMac, kPeerMac, 0x0800,
                   Ipv4(A().peer4, A().our4, 17,
                        Udp(53, 53, Bytes(12, 0), A().peer4, A().our4)))) ==
        RxDropReason::kNotSctp);
  CHECK(reason(Eth(kOurMac, kPeerMac, 0x86DD,
                   Ipv6(A().peer6, A().our6, 6, tcp))) ==
        RxDropReason::kNotSctp);
  CHECK(reason(Eth(kOurMac, kPeerMac, 0x88CC, Bytes(46, 0))) ==
        RxDropReason::kUnsupportedEtherType);
  CHECK(Drop(nif, RxDropReason::kNotSctp) == 3);
  CHECK(Drop(nif, RxDropReason::kUnsupportedEtherType) == 1);
  // IPv6 extension headers: Hop-by-Hop and Destination Options are walked;
  // a Fragment header or ESP is refused.
  const Bytes sctp = DefaultSctp();
  Bytes hbh = {60, 0, 1, 4, 0, 0, 0, 0};  // next: Destination Options
  Bytes dst_opts = {132, 0, 1, 4, 0, 0, 0, 0};
  Bytes chain = hbh;
  Append(chain, dst_opts);
  Append(chain, sctp);
  RxResult r = Rx(nif, Eth(kOurMac, kPeerMac, 0x86DD,
                           Ipv6(A().peer6, A().our6, 0, chain)),
                  Ms(0), tx);
  REQUIRE(r.kind == RxKind::kSctp);
  CHECK(r.sctp_offset == 14 + 40 + 16);
  CHECK(r.sctp_length == sctp.size());
  Bytes frag = {132, 0, 0, 1, 0, 0, 0, 7};
  Append(frag, sctp);
  CHECK(reason(Eth(kOurMac, kPeerMac, 0x86DD,
                   Ipv6(A().peer6, A().our6, 44, frag))) ==
        RxDropReason::kFragment);
  CHECK(reason(Eth(kOurMac, kPeerMac, 0x86DD,
                   Ipv6(A().peer6, A().our6, 50, Bytes(40, 0)))) ==
        RxDropReason::kIpv6ExtensionHeader);
  // Hop-by-Hop after another extension header: refused.
  Bytes late = dst_opts;
  late[0] = 0;
  Append(late, hbh);
  CHECK(reason(Eth(kOurMac, kPeerMac, 0x86DD,
                   Ipv6(A().peer6, A().our6, 60, late))) ==
        RxDropReason::kIpv6ExtensionHeader);
  // An extension header running past the payload.
  CHECK(reason(Eth(kOurMac, kPeerMac, 0x86DD,
                   Ipv6(A().peer6, A().our6, 60, {132, 4, 0, 0, 0, 0, 0, 0}))) ==
        RxDropReason::kTooShort);
  // IPv6 to an address that is not ours.
  CHECK(reason(SctpFrame6(sctp, A().peer6, Ip("2001:db8::99"))) ==
        RxDropReason::kNotForUs);
}

TEST_CASE("NetInterface: answers Neighbor Solicitations for our addresses",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface nif(BaseConfig(), GetEnv().pool);
  VectorSink tx;
  const IpAddress group = SolicitedNodeAddress(A().our6);
  CHECK(group == Ip("ff02::1:ff00:1"));
  const MacAddress group_mac = Ipv6MulticastMac(group);
  CHECK(group_mac == MacAddress{0x33, 0x33, 0xff, 0x00, 0x00, 0x01});
  const Bytes ns = Eth(
      group_mac, kPeerMac, 0x86DD,
      Ipv6(A().peer6, group, 58,
           Icmp6(135, 0, 0, NdBody(A().our6, 1, kPeerMac), A().peer6, group),
           255));
  RxResult r = Rx(nif, ns, Ms(0), tx);
  CHECK(r.kind == RxKind::kConsumed);
  CHECK(r.share_with_other_shards);
  auto frames = tx.Take();
  REQUIRE(frames.size() == 1);
  // RFC 4861 §7.2.4: unicast to the solicitor, Solicited and Override set,
  // our MAC in a Target Link-Layer Address option; the checksum is
  // recomputed here independently.
  const Bytes expected = Eth(
      kPeerMac, kOurMac, 0x86DD,
      Ipv6(A().our6, A().peer6, 58,
           Icmp6(136, 0, 0x60000000, NdBody(A().our6, 2, kOurMac), A().our6,
                 A().peer6),
           255));
  CHECK(frames[0] == expected);
  CHECK(RefChecksum(Sub(frames[0], 54, 32),
                    RefPseudo(A().our6, A().peer6, 58, 32)) == 0);
  CHECK(nif.counters().nd_solicitations_answered == 1);
  // The solicitor was learned.
  CHECK(Tx(nif, DefaultSctp(), {A().our6, A().peer6}, Ms(1), tx));
  frames = tx.Take();
  REQUIRE(frames.size() == 1);
  CHECK(Get16(frames[0], 12) == 0x86DD);
  CHECK(Sub(frames[0], 0, 6) == Bytes(kPeerMac.begin(), kPeerMac.end()));
  CHECK(frames[0][14 + 6] == 132);

  // Duplicate Address Detection: from ::, answered to all-nodes without S.
  const IpAddress unspecified = Ip("::");
  const Bytes dad = Eth(
      group_mac, kOtherMac, 0x86DD,
      Ipv6(unspecified, group, 58,
           Icmp6(135, 0, 0, NdBody(A().our6, 0, {}), unspecified, group),
           255));
  r = Rx(nif, dad, Ms(2), tx);
  CHECK(r.kind == RxKind::kConsumed);
  CHECK_FALSE(r.share_with_other_shards);
  frames = tx.Take();
  REQUIRE(frames.size() == 1);
  const IpAddress all_nodes = Ip("ff02::1");
  CHECK(frames[0] ==
        Eth(Ipv6MulticastMac(all_nodes), kOurMac, 0x86DD,
            Ipv6(A().our6, all_nodes, 58,
                 Icmp6(136, 0, 0x20000000, NdBody(A().our6, 2, kOurMac),
                       A().our6, all_nodes),
                 255)));
  // Invalid: hop limit not 255; bad checksum; a target not ours.
  Bytes low_hop = Eth(
      group_mac, kPeerMac, 0x86DD,
      Ipv6(A().peer6, group, 58,
           Icmp6(135, 0, 0, NdBody(A().our6, 1, kPeerMac), A().peer6, group),
           64));
  r = Rx(nif, low_hop, Ms(3), tx);
  CHECK(r.drop_reason == RxDropReason::kBadNeighborDiscovery);
  Bytes bad_sum = ns;
  bad_sum[14 + 40 + 2] ^= 1;
  r = Rx(nif, bad_sum, Ms(3), tx);
  CHECK(r.drop_reason == RxDropReason::kBadIcmp);
  const IpAddress other = Ip("2001:db8::77");
  const IpAddress other_group = SolicitedNodeAddress(other);
  r = Rx(nif,
         Eth(Ipv6MulticastMac(other_group), kPeerMac, 0x86DD,
             Ipv6(A().peer6, other_group, 58,
                  Icmp6(135, 0, 0, NdBody(other, 1, kPeerMac), A().peer6,
                        other_group),
                  255)),
         Ms(3), tx);
  CHECK(r.drop_reason == RxDropReason::kNotForUs);
  CHECK(tx.size() == 0);
}

TEST_CASE("NetInterface: resolves IPv6 next hops with Neighbor Solicitations",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface nif(BaseConfig(), GetEnv().pool);
  VectorSink tx;
  const Bytes sctp = DefaultSctp();
  CHECK(Tx(nif, sctp, {A().our6, A().peer6}, Ms(0), tx));
  auto frames = tx.Take();
  REQUIRE(frames.size() == 1);
  const IpAddress group = Ip("ff02::1:ff00:2");
  CHECK(frames[0] ==
        Eth({0x33, 0x33, 0xff, 0, 0, 2}, kOurMac, 0x86DD,
            Ipv6(A().our6, group, 58,
                 Icmp6(135, 0, 0, NdBody(A().peer6, 1, kOurMac), A().our6,
                       group),
                 255)));
  CHECK(nif.counters().nd_solicitations_sent == 1);
  // An unsolicited NA for an unknown address creates nothing.
  const IpAddress all_nodes = Ip("ff02::1");
  const IpAddress stranger = Ip("2001:db8::55");
  RxResult r = Rx(nif,
                  Eth({0x33, 0x33, 0, 0, 0, 1}, kOtherMac, 0x86DD,
                      Ipv6(stranger, all_nodes, 58,
                           Icmp6(136, 0, 0x20000000,
                                 NdBody(stranger, 2, kOtherMac), stranger,
                                 all_nodes),
                           255)),
                  Ms(1), tx);
  CHECK(r.kind == RxKind::kConsumed);
  CHECK(nif.neighbors().Find(stranger) == nullptr);
  // The solicited NA completes the entry and releases the frame.
  r = Rx(nif,
         Eth(kOurMac, kPeerMac, 0x86DD,
             Ipv6(A().peer6, A().our6, 58,
                  Icmp6(136, 0, 0x60000000, NdBody(A().peer6, 2, kPeerMac),
                        A().peer6, A().our6),
                  255)),
         Ms(2), tx);
  CHECK(r.kind == RxKind::kConsumed);
  CHECK(r.share_with_other_shards);
  CHECK(nif.counters().nd_advertisements_received == 2);
  frames = tx.Take();
  REQUIRE(frames.size() == 1);
  const Bytes& f = frames[0];
  REQUIRE(f.size() == 14 + 40 + sctp.size());
  CHECK(Sub(f, 0, 6) == Bytes(kPeerMac.begin(), kPeerMac.end()));
  CHECK(Get32(f, 14) == 0x60000000);
  CHECK(Get16(f, 18) == sctp.size());
  CHECK(f[20] == 132);
  CHECK(f[21] == 64);
  CHECK(Sub(f, 22, 16) == Bytes(A().our6.bytes.begin(), A().our6.bytes.end()));
  CHECK(Sub(f, 38, 16) ==
        Bytes(A().peer6.bytes.begin(), A().peer6.bytes.end()));
  CHECK(Sub(f, 54, sctp.size()) == sctp);
  // Without the Override flag another address does not replace it; with
  // it, it does.
  const auto na = [&](uint32_t flags, const MacAddress& mac) {
    return Eth(kOurMac, kOtherMac, 0x86DD,
               Ipv6(A().peer6, A().our6, 58,
                    Icmp6(136, 0, flags, NdBody(A().peer6, 2, mac), A().peer6,
                          A().our6),
                    255));
  };
  Rx(nif, na(0x40000000, kOtherMac), Ms(3), tx);
  CHECK(nif.neighbors().Find(A().peer6)->mac == kPeerMac);
  Rx(nif, na(0x60000000, kOtherMac), Ms(3), tx);
  CHECK(nif.neighbors().Find(A().peer6)->mac == kOtherMac);
  // A solicited NA to a multicast address is invalid (RFC 4861 §7.1.2).
  r = Rx(nif,
         Eth({0x33, 0x33, 0, 0, 0, 1}, kPeerMac, 0x86DD,
             Ipv6(A().peer6, all_nodes, 58,
                  Icmp6(136, 0, 0x60000000, NdBody(A().peer6, 2, kPeerMac),
                        A().peer6, all_nodes),
                  255)),
         Ms(3), tx);
  CHECK(r.drop_reason == RxDropReason::kBadNeighborDiscovery);
  // An option of length zero is invalid (RFC 4861 §4.6).
  Bytes zero_option = NdBody(A().peer6, 2, kPeerMac);
  zero_option[17] = 0;
  r = Rx(nif,
         Eth(kOurMac, kPeerMac, 0x86DD,
             Ipv6(A().peer6, A().our6, 58,
                  Icmp6(136, 0, 0x60000000, zero_option, A().peer6,
                        A().our6),
                  255)),
         Ms(3), tx);
  CHECK(r.drop_reason == RxDropReason::kBadNeighborDiscovery);
}

// An ICMPv4 error from the gateway quoting `quoted` (IP header onward).
Bytes IcmpError4(uint8_t code, uint16_t mtu, const Bytes& quoted) {
  return Eth(kOurMac, kGatewayMac, 0x0800,
             Ipv4(A().gw4, A().our4, 1, Icmp4(3, code, mtu, quoted)));
}

TEST_CASE("NetInterface: decodes ICMP errors about our SCTP packets",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface nif(BaseConfig(), GetEnv().pool);
  VectorSink tx;
  // The packet we sent: an INIT (tag 0) from 10.0.0.1:5000 to
  // 192.0.2.5:6000 carrying Initiate Tag 0xCAFEF00D.
  const Bytes sent = Ipv4(A().our4, A().far4, 132,
                          Sctp(5000, 6000, 0, InitChunk(0xCAFEF00D)));
  RxResult r = Rx(nif, IcmpError4(4, 1400, sent), Ms(0), tx);
  REQUIRE(r.kind == RxKind::kIcmpError);
  const endpoint::IcmpError& e = r.icmp;
  CHECK(e.kind == endpoint::IcmpErrorKind::kPacketTooBig);
  CHECK(e.next_hop_mtu == 1400);
  CHECK(e.addresses.src == A().our4);
  CHECK(e.addresses.dst == A().far4);
  CHECK(e.source_port == 5000);
  CHECK(e.destination_port == 6000);
  CHECK(e.tag == VerificationTag(0));
  CHECK(e.has_first_chunk);
  CHECK(e.first_chunk_type == 1);
  CHECK(e.has_initiate_tag);
  CHECK(e.initiate_tag == VerificationTag(0xCAFEF00D));
  CHECK(r.addresses.src == A().gw4);
  CHECK(nif.counters().icmp_errors == 1);
  // RFC 792 quotes only 8 bytes past the IP header: ports and tag, no chunk.
  const Bytes data = Ipv4(A().our4, A().peer4, 132, DefaultSctp());
  r = Rx(nif, IcmpError4(3, 0, Sub(data, 0, 28)), Ms(0), tx);
  REQUIRE(r.kind == RxKind::kIcmpError);
  CHECK(r.icmp.kind == endpoint::IcmpErrorKind::kPortUnreachable);
  CHECK(r.icmp.tag == VerificationTag(0x11223344));
  CHECK(r.icmp.next_hop_mtu == 0);
  CHECK_FALSE(r.icmp.has_first_chunk);
  CHECK_FALSE(r.icmp.has_initiate_tag);
  // Quoting a DATA chunk: a first chunk type, no Initiate Tag.
  r = Rx(nif, IcmpError4(2, 0, data), Ms(0), tx);
  REQUIRE(r.kind == RxKind::kIcmpError);
  CHECK(r.icmp.kind == endpoint::IcmpErrorKind::kProtocolUnreachable);
  CHECK(r.icmp.has_first_chunk);
  CHECK(r.icmp.first_chunk_type == 0);
  CHECK_FALSE(r.icmp.has_initiate_tag);
  r = Rx(nif, IcmpError4(1, 0, data), Ms(0), tx);
  CHECK(r.icmp.kind == endpoint::IcmpErrorKind::kUnreachable);
  // Refused: quote too short, not from us, not SCTP, bad checksum.
  const auto reason = [&](const Bytes& f) {
    const RxResult x = Rx(nif, f, Ms(0), tx);
    return x.kind == RxKind::kDropped ? x.drop_reason : RxDropReason::kCount;
  };
  CHECK(reason(IcmpError4(4, 1400, Sub(data, 0, 27))) ==
        RxDropReason::kBadIcmp);
  CHECK(reason(IcmpError4(4, 1400, Ipv4(A().peer4, A().our4, 132,
                                        DefaultSctp()))) ==
        RxDropReason::kBadIcmp);
  CHECK(reason(IcmpError4(4, 1400, Ipv4(A().our4, A().peer4, 6,
                                        Bytes(20, 0)))) ==
        RxDropReason::kBadIcmp);
  Bytes bad_sum = IcmpError4(4, 1400, data);
  bad_sum[14 + 20 + 2] ^= 0x10;
  CHECK(reason(bad_sum) == RxDropReason::kBadIcmp);
  // Other ICMP: time exceeded, echo reply.
  CHECK(reason(Eth(kOurMac, kGatewayMac, 0x0800,
                   Ipv4(A().gw4, A().our4, 1, Icmp4(11, 0, 0, data)))) ==
        RxDropReason::kUnhandledIcmp);
  CHECK(reason(Eth(kOurMac, kGatewayMac, 0x0800,
                   Ipv4(A().gw4, A().our4, 1, Icmp4(0, 0, 0, {})))) ==
        RxDropReason::kUnhandledIcmp);
  CHECK(Drop(nif, RxDropReason::kBadIcmp) == 4);
  CHECK(nif.counters().icmp_errors == 4);
}

TEST_CASE("NetInterface: decodes ICMPv6 errors about our SCTP packets",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface nif(BaseConfig(), GetEnv().pool);
  VectorSink tx;
  const IpAddress router = Ip("2001:db8::fe");
  const Bytes sent = Ipv6(A().our6, A().peer6, 132,
                          Sctp(7000, 8000, 0xAABBCCDD, DataChunk(100)));
  const auto error = [&](uint8_t type, uint8_t code, uint32_t rest,
                         const Bytes& quoted) {
    return Eth(kOurMac, kGatewayMac, 0x86DD,
               Ipv6(router, A().our6, 58,
                    Icmp6(type, code, rest, quoted, router, A().our6)));
  };
  RxResult r = Rx(nif, error(2, 0, 1280, sent), Ms(0), tx);
  REQUIRE(r.kind == RxKind::kIcmpError);
  const endpoint::IcmpError& e = r.icmp;
  CHECK(e.kind == endpoint::IcmpErrorKind::kPacketTooBig);
  CHECK(e.next_hop_mtu == 1280);
  CHECK(e.addresses.src == A().our6);
  CHECK(e.addresses.dst == A().peer6);
  CHECK(e.source_port == 7000);
  CHECK(e.destination_port == 8000);
  CHECK(e.tag == VerificationTag(0xAABBCCDD));
  CHECK(e.has_first_chunk);
  CHECK(e.first_chunk_type == 0);
  CHECK_FALSE(e.has_initiate_tag);
  r = Rx(nif, error(1, 4, 0, sent), Ms(0), tx);
  REQUIRE(r.kind == RxKind::kIcmpError);
  CHECK(r.icmp.kind == endpoint::IcmpErrorKind::kPortUnreachable);
  CHECK(r.icmp.next_hop_mtu == 0);
  r = Rx(nif, error(1, 3, 0, sent), Ms(0), tx);
  CHECK(r.icmp.kind == endpoint::IcmpErrorKind::kUnreachable);
  r = Rx(nif, error(4, 1, 40, sent), Ms(0), tx);
  REQUIRE(r.kind == RxKind::kIcmpError);
  CHECK(r.icmp.kind == endpoint::IcmpErrorKind::kProtocolUnreachable);
  r = Rx(nif, error(4, 0, 40, sent), Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kUnhandledIcmp);
  // Truncated quote (7 bytes of SCTP) and bad checksum.
  r = Rx(nif, error(2, 0, 1280, Sub(sent, 0, 47)), Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kBadIcmp);
  Bytes bad = error(2, 0, 1280, sent);
  bad.back() ^= 1;
  r = Rx(nif, bad, Ms(0), tx);
  CHECK(r.drop_reason == RxDropReason::kBadIcmp);
  CHECK(nif.counters().icmp_errors == 4);
}

TEST_CASE("NetInterface: answers echo requests to our addresses", "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface nif(BaseConfig(), GetEnv().pool);
  VectorSink tx;
  const Bytes payload = {'p', 'i', 'n', 'g', 1, 2, 3};
  RxResult r = Rx(nif,
                  Eth(kOurMac, kPeerMac, 0x0800,
                      Ipv4(A().peer4, A().our4, 1,
                           Icmp4(8, 0, 0x12340001, payload))),
                  Ms(0), tx);
  CHECK(r.kind == RxKind::kConsumed);
  auto frames = tx.Take();
  REQUIRE(frames.size() == 1);
  V4Opts reply_opts;
  reply_opts.flags_offset = 0;
  Bytes expected = PadTo60(
      Eth(kPeerMac, kOurMac, 0x0800,
          Ipv4(A().our4, A().peer4, 1, Icmp4(0, 0, 0x12340001, payload),
               reply_opts)));
  expected[18] = frames[0].at(18);  // identification: whatever we chose
  expected[19] = frames[0].at(19);
  expected[24] = frames[0].at(24);  // and the header checksum that follows
  expected[25] = frames[0].at(25);
  CHECK(frames[0] == expected);
  CHECK(RefChecksum(Sub(frames[0], 14, 20)) == 0);
  r = Rx(nif,
         Eth(kOurMac, kPeerMac, 0x86DD,
             Ipv6(A().peer6, A().our6, 58,
                  Icmp6(128, 0, 0x00070002, payload, A().peer6, A().our6))),
         Ms(0), tx);
  CHECK(r.kind == RxKind::kConsumed);
  frames = tx.Take();
  REQUIRE(frames.size() == 1);
  CHECK(frames[0] ==
        Eth(kPeerMac, kOurMac, 0x86DD,
            Ipv6(A().our6, A().peer6, 58,
                 Icmp6(129, 0, 0x00070002, payload, A().our6, A().peer6))));
  CHECK(nif.counters().icmp_echo_answered == 2);
}

TEST_CASE("NetInterface: RFC 6951 UDP encapsulation in both directions",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  InterfaceConfig config = BaseConfig();
  config.udp_encapsulation_port = 9899;
  NetInterface nif(config, GetEnv().pool);
  VectorSink tx;
  LearnPeer4(nif, Ms(0));
  const Bytes sctp = DefaultSctp();
  const Bytes encapsulated =
      Eth(kOurMac, kPeerMac, 0x0800,
          Ipv4(A().peer4, A().our4, 17,
               Udp(40000, 9899, sctp, A().peer4, A().our4)));
  RxOpts split;
  split.segments = {20, 17, 5};  // UDP and SCTP headers across segments
  RxResult r = Rx(nif, encapsulated, Ms(1), tx, split);
  REQUIRE(r.kind == RxKind::kSctp);
  CHECK(r.udp_encapsulated);
  CHECK(r.udp_source_port == 40000);
  CHECK(r.sctp_offset == 14 + 20 + 8);
  CHECK(r.sctp_length == sctp.size());
  CHECK(Sub(encapsulated, r.sctp_offset, r.sctp_length) == sctp);
  CHECK(r.addresses.src == A().peer4);
  CHECK(nif.EncapsulationPort(A().peer4) == 40000);
  CHECK(nif.counters().rx_udp_encapsulated == 1);
  // Send() to that peer encapsulates: source port ours, destination the
  // peer's, UDP checksum over the pseudo-header.
  CHECK(Tx(nif, sctp, {A().our4, A().peer4}, Ms(2), tx));
  auto frames = tx.Take();
  REQUIRE(frames.size() == 1);
  const Bytes& f = frames[0];
  REQUIRE(f.size() == 14 + 20 + 8 + sctp.size());
  CHECK(f[23] == 17);
  CHECK(Get16(f, 16) == 20 + 8 + sctp.size());
  CHECK(RefChecksum(Sub(f, 14, 20)) == 0);
  CHECK(Get16(f, 34) == 9899);
  CHECK(Get16(f, 36) == 40000);
  CHECK(Get16(f, 38) == 8 + sctp.size());
  CHECK(Get16(f, 40) != 0);
  CHECK(RefChecksum(Sub(f, 34, 8 + sctp.size()),
                    RefPseudo(A().our4, A().peer4, 17, 8 + sctp.size())) == 0);
  CHECK(Sub(f, 42, sctp.size()) == sctp);
  CHECK(nif.counters().tx_udp_encapsulated == 1);
  // With CRC offload requested, the CRC is computed here instead.
  {
    Bytes unsummed = sctp;
    std::memset(unsummed.data() + 8, 0, 4);
    rte_mbuf* m = CopyToMbufChain(GetEnv().pool, unsummed);
    REQUIRE(m != nullptr);
    m->ol_flags = RTE_MBUF_F_TX_SCTP_CKSUM | RTE_MBUF_F_TX_IPV4;
    CHECK(nif.Send(m, {A().our4, A().peer4}, Ms(3), tx));
    REQUIRE(tx.mbufs().size() == 1);
    CHECK((tx.mbufs()[0]->ol_flags & RTE_MBUF_F_TX_L4_MASK) == 0);
    frames = tx.Take();
    CHECK(Sub(frames[0], 42, sctp.size()) == sctp);
    CHECK(RefChecksum(Sub(frames[0], 34, 8 + sctp.size()),
                      RefPseudo(A().our4, A().peer4, 17, 8 + sctp.size())) ==
          0);
  }
  // A plain SCTP packet from the peer turns encapsulation off (§5.5).
  r = Rx(nif, SctpFrame4(sctp, A().peer4, A().our4), Ms(4), tx);
  CHECK(r.kind == RxKind::kSctp);
  CHECK_FALSE(r.udp_encapsulated);
  CHECK_FALSE(nif.EncapsulationPort(A().peer4).has_value());
  CHECK(Tx(nif, sctp, {A().our4, A().peer4}, Ms(5), tx));
  frames = tx.Take();
  REQUIRE(frames.size() == 1);
  CHECK(frames[0][23] == 132);
  // IPv4 with a zero UDP checksum is fine; a wrong one is not; IPv6
  // requires one.
  r = Rx(nif,
         Eth(kOurMac, kPeerMac, 0x0800,
             Ipv4(A().peer4, A().our4, 17,
                  Udp(40001, 9899, sctp, A().peer4, A().our4, true))),
         Ms(6), tx);
  CHECK(r.kind == RxKind::kSctp);
  Bytes wrong = encapsulated;
  wrong[14 + 20 + 6] ^= 0x40;
  r = Rx(nif, wrong, Ms(6), tx);
  CHECK(r.drop_reason == RxDropReason::kMalformedEncapsulation);
  r = Rx(nif,
         Eth(kOurMac, kPeerMac, 0x86DD,
             Ipv6(A().peer6, A().our6, 17,
                  Udp(40000, 9899, sctp, A().peer6, A().our6, true))),
         Ms(6), tx);
  CHECK(r.drop_reason == RxDropReason::kMalformedEncapsulation);
  r = Rx(nif,
         Eth(kOurMac, kPeerMac, 0x86DD,
             Ipv6(A().peer6, A().our6, 17,
                  Udp(40000, 9899, sctp, A().peer6, A().our6))),
         Ms(6), tx);
  REQUIRE(r.kind == RxKind::kSctp);
  CHECK(r.sctp_offset == 14 + 40 + 8);
  // Too short to hold an SCTP common header; source port 0.
  r = Rx(nif,
         Eth(kOurMac, kPeerMac, 0x0800,
             Ipv4(A().peer4, A().our4, 17,
                  Udp(40000, 9899, Sub(sctp, 0, 11), A().peer4, A().our4))),
         Ms(6), tx);
  CHECK(r.drop_reason == RxDropReason::kMalformedEncapsulation);
  r = Rx(nif,
         Eth(kOurMac, kPeerMac, 0x0800,
             Ipv4(A().peer4, A().our4, 17,
                  Udp(0, 9899, sctp, A().peer4, A().our4))),
         Ms(6), tx);
  CHECK(r.drop_reason == RxDropReason::kMalformedEncapsulation);
  CHECK(Drop(nif, RxDropReason::kMalformedEncapsulation) == 4);
  // ICMP errors about encapsulated packets are decoded as well.
  const Bytes quoted = Ipv4(A().our4, A().peer4, 17,
                            Udp(9899, 40000, sctp, A().our4, A().peer4));
  r = Rx(nif, IcmpError4(4, 1300, quoted), Ms(7), tx);
  REQUIRE(r.kind == RxKind::kIcmpError);
  CHECK(r.icmp.next_hop_mtu == 1300);
  CHECK(r.icmp.source_port == 5000);
  CHECK(r.icmp.tag == VerificationTag(0x11223344));
  CHECK(tx.size() == 0);
}

TEST_CASE("NetInterface: the encapsulation table forgets the oldest peer",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  InterfaceConfig config = BaseConfig();
  config.udp_encapsulation_port = 9899;
  config.encapsulation_peer_capacity = 2;
  NetInterface nif(config, GetEnv().pool);
  VectorSink tx;
  const Bytes sctp = DefaultSctp();
  const char* peers[] = {"10.0.0.11", "10.0.0.12", "10.0.0.13"};
  for (int i = 0; i < 3; ++i) {
    const IpAddress p = Ip(peers[i]);
    RxResult r = Rx(nif,
                    Eth(kOurMac, kPeerMac, 0x0800,
                        Ipv4(p, A().our4, 17,
                             Udp(static_cast<uint16_t>(1000 + i), 9899, sctp,
                                 p, A().our4))),
                    Ms(i), tx);
    REQUIRE(r.kind == RxKind::kSctp);
  }
  CHECK_FALSE(nif.EncapsulationPort(Ip(peers[0])).has_value());
  CHECK(nif.EncapsulationPort(Ip(peers[1])) == 1001);
  CHECK(nif.EncapsulationPort(Ip(peers[2])) == 1002);
  CHECK(nif.counters().encapsulation_peers_evicted == 1);
}

TEST_CASE("NetInterface: learn_only replays keep other lcores' caches in step",
          "[dpdk]") {
  PoolBalance balance(ReadyPool());
  NetInterface a(BaseConfig(), GetEnv().pool);  // receives everything
  NetInterface b(BaseConfig(), GetEnv().pool);  // sends
  VectorSink tx_a;
  VectorSink tx_b;
  const Bytes sctp = DefaultSctp();
  CHECK(Tx(b, sctp, {A().our4, A().peer4}, Ms(0), tx_b));
  CHECK(tx_b.Take().size() == 1);  // the ARP request
  // The reply lands on lcore a, which shares it.
  rte_mbuf* m = CopyToMbufChain(GetEnv().pool, ArpReplyFrom(kPeerMac,
                                                            A().peer4));
  REQUIRE(m != nullptr);
  const RxResult r = a.Receive(m, Ms(1), tx_a);
  REQUIRE(r.share_with_other_shards);
  const RxResult replay = b.Receive(m, Ms(1), tx_b, true);
  rte_pktmbuf_free(m);
  CHECK(replay.kind == RxKind::kConsumed);
  CHECK_FALSE(replay.share_with_other_shards);
  CHECK(b.counters().rx_learn_only == 1);
  CHECK(b.counters().rx_frames == 0);
  CHECK(b.counters().arp_replies_received == 0);
  auto frames = tx_b.Take();
  REQUIRE(frames.size() == 1);
  CheckSctpFrame4(frames[0], kPeerMac, A().our4, A().peer4, sctp);
  // A request replayed with learn_only is not answered again.
  const Bytes request = PadTo60(Eth(
      kBroadcast, kOtherMac, 0x0806,
      Arp(1, kOtherMac, Ip("10.0.0.3"), MacAddress{}, A().our4)));
  CHECK(Rx(b, request, Ms(2), tx_b, RxOpts{0, 0, {}, true}).kind ==
        RxKind::kConsumed);
  CHECK(tx_b.size() == 0);
  CHECK(b.neighbors().Find(Ip("10.0.0.3")) != nullptr);
  CHECK(tx_a.size() == 0);
}

TEST_CASE("ClassifyFrame: segmentation does not change the result", "[dpdk]") {
  InterfaceConfig config = BaseConfig();
  ClassifyContext ctx;
  ctx.mac = kOurMac;
  ctx.addresses = config.addresses;
  ctx.udp_encapsulation_port = 9899;
  const Bytes sctp = Sctp(1, 2, 3, InitChunk(4));
  const std::vector<Bytes> frames = {
      SctpFrame4(sctp, A().peer4, A().our4),
      SctpFrame6(sctp, A().peer6, A().our6),
      IcmpError4(4, 1400, Ipv4(A().our4, A().far4, 132, sctp)),
      Eth(kOurMac, kPeerMac, 0x0800,
          Ipv4(A().peer4, A().our4, 17,
               Udp(40000, 9899, sctp, A().peer4, A().our4))),
  };
  for (const Bytes& f : frames) {
    const FrameInfo whole = ClassifyFrame(buf::PacketView(f), ctx);
    REQUIRE(whole.kind != FrameKind::kDropped);
    for (size_t cut = 1; cut < f.size(); cut += 3) {
      buf::PacketView split;
      split.AppendSegment(std::span<const uint8_t>(f).first(cut));
      split.AppendSegment(std::span<const uint8_t>(f).subspan(cut));
      const FrameInfo part = ClassifyFrame(split, ctx);
      QCHECK(part.kind == whole.kind);
      QCHECK(part.sctp_offset == whole.sctp_offset);
      QCHECK(part.sctp_length == whole.sctp_length);
      QCHECK(part.icmp.tag == whole.icmp.tag);
      QCHECK(part.icmp.initiate_tag == whole.icmp.initiate_tag);
    }
  }
}

TEST_CASE("InPrefix: compares the first prefix_length bits", "[dpdk]") {
  CHECK(InPrefix({Ip("10.0.0.1"), 24}, Ip("10.0.0.200")));
  CHECK_FALSE(InPrefix({Ip("10.0.0.1"), 24}, Ip("10.0.1.1")));
  CHECK(InPrefix({Ip("10.0.0.1"), 23}, Ip("10.0.1.1")));
  CHECK(InPrefix({Ip("10.0.0.1"), 0}, Ip("1.2.3.4")));
  CHECK_FALSE(InPrefix({Ip("10.0.0.1"), 0}, Ip("::1")));
  CHECK(InPrefix({Ip("2001:db8::1"), 64}, Ip("2001:db8::ffff:1")));
  CHECK_FALSE(InPrefix({Ip("2001:db8::1"), 64}, Ip("2001:db8:0:1::1")));
  CHECK(InPrefix({Ip("2001:db8::1"), 128}, Ip("2001:db8::1")));
  CHECK_FALSE(InPrefix({Ip("2001:db8::1"), 127}, Ip("2001:db8::2")));
}

TEST_CASE("NeighborCache: index and parking against a model", "[dpdk]") {
  NeighborCache cache(16, 8);
  std::map<uint32_t, NeighborEntry*> model;
  std::mt19937 rng(7);
  auto key = [](uint32_t k) {
    return IpAddress::V4(10, 1, static_cast<uint8_t>(k >> 8),
                         static_cast<uint8_t>(k));
  };
  for (int step = 0; step < 20000; ++step) {
    const uint32_t k = rng() % 40;
    NeighborEntry* e = cache.Find(key(k));
    const auto it = model.find(k);
    QCHECK((e != nullptr) == (it != model.end()));
    if (it != model.end()) {
      QCHECK(e == it->second);
      if (rng() % 2 == 0) {
        cache.Erase(*e);
        model.erase(it);
      }
    } else if (model.size() < 16) {
      NeighborEntry* n = cache.Insert(key(k));
      QREQUIRE(n != nullptr);
      n->state = NeighborState::kIncomplete;  // never evicted
      model[k] = n;
    }
    QCHECK(cache.size() == model.size());
  }
  // Parking: FIFO per entry, bounded globally.
  for (auto& [k, e] : model) {
    cache.Erase(*e);
  }
  NeighborEntry* x = cache.Insert(key(1));
  NeighborEntry* y = cache.Insert(key(2));
  REQUIRE(x != nullptr);
  REQUIRE(y != nullptr);
  auto fake = [](uintptr_t i) { return reinterpret_cast<rte_mbuf*>(i * 64); };
  for (uintptr_t i = 1; i <= 8; ++i) {
    CHECK(cache.Park(i % 2 ? *x : *y, fake(i)));
  }
  CHECK_FALSE(cache.Park(*x, fake(9)));
  CHECK(cache.pending() == 8);
  CHECK(cache.PopPending(*x) == fake(1));
  CHECK(cache.PopPending(*x) == fake(3));
  CHECK(cache.Park(*y, fake(10)));
  for (uintptr_t i : {2, 4, 6, 8, 10}) {
    CHECK(cache.PopPending(*y) == fake(i));
  }
  CHECK(cache.PopPending(*y) == nullptr);
  CHECK(cache.PopPending(*x) == fake(5));
  CHECK(cache.PopPending(*x) == fake(7));
  CHECK(cache.pending() == 0);
  // A full cache evicts a stale entry without parked frames, never one
  // being resolved.
  NeighborCache small(2, 2);
  NeighborEntry* s1 = small.Insert(key(1));
  NeighborEntry* s2 = small.Insert(key(2));
  CHECK(small.Insert(key(3)) == nullptr);
  s2->state = NeighborState::kStale;
  NeighborEntry* s3 = small.Insert(key(3));
  CHECK(s3 == s2);
  CHECK(small.Find(key(2)) == nullptr);
  CHECK(small.Find(key(1)) == s1);
  CHECK(small.Find(key(3)) == s3);
}

// Random and mutated frames: nothing crashes, every mbuf comes back, and
// what is reported as SCTP lies inside the frame.
TEST_CASE("NetInterface: survives random and mutated frames", "[dpdk]") {
  PoolBalance balance(ReadyPool());
  InterfaceConfig config = BaseConfig();
  config.udp_encapsulation_port = 9899;
  config.vlan_id = 0;
  const Bytes sctp = Sctp(1, 2, 0, InitChunk(9));
  const IpAddress group = SolicitedNodeAddress(A().our6);
  const std::vector<Bytes> templates = {
      SctpFrame4(sctp, A().peer4, A().our4),
      SctpFrame6(sctp, A().peer6, A().our6),
      PadTo60(Eth(kBroadcast, kPeerMac, 0x0806,
                  Arp(1, kPeerMac, A().peer4, MacAddress{}, A().our4))),
      ArpReplyFrom(kPeerMac, A().peer4),
      Eth(Ipv6MulticastMac(group), kPeerMac, 0x86DD,
          Ipv6(A().peer6, group, 58,
               Icmp6(135, 0, 0, NdBody(A().our6, 1, kPeerMac), A().peer6,
                     group),
               255)),
      Eth(kOurMac, kPeerMac, 0x86DD,
          Ipv6(A().peer6, A().our6, 58,
               Icmp6(136, 0, 0x60000000, NdBody(A().peer6, 2, kPeerMac),
                     A().peer6, A().our6),
               255)),
      IcmpError4(4, 1400, Ipv4(A().our4, A().far4, 132, sctp)),
      Eth(kOurMac, kGatewayMac, 0x86DD,
          Ipv6(A().gw6, A().our6, 58,
               Icmp6(2, 0, 1280, Ipv6(A().our6, A().peer6, 132, sctp),
                     A().gw6, A().our6))),
      Eth(kOurMac, kPeerMac, 0x0800,
          Ipv4(A().peer4, A().our4, 17,
               Udp(40000, 9899, sctp, A().peer4, A().our4))),
      Eth(kOurMac, kPeerMac, 0x0800,
          Ipv4(A().peer4, A().our4, 1, Icmp4(8, 0, 1, Bytes(30, 7)))),
      Eth(kOurMac, kPeerMac, 0x0800, Ipv4(A().peer4, A().our4, 132, sctp),
          0),
  };
  for (uint32_t seed : {1u, 2u, 3u}) {
    NetInterface nif(config, GetEnv().pool);
    VectorSink tx;
    std::mt19937 rng(seed);
    int64_t now_ms = 0;
    for (int iter = 0; iter < 2500; ++iter) {
      Bytes f;
      const uint32_t mode = rng() % 8;
      if (mode == 0) {
        f.resize(rng() % 120);
        for (auto& b : f) {
          b = static_cast<uint8_t>(rng());
        }
      } else {
        f = templates[rng() % templates.size()];
        const uint32_t flips = 1 + rng() % 4;
        for (uint32_t i = 0; i < flips && mode < 6; ++i) {
          f[rng() % f.size()] = static_cast<uint8_t>(rng());
        }
        if (mode == 6) {
          f.resize(rng() % (f.size() + 1));
        }
        if (mode == 7) {
          f.resize(f.size() + rng() % 64, static_cast<uint8_t>(rng()));
        }
      }
      RxOpts o;
      const uint32_t nseg = rng() % 4;
      for (uint32_t i = 0; i < nseg; ++i) {
        o.segments.push_back(1 + rng() % 40);
      }
      if (rng() % 8 == 0) {
        o.ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_GOOD;
      }
      if (rng() % 16 == 0) {
        o.ol_flags |= RTE_MBUF_F_RX_VLAN_STRIPPED;
        o.vlan_tci = static_cast<uint16_t>(rng());
      }
      o.learn_only = rng() % 8 == 0;
      const RxResult r = Rx(nif, f, Ms(now_ms), tx, o);
      if (r.kind == RxKind::kSctp) {
        QCHECK(size_t{r.sctp_offset} + r.sctp_length <= f.size());
        QCHECK(r.sctp_length >= 12);
      }
      if (rng() % 4 == 0) {
        const IpAddress dst = rng() % 2 ? A().peer4 : Ip("10.0.0.9");
        Tx(nif, sctp, {{}, rng() % 3 ? dst : A().peer6}, Ms(now_ms), tx);
      }
      now_ms += rng() % 700;
      nif.Poll(Ms(now_ms), tx);
      tx.Clear();
    }
    CHECK(nif.counters().rx_frames + nif.counters().rx_learn_only == 2500);
  }
}

// Writes frames built by NetInterface into a pcap (link type Ethernet) for
// a look with `tshark -V -r`; hidden, not part of the suite.
TEST_CASE("NetInterface: writes a pcap of built frames", "[.][pcap]") {
  ReadyPool();
  InterfaceConfig config = BaseConfig();
  config.vlan_id = 7;
  config.udp_encapsulation_port = 9899;
  NetInterface nif(config, GetEnv().pool);
  VectorSink tx;
  const Bytes sctp = DefaultSctp();
  Tx(nif, sctp, {A().our4, A().peer4}, Ms(0), tx);
  Tx(nif, sctp, {A().our6, A().peer6}, Ms(0), tx);
  Rx(nif,
     PadTo60(Eth(kOurMac, kPeerMac, 0x0806,
                 Arp(1, kPeerMac, A().peer4, MacAddress{}, A().our4), 7)),
     Ms(1), tx);
  Rx(nif,
     Eth(kOurMac, kPeerMac, 0x0800,
         Ipv4(A().peer4, A().our4, 17,
              Udp(40000, 9899, sctp, A().peer4, A().our4)),
         7),
     Ms(1), tx);
  Tx(nif, sctp, {A().our4, A().peer4}, Ms(2), tx);
  Rx(nif,
     Eth(kOurMac, kPeerMac, 0x86DD,
         Ipv6(A().peer6, A().our6, 58,
              Icmp6(135, 0, 0, NdBody(A().our6, 1, kPeerMac), A().peer6,
                    A().our6),
              255),
         7),
     Ms(3), tx);
  Rx(nif,
     Eth(kOurMac, kPeerMac, 0x86DD,
         Ipv6(A().peer6, A().our6, 58,
              Icmp6(128, 0, 0x00010001, Bytes(8, 1), A().peer6, A().our6)),
         7),
     Ms(3), tx);
  Bytes file = {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0,
                0,    0,    0,    0,    0xff, 0xff, 0, 0, 1, 0, 0, 0};
  for (const Bytes& f : tx.Take()) {
    const auto n = static_cast<uint32_t>(f.size());
    const uint8_t rec[16] = {0, 0, 0, 0, 0, 0, 0, 0,
                             static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8), 0, 0,
                             static_cast<uint8_t>(n), static_cast<uint8_t>(n >> 8), 0, 0};
    Append(file, rec);
    Append(file, f);
  }
  const char* path = std::getenv("NETIF_PCAP");
  FILE* out = std::fopen(path != nullptr ? path : "netif_test.pcap", "wb");
  REQUIRE(out != nullptr);
  std::fwrite(file.data(), 1, file.size(), out);
  std::fclose(out);
}

}  // namespace
}  // namespace dpsctp::dpdk
