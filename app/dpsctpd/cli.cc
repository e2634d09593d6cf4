#include "app/dpsctpd/cli.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "app/common/runtime_options.h"
#include "config/set_option.h"
#include "config/units.h"
#include "config/yaml_loader.h"
#include "config/yaml_writer.h"

namespace dpsctp::dpsctpd {
namespace {

using config::AppConfig;

Result<CommandLine, UsageError> Fail(std::string message) {
  return MakeUnexpected(UsageError{std::move(message)});
}

// Options that take a value, and whether they belong to quick mode only.
struct OptionSpec {
  std::string_view name;
  bool quick_only;
};
constexpr OptionSpec kValueOptions[] = {
    {"--config", false},     {"--set", false},        {"--duration", false},
    {"--eal", true},         {"--address", true},     {"--gateway", true},
    {"--mtu", true},         {"--vlan", true},        {"--port", true},
    {"--listen", true},      {"--connect", true},     {"--local-port", true},
    {"--app", true},         {"--size", true},        {"--streams", true},
    {"--ppid", true},        {"--rate", true},        {"--messages", true},
    {"--after", true},       {"--stats-interval", true},
    {"--pcap", true},        {"--workers", true},     {"--mbufs", true},
};
constexpr std::string_view kFlagOptions[] = {
    "--help", "-h", "--version", "--check", "--print-config", "--json",
    "--unordered", "--telemetry"};
constexpr std::string_view kQuickFlags[] = {"--unordered", "--telemetry"};

const OptionSpec* FindValueOption(std::string_view name) {
  for (const OptionSpec& o : kValueOptions) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

// The device of the first --vdev / -a / --allow in the EAL arguments: the
// quick mode's interface port.
std::optional<std::string> DeviceFromEal(const std::vector<std::string>& eal) {
  for (size_t i = 0; i < eal.size(); ++i) {
    const std::string& a = eal[i];
    for (std::string_view flag : {"--vdev", "-a", "--allow", "-w"}) {
      const std::string f(flag);
      if (a == f && i + 1 < eal.size()) return eal[i + 1];
      if (a.rfind(f + "=", 0) == 0) return a.substr(f.size() + 1);
      // "-a0000:3b:00.0"
      if (f.size() == 2 && a.size() > 2 && a.rfind(f, 0) == 0 && a[2] != '-')
        return a.substr(2);
    }
  }
  return std::nullopt;
}

// "IP[,IP...]:PORT", IPv6 in brackets: "[2001:db8::1],[2001:db8::2]:5000".
bool ParseConnect(const std::string& text, std::vector<IpAddress>& addresses,
                  uint16_t& port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  auto p = config::ParseUint(std::string_view(text).substr(colon + 1));
  if (!p || *p == 0 || *p > 65535) return false;
  port = static_cast<uint16_t>(*p);
  std::string list = text.substr(0, colon);
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string one = list.substr(start, comma - start);
    if (one.size() >= 2 && one.front() == '[' && one.back() == ']')
      one = one.substr(1, one.size() - 2);
    auto a = config::ParseIpAddress(one);
    if (!a) return false;
    addresses.push_back(*a);
    start = comma + 1;
  }
  return !addresses.empty();
}

struct QuickOptions {
  std::optional<std::string> eal;
  std::vector<std::string> addresses;
  std::optional<std::string> gateway, mtu, vlan, port, listen, connect,
      local_port, app, size, streams, ppid, rate, messages, after,
      stats_interval, pcap, workers, mbufs;
  bool unordered = false;
  bool telemetry = false;
  bool any = false;
};

Result<CommandLine, UsageError> BuildQuick(const QuickOptions& q,
                                           CommandLine& cl,
                                           AppConfig& config) {
  auto bad = [](std::string_view option, const std::string& value,
                std::string_view why) {
    return Fail(std::string(option) + ": " + std::string(why) + ", got '" + value + "'");
  };
  AppConfig c;
  c.dpdk.eal = app::SplitWords(
      q.eal.value_or("--no-huge --no-shconf -m 512 --no-pci"));
  if (cl.eal_override) c.dpdk.eal = *cl.eal_override;
  // Two pools' worth of a small process; the YAML default is sized for a
  // gateway.
  c.dpdk.mbufs = 16383;
  if (q.mbufs) {
    auto n = config::ParseUint(*q.mbufs);
    if (!n || *n < 1023 || *n > 0xFFFFFFFFull)
      return bad("--mbufs", *q.mbufs, "expected 1023 or more");
    c.dpdk.mbufs = static_cast<uint32_t>(*n);
  }
  if (q.workers) {
    std::string w = *q.workers;
    size_t start = 0;
    while (start <= w.size()) {
      size_t comma = w.find(',', start);
      if (comma == std::string::npos) comma = w.size();
      auto n = config::ParseUint(std::string_view(w).substr(start, comma - start));
      if (!n || *n > 1023)
        return bad("--workers", w, "expected lcore numbers like 1,2");
      c.dpdk.workers.push_back(static_cast<uint32_t>(*n));
      start = comma + 1;
    }
  }

  config::InterfaceConfig f;
  f.name = "if0";
  if (q.port) {
    f.port = *q.port;
  } else if (auto d = DeviceFromEal(c.dpdk.eal)) {
    f.port = *d;
  } else {
    return Fail(
        "--eal: no device; add one (e.g. --vdev=net_af_packet0,iface=veth0 "
        "or -a 0000:3b:00.0) or give --port");
  }
  if (q.addresses.empty()) return Fail("--address: at least one is needed");
  for (const std::string& a : q.addresses) {
    auto p = config::ParseIpPrefix(a);
    if (!p) return bad("--address", a, "expected IP/PREFIX like 10.0.0.1/24");
    f.addresses.push_back(*p);
  }
  if (q.gateway) {
    auto g = config::ParseIpAddress(*q.gateway);
    if (!g) return bad("--gateway", *q.gateway, "expected an IP address");
    f.gateway = *g;
  }
  if (q.mtu) {
    auto n = config::ParseUint(*q.mtu);
    if (!n || *n < 576 || *n > 9216)
      return bad("--mtu", *q.mtu, "expected 576..9216");
    f.mtu = static_cast<uint16_t>(*n);
  }
  if (q.vlan) {
    auto n = config::ParseUint(*q.vlan);
    if (!n || *n < 1 || *n > 4094)
      return bad("--vlan", *q.vlan, "expected 1..4094");
    f.vlan = static_cast<uint16_t>(*n);
  }
  c.interfaces.push_back(f);

  if (q.listen && q.connect)
    return Fail("--listen and --connect: give one of them");
  if (!q.listen && !q.connect)
    return Fail("--listen or --connect: one of them is needed");
  config::EndpointConfig e;
  e.name = "quick";
  for (const config::IpPrefix& p : f.addresses) e.addresses.push_back(p.address);
  if (q.listen) {
    auto n = config::ParseUint(*q.listen);
    if (!n || *n == 0 || *n > 65535)
      return bad("--listen", *q.listen, "expected a port 1..65535");
    e.port = static_cast<uint16_t>(*n);
    if (q.local_port) return Fail("--local-port: only with --connect");
  } else {
    config::AssociationConfig a;
    a.name = "peer";
    a.endpoint = e.name;
    if (!ParseConnect(*q.connect, a.remote, a.port))
      return bad("--connect", *q.connect,
                 "expected IP[,IP...]:PORT (IPv6 in brackets)");
    if (q.local_port) {
      auto n = config::ParseUint(*q.local_port);
      if (!n || *n == 0 || *n > 65535)
        return bad("--local-port", *q.local_port, "expected a port 1..65535");
      e.port = static_cast<uint16_t>(*n);
    } else {
      // An ephemeral port (RFC 6335 dynamic range).
      e.port = static_cast<uint16_t>(49152 + getpid() % 16384);
    }
    c.associations.push_back(a);
    cl.quick_connect = true;
  }
  if (!q.app) return Fail("--app: needed (echo, discard, source)");
  if (*q.app == "echo") {
    e.app = config::AppKind::kEcho;
  } else if (*q.app == "discard") {
    e.app = config::AppKind::kDiscard;
  } else if (*q.app == "source") {
    e.app = config::AppKind::kSource;
  } else if (*q.app == "forward") {
    return Fail("--app forward: needs routes, give a YAML file (--config)");
  } else {
    return bad("--app", *q.app, "expected echo, discard or source");
  }
  const bool source_option = q.size || q.streams || q.ppid || q.rate ||
                             q.messages || q.after || q.unordered;
  if (source_option && e.app != config::AppKind::kSource)
    return Fail("--size/--streams/--ppid/--rate/--messages/--after/"
                "--unordered: only with --app source");
  config::SourceConfig& s = e.source;
  if (q.size) {
    auto n = config::ParseSize(*q.size);
    if (!n || *n == 0 || *n > (16u << 20))
      return bad("--size", *q.size, "expected 1 to 16MiB");
    s.size = static_cast<uint32_t>(*n);
  }
  if (q.streams) {
    auto n = config::ParseUint(*q.streams);
    if (!n || *n == 0 || *n > 65535)
      return bad("--streams", *q.streams, "expected 1..65535");
    s.streams = static_cast<uint16_t>(*n);
  }
  if (q.ppid) {
    auto n = config::ParseUint(*q.ppid);
    if (!n || *n > 0xFFFFFFFFull)
      return bad("--ppid", *q.ppid, "expected 0..4294967295");
    s.ppid = static_cast<uint32_t>(*n);
  }
  if (q.rate) {
    auto n = config::ParseUint(*q.rate);
    if (!n || *n > 100'000'000)
      return bad("--rate", *q.rate, "expected messages per second (0: no limit)");
    s.rate = *n;
  }
  if (q.messages) {
    auto n = config::ParseUint(*q.messages);
    if (!n) return bad("--messages", *q.messages, "expected a count");
    s.messages = *n;
  }
  if (q.after) {
    if (*q.after == "shutdown") {
      s.after = config::SourceAfter::kShutdown;
    } else if (*q.after == "abort") {
      s.after = config::SourceAfter::kAbort;
    } else if (*q.after == "stay") {
      s.after = config::SourceAfter::kStay;
    } else {
      return bad("--after", *q.after, "expected shutdown, abort or stay");
    }
  }
  s.unordered = q.unordered;
  // The streams the source uses must exist.
  if (e.app == config::AppKind::kSource && s.streams > e.keys.outbound_streams) {
    e.keys.outbound_streams = s.streams;
    c.defaults.outbound_streams = s.streams;
    for (config::AssociationConfig& a : c.associations)
      a.outbound_streams = s.streams;
  }
  c.endpoints.push_back(e);
  if (q.stats_interval) {
    char* end = nullptr;
    const double v = std::strtod(q.stats_interval->c_str(), &end);
    if (end == q.stats_interval->c_str() || *end != '\0' || !(v >= 0) ||
        v > 86400)
      return bad("--stats-interval", *q.stats_interval,
                 "expected seconds (0: off)");
    c.stats.interval = Duration::Nanos(static_cast<int64_t>(std::llround(v * 1e9)));
  }
  if (q.pcap) c.pcap = *q.pcap;
  c.telemetry = q.telemetry;

  // The same checks as a file: print the configuration and load it back.
  auto loaded = config::LoadConfigString(config::ToYaml(c), "quick mode");
  if (!loaded) return Fail(loaded.error().ToString());
  config = std::move(loaded).value();
  return cl;
}

}  // namespace

Result<CommandLine, UsageError> ParseCommandLine(
    const std::vector<std::string>& args, config::AppConfig& config) {
  CommandLine cl;
  QuickOptions q;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      cl.eal_override = std::vector<std::string>(args.begin() + i + 1, args.end());
      break;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (arg.rfind("--", 0) == 0) {
      const size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        name = arg.substr(0, eq);
        inline_value = arg.substr(eq + 1);
      }
    }
    if (std::find(std::begin(kFlagOptions), std::end(kFlagOptions), name) !=
        std::end(kFlagOptions)) {
      if (inline_value) return Fail(name + ": takes no value");
      if (name == "--help" || name == "-h") cl.help = true;
      if (name == "--version") cl.version = true;
      if (name == "--check") cl.check = true;
      if (name == "--print-config") cl.print_config = true;
      if (name == "--json") cl.json = true;
      if (name == "--unordered") q.unordered = true;
      if (name == "--telemetry") q.telemetry = true;
      if (std::find(std::begin(kQuickFlags), std::end(kQuickFlags), name) !=
          std::end(kQuickFlags))
        q.any = true;
      continue;
    }
    const OptionSpec* spec = FindValueOption(name);
    if (spec == nullptr) {
      return Fail(arg + ": unknown option (see --help)");
    }
    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Fail(name + ": needs a value");
    }
    if (spec->quick_only) q.any = true;
    auto once = [&](std::optional<std::string>& slot) -> bool {
      if (slot) return false;
      slot = value;
      return true;
    };
    bool ok = true;
    if (name == "--config") {
      if (cl.config_file) ok = false;
      cl.config_file = value;
    } else if (name == "--set") {
      cl.sets.push_back(value);
    } else if (name == "--duration") {
      char* end = nullptr;
      const double v = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || *end != '\0' || !(v > 0) || v > 1e7)
        return Fail("--duration: expected seconds > 0, got '" + value + "'");
      cl.duration = v;
    } else if (name == "--address") {
      q.addresses.push_back(value);
    } else if (name == "--eal") {
      ok = once(q.eal);
    } else if (name == "--gateway") {
      ok = once(q.gateway);
    } else if (name == "--mtu") {
      ok = once(q.mtu);
    } else if (name == "--vlan") {
      ok = once(q.vlan);
    } else if (name == "--port") {
      ok = once(q.port);
    } else if (name == "--listen") {
      ok = once(q.listen);
    } else if (name == "--connect") {
      ok = once(q.connect);
    } else if (name == "--local-port") {
      ok = once(q.local_port);
    } else if (name == "--app") {
      ok = once(q.app);
    } else if (name == "--size") {
      ok = once(q.size);
    } else if (name == "--streams") {
      ok = once(q.streams);
    } else if (name == "--ppid") {
      ok = once(q.ppid);
    } else if (name == "--rate") {
      ok = once(q.rate);
    } else if (name == "--messages") {
      ok = once(q.messages);
    } else if (name == "--after") {
      ok = once(q.after);
    } else if (name == "--stats-interval") {
      ok = once(q.stats_interval);
    } else if (name == "--pcap") {
      ok = once(q.pcap);
    } else if (name == "--workers") {
      ok = once(q.workers);
    } else if (name == "--mbufs") {
      ok = once(q.mbufs);
    }
    if (!ok) return Fail(name + ": given twice");
  }
  if (cl.help || cl.version) return cl;

  if (cl.config_file) {
    if (q.any) {
      return Fail(
          "quick-mode options (--eal, --address, --listen, --app, ...) "
          "cannot be combined with --config; use --set or edit the file");
    }
    auto loaded = config::LoadConfigFile(*cl.config_file);
    if (!loaded) return Fail(loaded.error().ToString());
    config = std::move(loaded).value();
    if (cl.eal_override) config.dpdk.eal = *cl.eal_override;
  } else {
    if (!q.any && cl.sets.empty()) {
      return Fail("give --config FILE.yaml or the quick-mode options "
                  "(--eal, --address, --listen|--connect, --app); see --help");
    }
    cl.quick = true;
    auto r = BuildQuick(q, cl, config);
    if (!r) return MakeUnexpected(r.error());
  }
  if (auto r = config::ApplySets(config, cl.sets); !r)
    return Fail(r.error().ToString());
  if (cl.duration)
    config.duration =
        Duration::Nanos(static_cast<int64_t>(std::llround(*cl.duration * 1e9)));
  return cl;
}

