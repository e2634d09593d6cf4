#include "test/support/packetdrill/syscall_map.h"

#include <algorithm>
#include <cerrno>
#include <initializer_list>
#include <utility>

namespace dpsctp::packetdrill {
namespace {

struct ErrnoEntry {
  std::string_view name;
  int value;
};

// EWOULDBLOCK follows EAGAIN so that ErrnoName() prefers "EAGAIN" where the
// two are equal (Linux).
constexpr ErrnoEntry kErrnos[] = {
    {"EAGAIN", EAGAIN},
    {"EWOULDBLOCK", EWOULDBLOCK},
    {"EINPROGRESS", EINPROGRESS},
    {"EALREADY", EALREADY},
    {"EISCONN", EISCONN},
    {"ENOTCONN", ENOTCONN},
    {"ECONNREFUSED", ECONNREFUSED},
    {"ECONNRESET", ECONNRESET},
    {"ECONNABORTED", ECONNABORTED},
    {"ETIMEDOUT", ETIMEDOUT},
    {"ESHUTDOWN", ESHUTDOWN},
    {"EPIPE", EPIPE},
    {"EINVAL", EINVAL},
    {"EBADF", EBADF},
    {"ENOPROTOOPT", ENOPROTOOPT},
    {"EOPNOTSUPP", EOPNOTSUPP},
    {"EMSGSIZE", EMSGSIZE},
    {"ENOBUFS", ENOBUFS},
    {"ENOENT", ENOENT},
};

constexpr uint64_t kU16 = 0xffff;
constexpr uint64_t kU32 = 0xffffffff;

// The flag symbols of an `A | B` expression (or of a single symbol).
std::vector<std::string> OrSymbols(const Value& v) {
  std::vector<std::string> out;
  if (v.kind == Value::Kind::kOr) {
    for (const Field& f : v.fields) {
      out.push_back(f.value.text);
    }
  } else {
    out.push_back(v.text);
  }
  return out;
}

class Translator {
 public:
  explicit Translator(const SyscallEvent& call) : call_(call) {}

  Result<SocketCall, std::string> Run();

 private:
  bool Fail(std::string message) {
    if (error_.empty()) {
      error_ = call_.name + "(): " + std::move(message);
    }
    return false;
  }
  bool Args(size_t n) {
    return call_.args.size() == n ||
           Fail("expected " + std::to_string(n) + " arguments, got " +
                std::to_string(call_.args.size()));
  }
  const Value& Arg(size_t i) const { return call_.args[i]; }
  std::optional<uint64_t> Number(const Value& v, uint64_t max,
                                 std::string_view what) {
    if (!v.is_number() || v.number < 0 ||
        static_cast<uint64_t>(v.number) > max) {
      Fail(std::string(what) + "=" + v.ToString() + " is not a number");
      return std::nullopt;
    }
    return static_cast<uint64_t>(v.number);
  }
  bool Fd() {
    std::optional<uint64_t> fd = Number(Arg(0), 0xffff, "fd");
    call_out_.fd = static_cast<int>(fd.value_or(0));
    return fd.has_value();
  }
  bool Expected();
  bool Socket();
  bool Send(bool sctp_sendmsg);
  bool SetSockOpt();
  bool SetSctpOption(const std::string& name, const Value& v);
  bool GetSockOpt();
  bool Fcntl();
  // The members of `{...}`, all known to the option, numbers unless
  // `ignored` (addresses, association ids).
  bool Members(const Value& v, std::initializer_list<std::string_view> known,
               std::initializer_list<std::string_view> ignored);
  std::optional<uint64_t> Member(const Value& v, std::string_view name,
                                 uint64_t max);

