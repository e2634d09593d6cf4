#include "endpoint/endpoint.h"

#include <cstring>
#include <new>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "assoc/handshake.h"
#include "common/byte_order.h"
#include "wire/chunk/error_chunk.h"
#include "wire/chunk/cookie_echo_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk/init_chunk.h"
#include "wire/chunk/shutdown_complete_chunk.h"
#include "wire/chunk_type.h"
#include "wire/packet_parser.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::endpoint {
namespace {

using wire::ChunkType;

constexpr size_t kScratchSize = 64 * 1024;

// §8.4 rule 1: "If the OOTB packet is to or from a non-unicast address, a
// receiver SHOULD silently discard the packet."
bool IsUnicast(const IpAddress& a) noexcept {
  if (a.is_v4()) {
    if (a.bytes[0] >= 224) return false;  // multicast, reserved, broadcast
    return !(a.bytes[0] == 0 && a.bytes[1] == 0 && a.bytes[2] == 0 &&
             a.bytes[3] == 0);
  }
  if (a.is_v6()) {
    if (a.bytes[0] == 0xff) return false;
    for (uint8_t b : a.bytes) {
      if (b != 0) return true;
    }
    return false;
  }
  return false;
}

IpAddress FromCookieAddress(const assoc::CookieAddress& a) noexcept {
  if (a.family == assoc::CookieAddress::kIpv4) {
    return IpAddress::V4(std::span<const uint8_t, 4>(a.bytes.data(), 4));
  }
  return IpAddress::V6(std::span<const uint8_t, 16>(a.bytes));
}

}  // namespace

Endpoint::Endpoint(const EndpointOptions& options,
                   const assoc::CookieKey& cookie_key, RandomSource& random,
                   TxPort& tx)
    : options_(options),
      random_(&random),
      tx_(&tx),
      cookies_(cookie_key),
      table_(options.max_associations, options.table_seed),
      pool_(options.max_associations),
      peers_(options.max_associations,
             options.max_associations * PeerIndex::kMaxAddressesPerSlot,
             PeerIndexSeed{options.table_seed ^ 0x5bd1e995u, options.table_seed + 1}),
      listeners_(options.max_listeners),
      vtags_(options.shard_map, options.vtag),
      wheel_(options.max_associations, options.timer_wheel_tick),
      slots_(new std::optional<assoc::Association>[options.max_associations]),
      slot_tags_(new VerificationTag[options.max_associations]),
      slot_flags_(new uint8_t[options.max_associations]()),
      touched_(new uint32_t[options.max_associations]),
      events_(new EndpointEvent[options.event_queue_capacity ? options.event_queue_capacity : 1]),
      scratch_(new uint8_t[kScratchSize]) {
  // Round robin starts with this shard, so that shards answering INITs do
  // not all pick the same owner first.
  next_init_owner_ = options.shard.value();
}

Endpoint::~Endpoint() = default;

size_t Endpoint::fixed_memory_bytes() const noexcept {
  return sizeof(*this) +
         options_.max_associations *
             (sizeof(std::optional<assoc::Association>) + sizeof(VerificationTag) +
              sizeof(uint8_t) + sizeof(uint32_t)) +
         wheel_.memory_bytes() +
         options_.event_queue_capacity * sizeof(EndpointEvent) + kScratchSize;
}

bool Endpoint::Listen(uint16_t local_port) noexcept {
  return listeners_.Add(local_port, ListenerId(local_port));
}

bool Endpoint::Listen(uint16_t local_port,
                      const assoc::AssocOptions& options) {
  if (!listeners_.Add(local_port, ListenerId(local_port))) return false;
  port_options_.emplace_back(local_port, options);
  return true;
}

bool Endpoint::StopListening(uint16_t local_port) noexcept {
  std::erase_if(port_options_,
                [local_port](const auto& e) { return e.first == local_port; });
  return listeners_.Remove(local_port).has_value();
}

const assoc::AssocOptions& Endpoint::OptionsForPort(
    uint16_t local_port) const noexcept {
  for (const auto& [port, options] : port_options_) {
    if (port == local_port) return options;
  }
  return options_.assoc;
}

assoc::AssocId Endpoint::MakeId(uint32_t slot) const noexcept {
  return assoc::AssocId(uint64_t{pool_.generation(slot)} << 32 | slot);
}

std::optional<uint32_t> Endpoint::SlotOf(assoc::AssocId id) const noexcept {
  uint32_t slot = static_cast<uint32_t>(id.value());
  uint32_t generation = static_cast<uint32_t>(id.value() >> 32);
  if (slot >= options_.max_associations || !pool_.in_use(slot) ||
      pool_.generation(slot) != generation || !slots_[slot].has_value()) {
    return std::nullopt;
  }
  return slot;
}

assoc::Association* Endpoint::Find(assoc::AssocId id) noexcept {
  std::optional<uint32_t> slot = SlotOf(id);
  if (!slot) return nullptr;
  // The caller may change its timers (RequestHeartbeat, Receive, ...).
  MarkTouched(*slot);
  return &*slots_[*slot];
}

ShardId Endpoint::OwnerOf(VerificationTag tag) const noexcept {
  return options_.shard_map.ShardOf(tag);
}

// ---------------------------------------------------------------------------
// AssocEnvironment.

