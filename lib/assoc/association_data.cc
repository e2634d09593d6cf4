// Data transfer as far as the lifecycle needs it (RFC 9260 §6), and path
// heartbeats (§8.3). In-order receiver: a TSN above Cumulative TSN + 1 is
// dropped (the sender retransmits it), so SACKs never carry gaps; received
// gap reports are honoured.
#include <algorithm>

#include "assoc/association.h"
#include "common/byte_order.h"
#include "common/serial.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/data_chunk.h"
#include "wire/chunk/error_chunk.h"
#include "wire/chunk/heartbeat_ack_chunk.h"
#include "wire/chunk/heartbeat_request_chunk.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/chunk_type.h"

namespace dpsctp::assoc {
namespace {

// Our Heartbeat Info (opaque to the peer, §8.3): path index, nonce, time.
constexpr size_t kHeartbeatInfoSize = 1 + 8 + 8;

}  // namespace

void Association::InitCongestion() noexcept {
  // §7.2.1: "The initial cwnd before data transmission ... MUST be set to
  // min(4*MTU, max (2*MTU, 4404 bytes))"; ssthresh "MAY be arbitrarily
  // high".
  uint32_t mtu = options_.mtu;
  cwnd_ = std::min(4 * mtu, std::max(2 * mtu, 4404u));
  ssthresh_ = UINT32_MAX;
  partial_bytes_acked_ = 0;
}

void Association::HandleData(TimePoint now, std::span<const uint8_t> chunk) noexcept {
  Tcb* t = tcb();
  State s = state();
  // §9.2: once the peer sent SHUTDOWN (SHUTDOWN-RECEIVED, SHUTDOWN-ACK-SENT)
  // it has no new data to send; DATA before the handshake completes has no
  // TCB to go to.
  if (!t || s == State::kCookieEchoed || s == State::kShutdownReceived ||
      s == State::kShutdownAckSent) {
    return;
  }
  std::optional<wire::DataChunk> data = wire::DataChunk::Parse(chunk);
  if (!data) {
    ++counters_.malformed_chunks;
    return;
  }
  ++counters_.data_chunks_received;
  data_in_packet_ = true;
  ++packets_since_sack_;  // counted per chunk; SACK frequency is loose
  sack_needed_ = true;
  if (data->payload().empty()) {
    // §6.2: "If an endpoint receives a DATA chunk with no user data (i.e.,
    // the Length field is set to 16), it MUST send an ABORT chunk with a
    // 'No User Data' error cause."
    uint8_t info[4];
    StoreBe32(info, data->tsn().value());
    SendAbortToPeer(static_cast<uint16_t>(wire::ErrorCauseCode::kNoUserData),
                    info);
    Fail(LossReason::kAbortReceived,
         static_cast<uint16_t>(wire::ErrorCauseCode::kNoUserData));
    return;
  }
  const Tsn tsn = data->tsn();
  const Tsn expected(t->peer_cumulative_tsn.value() + 1);
  if (IdLessOrEqual(tsn, t->peer_cumulative_tsn)) {
    // §6.2: a duplicate is reported in the next SACK, sent at once.
    ++counters_.duplicate_tsns;
    if (duplicate_count_ < duplicate_tsns_.size()) {
      duplicate_tsns_[duplicate_count_++] = tsn;
    }
    packets_since_sack_ = options_.sack_frequency;
    return;
  }
  if (tsn != expected) {
    // Out of order: not kept (see the file comment). §6.7: a gap is
    // reported at once.
    ++counters_.out_of_order_dropped;
    packets_since_sack_ = options_.sack_frequency;
    return;
  }
  if (data->stream_id().value() >= t->inbound_streams) {
    // §6.5: "the receiver MUST send an ERROR chunk ... 'Invalid Stream
    // Identifier' ... and discard the DATA chunk", acknowledging its TSN.
    t->peer_cumulative_tsn = tsn;
    uint8_t info[4] = {};  // Stream Identifier, then 16 reserved bits
    StoreBe16(info, data->stream_id().value());
    AddChunk([&](wire::WireWriter& w) {
      return WriteErrorChunk(
          w, static_cast<uint16_t>(wire::ErrorCauseCode::kInvalidStreamIdentifier),
          info);
    }, t->peer_tag, paths_[primary_].address);
    packets_since_sack_ = options_.sack_frequency;
    return;
  }
  ReceiveQueue::AppendResult r = receive_queue_.Append(
      data->stream_id(), data->ssn(), data->ppid(), data->unordered(),
      data->beginning(), data->ending(), data->payload());
  if (r == ReceiveQueue::AppendResult::kNoSpace) {
    // §6.2: with no room the chunk is dropped, not acknowledged.
    ++counters_.receive_window_dropped;
    packets_since_sack_ = options_.sack_frequency;
    return;
  }
  if (r == ReceiveQueue::AppendResult::kBadFragment) ++counters_.malformed_chunks;
  t->peer_cumulative_tsn = tsn;
  // §5.1: "After the reception of the first DATA chunk in an association,
  // the endpoint MUST immediately respond with a SACK chunk"; §3.3.1 I bit.
  if (data->immediate() || !first_data_received_) {
    packets_since_sack_ = options_.sack_frequency;
  }
  first_data_received_ = true;
  if (r == ReceiveQueue::AppendResult::kOk && data->ending()) {
    Event e;
    e.type = EventType::kDataArrive;
    e.stream_id = data->stream_id();
    e.count = 1;
    Emit(e);
  }
  (void)now;
}

void Association::SendSack(TimePoint now) noexcept {
  Tcb* t = tcb();
  Path* p = primary_path();
  if (!t || !p) return;
  const Tsn cum = t->peer_cumulative_tsn;
  const uint32_t a_rwnd = receive_queue_.free_bytes();
  std::span<const Tsn> dups(duplicate_tsns_.data(), duplicate_count_);
  AddChunk([&](wire::WireWriter& w) {
    return wire::SackChunk::SerializeTo(w, cum, a_rwnd, {}, dups);
  }, t->peer_tag, p->address);
  duplicate_count_ = 0;
  sack_needed_ = false;
  window_update_needed_ = false;
  packets_since_sack_ = 0;
  StopTimer(TimerId::kDelayedSack);
  (void)now;
}

void Association::AckUpTo(TimePoint now, Tsn cum, std::optional<uint32_t> a_rwnd,
                          const wire::SackChunk* sack) noexcept {
  Tcb* t = tcb();
  if (!t) return;
  // §6.2.1 D i: "If Cumulative TSN Ack is less than the Cumulative TSN Ack
  // Point, then drop the SACK chunk."
  if (IdLess(cum, last_cumulative_ack_)) return;
  // Acknowledging a TSN never sent: nothing sane to do with it.
  if (!IdLess(cum, t->next_tsn)) {
    ++counters_.malformed_chunks;
    return;
  }
  const bool advanced = cum != last_cumulative_ack_;
  last_cumulative_ack_ = cum;
  uint32_t bytes_acked = 0;
  bool measured = false;
  Path* p = primary_path();
  while (!send_queue_.empty() && send_queue_.at(0).sent &&
         IdLessOrEqual(send_queue_.at(0).tsn, cum)) {
    const OutChunk& c = send_queue_.at(0);
    // §6.3.1 C5 (Karn): only chunks sent once give RTT samples; one per
    // SACK is enough (C4).
    if (!measured && c.transmit_count == 1 && p) {
      p->rto.AddMeasurement(now - c.first_sent, options_.rto_min,
                            options_.rto_max, options_.rto_alpha_shift,
                            options_.rto_beta_shift);
      measured = true;
    }
    bytes_acked += c.length;
    send_queue_.PopFront();
  }
  if (sack) {
    for (size_t i = 0; i < sack->gap_ack_block_count(); ++i) {
      wire::SackChunk::GapAckBlock b = sack->gap_ack_block(i);
      Tsn lo(cum.value() + b.start), hi(cum.value() + b.end);
      for (size_t j = 0; j < send_queue_.size(); ++j) {
        OutChunk& c = send_queue_.at(j);
        if (!c.sent) break;
        if (IdLessOrEqual(lo, c.tsn) && IdLessOrEqual(c.tsn, hi)) {
          c.gap_acked = true;
          c.needs_retransmit = false;
        }
      }
    }
  }
  if (a_rwnd) t->peer_rwnd = *a_rwnd;
  if (bytes_acked > 0) {
    // §8.1/§8.2: an acknowledgement clears the error counters.
    association_error_count_ = 0;
    if (p) {
      p->error_count = 0;
      SetPathActive(*p, true);
    }
    // §7.2.1 slow start: "cwnd MUST be increased by, at most, the lesser of
    // (1) the total size of the previously outstanding DATA chunk(s)
    // acknowledged, and (2) the destination's path MTU"; §7.2.2 congestion
    // avoidance: by one MTU per cwnd acknowledged.
    if (cwnd_ <= ssthresh_) {
      cwnd_ += std::min<uint32_t>(bytes_acked, options_.mtu);
    } else {
      partial_bytes_acked_ += bytes_acked;
      if (partial_bytes_acked_ >= cwnd_) {
        partial_bytes_acked_ -= cwnd_;
        cwnd_ += options_.mtu;
      }
    }
  }
  if (send_queue_.sent_count() == 0) {
    // §6.3.2 R2: "Whenever all outstanding data sent to an address have
    // been acknowledged, turn off the T3-rtx timer of that address."
    StopTimer(TimerId::kT3Rtx);
  } else if (advanced && p) {
    // R3: "Whenever a SACK chunk is received that acknowledges the DATA
    // chunk with the earliest outstanding TSN ... restart the T3-rtx timer".
    StartTimer(TimerId::kT3Rtx, now + p->rto.rto());
  }
  MaybeFinishShutdown(now);
}

void Association::HandleSack(TimePoint now, std::span<const uint8_t> chunk) noexcept {
  std::optional<wire::SackChunk> sack = wire::SackChunk::Parse(chunk);
  if (!sack) {
    ++counters_.malformed_chunks;
    return;
  }
  if (state() == State::kCookieWait || state() == State::kCookieEchoed) return;
  AckUpTo(now, sack->cumulative_tsn_ack(), sack->a_rwnd(), &*sack);
}

void Association::TransmitData(TimePoint now, bool bundle_only) noexcept {
  Tcb* t = tcb();
  Path* p = primary_path();
  if (!t || !p) return;
  State s = state();
  if (s != State::kEstablished && s != State::kShutdownPending &&
      s != State::kShutdownReceived && s != State::kCookieEchoed) {
    return;
  }
  if (s == State::kCookieEchoed && !bundle_only) return;
  uint32_t flight = 0;
  for (size_t i = 0; i < send_queue_.size(); ++i) {
    const OutChunk& c = send_queue_.at(i);
    if (c.sent && !c.gap_acked && !c.needs_retransmit) flight += c.length;
  }
  int packets = 0;
  VerificationTag vtag = t->peer_tag;
  for (size_t i = 0; i < send_queue_.size(); ++i) {
    OutChunk& c = send_queue_.at(i);
    if (c.gap_acked || (c.sent && !c.needs_retransmit)) continue;
    // §6.1 B/A: within cwnd and the peer's window; with nothing in flight
    // one packet may always go (zero window probe, §6.1 A).
    if (flight > 0 && (flight + c.length > cwnd_ ||
                       (!c.sent && flight + c.length > t->peer_rwnd))) {
      break;
    }
    std::span<const uint8_t> payload = send_queue_.payload(c);
    wire::DataChunk::Flags flags;
    flags.beginning = c.beginning;
    flags.ending = c.ending;
    flags.unordered = c.unordered;
    auto write = [&](wire::WireWriter& w) {
      return wire::DataChunk::SerializeTo(w, c.tsn, c.stream_id, c.ssn, c.ppid,
                                          payload, flags);
    };
    if (bundle_only) {
      // Only into the packet that carries the COOKIE ECHO.
      if (!pending_.builder || !pending_.builder->TryAdd(write)) break;
    } else {
      bool had_packet = pending_.builder.has_value();
      if (!AddChunk(write, vtag, p->address)) break;
      if (!had_packet && ++packets > options_.max_burst) break;
    }
    if (c.sent) {
      ++counters_.retransmitted_chunks;
    } else {
      c.first_sent = now;
    }
    c.sent = true;
    c.needs_retransmit = false;
    if (c.transmit_count < 255) ++c.transmit_count;
    ++counters_.data_chunks_sent;
    flight += c.length;
    // §6.3.2 R1: start T3-rtx if it is not running.
    if (!TimerRunning(TimerId::kT3Rtx)) {
      StartTimer(TimerId::kT3Rtx, now + p->rto.rto());
    }
  }
}

void Association::OnT3Expired(TimePoint now) noexcept {
  ++counters_.t3_expired;
  if (send_queue_.sent_count() == 0) return;
  Path* p = primary_path();
  // §8.1 / §8.2: every T3-rtx expiry counts against the association and
  // the destination.
  if (CountAssociationError()) {
    SendAbortToPeer(0, {});
    Fail(LossReason::kMaxRetransmissions);
    return;
  }
  if (p) CountPathError(static_cast<size_t>(p - paths_.data()));
  p = primary_path();  // may have failed over
  if (!p) return;
  // §7.2.3: "ssthresh = max(cwnd/2, 4*MTU), cwnd = 1*MTU".
  ssthresh_ = std::max(cwnd_ / 2, 4u * options_.mtu);
  cwnd_ = options_.mtu;
  partial_bytes_acked_ = 0;
  // §6.3.3 E2: back off; E3: retransmit the earliest outstanding chunks.
  p->rto.Backoff(options_.rto_max);
  for (size_t i = 0; i < send_queue_.size(); ++i) {
    OutChunk& c = send_queue_.at(i);
    if (c.sent && !c.gap_acked) c.needs_retransmit = true;
  }
  TransmitData(now, false);
  if (!TimerRunning(TimerId::kT3Rtx)) {
    StartTimer(TimerId::kT3Rtx, now + p->rto.rto());
  }
}

// ---------------------------------------------------------------------------
// Heartbeats (§8.3).

void Association::ScheduleHeartbeat(TimePoint now) noexcept {
  std::optional<TimePoint> next;
  for (size_t i = 0; i < path_count_; ++i) {
    Path& p = paths_[i];
    if (!p.heartbeat_enabled) continue;
    if (p.heartbeat_due <= now && !p.heartbeat_outstanding) {
      // §8.3: "HB.interval plus the RTO of that destination, with jitter
      // of +/- 50% of the RTO value".
      int64_t rto = p.rto.rto().nanos();
      int64_t jitter = rto > 0 ? static_cast<int64_t>(env_->Random32() %
                                                      static_cast<uint64_t>(rto)) -
                                     rto / 2
                               : 0;
      p.heartbeat_due = now + p.hb_interval + p.rto.rto() + Duration::Nanos(jitter);
    }
    if (!next || p.heartbeat_due < *next) next = p.heartbeat_due;
  }
  if (next && options_.heartbeat_enabled) {
    StartTimer(TimerId::kHeartbeat, *next);
  } else {
    StopTimer(TimerId::kHeartbeat);
  }
}

void Association::SendHeartbeat(TimePoint now, size_t index) noexcept {
  const Tcb* t = tcb();
  if (!t || index >= path_count_) return;
  Path& p = paths_[index];
  p.heartbeat_nonce = (uint64_t{env_->Random32()} << 32) | env_->Random32();
  p.heartbeat_outstanding = true;
  uint8_t info[kHeartbeatInfoSize];
  info[0] = static_cast<uint8_t>(index);
  StoreBe64(info + 1, p.heartbeat_nonce);
  StoreBe64(info + 9, static_cast<uint64_t>(now.nanos()));
  FinishPacket(pending_, pending_destination_);
  SendSingle(t->peer_tag, p.address, [&](wire::WireWriter& w) {
    return wire::HeartbeatRequestChunk::SerializeTo(w, info);
  });
  ++counters_.heartbeats_sent;
}

void Association::OnHeartbeatTimer(TimePoint now) noexcept {
  State s = state();
  if (s == State::kCookieWait || s == State::kCookieEchoed || closed()) return;
  for (size_t i = 0; i < path_count_ && !closed(); ++i) {
    Path& p = paths_[i];
    if (!p.heartbeat_enabled || p.heartbeat_due > now) continue;
    if (p.heartbeat_outstanding) {
      // §8.3: an unanswered HEARTBEAT counts as an error of the destination
      // and of the association.
      p.heartbeat_outstanding = false;
      if (CountAssociationError()) {
        SendAbortToPeer(0, {});
        Fail(LossReason::kMaxRetransmissions);
        return;
      }
      CountPathError(i);
    }
    // §8.3: heartbeats go to idle destinations. One with data outstanding
    // is probed by T3-rtx; we keep it simple and probe all.
    SendHeartbeat(now, i);
    p.heartbeat_due = now + p.rto.rto();  // the answer is due within RTO
  }
  if (!closed()) {
    std::optional<TimePoint> next;
    for (size_t i = 0; i < path_count_; ++i) {
      if (!paths_[i].heartbeat_enabled) continue;
      if (!next || paths_[i].heartbeat_due < *next) next = paths_[i].heartbeat_due;
    }
    if (next && options_.heartbeat_enabled) StartTimer(TimerId::kHeartbeat, *next);
  }
}

void Association::HandleHeartbeat(const ReceivedPacket& packet,
                                  std::span<const uint8_t> chunk) noexcept {
  std::optional<wire::HeartbeatRequestChunk> hb =
      wire::HeartbeatRequestChunk::Parse(chunk);
  const Tcb* t = tcb();
  if (!hb || !t) {
    if (!hb) ++counters_.malformed_chunks;
    return;
  }
  // §8.3: "The receiver of the HEARTBEAT chunk SHOULD immediately respond
  // with a HEARTBEAT ACK chunk ... copying the Heartbeat Information
  // parameter" to the source address of the HEARTBEAT.
  std::span<const uint8_t> params = hb->parameters();
  AddChunk([&](wire::WireWriter& w) {
    return wire::HeartbeatAckChunk::SerializeParametersTo(w, params);
  }, t->peer_tag, DestinationForReply(packet));
}

void Association::HandleHeartbeatAck(TimePoint now,
                                     std::span<const uint8_t> chunk) noexcept {
  std::optional<wire::HeartbeatAckChunk> ack = wire::HeartbeatAckChunk::Parse(chunk);
  if (!ack) {
    ++counters_.malformed_chunks;
    return;
  }
  std::optional<std::span<const uint8_t>> info = ack->info();
  if (!info || info->size() != kHeartbeatInfoSize) return;
  size_t index = (*info)[0];
  if (index >= path_count_) return;
  Path& p = paths_[index];
  if (!p.heartbeat_outstanding || LoadBe64(info->data() + 1) != p.heartbeat_nonce) {
    return;  // not ours, or already answered
  }
  ++counters_.heartbeat_acks_received;
  p.heartbeat_outstanding = false;
  TimePoint sent = TimePoint::FromNanos(static_cast<int64_t>(LoadBe64(info->data() + 9)));
  // §8.3: the RTT measured with the HEARTBEAT updates the destination's RTO
  // and clears its error counter, and the association's.
  p.rto.AddMeasurement(now - sent, options_.rto_min, options_.rto_max,
                       options_.rto_alpha_shift, options_.rto_beta_shift);
  p.error_count = 0;
  association_error_count_ = 0;
  SetPathActive(p, true);
  p.heartbeat_due = now;  // reschedule from now
  ScheduleHeartbeat(now);
}

}  // namespace dpsctp::assoc
