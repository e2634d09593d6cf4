#include "test/support/packetdrill/fake_sut.h"

#include <algorithm>
#include <cerrno>
#include <utility>

#include "buf/packet_view.h"
#include "crc/crc32c.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/cookie_ack_chunk.h"
#include "wire/chunk/cookie_echo_chunk.h"
#include "wire/chunk/data_chunk.h"
#include "wire/chunk/heartbeat_ack_chunk.h"
#include "wire/chunk/heartbeat_request_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk/init_chunk.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/chunk/shutdown_ack_chunk.h"
#include "wire/chunk/shutdown_chunk.h"
#include "wire/chunk/shutdown_complete_chunk.h"
#include "wire/common_header.h"
#include "wire/packet_builder.h"
#include "wire/packet_parser.h"
#include "wire/parameter/state_cookie_parameter.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::packetdrill::test {
namespace {

using Bytes = std::vector<uint8_t>;

template <typename Serialize>
Bytes Chunk(Serialize&& serialize) {
  Bytes buffer(0x10000 + 4);
  wire::WireWriter w(buffer);
  if (!serialize(w)) {
    return {};
  }
  buffer.resize(w.size());
  return buffer;
}

const Bytes kCookie = {'F', 'A', 'K', 'E'};

}  // namespace

void FakeSut::SendChunk(TimePoint now, std::span<const uint8_t> chunk,
                        uint32_t tag) {
  Bytes buffer(wire::kCommonHeaderSize + chunk.size() + 4);
  wire::PacketBuilder builder(
      buffer,
      wire::CommonHeader{local_port_, peer_port_, VerificationTag(tag), 0},
      buffer.size());
  builder.TryAddBytes(chunk);
  std::span<uint8_t> packet = builder.Finish(crc::TxChecksumMode::kSoftware);
  Bytes bytes(packet.begin(), packet.end());
  if (options_.corrupt_checksum) {
    bytes[wire::kChecksumOffset] ^= 0x5a;
  }
  if (options_.reply_delay == Duration::Zero()) {
    sent_.push_back(std::move(bytes));
  } else {
    outbox_.push_back(Pending{now + options_.reply_delay, std::move(bytes)});
  }
}

void FakeSut::SendReliably(TimePoint now, Bytes chunk, uint32_t tag) {
  SendChunk(now, chunk, tag);
  retransmit_chunk_ = std::move(chunk);
  retransmit_tag_ = tag;
  retransmissions_ = 0;
  timer_ = now + options_.rto;
}

void FakeSut::Inject(TimePoint now, std::span<const uint8_t> packet) {
  buf::PacketView view(packet);
  if (crc::VerifySctpChecksum(view) != crc::ChecksumVerdict::kGood ||
      !wire::ParsePacket(view)) {
    return;  // silently discarded, as a real endpoint would
  }
  auto header = wire::CommonHeader::Parse(packet);
  peer_port_ = header->source_port;
  wire::ChunkCursor cursor(view);
  while (std::optional<wire::ChunkDescriptor> d = cursor.Next()) {
    HandleChunk(now, header->verification_tag.value(),
                packet.subspan(d->offset, d->length));
  }
}