std::span<uint8_t> Endpoint::TxBuffer() noexcept {
  std::span<uint8_t> b = tx_->TxBuffer();
  if (b.empty()) ++counters_.tx_buffer_unavailable;
  return b;
}

void Endpoint::Transmit(std::span<const uint8_t> packet,
                        const PacketAddresses& addresses) noexcept {
  ++counters_.packets_sent;
  tx_->Transmit(packet, addresses);
}

std::optional<VerificationTag> Endpoint::NewLocalTag() noexcept {
  return NewTagFor(options_.shard);
}

std::optional<VerificationTag> Endpoint::NewTagFor(ShardId owner) noexcept {
  auto random = [this] { return random_->Next32(); };
  // For another owner, only the draw is steered: that shard's live and
  // quarantined tags are unknown here and are checked when the COOKIE ECHO
  // reaches it.
  std::optional<VerificationTag> tag = vtags_.Allocate(now_, owner, random, table_);
  if (!tag) ++counters_.tag_allocation_failures;
  return tag;
}

ShardId Endpoint::NextInitOwner() noexcept {
  const uint32_t shards = options_.shard_map.shard_count();
  if (options_.init_owner != EndpointOptions::InitOwner::kRoundRobin || shards <= 1) {
    return options_.shard;
  }
  const ShardId owner(static_cast<uint16_t>(next_init_owner_ % shards));
  next_init_owner_ = (next_init_owner_ + 1) % shards;
  return owner;
}

void Endpoint::OnEvent(assoc::AssocId id, const assoc::Event& event) noexcept {
  CountTransition(id, event);
  size_t capacity = options_.event_queue_capacity ? options_.event_queue_capacity : 1;
  if (event_count_ == capacity) {
    ++counters_.events_dropped;
    return;
  }
  events_[(event_head_ + event_count_) % capacity] = EndpointEvent{id, event};
  ++event_count_;
}

bool Endpoint::PollEvent(EndpointEvent& out) noexcept {
  if (event_count_ == 0) return false;
  size_t capacity = options_.event_queue_capacity ? options_.event_queue_capacity : 1;
  out = events_[event_head_];
  event_head_ = (event_head_ + 1) % capacity;
  --event_count_;
  return true;
}

// ---------------------------------------------------------------------------
// Association bookkeeping.

std::optional<uint32_t> Endpoint::CreateAssociation(
    uint16_t local_port, uint16_t peer_port,
    const assoc::AssocOptions* options) noexcept {
  std::optional<uint32_t> slot = pool_.Acquire();
  if (!slot) {
    ++counters_.association_limit_hits;
    return std::nullopt;
  }
  slots_[*slot].emplace(MakeId(*slot),
                        options != nullptr ? *options : OptionsForPort(local_port),
                        static_cast<assoc::AssocEnvironment&>(*this),
                        local_port, peer_port);
  if (!slots_[*slot]->Init()) {
    slots_[*slot].reset();
    pool_.Release(*slot);
    ++counters_.association_limit_hits;
    return std::nullopt;
  }
  slot_tags_[*slot] = VerificationTag(0);
  slot_flags_[*slot] &= kSlotTouched;  // a stale touch is harmless
  ++live_count_;
  ++counters_.associations_created;
  Reschedule(*slot);
  return slot;
}

void Endpoint::Reschedule(uint32_t slot) noexcept {
  const assoc::Association& a = *slots_[slot];
  std::optional<TimePoint> t = a.closed() ? std::nullopt : a.NextTimeout();
  if (t) {
    wheel_.Schedule(slot, *t, pool_.generation(slot));
  } else {
    wheel_.Cancel(slot);
  }
}

void Endpoint::RescheduleTouched() noexcept {
  for (size_t i = 0; i < touched_count_; ++i) {
    const uint32_t slot = touched_[i];
    slot_flags_[slot] &= static_cast<uint8_t>(~kSlotTouched);
    if (pool_.in_use(slot) && slots_[slot].has_value()) Reschedule(slot);
  }
  touched_count_ = 0;
}

void Endpoint::IndexPaths(uint32_t slot) noexcept {
  assoc::Association& a = *slots_[slot];
  peers_.EraseSlot(slot);
  for (const assoc::Path& p : a.paths()) {
    // A duplicate key belongs to another association with the same peer
    // transport address; the older one keeps it.
    (void)peers_.Insert(PeerKey{p.address, a.peer_port(), a.local_port()}, slot);
  }
}

void Endpoint::Reclaim(uint32_t slot) noexcept {
  wheel_.Cancel(slot);
  AddRetiredCounters(slots_[slot]->counters());
  slots_[slot].reset();
  pool_.Release(slot);
  --live_count_;
}

