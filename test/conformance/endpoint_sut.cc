#include "test/conformance/endpoint_sut.h"

#include <cerrno>
#include <type_traits>

namespace dpsctp::conformance {

using packetdrill::CallResult;

EndpointSut::EndpointSut() {
  endpoint::EndpointOptions o;
  o.max_associations = 8;
  o.vtag.quarantine_capacity = 64;
  // The scripts inject DATA with a_rwnd 1500 and expect whole 1000-byte
  // messages: default buffers are plenty.
  options_ = o.assoc;
  assoc::CookieKey key{};
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i * 11 + 3);
  endpoint_ = std::make_unique<endpoint::Endpoint>(o, key, random_, *this);
}

void EndpointSut::Transmit(std::span<const uint8_t> packet,
                           const PacketAddresses& /*addresses*/) noexcept {
  sent_.emplace_back(packet.begin(), packet.end());
}

void EndpointSut::Inject(TimePoint now, std::span<const uint8_t> packet) {
  buf::PacketView view(packet);
  endpoint_->HandlePacket(now, PacketAddresses{kTesterAddress, kSutAddress}, view);
  DrainEvents();
}

void EndpointSut::AdvanceTo(TimePoint now) {
  endpoint_->HandleTimeouts(now);
  DrainEvents();
}

std::optional<TimePoint> EndpointSut::NextTimerExpiry() const {
  return endpoint_->NextTimeout();
}

std::optional<std::vector<uint8_t>> EndpointSut::PopSent() {
  if (sent_.empty()) return std::nullopt;
  std::vector<uint8_t> p = std::move(sent_.front());
  sent_.pop_front();
  return p;
}

void EndpointSut::DrainEvents() {
  endpoint::EndpointEvent e;
  while (endpoint_->PollEvent(e)) {
    const bool mine = current_ && *current_ == e.id;
    switch (e.event.type) {
      case assoc::EventType::kCommunicationUp:
        if (connecting_ && *connecting_ == e.id) {
          connecting_.reset();
        } else if (!mine && listen_port_ != 0) {
          to_accept_.push_back(e.id);
        }
        break;
      case assoc::EventType::kCommunicationLost:
        if (mine || (connecting_ && *connecting_ == e.id)) {
          bool never_up = connecting_.has_value();
          switch (e.event.reason) {
            case assoc::LossReason::kMaxInitRetransmits:
            case assoc::LossReason::kMaxRetransmissions:
            case assoc::LossReason::kShutdownGuardExpired:
              socket_error_ = ETIMEDOUT;
              break;
            default:
              socket_error_ = never_up ? ECONNREFUSED : ECONNRESET;
              break;
          }
          reset_ = true;
          connecting_.reset();
        }
        break;
      case assoc::EventType::kShutdownReceived:
      case assoc::EventType::kShutdownComplete:
        if (mine) peer_shutdown_ = true;
        break;
      default:
        break;
    }
  }
}

assoc::Association* EndpointSut::Current() {
  return current_ ? endpoint_->Find(*current_) : nullptr;
}

void EndpointSut::ApplyOptions() {
  endpoint_->SetAssocOptions(options_);
  if (assoc::Association* a = Current()) a->SetProtocolParameters(options_);
}

CallResult EndpointSut::Listen(TimePoint, uint16_t sut_port) {
  if (!endpoint_->Listen(sut_port)) return CallResult::Fail(EADDRINUSE);
  listen_port_ = sut_port;
  return CallResult::Ok();
}

CallResult EndpointSut::Connect(TimePoint now, uint16_t sut_port,
                                uint16_t tester_port) {
  IpAddress peer = kTesterAddress;
  std::optional<assoc::AssocId> id = endpoint_->Associate(
      now, sut_port, kSutAddress, std::span<const IpAddress>(&peer, 1), tester_port);
  DrainEvents();
  if (!id) return CallResult::Fail(ENOBUFS);
  current_ = id;
  connecting_ = id;
  return CallResult::Fail(EINPROGRESS);
}

