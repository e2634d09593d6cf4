#include "test/support/packetdrill/runner.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <deque>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "test/support/packetdrill/expect_matcher.h"
#include "test/support/packetdrill/inject_builder.h"
#include "test/support/packetdrill/spec_catalog.h"
#include "test/support/packetdrill/syscall_map.h"

namespace dpsctp::packetdrill {
namespace {

using Status = ScriptResult::Status;

std::string Seconds(Duration d) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6f s",
                static_cast<double>(d.nanos()) / 1e9);
  return buf;
}

ScriptResult Make(Status status, int line, std::string reason) {
  return ScriptResult{status, line, std::move(reason)};
}

std::string Describe(const CallResult& r) {
  return r.ok() ? std::to_string(r.value) : "-1 " + ErrnoName(r.error);
}

std::string Describe(const ExpectedReturn& e) {
  std::string s = e.value ? std::to_string(*e.value) : "...";
  if (e.error) {
    s += " " + ErrnoName(*e.error);
  } else if (e.value == -1) {
    s += " (any errno)";
  }
  return s;
}

bool ReturnMatches(const ExpectedReturn& e, const CallResult& r) {
  if (e.value == -1) {
    return !r.ok() && (!e.error || *e.error == r.error);
  }
  return r.ok() && (!e.value || *e.value == r.value);
}

// The static part of CheckScript() for one event: nullopt if runnable.
std::optional<std::string> CheckEvent(const Event& e) {
  if (e.time.range_end) {
    return "time ranges (start...end) are not modelled";
  }
  if (const SyscallEvent* s = e.syscall()) {
    auto call = TranslateSyscall(*s);
    return call ? std::nullopt : std::optional<std::string>(call.error());
  }
  const PacketEvent* p = e.packet();
  if (p == nullptr) {
    return std::nullopt;  // a command: up to the Sut at run time
  }
  if (p->protocol != "sctp") {
    return p->protocol + " packets are not modelled: " + p->other;
  }
  if (!p->source_address.empty()) {
    return "packets with explicit IP addresses are not modelled (" +
           p->source_address + " > " + p->destination_address + ")";
  }
  for (const Field& f : p->header) {
    bool known = p->direction == Direction::kInject &&
                 ((f.name == "tag" && f.value.is_number()) ||
                  (f.name.empty() && f.value.is_symbol("bad_crc32c")));
    if (!known) {
      return "packet option sctp(" + f.ToString() + ") is not modelled";
    }
  }
  for (const Value& chunk : p->chunks) {
    if (auto error = CheckSpec(chunk, SpecKind::kChunk)) {
      return error;
    }
  }
  return std::nullopt;
}

// What a script file descriptor stands for: the socket before listen() or
// connect(), the listener, or an association (connected or accepted).
enum class FdRole : uint8_t { kSocket, kListener, kAssociation };

struct FdState {
  FdRole role = FdRole::kSocket;
  bool nonblocking = false;
};

struct SentPacket {
  TimePoint time;
  std::vector<uint8_t> bytes;
};

// Runs one script: owns the virtual clock, the packets the SUT sent and no
// expect line has claimed yet, the tester's view of the association and
// the script's file descriptors.
class Runner {
 public:
  Runner(const Script& script, Sut& sut, const RunnerOptions& options)
      : script_(script), sut_(sut), options_(options), now_(options.start) {}

  ScriptResult Run();

 private:
  using Outcome = std::optional<ScriptResult>;  // nullopt: carry on

  Outcome Fail(std::string reason) {
    return Make(Status::kFail, line_, std::move(reason));
  }
  Outcome Unsupported(std::string reason) {
    return Make(Status::kUnsupported, line_, std::move(reason));
  }
  Duration Elapsed(TimePoint t) const { return t - options_.start; }

  void Drain() {
    while (std::optional<std::vector<uint8_t>> p = sut_.PopSent()) {
      sent_.push_back(SentPacket{now_, std::move(*p)});
    }
  }
  // One step towards `limit`: to the SUT's next timer if it comes first.
  void Step(TimePoint limit) {
    TimePoint next = limit;
    std::optional<TimePoint> timer = sut_.NextTimerExpiry();
    if (timer && *timer > now_ && *timer < limit) {
      next = *timer;
    }
    now_ = std::max(now_, next);
    sut_.AdvanceTo(now_);
    Drain();
  }
  void AdvanceClock(TimePoint target) {
    while (now_ < target) {
      Step(target);
    }
    sut_.AdvanceTo(now_);
    Drain();
  }

