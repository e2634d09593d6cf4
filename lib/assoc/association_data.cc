// Data transfer (RFC 9260 §6, §7): receiving DATA into the tracker and the
// reassembly queue, SACK generation and processing, transmission of new
// and retransmitted DATA under the windows, T3-rtx; and path heartbeats
// (§8.3).
#include <algorithm>

#include "assoc/association.h"
#include "buf/buf_ref.h"
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

void Association::ResetDataPath(const Tcb& t) noexcept {
  // §5.1: the receiver's Cumulative TSN Ack Point starts at the peer's
  // Initial TSN minus one.
  tracker_.Reset(t.peer_cumulative_tsn);
  reassembly_.Reset(t.inbound_streams, Tsn(t.peer_cumulative_tsn.value() + 1));
  // DATA bundled with a COOKIE ECHO may already be outstanding (a collision
  // while COOKIE-ECHOED keeps our Initial TSN): keep it.
  if (rtx_.empty()) {
    rtx_.Reset(t.next_tsn);
    send_queue_.SetStreamCount(t.outbound_streams);
    // Messages queued before the handshake on streams the peer did not
    // grant (§5.1.1: OS is capped by its MIS) can never be sent.
    if (size_t stranded = send_queue_.DropStranded()) {
      Event f;
      f.type = EventType::kSendFailure;
      f.count = static_cast<uint32_t>(stranded);
      Emit(f);
    }
  }
  for (size_t i = 0; i < path_count_; ++i) {
    // The congestion window counts DATA chunk bytes against the PMDCS: the
    // packet size less the common header.
    paths_[i].cc.Init(paths_[i].mtu - 12u, t.peer_rwnd,
                      paths_[i].address.is_v6());
    paths_[i].idle_since = TimePoint();
    paths_[i].t3.reset();
  }
  last_advertised_rwnd_ = LocalRwnd();
  packets_since_sack_ = 0;
  sack_needed_ = false;
  sack_immediately_ = false;
  fast_retransmit_pending_ = false;
  first_data_received_ = false;
}

uint32_t Association::LocalRwnd() const noexcept {
  const uint32_t held = reassembly_.buffered_bytes();
  return held >= options_.receive_window ? 0 : options_.receive_window - held;
}

