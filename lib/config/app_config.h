// AppConfig: everything one dpsctpd process is told to do, as plain values.
// Filled by the YAML loader (yaml_loader.h) or by the quick-mode command
// line, adjusted by --set (set_option.h), printed back by yaml_writer.h.
// Not on the data path: strings and vectors are fine here.
#ifndef DPSCTP_CONFIG_APP_CONFIG_H_
#define DPSCTP_CONFIG_APP_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/address.h"
#include "common/time.h"

namespace dpsctp::config {

enum class IdleMode : uint8_t { kSpin, kPause, kSleep };

struct DpdkConfig {
  std::vector<std::string> eal;   // EAL arguments; those after `--` win
  std::vector<uint32_t> workers;  // worker lcores; empty: all but the main
  uint32_t mbufs = 65535;         // per pool, one pool per socket
  IdleMode idle = IdleMode::kSleep;

  friend bool operator==(const DpdkConfig&, const DpdkConfig&) = default;
};

// An address with its prefix length (32 or 128 when the text had none).
struct IpPrefix {
  IpAddress address;
  uint8_t prefix_len = 0;

  friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

struct InterfaceConfig {
  std::string name;
  std::string port;  // PCI address or vdev devargs
  uint16_t mtu = 1500;
  std::optional<uint16_t> vlan;
  std::vector<IpPrefix> addresses;
  std::optional<IpAddress> gateway;

  friend bool operator==(const InterfaceConfig&,
                         const InterfaceConfig&) = default;
};

// The endpoint keys: settable in `defaults`, per endpoint, and by --set.
// RFC 9260 §16 "Suggested SCTP Protocol Parameter Values" gives the
// defaults of the protocol parameters.
struct EndpointKeys {
  Duration rto_initial = Duration::Seconds(1);
  Duration rto_min = Duration::Seconds(1);
  Duration rto_max = Duration::Seconds(60);
  double rto_alpha = 0.125;
  double rto_beta = 0.25;
  uint32_t max_burst = 4;
  Duration valid_cookie_life = Duration::Seconds(60);
  uint32_t association_max_retrans = 10;
  uint32_t path_max_retrans = 5;
  uint32_t max_init_retransmits = 8;
  Duration hb_interval = Duration::Seconds(30);
  uint32_t hb_max_burst = 1;
  Duration sack_delay = Duration::Millis(200);
  uint32_t sack_frequency = 2;
  // RFC 9260 §9.2: "The suggested value for this timer is 5 times
  // 'RTO.Max'".
  Duration t5_shutdown_guard = Duration::Seconds(300);
  // SCTP packet size limit (IPv4 1500 minus the IP header), as AssocOptions.
  uint16_t mtu = 1480;
  uint16_t inbound_streams = 16;
  uint16_t outbound_streams = 16;
  uint32_t max_associations = 1024;
  uint32_t receive_buffer = 64 * 1024;  // bytes (a_rwnd)

  friend bool operator==(const EndpointKeys&, const EndpointKeys&) = default;
};

enum class AppKind : uint8_t { kEcho, kDiscard, kSource, kForward };

// What the `source` application sends on each association of its endpoint
// once the association is up.
enum class SourceAfter : uint8_t { kShutdown, kAbort, kStay };
struct SourceConfig {
  uint32_t size = 1024;       // bytes per message
  uint16_t streams = 1;       // round robin over streams 0..streams-1
  uint32_t ppid = 0;
  uint64_t rate = 0;          // messages per second per association; 0: as fast as possible
  bool unordered = false;
  uint64_t messages = 0;      // per association; 0: no limit
  SourceAfter after = SourceAfter::kStay;  // once `messages` are sent

  friend bool operator==(const SourceConfig&, const SourceConfig&) = default;
};

struct EndpointConfig {
  std::string name;
  uint16_t port = 0;
  std::vector<IpAddress> addresses;
  EndpointKeys keys;  // `defaults` with this endpoint's overrides applied
  AppKind app = AppKind::kEcho;
  SourceConfig source;  // app: source

  friend bool operator==(const EndpointConfig&,
                         const EndpointConfig&) = default;
};

struct AssociationConfig {
  std::string name;
  std::string endpoint;
  std::vector<IpAddress> remote;
  uint16_t port = 0;
  uint16_t outbound_streams = 16;
  Duration reconnect_initial = Duration::Seconds(1);
  Duration reconnect_max = Duration::Seconds(30);

  friend bool operator==(const AssociationConfig&,
                         const AssociationConfig&) = default;
};

struct StreamRange {
  uint16_t first = 0;
  uint16_t last = 0;

  friend bool operator==(const StreamRange&, const StreamRange&) = default;
};

enum class Balance : uint8_t { kRoundRobin, kHash };

struct RouteConfig {
  // match: every given field must match; none given matches everything.
  std::optional<std::string> match_endpoint;
  std::optional<std::string> match_association;
  std::optional<uint32_t> match_ppid;
  std::optional<StreamRange> match_streams;
  // to: one association, or a group balanced over.
  std::vector<std::string> to_group;  // `association: X` is a group of one
  bool to_is_group = false;           // as written, for printing back
  Balance balance = Balance::kRoundRobin;
  // rewrite: nullopt keeps the value.
  std::optional<uint32_t> rewrite_ppid;
  std::optional<uint16_t> rewrite_stream;
  uint32_t queue = 10000;  // messages held while the target is down

  friend bool operator==(const RouteConfig&, const RouteConfig&) = default;
};

struct StatsConfig {
  Duration interval = Duration::Seconds(1);
  std::string output = "stdout";  // or a file path; JSON lines

  friend bool operator==(const StatsConfig&, const StatsConfig&) = default;
};

struct AppConfig {
  DpdkConfig dpdk;
  std::vector<InterfaceConfig> interfaces;
  EndpointKeys defaults;
  std::vector<EndpointConfig> endpoints;
  std::vector<AssociationConfig> associations;
  std::vector<RouteConfig> routes;
  StatsConfig stats;
  bool telemetry = false;
  std::optional<std::string> pcap;
  // Stop (as on SIGTERM) after this long; zero: run until a signal.
  Duration duration = Duration::Nanos(0);

  friend bool operator==(const AppConfig&, const AppConfig&) = default;
};

}  // namespace dpsctp::config

#endif  // DPSCTP_CONFIG_APP_CONFIG_H_