CallResult EndpointSut::Accept(TimePoint) {
  if (to_accept_.empty()) return CallResult::Fail(EAGAIN);
  current_ = to_accept_.front();
  to_accept_.pop_front();
  return CallResult::Ok();
}

CallResult EndpointSut::CloseListener(TimePoint) {
  if (listen_port_ != 0) endpoint_->StopListening(listen_port_);
  listen_port_ = 0;
  return CallResult::Ok();
}

CallResult EndpointSut::Close(TimePoint now) {
  // close() on a one-to-one socket: graceful shutdown (§10.1 C).
  if (current_) endpoint_->Shutdown(now, *current_);
  DrainEvents();
  return CallResult::Ok();
}

CallResult EndpointSut::AbortClose(TimePoint now) {
  if (current_) endpoint_->Abort(now, *current_);
  DrainEvents();
  return CallResult::Ok();
}

CallResult EndpointSut::ShutdownWrite(TimePoint now) {
  if (!Current()) return CallResult::Fail(ENOTCONN);
  endpoint_->Shutdown(now, *current_);
  DrainEvents();
  return CallResult::Ok();
}

CallResult EndpointSut::Send(TimePoint now, const packetdrill::SendRequest& request) {
  if (!Current()) return CallResult::Fail(reset_ ? ECONNRESET : ENOTCONN);
  std::vector<uint8_t> message(request.length, 0);
  assoc::SendError e = endpoint_->Send(
      now, *current_,
      assoc::SendOptions{StreamId(request.stream_id), Ppid(request.ppid),
                         request.unordered},
      message);
  DrainEvents();
  switch (e) {
    case assoc::SendError::kNone:
      return CallResult::Ok(static_cast<int64_t>(request.length));
    case assoc::SendError::kNotConnected:
      return CallResult::Fail(EPIPE);
    case assoc::SendError::kInvalidStream:
      return CallResult::Fail(EINVAL);
    case assoc::SendError::kEmpty:
      return CallResult::Ok(0);
    case assoc::SendError::kNoBuffer:
      return CallResult::Fail(EAGAIN);
    case assoc::SendError::kTooLarge:
      return CallResult::Fail(EMSGSIZE);
  }
  return CallResult::Fail(EIO);
}

CallResult EndpointSut::Receive(TimePoint, size_t max_length) {
  if (assoc::Association* a = Current()) {
    std::vector<uint8_t> buffer(max_length);
    if (std::optional<assoc::ReceivedMessage> m = a->Receive(buffer)) {
      return CallResult::Ok(static_cast<int64_t>(m->copied));
    }
  }
  if (reset_) return CallResult::Fail(ECONNRESET);
  if (peer_shutdown_ || (current_ && !Current())) return CallResult::Ok(0);
  return CallResult::Fail(EAGAIN);
}