void Association::HandleData(TimePoint now, const ReceivedPacket& packet,
                             std::span<const uint8_t> chunk) noexcept {
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
  sack_needed_ = true;
  sack_destination_ = DestinationForReply(packet);
  if (data->payload().empty()) {
    // §6.2: "If an endpoint receives a DATA chunk with no user data (i.e.,
    // the Length field is set to 16), it MUST send an ABORT chunk with a
    // 'No User Data' error cause."
    uint8_t info[4];
    StoreBe32(info, data->tsn().value());
    SendAbortToPeer(static_cast<uint16_t>(wire::ErrorCauseCode::kNoUserData),
                    info);
    Fail(LossReason::kProtocolViolation,
         static_cast<uint16_t>(wire::ErrorCauseCode::kNoUserData));
    return;
  }
  // §3.3.1: the sender asks for a SACK without delay.
  if (data->immediate()) sack_immediately_ = true;
  const Tsn tsn = data->tsn();
  switch (tracker_.Classify(tsn)) {
    case rx::DataTracker::Observation::kDuplicate:
      // §6.2: reported in the next SACK's duplicate list, sent at once.
      tracker_.Observe(tsn);
      ++counters_.duplicate_tsns;
      return;
    case rx::DataTracker::Observation::kOutOfWindow:
      // Beyond anything a SACK can report: not acknowledged, the sender
      // retransmits it when the window has moved.
      ++counters_.out_of_window_dropped;
      return;
    case rx::DataTracker::Observation::kNew:
      break;
  }
  if (data->stream_id().value() >= t->inbound_streams) {
    // §6.5: "the receiver MUST send an ERROR chunk ... 'Invalid Stream
    // Identifier' ... and discard the DATA chunk. The endpoint MAY bundle
    // the ERROR chunk in the same packet as the SACK as long as the ERROR
    // follows the SACK." The TSN counts as received.
    tracker_.Observe(tsn);
    t->peer_cumulative_tsn = tracker_.cumulative_tsn();
    CountNewDataReceived(data->unordered());
    ++counters_.invalid_stream_data;
    SendSack(now);
    uint8_t info[4] = {};  // Stream Identifier, then 16 reserved bits
    StoreBe16(info, data->stream_id().value());
    AddChunk([&](wire::WireWriter& w) {
      return WriteErrorChunk(
          w, static_cast<uint16_t>(wire::ErrorCauseCode::kInvalidStreamIdentifier),
          info);
    }, t->peer_tag, sack_destination_);
    return;
  }
  // §6.2: "When the receiver's advertised window is 0, the receiver MUST
  // drop any new incoming DATA chunk with a TSN larger than the largest TSN
  // received so far." We never renege on what we hold.
  if (LocalRwnd() == 0 && IdLess(tracker_.highest_received(), tsn)) {
    ++counters_.receive_window_dropped;
    // The sender is probing a closed window (§6.1): tell it at once that
    // the window is still closed.
    sack_immediately_ = true;
    return;
  }
  // The chunk that advances the Cumulative TSN Ack must always find a slot,
  // or out-of-order data could fill every slot and stall delivery for
  // good: the last slots are kept for it.
  const uint32_t reserve = std::min<uint32_t>(64, options_.max_receive_fragments / 8);
  if (tsn != Tsn(tracker_.cumulative_tsn().value() + 1) &&
      reassembly_.fragment_count() + reserve >= options_.max_receive_fragments) {
    ++counters_.receive_window_dropped;
    sack_immediately_ = true;
    return;
  }
  // ARCHITECTURE.md step 6: the payload stays in the packet buffer.
  std::span<const uint8_t> payload = data->payload();
  buf::Slice slice;
  if (packet.packet) slice.ref = packet.packet->RefFor(payload);
  if (slice.ref) {
    slice.data = payload.data();
    slice.length = static_cast<uint32_t>(payload.size());
  } else {
    slice = buf::CopyToHeap(payload);
    ++counters_.rx_payload_copies;
    if (slice.data == nullptr) {
      ++counters_.receive_window_dropped;
      sack_immediately_ = true;
      return;
    }
  }
  rx::DataChunkMeta meta;
  meta.tsn = tsn;
  meta.stream_id = data->stream_id();
  meta.ssn = data->ssn();
  meta.ppid = data->ppid();
  meta.beginning = data->beginning();
  meta.ending = data->ending();
  meta.unordered = data->unordered();
  const size_t meta_length_hint = std::max<size_t>(1, payload.size());
  switch (reassembly_.Add(meta, std::move(slice))) {
    case rx::ReassemblyQueue::AddResult::kOk:
      break;
    case rx::ReassemblyQueue::AddResult::kNoSpace:
      // §6.2: no room: dropped and not acknowledged; the sender retries.
      ++counters_.receive_window_dropped;
      sack_immediately_ = true;
      if (reassembly_.Stalled(static_cast<uint32_t>(meta_length_hint))) {
        // Every slot or byte is held by messages that can never complete
        // or be delivered: nothing the application reads can free room.
        ++counters_.receive_stalls;
        SendAbortToPeer(static_cast<uint16_t>(wire::ErrorCauseCode::kOutOfResource), {});
        Fail(LossReason::kReceiveStalled,
             static_cast<uint16_t>(wire::ErrorCauseCode::kOutOfResource));
      }
      return;
    case rx::ReassemblyQueue::AddResult::kMessageTooLarge: {
      // A message that can never fit the receive buffer would stall the
      // association forever: refuse it, telling the peer why.
      ++counters_.oversized_messages;
      SendAbortToPeer(static_cast<uint16_t>(wire::ErrorCauseCode::kOutOfResource), {});
      Fail(LossReason::kMessageTooLarge,
           static_cast<uint16_t>(wire::ErrorCauseCode::kOutOfResource));
      return;
    }
    case rx::ReassemblyQueue::AddResult::kMalformed: {
      // Fragments that contradict each other (§6.9): the peer is broken.
      ++counters_.malformed_chunks;
      static constexpr char kWhy[] = "inconsistent DATA fragments";
      SendAbortToPeer(static_cast<uint16_t>(wire::ErrorCauseCode::kProtocolViolation),
                      std::span(reinterpret_cast<const uint8_t*>(kWhy), sizeof(kWhy) - 1));
      Fail(LossReason::kProtocolViolation,
           static_cast<uint16_t>(wire::ErrorCauseCode::kProtocolViolation));
      return;
    }
  }
  tracker_.Observe(tsn);
  t->peer_cumulative_tsn = tracker_.cumulative_tsn();
  CountNewDataReceived(data->unordered());
  // §5.1: "After the reception of the first DATA chunk in an association,
  // the endpoint MUST immediately respond with a SACK chunk".
  if (!first_data_received_) sack_immediately_ = true;
  first_data_received_ = true;
}