  Outcome Inject(const PacketEvent& packet);
  Outcome Expect(const PacketEvent& packet, std::optional<TimePoint> target);
  Outcome CheckSent(const PacketEvent& packet, const SentPacket& sent,
                    std::optional<TimePoint> target);
  Outcome Syscall(const SocketCall& call);
  // Runs `call` again while it would block on a blocking socket, for as
  // long as the tolerance allows (the script expects it to return now).
  template <typename Call>
  CallResult Blocking(const FdState& fd, Call&& call);
  Outcome CheckReturn(const SocketCall& call, const CallResult& r) {
    if (ReturnMatches(call.expected, r)) {
      return std::nullopt;
    }
    return Fail(call.name + "() returned " + Describe(r) + ", expected " +
                Describe(call.expected));
  }
  Outcome CheckStatus(const SocketCall& call);

  const Script& script_;
  Sut& sut_;
  const RunnerOptions& options_;
  Duration tolerance_ = kDefaultTolerance;
  TimePoint now_;
  int line_ = 0;
  TesterState tester_;
  std::deque<SentPacket> sent_;
  std::map<int, FdState> fds_;
  bool socket_created_ = false;
  std::optional<int> linger_seconds_;
};

ScriptResult Runner::Run() {
  ScriptResult check = CheckScript(script_);
  if (!check.passed()) {
    return check;
  }
  tolerance_ = options_.default_tolerance;
  if (std::optional<std::string> t = script_.Option("tolerance_usecs")) {
    int64_t usecs = 0;
    auto [end, ec] = std::from_chars(t->data(), t->data() + t->size(), usecs);
    if (ec != std::errc() || end != t->data() + t->size() || usecs <= 0) {
      return Make(Status::kUnsupported, 0, "bad --tolerance_usecs=" + *t);
    }
    tolerance_ = Duration::Micros(usecs);
  }
  for (const Event& e : script_.events) {
    line_ = e.line;
    std::optional<TimePoint> target;
    switch (e.time.kind) {
      case TimeKind::kAbsolute:
        target = options_.start + e.time.offset;
        break;
      case TimeKind::kRelative:
        target = now_ + e.time.offset;
        break;
      case TimeKind::kAny:
        break;
    }
    Outcome outcome;
    if (const PacketEvent* p = e.packet()) {
      if (p->direction == Direction::kExpect) {
        outcome = Expect(*p, target);
      } else {
        AdvanceClock(target.value_or(now_));
        outcome = Inject(*p);
      }
    } else if (const SyscallEvent* s = e.syscall()) {
      AdvanceClock(target.value_or(now_));
      auto call = TranslateSyscall(*s);
      outcome = call ? Syscall(*call) : Unsupported(call.error());
    } else if (const CommandEvent* c = e.command()) {
      AdvanceClock(target.value_or(now_));
      if (!sut_.RunCommand(now_, c->command)) {
        outcome = Unsupported("command `" + c->command +
                              "` has no equivalent in this SUT");
      }
      Drain();
    }
    if (outcome) {
      return *outcome;
    }
  }
  sut_.AdvanceTo(now_);
  Drain();
  if (!sent_.empty()) {
    const SentPacket& extra = sent_.front();
    return Make(Status::kFail, line_,
                "unexpected packet at the end of the script, sent at " +
                    Seconds(Elapsed(extra.time)) + ": " +
                    DescribePacket(extra.bytes));
  }
  return ScriptResult{};
}

Runner::Outcome Runner::Inject(const PacketEvent& packet) {
  auto built = BuildInjectPacket(packet, tester_, options_.ports);
  if (!built) {
    return Unsupported("cannot build the packet: " + built.error());
  }
  if (built->init_tag) {
    tester_.AddTesterTag(*built->init_tag);
    if (*built->init_tag != 0) {
      tester_.last_init_tag = built->init_tag;
    }
  }
  if (built->init_ack_tag) {
    tester_.AddTesterTag(*built->init_ack_tag);
  }
  tester_.last_injected_tag = built->verification_tag;
  sut_.Inject(now_, built->bytes);
  Drain();
  return std::nullopt;
}

