// Runs one validated AppConfig: DPDK, ports, one Dataplane per group of
// endpoints that share interfaces, the applications on every shard,
// statistics, signals, the graceful close and the summary.
#ifndef DPSCTP_APP_DPSCTPD_RUNTIME_H_
#define DPSCTP_APP_DPSCTPD_RUNTIME_H_

#include <optional>
#include <string>

#include "config/app_config.h"

namespace dpsctp::dpsctpd {

struct RunOptions {
  bool json = false;  // stdout: JSON Lines only
  // Quick-mode --connect: stop once every outbound association was ended
  // on purpose by its application (source --after shutdown|abort).
  bool stop_when_outbound_done = false;
};

// What Run() would refuse in a loaded configuration beyond the loader's
// checks (two endpoints with one port on the same interfaces); for --check.
std::optional<std::string> CheckConfig(const config::AppConfig& config);

// Exit status (CLI.md): 0 done, 1 runtime failure, 2 configuration that
// only shows itself at run time (an lcore the EAL lacks, an unpaired ring
// port, ...).
int Run(const config::AppConfig& config, const RunOptions& options);

}  // namespace dpsctp::dpsctpd

#endif  // DPSCTP_APP_DPSCTPD_RUNTIME_H_