void FakeSut::HandleChunk(TimePoint now, uint32_t tag,
                          std::span<const uint8_t> chunk) {
  const bool ours = tag == options_.tag;
  const bool association = state_ != State::kClosed;
  switch (chunk[0]) {
    case 1: {  // INIT: answer statelessly with a fixed INIT ACK.
      auto init = wire::InitChunk::Parse(chunk);
      if (!init || tag != 0 || init->initiate_tag().value() == 0 ||
          !listening_ || options_.ignore_init) {
        return;
      }
      peer_tag_ = init->initiate_tag().value();
      peer_cum_tsn_ = init->initial_tsn().value() - 1;
      Bytes cookie = Chunk([](wire::WireWriter& w) {
        return wire::StateCookieParameter::SerializeTo(w, kCookie);
      });
      wire::InitFields fields{VerificationTag(options_.tag), options_.a_rwnd,
                              options_.streams, options_.streams,
                              Tsn(options_.initial_tsn)};
      SendChunk(now, Chunk([&](wire::WireWriter& w) {
                  return wire::InitAckChunk::SerializeTo(w, fields, cookie);
                }),
                peer_tag_);
      return;
    }
    case 2: {  // INIT ACK: echo its cookie.
      auto ack = wire::InitAckChunk::Parse(chunk);
      if (!ack || !ours || state_ != State::kCookieWait) {
        return;
      }
      peer_tag_ = ack->initiate_tag().value();
      peer_cum_tsn_ = ack->initial_tsn().value() - 1;
      Bytes cookie;
      wire::TlvIterator it(ack->parameters());
      while (auto p = it.Next()) {
        if (p->type == 7) {
          cookie.assign(p->value().begin(), p->value().end());
        }
      }
      state_ = State::kCookieEchoed;
      SendReliably(now, Chunk([&](wire::WireWriter& w) {
                     return wire::CookieEchoChunk::SerializeTo(w, cookie);
                   }),
                   peer_tag_);
      return;
    }
    case 10: {  // COOKIE ECHO: any cookie with our tag will do.
      if (!ours) {
        return;
      }
      if (state_ == State::kClosed) {
        state_ = State::kEstablished;
        next_tsn_ = options_.initial_tsn;
        accept_pending_ = listening_;
      }
      Bytes ack = Chunk([](wire::WireWriter& w) {
        return wire::CookieAckChunk::SerializeTo(w);
      });
      SendChunk(now, ack, PeerTag());
      if (options_.duplicate_cookie_ack) {
        SendChunk(now, ack, PeerTag());
      }
      return;
    }
    case 11:  // COOKIE ACK
      if (ours && state_ == State::kCookieEchoed) {
        state_ = State::kEstablished;
        next_tsn_ = options_.initial_tsn;
        StopTimer();
      }
      return;
    default:
      break;
  }
  if (!association) {
    // RFC 9260 §8.4: answer out of the blue packets with an ABORT whose
    // tag reflects theirs, except ABORT, SHUTDOWN COMPLETE (ignored) and
    // SHUTDOWN ACK (SHUTDOWN COMPLETE).
    if (chunk[0] == 8) {
      SendChunk(now, Chunk([](wire::WireWriter& w) {
                  return wire::ShutdownCompleteChunk::SerializeTo(w, true);
                }),
                tag);
    } else if (chunk[0] != 6 && chunk[0] != 14) {
      SendChunk(now, Chunk([](wire::WireWriter& w) {
                  return wire::AbortChunk::SerializeTo(w, true, {});
                }),
                tag);
    }
    return;
  }
  if (!ours) {
    return;
  }
  switch (chunk[0]) {
    case 0: {  // DATA: take it, acknowledge it at once.
      auto data = wire::DataChunk::Parse(chunk);
      if (!data) {
        return;
      }
      peer_cum_tsn_ = data->tsn().value();
      received_.push_back(data->payload().size());
      Tsn cum(*peer_cum_tsn_);
      SendChunk(now, Chunk([&](wire::WireWriter& w) {
                  return wire::SackChunk::SerializeTo(w, cum, options_.a_rwnd,
                                                      {}, {});
                }),
                PeerTag());
      return;
    }
    case 3: {  // SACK
      auto sack = wire::SackChunk::Parse(chunk);
      if (sack && sack->cumulative_tsn_ack().value() + 1 == next_tsn_) {
        StopTimer();
        if (shutdown_after_ack_) {
          shutdown_after_ack_ = false;
          Close(now);
        }
      }
      return;
    }
    case 4: {  // HEARTBEAT
      auto hb = wire::HeartbeatRequestChunk::Parse(chunk);
      if (hb) {
        SendChunk(now, Chunk([&](wire::WireWriter& w) {
                    return wire::HeartbeatAckChunk::SerializeParametersTo(
                        w, hb->parameters());
                  }),
                  PeerTag());
      }
      return;
    }
    case 6:  // ABORT
      state_ = State::kClosed;
      socket_error_ = ECONNRESET;
      StopTimer();
      return;
    case 7:  // SHUTDOWN
      peer_shut_down_ = true;
      state_ = State::kShutdownAckSent;
      SendReliably(now, Chunk([](wire::WireWriter& w) {
                     return wire::ShutdownAckChunk::SerializeTo(w);
                   }),
                   PeerTag());
      return;
    case 8:  // SHUTDOWN ACK
      if (state_ == State::kShutdownSent) {
        state_ = State::kClosed;
        peer_shut_down_ = true;
        StopTimer();
        SendChunk(now, Chunk([](wire::WireWriter& w) {
                    return wire::ShutdownCompleteChunk::SerializeTo(w, false);
                  }),
                  PeerTag());
      }
      return;
    case 14:  // SHUTDOWN COMPLETE
      if (state_ == State::kShutdownAckSent) {
        state_ = State::kClosed;
        StopTimer();
      }
      return;
    default:
      return;
  }
}

void FakeSut::AdvanceTo(TimePoint now) {
  while (timer_ && *timer_ <= now) {
    TimePoint fired = *timer_;
    if (retransmissions_ >= options_.max_retransmissions) {
      timer_.reset();
      state_ = State::kClosed;
      socket_error_ = ETIMEDOUT;
      break;
    }
    ++retransmissions_;
    SendChunk(fired, retransmit_chunk_, retransmit_tag_);
    timer_ = fired + options_.rto;
  }
  while (!outbox_.empty() && outbox_.front().due <= now) {
    sent_.push_back(std::move(outbox_.front().bytes));
    outbox_.pop_front();
  }
}

std::optional<TimePoint> FakeSut::NextTimerExpiry() const {
  std::optional<TimePoint> next = timer_;
  if (!outbox_.empty() && (!next || outbox_.front().due < *next)) {
    next = outbox_.front().due;
  }
  return next;
}

std::optional<std::vector<uint8_t>> FakeSut::PopSent() {
  if (sent_.empty()) {
    return std::nullopt;
  }
  Bytes p = std::move(sent_.front());
  sent_.pop_front();
  return p;
}

