#include "endpoint/endpoint.h"

#include <new>

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
      slots_(new std::optional<assoc::Association>[options.max_associations]),
      slot_tags_(new VerificationTag[options.max_associations]),
      events_(new EndpointEvent[options.event_queue_capacity ? options.event_queue_capacity : 1]),
      scratch_(new uint8_t[kScratchSize]) {}

Endpoint::~Endpoint() = default;

size_t Endpoint::fixed_memory_bytes() const noexcept {
  return sizeof(*this) +
         options_.max_associations *
             (sizeof(std::optional<assoc::Association>) + sizeof(VerificationTag)) +
         options_.event_queue_capacity * sizeof(EndpointEvent) + kScratchSize;
}

bool Endpoint::Listen(uint16_t local_port) noexcept {
  return listeners_.Add(local_port, ListenerId(local_port));
}

bool Endpoint::StopListening(uint16_t local_port) noexcept {
  return listeners_.Remove(local_port).has_value();
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
  return slot ? &*slots_[*slot] : nullptr;
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
  tx_->Transmit(packet, addresses);
}

std::optional<VerificationTag> Endpoint::NewLocalTag() noexcept {
  auto random = [this] { return random_->Next32(); };
  std::optional<VerificationTag> tag =
      vtags_.Allocate(now_, options_.shard, random, table_);
  if (!tag) ++counters_.tag_allocation_failures;
  return tag;
}

void Endpoint::OnEvent(assoc::AssocId id, const assoc::Event& event) noexcept {
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

std::optional<uint32_t> Endpoint::CreateAssociation(uint16_t local_port,
                                                    uint16_t peer_port) noexcept {
  std::optional<uint32_t> slot = pool_.Acquire();
  if (!slot) {
    ++counters_.association_limit_hits;
    return std::nullopt;
  }
  slots_[*slot].emplace(MakeId(*slot), options_.assoc,
                        static_cast<assoc::AssocEnvironment&>(*this),
                        local_port, peer_port);
  if (!slots_[*slot]->Init()) {
    slots_[*slot].reset();
    pool_.Release(*slot);
    ++counters_.association_limit_hits;
    return std::nullopt;
  }
  slot_tags_[*slot] = VerificationTag(0);
  ++live_count_;
  ++counters_.associations_created;
  return slot;
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
    std::span<const IpAddress> peer_addresses, uint16_t peer_port) noexcept {
  now_ = now;
  if (peer_addresses.empty() || local_port == 0 || peer_port == 0) {
    return std::nullopt;
  }
  std::optional<VerificationTag> new_tag = NewLocalTag();
  if (!new_tag) return std::nullopt;
  const VerificationTag tag = *new_tag;
  std::optional<uint32_t> slot = CreateAssociation(local_port, peer_port);
  if (!slot) return std::nullopt;
  if (!table_.Insert(tag, *slot)) {
    Reclaim(*slot);
    ++counters_.tag_allocation_failures;
    return std::nullopt;
  }
  slot_tags_[*slot] = tag;
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
  slots_[*slot]->Abort(now, reason);
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
// Timers. A scan of every association: fine for thousands; the per-shard
// timer wheel of the data plane replaces it.

void Endpoint::MaybeRotateCookieKey() noexcept {
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
  for (uint32_t i = 0; i < options_.max_associations; ++i) {
    if (!slots_[i].has_value() || slots_[i]->closed()) continue;
    std::optional<TimePoint> t = slots_[i]->NextTimeout();
    if (!t || *t > now) continue;
    VerificationTag before = slots_[i]->local_tag();
    slots_[i]->HandleTimeout(now);
    AfterCall(i, before);
  }
  vtags_.ExpireQuarantine(now);
}

std::optional<TimePoint> Endpoint::NextTimeout() const noexcept {
  std::optional<TimePoint> next = next_key_rotation_;
  for (uint32_t i = 0; i < options_.max_associations; ++i) {
    if (!slots_[i].has_value() || slots_[i]->closed()) continue;
    std::optional<TimePoint> t = slots_[i]->NextTimeout();
    if (t && (!next || *t < *next)) next = t;
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
  if (!next_key_rotation_) MaybeRotateCookieKey();  // starts the schedule
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
  if (live_count_ >= options_.max_associations) {
    ++counters_.association_limit_hits;
    abort(wire::ErrorCauseCode::kOutOfResource);
    return;
  }
  // §5.1.3: everything goes into the cookie; nothing is kept here.
  std::optional<VerificationTag> tag = NewLocalTag();
  if (!tag) return;  // counted; the peer's T1-init retries
  wire::InitFields ours;
  ours.initiate_tag = *tag;
  ours.a_rwnd = options_.assoc.receive_window;
  ours.outbound_streams = assoc::NegotiateStreams(options_.assoc.outbound_streams,
                                                  init->inbound_streams());
  ours.inbound_streams = options_.assoc.max_inbound_streams;
  ours.initial_tsn = Tsn(random_->Next32());
  assoc::CookieContents cookie = assoc::MakeCookieContents(
      *init, info, ours, packet.header.destination_port,
      packet.header.source_port, assoc::TieTag(0), assoc::TieTag(0), now_,
      options_.assoc);
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
  if (std::optional<uint32_t> slot = table_.Find(c.local_initiate_tag)) {
    // A TCB already holds this tag (the COOKIE ECHO came from a new source
    // address): the association decides (§5.2.4).
    DispatchToAssociation(*slot, packet, nullptr);
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

}  // namespace dpsctp::endpoint