  const SyscallEvent& call_;
  SocketCall call_out_;
  std::string error_;
};

bool Translator::Expected() {
  const Value& r = call_.result;
  if (r.is_ellipsis()) {
    call_out_.expected.value = std::nullopt;
  } else if (r.is_number()) {
    call_out_.expected.value = r.number;
  } else {
    return Fail("return value " + r.ToString() + " is not a number");
  }
  if (!call_.errno_name.empty()) {
    std::optional<int> e = ErrnoFromName(call_.errno_name);
    if (!e) {
      return Fail("unknown errno " + call_.errno_name);
    }
    call_out_.expected.error = e;
  }
  return true;
}

bool Translator::Members(const Value& v,
                         std::initializer_list<std::string_view> known,
                         std::initializer_list<std::string_view> ignored) {
  if (v.kind != Value::Kind::kStruct) {
    return Fail("option value " + v.ToString() + " is not a {struct}");
  }
  for (const Field& f : v.fields) {
    bool is_known =
        std::find(known.begin(), known.end(), f.name) != known.end();
    bool is_ignored =
        std::find(ignored.begin(), ignored.end(), f.name) != ignored.end();
    if (!is_known && !is_ignored) {
      return Fail("member '" + (f.name.empty() ? f.value.ToString() : f.name) +
                  "' is not modelled");
    }
  }
  return true;
}

std::optional<uint64_t> Translator::Member(const Value& v,
                                           std::string_view name,
                                           uint64_t max) {
  const Field* f = v.Find(name);
  if (f == nullptr) {
    return 0;
  }
  return Number(f->value, max, name);
}

bool Translator::Socket() {
  if (!Args(3)) {
    return false;
  }
  if (Arg(1).is_symbol("SOCK_SEQPACKET")) {
    return Fail("one-to-many style sockets are not modelled");
  }
  if (!Arg(1).is_symbol("SOCK_STREAM") || !Arg(2).is_symbol("IPPROTO_SCTP")) {
    return Fail("only SOCK_STREAM, IPPROTO_SCTP sockets");
  }
  return true;
}

bool Translator::Send(bool sctp_sendmsg) {
  // write(fd, ..., n); send(fd, ..., n, flags);
  // sctp_sendmsg(fd, ..., n, to, tolen, ppid, flags, stream, ttl, context)
  std::optional<uint64_t> length = Number(Arg(2), kU32, "length");
  call_out_.send.length = static_cast<size_t>(length.value_or(0));
  if (!sctp_sendmsg) {
    if (call_.args.size() == 4 && !(Arg(3).is_number() && Arg(3).number == 0)) {
      return Fail("flags other than 0 are not modelled");
    }
    return length.has_value();
  }
  const Value& ppid = Arg(5);
  if (ppid.kind == Value::Kind::kCall && ppid.text == "htonl" &&
      ppid.fields.size() == 1) {
    call_out_.send.ppid = static_cast<uint32_t>(
        Number(ppid.fields[0].value, kU32, "ppid").value_or(0));
  } else if (ppid.is_number() && ppid.number == 0) {
    call_out_.send.ppid = 0;
  } else {
    return Fail("ppid must be htonl(n) or 0 (byte order)");
  }
  for (const std::string& flag : OrSymbols(Arg(6))) {
    if (flag == "SCTP_UNORDERED") {
      call_out_.send.unordered = true;
    } else if (flag != "0") {
      return Fail("flag " + flag + " is not modelled");
    }
  }
  call_out_.send.stream_id =
      static_cast<uint16_t>(Number(Arg(7), kU16, "stream_no").value_or(0));
  call_out_.send.time_to_live_ms =
      static_cast<uint32_t>(Number(Arg(8), kU32, "timetolive").value_or(0));
  return length.has_value() && error_.empty();
}

bool Translator::SetSctpOption(const std::string& name, const Value& v) {
  if (name == "SCTP_RTOINFO") {
    RtoInfo o;
    Members(v, {"srto_initial", "srto_max", "srto_min"}, {"srto_assoc_id"});
    o.initial_ms =
        static_cast<uint32_t>(Member(v, "srto_initial", kU32).value_or(0));
    o.max_ms = static_cast<uint32_t>(Member(v, "srto_max", kU32).value_or(0));
    o.min_ms = static_cast<uint32_t>(Member(v, "srto_min", kU32).value_or(0));
    call_out_.option = o;
  } else if (name == "SCTP_INITMSG") {
    InitMsg o;
    Members(v,
            {"sinit_num_ostreams", "sinit_max_instreams", "sinit_max_attempts",
             "sinit_max_init_timeo"},
            {});
    o.num_ostreams = static_cast<uint16_t>(
        Member(v, "sinit_num_ostreams", kU16).value_or(0));
    o.max_instreams = static_cast<uint16_t>(
        Member(v, "sinit_max_instreams", kU16).value_or(0));
    o.max_attempts = static_cast<uint16_t>(
        Member(v, "sinit_max_attempts", kU16).value_or(0));
    o.max_init_timeo_ms = static_cast<uint16_t>(
        Member(v, "sinit_max_init_timeo", kU16).value_or(0));
    call_out_.option = o;
  } else if (name == "SCTP_PEER_ADDR_PARAMS") {
    PeerAddrParams o;
    Members(v,
            {"spp_hbinterval", "spp_pathmaxrxt", "spp_pathmtu", "spp_flags",
             "spp_ipv6_flowlabel", "spp_dscp"},
            {"spp_assoc_id", "spp_address"});
    o.hb_interval_ms =
        static_cast<uint32_t>(Member(v, "spp_hbinterval", kU32).value_or(0));
    o.path_max_rxt =
        static_cast<uint16_t>(Member(v, "spp_pathmaxrxt", kU16).value_or(0));
    o.path_mtu =
        static_cast<uint32_t>(Member(v, "spp_pathmtu", kU32).value_or(0));
    if (Member(v, "spp_ipv6_flowlabel", kU32).value_or(0) != 0 ||
        Member(v, "spp_dscp", 0xff).value_or(0) != 0) {
      return Fail("flow label and DSCP are not modelled");
    }
    if (const Field* flags = v.Find("spp_flags")) {
      for (const std::string& flag : OrSymbols(flags->value)) {
        if (flag == "SPP_HB_ENABLE") {
          o.heartbeat_enable = true;
        } else if (flag == "SPP_HB_DISABLE") {
          o.heartbeat_disable = true;
        } else if (flag == "SPP_PMTUD_ENABLE") {
          o.pmtud_enable = true;
        } else if (flag == "SPP_PMTUD_DISABLE") {
          o.pmtud_disable = true;
        } else if (flag != "0") {
          return Fail("spp_flags " + flag + " is not modelled");
        }
      }
    }
    call_out_.option = o;
  } else if (name == "SCTP_DELAYED_SACK") {
    DelayedSack o;
    Members(v, {"sack_delay", "sack_freq"}, {"sack_assoc_id"});
    o.delay_ms =
        static_cast<uint32_t>(Member(v, "sack_delay", kU32).value_or(0));
    o.frequency =
        static_cast<uint32_t>(Member(v, "sack_freq", kU32).value_or(0));
    call_out_.option = o;
  } else if (name == "SCTP_MAXSEG" || name == "SCTP_INTERLEAVING_SUPPORTED") {
    // struct sctp_assoc_value {assoc_id, assoc_value}, or an int [n].
    uint32_t value = 0;
    if (v.kind == Value::Kind::kList && v.fields.size() == 1) {
      value = static_cast<uint32_t>(
          Number(v.fields[0].value, kU32, name).value_or(0));
    } else {
      Members(v, {"assoc_value"}, {"assoc_id"});
      value = static_cast<uint32_t>(Member(v, "assoc_value", kU32).value_or(0));
    }
    if (name == "SCTP_MAXSEG") {
      call_out_.option = MaxSegment{value};
    } else {
      call_out_.option = InterleavingSupported{value != 0};
    }
  } else if (name == "SCTP_NODELAY" || name == "SCTP_FRAGMENT_INTERLEAVE") {
    // An int: [n].
    if (v.kind != Value::Kind::kList || v.fields.size() != 1) {
      return Fail(name + " takes [n]");
    }
    auto n = static_cast<uint32_t>(
        Number(v.fields[0].value, kU32, name).value_or(0));
    if (name == "SCTP_NODELAY") {
      call_out_.option = NoDelay{n != 0};
    } else {
      call_out_.option = FragmentInterleave{n};
    }
  } else {
    return Fail("option " + name + " is not modelled");
  }
  return error_.empty();
}

bool Translator::SetSockOpt() {
  // setsockopt(fd, level, name, value, length)
  if (!Args(5) || !Fd()) {
    return false;
  }
  const std::string& level = Arg(1).text;
  const std::string& name = Arg(2).text;
  const Value& v = Arg(3);
  if (level == "SOL_SOCKET" && name == "SO_LINGER") {
    call_out_.kind = CallKind::kSetLinger;
    Members(v, {"l_onoff", "l_linger"}, {});
    if (Member(v, "l_onoff", 1).value_or(0) != 0) {
      call_out_.linger_seconds =
          static_cast<int>(Member(v, "l_linger", 0x7fffffff).value_or(0));
    }
    return error_.empty();
  }
  call_out_.kind = CallKind::kSetOption;
  if (level == "SOL_SOCKET" && (name == "SO_SNDBUF" || name == "SO_RCVBUF")) {
    if (v.kind != Value::Kind::kList || v.fields.size() != 1) {
      return Fail(name + " takes [n]");
    }
    call_out_.option =
        BufferSize{name == "SO_SNDBUF",
                   static_cast<uint32_t>(
                       Number(v.fields[0].value, kU32, name).value_or(0))};
    return error_.empty();
  }
  if (level != "IPPROTO_SCTP") {
    return Fail("option " + level + " " + name + " is not modelled");
  }
  return SetSctpOption(name, v);
}

bool Translator::GetSockOpt() {
  // getsockopt(fd, level, name, value, [length])
  if (!Args(5) || !Fd()) {
    return false;
  }
  const std::string& name = Arg(2).text;
  const Value& v = Arg(3);
  if (Arg(1).is_symbol("SOL_SOCKET") && name == "SO_ERROR") {
    call_out_.kind = CallKind::kGetSocketError;
    if (v.kind != Value::Kind::kList || v.fields.size() != 1) {
      return Fail("SO_ERROR takes [errno]");
    }
    const Value& e = v.fields[0].value;
    if (e.is_number() && e.number == 0) {
      call_out_.socket_error = 0;
    } else if (std::optional<int> code = ErrnoFromName(e.text);
               code && e.kind == Value::Kind::kSymbol) {
      call_out_.socket_error = *code;
    } else {
      return Fail("SO_ERROR value " + e.ToString() + " is not an errno");
    }
    return true;
  }
  if (Arg(1).is_symbol("IPPROTO_SCTP") && name == "SCTP_STATUS") {
    call_out_.kind = CallKind::kGetStatus;
    if (!Members(
            v,
            {"sstat_state", "sstat_rwnd", "sstat_unackdata", "sstat_penddata",
             "sstat_instrms", "sstat_outstrms", "sstat_fragmentation_point",
             "sstat_primary", "sstat_assoc_id"},
            {})) {
      return false;
    }
    StatusExpectation& s = call_out_.status;
    for (const Field& f : v.fields) {
      const Value& m = f.value;
      if (m.is_ellipsis() || f.name == "sstat_assoc_id") {
        continue;
      }
      if (f.name == "sstat_primary") {
        return Fail("sstat_primary (a peer address) is not modelled");
      }
      if (f.name == "sstat_state") {
        static constexpr std::pair<std::string_view, AssociationState>
            kStates[] = {
                {"SCTP_CLOSED", AssociationState::kClosed},
                {"SCTP_COOKIE_WAIT", AssociationState::kCookieWait},
                {"SCTP_COOKIE_ECHOED", AssociationState::kCookieEchoed},
                {"SCTP_ESTABLISHED", AssociationState::kEstablished},
                {"SCTP_SHUTDOWN_PENDING", AssociationState::kShutdownPending},
                {"SCTP_SHUTDOWN_SENT", AssociationState::kShutdownSent},
                {"SCTP_SHUTDOWN_RECEIVED", AssociationState::kShutdownReceived},
                {"SCTP_SHUTDOWN_ACK_SENT", AssociationState::kShutdownAckSent},
            };
        for (const auto& [state_name, state] : kStates) {
          if (m.is_symbol(state_name)) {
            s.state = state;
          }
        }
        if (!s.state) {
          return Fail("unknown sstat_state " + m.ToString());
        }
        continue;
      }
      std::optional<uint64_t> n = Number(m, kU32, f.name);
      if (!n) {
        return false;
      }
      if (f.name == "sstat_rwnd") {
        s.rwnd = static_cast<uint32_t>(*n);
      } else if (f.name == "sstat_unackdata") {
        s.unacked_data = static_cast<uint16_t>(*n);
      } else if (f.name == "sstat_penddata") {
        s.pending_data = static_cast<uint16_t>(*n);
      } else if (f.name == "sstat_instrms") {
        s.in_streams = static_cast<uint16_t>(*n);
      } else if (f.name == "sstat_outstrms") {
        s.out_streams = static_cast<uint16_t>(*n);
      } else {
        s.fragmentation_point = static_cast<uint32_t>(*n);
      }
    }
    return true;
  }
  return Fail("getsockopt of " + Arg(1).text + " " + name + " is not modelled");
}

bool Translator::Fcntl() {
  if (call_.args.size() < 2 || !Fd()) {
    return Fail("expected fcntl(fd, cmd[, arg])");
  }
  if (Arg(1).is_symbol("F_GETFL") && call_.args.size() == 2) {
    call_out_.kind = CallKind::kGetFlags;
    return true;
  }
  if (Arg(1).is_symbol("F_SETFL") && call_.args.size() == 3) {
    call_out_.kind = CallKind::kSetFlags;
    for (const std::string& flag : OrSymbols(Arg(2))) {
      if (flag == "O_NONBLOCK") {
        call_out_.nonblocking = true;
      } else if (flag != "O_RDWR" && flag != "0") {
        return Fail("flag " + flag + " is not modelled");
      }
    }
    return true;
  }
  return Fail("only F_GETFL and F_SETFL are modelled");
}

Result<SocketCall, std::string> Translator::Run() {
  const std::string& name = call_.name;
  call_out_.name = name;
  bool ok = Expected();
  if (ok && name == "socket") {
    call_out_.kind = CallKind::kSocket;
    ok = Socket();
  } else if (ok && (name == "bind" || name == "connect" || name == "accept")) {
    call_out_.kind = name == "bind"      ? CallKind::kBind
                     : name == "connect" ? CallKind::kConnect
                                         : CallKind::kAccept;
    ok = Args(3) && Fd();
  } else if (ok && name == "listen") {
    call_out_.kind = CallKind::kListen;
    ok = Args(2) && Fd();
  } else if (ok && name == "close") {
    call_out_.kind = CallKind::kClose;
    ok = Args(1) && Fd();
  } else if (ok && name == "shutdown") {
    call_out_.kind = CallKind::kShutdownWrite;
    ok = Args(2) && Fd() &&
         (Arg(1).is_symbol("SHUT_WR") ||
          Fail("only SHUT_WR is modelled, not " + Arg(1).ToString()));
  } else if (ok && (name == "write" || name == "send")) {
    call_out_.kind = CallKind::kSend;
    ok = Args(name == "write" ? 3 : 4) && Fd() && Send(false);
  } else if (ok && name == "sctp_sendmsg") {
    call_out_.kind = CallKind::kSend;
    ok = Args(10) && Fd() && Send(true);
  } else if (ok && (name == "read" || name == "recv")) {
    call_out_.kind = CallKind::kReceive;
    ok = Args(name == "read" ? 3 : 4) && Fd();
    if (ok && name == "recv" && !(Arg(3).is_number() && Arg(3).number == 0)) {
      ok = Fail("flags other than 0 are not modelled");
    }
    if (ok) {
      std::optional<uint64_t> n = Number(Arg(2), kU32, "length");
      call_out_.max_length = static_cast<size_t>(n.value_or(0));
      ok = n.has_value();
    }
  } else if (ok && name == "setsockopt") {
    ok = SetSockOpt();
  } else if (ok && name == "getsockopt") {
    ok = GetSockOpt();
  } else if (ok && name == "fcntl") {
    ok = Fcntl();
  } else if (ok && (name == "sctp_connectx" || name == "sctp_bindx")) {
    ok = Fail("multi-homing is not modelled");
  } else if (ok) {
    ok = Fail("this system call is not modelled");
  }
  if (!ok || !error_.empty()) {
    return MakeUnexpected(error_.empty() ? name + "(): not modelled" : error_);
  }
  return std::move(call_out_);
}

}  // namespace

Result<SocketCall, std::string> TranslateSyscall(const SyscallEvent& call) {
  return Translator(call).Run();
}

std::optional<int> ErrnoFromName(std::string_view name) {
  for (const ErrnoEntry& e : kErrnos) {
    if (e.name == name) {
      return e.value;
    }
  }
  return std::nullopt;
}

std::string ErrnoName(int error) {
  for (const ErrnoEntry& e : kErrnos) {
    if (e.value == error) {
      return std::string(e.name);
    }
  }
  return "errno " + std::to_string(error);
}

}  // namespace dpsctp::packetdrill
