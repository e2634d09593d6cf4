// One SCTP endpoint shard (one lcore): routes received packets to its
// associations by verification tag, answers INIT and COOKIE ECHO without a
// TCB (RFC 9260 §5.1: an INIT costs no memory), handles out-of-the-blue
// packets (§8.4) and the verification tag rules (§8.5, §8.5.1), and offers
// the ULP primitives of §10.1 by association id.
//
// Sans-I/O like the association: packets come in through HandlePacket(),
// leave through the TxPort, time is passed in, randomness comes from the
// RandomSource, events are queued for PollEvent().
#ifndef DPSCTP_ENDPOINT_ENDPOINT_H_
#define DPSCTP_ENDPOINT_ENDPOINT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "assoc/association.h"
#include "assoc/cookie.h"
#include "assoc/events.h"
#include "assoc/options.h"
#include "buf/packet_view.h"
#include "common/address.h"
#include "common/time.h"
#include "crc/crc32c.h"
#include "endpoint/assoc_table.h"
#include "endpoint/icmp.h"
#include "endpoint/listener_table.h"
#include "endpoint/mib.h"
#include "endpoint/peer_index.h"
#include "endpoint/timer_wheel.h"
#include "endpoint/vtag_allocator.h"

namespace dpsctp::endpoint {

// Where packets go: the driver (an mbuf per packet) or a test wire.
class TxPort {
 public:
  virtual ~TxPort() = default;
  // A buffer for one packet (at least the MTU); empty when none is free.
  virtual std::span<uint8_t> TxBuffer() noexcept = 0;
  virtual void Transmit(std::span<const uint8_t> packet,
                        const PacketAddresses& addresses) noexcept = 0;
  virtual crc::TxChecksumMode checksum_mode() const noexcept {
    return crc::TxChecksumMode::kSoftware;
  }
};

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual uint32_t Next32() noexcept = 0;
};

struct EndpointOptions {
  assoc::AssocOptions assoc;
  uint32_t max_associations = 1024;
  uint32_t max_listeners = 16;
  uint32_t event_queue_capacity = 4096;
  ShardMap shard_map = ShardMap::KeyedHash(1, 0);
  ShardId shard{0};
  uint64_t table_seed = 0x9e3779b97f4a7c15ull;
  VtagAllocatorOptions vtag;
  // §5.1.3: the cookie secret changes on this schedule (0: only by
  // RotateCookieKey()). The previous key stays valid for one period, so the
  // period must exceed the longest cookie lifespan we grant (Valid.Cookie.Life
  // plus the largest Cookie Preservative increment). New keys come from the
  // RandomSource, which must then be a CSPRNG.
  Duration cookie_key_rotation = Duration::Seconds(3600);
  // Keep closed associations until Release() so that the ULP can take back
  // unsent and unacknowledged messages (§10.1 P, Q). Otherwise a closed
  // association is reclaimed as soon as the call that closed it returns.
  bool keep_closed_associations = false;
  // When set, the cookie key of rotation epoch n = floor(now /
  // cookie_key_rotation) (now counted from the TimePoint epoch) is
  // CookieKeyForEpoch(master, n), and the constructor's key is replaced at
  // the first call that passes `now`. Shards (and processes) with the same
  // master and rotation period then accept each other's cookies, with no
  // communication; the previous epoch's key stays valid (§5.1.3). The
  // clocks of the shards must agree to well within a round trip.
  std::optional<assoc::CookieKey> cookie_master_secret;
  // Who owns the association an INIT answered here leads to (its Initiate
  // Tag names the owner, see ShardMap). kRoundRobin cycles over all shards
  // of shard_map, so that INITs that all arrive on one shard's queue still
  // spread the associations; the COOKIE ECHO must then reach the owner by
  // tag. Each shard keeps its own turn.
  enum class InitOwner : uint8_t { kThisShard, kRoundRobin };
  InitOwner init_owner = InitOwner::kThisShard;
  // Width of a level-0 slot of the timer wheel. Deadlines stay exact; a
  // smaller tick scans fewer entries per wakeup, a larger one cascades less.
  Duration timer_wheel_tick = Duration::Micros(10);
};

// The State Cookie key of rotation epoch `epoch` under `master`:
// HMAC-SHA256(master, "dpsctp state cookie key" || epoch as 8 big-endian
// bytes).
assoc::CookieKey CookieKeyForEpoch(const assoc::CookieKey& master,
                                   int64_t epoch) noexcept;