void Association::CountNewDataReceived(bool unordered) noexcept {
  // RFC 3873 sctpInOrderChunks / sctpInUnorderChunks: "no duplicate chunks
  // included": a TSN counts once, when it is accepted (a chunk dropped for
  // want of room is not acknowledged and counts when it comes again).
  if (unordered) {
    ++counters_.unordered_data_chunks_received;
  } else {
    ++counters_.ordered_data_chunks_received;
  }
}

void Association::EmitDataArrivals() noexcept {
  // §10.2 B: one DATA ARRIVE per message that became deliverable.
  reassembly_.AnnounceNewReady([&](const rx::MessageInfo& m) {
    Event e;
    e.type = EventType::kDataArrive;
    e.stream_id = m.stream_id;
    e.ssn = m.ssn;
    e.ppid = m.ppid;
    e.unordered = m.unordered;
    e.length = m.length;
    e.count = 1;
    Emit(e);
  });
}

void Association::SendSack(TimePoint /*now*/) noexcept {
  Tcb* t = tcb();
  Path* p = primary_path();
  if (!t || !p) return;
  const IpAddress& destination =
      sack_destination_.empty() ? p->address : sack_destination_;
  // As many Gap Ack Blocks and duplicates as one packet holds (§3.3.4); the
  // lowest blocks matter most to the sender.
  const size_t room = (std::min<size_t>(options_.mtu, p->mtu) - 12 - 16) / 4;
  std::array<wire::SackChunk::GapAckBlock, 256> blocks;
  size_t block_count = std::min({tracker_.gap_block_count(), blocks.size(), room});
  for (size_t i = 0; i < block_count; ++i) {
    rx::DataTracker::GapBlock b = tracker_.gap_block(i);
    blocks[i] = {b.start, b.end};
  }
  std::span<const Tsn> dups = tracker_.duplicates();
  dups = dups.first(std::min(dups.size(), room - block_count));
  const uint32_t a_rwnd = LocalRwnd();
  const Tsn cum = tracker_.cumulative_tsn();
  AddChunk([&](wire::WireWriter& w) {
    return wire::SackChunk::SerializeTo(
        w, cum, a_rwnd, std::span(blocks.data(), block_count), dups);
  }, t->peer_tag, destination);
  ++counters_.sacks_sent;
  tracker_.OnSackSent();
  last_advertised_rwnd_ = a_rwnd;
  sack_needed_ = false;
  sack_immediately_ = false;
  packets_since_sack_ = 0;
  StopTimer(TimerId::kDelayedSack);
}