CallResult FakeSut::Listen(TimePoint, uint16_t sut_port) {
  calls.push_back("listen");
  local_port_ = sut_port;
  listening_ = true;
  return CallResult::Ok();
}

CallResult FakeSut::Connect(TimePoint now, uint16_t sut_port,
                            uint16_t tester_port) {
  calls.push_back("connect");
  local_port_ = sut_port;
  peer_port_ = tester_port;
  state_ = State::kCookieWait;
  wire::InitFields fields{VerificationTag(options_.tag), options_.a_rwnd,
                          options_.streams, options_.streams,
                          Tsn(options_.initial_tsn)};
  SendReliably(now, Chunk([&](wire::WireWriter& w) {
                 return wire::InitChunk::SerializeTo(w, fields, {});
               }),
               0);
  return CallResult::Fail(EINPROGRESS);
}

CallResult FakeSut::Accept(TimePoint) {
  calls.push_back("accept");
  if (!accept_pending_) {
    return CallResult::Fail(EAGAIN);
  }
  accept_pending_ = false;
  return CallResult::Ok();
}

CallResult FakeSut::CloseListener(TimePoint) {
  calls.push_back("close listener");
  listening_ = false;
  return CallResult::Ok();
}

CallResult FakeSut::Close(TimePoint now) {
  calls.push_back("close");
  if (state_ != State::kEstablished) {
    return CallResult::Ok();
  }
  if (timer_) {
    shutdown_after_ack_ = true;  // RFC 9260 §9.2: data first
    return CallResult::Ok();
  }
  state_ = State::kShutdownSent;
  Tsn cum(peer_cum_tsn_.value_or(0));
  SendReliably(now, Chunk([&](wire::WireWriter& w) {
                 return wire::ShutdownChunk::SerializeTo(w, cum);
               }),
               PeerTag());
  return CallResult::Ok();
}

CallResult FakeSut::AbortClose(TimePoint now) {
  calls.push_back("abort");
  if (state_ != State::kClosed) {
    SendChunk(now, Chunk([](wire::WireWriter& w) {
                return wire::AbortChunk::SerializeTo(w, false, {});
              }),
              PeerTag());
    state_ = State::kClosed;
    StopTimer();
  }
  return CallResult::Ok();
}

CallResult FakeSut::ShutdownWrite(TimePoint now) {
  Close(now);
  calls.back() = "shutdown";
  return CallResult::Ok();
}

CallResult FakeSut::Send(TimePoint now, const SendRequest& request) {
  calls.push_back("send " + std::to_string(request.length));
  if (state_ != State::kEstablished || shutdown_after_ack_) {
    return CallResult::Fail(state_ == State::kClosed ? ENOTCONN : EPIPE);
  }
  Bytes payload(request.length, 0);
  Tsn tsn(next_tsn_++);
  SendReliably(
      now, Chunk([&](wire::WireWriter& w) {
        return wire::DataChunk::SerializeTo(
            w, tsn, StreamId(request.stream_id), Ssn(ssn_++),
            Ppid(request.ppid), payload,
            wire::DataChunk::Flags{false, request.unordered, true, true});
      }),
      PeerTag());
  return CallResult::Ok(static_cast<int64_t>(request.length));
}

CallResult FakeSut::Receive(TimePoint, size_t max_length) {
  calls.push_back("receive");
  if (!received_.empty()) {
    size_t n = std::min(received_.front(), max_length);
    received_.pop_front();
    return CallResult::Ok(static_cast<int64_t>(n));
  }
  if (peer_shut_down_) {
    return CallResult::Ok(0);
  }
  return CallResult::Fail(EAGAIN);
}

CallResult FakeSut::SetOption(TimePoint, const SocketOption& option) {
  calls.push_back("setsockopt");
  if (const RtoInfo* rto = std::get_if<RtoInfo>(&option)) {
    if (rto->initial_ms != 0) {
      options_.rto = Duration::Millis(rto->initial_ms);
    }
  }
  return CallResult::Ok();
}

int FakeSut::TakeSocketError() { return std::exchange(socket_error_, 0); }

std::optional<AssociationStatus> FakeSut::GetStatus() {
  if (state_ == State::kClosed) {
    return std::nullopt;
  }
  AssociationStatus s;
  switch (state_) {
    case State::kCookieWait:
      s.state = AssociationState::kCookieWait;
      break;
    case State::kCookieEchoed:
      s.state = AssociationState::kCookieEchoed;
      break;
    case State::kEstablished:
      s.state = AssociationState::kEstablished;
      break;
    case State::kShutdownSent:
      s.state = AssociationState::kShutdownSent;
      break;
    case State::kShutdownAckSent:
      s.state = AssociationState::kShutdownAckSent;
      break;
    case State::kClosed:
      break;
  }
  s.rwnd = options_.a_rwnd;
  s.in_streams = options_.streams;
  s.out_streams = options_.streams;
  s.fragmentation_point = 1452;
  return s;
}

bool FakeSut::RunCommand(TimePoint, std::string_view command) {
  calls.push_back("command " + std::string(command));
  return true;
}

}  // namespace dpsctp::packetdrill::test