// RFC 3873-style counters of the shard, drops by reason.
struct EndpointCounters {
  uint64_t packets_received = 0;
  uint64_t checksum_errors = 0;
  uint64_t malformed_packets = 0;
  uint64_t ootb_packets = 0;
  uint64_t ootb_aborts_sent = 0;
  uint64_t ootb_shutdown_completes_sent = 0;
  uint64_t ootb_discarded = 0;
  uint64_t bad_vtag_discarded = 0;   // §8.5: a TCB exists, the tag is wrong
  uint64_t non_unicast_discarded = 0;
  uint64_t inits_received = 0;
  uint64_t init_acks_sent = 0;
  uint64_t init_aborts_sent = 0;     // not listening, invalid, out of resource
  uint64_t cookies_accepted = 0;
  uint64_t cookies_bad_mac = 0;
  uint64_t cookies_stale = 0;
  uint64_t cookies_malformed = 0;
  uint64_t associations_created = 0;
  uint64_t associations_closed = 0;
  uint64_t association_limit_hits = 0;
  uint64_t tag_allocation_failures = 0;
  uint64_t events_dropped = 0;
  uint64_t tx_buffer_unavailable = 0;
  uint64_t packets_sent = 0;               // by associations and stateless
  uint64_t stateless_chunks_sent = 0;      // INIT ACK, ABORT, ... without TCB
  uint64_t stateless_chunks_received = 0;  // INITs answered without TCB
  // Timer wheel: entries that came due, and of those the associations whose
  // HandleTimeout() ran (the others had moved their timers later).
  uint64_t timer_wheel_visits = 0;
  uint64_t associations_timed_out = 0;
  // INIT owner policy and shared cookie keys.
  uint64_t inits_for_other_shards = 0;   // INIT ACK tag names another shard
  uint64_t cookies_wrong_shard = 0;      // COOKIE ECHO whose tag is not ours
  uint64_t cookie_tag_collisions = 0;    // tag live here for another peer
  uint64_t cookies_quarantined_tag = 0;  // tag released here recently
  // ICMP reports (RFC 9260 §10), by what became of them.
  uint64_t icmp_received = 0;
  uint64_t icmp_port_unreachable_ignored = 0;  // rule 3
  uint64_t icmp_no_association = 0;            // rule 5
  uint64_t icmp_bad_tag = 0;                   // rule 6
  uint64_t icmp_packet_too_big = 0;            // rule 7, passed 5 and 6
  uint64_t icmp_protocol_unreachable = 0;      // rule 8, passed 5 and 6
  uint64_t icmp_destination_unreachable = 0;   // rule 9, passed 5 and 6
};

struct EndpointEvent {
  assoc::AssocId id;
  assoc::Event event;
};

class Endpoint final : private assoc::AssocEnvironment {
 public:
  Endpoint(const EndpointOptions& options, const assoc::CookieKey& cookie_key,
           RandomSource& random, TxPort& tx);
  ~Endpoint() override;
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  // §10.1 A "Initialize" is the constructor; a port becomes passive here.
  [[nodiscard]] bool Listen(uint16_t local_port) noexcept;
  // The same, and the associations of this port (accepted, or opened from
  // it by Associate) start with `options` instead of the endpoint's: one
  // shard serving several SCTP endpoints with their own parameters.
  // Control path (allocates on the first call).
  [[nodiscard]] bool Listen(uint16_t local_port,
                            const assoc::AssocOptions& options);
  bool StopListening(uint16_t local_port) noexcept;
  // The options associations of `local_port` start with.
  const assoc::AssocOptions& OptionsForPort(uint16_t local_port) const noexcept;

  // §10.1 B "Associate". nullopt if out of associations or tags.
  // `options`, when given, replace the port's (e.g. another outbound
  // stream count for this association).
  std::optional<assoc::AssocId> Associate(
      TimePoint now, uint16_t local_port, const IpAddress& local_address,
      std::span<const IpAddress> peer_addresses, uint16_t peer_port,
      const assoc::AssocOptions* options = nullptr) noexcept;

  // One received SCTP packet (common header + chunks) and its L3 addresses.
  void HandlePacket(TimePoint now, const PacketAddresses& addresses,
                    const buf::PacketView& packet,
                    crc::RxChecksumHint hint = crc::RxChecksumHint::kUnknown) noexcept;

  // An ICMP or ICMPv6 error about a packet this shard sent, as the driver
  // decoded it (endpoint/icmp.h). Applies RFC 9260 §10: finds the
  // association from the quoted packet, checks its Verification Tag, and
  // hands Packet Too Big, Protocol Unreachable and Destination Unreachable
  // to it; everything else is counted and dropped. Implemented in
  // endpoint_icmp.cc.
  void HandleIcmp(TimePoint now, const IcmpError& error) noexcept;