void Association::AckUpTo(TimePoint now, Tsn cum, std::optional<uint32_t> a_rwnd,
                          const wire::SackChunk* sack) noexcept {
  Tcb* t = tcb();
  if (!t) return;
  std::array<tx::GapBlock, 256> gaps;
  size_t gap_count = 0;
  if (sack) {
    gap_count = std::min(sack->gap_ack_block_count(), gaps.size());
    for (size_t i = 0; i < gap_count; ++i) {
      wire::SackChunk::GapAckBlock b = sack->gap_ack_block(i);
      gaps[i] = {b.start, b.end};
    }
  }
  // A SHUTDOWN carries no window: keep the one we have (§9.2).
  const uint32_t window =
      a_rwnd ? *a_rwnd : t->peer_rwnd + rtx_.outstanding_bytes();
  tx::RetransmissionQueue::SackOutcome o = rtx_.HandleSack(
      now, cum, window, std::span(gaps.data(), gap_count),
      [&](const tx::ChunkRecord& r) { send_queue_.ReleaseFragment(r.message); });
  // §6.2.1 D i: an older Cumulative TSN Ack, or one for a TSN never sent.
  if (!o.accepted) return;
  if (sack) ++sacks_since_t3_;
  t->peer_rwnd = o.peer_rwnd;
  if (o.rtt && o.rtt_path < path_count_) {
    paths_[o.rtt_path].rto.AddMeasurement(*o.rtt, options_.rto_min,
                                          options_.rto_max,
                                          options_.rto_alpha_shift,
                                          options_.rto_beta_shift);
  }
  bool acked_any = o.cumulative_advanced;
  for (size_t i = 0; i < path_count_; ++i) {
    Path& p = paths_[i];
    if (o.bytes_acked[i] > 0) {
      acked_any = true;
      // §8.2: an acknowledgement of data sent to an address clears its
      // error counter.
      p.error_count = 0;
      SetPathActive(p, true);
    }
    // §7.2.1/§7.2.2 (cwnd adjustments come before the fast retransmit
    // ones, §7.2.4).
    // "Fully utilized" (§7.2.1): the flight reached cwnd, or the sender
    // had data waiting and stopped only at the window or at Max.Burst (a
    // burst limit below cwnd would otherwise freeze cwnd for good).
    const uint32_t utilized =
        p.window_limited ? std::max(o.flight_before[i], p.cc.cwnd) : o.flight_before[i];
    p.cc.OnAck(o.bytes_acked[i], utilized, o.cumulative_advanced,
               o.in_fast_recovery_for_cwnd, o.all_acked);
    if (o.bytes_acked[i] > 0) p.window_limited = false;
    const uint8_t bit = static_cast<uint8_t>(1u << i);
    if (o.entered_fast_recovery && (o.fast_retransmit_paths & bit)) {
      p.cc.OnFastRetransmit();
    }
    // §6.3.2 R2: nothing outstanding to the address: T3-rtx off. R3: the
    // earliest outstanding TSN acknowledged: restart it. R4: reneged data.
    if (rtx_.unacked_chunks(i) == 0) {
      p.t3.reset();
    } else if ((o.earliest_acked_paths & bit) || (!p.t3 && (o.reneged_paths & bit))) {
      p.t3 = now + p.rto.rto();
    }
  }
  // §8.1: the association's error counter restarts with any acknowledgement.
  if (acked_any) association_error_count_ = 0;
  if (o.fast_retransmit) fast_retransmit_pending_ = true;
  if (!rtx_.empty() && !TimerRunning(TimerId::kT3Rtx)) {
    bool any = false;
    for (size_t i = 0; i < path_count_; ++i) any |= paths_[i].t3.has_value();
    if (!any) StartT3(paths_[primary_], now);
  }
  UpdateT3Timer();
  MaybeFinishShutdown(now);
}