Runner::Outcome Runner::Expect(const PacketEvent& packet,
                               std::optional<TimePoint> target) {
  sut_.AdvanceTo(now_);
  Drain();
  TimePoint deadline =
      target ? *target + tolerance_ : now_ + options_.any_time_limit;
  while (sent_.empty() && now_ < deadline) {
    Step(deadline);
  }
  if (!sent_.empty()) {
    SentPacket sent = std::move(sent_.front());
    sent_.pop_front();
    return CheckSent(packet, sent, target);
  }
  std::string want = "`> " + DescribeSpecs(packet) + "` " +
                     (target ? "at " + Seconds(Elapsed(*target)) + " (+/- " +
                                   Seconds(tolerance_) + ")"
                             : "by " + Seconds(Elapsed(deadline)));
  // Watch a little longer, only to say whether the packet came late.
  TimePoint lookahead = deadline + options_.late_lookahead;
  while (sent_.empty() && now_ < lookahead) {
    Step(lookahead);
  }
  if (sent_.empty()) {
    return Fail("missing packet: expected " + want + ", nothing sent until " +
                Seconds(Elapsed(now_)));
  }
  const SentPacket& next = sent_.front();
  TesterState scratch = tester_;
  bool same = MatchExpectedPacket(packet, next.bytes, scratch, options_.ports)
                  .matched();
  return Fail(std::string(same ? "too late" : "missing packet") +
              ": expected " + want + "; " + (same ? "it" : "the next packet") +
              " was sent at " + Seconds(Elapsed(next.time)) + ": " +
              DescribePacket(next.bytes));
}

Runner::Outcome Runner::CheckSent(const PacketEvent& packet,
                                  const SentPacket& sent,
                                  std::optional<TimePoint> target) {
  // Contents first, then time, as packetdrill does.
  std::string want = "`> " + DescribeSpecs(packet) + "`";
  if (target) {
    want += " at " + Seconds(Elapsed(*target)) + " (+/- " +
            Seconds(tolerance_) + ")";
  }
  std::string got = "sent at " + Seconds(Elapsed(sent.time)) + ": " +
                    DescribePacket(sent.bytes);
  MatchResult m =
      MatchExpectedPacket(packet, sent.bytes, tester_, options_.ports);
  if (m.status == MatchResult::Status::kBadSpec) {
    return Unsupported(m.message);
  }
  if (m.status == MatchResult::Status::kMismatch) {
    return Fail(m.message + "\n  expected: " + want + "\n  actual:   " + got);
  }
  if (target && sent.time < *target - tolerance_) {
    return Fail("too early: expected " + want + ", " + got);
  }
  if (target && sent.time > *target + tolerance_) {
    return Fail("too late: expected " + want + ", " + got);
  }
  return std::nullopt;
}

template <typename Call>
CallResult Runner::Blocking(const FdState& fd, Call&& call) {
  CallResult r = call();
  TimePoint deadline = now_ + tolerance_;
  while (!fd.nonblocking && r.error == EAGAIN && now_ < deadline) {
    Step(deadline);
    r = call();
  }
  return r;
}

Runner::Outcome Runner::Syscall(const SocketCall& call) {
  if (call.kind == CallKind::kSocket) {
    if (socket_created_) {
      return Unsupported("a second socket is not modelled");
    }
    socket_created_ = true;
    int fd = call.expected.value.value_or(3) >= 0
                 ? static_cast<int>(call.expected.value.value_or(3))
                 : 3;
    fds_[fd] = FdState{};
    return CheckReturn(call, CallResult::Ok(fd));
  }
  auto it = fds_.find(call.fd);
  if (it == fds_.end()) {
    return CheckReturn(call, CallResult::Fail(EBADF));
  }
  FdState& fd = it->second;
  const bool association = fd.role == FdRole::kAssociation;
  CallResult r;
  switch (call.kind) {
    case CallKind::kSocket:
    case CallKind::kBind:
      r = CallResult::Ok();
      break;
    case CallKind::kListen:
      r = sut_.Listen(now_, options_.ports.sut);
      if (r.ok()) {
        fd.role = FdRole::kListener;
      }
      break;
    case CallKind::kConnect:
      if (!fd.nonblocking) {
        return Unsupported(
            "a blocking connect() needs the handshake to run "
            "concurrently; not modelled");
      }
      r = sut_.Connect(now_, options_.ports.sut, options_.ports.tester);
      if (r.ok() || r.error == EINPROGRESS) {
        fd.role = FdRole::kAssociation;
      }
      break;
    case CallKind::kAccept: {
      if (fd.role != FdRole::kListener) {
        r = CallResult::Fail(EINVAL);
        break;
      }
      r = Blocking(fd, [&] { return sut_.Accept(now_); });
      if (r.ok()) {
        // The script names the new descriptor; any unused number will do.
        int new_fd = static_cast<int>(
            call.expected.value.value_or(fds_.rbegin()->first + 1));
        if (new_fd < 0 || fds_.count(new_fd) != 0) {
          new_fd = fds_.rbegin()->first + 1;
        }
        fds_[new_fd] = FdState{FdRole::kAssociation, fd.nonblocking};
        r = CallResult::Ok(new_fd);
      }
      break;
    }
    case CallKind::kClose: {
      FdRole role = fd.role;
      fds_.erase(it);
      if (role == FdRole::kListener) {
        r = sut_.CloseListener(now_);
      } else if (role == FdRole::kAssociation) {
        if (linger_seconds_ && *linger_seconds_ > 0) {
          return Unsupported(
              "SO_LINGER with a timeout (a blocking close()) "
              "is not modelled");
        }
        r = linger_seconds_ ? sut_.AbortClose(now_) : sut_.Close(now_);
      } else {
        r = CallResult::Ok();
      }
      break;
    }
    case CallKind::kShutdownWrite:
      r = association ? sut_.ShutdownWrite(now_) : CallResult::Fail(ENOTCONN);
      break;
    case CallKind::kSend:
      r = association ? Blocking(fd, [&] { return sut_.Send(now_, call.send); })
                      : CallResult::Fail(ENOTCONN);
      break;
    case CallKind::kReceive:
      r = association
              ? Blocking(fd,
                         [&] { return sut_.Receive(now_, call.max_length); })
              : CallResult::Fail(ENOTCONN);
      break;
    case CallKind::kSetOption:
      r = sut_.SetOption(now_, call.option);
      break;
    case CallKind::kSetLinger:
      linger_seconds_ = call.linger_seconds;
      r = CallResult::Ok();
      break;
    case CallKind::kGetFlags:
      r = CallResult::Ok(O_RDWR | (fd.nonblocking ? O_NONBLOCK : 0));
      break;
    case CallKind::kSetFlags:
      fd.nonblocking = call.nonblocking;
      r = CallResult::Ok();
      break;
    case CallKind::kGetSocketError: {
      int error = sut_.TakeSocketError();
      if (error != call.socket_error) {
        Drain();
        return Fail("getsockopt(SO_ERROR) gave " +
                    (error == 0 ? std::string("0") : ErrnoName(error)) +
                    ", expected " +
                    (call.socket_error == 0 ? std::string("0")
                                            : ErrnoName(call.socket_error)));
      }
      r = CallResult::Ok();
      break;
    }
    case CallKind::kGetStatus:
      Drain();
      return CheckStatus(call);
  }
  Drain();
  return CheckReturn(call, r);
}