CallResult EndpointSut::SetOption(TimePoint, const packetdrill::SocketOption& option) {
  bool ok = std::visit(
      [&](const auto& o) -> bool {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, packetdrill::RtoInfo>) {
          if (o.initial_ms) options_.rto_initial = Duration::Millis(o.initial_ms);
          if (o.max_ms) options_.rto_max = Duration::Millis(o.max_ms);
          if (o.min_ms) options_.rto_min = Duration::Millis(o.min_ms);
        } else if constexpr (std::is_same_v<T, packetdrill::InitMsg>) {
          if (o.num_ostreams) options_.outbound_streams = o.num_ostreams;
          if (o.max_instreams) options_.max_inbound_streams = o.max_instreams;
          if (o.max_attempts) options_.max_init_retransmits = o.max_attempts;
        } else if constexpr (std::is_same_v<T, packetdrill::PeerAddrParams>) {
          if (o.hb_interval_ms) options_.hb_interval = Duration::Millis(o.hb_interval_ms);
          if (o.path_max_rxt) options_.path_max_retrans = o.path_max_rxt;
          if (o.heartbeat_disable) options_.heartbeat_enabled = false;
          if (o.heartbeat_enable) options_.heartbeat_enabled = true;
          if (assoc::Association* a = Current()) {
            for (const assoc::Path& p : a->paths()) {
              a->ChangeHeartbeat(p.address, options_.heartbeat_enabled,
                                 options_.hb_interval);
              if (o.path_max_rxt) a->SetFailureThreshold(p.address, o.path_max_rxt);
            }
          }
        } else if constexpr (std::is_same_v<T, packetdrill::DelayedSack>) {
          if (o.delay_ms) options_.sack_delay = Duration::Millis(o.delay_ms);
          if (o.frequency) options_.sack_frequency = static_cast<int>(o.frequency);
        } else if constexpr (std::is_same_v<T, packetdrill::NoDelay>) {
          // Nothing waits to fill packets here: TCP-style Nagle does not exist.
        } else if constexpr (std::is_same_v<T, packetdrill::MaxSegment>) {
          // The fragmentation point: DATA payload per packet (see Send()).
          if (o.bytes) options_.mtu = static_cast<uint16_t>(o.bytes + 28);
        } else if constexpr (std::is_same_v<T, packetdrill::BufferSize>) {
          if (o.send) {
            options_.send_buffer = o.bytes;
          } else {
            options_.receive_window = o.bytes < 1500 ? 1500 : o.bytes;
          }
        } else {
          return false;  // I-DATA options: not offered yet
        }
        return true;
      },
      option);
  if (!ok) return CallResult::Fail(ENOPROTOOPT);
  ApplyOptions();
  return CallResult::Ok();
}

bool EndpointSut::RunCommand(TimePoint, std::string_view command) {
  // The FreeBSD variants switch extensions off first (ECN, PR-SCTP, AUTH,
  // ASCONF, RE-CONFIG, NR-SACK, PKTDROP). This endpoint offers none of them
  // yet, so each of those settings already holds.
  static constexpr std::string_view kAlreadyOff[] = {
      "ecn_enable=0",    "pr_enable=0",       "auth_enable=0",
      "auth_disable=1",  "asconf_enable=0",   "reconfig_enable=0",
      "nrsack_enable=0", "nrsack_on_off=0",   "pktdrop_enable=0"};
  if (command.find("sysctl") == std::string_view::npos) return false;
  for (std::string_view setting : kAlreadyOff) {
    if (command.find(setting) != std::string_view::npos) return true;
  }
  return false;
}

int EndpointSut::TakeSocketError() {
  int e = socket_error_;
  socket_error_ = 0;
  return e;
}

std::optional<packetdrill::AssociationStatus> EndpointSut::GetStatus() {
  assoc::Association* a = Current();
  if (!a) return std::nullopt;
  assoc::AssocStatus s = a->Status(TimePoint());
  packetdrill::AssociationStatus r;
  // The runner's state list mirrors RFC 9260 §4 in the same order as ours.
  static_assert(static_cast<int>(packetdrill::AssociationState::kShutdownAckSent) ==
                static_cast<int>(assoc::State::kShutdownAckSent));
  static_assert(static_cast<int>(packetdrill::AssociationState::kEstablished) ==
                static_cast<int>(assoc::State::kEstablished));
  r.state = static_cast<packetdrill::AssociationState>(s.state);
  r.rwnd = s.peer_rwnd;
  r.unacked_data = static_cast<uint16_t>(s.unacked_chunks);
  r.pending_data = static_cast<uint16_t>(s.pending_chunks);
  r.in_streams = s.inbound_streams;
  r.out_streams = s.outbound_streams;
  r.fragmentation_point = a->options().mtu - 28u;
  return r;
}

}  // namespace dpsctp::conformance