void Association::HandleSack(TimePoint now, std::span<const uint8_t> chunk) noexcept {
  std::optional<wire::SackChunk> sack = wire::SackChunk::Parse(chunk);
  if (!sack) {
    ++counters_.malformed_chunks;
    return;
  }
  if (state() == State::kCookieWait || state() == State::kCookieEchoed) return;
  ++counters_.sacks_received;
  AckUpTo(now, sack->cumulative_tsn_ack(), sack->a_rwnd(), &*sack);
}

void Association::StartT3(Path& path, TimePoint now) noexcept {
  path.t3 = now + path.rto.rto();
  UpdateT3Timer();
}

void Association::UpdateT3Timer() noexcept {
  std::optional<TimePoint> next;
  for (size_t i = 0; i < path_count_; ++i) {
    const std::optional<TimePoint>& t3 = paths_[i].t3;
    if (t3 && (!next || *t3 < *next)) next = t3;
  }
  timers_[static_cast<size_t>(TimerId::kT3Rtx)] = next;
}

size_t Association::RetransmitPath(size_t last_path) const noexcept {
  // §6.4: "retransmit ... to an active destination transport address that
  // is different from the last destination address to which the DATA
  // chunk was sent".
  if (primary_ != last_path && paths_[primary_].active) return primary_;
  for (size_t i = 0; i < path_count_; ++i) {
    if (i != last_path && paths_[i].active) return i;
  }
  return last_path < path_count_ ? last_path : primary_;
}

size_t Association::FastRetransmitPath(size_t last_path) const noexcept {
  // §6.4: "an endpoint SHOULD send fast retransmissions to the same
  // destination transport address to which the original data was sent".
  if (last_path < path_count_ && paths_[last_path].active) return last_path;
  return RetransmitPath(last_path);
}

bool Association::AddDataChunk(const tx::ChunkRecord& c, const Path& path,
                               bool immediate) noexcept {
  const Tcb* t = tcb();
  std::span<const uint8_t> payload = send_queue_.Payload(c.message, c.offset, c.length);
  wire::DataChunk::Flags flags;
  flags.beginning = c.beginning;
  flags.ending = c.ending;
  flags.unordered = c.unordered;
  flags.immediate = immediate;
  auto write = [&](wire::WireWriter& w) {
    return wire::DataChunk::SerializeTo(w, c.tsn, c.stream_id, c.ssn, c.ppid,
                                        payload, flags);
  };
  ++counters_.data_chunks_sent;
  return AddChunk(write, t->peer_tag, path.address);
}

void Association::CountNewDataChunk(const tx::ChunkRecord& c) noexcept {
  // RFC 3873 sctpOutOrderChunks / sctpOutUnorderChunks count a TSN once,
  // here, "retransmissions are not included"; sctpFragUsrMsgs counts a
  // message once, at its first fragment when more follow.
  if (c.unordered) {
    ++counters_.unordered_data_chunks_sent;
  } else {
    ++counters_.ordered_data_chunks_sent;
  }
  if (c.beginning && !c.ending) ++counters_.fragmented_messages_sent;
}

