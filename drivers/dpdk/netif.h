// NetInterface: the L2/L3 layer of the data plane for one (port, lcore).
//
// Receive() classifies each Ethernet frame: SCTP (plain, or UDP-encapsulated
// per RFC 6951) goes to the endpoint by offset; ICMP/ICMPv6 errors about our
// SCTP packets are decoded for the endpoint (RFC 9260 Appendix C); ARP
// (RFC 826) and Neighbor Discovery (RFC 4861) are answered and learned here;
// echo requests to our addresses are answered; everything else is counted
// per reason and dropped. Send() wraps an SCTP packet in [UDP +] IP +
// [802.1Q +] Ethernet and resolves the next hop, parking frames while it
// does.
//
// The parsing core, ClassifyFrame(), is a pure function over a PacketView:
// no DPDK, no state, usable without the EAL (tests, fuzzers). NetInterface
// adds the neighbour cache, the RFC 6951 peer port table, counters and the
// mbufs.
//
// Known limits: IPv4 and IPv6 fragments are dropped and counted (SCTP
// fragments itself, RFC 9260 §6.9; reassembly is not implemented); one
// 802.1Q tag at most. RFC 6951 §5.5 stores a peer's UDP port "after finding
// the SCTP association (which includes checking the verification tag)";
// this layer cannot see associations, so it stores the port of every
// encapsulated packet addressed to us, bounded per peer address.
//
// Thread affinity: one NetInterface per (port, lcore), used only by that
// lcore. Nothing is allocated after construction; every per-packet call is
// noexcept. Frames another lcore received can be replayed here with
// Receive(..., learn_only = true) to keep the caches of all lcores in step.
#ifndef DPSCTP_DRIVERS_DPDK_NETIF_H_
#define DPSCTP_DRIVERS_DPDK_NETIF_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "buf/packet_view.h"
#include "common/address.h"
#include "common/time.h"
#include "drivers/dpdk/l2l3.h"
#include "drivers/dpdk/neighbor_cache.h"
#include "endpoint/icmp.h"

struct rte_mbuf;
struct rte_mempool;

namespace dpsctp::dpdk {

struct IpPrefix {
  IpAddress address;
  uint8_t prefix_length = 0;
};

// True when `a` lies in `prefix` (same family, first prefix_length bits).
bool InPrefix(const IpPrefix& prefix, const IpAddress& a) noexcept;

struct InterfaceConfig {
  MacAddress mac{};  // our MAC (the caller reads it from the port)
  // 0: untagged; 1..4094: 802.1Q tag on TX, only that tag accepted on RX.
  uint16_t vlan_id = 0;
  std::vector<IpPrefix> addresses;  // ours, with the on-link prefix
  IpAddress gateway_v4;             // empty: on-link destinations only
  IpAddress gateway_v6;
  uint16_t mtu = 1500;  // IP MTU of the link
  // RFC 6951 local UDP port; 0 = off (9899 is the IANA port).
  uint16_t udp_encapsulation_port = 0;
  // Not implemented yet: fragments are always dropped and counted.
  bool reassemble_ipv4_fragments = false;
  Duration neighbor_lifetime = Duration::Seconds(60);  // reachable lifetime
  Duration resolve_retry = Duration::Seconds(1);  // ARP request / NS resend
  uint32_t resolve_attempts = 3;  // then parked frames dropped, counted
  uint32_t neighbor_capacity = 256;
  uint32_t max_pending_packets = 64;  // parked while resolving, all together
  // Peers whose RFC 6951 UDP port is remembered; the least recently seen
  // one is forgotten when full.
  uint32_t encapsulation_peer_capacity = 256;
  uint8_t ttl = 64;  // IPv4 TTL / IPv6 Hop Limit of what we send
};

// Where frames go: the caller's TX batch. Push takes ownership of m (even on
// false, in which case the sink frees it and counts a drop).
class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual bool Push(rte_mbuf* m) noexcept = 0;
};

enum class RxKind : uint8_t { kSctp, kIcmpError, kConsumed, kDropped };

