// Termination of an association: ABORT (RFC 9260 §9.1), graceful shutdown
// (§9.2), and the ERROR chunk (§3.3.10, §5.2.6).
#include "assoc/association.h"
#include "common/byte_order.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/error_chunk.h"
#include "wire/chunk/shutdown_ack_chunk.h"
#include "wire/chunk/shutdown_chunk.h"
#include "wire/chunk/shutdown_complete_chunk.h"
#include "wire/chunk_type.h"
#include "wire/error_cause/stale_cookie_cause.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::assoc {

void Association::HandleAbort(std::span<const uint8_t> chunk) noexcept {
  std::optional<wire::AbortChunk> abort = wire::AbortChunk::Parse(chunk);
  uint16_t cause = 0;
  if (abort) {
    wire::TlvIterator it(abort->error_causes());
    if (std::optional<wire::TlvDescriptor> c = it.Next()) cause = c->type;
  }
  // §9.1: "Upon receipt of the ABORT chunk, the receiving endpoint MUST
  // verify ... If [valid], the receiver MUST ... remove the association
  // and report the termination to the upper layer". A malformed cause list
  // does not make the ABORT less final.
  Fail(LossReason::kAbortReceived, cause);
}

void Association::HandleError(TimePoint now, std::span<const uint8_t> chunk) noexcept {
  std::optional<wire::ErrorChunk> error = wire::ErrorChunk::Parse(chunk);
  if (!error) {
    ++counters_.malformed_chunks;
    return;
  }
  wire::TlvIterator it(error->error_causes());
  uint16_t first = 0;
  while (std::optional<wire::TlvDescriptor> c = it.Next()) {
    if (first == 0) first = c->type;
    if (c->type != static_cast<uint16_t>(wire::ErrorCauseCode::kStaleCookie)) {
      continue;
    }
    // §5.2.6: "if the association is not in the COOKIE-ECHOED state, the
    // ERROR chunk SHOULD be silently discarded."
    auto* e = std::get_if<CookieEchoedState>(&state_);
    auto stale = wire::StaleCookieCause::Parse(c->data);
    if (!e || !stale) return;
    // Alternative 3: "send a new INIT chunk to the endpoint with a Cookie
    // Preservative parameter requesting an extension to the life time of
    // the State Cookie. When calculating the time extension, an
    // implementation SHOULD use the RTT information measured based on the
    // previous COOKIE ECHO / ERROR exchange, and SHOULD add no more than 1
    // second beyond the measured RTT". We ask for the staleness times a
    // factor, at least 1 ms, capped at 1 s above it.
    uint64_t ms = (uint64_t{stale->staleness_us()} + 999) / 1000;
    uint64_t want = ms * static_cast<uint64_t>(options_.stale_cookie_preservative_factor);
    if (want < 1) want = 1;
    if (want > ms + 1000) want = ms + 1000;
    CookieWaitState w;
    w.local_tag = e->tcb.local_tag;
    w.initial_tsn = initial_tsn_;
    w.next_tsn = e->tcb.next_tsn;
    // The attempts so far count against Max.Init.Retransmits: a peer that
    // always answers "stale" cannot keep us retrying forever.
    w.init_count = e->cookie_count;
    w.preservative_ms = static_cast<uint32_t>(want);
    StopTimer(TimerId::kT1);
    state_ = w;
    SendInit(now);
    return;
  }
  // §10.2 F: other causes are reported to the ULP.
  Event ev;
  ev.type = EventType::kCommunicationError;
  ev.error_cause = first;
  Emit(ev);
}

void Association::SendShutdown(TimePoint now) noexcept {
  Tcb* t = tcb();
  Path* p = primary_path();
  if (!t || !p) return;
  const Tsn cum = t->peer_cumulative_tsn;
  // §9.2: SHUTDOWN carries our Cumulative TSN Ack; it replaces a SACK.
  AddChunk([&](wire::WireWriter& w) {
    return wire::ShutdownChunk::SerializeTo(w, cum);
  }, t->peer_tag, p->address);
  sack_needed_ = false;
  packets_since_sack_ = 0;
  StopTimer(TimerId::kDelayedSack);
  StartTimer(TimerId::kT2Shutdown, now + p->rto.rto());
}

void Association::SendShutdownAck(TimePoint now) noexcept {
  Tcb* t = tcb();
  Path* p = primary_path();
  if (!t || !p) return;
  AddChunk([](wire::WireWriter& w) {
    return wire::ShutdownAckChunk::SerializeTo(w);
  }, t->peer_tag, p->address);
  StartTimer(TimerId::kT2Shutdown, now + p->rto.rto());
}

void Association::MaybeFinishShutdown(TimePoint now) noexcept {
  if (send_queue_.HasDataToSend() || !rtx_.empty()) return;
  if (auto* p = std::get_if<ShutdownPendingState>(&state_)) {
    // §9.2: "Once all its outstanding data has been acknowledged, the
    // endpoint MUST send a SHUTDOWN chunk to its peer ... start the
    // T2-shutdown timer and enter the SHUTDOWN-SENT state." T5 guards the
    // whole procedure.
    Tcb t = p->tcb;
    state_ = ShutdownSentState{t, 0};
    SendShutdown(now);
    StartTimer(TimerId::kT5ShutdownGuard,
               now + (options_.t5_shutdown_guard > Duration::Zero()
                          ? options_.t5_shutdown_guard
                          : options_.rto_max * options_.t5_rto_max_multiple));
    return;
  }
  if (auto* r = std::get_if<ShutdownReceivedState>(&state_)) {
    // §9.2: "If there are no more outstanding DATA chunks, the SHUTDOWN
    // receiver MUST send a SHUTDOWN ACK chunk and start a T2-shutdown
    // timer ... and enter the SHUTDOWN-ACK-SENT state."
    Tcb t = r->tcb;
    state_ = ShutdownAckSentState{t, 0};
    StopTimer(TimerId::kT3Rtx);
    SendShutdownAck(now);
  }
}

