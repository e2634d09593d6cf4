// usrsctp_client: an SCTP client on usrsctp in raw-IP mode, the kernel-side
// peer of test/dpdk/netns_test.sh (the kernel here has no SCTP module).
//
//   usrsctp_client --local 10.99.0.2 --remote 10.99.0.1 --port 5000
//                  [--streams 10] [--messages 150] [--timeout 20] [--plain]
//                  [--no-echo]
//
// Connects (one-to-one socket), sends `messages` messages of 1 B to 64 KiB
// round robin over `streams` streams (PPID 1000 + stream) while a second
// thread reads the echoes and checks each one against what was sent on its
// stream (bytes, order, PPID), then shuts down gracefully and waits for
// SHUTDOWN COMPLETE. With --no-echo nothing is read back (a discarding
// server): the messages are sent, then the shutdown waits until the server
// has acknowledged them all. --plain turns off the extensions usrsctp announces
// by default (ECN, PR-SCTP, AUTH, ASCONF, RE-CONFIG, NR-SACK, PKTDROP).
//
// Prints "ok usrsctp ..." / "FAIL usrsctp ..." lines; exit 0 when all pass,
// 1 on a failure, 2 on bad arguments. A watchdog fails the run after
// --timeout seconds.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <usrsctp.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::string local = "10.99.0.2";
  std::string remote = "10.99.0.1";
  uint16_t port = 5000;
  uint16_t streams = 10;
  uint32_t messages = 150;
  int timeout = 20;
  bool plain = false;
  bool echo = true;
};

constexpr size_t kSizes[] = {1,    2,    3,    100,   536,   1000,  1452, 1453,
                             2000, 4096, 9000, 16384, 32768, 65535, 65536};
constexpr uint32_t kPpidBase = 1000;

std::vector<uint8_t> Message(uint32_t index) {
  std::vector<uint8_t> m(kSizes[index % std::size(kSizes)]);
  for (size_t j = 0; j < m.size(); ++j) {
    m[j] = static_cast<uint8_t>(index * 131 + j * 7 + (j >> 8));
  }
  return m;
}

std::atomic<uint32_t> g_sent{0};
std::atomic<uint32_t> g_echoed{0};
std::atomic<int> g_phase{0};  // 0 connect, 1 data, 2 shutdown, 3 done
const char* const kPhaseNames[] = {"connect", "echo", "shutdown", "done"};

void Watchdog(int seconds) {
  const auto end =
      std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (g_phase.load() == 3) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::printf("FAIL usrsctp %s: timed out after %d s (%u sent, %u echoed)\n",
              kPhaseNames[g_phase.load()], seconds, g_sent.load(),
              g_echoed.load());
  std::fflush(stdout);
  _exit(1);
}

bool ParseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--plain") {
      o.plain = true;
      continue;
    }
    if (flag == "--no-echo") {
      o.echo = false;
      continue;
    }
    if (i + 1 >= argc) return false;
    const std::string v = argv[++i];
    char* end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    const bool number = end != v.c_str() && *end == '\0' && n > 0;
    if (flag == "--local") {
      o.local = v;
    } else if (flag == "--remote") {
      o.remote = v;
    } else if (flag == "--port" && number && n < 65536) {
      o.port = static_cast<uint16_t>(n);
    } else if (flag == "--streams" && number && n < 65536) {
      o.streams = static_cast<uint16_t>(n);
    } else if (flag == "--messages" && number && n < 10000000) {
      o.messages = static_cast<uint32_t>(n);
    } else if (flag == "--timeout" && number && n < 3600) {
      o.timeout = static_cast<int>(n);
    } else {
      return false;
    }
  }
  return true;
}

// What was sent on each stream and not echoed yet, in order.
struct Expected {
  std::mutex mu;
  std::vector<std::deque<uint32_t>> per_stream;
};

template <typename T>
bool SetOpt(struct socket* s, int level, int name, const T& value,
            const char* what) {
  if (usrsctp_setsockopt(s, level, name, &value, sizeof value) < 0) {
    std::printf("FAIL usrsctp setsockopt %s: %s\n", what, std::strerror(errno));
    return false;
  }
  return true;
}