enum class RxDropReason : uint8_t {
  kTooShort,
  kWrongVlan,
  kNotForUs,  // destination MAC or IP not ours
  kBadIpHeader,
  kBadIpv4Checksum,
  kFragment,
  kIpv6ExtensionHeader,
  kNotSctp,  // other protocols, including UDP to other ports
  kUnsupportedEtherType,
  kBadArp,
  kBadIcmp,  // malformed, bad checksum, or an error not about our SCTP
  kMalformedEncapsulation,
  kUnhandledIcmp,  // well-formed ICMP we have no use for (redirect, ...)
  kBadNeighborDiscovery,  // RFC 4861 §7.1 validity checks failed
  kCount,
};

std::string_view ToString(RxDropReason r) noexcept;

struct RxResult {
  RxKind kind = RxKind::kDropped;
  // kSctp: the SCTP packet (common header onward) is bytes
  // [sctp_offset, sctp_offset + sctp_length) of the mbuf chain (use
  // PacketViewFromMbuf(m, sctp_offset, sctp_length)); addresses.src = peer.
  uint32_t sctp_offset = 0;
  uint32_t sctp_length = 0;
  PacketAddresses addresses;
  bool udp_encapsulated = false;
  uint16_t udp_source_port = 0;
  // kIcmpError; `addresses` then holds the ICMP message's own (src = the
  // reporting router or host).
  endpoint::IcmpError icmp;
  RxDropReason drop_reason{};  // kDropped
  // kConsumed frames that other lcores' NetInterfaces must also see (ARP
  // carrying a sender mapping, Neighbor Advertisements): the caller hands
  // the same mbuf to each of them with Receive(..., learn_only = true).
  bool share_with_other_shards = false;
};

struct NetCounters {
  uint64_t rx_frames = 0;
  uint64_t rx_learn_only = 0;  // frames replayed from another lcore
  uint64_t rx_sctp = 0;
  uint64_t rx_udp_encapsulated = 0;  // part of rx_sctp
  uint64_t rx_dropped = 0;           // sum of drops[]
  uint64_t drops[static_cast<size_t>(RxDropReason::kCount)] = {};
  uint64_t arp_requests_answered = 0;
  uint64_t arp_replies_received = 0;
  uint64_t arp_gratuitous_received = 0;
  uint64_t arp_requests_sent = 0;
  uint64_t nd_solicitations_answered = 0;
  uint64_t nd_advertisements_received = 0;
  uint64_t nd_solicitations_sent = 0;
  uint64_t icmp_errors = 0;  // decoded and handed to the endpoint
  uint64_t icmp_echo_answered = 0;
  uint64_t fragments_dropped = 0;  // also in drops[kFragment]
  uint64_t fragments_reassembled = 0;  // stays 0 until reassembly exists
  uint64_t reply_pool_empty = 0;  // no mbuf for an ARP/NA/echo reply
  uint64_t tx_frames = 0;  // pushed to the sink (replies, requests, SCTP)
  uint64_t tx_sctp = 0;
  uint64_t tx_udp_encapsulated = 0;  // part of tx_sctp
  uint64_t tx_parked = 0;  // parked at least once while resolving
  uint64_t tx_park_full = 0;  // dropped: all parking slots taken
  uint64_t tx_resolution_failed = 0;  // parked frames dropped on failure
  uint64_t tx_no_route = 0;
  uint64_t tx_no_source = 0;  // source not ours, or families differ
  uint64_t tx_no_headroom = 0;
  uint64_t tx_too_big = 0;  // IP packet over the link MTU
  uint64_t tx_pool_empty = 0;  // no mbuf for an ARP request / NS
  uint64_t tx_sink_refused = 0;  // Push() returned false
  uint64_t neighbor_cache_full = 0;
  uint64_t neighbor_resolutions_failed = 0;
  uint64_t neighbors_expired = 0;
  uint64_t encapsulation_peers_evicted = 0;
};

// ---------------------------------------------------------------------------
// The pure parsing core.

