#include "app/dpsctp-perf/options.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "config/set_option.h"
#include "config/units.h"

namespace dpsctp::perf {
namespace {

ParseOutcome Error(std::string message) {
  return ParseOutcome{ParseOutcome::Kind::kError, std::move(message)};
}

std::string Bad(std::string_view option, std::string_view value,
                std::string_view why) {
  return std::string(option) + ": bad value '" + std::string(value) + "' (" +
         std::string(why) + ")";
}

// "N" or "N.M" seconds, or a duration with a unit ("500ms").
std::optional<double> ParseSeconds(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() && *end == '\0') {
    if (!std::isfinite(v)) return std::nullopt;
    return v;
  }
  if (auto d = config::ParseDuration(text)) {
    return static_cast<double>(d->nanos()) / 1e9;
  }
  return std::nullopt;
}

// "10.0.0.2:5000" or "[2001:db8::1]:5000".
bool ParseRemote(const std::string& text, IpAddress& address, uint16_t& port) {
  std::string host;
  std::string port_text;
  if (!text.empty() && text[0] == '[') {
    const size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() ||
        text[close + 1] != ':') {
      return false;
    }
    host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos) return false;
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string::npos) return false;  // v6 needs []
  }
  auto a = config::ParseIpAddress(host);
  auto p = config::ParseUint(port_text);
  if (!a || !p || *p == 0 || *p > 65535) return false;
  address = *a;
  port = static_cast<uint16_t>(*p);
  return true;
}

bool IsCommonOption(std::string_view o) {
  static constexpr std::string_view kCommon[] = {
      "--mode",   "--size",     "--streams", "--unordered", "--assocs",
      "--lcores", "--duration", "--count",   "--set",       "--json",
      "--idle",   "--progress", "--eal"};
  for (std::string_view c : kCommon) {
    if (o == c) return true;
  }
  return false;
}

}  // namespace

const char* CommandName(Command c) {
  switch (c) {
    case Command::kLoopback: return "loopback";
    case Command::kServer: return "server";
    case Command::kClient: return "client";
  }
  return "?";
}

const char* ModeName(Mode m) {
  switch (m) {
    case Mode::kThroughput: return "throughput";
    case Mode::kLatency: return "latency";
    case Mode::kSetup: return "setup";
  }
  return "?";
}

const char* ServerKindName(ServerKind k) {
  return k == ServerKind::kEcho ? "echo" : "discard";
}

const char* IdleName(Idle i) {
  switch (i) {
    case Idle::kSpin: return "spin";
    case Idle::kPause: return "pause";
    case Idle::kSleep: return "sleep";
  }
  return "?";
}

std::string UsageText() {
  return
      "usage:\n"
      "  dpsctp-perf loopback [COMMON]\n"
      "  dpsctp-perf server --eal \"EAL-ARGS\" --address IP/PREFIX --listen PORT\n"
      "                     [--app discard|echo] [--lcores N] [--duration SECONDS]\n"
      "                     [--set KEY=VALUE ...] [--json]\n"
      "  dpsctp-perf client --eal \"EAL-ARGS\" --address IP/PREFIX --remote IP:PORT\n"
      "                     [COMMON]\n"
      "  dpsctp-perf --help | --version\n"
      "\n"
      "loopback: two endpoints in this process joined by in-memory ring ports\n"
      "(no NIC). server/client: one endpoint on the first ethdev port of the EAL\n"
      "(e.g. --eal \"-l 0 --no-huge --vdev=net_af_packet0,iface=veth0\").\n"
      "\n"
      "COMMON:\n"
      "  --mode throughput|latency|setup\n"
      "        throughput (default): send as fast as the send buffer allows;\n"
      "          loopback counts what the server application received, client\n"
      "          what the peer accepted into its window (Send) during the run.\n"
      "        latency: one request outstanding per association, the server\n"
      "          echoes it; round-trip times min/p50/p90/p99/p99.9/max in us.\n"
      "        setup: open an association, shut it down at COMMUNICATION UP,\n"
      "          open the next at SHUTDOWN COMPLETE; setups per second.\n"
      "  --size BYTES         message size, 1 to 16 MiB (units: KiB, MiB); 1024\n"
      "  --streams N          streams used round robin, 1 to 65535; 1\n"
      "  --unordered          send unordered messages (U bit)\n"
      "  --assocs N           associations (setup: in flight); 1\n"
      "  --lcores N           shards per endpoint, shard i on EAL lcore i; 1\n"
      "                       (loopback default EAL: -l 0-(N-1), no hugepages)\n"
      "  --duration SECONDS   length of the measured run (or 500ms, 2s); 5\n"
      "  --count N            stop after N messages (round trips, setups)\n"
      "                       instead; not with --duration\n"
      "  --set KEY=VALUE      any endpoint key of dpsctpd's YAML, e.g.\n"
      "                       --set receive_buffer=4MiB --set sack_delay=1ms\n"
      "                       (receive_buffer defaults to 1MiB here; the send\n"
      "                       buffer follows it)\n"
      "  --json               one JSON line on stdout: {\"type\":\"result\",...}\n"
      "  --eal \"EAL-ARGS\"     DPDK EAL arguments (loopback: replaces the default)\n"
      "  --idle pause|spin|sleep\n"
      "                       what a worker does when idle; pause (default)\n"
      "                       keeps latency low, sleep spares the CPU\n"
      "  --progress           a progress line every second on stderr even when\n"
      "                       it is not a terminal\n"
      "\n"
      "server/client:\n"
      "  --address IP/PREFIX  our address on the port (repeatable); the port\n"
      "                       answers ARP/ND for it\n"
      "  --listen PORT        server: SCTP port to listen on\n"
      "  --app discard|echo   server: drop (default) or echo what arrives\n"
      "  --remote IP:PORT     client: the server ([IPv6]:PORT)\n"
      "\n"
      "Exit status: 0 done; 1 runtime failure (EAL or port setup, no association\n"
      "came up, an association lost, nothing measured); 2 bad usage.\n";
}

