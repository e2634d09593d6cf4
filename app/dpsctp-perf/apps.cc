#include "app/dpsctp-perf/apps.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <span>

namespace dpsctp::perf {
namespace {

uint32_t SlotOf(assoc::AssocId id) {
  return static_cast<uint32_t>(id.value());  // MakeId: generation << 32 | slot
}

bool Measuring(const RunControl& c) {
  return c.measuring.load(std::memory_order_relaxed);
}

bool Finished(const RunControl& c) {
  return c.finished.load(std::memory_order_relaxed);
}

// The sequence number in front of a latency request: little-endian, as
// many bytes as the message has (up to 8).
void PutSeq(uint8_t* p, uint32_t size, uint64_t seq) {
  for (uint32_t i = 0; i < std::min<uint32_t>(size, 8); ++i) {
    p[i] = static_cast<uint8_t>(seq >> (8 * i));
  }
}

bool HasSeq(const uint8_t* p, uint32_t size, uint64_t seq) {
  for (uint32_t i = 0; i < std::min<uint32_t>(size, 8); ++i) {
    if (p[i] != static_cast<uint8_t>(seq >> (8 * i))) return false;
  }
  return true;
}

}  // namespace

// ---------------------------------------------------------------- server

ServerApp::ServerApp(ServerKind kind, uint32_t max_associations,
                     uint32_t max_message, const RunControl& control,
                     ShardCounters& counters)
    : kind_(kind),
      max_message_(max_message),
      control_(control),
      counters_(counters),
      slots_(max_associations),
      buffer_(kind == ServerKind::kEcho ? max_message : 0) {
  ready_.reserve(max_associations);
}

ServerApp::PerAssoc* ServerApp::Lookup(assoc::AssocId id) noexcept {
  const uint32_t slot = SlotOf(id);
  if (slot >= slots_.size()) return nullptr;
  PerAssoc& s = slots_[slot];
  return s.live && s.id == id ? &s : nullptr;
}

void ServerApp::OnEvent(dpdk::ShardWorker& /*w*/,
                        const endpoint::EndpointEvent& e) noexcept {
  const assoc::Event& ev = e.event;
  switch (ev.type) {
    case assoc::EventType::kCommunicationUp:
    case assoc::EventType::kRestart: {
      const uint32_t slot = SlotOf(e.id);
      if (slot >= slots_.size()) return;
      PerAssoc& s = slots_[slot];
      // `ready` stays: the slot may still sit in ready_ from its last
      // association, and must not be listed twice.
      s.id = e.id;
      s.live = true;
      s.held = false;
      if (ev.type == assoc::EventType::kCommunicationUp) counters_.ups.Add();
      break;
    }
    case assoc::EventType::kDataArrive:
      if (PerAssoc* s = Lookup(e.id); s != nullptr && !s->ready) {
        s->ready = true;
        ready_.push_back(SlotOf(e.id));
      }
      break;
    case assoc::EventType::kShutdownComplete:
    case assoc::EventType::kCommunicationLost:
      if (PerAssoc* s = Lookup(e.id); s != nullptr) {
        s->live = false;
        s->held = false;
      }
      if (ev.type == assoc::EventType::kShutdownComplete) {
        counters_.closed.Add();
      } else if (!Finished(control_)) {
        counters_.lost.Add();
      }
      break;
    case assoc::EventType::kSendFailure:
      if (!Finished(control_)) counters_.send_failures.Add(ev.count);
      break;
    default:
      break;
  }
}

bool ServerApp::OnPoll(dpdk::ShardWorker& w) noexcept {
  if (ready_.empty()) return false;
  // An association whose echo waits for room in its send buffer stays in
  // the list (and keeps its messages queued, so echoes leave in order).
  size_t kept = 0;
  for (size_t i = 0; i < ready_.size(); ++i) {
    const uint32_t slot = ready_[i];
    PerAssoc& s = slots_[slot];
    if (s.live && Pump(w, s)) {
      ready_[kept++] = slot;
    } else {
      s.ready = false;
    }
  }
  ready_.resize(kept);  // shrinks: no allocation
  return true;
}

bool ServerApp::Pump(dpdk::ShardWorker& w, PerAssoc& s) noexcept {
  assoc::Association* a = w.endpoint().Find(s.id);
  if (a == nullptr) {
    s.live = false;
    return false;
  }
  const bool measuring = Measuring(control_);
  bool sent = false;
  bool again = false;
  if (s.held) {
    if (!Echo(w, s, s.held_options, s.held_data.get(), s.held_length, sent)) {
      return true;
    }
    s.held = false;
  }
  uint64_t messages = 0;
  uint64_t bytes = 0;
  while (true) {
    if (kind_ == ServerKind::kDiscard) {
      // Zero copy: the payload is never touched.
      auto m = a->ReceiveWith([](std::span<const uint8_t>) {});
      if (!m) break;
      ++messages;
      bytes += m->length;
      continue;
    }
    auto m = a->Receive(buffer_);
    if (!m) break;
    ++messages;
    bytes += m->length;
    assoc::SendOptions o;
    o.stream_id = m->stream_id;
    o.ppid = m->ppid;
    o.unordered = m->unordered;
    o.more = true;  // bundled with the next echoes; flushed below
    const auto length = static_cast<uint32_t>(m->copied);
    if (!Echo(w, s, o, buffer_.data(), length, sent)) {
      if (!s.held_data) {
        // Once per association, the first time its peer outruns it.
        s.held_data.reset(new (std::nothrow) uint8_t[max_message_]);
        if (!s.held_data) {
          counters_.send_failures.Add();
          break;
        }
      }
      std::memcpy(s.held_data.get(), buffer_.data(), length);
      s.held_length = length;
      s.held_options = o;
      s.held = true;
      again = true;
      break;
    }
  }
  if (measuring && messages > 0) {
    counters_.messages.Add(messages);
    counters_.bytes.Add(bytes);
  }
  if (sent) w.endpoint().Flush(w.now(), s.id);
  return again;
}

bool ServerApp::Echo(dpdk::ShardWorker& w, PerAssoc& s,
                     const assoc::SendOptions& o, const uint8_t* data,
                     uint32_t length, bool& sent) noexcept {
  const assoc::SendError r = w.endpoint().Send(
      w.now(), s.id, o, std::span<const uint8_t>(data, length));
  if (r == assoc::SendError::kNoBuffer) {
    // What is queued must leave for SACKs to free room.
    if (sent) w.endpoint().Flush(w.now(), s.id);
    return false;
  }
  if (r == assoc::SendError::kNone) {
    sent = true;
    counters_.echoed.Add();
    counters_.echoed_bytes.Add(length);
  } else if (r == assoc::SendError::kNotConnected) {
    // The peer shut down (§9.2: no new data after SHUTDOWN): what it sent
    // last is delivered and dropped, as any echo server would.
  } else if (!Finished(control_)) {
    counters_.send_failures.Add();
  }
  return true;
}

// ---------------------------------------------------------------- client

ClientApp::ClientApp(const ClientConfig& config, const RunControl& control,
                     ShardCounters& counters)
    : config_(config),
      control_(control),
      counters_(counters),
      flows_(config.associations),
      slot_to_flow_(config.max_associations, kNoFlow),
      payload_(config.size),
      buffer_(config.size + 1),  // one more: a longer echo shows
      histogram_(std::make_unique<LatencyHistogram>()) {
  for (size_t i = 0; i < payload_.size(); ++i) {
    payload_[i] = static_cast<uint8_t>('a' + i % 26);
  }
  for (size_t i = 0; i < flows_.size() && i < config_.quotas.size(); ++i) {
    flows_[i].quota = config_.quotas[i];
  }
}

uint32_t ClientApp::FlowOf(assoc::AssocId id) const noexcept {
  const uint32_t slot = SlotOf(id);
  if (slot >= slot_to_flow_.size()) return kNoFlow;
  const uint32_t f = slot_to_flow_[slot];
  if (f == kNoFlow || !flows_[f].open || flows_[f].id != id) return kNoFlow;
  return f;
}

bool ClientApp::Open(dpdk::ShardWorker& w, uint32_t index) noexcept {
  // Local ports in turn, so that a new association of setup mode never
  // meets the previous one's leftovers at the peer (§9.2 SHUTDOWN
  // COMPLETE may be lost).
  const auto port = static_cast<uint16_t>(
      config_.first_port + next_port_++ % config_.port_span);
  auto id = w.endpoint().Associate(w.now(), port, config_.local_address,
                                   std::span<const IpAddress>(
                                       &config_.peer_address, 1),
                                   config_.peer_port);
  if (!id) {
    counters_.associate_failures.Add();
    return false;
  }
  Flow& f = flows_[index];
  const uint64_t quota = f.quota;
  f = Flow{};
  f.quota = quota;
  f.id = *id;
  f.open = true;
  const uint32_t slot = SlotOf(*id);
  if (slot < slot_to_flow_.size()) slot_to_flow_[slot] = index;
  return true;
}

assoc::SendOptions ClientApp::NextOptions(Flow& f) noexcept {
  assoc::SendOptions o;
  o.stream_id = StreamId(f.next_stream);
  f.next_stream = static_cast<uint16_t>((f.next_stream + 1) % f.streams);
  o.unordered = config_.unordered;
  return o;
}

void ClientApp::OnEvent(dpdk::ShardWorker& w,
                        const endpoint::EndpointEvent& e) noexcept {
  const assoc::Event& ev = e.event;
  const uint32_t index = FlowOf(e.id);
  switch (ev.type) {
    case assoc::EventType::kCommunicationUp: {
      if (index == kNoFlow) return;
      Flow& f = flows_[index];
      f.up = true;
      f.streams = std::max<uint16_t>(
          1, std::min<uint16_t>(config_.streams, ev.outbound_streams));
      counters_.ups.Add();
      if (config_.mode == Mode::kSetup) {
        w.endpoint().Shutdown(w.now(), e.id);  // §9.2, at once
      }
      break;
    }
    case assoc::EventType::kDataArrive:
      if (index != kNoFlow) flows_[index].ready = true;
      break;
    case assoc::EventType::kShutdownComplete:
    case assoc::EventType::kCommunicationLost: {
      if (ev.type == assoc::EventType::kShutdownComplete) {
        counters_.closed.Add();
        if (config_.mode == Mode::kSetup && Measuring(control_)) {
          counters_.setups.Add();
        }
      } else if (!Finished(control_)) {
        counters_.lost.Add();
      }
      if (index == kNoFlow) return;
      Flow& f = flows_[index];
      f.open = false;
      f.up = false;
      slot_to_flow_[SlotOf(e.id)] = kNoFlow;
      break;
    }
    case assoc::EventType::kSendFailure:
      if (!Finished(control_)) counters_.send_failures.Add(ev.count);
      break;
    default:
      break;
  }
}

bool ClientApp::OnPoll(dpdk::ShardWorker& w) noexcept {
  if (Finished(control_)) return false;
  bool worked = false;
  const bool go = control_.go.load(std::memory_order_relaxed);
  if (config_.mode == Mode::kSetup) {
    if (!go) return false;
    // Keep `associations` in flight: reopen each slot once it closed.
    for (uint32_t i = 0; i < flows_.size(); ++i) {
      if (flows_[i].open) continue;
      if (setups_started_ >= config_.setup_quota) break;
      if (Open(w, i)) {
        ++setups_started_;
        worked = true;
      }
    }
    return worked;
  }
  if (!opened_) {
    opened_ = true;
    for (uint32_t i = 0; i < flows_.size(); ++i) Open(w, i);
    return true;
  }
  for (Flow& f : flows_) {
    if (!f.up) continue;
    if (f.ready) worked = Drain(w, f) || worked;
    if (!go) continue;
    if (config_.mode == Mode::kThroughput) {
      worked = SendBulk(w, f) || worked;
      if (config_.count_sent && f.sent >= f.quota && !f.drained) {
        CheckDrained(w, f);
      }
    } else if (!f.outstanding && f.sent < f.quota && Measuring(control_)) {
      worked = SendRequest(w, f) || worked;
    }
  }
  return worked;
}

bool ClientApp::SendBulk(dpdk::ShardWorker& w, Flow& f) noexcept {
  if (f.failed || f.sent >= f.quota) return false;
  uint64_t n = 0;
  while (f.sent < f.quota) {
    assoc::SendOptions o = NextOptions(f);
    o.more = true;  // fill the send buffer, then one Flush bundles it
    const assoc::SendError r =
        w.endpoint().Send(w.now(), f.id, o, payload_);
    if (r == assoc::SendError::kNoBuffer) break;
    if (r != assoc::SendError::kNone) {
      counters_.send_failures.Add();
      f.failed = true;
      break;
    }
    ++f.sent;
    ++n;
  }
  if (n == 0) return false;
  w.endpoint().Flush(w.now(), f.id);
  if (config_.count_sent && Measuring(control_)) {
    counters_.messages.Add(n);
    counters_.bytes.Add(n * config_.size);
  }
  return true;
}

void ClientApp::CheckDrained(dpdk::ShardWorker& w, Flow& f) noexcept {
  assoc::Association* a = w.endpoint().Find(f.id);
  if (a == nullptr) return;
  const assoc::AssocStatus st = a->Status(w.now());
  if (st.pending_bytes == 0 && st.flight_bytes == 0) {
    f.drained = true;
    counters_.drained.Add();
  }
}

bool ClientApp::SendRequest(dpdk::ShardWorker& w, Flow& f) noexcept {
  if (f.failed) return false;
  const uint64_t seq = f.seq + 1;
  PutSeq(payload_.data(), config_.size, seq);
  assoc::SendOptions o = NextOptions(f);
  // The worker's clock, read now rather than at the start of the loop
  // iteration: the round trip starts here.
  f.sent_at = w.UpdateNow();
  const assoc::SendError r = w.endpoint().Send(f.sent_at, f.id, o, payload_);
  if (r == assoc::SendError::kNoBuffer) return false;
  if (r != assoc::SendError::kNone) {
    counters_.send_failures.Add();
    f.failed = true;
    return false;
  }
  f.seq = seq;
  f.outstanding = true;
  ++f.sent;
  return true;
}

bool ClientApp::Drain(dpdk::ShardWorker& w, Flow& f) noexcept {
  f.ready = false;
  assoc::Association* a = w.endpoint().Find(f.id);
  if (a == nullptr) return false;
  bool worked = false;
  if (config_.mode != Mode::kLatency) {
    // Echoes of throughput traffic (an echo server): dropped unread.
    while (a->ReceiveWith([](std::span<const uint8_t>) {})) worked = true;
    return worked;
  }
  while (auto m = a->Receive(buffer_)) {
    worked = true;
    const TimePoint now = w.UpdateNow();
    if (!f.outstanding || m->length != config_.size ||
        !HasSeq(buffer_.data(), config_.size, f.seq)) {
      counters_.bad_messages.Add();
      continue;
    }
    f.outstanding = false;
    if (!Measuring(control_)) continue;
    histogram_->Record(static_cast<uint64_t>((now - f.sent_at).nanos()));
    counters_.messages.Add();
    counters_.bytes.Add(config_.size);
    if (f.sent < f.quota && control_.go.load(std::memory_order_relaxed)) {
      SendRequest(w, f);
    }
  }
  return worked;
}

}  // namespace dpsctp::perf