// What ClassifyFrame() needs to know about the interface.
struct ClassifyContext {
  MacAddress mac{};
  uint16_t vlan_id = 0;
  std::span<const IpPrefix> addresses;
  uint16_t udp_encapsulation_port = 0;
  // The NIC verified the IPv4 header checksum (RTE_MBUF_F_RX_IP_CKSUM_GOOD).
  bool ipv4_checksum_good = false;
  // The NIC removed an 802.1Q tag (RTE_MBUF_F_RX_VLAN_STRIPPED); its TCI.
  bool vlan_stripped = false;
  uint16_t stripped_vlan_tci = 0;
};

enum class FrameKind : uint8_t {
  kSctp,
  kIcmpError,
  kArp,
  kNeighborSolicitation,
  kNeighborAdvertisement,
  kEchoRequest,  // ICMPv4 type 8 or ICMPv6 type 128 to one of our addresses
  kDropped,
};

struct ArpMessage {
  uint16_t operation = 0;  // 1 request, 2 reply
  MacAddress sender_mac{};
  IpAddress sender_ip;
  IpAddress target_ip;
};

struct NeighborMessage {
  IpAddress target;
  // Source link-layer address (NS) or Target link-layer address (NA).
  bool has_link_layer_address = false;
  MacAddress link_layer_address{};
  bool router = false;
  bool solicited = false;
  bool override_flag = false;
};

struct FrameInfo {
  FrameKind kind = FrameKind::kDropped;
  RxDropReason drop_reason = RxDropReason::kTooShort;
  MacAddress source_mac{};
  uint32_t l3_offset = 0;
  // IP addresses of the frame (src = sender); for ICMP errors, those of
  // the ICMP message itself.
  PacketAddresses addresses;
  // kSctp.
  uint32_t sctp_offset = 0;
  uint32_t sctp_length = 0;
  bool udp_encapsulated = false;
  uint16_t udp_source_port = 0;
  // kArp.
  ArpMessage arp;
  // kNeighborSolicitation / kNeighborAdvertisement.
  NeighborMessage nd;
  // kIcmpError.
  endpoint::IcmpError icmp;
  // kEchoRequest: the ICMP message (header onward).
  uint32_t icmp_offset = 0;
  uint32_t icmp_length = 0;
};

// Classifies one Ethernet frame. Never reads outside `frame`; any byte
// string is fine. Pure: the same inputs give the same FrameInfo.
FrameInfo ClassifyFrame(const buf::PacketView& frame,
                        const ClassifyContext& context) noexcept;

// The Internet checksum (RFC 1071) folded sum of `data` added to `sum`
// (not complemented). Odd lengths are padded with a zero byte.
uint32_t InternetChecksumAdd(uint32_t sum,
                             std::span<const uint8_t> data) noexcept;
// Folds and complements a running sum into the 16-bit checksum value.
uint16_t InternetChecksumFinish(uint32_t sum) noexcept;
// The IPv4/IPv6 pseudo-header sum for an upper-layer packet of `length`
// bytes with protocol `protocol` (RFC 768, RFC 8200 §8.1).
uint32_t PseudoHeaderSum(const PacketAddresses& addresses, uint8_t protocol,
                         uint32_t length) noexcept;

// The solicited-node multicast address of `a` (RFC 4291 §2.7.1):
// ff02::1:ffXX:XXXX with the low 24 bits of `a`.
IpAddress SolicitedNodeAddress(const IpAddress& a) noexcept;
// The Ethernet multicast MAC of an IPv6 multicast address (RFC 2464 §7):
// 33:33 and the low 32 bits.
MacAddress Ipv6MulticastMac(const IpAddress& a) noexcept;

// ---------------------------------------------------------------------------

class NetInterface {
 public:
  // `pool` supplies the mbufs of ARP/ND requests and replies and echo
  // replies; it must outlive this object.
  NetInterface(const InterfaceConfig& config, rte_mempool* pool);
  ~NetInterface();

  NetInterface(const NetInterface&) = delete;
  NetInterface& operator=(const NetInterface&) = delete;

  // Classifies and handles one received frame. Never takes ownership of
  // `m`; replies (ARP reply, NA, echo reply) and frames released by a
  // resolution are new or parked mbufs pushed into `tx`. With `learn_only`
  // only the neighbour cache is updated (a frame another lcore already
  // answered): nothing is sent except frames parked here that the mapping
  // releases, and only rx_learn_only is counted.
  RxResult Receive(rte_mbuf* m, TimePoint now, FrameSink& tx,
                   bool learn_only = false) noexcept;