ParseOutcome ParseCommandLine(int argc, const char* const* argv,
                              PerfOptions& out) {
  out = PerfOptions{};
  out.keys.receive_buffer = kDefaultReceiveBuffer;
  if (argc < 2) return Error("missing command: loopback, server or client");
  const std::string_view command = argv[1];
  if (command == "--help" || command == "-h") {
    return ParseOutcome{ParseOutcome::Kind::kHelp, {}};
  }
  if (command == "--version") {
    return ParseOutcome{ParseOutcome::Kind::kVersion, {}};
  }
  if (command == "loopback") {
    out.command = Command::kLoopback;
  } else if (command == "server") {
    out.command = Command::kServer;
  } else if (command == "client") {
    out.command = Command::kClient;
  } else {
    return Error("unknown command '" + std::string(command) +
                 "' (loopback, server or client)");
  }
  bool count_given = false;
  bool streams_given = false;
  for (int i = 2; i < argc; ++i) {
    const std::string option = argv[i];
    if (option == "--help" || option == "-h") {
      return ParseOutcome{ParseOutcome::Kind::kHelp, {}};
    }
    if (option == "--version") {
      return ParseOutcome{ParseOutcome::Kind::kVersion, {}};
    }
    const bool is_server = out.command == Command::kServer;
    const bool remote_only = option == "--address" || option == "--remote" ||
                             option == "--listen" || option == "--app";
    if (!IsCommonOption(option) && !remote_only) {
      return Error(option.rfind("-", 0) == 0
                       ? "unknown option " + option
                       : "unexpected argument '" + option + "'");
    }
    // Which command takes which option.
    if (out.command == Command::kLoopback && remote_only) {
      return Error(option + ": not an option of loopback");
    }
    if (is_server &&
        (option == "--mode" || option == "--size" || option == "--streams" ||
         option == "--unordered" || option == "--assocs" ||
         option == "--count" || option == "--remote")) {
      return Error(option + ": not an option of server");
    }
    if (out.command == Command::kClient &&
        (option == "--listen" || option == "--app")) {
      return Error(option + ": not an option of client");
    }
    if (option == "--unordered") {
      out.unordered = true;
      continue;
    }
    if (option == "--json") {
      out.json = true;
      continue;
    }
    if (option == "--progress") {
      out.progress = true;
      continue;
    }
    if (i + 1 >= argc) return Error(option + ": needs a value");
    const std::string value = argv[++i];
    if (option == "--mode") {
      if (value == "throughput") {
        out.mode = Mode::kThroughput;
      } else if (value == "latency") {
        out.mode = Mode::kLatency;
      } else if (value == "setup") {
        out.mode = Mode::kSetup;
      } else {
        return Error(Bad(option, value, "throughput, latency or setup"));
      }
    } else if (option == "--size") {
      auto v = config::ParseSize(value);
      if (!v || *v == 0 || *v > kMaxSize) {
        return Error(Bad(option, value, "1 to 16MiB"));
      }
      out.size = static_cast<uint32_t>(*v);
    } else if (option == "--streams") {
      auto v = config::ParseUint(value);
      if (!v || *v == 0 || *v > 65535) {
        return Error(Bad(option, value, "1 to 65535"));
      }
      out.streams = static_cast<uint16_t>(*v);
      streams_given = true;
    } else if (option == "--assocs") {
      auto v = config::ParseUint(value);
      if (!v || *v == 0 || *v > 1'000'000) {
        return Error(Bad(option, value, "1 to max_associations"));
      }
      out.assocs = static_cast<uint32_t>(*v);
    } else if (option == "--lcores") {
      auto v = config::ParseUint(value);
      if (!v || *v == 0 || *v > 64) return Error(Bad(option, value, "1 to 64"));
      out.lcores = static_cast<uint16_t>(*v);
    } else if (option == "--duration") {
      auto v = ParseSeconds(value);
      if (!v || *v <= 0 || *v > 1e7) {
        return Error(Bad(option, value, "seconds, more than 0"));
      }
      out.duration = *v;
      out.duration_given = true;
    } else if (option == "--count") {
      auto v = config::ParseUint(value);
      if (!v || *v == 0) return Error(Bad(option, value, "1 or more"));
      out.count = *v;
      count_given = true;
    } else if (option == "--set") {
      const size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0) {
        return Error(Bad(option, value, "KEY=VALUE"));
      }
      const std::string key = value.substr(0, eq);
      const std::string v = value.substr(eq + 1);
      if (!config::IsEndpointKey(key)) {
        return Error(option + ": unknown key '" + key + "'");
      }
      if (auto why = config::SetEndpointKey(out.keys, key, v)) {
        return Error(option + ": " + key + ": " + *why);
      }
      out.sets.emplace_back(key, v);
    } else if (option == "--eal") {
      out.eal_text = value;
    } else if (option == "--idle") {
      if (value == "pause") {
        out.idle = Idle::kPause;
      } else if (value == "spin") {
        out.idle = Idle::kSpin;
      } else if (value == "sleep") {
        out.idle = Idle::kSleep;
      } else {
        return Error(Bad(option, value, "pause, spin or sleep"));
      }
    } else if (option == "--address") {
      auto p = config::ParseIpPrefix(value);
      if (!p) return Error(Bad(option, value, "IP/PREFIX"));
      out.addresses.push_back(*p);
      out.address_texts.push_back(value);
    } else if (option == "--remote") {
      if (!ParseRemote(value, out.remote, out.remote_port)) {
        return Error(Bad(option, value, "IP:PORT or [IPv6]:PORT"));
      }
      out.remote_text = value;
    } else if (option == "--listen") {
      auto v = config::ParseUint(value);
      if (!v || *v == 0 || *v > 65535) {
        return Error(Bad(option, value, "1 to 65535"));
      }
      out.listen = static_cast<uint16_t>(*v);
    } else if (option == "--app") {
      if (value == "discard") {
        out.app = ServerKind::kDiscard;
      } else if (value == "echo") {
        out.app = ServerKind::kEcho;
      } else {
        return Error(Bad(option, value, "discard or echo"));
      }
    }
  }
  if (count_given && out.duration_given) {
    return Error("--count: not with --duration (give one of them)");
  }
  // Setup mode moves no data: associations get the endpoint's own default
  // window, so that the figure is not the cost of allocating and faulting
  // in 1 MiB buffers per association.
  if (out.mode == Mode::kSetup &&
      std::none_of(out.sets.begin(), out.sets.end(), [](const auto& kv) {
        return kv.first == "receive_buffer";
      })) {
    out.keys.receive_buffer = config::EndpointKeys{}.receive_buffer;
  }
  // The mtu key's default (1480) is IPv4's 1500 less its header; over IPv6
  // the header is 40 bytes (RFC 9260 §7.3 counts the SCTP packet only).
  const bool v6 = out.remote.is_v6() ||
                  std::any_of(out.addresses.begin(), out.addresses.end(),
                              [](const config::IpPrefix& p) {
                                return p.address.is_v6();
                              });
  if (v6 && std::none_of(out.sets.begin(), out.sets.end(), [](const auto& kv) {
        return kv.first == "mtu";
      })) {
    out.keys.mtu = 1460;
  }
  if (auto problem = config::ValidateEndpointKeys(out.keys)) {
    return Error("--set: " + problem->key + ": " + problem->message);
  }
  if (out.assocs > out.keys.max_associations) {
    return Error("--assocs: " + std::to_string(out.assocs) +
                 " is more than max_associations (" +
                 std::to_string(out.keys.max_associations) +
                 "; raise it with --set max_associations=N)");
  }
  if (out.mode != Mode::kSetup && out.size > out.keys.receive_buffer) {
    return Error("--size: " + std::to_string(out.size) +
                 " bytes do not fit receive_buffer (" +
                 std::to_string(out.keys.receive_buffer) +
                 "; raise it with --set receive_buffer=...)");
  }
  // The streams asked for: at least --streams (INIT's OS and MIS, §5.1).
  if (streams_given && out.keys.outbound_streams < out.streams) {
    out.keys.outbound_streams = out.streams;
  }
  if (streams_given && out.keys.inbound_streams < out.streams) {
    out.keys.inbound_streams = out.streams;
  }
  if (out.command != Command::kLoopback) {
    if (out.addresses.empty()) return Error("--address: required");
    if (out.command == Command::kServer && out.listen == 0) {
      return Error("--listen: required");
    }
    if (out.command == Command::kClient && out.remote_port == 0) {
      return Error("--remote: required");
    }
  }
  return ParseOutcome{};
}

}  // namespace dpsctp::perf