  // Runs every association timer due at `now`.
  void HandleTimeouts(TimePoint now) noexcept;
  std::optional<TimePoint> NextTimeout() const noexcept;

  // Whether an association with this peer transport address exists here
  // (addresses.src = the peer's address). Used by a sharded driver to find
  // the owner of packets that carry no tag of ours (T bit, ICMP).
  bool HasAssociationWith(const IpAddress& peer_address, uint16_t peer_port,
                          uint16_t local_port) const noexcept;

  bool PollEvent(EndpointEvent& out) noexcept;
  size_t pending_events() const noexcept { return event_count_; }

  // The association, or null if the id is stale.
  assoc::Association* Find(assoc::AssocId id) noexcept;
  // ULP primitives by id; each returns false for a stale id.
  assoc::SendError Send(TimePoint now, assoc::AssocId id,
                        const assoc::SendOptions& options,
                        std::span<const uint8_t> message) noexcept;
  // Transmits what Send(..., {.more = true}) queued.
  bool Flush(TimePoint now, assoc::AssocId id) noexcept;
  bool Shutdown(TimePoint now, assoc::AssocId id) noexcept;
  bool Abort(TimePoint now, assoc::AssocId id,
             std::span<const uint8_t> reason = {}) noexcept;
  // Reclaims a closed association kept by keep_closed_associations.
  bool Release(assoc::AssocId id) noexcept;

  // §10.1 O for the endpoint: the options new associations start with.
  void SetAssocOptions(const assoc::AssocOptions& options) noexcept {
    options_.assoc = options;
  }

  // New cookie secret; the previous one stays valid (§5.1.3). With
  // cookie_master_secret, the next epoch change replaces it again.
  void RotateCookieKey(const assoc::CookieKey& key) noexcept {
    cookies_.RotateKey(key);
  }

  uint64_t cookie_key_rotations() const noexcept { return key_rotations_; }
  size_t association_count() const noexcept { return live_count_; }
  const EndpointCounters& counters() const noexcept { return counters_; }
  const EndpointOptions& options() const noexcept { return options_; }
  // Bytes this endpoint allocated at construction (tables, pools, queues).
  size_t fixed_memory_bytes() const noexcept;

  // The shard that owns an association by its tag (ours, in the common
  // header of every packet after the INIT): where the driver routes it.
  ShardId OwnerOf(VerificationTag tag) const noexcept;

  // RFC 3873 statistics of this shard: its own counts (out of the blue,
  // checksum errors, packets in and out, stateless answers included), the
  // counters of its live associations and of those already reclaimed.
  // O(max_associations): for telemetry, not for the data path.
  SctpMib Mib() const noexcept;

  const TimerWheel& timer_wheel() const noexcept { return wheel_; }

  // Calls f(Association&) for every live association.
  template <typename F>
  void ForEachAssociation(F&& f) {
    for (uint32_t i = 0; i < options_.max_associations; ++i) {
      if (!slots_[i].has_value()) continue;
      MarkTouched(i);  // f may change its timers
      f(*slots_[i]);
    }
  }

 private:
  // assoc::AssocEnvironment
  std::span<uint8_t> TxBuffer() noexcept override;
  void Transmit(std::span<const uint8_t> packet,
                const PacketAddresses& addresses) noexcept override;
  crc::TxChecksumMode tx_checksum_mode() const noexcept override {
    return tx_->checksum_mode();
  }
  uint32_t Random32() noexcept override { return random_->Next32(); }
  std::optional<VerificationTag> NewLocalTag() noexcept override;
  const assoc::CookieAuthenticator& cookie_authenticator() const noexcept override {
    return cookies_;
  }
  void OnEvent(assoc::AssocId id, const assoc::Event& event) noexcept override;