// Reads `count` echoes and checks them. Returns the failure text, empty
// when all were right.
std::string ReadEchoes(struct socket* s, uint32_t count, Expected& expected) {
  std::vector<uint8_t> buffer(256 * 1024);
  std::vector<uint8_t> message;
  bool in_message = false;
  sctp_rcvinfo first_info{};
  while (g_echoed.load() < count) {
    sctp_rcvinfo info{};
    socklen_t info_len = sizeof info;
    unsigned info_type = 0;
    int flags = 0;
    sockaddr_in from{};
    socklen_t from_len = sizeof from;
    const ssize_t n = usrsctp_recvv(
        s, buffer.data(), buffer.size(), reinterpret_cast<sockaddr*>(&from),
        &from_len, &info, &info_len, &info_type, &flags);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return std::string("recv: ") + std::strerror(errno);
    }
    if (n == 0) return "the association ended before all echoes came back";
    if (flags & MSG_NOTIFICATION) {
      const auto* note =
          reinterpret_cast<const sctp_notification*>(buffer.data());
      if (note->sn_header.sn_type == SCTP_ASSOC_CHANGE &&
          note->sn_assoc_change.sac_state != SCTP_COMM_UP) {
        return "association changed to state " +
               std::to_string(note->sn_assoc_change.sac_state) +
               " during the echo";
      }
      continue;
    }
    if (!in_message) {
      message.clear();
      first_info = info;
      in_message = true;
    }
    message.insert(message.end(), buffer.begin(), buffer.begin() + n);
    if (!(flags & MSG_EOR)) continue;  // partial delivery: more follows
    in_message = false;
    const uint16_t stream = first_info.rcv_sid;
    uint32_t index = 0;
    {
      std::lock_guard<std::mutex> lock(expected.mu);
      if (stream >= expected.per_stream.size() ||
          expected.per_stream[stream].empty()) {
        return "an echo on stream " + std::to_string(stream) +
               " that nothing was sent on (or one too many)";
      }
      index = expected.per_stream[stream].front();
      expected.per_stream[stream].pop_front();
    }
    const std::vector<uint8_t> want = Message(index);
    const uint32_t ppid = ntohl(first_info.rcv_ppid);
    if (message != want) {
      return "echo of message " + std::to_string(index) + " on stream " +
             std::to_string(stream) + ": " + std::to_string(message.size()) +
             " bytes, expected " + std::to_string(want.size()) +
             (message.size() == want.size() ? " (contents differ)" : "");
    }
    if (ppid != kPpidBase + stream) {
      return "echo of message " + std::to_string(index) + " has PPID " +
             std::to_string(ppid) + ", expected " +
             std::to_string(kPpidBase + stream);
    }
    if (first_info.rcv_flags & SCTP_UNORDERED) {
      return "echo of message " + std::to_string(index) + " came unordered";
    }
    g_echoed.fetch_add(1);
  }
  return {};
}