void Association::TransmitData(TimePoint now, bool bundle_only) noexcept {
  Tcb* t = tcb();
  if (!t || path_count_ == 0) return;
  State s = state();
  if (s != State::kEstablished && s != State::kShutdownPending &&
      s != State::kShutdownReceived && s != State::kCookieEchoed) {
    return;
  }
  if (s == State::kCookieEchoed && !bundle_only) return;
  const bool have_data = send_queue_.HasDataToSend() || rtx_.HasChunksToRetransmit();
  if (!have_data) return;
  // §6.4: DATA goes to the primary path unless it is inactive.
  size_t new_path = primary_;
  if (!paths_[new_path].active) {
    for (size_t i = 0; i < path_count_; ++i) {
      if (paths_[i].active) {
        new_path = i;
        break;
      }
    }
  }
  if (bundle_only) {
    // Only into the packet that carries the COOKIE ECHO (§5.1 D: "any DATA
    // chunks ... bundled with the COOKIE ECHO chunk").
    Path& p = paths_[new_path];
    while (pending_.builder && send_queue_.HasDataToSend() && !rtx_.full()) {
      const size_t room = pending_.builder->remaining();
      if (room < 16 + 4) break;
      const size_t max_payload = std::min(room - 16, MaxFragment());
      std::optional<tx::Fragment> f = send_queue_.Produce(max_payload);
      if (!f) break;
      tx::ChunkRecord c{rtx_.next_tsn(), f->message, f->offset, f->length,
                        f->stream_id, f->ssn, f->ppid, f->beginning,
                        f->ending, f->unordered};
      wire::DataChunk::Flags flags;
      flags.beginning = c.beginning;
      flags.ending = c.ending;
      flags.unordered = c.unordered;
      pending_.builder->TryAdd([&](wire::WireWriter& w) {
        return wire::DataChunk::SerializeTo(w, c.tsn, c.stream_id, c.ssn,
                                            c.ppid, f->payload, flags);
      });
      ++counters_.data_chunks_sent;
      CountNewDataChunk(c);
      rtx_.AddSent(c, static_cast<uint8_t>(new_path), now);
      t->next_tsn = rtx_.next_tsn();
      t->peer_rwnd -= std::min<uint32_t>(t->peer_rwnd, c.length);
      p.last_data_sent = now;
      if (!p.t3) StartT3(p, now);
    }
    return;
  }
  // A SACK owed to the peer rides with the data instead of waiting for its
  // timer (§6.10 bundling).
  if (sack_needed_) SendSack(now);

  // §7.2.4 step 3: the first packet of a fast retransmission goes out
  // whatever cwnd says.
  if (fast_retransmit_pending_) {
    fast_retransmit_pending_ = false;
    bool first = true;
    while (const tx::ChunkRecord* c = rtx_.NextToRetransmit(true)) {
      std::optional<tx::ChunkInfo> info = rtx_.Info(c->tsn);
      const size_t path = FastRetransmitPath(info ? info->path : primary_);
      // One packet only: after the first chunk, only what still fits it.
      if (!first && (!pending_.builder ||
                     pending_.builder->remaining() < tx::DataChunkSize(c->length) ||
                     !(pending_destination_ == paths_[path].address))) {
        break;
      }
      first = false;
      const tx::ChunkRecord record = *c;
      AddDataChunk(record, paths_[path], false);
      rtx_.MarkRetransmitted(record.tsn, static_cast<uint8_t>(path), now);
      ++counters_.retransmitted_chunks;
      ++counters_.fast_retransmits;
      if (!paths_[path].t3) StartT3(paths_[path], now);
    }
  }
  // §6.1 C / §7.2.4 rule 3: marked chunks before new data, within cwnd.
  while (const tx::ChunkRecord* c = rtx_.NextToRetransmit(false)) {
    std::optional<tx::ChunkInfo> info = rtx_.Info(c->tsn);
    const size_t last = info ? info->path : primary_;
    const size_t path = info && info->fast_retransmit ? FastRetransmitPath(last)
                                                      : RetransmitPath(last);
    Path& p = paths_[path];
    const uint32_t size = tx::DataChunkSize(c->length);
    // Retransmissions stay within cwnd: the PMDCS - 1 overshoot of §6.1 B
    // is for new data, and after a T3-rtx "only one packet is allowed to be
    // in flight until successful acknowledgement" (§7.2.1).
    const uint32_t in_flight = rtx_.bytes_in_flight(path);
    if (in_flight > 0 && uint64_t{in_flight} + size > p.cc.cwnd) break;
    const tx::ChunkRecord record = *c;
    const bool fast = info && info->fast_retransmit;
    AddDataChunk(record, p, false);
    rtx_.MarkRetransmitted(record.tsn, static_cast<uint8_t>(path), now);
    ++counters_.retransmitted_chunks;
    if (fast) ++counters_.fast_retransmits;
    if (!p.t3) StartT3(p, now);
  }
  // New data (§6.1 A, B and rule 4 of §7.2.4 for Max.Burst).
  Path& p = paths_[new_path];
  uint32_t flight = rtx_.bytes_in_flight(new_path);
  // §7.2.1: "When the endpoint does not transmit data on a given transport
  // address, the cwnd of the transport address SHOULD be adjusted to
  // max(cwnd/2, 4*MTU) per RTO."
  if (flight == 0 && p.last_data_sent != TimePoint() && p.rto.rto() > Duration::Zero()) {
    TimePoint from = std::max(p.last_data_sent, p.idle_since);
    int64_t idle_rtos = (now - from).nanos() / p.rto.rto().nanos();
    if (idle_rtos > 0) {
      for (int64_t i = 0; i < std::min<int64_t>(idle_rtos, 16); ++i) p.cc.OnIdle();
      p.idle_since = from + Duration::Nanos(idle_rtos * p.rto.rto().nanos());
    }
  }
  // Max.Burst: "if ((flightsize + Max.Burst * PMDCS) < cwnd) cwnd =
  // flightsize + Max.Burst * PMDCS", for this round only, and never more
  // than Max.Burst new packets ("strictly limiting the number of packets
  // emitted by the output routine").
  tx::CongestionControl window = p.cc;
  window.cwnd = static_cast<uint32_t>(std::min<uint64_t>(
      window.cwnd, uint64_t{flight} + uint64_t(std::max(1, options_.max_burst)) * window.mtu));
  int new_packets = 0;
  const bool nagle = options_.nagle_delay > Duration::Zero();
  const size_t max_fragment = MaxFragment();
  while (send_queue_.HasDataToSend() && !rtx_.full()) {
    // §6.1 rule 1: no new data when "rwnd is smaller than the size of the
    // next DATA chunk", except a zero window probe when nothing is
    // outstanding.
    const size_t next_length = send_queue_.NextFragmentLength(max_fragment);
    if (next_length == 0) break;
    if (t->peer_rwnd < next_length && !rtx_.empty()) break;
    const uint32_t next_size = tx::DataChunkSize(static_cast<uint16_t>(next_length));
    if (!window.CanSend(flight, next_size)) {
      p.window_limited = true;
      break;
    }
    const bool opens_packet = !pending_.builder ||
                              pending_.builder->remaining() < next_size ||
                              !(pending_destination_ == p.address);
    if (opens_packet && ++new_packets > std::max(1, options_.max_burst)) {
      p.window_limited = true;
      break;
    }
    // Nagle-like delay (off by default): a short packet waits while data is
    // in flight, until it fills, the data is acknowledged or the delay ends.
    if (nagle && !nagle_expired_ && flight > 0 &&
        send_queue_.unsent_bytes() < max_fragment && !pending_.builder) {
      if (!TimerRunning(TimerId::kNagle)) {
        StartTimer(TimerId::kNagle, now + options_.nagle_delay);
      }
      break;
    }
    std::optional<tx::Fragment> f = send_queue_.Produce(max_fragment);
    if (!f) break;
    tx::ChunkRecord c{rtx_.next_tsn(), f->message, f->offset, f->length,
                      f->stream_id, f->ssn, f->ppid, f->beginning,
                      f->ending, f->unordered};
    const uint32_t size = tx::DataChunkSize(c.length);
    t->peer_rwnd -= std::min<uint32_t>(t->peer_rwnd, c.length);
    // §6.1: the I bit when this chunk fills the congestion or receiver
    // window and more is waiting, or in SHUTDOWN-PENDING.
    const bool fills = flight + size >= p.cc.cwnd || t->peer_rwnd == 0;
    const bool immediate = (fills && send_queue_.HasDataToSend()) ||
                           (s == State::kShutdownPending && !send_queue_.HasDataToSend());
    AddDataChunk(c, p, immediate);
    CountNewDataChunk(c);
    rtx_.AddSent(c, static_cast<uint8_t>(new_path), now);
    flight += size;
    t->next_tsn = rtx_.next_tsn();
    p.last_data_sent = now;
    p.cc.OnDataSent();
    // §6.3.2 R1: start T3-rtx if it is not running.
    if (!p.t3) StartT3(p, now);
  }
  if (!send_queue_.HasDataToSend()) StopTimer(TimerId::kNagle);
}

