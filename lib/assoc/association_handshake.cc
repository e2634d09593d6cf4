// Association establishment (RFC 9260 §5.1) and the handling of duplicate
// or unexpected INIT, INIT ACK, COOKIE ECHO and COOKIE ACK chunks (§5.2).
#include <algorithm>

#include "assoc/association.h"
#include "assoc/handshake.h"
#include "common/byte_order.h"
#include "wire/chunk/cookie_ack_chunk.h"
#include "wire/chunk/cookie_echo_chunk.h"
#include "wire/chunk/error_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk/init_chunk.h"
#include "wire/chunk/shutdown_ack_chunk.h"
#include "wire/chunk_type.h"

namespace dpsctp::assoc {
namespace {

IpAddress FromCookieAddress(const CookieAddress& a) noexcept {
  IpAddress r;
  r.family = a.family == CookieAddress::kIpv4 ? AddressFamily::kIpv4
                                              : AddressFamily::kIpv6;
  r.bytes = a.bytes;
  return r;
}

TieTag NonZeroTieTag(AssocEnvironment& env) noexcept {
  uint32_t v = 0;
  while (v == 0) v = env.Random32();
  return TieTag(v);
}

}  // namespace

void Association::SetPaths(std::span<const IpAddress> addresses,
                           const IpAddress& primary) noexcept {
  path_count_ = 0;
  primary_ = 0;
  for (const IpAddress& a : addresses) {
    if (path_count_ == kMaxPaths || a.empty()) break;
    Path& p = paths_[path_count_];
    p = Path{};
    p.address = a;
    p.rto.Reset(options_.rto_initial);
    p.max_retrans = options_.path_max_retrans;
    p.heartbeat_enabled = options_.heartbeat_enabled;
    p.hb_interval = options_.hb_interval;
    p.mtu = options_.mtu;
    if (a == primary) primary_ = path_count_;
    ++path_count_;
  }
}

bool Association::Connect(TimePoint now, const IpAddress& local_address,
                          std::span<const IpAddress> peer_addresses,
                          VerificationTag local_tag) noexcept {
  if (!closed() || peer_addresses.empty() || local_tag.value() == 0) {
    return false;
  }
  local_address_ = local_address;
  SetPaths(peer_addresses, peer_addresses[0]);
  CookieWaitState w;
  w.local_tag = local_tag;
  // §3.3.2: "the Initial TSN SHOULD be set to a random value".
  w.initial_tsn = Tsn(env_->Random32());
  w.next_tsn = w.initial_tsn;
  state_ = w;
  // §5.1 A: "send an INIT chunk to Z ... start the T1-init timer, and enter
  // the COOKIE-WAIT state."
  SendInit(now);
  return true;
}

void Association::SendInit(TimePoint now) noexcept {
  auto* w = std::get_if<CookieWaitState>(&state_);
  Path* p = primary_path();
  if (!w || !p) return;
  wire::InitFields f;
  f.initiate_tag = w->local_tag;
  f.a_rwnd = LocalRwnd();
  f.outbound_streams = options_.outbound_streams;
  f.inbound_streams = options_.max_inbound_streams;
  f.initial_tsn = w->initial_tsn;
  const uint32_t preservative = w->preservative_ms;
  // §8.5.1 A: the packet carrying INIT has Verification Tag 0.
  SendSingle(VerificationTag(0), p->address, [&](wire::WireWriter& out) {
    return WriteInitChunk(out, f, local_address_, preservative);
  });
  ++w->init_count;
  StartTimer(TimerId::kT1, now + p->rto.rto());
}

void Association::SendCookieEcho(TimePoint now,
                                 const PeerInitInfo* unrecognized) noexcept {
  auto* e = std::get_if<CookieEchoedState>(&state_);
  Path* p = primary_path();
  if (!e || !p) return;
  std::span<const uint8_t> cookie(e->cookie.get(), e->cookie_size);
  // §5.1 C: "The COOKIE ECHO chunk can be bundled with any pending outbound
  // DATA chunks, but it MUST be the first chunk in the packet".
  AddChunk([&](wire::WireWriter& out) {
    return wire::CookieEchoChunk::SerializeTo(out, cookie);
  }, e->tcb.peer_tag, p->address);
  // §3.2.2: unrecognized parameters of the INIT ACK are reported in an
  // ERROR chunk that "SHOULD [be bundled] with the chunk sent in response
  // (e.g., COOKIE ECHO)".
  if (unrecognized && unrecognized->unrecognized_count > 0 && pending_.builder) {
    pending_.builder->TryAdd([&](wire::WireWriter& out) {
      std::optional<size_t> start = wire::ErrorChunk::Open(out);
      if (!start) return false;
      for (size_t i = 0; i < unrecognized->unrecognized_count; ++i) {
        std::span<const uint8_t> param = unrecognized->unrecognized[i];
        std::span<uint8_t> h = out.Append(4);
        if (h.size() != 4 || !out.AppendBytes(param) || !out.PadTo4()) return false;
        StoreBe16(h.data(), static_cast<uint16_t>(
                                wire::ErrorCauseCode::kUnrecognizedParameters));
        StoreBe16(h.data() + 2, static_cast<uint16_t>(4 + param.size()));
      }
      return wire::ErrorChunk::Close(out, *start);
    });
  }
  ++e->cookie_count;
  TransmitData(now, true);
  FinishPacket(pending_, pending_destination_);
  StartTimer(TimerId::kT1, now + p->rto.rto());
}

void Association::OnT1Expired(TimePoint now) noexcept {
  ++counters_.t1_expired;
  Path* p = primary_path();
  if (p) p->rto.Backoff(options_.rto_max);
  if (auto* w = std::get_if<CookieWaitState>(&state_)) {
    // §5.1.6 / §5.1 C: retransmit "up to 'Max.Init.Retransmits' times.
    // After that, the endpoint MUST abort the initialization process and
    // report the error to the SCTP user."
    if (w->init_count > options_.max_init_retransmits) {
      Fail(LossReason::kMaxInitRetransmits);
      return;
    }
    // A retransmission: not counted again in ctrl_chunks_sent (RFC 3873).
    resent_control_type_ = static_cast<uint8_t>(wire::ChunkType::kInit);
    SendInit(now);
    resent_control_type_ = 0;
    return;
  }
  if (auto* e = std::get_if<CookieEchoedState>(&state_)) {
    if (e->cookie_count > options_.max_init_retransmits) {
      // The peer may hold a TCB built from our cookie: tell it.
      SendAbortToPeer(0, {});
      Fail(LossReason::kMaxInitRetransmits);
      return;
    }
    resent_control_type_ = static_cast<uint8_t>(wire::ChunkType::kCookieEcho);
    SendCookieEcho(now);
    resent_control_type_ = 0;
  }
}

bool Association::AddsNewAddresses(const PeerInitInfo& info) const noexcept {
  for (const IpAddress& a : info.address_list()) {
    if (!HasPeerAddress(a)) return true;
  }
  return false;
}

void Association::SendAbortRestartWithNewAddresses(
    const ReceivedPacket& packet, VerificationTag vtag,
    const PeerInitInfo& info) noexcept {
  // §5.2.2: "the error cause MAY be set to 'Restart of an Association with
  // New Addresses'. The error SHOULD list the addresses that were added".
  uint8_t list[kMaxCookieAddresses * 20];
  size_t n = 0;
  for (const IpAddress& a : info.address_list()) {
    if (HasPeerAddress(a)) continue;
    uint16_t type = a.is_v4() ? 5 : 6;
    uint16_t len = a.is_v4() ? 8 : 20;
    StoreBe16(list + n, type);
    StoreBe16(list + n + 2, len);
    std::span<const uint8_t> b = a.wire_bytes();
    std::copy(b.begin(), b.end(), list + n + 4);
    n += len;
  }
  SendSingle(vtag, DestinationForReply(packet), [&](wire::WireWriter& w) {
    return WriteAbortChunk(
        w, false,
        static_cast<uint16_t>(wire::ErrorCauseCode::kRestartWithNewAddresses),
        std::span<const uint8_t>(list, n));
  });
}

void Association::SendInitAckFor(TimePoint now, const ReceivedPacket& packet,
                                 const wire::InitChunk& init,
                                 const PeerInitInfo& info,
                                 VerificationTag local_tag, Tsn initial_tsn,
                                 TieTag local_tie, TieTag peer_tie) noexcept {
  wire::InitFields ours;
  ours.initiate_tag = local_tag;
  ours.a_rwnd = options_.receive_window;
  const Tcb* t = tcb();
  // §5.2.2: "Other parameters for the endpoint SHOULD be copied from the
  // existing parameters of the association (e.g., number of outbound
  // streams)".
  uint16_t os = t ? t->outbound_streams : options_.outbound_streams;
  ours.outbound_streams = NegotiateStreams(os, init.inbound_streams());
  ours.inbound_streams = options_.max_inbound_streams;
  ours.initial_tsn = initial_tsn;
  CookieContents cookie =
      MakeCookieContents(init, info, ours, local_port_, peer_port_, local_tie,
                         peer_tie, now, options_);
  // §5.2.1 rule 3 / §5.1.2: to the source of the INIT; tagged with its
  // Initiate Tag.
  SendSingle(init.initiate_tag(), DestinationForReply(packet),
             [&](wire::WireWriter& w) {
               return WriteInitAckChunk(w, ours, cookie,
                                        env_->cookie_authenticator(), info);
             });
}

void Association::HandleInit(TimePoint now, const ReceivedPacket& packet,
                             std::span<const uint8_t> chunk) noexcept {
  // §8.5.1 A: "the Verification Tag field of the packet MUST be set to 0";
  // §6.10: "INIT ... MUST NOT be bundled with any other chunk".
  if (packet.header.verification_tag.value() != 0) {
    ++counters_.bad_vtag_discarded;
    return;
  }
  std::optional<wire::InitChunk> init = wire::InitChunk::Parse(chunk);
  if (!init || packet.chunk_count != 1) {
    ++counters_.malformed_chunks;
    return;
  }
  switch (CheckInitFields(init->fields())) {
    case InitVerdict::kDiscard:
      return;
    case InitVerdict::kAbortInvalid:
      SendSingle(init->initiate_tag(), DestinationForReply(packet),
                 [&](wire::WireWriter& w) {
                   return WriteAbortChunk(
                       w, false,
                       static_cast<uint16_t>(
                           wire::ErrorCauseCode::kInvalidMandatoryParameter),
                       {});
                 });
      return;
    case InitVerdict::kOk:
      break;
  }
  PeerInitInfo info =
      ReadInitParameters(init->parameters(), packet.addresses.src, false);
  if (info.host_name) {
    // §5.1.2 rule 2; the ABORT carries the INIT's tag, so the existing
    // association is untouched.
    SendSingle(init->initiate_tag(), DestinationForReply(packet),
               [&](wire::WireWriter& w) {
                 return WriteAbortChunk(
                     w, false,
                     static_cast<uint16_t>(
                         wire::ErrorCauseCode::kUnresolvableAddress),
                     info.host_name_parameter);
               });
    return;
  }
  switch (state()) {
    case State::kClosed:
      return;  // the endpoint answers INITs without a TCB
    case State::kCookieWait: {
      // §5.2.1: "respond with an INIT ACK chunk using the same parameters it
      // sent in its original INIT chunk (including its Initiate Tag,
      // unchanged)"; Tie-Tags stay 0 in COOKIE-WAIT (§5.2.2).
      const auto& w = std::get<CookieWaitState>(state_);
      SendInitAckFor(now, packet, *init, info, w.local_tag, w.initial_tsn,
                     TieTag(0), TieTag(0));
      return;
    }
    case State::kShutdownAckSent:
      // §9.2: "the endpoint SHOULD discard the INIT chunk and retransmit
      // the SHUTDOWN ACK chunk."
      SendShutdownAck(now);
      FinishPacket(pending_, pending_destination_);
      return;
    default:
      break;
  }
  // COOKIE-ECHOED (§5.2.1) and the states of §5.2.2.
  Tcb* t = tcb();
  if (AddsNewAddresses(info)) {
    SendAbortRestartWithNewAddresses(packet, init->initiate_tag(), info);
    return;
  }
  // §5.2.1 / §5.2.2: populate the Tie-Tags in the TCB and the cookie. RFC
  // 9260 makes them random nonces rather than the tags themselves.
  if (t->local_tie_tag.value() == 0) {
    t->local_tie_tag = NonZeroTieTag(*env_);
    t->peer_tie_tag = NonZeroTieTag(*env_);
  }
  if (state() == State::kCookieEchoed) {
    // §5.2.1: same parameters as our INIT, including its Initiate Tag.
    SendInitAckFor(now, packet, *init, info, t->local_tag,
                   initial_tsn_, t->local_tie_tag, t->peer_tie_tag);
    return;
  }
  // §5.2.2: "the INIT ACK chunk MUST contain a new Initiate Tag"; the
  // existing association is not changed.
  std::optional<VerificationTag> tag = env_->NewLocalTag();
  if (!tag) return;  // no tag to offer: the peer's INIT timer retries
  SendInitAckFor(now, packet, *init, info, *tag, Tsn(env_->Random32()),
                 t->local_tie_tag, t->peer_tie_tag);
}

void Association::HandleInitAck(TimePoint now, const ReceivedPacket& packet,
                                std::span<const uint8_t> chunk) noexcept {
  auto* w = std::get_if<CookieWaitState>(&state_);
  if (!w) return;  // §5.2.3: "SHOULD discard the INIT ACK chunk"
  std::optional<wire::InitAckChunk> ack = wire::InitAckChunk::Parse(chunk);
  if (!ack) {
    ++counters_.malformed_chunks;
    return;
  }
  const wire::InitFields f = ack->fields();
  PeerInitInfo info =
      ReadInitParameters(ack->parameters(), packet.addresses.src, true);
  auto abort_with = [&](VerificationTag vtag, bool t_bit,
                        wire::ErrorCauseCode cause,
                        std::span<const uint8_t> cause_info) {
    SendSingle(vtag, DestinationForReply(packet), [&](wire::WireWriter& out) {
      return WriteAbortChunk(out, t_bit, static_cast<uint16_t>(cause),
                             cause_info);
    });
  };
  if (f.initiate_tag.value() == 0) {
    // §3.3.3: "the receiver MUST destroy the association discarding its
    // TCB. The receiver MAY send an ABORT chunk for debugging purpose."
    // With no peer tag to use, the ABORT reflects the packet's (T bit).
    abort_with(packet.header.verification_tag, true,
               wire::ErrorCauseCode::kInvalidMandatoryParameter, {});
    Fail(LossReason::kInvalidPeerParameters);
    return;
  }
  if (f.a_rwnd < 1500 || f.outbound_streams == 0 || f.inbound_streams == 0) {
    // §3.3.3: "it MUST destroy the TCB and SHOULD send an ABORT chunk."
    abort_with(f.initiate_tag, false,
               wire::ErrorCauseCode::kInvalidMandatoryParameter, {});
    Fail(LossReason::kInvalidPeerParameters);
    return;
  }
  if (info.host_name) {
    abort_with(f.initiate_tag, false, wire::ErrorCauseCode::kUnresolvableAddress,
               info.host_name_parameter);
    Fail(LossReason::kInvalidPeerParameters);
    return;
  }
  if (!info.has_state_cookie || info.state_cookie.size() > 0xffff - 4) {
    // §3.3.3: the State Cookie is mandatory. Missing Mandatory Parameter
    // lists its type.
    uint8_t missing[6] = {0, 0, 0, 1, 0, 7};
    abort_with(f.initiate_tag, false,
               wire::ErrorCauseCode::kMissingMandatoryParameter, missing);
    Fail(LossReason::kInvalidPeerParameters);
    return;
  }
  CookieEchoedState e;
  e.cookie.reset(new (std::nothrow) uint8_t[info.state_cookie.size()]);
  if (!e.cookie) return;  // memory short: T1 retries later
  std::copy(info.state_cookie.begin(), info.state_cookie.end(), e.cookie.get());
  e.cookie_size = static_cast<uint16_t>(info.state_cookie.size());
  Tcb& t = e.tcb;
  t.local_tag = w->local_tag;
  t.peer_tag = f.initiate_tag;
  t.next_tsn = w->next_tsn;
  t.peer_cumulative_tsn = Tsn(f.initial_tsn.value() - 1);
  t.peer_rwnd = f.a_rwnd;
  // §5.1.1: our OS capped by the peer's MIS; inbound what the peer opens.
  t.outbound_streams = NegotiateStreams(options_.outbound_streams,
                                        f.inbound_streams);
  t.inbound_streams = NegotiateStreams(f.outbound_streams,
                                       options_.max_inbound_streams);
  t.peer_capabilities = info.capabilities & kLocalCapabilities;
  initial_tsn_ = w->initial_tsn;
  // §5.1.2: every address of the INIT ACK plus its source; the primary is
  // the one our INIT went to if the peer listed it.
  IpAddress primary = paths_[primary_].address;
  bool listed = false;
  for (const IpAddress& a : info.address_list()) listed |= a == primary;
  SetPaths(info.address_list(), listed ? primary : packet.addresses.src);
  ResetDataPath(t);
  StopTimer(TimerId::kT1);
  state_ = std::move(e);
  // §5.1 C: "reply with a COOKIE ECHO chunk ... start the T1-cookie timer,
  // and enter the COOKIE-ECHOED state".
  SendCookieEcho(now, &info);
}

void Association::EnterEstablished(TimePoint now, const Tcb& t,
                                   bool restart) noexcept {
  StopTimer(TimerId::kT1);
  state_ = EstablishedState{t};
  association_error_count_ = 0;
  ScheduleHeartbeat(now);
  Event e;
  e.type = restart ? EventType::kRestart : EventType::kCommunicationUp;
  e.outbound_streams = t.outbound_streams;
  e.inbound_streams = t.inbound_streams;
  Emit(e);
}

Tcb Association::TcbFromCookie(const CookieContents& c) noexcept {
  Tcb t;
  t.local_tag = c.local_initiate_tag;
  t.peer_tag = c.peer_initiate_tag;
  t.next_tsn = c.local_initial_tsn;
  t.peer_cumulative_tsn = Tsn(c.peer_initial_tsn.value() - 1);
  t.peer_rwnd = c.peer_a_rwnd;
  t.outbound_streams = c.outbound_streams;
  t.inbound_streams = c.inbound_streams;
  t.peer_capabilities = c.peer_capabilities;
  return t;
}

void Association::AdoptCookie(const CookieContents& c,
                              const ReceivedPacket& packet) noexcept {
  std::array<IpAddress, kMaxCookieAddresses> list{};
  size_t n = 0;
  for (const CookieAddress& a : c.addresses()) list[n++] = FromCookieAddress(a);
  SetPaths(std::span<const IpAddress>(list).first(n), packet.addresses.src);
  initial_tsn_ = c.local_initial_tsn;
  ResetDataPath(TcbFromCookie(c));
}

bool Association::HandleCookieEcho(TimePoint now, const ReceivedPacket& packet,
                                   std::span<const uint8_t> chunk,
                                   const CookieContents* verified_cookie) noexcept {
  std::optional<wire::CookieEchoChunk> echo = wire::CookieEchoChunk::Parse(chunk);
  if (!echo) {
    ++counters_.malformed_chunks;
    return false;
  }
  // §5.2.4 steps 1-2: authenticate; the lifespan is judged below.
  Result<CookieContents, CookieRejection> r =
      verified_cookie ? Result<CookieContents, CookieRejection>(*verified_cookie)
                      : env_->cookie_authenticator().Authenticate(echo->cookie());
  if (!r) {
    ++counters_.cookies_rejected;
    return false;
  }
  const CookieContents& c = *r;
  // §5.1.5 step 3: the packet's tag and ports must be the cookie's.
  if (c.local_initiate_tag != packet.header.verification_tag ||
      c.local_port != local_port_ || c.peer_port != peer_port_) {
    ++counters_.cookies_rejected;
    return false;
  }
  if (state() == State::kClosed) {
    // §5.1.5 step 5: a new association from a cookie the endpoint checked.
    if (!verified_cookie) return false;
    AdoptCookie(c, packet);
    EnterEstablished(now, TcbFromCookie(c), false);
    SendCookieAck(packet);
    return true;
  }
  const Tcb* t = tcb();
  const VerificationTag my_tag = local_tag();
  const bool local_match = c.local_initiate_tag == my_tag;
  // In COOKIE-WAIT the peer's tag is unknown ("0" in the table).
  const bool peer_known = t != nullptr;
  const bool peer_match = peer_known && c.peer_initiate_tag == t->peer_tag;
  const bool ties_zero =
      c.local_tie_tag.value() == 0 && c.peer_tie_tag.value() == 0;
  const bool ties_match = t && !ties_zero &&
                          c.local_tie_tag == t->local_tie_tag &&
                          c.peer_tie_tag == t->peer_tie_tag;
  // §5.2.4 step 3: a stale cookie is accepted only when both tags match.
  if (std::optional<uint32_t> stale = CookieStaleness(c, now);
      stale && !(local_match && peer_match)) {
    ++counters_.cookies_rejected;
    uint8_t info[4];
    StoreBe32(info, *stale);
    SendSingle(c.peer_initiate_tag, DestinationForReply(packet),
               [&](wire::WireWriter& w) {
                 return WriteErrorChunk(
                     w, static_cast<uint16_t>(wire::ErrorCauseCode::kStaleCookie),
                     info);
               });
    return false;
  }
  if (!local_match && !peer_match && ties_match) {
    // Action A: the peer restarted.
    if (state() == State::kShutdownAckSent) {
      // §5.2.4 A: "resend the SHUTDOWN ACK chunk and send an ERROR chunk
      // with a 'Cookie Received While Shutting Down' error cause".
      SendShutdownAck(now);
      AddChunk([&](wire::WireWriter& w) {
        return WriteErrorChunk(
            w,
            static_cast<uint16_t>(
                wire::ErrorCauseCode::kCookieReceivedWhileShuttingDown),
            {});
      }, t->peer_tag, paths_[primary_].address);
      return false;
    }
    // "treated the same as if it received an ABORT chunk followed by a new
    // COOKIE ECHO chunk", with RESTART instead of COMMUNICATION LOST. Queued
    // data is dropped (the RFC lets us keep it; the peer lost its side).
    ++counters_.restarts;
    send_queue_.Clear();
    rtx_.Clear();
    reassembly_.Clear();
    for (std::optional<TimePoint>& timer : timers_) timer.reset();
    sack_needed_ = false;
    first_data_received_ = false;
    AdoptCookie(c, packet);
    EnterEstablished(now, TcbFromCookie(c), true);
    SendCookieAck(packet);
    return true;
  }
  if (local_match && !peer_match) {
    // Action B: collision; take the peer's new tag and parameters.
    Tcb n = TcbFromCookie(c);
    if (t) {
      n.next_tsn = t->next_tsn;
      n.local_tie_tag = t->local_tie_tag;
      n.peer_tie_tag = t->peer_tie_tag;
    } else {
      n.next_tsn = std::get<CookieWaitState>(state_).next_tsn;
    }
    // Our initial TSN is the one of our INIT; the cookie holds the same.
    bool was_up = state() != State::kCookieWait && state() != State::kCookieEchoed;
    if (!was_up) {
      AdoptCookie(c, packet);
      EnterEstablished(now, n, false);
    } else if (Tcb* cur = tcb()) {
      cur->peer_tag = n.peer_tag;
    }
    StopTimer(TimerId::kT1);
    SendCookieAck(packet);
    return true;
  }
  if (!local_match && peer_match && ties_zero) {
    return false;  // Action C: a late cookie of ours; silently discarded.
  }
  if (local_match && peer_match) {
    // Action D.
    if (auto* e = std::get_if<CookieEchoedState>(&state_)) {
      Tcb n = e->tcb;
      EnterEstablished(now, n, false);
    }
    SendCookieAck(packet);
    return true;
  }
  ++counters_.cookies_rejected;  // "any case not shown": silently discarded
  return false;
}

void Association::SendCookieAck(const ReceivedPacket& packet) noexcept {
  const Tcb* t = tcb();
  if (!t) return;
  AddChunk([](wire::WireWriter& w) {
    return wire::CookieAckChunk::SerializeTo(w);
  }, t->peer_tag, DestinationForReply(packet));
}

void Association::HandleCookieAck(TimePoint now) noexcept {
  // §5.2.5: "At any state other than COOKIE-ECHOED, an endpoint SHOULD
  // silently discard a received COOKIE ACK chunk."
  auto* e = std::get_if<CookieEchoedState>(&state_);
  if (!e) return;
  Tcb t = e->tcb;
  // §5.1 E: the COOKIE ACK round trip is an RTT sample only if the COOKIE
  // ECHO was not retransmitted (Karn, §6.3.1 C5).
  EnterEstablished(now, t, false);
}

}  // namespace dpsctp::assoc