void Association::HandleShutdown(TimePoint now,
                                 std::span<const uint8_t> chunk) noexcept {
  std::optional<wire::ShutdownChunk> shutdown = wire::ShutdownChunk::Parse(chunk);
  if (!shutdown) {
    ++counters_.malformed_chunks;
    return;
  }
  switch (state()) {
    case State::kEstablished:
    case State::kShutdownPending: {
      // §9.2: "Upon reception of the SHUTDOWN chunk, the peer endpoint MUST
      // enter the SHUTDOWN-RECEIVED state, MUST stop accepting new data
      // from its SCTP user, and MUST verify, by checking the Cumulative TSN
      // Ack field of the chunk, that all its outstanding DATA chunks have
      // been received by the SHUTDOWN sender."
      Tcb t = *tcb();
      bool from_established = state() == State::kEstablished;
      state_ = ShutdownReceivedState{t};
      AckUpTo(now, shutdown->cumulative_tsn_ack(), std::nullopt, nullptr);
      if (from_established) {
        Event e;
        e.type = EventType::kShutdownReceived;
        Emit(e);
      }
      MaybeFinishShutdown(now);
      return;
    }
    case State::kShutdownReceived:
      AckUpTo(now, shutdown->cumulative_tsn_ack(), std::nullopt, nullptr);
      MaybeFinishShutdown(now);
      return;
    case State::kShutdownSent: {
      // §9.2: "If an endpoint is in the SHUTDOWN-SENT state and receives a
      // SHUTDOWN chunk from its peer, the endpoint MUST respond immediately
      // with a SHUTDOWN ACK chunk to its peer and move into the
      // SHUTDOWN-ACK-SENT state, restarting its T2-shutdown timer."
      Tcb t = *tcb();
      state_ = ShutdownAckSentState{t, 0};
      SendShutdownAck(now);
      return;
    }
    default:
      return;
  }
}

void Association::HandleShutdownAck(TimePoint /*now*/,
                                    const ReceivedPacket& packet) noexcept {
  switch (state()) {
    case State::kCookieWait:
    case State::kCookieEchoed: {
      // §8.5.1 E: "If the receiver is in COOKIE-ECHOED or COOKIE-WAIT
      // state, the procedures in Section 8.4 SHOULD be followed": §8.4
      // rule 5 answers with SHUTDOWN COMPLETE, T bit set, the packet's tag
      // reflected.
      VerificationTag vtag = packet.header.verification_tag;
      SendSingle(vtag, DestinationForReply(packet), [](wire::WireWriter& w) {
        return wire::ShutdownCompleteChunk::SerializeTo(w, true);
      });
      return;
    }
    case State::kShutdownSent:
    case State::kShutdownAckSent: {
      // §9.2: "Upon the receipt of the SHUTDOWN ACK chunk, the sender of the
      // SHUTDOWN chunk MUST stop the T2-shutdown timer, send a SHUTDOWN
      // COMPLETE chunk to its peer, and remove all record of the
      // association." (Also in SHUTDOWN-ACK-SENT: simultaneous shutdown.)
      Tcb t = *tcb();
      const Path* p = primary_path();
      FinishPacket(pending_, pending_destination_);
      if (p) {
        SendSingle(t.peer_tag, p->address, [](wire::WireWriter& w) {
          return wire::ShutdownCompleteChunk::SerializeTo(w, false);
        });
      }
      Event e;
      e.type = EventType::kShutdownComplete;
      CloseWith(e);
      return;
    }
    default:
      return;  // not shutting down: discarded
  }
}

void Association::HandleShutdownComplete() noexcept {
  // §9.2: "Upon reception of the SHUTDOWN COMPLETE chunk, the endpoint
  // verifies that it is in the SHUTDOWN-ACK-SENT state; if it is not, the
  // chunk SHOULD be discarded."
  if (state() != State::kShutdownAckSent) return;
  Event e;
  e.type = EventType::kShutdownComplete;
  CloseWith(e);
}

void Association::OnT2Expired(TimePoint now) noexcept {
  ++counters_.t2_expired;
  Path* p = primary_path();
  if (p) p->rto.Backoff(options_.rto_max);
  // §9.2: the SHUTDOWN (or SHUTDOWN ACK) retransmissions count towards
  // 'Association.Max.Retrans'; beyond it "the endpoint MUST destroy the
  // TCB and MAY report the peer endpoint unreachable to the upper layer".
  if (CountAssociationError()) {
    SendAbortToPeer(0, {});
    Fail(LossReason::kMaxRetransmissions);
    return;
  }
  if (p) CountPathError(static_cast<size_t>(p - paths_.data()));
  // A retransmission: not counted again in ctrl_chunks_sent (RFC 3873).
  if (state() == State::kShutdownSent) {
    resent_control_type_ = static_cast<uint8_t>(wire::ChunkType::kShutdown);
    SendShutdown(now);
  } else if (state() == State::kShutdownAckSent) {
    resent_control_type_ = static_cast<uint8_t>(wire::ChunkType::kShutdownAck);
    SendShutdownAck(now);
  }
  FinishPacket(pending_, pending_destination_);
  resent_control_type_ = 0;
}

}  // namespace dpsctp::assoc
