// dpsctpd's command line (CLI.md): YAML mode (--config) or quick mode
// (--eal/--address/--listen|--connect/--app), both ending in one AppConfig.
#ifndef DPSCTP_APP_DPSCTPD_CLI_H_
#define DPSCTP_APP_DPSCTPD_CLI_H_

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "config/app_config.h"

namespace dpsctp::dpsctpd {

struct CommandLine {
  bool help = false;
  bool version = false;
  bool check = false;
  bool print_config = false;
  bool json = false;
  // YAML mode.
  std::optional<std::string> config_file;
  // EAL arguments after `--`: they replace dpdk.eal.
  std::optional<std::vector<std::string>> eal_override;
  std::vector<std::string> sets;  // --set KEY=VALUE, in order
  std::optional<double> duration;  // --duration SECONDS
  // Quick mode: whether a --connect client stops once its association was
  // ended on purpose (source --after shutdown|abort).
  bool quick = false;
  bool quick_connect = false;
};

// Exit status 2 and this one-line reason (naming the option).
struct UsageError {
  std::string message;
};

// Parses argv and builds the configuration: from the file (with --set and
// `--` applied) or from the quick-mode options. `config` is left default
// for --help and --version.
Result<CommandLine, UsageError> ParseCommandLine(
    const std::vector<std::string>& args, config::AppConfig& config);

// The --help text.
std::string HelpText();

}  // namespace dpsctp::dpsctpd

#endif  // DPSCTP_APP_DPSCTPD_CLI_H_