  // `m` holds exactly one SCTP packet (common header at m's data start, the
  // CRC already final or RTE_MBUF_F_TX_SCTP_CKSUM set). Prepends [UDP if the
  // peer uses encapsulation] + IP + [802.1Q] + Ethernet (DF set on IPv4;
  // l2_len/l3_len set for offloads) and pushes to `tx`; if the next hop is
  // not resolved yet, parks the frame and sends an ARP request / Neighbor
  // Solicitation. An empty addresses.src picks our address on the
  // destination's prefix (else our first of its family). Takes ownership of
  // `m` in every case. Returns false if `m` was dropped (counted).
  bool Send(rte_mbuf* m, const PacketAddresses& addresses, TimePoint now,
            FrameSink& tx) noexcept;

  // Resends ARP requests / NS, fails resolutions (dropping their parked
  // frames), ages entries. May be called at any time.
  void Poll(TimePoint now, FrameSink& tx) noexcept;
  // When Poll() has work next; may be early, never late.
  std::optional<TimePoint> NextTimeout() const noexcept;

  bool IsLocalAddress(const IpAddress& a) const noexcept;
  const NetCounters& counters() const noexcept { return counters_; }
  const NeighborCache& neighbors() const noexcept { return neighbors_; }

  // The RFC 6951 UDP port Send() uses for `peer`; nullopt: not
  // encapsulated.
  std::optional<uint16_t> EncapsulationPort(const IpAddress& peer) const
      noexcept;

  // Frees parked frames and forgets all neighbours (also done by the
  // destructor).
  void Clear() noexcept;

 private:
  struct EncapPeer {
    IpAddress peer;
    uint16_t port = 0;
    TimePoint last_seen;
    bool in_use = false;
  };

  ClassifyContext Context(const rte_mbuf* m) const noexcept;
  void Count(RxDropReason r) noexcept;
  void HandleArp(const FrameInfo& info, TimePoint now, FrameSink& tx,
                 bool learn_only, RxResult& result) noexcept;
  void HandleNeighborSolicitation(const FrameInfo& info, TimePoint now,
                                  FrameSink& tx, bool learn_only,
                                  RxResult& result) noexcept;
  void HandleNeighborAdvertisement(const FrameInfo& info, TimePoint now,
                                   FrameSink& tx, bool learn_only,
                                   RxResult& result) noexcept;
  void HandleEchoRequest(const rte_mbuf* m, const FrameInfo& info,
                         FrameSink& tx) noexcept;
  // Records a mapping. With create false only an existing entry changes.
  void Learn(const IpAddress& ip, const MacAddress& mac, TimePoint now,
             bool create, FrameSink& tx) noexcept;
  void ReleaseParked(NeighborEntry& e, FrameSink& tx) noexcept;
  void DropParked(NeighborEntry& e) noexcept;
  void SendResolutionRequest(const NeighborEntry& e, FrameSink& tx) noexcept;
  void LearnEncapsulation(const IpAddress& peer, uint16_t port,
                          TimePoint now) noexcept;
  void ForgetEncapsulation(const IpAddress& peer) noexcept;
  std::optional<IpAddress> SourceFor(const IpAddress& dst) const noexcept;
  std::optional<IpAddress> NextHop(const IpAddress& dst) const noexcept;
  bool PushFrame(rte_mbuf* m, FrameSink& tx) noexcept;
  // Writes Ethernet (+ 802.1Q) at p; returns its length.
  size_t WriteL2(uint8_t* p, const MacAddress& dst,
                 uint16_t ether_type) const noexcept;
  size_t L2Size() const noexcept;
  void LowerNextTimeout(TimePoint t) noexcept;

  InterfaceConfig config_;
  rte_mempool* pool_;
  NeighborCache neighbors_;
  std::vector<EncapPeer> encap_peers_;
  std::vector<uint32_t> encap_free_;
  IpIndex encap_index_;
  NetCounters counters_;
  std::optional<TimePoint> next_timeout_;
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_NETIF_H_