int Run(const Options& o) {
  sockaddr_in local{};
  local.sin_family = AF_INET;
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(o.port);
  if (inet_pton(AF_INET, o.local.c_str(), &local.sin_addr) != 1 ||
      inet_pton(AF_INET, o.remote.c_str(), &remote.sin_addr) != 1) {
    std::fprintf(stderr, "usrsctp_client: bad IPv4 address\n");
    return 2;
  }
  std::thread(Watchdog, o.timeout).detach();

  // Raw IP (no UDP encapsulation port), usrsctp's own threads.
  usrsctp_init(0, nullptr, nullptr);
  if (o.plain) {
    usrsctp_sysctl_set_sctp_ecn_enable(0);
    usrsctp_sysctl_set_sctp_pr_enable(0);
    usrsctp_sysctl_set_sctp_auth_enable(0);
    usrsctp_sysctl_set_sctp_asconf_enable(0);
    usrsctp_sysctl_set_sctp_reconfig_enable(0);
    usrsctp_sysctl_set_sctp_nrsack_enable(0);
    usrsctp_sysctl_set_sctp_pktdrop_enable(0);
  }
  struct socket* s = usrsctp_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP, nullptr,
                                    nullptr, 0, nullptr);
  if (s == nullptr) {
    std::printf("FAIL usrsctp socket: %s\n", std::strerror(errno));
    return 1;
  }
  sctp_initmsg init{};
  init.sinit_num_ostreams = o.streams;
  init.sinit_max_instreams = o.streams;
  const int on = 1;
  const int buffer_bytes = 1 << 20;
  sctp_event event{};
  event.se_assoc_id = SCTP_FUTURE_ASSOC;
  event.se_type = SCTP_ASSOC_CHANGE;
  event.se_on = 1;
  if (!SetOpt(s, IPPROTO_SCTP, SCTP_INITMSG, init, "SCTP_INITMSG") ||
      !SetOpt(s, IPPROTO_SCTP, SCTP_RECVRCVINFO, on, "SCTP_RECVRCVINFO") ||
      !SetOpt(s, IPPROTO_SCTP, SCTP_NODELAY, on, "SCTP_NODELAY") ||
      !SetOpt(s, IPPROTO_SCTP, SCTP_EVENT, event, "SCTP_EVENT") ||
      !SetOpt(s, SOL_SOCKET, SO_SNDBUF, buffer_bytes, "SO_SNDBUF") ||
      !SetOpt(s, SOL_SOCKET, SO_RCVBUF, buffer_bytes, "SO_RCVBUF")) {
    return 1;
  }
  // One local address: the INIT then lists no other (no loopback).
  if (usrsctp_bind(s, reinterpret_cast<sockaddr*>(&local), sizeof local) < 0) {
    std::printf("FAIL usrsctp bind %s: %s\n", o.local.c_str(),
                std::strerror(errno));
    return 1;
  }
  if (usrsctp_connect(s, reinterpret_cast<sockaddr*>(&remote), sizeof remote) <
      0) {
    std::printf("FAIL usrsctp connect %s:%u: %s\n", o.remote.c_str(), o.port,
                std::strerror(errno));
    return 1;
  }
  sctp_status status{};
  socklen_t status_len = sizeof status;
  uint16_t out_streams = o.streams;
  if (usrsctp_getsockopt(s, IPPROTO_SCTP, SCTP_STATUS, &status, &status_len) ==
      0) {
    out_streams = status.sstat_outstrms;
  }
  std::printf("ok usrsctp connect %s:%u (streams out %u in %u)\n",
              o.remote.c_str(), o.port, status.sstat_outstrms,
              status.sstat_instrms);
  std::fflush(stdout);
  const uint16_t streams = std::min<uint16_t>(o.streams, out_streams);
  if (streams == 0) {
    std::printf("FAIL usrsctp streams: none negotiated\n");
    return 1;
  }

  g_phase = 1;
  Expected expected;
  expected.per_stream.resize(streams);
  std::string reader_error;
  std::thread reader([&] {
    if (o.echo) reader_error = ReadEchoes(s, o.messages, expected);
  });
  uint64_t bytes = 0;
  std::string send_error;
  for (uint32_t i = 0; i < o.messages; ++i) {
    const std::vector<uint8_t> m = Message(i);
    sctp_sndinfo info{};
    info.snd_sid = static_cast<uint16_t>(i % streams);
    info.snd_ppid = htonl(kPpidBase + info.snd_sid);
    {
      std::lock_guard<std::mutex> lock(expected.mu);
      expected.per_stream[info.snd_sid].push_back(i);
    }
    const ssize_t n = usrsctp_sendv(s, m.data(), m.size(), nullptr, 0, &info,
                                    sizeof info, SCTP_SENDV_SNDINFO, 0);
    if (n != static_cast<ssize_t>(m.size())) {
      send_error = "send of message " + std::to_string(i) + " (" +
                   std::to_string(m.size()) +
                   " bytes): " + (n < 0 ? std::strerror(errno) : "short");
      break;
    }
    bytes += m.size();
    g_sent.fetch_add(1);
  }
  if (!send_error.empty()) {
    std::printf("FAIL usrsctp send: %s\n", send_error.c_str());
    std::fflush(stdout);
    usrsctp_close(s);
    _exit(1);  // the reader may wait forever
  }
  reader.join();
  if (!reader_error.empty()) {
    std::printf("FAIL usrsctp echo: %s (%u of %u echoed)\n",
                reader_error.c_str(), g_echoed.load(), o.messages);
    usrsctp_close(s);
    return 1;
  }
  if (o.echo) {
    std::printf(
        "ok usrsctp echo: %u messages, %llu bytes, 1 B to 64 KiB on "
        "%u streams, bytes, order and PPID checked\n",
        o.messages, static_cast<unsigned long long>(bytes), streams);
  } else {
    std::printf(
        "ok usrsctp send: %u messages, %llu bytes, 1 B to 64 KiB on %u "
        "streams\n",
        o.messages, static_cast<unsigned long long>(bytes), streams);
  }
  std::fflush(stdout);

  // §9.2: SHUTDOWN once everything is acknowledged; the association ends
  // with SHUTDOWN COMPLETE (SCTP_SHUTDOWN_COMP).
  g_phase = 2;
  if (usrsctp_shutdown(s, SHUT_WR) < 0) {
    std::printf("FAIL usrsctp shutdown: %s\n", std::strerror(errno));
    return 1;
  }
  bool completed = false;
  std::vector<uint8_t> buffer(64 * 1024);
  for (;;) {
    int flags = 0;
    socklen_t info_len = 0;
    unsigned info_type = 0;
    const ssize_t n =
        usrsctp_recvv(s, buffer.data(), buffer.size(), nullptr, nullptr,
                      nullptr, &info_len, &info_type, &flags);
    if (n <= 0) break;
    if (flags & MSG_NOTIFICATION) {
      const auto* note =
          reinterpret_cast<const sctp_notification*>(buffer.data());
      // COMM_UP is still queued when nothing was read before (--no-echo).
      if (note->sn_header.sn_type == SCTP_ASSOC_CHANGE &&
          note->sn_assoc_change.sac_state != SCTP_COMM_UP) {
        completed = note->sn_assoc_change.sac_state == SCTP_SHUTDOWN_COMP;
        if (!completed) {
          std::printf("FAIL usrsctp shutdown: association state %u\n",
                      note->sn_assoc_change.sac_state);
          return 1;
        }
        break;
      }
    }
  }
  usrsctp_close(s);
  if (!completed) {
    std::printf("FAIL usrsctp shutdown: no SHUTDOWN COMPLETE notification\n");
    return 1;
  }
  std::printf("ok usrsctp shutdown: SHUTDOWN COMPLETE\n");
  g_phase = 3;
  for (int i = 0; i < 100 && usrsctp_finish() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: %s [--local IP] [--remote IP] [--port N] "
                 "[--streams N] [--messages N] [--timeout S] [--plain] "
                 "[--no-echo]\n",
                 argv[0]);
    return 2;
  }
  const int rc = Run(o);
  std::fflush(stdout);
  return rc;
}