std::string HelpText() {
  return R"(usage:
  dpsctpd --config FILE.yaml [--check] [--print-config] [--json]
          [--set KEY=VALUE ...] [--duration SECONDS] [-- EAL-ARGS...]
  dpsctpd --eal "EAL-ARGS" --address IP/PREFIX [--address IP/PREFIX ...]
          [--gateway IP] [--mtu N] [--vlan N] [--port DEVICE]
          (--listen PORT | --connect IP[,IP...]:PORT [--local-port PORT])
          --app echo|discard|source [SOURCE OPTIONS] [--set KEY=VALUE ...]
          [--stats-interval SECONDS] [--pcap FILE] [--telemetry]
          [--workers LCORES] [--mbufs N] [--duration SECONDS]
          [--json] [--check] [--print-config]

An SCTP endpoint (RFC 9260) on DPDK: a gateway, responder or forwarder
described by a YAML file, or a single endpoint set up from the command line
(quick mode), which builds the same configuration a file would.

YAML mode:
  --config FILE        the appliance's configuration (see config/*.yaml)
  -- EAL-ARGS...       DPDK EAL arguments replacing the file's dpdk.eal

Quick mode:
  --eal "ARGS"         DPDK EAL arguments, one string (default "--no-huge
                       --no-shconf -m 512 --no-pci"); its first --vdev or
                       -a device is the interface, unless --port is given
  --port DEVICE        the interface's device: PCI address or vdev devargs
  --address IP/PREFIX  a local address (several: a multi-homed endpoint)
  --gateway IP         the next hop for destinations off the prefixes
  --mtu N              the link's IP MTU (576..9216, default 1500)
  --vlan N             802.1Q VLAN id (1..4094)
  --listen PORT        accept associations on PORT
  --connect IP[,IP...]:PORT
                       open an association to a peer (several addresses:
                       multi-homed peer) and keep it up: reconnect with
                       backoff on failure or loss; the program ends once
                       the source application ended it (--after)
  --local-port PORT    the local port of --connect (default: ephemeral)
  --app NAME           echo: every message goes back on its association,
                       stream, PPID and ordering; discard: count and drop;
                       source: send messages (options below); forward needs
                       a YAML file (routes)
  --workers LCORES     worker lcores, comma separated (default: every EAL
                       lcore but the main one, or the main one alone)
  --mbufs N            mbufs per pool (default 16383)
  --stats-interval S   statistics every S seconds (0: off; default 1)
  --pcap FILE          capture what the workers send and receive (pcapng)
  --telemetry          serve /dpsctp/stats and /dpsctp/assocs on the DPDK
                       telemetry socket

Source options (--app source):
  --size BYTES         message size (default 1024; KiB/MiB units)
  --streams N          streams used round robin (default 1)
  --ppid N             payload protocol identifier (default 0)
  --rate N             messages per second per association (0: as fast as
                       the association takes them; default 0)
  --unordered          send unordered messages
  --messages N         stop after N messages per association (0: never)
  --after WHAT         then: shutdown, abort or stay (default stay)

Both modes:
  --set KEY=VALUE      any endpoint key (rto_initial, rto_min, rto_max,
                       rto_alpha, rto_beta, max_burst, valid_cookie_life,
                       association_max_retrans, path_max_retrans,
                       max_init_retransmits, hb_interval, hb_max_burst,
                       sack_delay, sack_frequency, t5_shutdown_guard, mtu,
                       inbound_streams, outbound_streams, max_associations,
                       receive_buffer), units as in YAML: --set rto_min=100ms
  --duration SECONDS   stop (gracefully, as on SIGTERM) after this long
  --check              validate the configuration and exit
  --print-config       print the configuration as YAML and exit
  --json               stdout carries JSON lines only: events, statistics
                       and a final summary, each with a "type"
  --help, --version

Signals: SIGINT/SIGTERM shut every association down gracefully (SHUTDOWN),
abort what is left after a bound, print the summary and exit; a second
signal kills.
Exit status: 0 done as asked; 1 runtime failure (setup of DPDK or a port
failed, an association was lost or aborted by its peer); 2 bad usage or
configuration (the reason on stderr).
)";
}

}  // namespace dpsctp::dpsctpd