void Association::OnT3Expired(TimePoint now, size_t index) noexcept {
  ++counters_.t3_expired;
  if (rtx_.unacked_chunks(index) == 0) return;
  // §6.1: "If the sender continues to receive SACKs from the peer while
  // doing zero window probing, the unacknowledged window probes SHOULD NOT
  // increment the error counter for the association or any destination
  // transport address."
  const Tcb* t = tcb();
  const bool probing = t && t->peer_rwnd == 0 && sacks_since_t3_ > 0;
  sacks_since_t3_ = 0;
  // §8.1 / §8.2: every other T3-rtx expiry counts against the association
  // and the destination.
  if (!probing) {
    if (CountAssociationError()) {
      SendAbortToPeer(0, {});
      Fail(LossReason::kMaxRetransmissions);
      return;
    }
    CountPathError(index);
  }
  Path& p = paths_[index];
  // §7.2.3: "ssthresh = max(cwnd/2, 4*MTU), cwnd = 1*MTU"; §6.3.3 E2: back
  // off the RTO; E3: the outstanding chunks are marked for retransmission.
  p.cc.OnT3Expired();
  p.rto.Backoff(options_.rto_max);
  rtx_.MarkForRetransmission(index);
  fast_retransmit_pending_ = false;
  TransmitData(now, false);
  // E3: "start the retransmission timer on the destination address to which
  // the retransmission is sent, if rule R1 above indicates to do so" — and
  // keep one running while anything is outstanding (zero window probes).
  bool any = false;
  for (size_t i = 0; i < path_count_; ++i) any |= paths_[i].t3.has_value();
  if (!any && !rtx_.empty()) {
    Path* primary = primary_path();
    StartT3(primary && primary->active ? *primary : p, now);
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
  // §8.3: "The sending of HEARTBEAT chunks ... is discontinued after
  // sending either a SHUTDOWN chunk or SHUTDOWN ACK chunk".
  if (s == State::kCookieWait || s == State::kCookieEchoed ||
      s == State::kShutdownSent || s == State::kShutdownAckSent || closed()) {
    return;
  }
  int sent = 0;
  for (size_t i = 0; i < path_count_ && !closed(); ++i) {
    Path& p = paths_[i];
    if (!p.heartbeat_enabled || p.heartbeat_due > now) continue;
    // §8.3: "only one heartbeat ... each time the heartbeat timer expires"
    // (HB.Max.Burst); the others stay due for the next expiry.
    if (sent >= std::max(1, options_.hb_max_burst)) {
      // Deferred to a later expiry; never a deadline in the past.
      p.heartbeat_due = now + options_.rto_min;
      continue;
    }
    if (!p.heartbeat_outstanding && rtx_.unacked_chunks(i) > 0) {
      // §8.3: heartbeats go to idle destinations; one with data outstanding
      // is probed by T3-rtx.
      p.heartbeat_due = now + p.hb_interval + p.rto.rto();
      continue;
    }
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
    SendHeartbeat(now, i);
    ++sent;
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
  // §8.3: the answer is owed "up until reaching the SHUTDOWN-SENT state ...
  // or the SHUTDOWN-ACK-SENT state"; later, a HEARTBEAT ACK could reach a
  // peer that has already closed and draw an ABORT (§8.4 rule 8).
  if (state() == State::kShutdownSent || state() == State::kShutdownAckSent) {
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