Runner::Outcome Runner::CheckStatus(const SocketCall& call) {
  std::optional<AssociationStatus> s = sut_.GetStatus();
  if (!s) {
    return CheckReturn(call, CallResult::Fail(EINVAL));
  }
  const StatusExpectation& want = call.status;
  std::string diff;
  auto check = [&](const char* name, auto expected, uint64_t actual) {
    if (expected && static_cast<uint64_t>(*expected) != actual) {
      diff += std::string(diff.empty() ? "" : ", ") + name + " is " +
              std::to_string(actual) + ", expected " +
              std::to_string(static_cast<uint64_t>(*expected));
    }
  };
  check("sstat_state", want.state, static_cast<uint64_t>(s->state));
  check("sstat_rwnd", want.rwnd, s->rwnd);
  check("sstat_unackdata", want.unacked_data, s->unacked_data);
  check("sstat_penddata", want.pending_data, s->pending_data);
  check("sstat_instrms", want.in_streams, s->in_streams);
  check("sstat_outstrms", want.out_streams, s->out_streams);
  check("sstat_fragmentation_point", want.fragmentation_point,
        s->fragmentation_point);
  if (!diff.empty()) {
    return Fail("getsockopt(SCTP_STATUS): " + diff +
                " (states count from SCTP_CLOSED = 0)");
  }
  return CheckReturn(call, CallResult::Ok());
}

}  // namespace

std::string ScriptResult::ToString() const {
  switch (status) {
    case Status::kPass:
      return "pass";
    case Status::kFail:
      return "fail (line " + std::to_string(line) + "): " + reason;
    case Status::kUnsupported:
      return "unsupported (line " + std::to_string(line) + "): " + reason;
  }
  return "?";
}

ScriptResult CheckScript(const Script& script) {
  for (const Event& e : script.events) {
    if (std::optional<std::string> reason = CheckEvent(e)) {
      return Make(Status::kUnsupported, e.line, std::move(*reason));
    }
  }
  return ScriptResult{};
}

ScriptResult RunScript(const Script& script, Sut& sut,
                       const RunnerOptions& options) {
  return Runner(script, sut, options).Run();
}

ScriptResult RunScriptFile(const std::string& path, Sut& sut,
                           const ParseOptions& parse_options,
                           const RunnerOptions& options) {
  auto script = ParseScriptFile(path, parse_options);
  if (!script) {
    return Make(Status::kUnsupported, script.error().line,
                "parse error: " + script.error().message);
  }
  return RunScript(*script, sut, options);
}

}  // namespace dpsctp::packetdrill
