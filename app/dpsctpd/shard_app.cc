// The application of one shard of dpsctpd: per association, the endpoint's
// application (echo, discard, source, forward); outbound associations kept
// up with backoff; events and counters for the statistics.
#include <algorithm>
#include <cstring>

#include "app/common/peer_text.h"
#include "app/dpsctpd/app_runtime.h"
#include "drivers/dpdk/worker_stats.h"

namespace dpsctp::dpsctpd {

using config::AppKind;

void EndpointCounters::CountPpid(uint32_t p, uint64_t n) noexcept {
  for (size_t i = 0; i < kPpids; ++i) {
    if (ppid_count[i] != 0 && ppid[i] == p) {
      ppid_count[i] += n;
      return;
    }
    if (ppid_count[i] == 0) {
      ppid[i] = p;
      ppid_count[i] = n;
      return;
    }
  }
  ppid_other += n;
}

void EndpointCounters::Add(const EndpointCounters& o) noexcept {
  associations_up += o.associations_up;
  restarts += o.restarts;
  shutdowns += o.shutdowns;
  lost += o.lost;
  messages_in += o.messages_in;
  bytes_in += o.bytes_in;
  messages_out += o.messages_out;
  bytes_out += o.bytes_out;
  send_blocked += o.send_blocked;
  send_refused += o.send_refused;
  send_failures += o.send_failures;
  truncated += o.truncated;
  unrouted += o.unrouted;
  connect_attempts += o.connect_attempts;
  max_stream_in = std::max(max_stream_in, o.max_stream_in);
  for (size_t i = 0; i < kPpids; ++i) {
    if (o.ppid_count[i] != 0) CountPpid(o.ppid[i], o.ppid_count[i]);
  }
  ppid_other += o.ppid_other;
}

ShardApp::ShardApp(Runtime& rt, uint16_t group, uint16_t shard,
                   std::vector<int> endpoints, std::vector<int> outbound,
                   bool routes_owner)
    : rt_(rt),
      group_(group),
      shard_(shard),
      endpoints_(std::move(endpoints)),
      outbound_(std::move(outbound)),
      outbound_state_(outbound_.size()),
      routes_owner_(routes_owner),
      counters_(rt.config().endpoints.size()),
      payload_(rt.config().endpoints.size()) {
  uint32_t largest = 1500;
  for (int e : endpoints_) {
    const config::EndpointConfig& ec = rt.config().endpoints[e];
    largest = std::max(largest, ec.keys.receive_buffer);
    if (ec.app == AppKind::kSource) {
      // A recognisable pattern; the first 8 bytes carry the sequence.
      std::vector<uint8_t>& p = payload_[e];
      p.resize(ec.source.size);
      for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<uint8_t>(i);
    }
  }
  buffer_.resize(largest);
  for (size_t i = 0; i < outbound_.size(); ++i) {
    outbound_state_[i].backoff = rt.config().associations[outbound_[i]].reconnect_initial;
  }
  ready_.reserve(1024);
  sources_.reserve(1024);
  assocs_.reserve(1024);
}

int ShardApp::EndpointForPort(uint16_t local_port) const {
  for (int e : endpoints_) {
    if (rt_.config().endpoints[e].port == local_port) return e;
  }
  return -1;
}

namespace {

// RFC 9260 §10.2 names, as CLI.md writes them (underscores).
std::string EventName(assoc::EventType t) {
  std::string name(assoc::EventTypeName(t));
  std::replace(name.begin(), name.end(), ' ', '_');
  return name;
}

}  // namespace

void ShardApp::EmitEvent(dpdk::ShardWorker& w,
                         const endpoint::EndpointEvent& e,
                         const AssocState* s) {
  const assoc::Event& ev = e.event;
  const config::AppConfig& c = rt_.config();
  const std::string endpoint =
      s != nullptr && s->endpoint >= 0 ? c.endpoints[s->endpoint].name : "?";
  const std::string outbound =
      s != nullptr && s->outbound >= 0 ? c.associations[s->outbound].name : "";
  const assoc::Association* a = w.endpoint().Find(e.id);
  const std::string peer = s != nullptr ? s->peer : app::PeerText(a);
  if (rt_.json()) {
    JsonObject o;
    o.Str("type", "event").Real("time", rt_.Seconds());
    o.Str("event", EventName(ev.type)).Num("assoc", e.id.value());
    o.Str("endpoint", endpoint);
    if (!outbound.empty()) o.Str("association", outbound);
    o.Num("group", group_).Num("shard", shard_);
    if (s != nullptr) {
      o.Raw("peer", s->peer_json).Num("peer_port", s->peer_port);
    } else {
      o.Raw("peer", app::PeerAddressesJson(a));
      if (a != nullptr) o.Num("peer_port", a->peer_port());
    }
    switch (ev.type) {
      case assoc::EventType::kCommunicationUp:
      case assoc::EventType::kRestart:
        o.Num("outbound_streams", ev.outbound_streams)
            .Num("inbound_streams", ev.inbound_streams);
        break;
      case assoc::EventType::kCommunicationLost:
        o.Str("reason", assoc::LossReasonName(ev.reason));
        if (ev.error_cause != 0) o.Num("error_cause", ev.error_cause);
        break;
      case assoc::EventType::kNetworkStatusChange:
        o.Str("address", ev.address.ToString()).Bool("active", ev.active);
        if (ev.icmp) o.Bool("icmp", true);
        break;
      case assoc::EventType::kCommunicationError:
        o.Num("error_cause", ev.error_cause);
        break;
      case assoc::EventType::kSendFailure:
        o.Num("count", ev.count);
        break;
      default:
        break;
    }
    rt_.Emit(o.Text());
    return;
  }
  std::string line = "dpsctpd: " + EventName(ev.type) + " endpoint " +
                     endpoint + (outbound.empty() ? "" : " association " + outbound) +
                     " assoc " + std::to_string(e.id.value()) + " peer " + peer;
  if (ev.type == assoc::EventType::kCommunicationUp ||
      ev.type == assoc::EventType::kRestart) {
    line += " streams out " + std::to_string(ev.outbound_streams) + " in " +
            std::to_string(ev.inbound_streams);
  } else if (ev.type == assoc::EventType::kCommunicationLost) {
    line += " (" + std::string(assoc::LossReasonName(ev.reason)) + ")";
  } else if (ev.type == assoc::EventType::kNetworkStatusChange) {
    line += " path " + ev.address.ToString() +
            (ev.active ? " active" : " inactive");
  }
  // Human lines go to stderr: stdout carries the statistics.
  std::fprintf(stderr, "%s\n", line.c_str());
}

void ShardApp::OnEvent(dpdk::ShardWorker& w,
                       const endpoint::EndpointEvent& e) noexcept {
  const assoc::Event& ev = e.event;
  const uint64_t id = e.id.value();
  auto it = assocs_.find(id);
  AssocState* s = it != assocs_.end() ? &it->second : nullptr;
  switch (ev.type) {
    case assoc::EventType::kCommunicationUp:
    case assoc::EventType::kRestart: {
      assoc::Association* a = w.endpoint().Find(e.id);
      if (s == nullptr) {
        AssocState fresh;
        fresh.endpoint = a != nullptr ? EndpointForPort(a->local_port()) : -1;
        s = &assocs_.emplace(id, std::move(fresh)).first->second;
      }
      s->peer = app::PeerText(a);
      s->peer_json = app::PeerAddressesJson(a);
      s->peer_port = a != nullptr ? a->peer_port() : 0;
      s->up = true;
      if (s->endpoint >= 0) {
        EndpointCounters& c = counters_[s->endpoint];
        ++(ev.type == assoc::EventType::kRestart ? c.restarts
                                                 : c.associations_up);
        const config::EndpointConfig& ec = rt_.config().endpoints[s->endpoint];
        if (ec.app == AppKind::kSource && !s->sourcing &&
            ev.type == assoc::EventType::kCommunicationUp) {
          s->sourcing = true;
          s->next_due = w.now();
          sources_.push_back(id);
        }
      }
      if (s->outbound >= 0) {
        for (size_t i = 0; i < outbound_.size(); ++i) {
          if (outbound_[i] != s->outbound) continue;
          outbound_state_[i].state = Outbound::State::kUp;
          outbound_state_[i].backoff =
              rt_.config().associations[outbound_[i]].reconnect_initial;
        }
      }
      EmitEvent(w, e, s);
      break;
    }
    case assoc::EventType::kDataArrive:
      if (s != nullptr && !s->ready) {
        s->ready = true;
        ready_.push_back(id);
      }
      break;
    case assoc::EventType::kShutdownComplete:
      EmitEvent(w, e, s);
      if (s != nullptr && s->endpoint >= 0) ++counters_[s->endpoint].shutdowns;
      Closed(w, id, false);
      break;
    case assoc::EventType::kCommunicationLost: {
      EmitEvent(w, e, s);
      // Our own ABORT (source --after abort, the close at the deadline) is
      // no failure; a peer's ABORT or exhausted retransmissions are.
      const bool ours = ev.reason == assoc::LossReason::kUserAbort;
      if (s != nullptr && s->endpoint >= 0 && !ours) ++counters_[s->endpoint].lost;
      Closed(w, id, !ours);
      break;
    }
    case assoc::EventType::kSendFailure:
      if (s != nullptr && s->endpoint >= 0)
        counters_[s->endpoint].send_failures += ev.count;
      break;
    case assoc::EventType::kNetworkStatusChange:
    case assoc::EventType::kCommunicationError:
    case assoc::EventType::kShutdownReceived:
      EmitEvent(w, e, s);
      break;
  }
}

void ShardApp::Closed(dpdk::ShardWorker& w, uint64_t id, bool failure) {
  auto it = assocs_.find(id);
  int outbound = -1;
  if (it != assocs_.end()) {
    outbound = it->second.outbound;
    assocs_.erase(it);  // ready_/sources_ entries are dropped at next poll
  }
  // A failure while the process is closing down is the close itself
  // racing the peer: not counted.
  if (failure && !rt_.stop.load(std::memory_order_relaxed)) {
    rt_.failures.fetch_add(1, std::memory_order_relaxed);
  }
  if (outbound < 0) return;
  for (size_t i = 0; i < outbound_.size(); ++i) {
    if (outbound_[i] != outbound) continue;
    Outbound& o = outbound_state_[i];
    o.id.reset();
    if (o.finishing) {
      o.state = Outbound::State::kFinished;
      rt_.outbound_finished.fetch_add(1);
    } else {
      // RFC 9260 leaves reconnection to the ULP: exponential backoff.
      o.state = Outbound::State::kWaiting;
      o.retry_at = w.now() + o.backoff;
      const Duration max = rt_.config().associations[outbound].reconnect_max;
      o.backoff = o.backoff * 2 > max ? max : o.backoff * 2;
    }
  }
}

bool ShardApp::ManageOutbound(dpdk::ShardWorker& w) {
  if (rt_.stop.load(std::memory_order_relaxed)) return false;
  bool worked = false;
  const config::AppConfig& c = rt_.config();
  for (size_t i = 0; i < outbound_.size(); ++i) {
    Outbound& o = outbound_state_[i];
    const bool due = o.state == Outbound::State::kIdle ||
                     (o.state == Outbound::State::kWaiting && w.now() >= o.retry_at);
    if (!due) continue;
    const config::AssociationConfig& ac = c.associations[outbound_[i]];
    const int ep = [&] {
      for (size_t e = 0; e < c.endpoints.size(); ++e)
        if (c.endpoints[e].name == ac.endpoint) return static_cast<int>(e);
      return -1;
    }();
    if (ep < 0) continue;
    const config::EndpointConfig& ec = c.endpoints[ep];
    ++counters_[ep].connect_attempts;
    // The endpoint's options with the association's own stream count
    // (§10.1 B: "outbound stream count").
    assoc::AssocOptions wanted = w.endpoint().OptionsForPort(ec.port);
    wanted.outbound_streams = ac.outbound_streams;
    std::optional<assoc::AssocId> id = w.endpoint().Associate(
        w.now(), ec.port, ec.addresses.front(), ac.remote, ac.port, &wanted);
    worked = true;
    if (!id) {
      o.state = Outbound::State::kWaiting;
      o.retry_at = w.now() + o.backoff;
      continue;
    }
    o.id = id->value();
    o.state = Outbound::State::kConnecting;
    AssocState s;
    s.endpoint = ep;
    s.outbound = outbound_[i];
    assocs_[id->value()] = std::move(s);
  }
  return worked;
}

ShardApp::SendResult ShardApp::SendOutbound(
    int index, const assoc::SendOptions& o,
    std::span<const uint8_t> data) noexcept {
  if (worker_ == nullptr) return SendResult::kDown;
  for (size_t i = 0; i < outbound_.size(); ++i) {
    if (outbound_[i] != index) continue;
    const Outbound& ob = outbound_state_[i];
    if (ob.state != Outbound::State::kUp || !ob.id) return SendResult::kDown;
    auto it = assocs_.find(*ob.id);
    if (it == assocs_.end()) return SendResult::kDown;
    dpdk::ShardWorker& w = *worker_;
    const assoc::AssocId id(*ob.id);
    const assoc::SendError r = w.endpoint().Send(w.now(), id, o, data);
    if (r == assoc::SendError::kNoBuffer) return SendResult::kFull;
    if (r != assoc::SendError::kNone) {
      if (it->second.endpoint >= 0) ++counters_[it->second.endpoint].send_refused;
      return r == assoc::SendError::kNotConnected ? SendResult::kDown
                                                   : SendResult::kRefused;
    }
    it->second.messages_out++;
    it->second.bytes_out += data.size();
    if (it->second.endpoint >= 0) {
      ++counters_[it->second.endpoint].messages_out;
      counters_[it->second.endpoint].bytes_out += data.size();
    }
    return SendResult::kSent;
  }
  return SendResult::kDown;
}

bool ShardApp::SendCounted(dpdk::ShardWorker& w, uint64_t id, AssocState& s,
                           const assoc::SendOptions& o,
                           std::span<const uint8_t> data, bool& sent) {
  const assoc::SendError r = w.endpoint().Send(w.now(), assoc::AssocId(id), o, data);
  EndpointCounters& c = counters_[s.endpoint];
  if (r == assoc::SendError::kNoBuffer) {
    ++c.send_blocked;
    return false;
  }
  if (r == assoc::SendError::kNone) {
    sent = true;
    ++c.messages_out;
    c.bytes_out += data.size();
    ++s.messages_out;
    s.bytes_out += data.size();
  } else {
    ++c.send_refused;
  }
  return true;
}

// The waiting messages of one association. Returns whether it must be
// tried again (an echo held back by a full send buffer).
bool ShardApp::Pump(dpdk::ShardWorker& w, uint64_t id) {
  auto it = assocs_.find(id);
  if (it == assocs_.end()) return false;
  AssocState& s = it->second;
  assoc::Association* a = w.endpoint().Find(assoc::AssocId(id));
  if (a == nullptr || s.endpoint < 0) {
    s.ready = false;
    return false;
  }
  const AppKind app = rt_.config().endpoints[s.endpoint].app;
  EndpointCounters& c = counters_[s.endpoint];
  bool sent = false;
  bool again = false;
  if (s.held) {
    if (!SendCounted(w, id, s, s.held_options, s.held_data, sent)) {
      again = true;
    } else {
      s.held = false;
    }
  }
  if (s.held_forward) {
    const Runtime::ForwardResult r = rt_.ForwardFrom(
        shard_, s.endpoint, s.outbound, id, s.held_message, s.held_data);
    if (r == Runtime::ForwardResult::kFull) {
      again = true;
    } else {
      if (r == Runtime::ForwardResult::kUnrouted) ++c.unrouted;
      s.held_forward = false;
    }
  }
  // A bounded batch per poll keeps one busy association from starving the
  // others (and the receive path).
  for (int budget = 256; !again && budget > 0; --budget) {
    std::optional<assoc::ReceivedMessage> m;
    const bool keep = app == AppKind::kEcho || app == AppKind::kForward;
    if (keep) {
      m = a->Receive(buffer_);
    } else {
      m = a->ReceiveWith([](std::span<const uint8_t>) {});
    }
    if (!m) {
      s.ready = false;
      break;
    }
    ++c.messages_in;
    c.bytes_in += m->length;
    ++s.messages_in;
    s.bytes_in += m->length;
    c.max_stream_in = std::max<uint32_t>(c.max_stream_in, m->stream_id.value());
    c.CountPpid(m->ppid.value());
    if (!keep) continue;
    if (m->copied < m->length) ++c.truncated;
    const std::span<const uint8_t> data(buffer_.data(), m->copied);
    if (app == AppKind::kForward) {
      const Runtime::ForwardResult r =
          rt_.ForwardFrom(shard_, s.endpoint, s.outbound, id, *m, data);
      if (r == Runtime::ForwardResult::kUnrouted) ++c.unrouted;
      if (r == Runtime::ForwardResult::kFull) {
        // Worker 0 is behind: keep the message, stop reading (the peer's
        // window closes) and try again next poll.
        s.held_data.assign(data.begin(), data.end());
        s.held_message = *m;
        s.held_forward = true;
        again = true;
      }
      continue;
    }
    assoc::SendOptions o;
    o.stream_id = m->stream_id;
    o.ppid = m->ppid;
    o.unordered = m->unordered;
    o.more = true;  // bundled; flushed below
    if (!SendCounted(w, id, s, o, data, sent)) {
      s.held_data.assign(data.begin(), data.end());
      s.held_options = o;
      s.held = true;
      again = true;
    }
  }
  if (sent) w.endpoint().Flush(w.now(), assoc::AssocId(id));
  // Still data to read (budget used up): stay in the list.
  if (!again && s.ready) again = true;
  s.ready = again;
  return again;
}

// Sends what the source owes one association. Returns whether it stays in
// the source list.
bool ShardApp::Source(dpdk::ShardWorker& w, uint64_t id, AssocState& s) {
  const config::EndpointConfig& ec = rt_.config().endpoints[s.endpoint];
  const config::SourceConfig& sc = ec.source;
  std::vector<uint8_t>& payload = payload_[s.endpoint];
  const Duration period =
      sc.rate == 0 ? Duration::Zero()
                   : Duration::Nanos(static_cast<int64_t>(1'000'000'000 / sc.rate));
  // After a stall, do not burst more than 100 ms worth.
  if (sc.rate != 0 && w.now() - s.next_due > Duration::Millis(100)) {
    s.next_due = w.now() - Duration::Millis(100);
  }
  bool sent = false;
  for (int budget = 64; budget > 0; --budget) {
    if (sc.messages != 0 && s.sent >= sc.messages) break;
    if (sc.rate != 0 && w.now() < s.next_due) break;
    const uint64_t seq = s.sent;
    std::memcpy(payload.data(), &seq, std::min<size_t>(8, payload.size()));
    assoc::SendOptions o;
    o.stream_id = StreamId(static_cast<uint16_t>(s.next_stream));
    o.ppid = Ppid(sc.ppid);
    o.unordered = sc.unordered;
    o.more = true;
    if (!SendCounted(w, id, s, o, payload, sent)) break;
    ++s.sent;
    s.next_stream = static_cast<uint16_t>((s.next_stream + 1) % sc.streams);
    s.next_due += period;
  }
  if (sent) w.endpoint().Flush(w.now(), assoc::AssocId(id));
  if (sc.messages != 0 && s.sent >= sc.messages) {
    s.sourcing = false;
    if (sc.after != config::SourceAfter::kStay) {
      for (size_t i = 0; i < outbound_.size(); ++i) {
        if (outbound_[i] == s.outbound) outbound_state_[i].finishing = true;
      }
      if (sc.after == config::SourceAfter::kShutdown) {
        // §9.2: SHUTDOWN goes out once everything sent is acknowledged.
        w.endpoint().Shutdown(w.now(), assoc::AssocId(id));
      } else {
        w.endpoint().Abort(w.now(), assoc::AssocId(id));
      }
    }
    return false;
  }
  return true;
}

bool ShardApp::OnPoll(dpdk::ShardWorker& w) noexcept {
  bool worked = false;
  if (!outbound_.empty()) worked = ManageOutbound(w) || worked;
  if (!ready_.empty()) {
    size_t kept = 0;
    for (size_t i = 0; i < ready_.size(); ++i) {
      if (Pump(w, ready_[i])) ready_[kept++] = ready_[i];
    }
    ready_.resize(kept);
    worked = true;
  }
  if (!sources_.empty() && !rt_.stop.load(std::memory_order_relaxed)) {
    size_t kept = 0;
    for (size_t i = 0; i < sources_.size(); ++i) {
      auto it = assocs_.find(sources_[i]);
      if (it == assocs_.end() || !it->second.sourcing) continue;
      if (Source(w, sources_[i], it->second)) sources_[kept++] = sources_[i];
    }
    sources_.resize(kept);
    worked = true;
  }
  if (routes_owner_) worked = rt_.DrainRoutes(counters_) || worked;
  return worked;
}

void ShardApp::Snapshot(dpdk::ShardWorker& w, ShardSnapshot& out) const {
  out.endpoints = counters_;
  out.assoc_total = assocs_.size();
  for (const auto& [id, s] : assocs_) {
    if (out.assocs.size() >= ShardSnapshot::kMaxAssocs) break;
    AssocSnapshot a;
    a.id = id;
    a.group = group_;
    a.shard = shard_;
    a.endpoint = s.endpoint;
    a.outbound = s.outbound;
    a.peer = s.peer_json;
    a.peer_port = s.peer_port;
    a.messages_in = s.messages_in;
    a.bytes_in = s.bytes_in;
    a.messages_out = s.messages_out;
    a.bytes_out = s.bytes_out;
    if (assoc::Association* as = w.endpoint().Find(assoc::AssocId(id))) {
      a.state = std::string(assoc::StateName(as->state()));
      a.retransmitted = as->counters().retransmitted_chunks;
      if (!as->paths().empty())
        a.rto_ms = as->paths().front().rto.rto().nanos() / 1'000'000;
    } else {
      a.state = "CLOSED";
    }
    out.assocs.push_back(std::move(a));
  }
  if (routes_owner_) {
    for (const RouteState& r : rt_.routes) {
      RouteCounters c = r.counters;
      c.queued = r.queue.size();
      out.routes.push_back(c);
    }
  }
  dpdk::FillStatsReport(w, out.worker);
}

}  // namespace dpsctp::dpsctpd
