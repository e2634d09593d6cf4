// The association core: construction, the chunk dispatcher, timers, packet
// output and the ULP primitives of RFC 9260 §10.1. Chunk handlers live in
// association_handshake.cc (§5), association_teardown.cc (§9, ERROR) and
// association_data.cc (§6, §8.3).
#include "assoc/association.h"

#include <algorithm>
#include <new>

#include "assoc/handshake.h"
#include "common/byte_order.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/error_chunk.h"
#include "wire/chunk_type.h"
#include "wire/error_cause/unrecognized_chunk_type_cause.h"
#include "wire/packet_parser.h"

namespace dpsctp::assoc {

std::string_view StateName(State state) noexcept {
  switch (state) {
    case State::kClosed: return "CLOSED";
    case State::kCookieWait: return "COOKIE-WAIT";
    case State::kCookieEchoed: return "COOKIE-ECHOED";
    case State::kEstablished: return "ESTABLISHED";
    case State::kShutdownPending: return "SHUTDOWN-PENDING";
    case State::kShutdownSent: return "SHUTDOWN-SENT";
    case State::kShutdownReceived: return "SHUTDOWN-RECEIVED";
    case State::kShutdownAckSent: return "SHUTDOWN-ACK-SENT";
  }
  return "?";
}

std::string_view EventTypeName(EventType type) noexcept {
  switch (type) {
    case EventType::kCommunicationUp: return "COMMUNICATION UP";
    case EventType::kDataArrive: return "DATA ARRIVE";
    case EventType::kShutdownComplete: return "SHUTDOWN COMPLETE";
    case EventType::kNetworkStatusChange: return "NETWORK STATUS CHANGE";
    case EventType::kCommunicationLost: return "COMMUNICATION LOST";
    case EventType::kCommunicationError: return "COMMUNICATION ERROR";
    case EventType::kRestart: return "RESTART";
    case EventType::kSendFailure: return "SEND FAILURE";
    case EventType::kShutdownReceived: return "SHUTDOWN RECEIVED";
  }
  return "?";
}

std::string_view LossReasonName(LossReason reason) noexcept {
  switch (reason) {
    case LossReason::kNone: return "none";
    case LossReason::kAbortReceived: return "abort received";
    case LossReason::kMaxInitRetransmits: return "max init retransmits";
    case LossReason::kMaxRetransmissions: return "max retransmissions";
    case LossReason::kShutdownGuardExpired: return "shutdown guard expired";
    case LossReason::kInvalidPeerParameters: return "invalid peer parameters";
    case LossReason::kUserAbort: return "user abort";
    case LossReason::kRestartRefused: return "restart refused";
    case LossReason::kMessageTooLarge: return "message too large";
    case LossReason::kProtocolViolation: return "protocol violation";
    case LossReason::kReceiveStalled: return "receive buffer stalled";
    case LossReason::kIcmpProtocolUnreachable: return "ICMP protocol unreachable";
  }
  return "?";
}

std::string_view SendErrorName(SendError e) noexcept {
  switch (e) {
    case SendError::kNone: return "none";
    case SendError::kNotConnected: return "not connected";
    case SendError::kInvalidStream: return "invalid stream";
    case SendError::kEmpty: return "empty message";
    case SendError::kNoBuffer: return "send buffer full";
    case SendError::kTooLarge: return "message too large";
  }
  return "?";
}

Association::Association(AssocId id, const AssocOptions& options,
                         AssocEnvironment& env, uint16_t local_port,
                         uint16_t peer_port) noexcept
    : id_(id),
      options_(options),
      env_(&env),
      local_port_(local_port),
      peer_port_(peer_port) {}

Association::~Association() = default;

bool Association::Init() noexcept {
  // §3.3.2: "The Advertised Receiver Window Credit MUST NOT be smaller
  // than 1500."
  if (options_.receive_window < 1500) options_.receive_window = 1500;
  const uint32_t max_message = options_.max_message_size != 0
                                   ? options_.max_message_size
                                   : options_.receive_window;
  // Gap Ack Blocks and duplicates: as many as a SACK of one MTU can carry
  // is more than any sane peer makes us track.
  return send_queue_.Init(options_.send_buffer, options_.max_send_messages,
                          options_.outbound_streams) &&
         rtx_.Init(options_.max_outstanding_chunks) &&
         tracker_.Init(256, 65535, 32) &&
         reassembly_.Init(options_.max_inbound_streams,
                          options_.max_receive_fragments,
                          options_.receive_window, max_message) &&
         (send_queue_.SetStreamCount(options_.outbound_streams),
          send_queue_.SetScheduler(options_.stream_scheduler), true);
}

State Association::state() const noexcept {
  return static_cast<State>(state_.index());
}

Tcb* Association::tcb() noexcept {
  return std::visit(
      [](auto& s) -> Tcb* {
        if constexpr (requires { s.tcb; }) {
          return &s.tcb;
        } else {
          return nullptr;
        }
      },
      state_);
}

const Tcb* Association::tcb() const noexcept {
  return const_cast<Association*>(this)->tcb();
}

VerificationTag Association::local_tag() const noexcept {
  if (const Tcb* t = tcb()) return t->local_tag;
  if (auto* w = std::get_if<CookieWaitState>(&state_)) return w->local_tag;
  return VerificationTag(0);
}

VerificationTag Association::peer_tag() const noexcept {
  if (const Tcb* t = tcb()) return t->peer_tag;
  return VerificationTag(0);
}

size_t Association::FindPath(const IpAddress& address) const noexcept {
  for (size_t i = 0; i < path_count_; ++i) {
    if (paths_[i].address == address) return i;
  }
  return kMaxPaths;
}

bool Association::HasPeerAddress(const IpAddress& address) const noexcept {
  return FindPath(address) != kMaxPaths;
}

Path* Association::primary_path() noexcept {
  if (path_count_ == 0) return nullptr;
  // §6.4: data goes to the primary unless it is inactive; then to an
  // active alternate.
  if (paths_[primary_].active) return &paths_[primary_];
  for (size_t i = 0; i < path_count_; ++i) {
    if (paths_[i].active) return &paths_[i];
  }
  return &paths_[primary_];
}

const Path* Association::primary_path() const noexcept {
  return const_cast<Association*>(this)->primary_path();
}

const IpAddress& Association::DestinationForReply(
    const ReceivedPacket& packet) const noexcept {
  return packet.addresses.src;
}

// ---------------------------------------------------------------------------
// Packet output: one packet is assembled at a time; chunks that share the
// association's tag are bundled (§6.10) until the packet is full.

size_t Association::PacketLimit(const IpAddress& destination) const noexcept {
  const size_t i = FindPath(destination);
  return i == kMaxPaths ? options_.mtu : paths_[i].mtu;
}

size_t Association::MaxFragment() const noexcept {
  size_t amdcs = options_.mtu;
  for (size_t i = 0; i < path_count_; ++i) {
    amdcs = std::min<size_t>(amdcs, paths_[i].mtu);
  }
  return amdcs - 12u - 16u;  // common header, DATA chunk header
}

bool Association::BeginPacket(Outgoing& out, VerificationTag vtag,
                              const IpAddress& destination,
                              bool oversize) noexcept {
  out.buffer = env_->TxBuffer();
  if (out.buffer.empty()) {
    ++counters_.tx_buffer_unavailable;
    return false;
  }
  wire::CommonHeader header;
  header.source_port = local_port_;
  header.destination_port = peer_port_;
  header.verification_tag = vtag;
  // §6.10: "The total size of the resultant IP datagram, including the
  // SCTP packet and IP headers, MUST be less than or equal to the current
  // PMTU" of the destination.
  const size_t limit = oversize ? options_.mtu : PacketLimit(destination);
  out.builder.emplace(out.buffer, header,
                      std::min<size_t>(limit, out.buffer.size()));
  return true;
}

void Association::FinishPacket(Outgoing& out,
                               const IpAddress& destination) noexcept {
  if (!out.builder) return;
  if (!out.builder->empty()) {
    std::span<uint8_t> packet = out.builder->Finish(env_->tx_checksum_mode());
    if (!packet.empty()) {
      CountSentControlChunks(packet);
      PacketAddresses addresses{local_address_, destination};
      env_->Transmit(packet, addresses);
      ++counters_.packets_sent;
    }
  }
  out.builder.reset();
}

namespace {

bool IsUserDataChunk(uint8_t type) noexcept {
  return type == static_cast<uint8_t>(wire::ChunkType::kData) ||
         type == static_cast<uint8_t>(wire::ChunkType::kIData);
}

}  // namespace

void Association::CountSentControlChunks(
    std::span<const uint8_t> packet) noexcept {
  // Counted where every packet leaves, so that no chunk writer can forget
  // it; DATA is counted when its TSN is assigned (TransmitData). The packet
  // was just built by PacketBuilder: well framed, padded to 4.
  size_t offset = wire::kCommonHeaderSize;
  while (offset + 4 <= packet.size()) {
    const uint8_t type = packet[offset];
    const size_t length = LoadBe16(packet.data() + offset + 2);
    if (length < 4) break;
    if (!IsUserDataChunk(type) && type != resent_control_type_) {
      ++counters_.ctrl_chunks_sent;
    }
    offset += (length + 3) & ~size_t{3};
  }
}

// ---------------------------------------------------------------------------
// Input.

void Association::HandlePacket(TimePoint now, const ReceivedPacket& packet,
                               const CookieContents* verified_cookie) noexcept {
  ++counters_.packets_received;
  if (local_address_.empty()) local_address_ = packet.addresses.dst;
  data_in_packet_ = false;
  const bool had_gaps = tracker_.has_gaps();
  wire::ChunkCursor cursor(*packet.packet);
  while (std::optional<wire::ChunkDescriptor> d = cursor.Next()) {
    ++counters_.chunks_received;
    std::span<const uint8_t> bytes =
        wire::ChunkBytes(*packet.packet, *d, packet.scratch);
    if (bytes.empty()) {
      ++counters_.malformed_chunks;
      break;
    }
    if (!HandleChunk(now, packet, d->type, bytes, verified_cookie)) break;
    if (closed()) break;
  }
  // Whatever the chunks asked for goes out now, bundled: SACK, then data
  // the window allows.
  if (data_in_packet_ && state() == State::kShutdownSent) {
    // §9.2: "the endpoint MUST respond to each received packet containing
    // one or more DATA chunks with a SHUTDOWN chunk and restart the
    // T2-shutdown timer". Its Cumulative TSN Ack acknowledges the data.
    SendShutdown(now);
  }
  if (!closed()) {
    if (data_in_packet_) {
      ++packets_since_sack_;
      EmitDataArrivals();
    }
    // §6.2: "an acknowledgement SHOULD be generated for at least every
    // second packet ... and SHOULD be generated within 200 ms"; §6.7: at
    // once when there are gaps or duplicates; §3.3.1: when the I bit asks.
    // A packet that filled (part of) a gap is also acknowledged at once:
    // the sender's fast recovery waits for that news.
    if (sack_needed_ &&
        (sack_immediately_ || tracker_.ShouldSackImmediately() ||
         (had_gaps && data_in_packet_) ||
         packets_since_sack_ >= options_.sack_frequency ||
         options_.sack_delay <= Duration::Zero())) {
      SendSack(now);
    } else if (sack_needed_ && !TimerRunning(TimerId::kDelayedSack)) {
      StartTimer(TimerId::kDelayedSack, now + options_.sack_delay);
    }
    // Flush: whatever the packet made possible goes out now, bundled with
    // the SACK (a delayed one rides along), never waiting for a timer.
    TransmitData(now, false);
  }
  FinishPacket(pending_, pending_destination_);
}

bool Association::HandleChunk(TimePoint now, const ReceivedPacket& packet,
                              uint8_t type, std::span<const uint8_t> chunk,
                              const CookieContents* verified_cookie) noexcept {
  const VerificationTag vtag = packet.header.verification_tag;
  // §8.5: every chunk but those of §8.5.1 must carry our tag.
  auto tag_is_ours = [&] {
    if (vtag == local_tag() && vtag.value() != 0) return true;
    ++counters_.bad_vtag_discarded;
    return false;
  };
  // sctpInCtrlChunks: control chunks that passed the tag check. INIT and
  // COOKIE ECHO have their own checks (§5.2, §5.1.5) and always count.
  if (!IsUserDataChunk(type)) {
    switch (static_cast<wire::ChunkType>(type)) {
      case wire::ChunkType::kInit:
      case wire::ChunkType::kCookieEcho:
        ++counters_.ctrl_chunks_received;
        break;
      case wire::ChunkType::kAbort:
      case wire::ChunkType::kShutdownComplete:
        break;  // counted below, after the T-bit rule
      default:
        if (vtag == local_tag() && vtag.value() != 0) {
          ++counters_.ctrl_chunks_received;
        }
        break;
    }
  }
  switch (static_cast<wire::ChunkType>(type)) {
    case wire::ChunkType::kInit:
      HandleInit(now, packet, chunk);
      return false;  // §6.10: INIT is never bundled
    case wire::ChunkType::kInitAck:
      // §6.10: "INIT ACK ... MUST NOT be bundled with any other chunk": a
      // packet that does so is discarded.
      if (packet.chunk_count != 1) {
        ++counters_.malformed_chunks;
        return false;
      }
      if (!tag_is_ours()) return false;
      HandleInitAck(now, packet, chunk);
      return false;
    case wire::ChunkType::kCookieEcho:
      return HandleCookieEcho(now, packet, chunk, verified_cookie);
    case wire::ChunkType::kCookieAck:
      if (!tag_is_ours()) return false;
      HandleCookieAck(now);
      return true;
    case wire::ChunkType::kAbort: {
      // §8.5.1 B: our tag, or the peer's own tag with the T bit.
      bool t_bit = (chunk[1] & wire::AbortChunk::kFlagT) != 0;
      bool ok = t_bit ? (tcb() && vtag == peer_tag())
                      : (vtag == local_tag() && vtag.value() != 0);
      if (!ok) {
        ++counters_.bad_vtag_discarded;
        return false;
      }
      ++counters_.ctrl_chunks_received;
      HandleAbort(chunk);
      return false;
    }
    case wire::ChunkType::kShutdownComplete: {
      // §6.10: SHUTDOWN COMPLETE is never bundled either.
      if (packet.chunk_count != 1) {
        ++counters_.malformed_chunks;
        return false;
      }
      bool t_bit = (chunk[1] & 0x01) != 0;
      bool ok = t_bit ? (tcb() && vtag == peer_tag())
                      : (vtag == local_tag() && vtag.value() != 0);
      if (!ok) {
        ++counters_.bad_vtag_discarded;
        return false;
      }
      ++counters_.ctrl_chunks_received;
      HandleShutdownComplete();
      return false;
    }
    default:
      break;
  }
  if (!tag_is_ours()) return false;
  switch (static_cast<wire::ChunkType>(type)) {
    case wire::ChunkType::kData:
      HandleData(now, packet, chunk);
      return true;
    case wire::ChunkType::kSack:
      HandleSack(now, chunk);
      return true;
    case wire::ChunkType::kHeartbeat:
      HandleHeartbeat(packet, chunk);
      return true;
    case wire::ChunkType::kHeartbeatAck:
      HandleHeartbeatAck(now, chunk);
      return true;
    case wire::ChunkType::kShutdown:
      HandleShutdown(now, chunk);
      return true;
    case wire::ChunkType::kShutdownAck:
      HandleShutdownAck(now, packet);
      return false;
    case wire::ChunkType::kError:
      HandleError(now, chunk);
      return true;
    default:
      return HandleUnrecognizedChunk(packet, type, chunk);
  }
}

bool Association::HandleUnrecognizedChunk(const ReceivedPacket& packet,
                                          uint8_t type,
                                          std::span<const uint8_t> chunk) noexcept {
  ++counters_.unrecognized_chunks;
  wire::UnrecognizedAction action = wire::UnrecognizedChunkAction(type);
  // §3.2: "01 - Stop processing this SCTP packet, discard the unrecognized
  // chunk and all further chunks, and report the unrecognized chunk in an
  // ERROR chunk using the 'Unrecognized Chunk Type' error cause." and "11
  // - Skip this chunk and continue processing, but report ...".
  if (wire::ShouldReport(action) && tcb()) {
    const Tcb* t = tcb();
    // The quoted chunk may be long; quote what fits in one packet.
    size_t room = options_.mtu > 32 ? options_.mtu - 32u : 0u;
    std::span<const uint8_t> quoted = chunk.first(std::min(chunk.size(), room));
    AddChunk([&](wire::WireWriter& w) {
      std::optional<size_t> start = wire::ErrorChunk::Open(w);
      return start &&
             wire::UnrecognizedChunkTypeCause::SerializeTo(w, quoted) &&
             wire::ErrorChunk::Close(w, *start);
    }, t->peer_tag, DestinationForReply(packet));
  }
  return !wire::ShouldStop(action);
}

// ---------------------------------------------------------------------------
// Timers.

std::optional<TimePoint> Association::NextTimeout() const noexcept {
  std::optional<TimePoint> next;
  for (const std::optional<TimePoint>& t : timers_) {
    if (t && (!next || *t < *next)) next = t;
  }
  return next;
}

void Association::HandleTimeout(TimePoint now) noexcept {
  for (size_t i = 0; i < timers_.size() && !closed(); ++i) {
    if (!timers_[i] || *timers_[i] > now) continue;
    timers_[i].reset();
    switch (static_cast<TimerId>(i)) {
      case TimerId::kT1:
        OnT1Expired(now);
        break;
      case TimerId::kT2Shutdown:
        OnT2Expired(now);
        break;
      case TimerId::kT3Rtx:
        // The earliest per-destination T3-rtx; each path keeps its own.
        for (size_t p = 0; p < path_count_ && !closed(); ++p) {
          if (paths_[p].t3 && *paths_[p].t3 <= now) {
            paths_[p].t3.reset();
            OnT3Expired(now, p);
          }
        }
        UpdateT3Timer();
        break;
      case TimerId::kHeartbeat:
        OnHeartbeatTimer(now);
        break;
      case TimerId::kDelayedSack:
        if (sack_needed_) SendSack(now);
        break;
      case TimerId::kNagle:
        // The delay is over: what waited goes out, full or not.
        nagle_expired_ = true;
        TransmitData(now, false);
        nagle_expired_ = false;
        break;
      case TimerId::kT5ShutdownGuard:
        // §9.2: "If the timer expires, the endpoint MUST send an ABORT chunk
        // and enter the CLOSED state."
        SendAbortToPeer(0, {});
        Fail(LossReason::kShutdownGuardExpired);
        break;
      case TimerId::kCount:
        break;
    }
  }
  FinishPacket(pending_, pending_destination_);
}

bool Association::CountAssociationError() noexcept {
  ++association_error_count_;
  // §8.1: "If the value of this counter exceeds the limit indicated in the
  // protocol parameter 'Association.Max.Retrans' of this endpoint, this
  // endpoint SHOULD consider the peer endpoint unreachable".
  return association_error_count_ > options_.association_max_retrans;
}

void Association::CountPathError(size_t index, bool icmp) noexcept {
  if (index >= path_count_) return;
  Path& p = paths_[index];
  // §8.3: once the destination is inactive the endpoint "SHOULD stop
  // increasing the counter".
  if (!p.active) return;
  ++p.error_count;
  // §8.2: "When the value of this counter exceeds 'Path.Max.Retrans', the
  // endpoint SHOULD mark the destination transport address as inactive".
  if (p.active && p.error_count > p.max_retrans) SetPathActive(p, false, icmp);
}

void Association::SetPathActive(Path& path, bool active, bool icmp) noexcept {
  if (path.active == active) return;
  path.active = active;
  Event e;
  e.type = EventType::kNetworkStatusChange;
  e.address = path.address;
  e.active = active;
  e.icmp = icmp;
  Emit(e);
}

// ---------------------------------------------------------------------------
// Teardown.

void Association::CloseWith(std::optional<Event> event) noexcept {
  FinishPacket(pending_, pending_destination_);
  state_ = ClosedState{};
  for (std::optional<TimePoint>& t : timers_) t.reset();
  if (event) Emit(*event);
  size_t undelivered = send_queue_.messages_held();
  if (event && undelivered > 0) {
    Event f;
    f.type = EventType::kSendFailure;
    f.count = static_cast<uint32_t>(undelivered);
    Emit(f);
  }
}

void Association::Fail(LossReason reason, uint16_t cause) noexcept {
  Event e;
  e.type = EventType::kCommunicationLost;
  e.reason = reason;
  e.error_cause = cause;
  CloseWith(e);
}

void Association::SendAbortToPeer(uint16_t cause_code,
                                  std::span<const uint8_t> info) noexcept {
  const Tcb* t = tcb();
  if (!t) return;
  FinishPacket(pending_, pending_destination_);
  const Path* p = primary_path();
  if (!p) return;
  SendSingle(t->peer_tag, p->address, [&](wire::WireWriter& w) {
    return WriteAbortChunk(w, false, cause_code, info);
  });
}

// ---------------------------------------------------------------------------
// ULP primitives.

SendError Association::Send(TimePoint now, const SendOptions& options,
                            std::span<const uint8_t> message) noexcept {
  State s = state();
  // §9.2: after Shutdown (or a received SHUTDOWN) no new data is accepted.
  if (s != State::kCookieWait && s != State::kCookieEchoed &&
      s != State::kEstablished) {
    return SendError::kNotConnected;
  }
  if (message.empty()) return SendError::kEmpty;
  const Tcb* t = tcb();
  uint16_t streams = t ? t->outbound_streams : options_.outbound_streams;
  if (options.stream_id.value() >= streams) return SendError::kInvalidStream;
  switch (send_queue_.Enqueue(options.stream_id, options.ppid,
                              options.unordered, message)) {
    case tx::SendQueue::EnqueueResult::kOk:
      break;
    case tx::SendQueue::EnqueueResult::kTooLarge:
      return SendError::kTooLarge;
    case tx::SendQueue::EnqueueResult::kNoSpace:
      return SendError::kNoBuffer;
    case tx::SendQueue::EnqueueResult::kInvalidStream:
      return SendError::kInvalidStream;
    case tx::SendQueue::EnqueueResult::kEmpty:
      return SendError::kEmpty;
  }
  ++counters_.messages_sent;
  if (s == State::kEstablished && !options.more) Flush(now);
  return SendError::kNone;
}

void Association::Flush(TimePoint now) noexcept {
  State s = state();
  if (s != State::kEstablished && s != State::kShutdownPending &&
      s != State::kShutdownReceived) {
    return;
  }
  TransmitData(now, false);
  FinishPacket(pending_, pending_destination_);
}

std::optional<ReceivedMessage> Association::Receive(
    std::span<uint8_t> buffer) noexcept {
  size_t copied = 0;
  std::optional<rx::MessageInfo> info = reassembly_.PopReadyInto(buffer, &copied);
  if (!info) return std::nullopt;
  ReceivedMessage m{info->stream_id, info->ssn,    info->ppid,
                    info->unordered, info->length, copied};
  if (info->fragment_count > 1) ++counters_.reassembled_messages_received;
  AfterReceive();
  return m;
}

void Association::AfterReceive() noexcept {
  ++counters_.messages_received;
  const Tcb* t = tcb();
  if (!t || closed()) return;
  // §6.2 receiver SWS avoidance: announce a window that opened by at least
  // one MTU or by a quarter of the buffer beyond what the peer last heard,
  // at once: the peer may be waiting for it, and no timer should.
  const uint32_t rwnd = LocalRwnd();
  const uint32_t step = std::max<uint32_t>(options_.mtu, options_.receive_window / 4);
  if (rwnd >= last_advertised_rwnd_ + step ||
      (last_advertised_rwnd_ < options_.mtu && rwnd >= options_.mtu &&
       rwnd > last_advertised_rwnd_)) {
    ++counters_.window_updates;
    SendSack(TimePoint());
    FinishPacket(pending_, pending_destination_);
  }
}

void Association::Shutdown(TimePoint now) noexcept {
  switch (state()) {
    case State::kCookieWait:
    case State::kCookieEchoed:
      // Not up yet: nothing to shut down gracefully; close quietly (§10.1 C
      // applies to an association; a forming one is abandoned).
      if (state() == State::kCookieEchoed) SendAbortToPeer(0, {});
      CloseWith(std::nullopt);
      return;
    case State::kEstablished: {
      // §9.2: "Upon receipt of the SHUTDOWN primitive from its upper layer,
      // the endpoint enters the SHUTDOWN-PENDING state and remains there
      // until all outstanding data has been acknowledged by its peer."
      Tcb t = std::get<EstablishedState>(state_).tcb;
      state_ = ShutdownPendingState{t};
      MaybeFinishShutdown(now);
      FinishPacket(pending_, pending_destination_);
      return;
    }
    default:
      return;  // already closing or closed
  }
}

void Association::Abort(TimePoint /*now*/,
                        std::span<const uint8_t> reason) noexcept {
  if (closed()) return;
  // §9.1 / §10.1 D: ABORT with the "User-Initiated Abort" cause. In
  // COOKIE-WAIT the peer's tag is unknown: nothing can reach it.
  size_t n = std::min<size_t>(reason.size(), 256);
  SendAbortToPeer(static_cast<uint16_t>(wire::ErrorCauseCode::kUserInitiatedAbort),
                  reason.first(n));
  CloseWith(std::nullopt);
}

AssocStatus Association::Status(TimePoint /*now*/) const noexcept {
  AssocStatus s;
  s.state = state();
  s.local_tag = local_tag();
  s.peer_tag = peer_tag();
  s.local_rwnd = LocalRwnd();
  s.pending_bytes = send_queue_.unsent_bytes();
  s.unacked_chunks = rtx_.outstanding_chunks();
  s.received_messages = reassembly_.ready_count();
  s.buffered_fragments = reassembly_.fragment_count();
  s.flight_bytes = rtx_.outstanding_bytes();
  s.path_count = path_count_;
  if (const Tcb* t = tcb()) {
    s.peer_rwnd = t->peer_rwnd;
    s.outbound_streams = t->outbound_streams;
    s.inbound_streams = t->inbound_streams;
    s.next_tsn = t->next_tsn;
    s.peer_cumulative_tsn = t->peer_cumulative_tsn;
  }
  if (path_count_ > 0) {
    const Path& p = paths_[primary_];
    s.primary = p.address;
    s.primary_srtt = p.rto.srtt();
    s.primary_rto = p.rto.rto();
    s.cwnd = p.cc.cwnd;
    s.ssthresh = p.cc.ssthresh;
    s.pending_chunks = static_cast<size_t>(
        (s.pending_bytes + MaxFragment() - 1) / MaxFragment());
  }
  return s;
}

bool Association::ChangeHeartbeat(const IpAddress& address, bool enable,
                                  Duration interval) noexcept {
  size_t i = FindPath(address);
  if (i == kMaxPaths) return false;
  paths_[i].heartbeat_enabled = enable;
  if (interval > Duration::Zero()) paths_[i].hb_interval = interval;
  return true;
}

bool Association::RequestHeartbeat(TimePoint now,
                                   const IpAddress& address) noexcept {
  size_t i = FindPath(address);
  if (i == kMaxPaths || !tcb() || state() == State::kCookieEchoed) return false;
  SendHeartbeat(now, i);
  return true;
}

std::optional<Duration> Association::GetSrtt(
    const IpAddress& address) const noexcept {
  size_t i = FindPath(address);
  if (i == kMaxPaths || !paths_[i].rto.measured()) return std::nullopt;
  return paths_[i].rto.srtt();
}

bool Association::SetFailureThreshold(const IpAddress& address,
                                      int max_retrans) noexcept {
  size_t i = FindPath(address);
  if (i == kMaxPaths || max_retrans < 0) return false;
  paths_[i].max_retrans = max_retrans;
  return true;
}

bool Association::SetPrimary(const IpAddress& address) noexcept {
  size_t i = FindPath(address);
  if (i == kMaxPaths) return false;
  primary_ = i;
  return true;
}

void Association::SetProtocolParameters(const AssocOptions& options) noexcept {
  // Buffer sizes were fixed by Init(); everything else takes effect now.
  AssocOptions next = options;
  next.receive_window = options_.receive_window;
  next.send_buffer = options_.send_buffer;
  next.max_send_messages = options_.max_send_messages;
  next.max_receive_fragments = options_.max_receive_fragments;
  next.max_outstanding_chunks = options_.max_outstanding_chunks;
  next.max_message_size = options_.max_message_size;
  next.outbound_streams = options_.outbound_streams;
  next.max_inbound_streams = options_.max_inbound_streams;
  if (next.stream_scheduler != options_.stream_scheduler) {
    send_queue_.SetScheduler(next.stream_scheduler);
  }
  options_ = next;
  for (size_t i = 0; i < path_count_; ++i) {
    paths_[i].max_retrans = options_.path_max_retrans;
    paths_[i].hb_interval = options_.hb_interval;
  }
}

namespace {

std::optional<ReceivedMessage> Taken(std::optional<tx::TakenMessage> m) noexcept {
  if (!m) return std::nullopt;
  return ReceivedMessage{m->stream_id, Ssn(0), m->ppid, m->unordered,
                         m->length, m->copied};
}

}  // namespace

std::optional<ReceivedMessage> Association::ReceiveUnsent(
    std::span<uint8_t> buffer) noexcept {
  if (!closed()) return std::nullopt;
  return Taken(send_queue_.TakeUnsent(buffer));
}

std::optional<ReceivedMessage> Association::ReceiveUnacknowledged(
    std::span<uint8_t> buffer) noexcept {
  if (!closed()) return std::nullopt;
  return Taken(send_queue_.TakeUnacknowledged(buffer));
}

}  // namespace dpsctp::assoc