void Endpoint::AfterCall(uint32_t slot, VerificationTag tag_before) noexcept {
  assoc::Association& a = *slots_[slot];
  if (a.closed()) {
    if (slot_tags_[slot].value() != 0) {
      (void)table_.Erase(slot_tags_[slot]);
      // §5.3.1: a tag is not reused soon after its association ends.
      vtags_.Release(now_, slot_tags_[slot]);
      slot_tags_[slot] = VerificationTag(0);
      peers_.EraseSlot(slot);
      ++counters_.associations_closed;
    }
    wheel_.Cancel(slot);
    if (!options_.keep_closed_associations) Reclaim(slot);
    return;
  }
  VerificationTag tag = a.local_tag();
  if (tag != slot_tags_[slot]) {
    // A restart (§5.2.4 A) gave the association the tag of its new cookie.
    if (slot_tags_[slot].value() != 0) {
      (void)table_.Erase(slot_tags_[slot]);
      vtags_.Release(now_, slot_tags_[slot]);
    }
    slot_tags_[slot] = table_.Insert(tag, slot) ? tag : VerificationTag(0);
    if (slot_tags_[slot].value() == 0) {
      // The tag collides with a live association: cannot route it.
      a.Abort(now_, {});
      AfterCall(slot, tag);
      return;
    }
  }
  if (tag != tag_before || peers_.AddressesOf(slot).size() != a.paths().size()) {
    IndexPaths(slot);
  }
  // Whatever the call did to the association's timers, the wheel follows.
  Reschedule(slot);
}

std::optional<uint32_t> Endpoint::FindByPeer(const PacketAddresses& addresses,
                                             uint16_t peer_port,
                                             uint16_t local_port) const noexcept {
  return peers_.Find(PeerKey{addresses.src, peer_port, local_port});
}

// ---------------------------------------------------------------------------
// ULP primitives.

std::optional<assoc::AssocId> Endpoint::Associate(
    TimePoint now, uint16_t local_port, const IpAddress& local_address,
    std::span<const IpAddress> peer_addresses, uint16_t peer_port,
    const assoc::AssocOptions* options) noexcept {
  now_ = now;
  if (!next_key_rotation_) MaybeRotateCookieKey();  // starts the schedule
  if (peer_addresses.empty() || local_port == 0 || peer_port == 0) {
    return std::nullopt;
  }
  std::optional<VerificationTag> new_tag = NewLocalTag();
  if (!new_tag) return std::nullopt;
  const VerificationTag tag = *new_tag;
  std::optional<uint32_t> slot = CreateAssociation(local_port, peer_port, options);
  if (!slot) return std::nullopt;
  if (!table_.Insert(tag, *slot)) {
    Reclaim(*slot);
    ++counters_.tag_allocation_failures;
    return std::nullopt;
  }
  slot_tags_[*slot] = tag;
  // RFC 3873 sctpActiveEstabs: this association is opened by the ULP.
  slot_flags_[*slot] |= kSlotActiveOpen;
  assoc::Association& a = *slots_[*slot];
  assoc::AssocId id = a.id();
  a.Connect(now, local_address, peer_addresses, tag);
  IndexPaths(*slot);
  AfterCall(*slot, tag);
  return id;
}

assoc::SendError Endpoint::Send(TimePoint now, assoc::AssocId id,
                                const assoc::SendOptions& options,
                                std::span<const uint8_t> message) noexcept {
  now_ = now;
  std::optional<uint32_t> slot = SlotOf(id);
  if (!slot) return assoc::SendError::kNotConnected;
  VerificationTag before = slots_[*slot]->local_tag();
  assoc::SendError e = slots_[*slot]->Send(now, options, message);
  AfterCall(*slot, before);
  return e;
}

bool Endpoint::Flush(TimePoint now, assoc::AssocId id) noexcept {
  now_ = now;
  std::optional<uint32_t> slot = SlotOf(id);
  if (!slot) return false;
  VerificationTag before = slots_[*slot]->local_tag();
  slots_[*slot]->Flush(now);
  AfterCall(*slot, before);
  return true;
}

bool Endpoint::Shutdown(TimePoint now, assoc::AssocId id) noexcept {
  now_ = now;
  std::optional<uint32_t> slot = SlotOf(id);
  if (!slot) return false;
  VerificationTag before = slots_[*slot]->local_tag();
  slots_[*slot]->Shutdown(now);
  AfterCall(*slot, before);
  return true;
}

bool Endpoint::Abort(TimePoint now, assoc::AssocId id,
                     std::span<const uint8_t> reason) noexcept {
  now_ = now;
  std::optional<uint32_t> slot = SlotOf(id);
  if (!slot) return false;
  VerificationTag before = slots_[*slot]->local_tag();
  const bool was_open = !slots_[*slot]->closed();
  slots_[*slot]->Abort(now, reason);
  // RFC 3873 sctpAborteds: "the primitive 'ABORT'" (no event reports it).
  if (was_open && slots_[*slot]->closed()) ++mib_.aborteds;
  AfterCall(*slot, before);
  return true;
}

bool Endpoint::Release(assoc::AssocId id) noexcept {
  std::optional<uint32_t> slot = SlotOf(id);
  if (!slot || !slots_[*slot]->closed()) return false;
  Reclaim(*slot);
  return true;
}

// ---------------------------------------------------------------------------
// Timers. Each association's NextTimeout() is kept on the wheel (Reschedule
// after every call into it), so a loop iteration costs O(due + ticks
// passed), not O(associations).