  assoc::AssocId MakeId(uint32_t slot) const noexcept;
  std::optional<uint32_t> SlotOf(assoc::AssocId id) const noexcept;
  std::optional<uint32_t> FindByPeer(const PacketAddresses& addresses,
                                     uint16_t peer_port,
                                     uint16_t local_port) const noexcept;
  // Creates an association in the pool and indexes it, with `options` or
  // else the port's. nullopt when full.
  std::optional<uint32_t> CreateAssociation(
      uint16_t local_port, uint16_t peer_port,
      const assoc::AssocOptions* options = nullptr) noexcept;
  // After any call into an association: re-key after a restart, index new
  // paths, reclaim it when it closed.
  void AfterCall(uint32_t slot, VerificationTag tag_before) noexcept;
  void IndexPaths(uint32_t slot) noexcept;
  void Reclaim(uint32_t slot) noexcept;
  // Puts the association's NextTimeout() on the wheel (or takes it off).
  void Reschedule(uint32_t slot) noexcept;
  // An association handed to the caller (Find, ForEachAssociation) may
  // have changed its timers without the endpoint seeing it: rescheduled at
  // the next HandleTimeouts(), looked at by NextTimeout() until then.
  void MarkTouched(uint32_t slot) noexcept {
    if (slot_flags_[slot] & kSlotTouched) return;
    slot_flags_[slot] |= kSlotTouched;
    touched_[touched_count_++] = slot;
  }
  void RescheduleTouched() noexcept;
  std::optional<VerificationTag> NewTagFor(ShardId owner) noexcept;
  ShardId NextInitOwner() noexcept;
  // Whether a COOKIE ECHO that carries the tag of the association in `slot`
  // comes from that association's peer (same ports, a known address).
  bool CookieFitsAssociation(const assoc::Association& a,
                             const assoc::CookieContents& c,
                             const assoc::ReceivedPacket& packet) const noexcept;
  // For a COOKIE ECHO routed by tag from an unknown address: true (and
  // handled) if it is our cookie for another peer.
  bool IsForeignCookieEcho(uint32_t slot, const assoc::ReceivedPacket& packet) noexcept;
  void RefuseCollidingCookie(const assoc::ReceivedPacket& packet,
                             const assoc::CookieContents& c) noexcept;
  void CountTransition(assoc::AssocId id, const assoc::Event& event) noexcept;
  void AddRetiredCounters(const assoc::AssocCounters& c) noexcept;

  void DispatchToAssociation(uint32_t slot, const assoc::ReceivedPacket& packet,
                             const assoc::CookieContents* cookie) noexcept;
  void HandleInitWithoutTcb(const assoc::ReceivedPacket& packet,
                            std::span<const uint8_t> chunk,
                            size_t chunk_count) noexcept;
  void HandleCookieEchoWithoutTcb(const assoc::ReceivedPacket& packet,
                                  std::span<const uint8_t> chunk) noexcept;
  void HandleOutOfTheBlue(const assoc::ReceivedPacket& packet,
                          uint8_t first_chunk_type, uint8_t first_flags) noexcept;
  // A packet of one chunk, not tied to an association.
  template <typename Write>
  void SendStateless(const assoc::ReceivedPacket& packet, VerificationTag vtag,
                     Write&& write) noexcept;
  void SendAbortStateless(const assoc::ReceivedPacket& packet,
                          VerificationTag vtag, bool t_bit,
                          uint16_t cause_code,
                          std::span<const uint8_t> cause_info) noexcept;

  EndpointOptions options_;
  RandomSource* random_;
  TxPort* tx_;
  assoc::CookieAuthenticator cookies_;
  AssocTable table_;
  SlotPool pool_;
  PeerIndex peers_;
  ListenerTable listeners_;
  // Ports listened to with their own options (few: a vector is enough).
  std::vector<std::pair<uint16_t, assoc::AssocOptions>> port_options_;
  VtagAllocator vtags_;
  TimerWheel wheel_;  // one entry per slot: its association's NextTimeout()
  std::unique_ptr<std::optional<assoc::Association>[]> slots_;
  std::unique_ptr<VerificationTag[]> slot_tags_;  // key in table_ per slot
  static constexpr uint8_t kSlotTouched = 1;     // in touched_
  static constexpr uint8_t kSlotActiveOpen = 2;  // made by Associate()
  std::unique_ptr<uint8_t[]> slot_flags_;
  std::unique_ptr<uint32_t[]> touched_;  // each slot at most once
  size_t touched_count_ = 0;
  std::unique_ptr<EndpointEvent[]> events_;
  size_t event_head_ = 0;
  size_t event_count_ = 0;
  size_t live_count_ = 0;
  uint64_t key_rotations_ = 0;
  void MaybeRotateCookieKey() noexcept;
  TimePoint now_;
  std::optional<TimePoint> next_key_rotation_;
  std::optional<int64_t> key_epoch_;  // with cookie_master_secret
  uint32_t next_init_owner_ = 0;      // InitOwner::kRoundRobin
  // Transitions (RFC 3873) and the chunk counts of reclaimed associations.
  SctpMib mib_;
  std::unique_ptr<uint8_t[]> scratch_;  // 64 KiB, chunks split over segments
  EndpointCounters counters_;
};

}  // namespace dpsctp::endpoint

#endif  // DPSCTP_ENDPOINT_ENDPOINT_H_
