// dpsctp-perf's command line (shared/design/CLI.md, "dpsctp-perf"):
//
//   dpsctp-perf loopback [COMMON]
//   dpsctp-perf server --eal "EAL-ARGS" --address IP/PREFIX --listen PORT
//                      [--app discard|echo]
//   dpsctp-perf client --eal "EAL-ARGS" --address IP/PREFIX --remote IP:PORT
//                      [COMMON]
//
// Parsing only: no DPDK here, so that every refusal is a one-line reason
// naming the option and exit status 2.
#ifndef DPSCTP_APP_DPSCTP_PERF_OPTIONS_H_
#define DPSCTP_APP_DPSCTP_PERF_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/address.h"
#include "config/app_config.h"

namespace dpsctp::perf {

enum class Command : uint8_t { kLoopback, kServer, kClient };
enum class Mode : uint8_t { kThroughput, kLatency, kSetup };
enum class ServerKind : uint8_t { kDiscard, kEcho };
enum class Idle : uint8_t { kSpin, kPause, kSleep };

const char* CommandName(Command c);
const char* ModeName(Mode m);
const char* ServerKindName(ServerKind k);
const char* IdleName(Idle i);

// The largest message: a 16 MiB send buffer is already far past any window.
inline constexpr uint32_t kMaxSize = 16u << 20;
// receive_buffer when no --set names it (throughput and latency): room for
// 64 KiB messages with many in flight (a window of 64 KiB would stall on
// one such message). Setup mode keeps the endpoint default (64 KiB).
inline constexpr uint32_t kDefaultReceiveBuffer = 1u << 20;

struct PerfOptions {
  Command command = Command::kLoopback;
  Mode mode = Mode::kThroughput;
  uint32_t size = 1024;
  uint16_t streams = 1;
  bool unordered = false;
  uint32_t assocs = 1;
  uint16_t lcores = 1;
  double duration = 5;  // seconds; the run's length unless count is set
  bool duration_given = false;
  uint64_t count = 0;   // messages (round trips, setups); 0: use duration
  std::vector<std::pair<std::string, std::string>> sets;  // --set, in order
  config::EndpointKeys keys;  // with the --set values applied
  bool json = false;
  Idle idle = Idle::kPause;
  // Client and server.
  std::string eal_text;  // as given; empty: the default arguments
  std::vector<config::IpPrefix> addresses;
  std::vector<std::string> address_texts;
  IpAddress remote;
  uint16_t remote_port = 0;
  std::string remote_text;
  uint16_t listen = 0;
  ServerKind app = ServerKind::kDiscard;
  // --progress: the live line every second even when stderr is not a
  // terminal.
  bool progress = false;
};

struct ParseOutcome {
  enum class Kind : uint8_t { kRun, kHelp, kVersion, kError };
  Kind kind = Kind::kRun;
  std::string error;  // one line naming the option (kError)
};

// argv[1] is the command. Fills `out` on kRun.
ParseOutcome ParseCommandLine(int argc, const char* const* argv,
                              PerfOptions& out);

// What --help prints.
std::string UsageText();

}  // namespace dpsctp::perf

#endif  // DPSCTP_APP_DPSCTP_PERF_OPTIONS_H_