namespace {

// floor(a / b) for b > 0.
int64_t FloorDiv(int64_t a, int64_t b) noexcept {
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

}  // namespace

assoc::CookieKey CookieKeyForEpoch(const assoc::CookieKey& master,
                                   int64_t epoch) noexcept {
  // HMAC-SHA256(master, label || epoch as 8 big-endian bytes): a PRF of the
  // epoch, so that every shard (and every process) with the same master
  // derives the same key for the same epoch without talking to the others,
  // and a key reveals nothing about the master or about other epochs.
  static constexpr char kLabel[] = "dpsctp state cookie key";
  uint8_t message[sizeof(kLabel) - 1 + 8];
  std::memcpy(message, kLabel, sizeof(kLabel) - 1);
  StoreBe64(message + sizeof(kLabel) - 1, static_cast<uint64_t>(epoch));
  assoc::CookieKey key{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), master.data(), static_cast<int>(master.size()), message,
           sizeof(message), key.data(), &length) == nullptr ||
      length != key.size()) {
    // Fails closed: a key nobody else has, so no cookie is accepted that a
    // working shard did not make.
    key.fill(0);
  }
  return key;
}

void Endpoint::MaybeRotateCookieKey() noexcept {
  if (options_.cookie_master_secret) {
    // §5.1.3: "The secret key SHOULD be changed reasonably frequently
    // (e.g., hourly)". The key of epoch n = floor(now / cookie_key_rotation)
    // is derived from the shared (random) master, and the previous epoch's
    // key stays valid.
    const int64_t period = options_.cookie_key_rotation.nanos();
    const int64_t epoch = period > 0 ? FloorDiv(now_.nanos(), period) : 0;
    if (key_epoch_ && *key_epoch_ == epoch) return;
    const assoc::CookieKey& master = *options_.cookie_master_secret;
    if (!key_epoch_ || *key_epoch_ != epoch - 1) {
      cookies_.RotateKey(CookieKeyForEpoch(master, epoch - 1));
    }
    cookies_.RotateKey(CookieKeyForEpoch(master, epoch));
    key_epoch_ = epoch;
    ++key_rotations_;
    if (period > 0) next_key_rotation_ = TimePoint::FromNanos((epoch + 1) * period);
    return;
  }
  if (options_.cookie_key_rotation <= Duration::Zero()) return;
  if (!next_key_rotation_) {
    next_key_rotation_ = now_ + options_.cookie_key_rotation;
    return;
  }
  // Each period a new key; after two or more missed periods even the
  // previous key is too old, so at most two rotations catch up.
  for (int i = 0; i < 2 && now_ >= *next_key_rotation_; ++i) {
    assoc::CookieKey key;
    for (size_t j = 0; j < key.size(); j += 4) {
      StoreBe32(key.data() + j, random_->Next32());
    }
    cookies_.RotateKey(key);
    ++key_rotations_;
    *next_key_rotation_ += options_.cookie_key_rotation;
  }
  if (now_ >= *next_key_rotation_) {
    next_key_rotation_ = now_ + options_.cookie_key_rotation;
  }
}

void Endpoint::HandleTimeouts(TimePoint now) noexcept {
  now_ = now;
  MaybeRotateCookieKey();
  RescheduleTouched();
  wheel_.Advance(now);
  while (std::optional<TimerWheel::Expiry> e = wheel_.PopReady()) {
    ++counters_.timer_wheel_visits;
    const uint32_t slot = e->id;
    // A stale entry (the slot was reused) or a closed association: nothing.
    if (!pool_.in_use(slot) || pool_.generation(slot) != e->generation ||
        !slots_[slot].has_value() || slots_[slot]->closed()) {
      continue;
    }
    assoc::Association& a = *slots_[slot];
    std::optional<TimePoint> t = a.NextTimeout();
    if (!t || *t > now) {
      Reschedule(slot);  // its timers moved later since it was scheduled
      continue;
    }
    ++counters_.associations_timed_out;
    VerificationTag before = a.local_tag();
    a.HandleTimeout(now);
    AfterCall(slot, before);
  }
  vtags_.ExpireQuarantine(now);
}

std::optional<TimePoint> Endpoint::NextTimeout() const noexcept {
  std::optional<TimePoint> next = next_key_rotation_;
  auto consider = [&next](std::optional<TimePoint> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  consider(wheel_.NextDeadline());
  // Associations handed out by Find() since the last HandleTimeouts() may
  // have new timers the wheel does not know yet.
  for (size_t i = 0; i < touched_count_; ++i) {
    const uint32_t slot = touched_[i];
    if (!pool_.in_use(slot) || !slots_[slot].has_value() || slots_[slot]->closed()) {
      continue;
    }
    consider(slots_[slot]->NextTimeout());
  }
  return next;
}

// ---------------------------------------------------------------------------
// Receive path.

void Endpoint::DispatchToAssociation(uint32_t slot,
                                     const assoc::ReceivedPacket& packet,
                                     const assoc::CookieContents* cookie) noexcept {
  VerificationTag before = slots_[slot]->local_tag();
  slots_[slot]->HandlePacket(now_, packet, cookie);
  AfterCall(slot, before);
}

void Endpoint::HandlePacket(TimePoint now, const PacketAddresses& addresses,
                            const buf::PacketView& view,
                            crc::RxChecksumHint hint) noexcept {
  now_ = now;
  // Starts the key schedule, and rotates on time even if HandleTimeouts()
  // runs late: shards that share a master secret must agree on the epoch.
  if (!next_key_rotation_ || now_ >= *next_key_rotation_) MaybeRotateCookieKey();
  ++counters_.packets_received;
  // §6.8: "an SCTP receiver MUST ... discard the packet" whose CRC32c is
  // wrong.
  if (crc::VerifySctpChecksum(view, hint) != crc::ChecksumVerdict::kGood) {
    ++counters_.checksum_errors;
    return;
  }
  Result<wire::ParsedPacket, wire::PacketError> parsed = wire::ParsePacket(view);
  if (!parsed) {
    ++counters_.malformed_packets;
    return;
  }
  assoc::ReceivedPacket packet;
  packet.packet = &view;
  packet.header = parsed->header;
  packet.addresses = addresses;
  packet.chunk_count = parsed->chunk_count;
  packet.scratch = std::span<uint8_t>(scratch_.get(), kScratchSize);
  const uint16_t local_port = packet.header.destination_port;
  const uint16_t peer_port = packet.header.source_port;
  const VerificationTag vtag = packet.header.verification_tag;

  // The common case: our tag names the association (§8.5).
  if (vtag.value() != 0) {
    if (std::optional<uint32_t> slot = table_.Find(vtag)) {
      const assoc::Association& a = *slots_[*slot];
      if (a.local_port() == local_port && a.peer_port() == peer_port) {
        if (parsed->first_chunk_type == static_cast<uint8_t>(ChunkType::kCookieEcho) &&
            !a.HasPeerAddress(addresses.src) &&
            IsForeignCookieEcho(*slot, packet)) {
          return;  // counted
        }
        DispatchToAssociation(*slot, packet, nullptr);
        return;
      }
    }
  }

  wire::ChunkCursor cursor(view);
  std::optional<wire::ChunkDescriptor> first = cursor.Next();
  if (!first) {
    ++counters_.malformed_packets;
    return;
  }
  std::span<const uint8_t> first_bytes = wire::ChunkBytes(view, *first, packet.scratch);
  std::optional<uint32_t> existing = FindByPeer(addresses, peer_port, local_port);

  switch (static_cast<ChunkType>(first->type)) {
    case ChunkType::kInit:
      ++counters_.inits_received;
      if (existing) {
        DispatchToAssociation(*existing, packet, nullptr);  // §5.2
      } else {
        HandleInitWithoutTcb(packet, first_bytes, parsed->chunk_count);
      }
      return;
    case ChunkType::kCookieEcho:
      if (existing) {
        DispatchToAssociation(*existing, packet, nullptr);  // §5.2.4
      } else {
        HandleCookieEchoWithoutTcb(packet, first_bytes);
      }
      return;
    case ChunkType::kAbort:
    case ChunkType::kShutdownComplete:
      // §8.5.1 B/C: with the T bit these carry the peer's tag.
      if (existing && (first->flags & 0x01)) {
        DispatchToAssociation(*existing, packet, nullptr);
        return;
      }
      break;
    default:
      break;
  }
  if (existing) {
    // §8.5: "If the received Verification Tag value does not match the
    // receiver's own tag value, the receiver MUST silently discard the
    // packet".
    ++counters_.bad_vtag_discarded;
    return;
  }
  HandleOutOfTheBlue(packet, first->type, first->flags);
}

template <typename Write>
void Endpoint::SendStateless(const assoc::ReceivedPacket& packet,
                             VerificationTag vtag, Write&& write) noexcept {
  std::span<uint8_t> buffer = TxBuffer();
  if (buffer.empty()) return;
  std::span<uint8_t> out = assoc::WriteSingleChunkPacket(
      buffer, packet.header.destination_port, packet.header.source_port, vtag,
      std::min<size_t>(options_.assoc.mtu, buffer.size()), tx_->checksum_mode(),
      write);
  if (out.empty()) return;
  // Replies go back where the packet came from (§5.1.2, §8.4).
  ++counters_.packets_sent;
  ++counters_.stateless_chunks_sent;
  tx_->Transmit(out, PacketAddresses{packet.addresses.dst, packet.addresses.src});
}

void Endpoint::SendAbortStateless(const assoc::ReceivedPacket& packet,
                                  VerificationTag vtag, bool t_bit,
                                  uint16_t cause_code,
                                  std::span<const uint8_t> cause_info) noexcept {
  SendStateless(packet, vtag, [&](wire::WireWriter& w) {
    return assoc::WriteAbortChunk(w, t_bit, cause_code, cause_info);
  });
}

void Endpoint::HandleInitWithoutTcb(const assoc::ReceivedPacket& packet,
                                    std::span<const uint8_t> chunk,
                                    size_t chunk_count) noexcept {
  // §8.5.1 A: an INIT's packet has tag 0; §6.10: INIT is never bundled.
  if (packet.header.verification_tag.value() != 0 || chunk_count != 1) {
    ++counters_.ootb_discarded;
    return;
  }
  std::optional<wire::InitChunk> init = wire::InitChunk::Parse(chunk);
  if (!init) {
    ++counters_.malformed_packets;
    return;
  }
  const VerificationTag peer_tag = init->initiate_tag();
  auto abort = [&](wire::ErrorCauseCode cause) {
    ++counters_.init_aborts_sent;
    // §8.4 rule 3: "the Verification Tag of the packet containing the ABORT
    // chunk MUST be the Initiate Tag of the received INIT chunk, and the T
    // bit of the ABORT chunk has to be set to 0".
    SendAbortStateless(packet, peer_tag, false, static_cast<uint16_t>(cause), {});
  };
  switch (assoc::CheckInitFields(init->fields())) {
    case assoc::InitVerdict::kDiscard:
      ++counters_.malformed_packets;
      return;
    case assoc::InitVerdict::kAbortInvalid:
      ++counters_.stateless_chunks_received;
      abort(wire::ErrorCauseCode::kInvalidMandatoryParameter);
      return;
    case assoc::InitVerdict::kOk:
      break;
  }
  assoc::PeerInitInfo info =
      assoc::ReadInitParameters(init->parameters(), packet.addresses.src, false);
  // §5.1.2 rule 4: "An INIT or INIT ACK chunk MUST be treated as belonging
  // to an already established association (or one in the process of being
  // established) if the use of any of the valid address parameters
  // contained within the chunk would identify an existing TCB."
  for (const IpAddress& a : info.address_list()) {
    std::optional<uint32_t> slot = peers_.Find(
        PeerKey{a, packet.header.source_port, packet.header.destination_port});
    if (slot) {
      DispatchToAssociation(*slot, packet, nullptr);
      return;
    }
  }
  // sctpInCtrlChunks: from here on this shard answers the INIT itself.
  ++counters_.stateless_chunks_received;
  if (!listeners_.Find(packet.header.destination_port)) {
    // Nobody listens: the association cannot be set up.
    ++counters_.init_aborts_sent;
    SendAbortStateless(packet, peer_tag, false, 0, {});
    return;
  }
  if (info.host_name) {
    // §5.1.2 rule 2; §3.3.10.5: the cause carries the unresolvable address.
    ++counters_.init_aborts_sent;
    SendAbortStateless(packet, peer_tag, false,
                       static_cast<uint16_t>(wire::ErrorCauseCode::kUnresolvableAddress),
                       info.host_name_parameter);
    return;
  }
  // The shard that will own the association; its tag names it, so the
  // COOKIE ECHO and everything after it are routed there by tag.
  const ShardId owner = NextInitOwner();
  if (owner == options_.shard && live_count_ >= options_.max_associations) {
    ++counters_.association_limit_hits;
    abort(wire::ErrorCauseCode::kOutOfResource);
    return;
  }
  // §5.1.3: everything goes into the cookie; nothing is kept here.
  std::optional<VerificationTag> tag = NewTagFor(owner);
  if (!tag) return;  // counted; the peer's T1-init retries
  if (owner != options_.shard) ++counters_.inits_for_other_shards;
  wire::InitFields ours;
  ours.initiate_tag = *tag;
  const assoc::AssocOptions& port_options =
      OptionsForPort(packet.header.destination_port);
  ours.a_rwnd = port_options.receive_window;
  ours.outbound_streams = assoc::NegotiateStreams(port_options.outbound_streams,
                                                  init->inbound_streams());
  ours.inbound_streams = port_options.max_inbound_streams;
  ours.initial_tsn = Tsn(random_->Next32());
  assoc::CookieContents cookie = assoc::MakeCookieContents(
      *init, info, ours, packet.header.destination_port,
      packet.header.source_port, assoc::TieTag(0), assoc::TieTag(0), now_,
      port_options);
  ++counters_.init_acks_sent;
  SendStateless(packet, peer_tag, [&](wire::WireWriter& w) {
    return assoc::WriteInitAckChunk(w, ours, cookie, cookies_, info);
  });
}

void Endpoint::HandleCookieEchoWithoutTcb(const assoc::ReceivedPacket& packet,
                                          std::span<const uint8_t> chunk) noexcept {
  std::optional<wire::CookieEchoChunk> echo = wire::CookieEchoChunk::Parse(chunk);
  if (!echo) {
    ++counters_.malformed_packets;
    return;
  }
  Result<assoc::CookieContents, assoc::CookieRejection> r =
      cookies_.Verify(echo->cookie(), now_);
  if (!r) {
    const assoc::CookieRejection& why = r.error();
    if (why.error == assoc::CookieError::kStale) {
      ++counters_.cookies_stale;
      // §5.1.5 step 3 / §3.3.10.3: ERROR "Stale Cookie" with the measure of
      // staleness, tagged for the peer, which is in COOKIE-ECHOED.
      Result<assoc::CookieContents, assoc::CookieRejection> a =
          cookies_.Authenticate(echo->cookie());
      if (!a) return;
      uint8_t info[4];
      StoreBe32(info, why.staleness_us);
      SendStateless(packet, a->peer_initiate_tag, [&](wire::WireWriter& w) {
        return assoc::WriteErrorChunk(
            w, static_cast<uint16_t>(wire::ErrorCauseCode::kStaleCookie), info);
      });
    } else if (why.error == assoc::CookieError::kBadMac ||
               why.error == assoc::CookieError::kTooShort) {
      // §5.1.5 step 2: "If ... the MACs do not match, the receiver MUST
      // silently discard the packet".
      ++counters_.cookies_bad_mac;
    } else {
      ++counters_.cookies_malformed;
    }
    return;
  }
  const assoc::CookieContents& c = *r;
  // §5.1.5 step 3: ports and tag of the packet must be those of the cookie.
  if (c.local_initiate_tag != packet.header.verification_tag ||
      c.local_port != packet.header.destination_port ||
      c.peer_port != packet.header.source_port) {
    ++counters_.cookies_malformed;
    return;
  }
  if (OwnerOf(c.local_initiate_tag) != options_.shard) {
    // Made for another shard: the driver routes by tag, so this one must
    // not own it (its tag would lead elsewhere).
    ++counters_.cookies_wrong_shard;
    return;
  }
  if (std::optional<uint32_t> slot = table_.Find(c.local_initiate_tag)) {
    // A TCB already holds this tag. From the same peer (say, from a new
    // source address) the association decides (§5.2.4); from another
    // peer, another shard drew a tag that is live here.
    if (CookieFitsAssociation(*slots_[*slot], c, packet)) {
      DispatchToAssociation(*slot, packet, nullptr);
    } else {
      RefuseCollidingCookie(packet, c);
    }
    return;
  }
  if (vtags_.IsQuarantined(now_, c.local_initiate_tag)) {
    // §5.3.1: the tag's association ended within the quarantine. Either a
    // late copy of a COOKIE ECHO that already made it (a new association
    // would be a replay), or another shard drew a tag released here.
    ++counters_.cookies_quarantined_tag;
    return;
  }
  std::optional<uint32_t> slot =
      CreateAssociation(packet.header.destination_port, packet.header.source_port);
  if (!slot) {
    SendAbortStateless(packet, c.peer_initiate_tag, false,
                       static_cast<uint16_t>(wire::ErrorCauseCode::kOutOfResource),
                       {});
    return;
  }
  if (!table_.Insert(c.local_initiate_tag, *slot)) {
    Reclaim(*slot);
    ++counters_.cookies_malformed;
    return;
  }
  slot_tags_[*slot] = c.local_initiate_tag;
  ++counters_.cookies_accepted;
  DispatchToAssociation(*slot, packet, &c);
  if (slots_[*slot].has_value() && !slots_[*slot]->closed()) IndexPaths(*slot);
}

bool Endpoint::CookieFitsAssociation(const assoc::Association& a,
                                     const assoc::CookieContents& c,
                                     const assoc::ReceivedPacket& packet) const noexcept {
  if (a.local_port() != c.local_port || a.peer_port() != c.peer_port) return false;
  if (a.HasPeerAddress(packet.addresses.src)) return true;
  for (const assoc::CookieAddress& address : c.addresses()) {
    if (a.HasPeerAddress(FromCookieAddress(address))) return true;
  }
  return false;
}

bool Endpoint::IsForeignCookieEcho(uint32_t slot,
                                   const assoc::ReceivedPacket& packet) noexcept {
  wire::ChunkCursor cursor(*packet.packet);
  std::optional<wire::ChunkDescriptor> first = cursor.Next();
  if (!first) return false;
  std::optional<wire::CookieEchoChunk> echo = wire::CookieEchoChunk::Parse(
      wire::ChunkBytes(*packet.packet, *first, packet.scratch));
  if (!echo) return false;
  // Only a cookie we made can prove a collision; anything else goes to the
  // association, which discards it (§5.1.5 step 2).
  Result<assoc::CookieContents, assoc::CookieRejection> c =
      cookies_.Authenticate(echo->cookie());
  if (!c || c->local_initiate_tag != packet.header.verification_tag) return false;
  if (CookieFitsAssociation(*slots_[slot], *c, packet)) return false;
  RefuseCollidingCookie(packet, *c);
  return true;
}

void Endpoint::RefuseCollidingCookie(const assoc::ReceivedPacket& packet,
                                     const assoc::CookieContents& c) noexcept {
  // Another shard answered this peer's INIT with a tag that a live
  // association of this shard holds (shards cannot see each other's
  // tables). Handing the cookie to that association would be §5.2.4 case B
  // and overwrite its peer's tag, so refuse it: the ABORT (tagged for the
  // peer, which waits in COOKIE-ECHOED) makes the peer's ULP retry with a
  // new INIT, which draws a new tag.
  ++counters_.cookie_tag_collisions;
  SendAbortStateless(packet, c.peer_initiate_tag, false, 0, {});
}

void Endpoint::HandleOutOfTheBlue(const assoc::ReceivedPacket& packet,
                                  uint8_t first_chunk_type,
                                  uint8_t /*first_flags*/) noexcept {
  ++counters_.ootb_packets;
  if (!IsUnicast(packet.addresses.src) || !IsUnicast(packet.addresses.dst)) {
    ++counters_.non_unicast_discarded;
    return;
  }
  const VerificationTag vtag = packet.header.verification_tag;
  // §8.4: walk the chunks for the rules that look at any chunk.
  wire::ChunkCursor cursor(*packet.packet);
  bool has_abort = false, has_shutdown_ack = false, has_shutdown_complete = false,
       has_cookie_ack = false, has_stale_error = false;
  while (std::optional<wire::ChunkDescriptor> d = cursor.Next()) {
    switch (static_cast<ChunkType>(d->type)) {
      case ChunkType::kAbort: has_abort = true; break;
      case ChunkType::kShutdownAck: has_shutdown_ack = true; break;
      case ChunkType::kShutdownComplete: has_shutdown_complete = true; break;
      case ChunkType::kCookieAck: has_cookie_ack = true; break;
      case ChunkType::kError: {
        std::span<const uint8_t> b = wire::ChunkBytes(*packet.packet, *d, packet.scratch);
        if (b.size() >= 6 &&
            LoadBe16(b.data() + 4) ==
                static_cast<uint16_t>(wire::ErrorCauseCode::kStaleCookie)) {
          has_stale_error = true;
        }
        break;
      }
      default: break;
    }
  }
  (void)first_chunk_type;
  // Rule 2: "If the OOTB packet contains an ABORT chunk, the receiver MUST
  // silently discard the OOTB packet and take no further action."
  if (has_abort) {
    ++counters_.ootb_discarded;
    return;
  }
  // Rule 5: "If the packet contains a SHUTDOWN ACK chunk, the receiver
  // SHOULD respond to the sender of the OOTB packet with a SHUTDOWN
  // COMPLETE chunk ... the Verification Tag ... copied from the packet ...
  // and set the T bit".
  if (has_shutdown_ack) {
    ++counters_.ootb_shutdown_completes_sent;
    SendStateless(packet, vtag, [](wire::WireWriter& w) {
      return wire::ShutdownCompleteChunk::SerializeTo(w, true);
    });
    return;
  }
  // Rule 6: SHUTDOWN COMPLETE; rule 7: ERROR "Stale Cookie" or COOKIE ACK:
  // "SHOULD silently discard the packet and take no further action".
  if (has_shutdown_complete || has_cookie_ack || has_stale_error) {
    ++counters_.ootb_discarded;
    return;
  }
  // Rule 8: "the receiver SHOULD respond to the sender of the OOTB packet
  // with an ABORT chunk ... the Verification Tag ... copied from the OOTB
  // packet ... and set the T bit".
  ++counters_.ootb_aborts_sent;
  SendAbortStateless(packet, vtag, true, 0, {});
}

// ---------------------------------------------------------------------------
// RFC 3873 MIB.

void Endpoint::CountTransition(assoc::AssocId id, const assoc::Event& event) noexcept {
  const uint32_t slot = static_cast<uint32_t>(id.value());
  switch (event.type) {
    case assoc::EventType::kCommunicationUp:
      // sctpActiveEstabs: "COOKIE-ECHOED -> ESTABLISHED", the ULP opened
      // it; sctpPassiveEstabs: "CLOSED -> ESTABLISHED", the peer did (the
      // association was made from its COOKIE ECHO).
      if (slot < options_.max_associations && (slot_flags_[slot] & kSlotActiveOpen)) {
        ++mib_.active_estabs;
      } else {
        ++mib_.passive_estabs;
      }
      break;
    case assoc::EventType::kCommunicationLost:
      // sctpAborteds: to CLOSED "on reception of an ABORT chunk" (the ABORT
      // primitive is counted in Abort()).
      if (event.reason == assoc::LossReason::kAbortReceived) ++mib_.aborteds;
      break;
    case assoc::EventType::kShutdownComplete:
      // sctpShutdowns: to CLOSED from SHUTDOWN-SENT or SHUTDOWN-ACK-SENT.
      ++mib_.shutdowns;
      break;
    default:
      break;
  }
}

namespace {

void AddAssociationCounters(SctpMib& m, const assoc::AssocCounters& c) noexcept {
  m.out_ctrl_chunks += c.ctrl_chunks_sent;
  m.out_order_chunks += c.ordered_data_chunks_sent;
  m.out_unorder_chunks += c.unordered_data_chunks_sent;
  m.in_ctrl_chunks += c.ctrl_chunks_received;
  m.in_order_chunks += c.ordered_data_chunks_received;
  m.in_unorder_chunks += c.unordered_data_chunks_received;
  m.frag_usr_msgs += c.fragmented_messages_sent;
  m.reasm_usr_msgs += c.reassembled_messages_received;
}

}  // namespace

void Endpoint::AddRetiredCounters(const assoc::AssocCounters& c) noexcept {
  AddAssociationCounters(mib_, c);
}

SctpMib Endpoint::Mib() const noexcept {
  SctpMib m = mib_;  // transitions and reclaimed associations' chunk counts
  m.out_of_blues = counters_.ootb_packets;
  m.checksum_errors = counters_.checksum_errors;
  // Every packet, stateless answers included; a packet is counted once
  // whichever association (or none) handled it.
  m.in_sctp_packs = counters_.packets_received;
  m.out_sctp_packs = counters_.packets_sent;
  m.in_ctrl_chunks += counters_.stateless_chunks_received;
  m.out_ctrl_chunks += counters_.stateless_chunks_sent;
  for (uint32_t i = 0; i < options_.max_associations; ++i) {
    if (!slots_[i].has_value()) continue;
    const assoc::Association& a = *slots_[i];
    AddAssociationCounters(m, a.counters());
    switch (a.state()) {
      case assoc::State::kEstablished:
      case assoc::State::kShutdownPending:
      case assoc::State::kShutdownReceived:
        ++m.curr_estab;
        break;
      default:
        break;
    }
  }
  return m;
}

}  // namespace dpsctp::endpoint
