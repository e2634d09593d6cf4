// Endpoint keys by name: the one table behind `defaults:`, per-endpoint
// keys in YAML, and `--set KEY=VALUE` on the command line (CLI.md).
#ifndef DPSCTP_CONFIG_SET_OPTION_H_
#define DPSCTP_CONFIG_SET_OPTION_H_

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"
#include "config/app_config.h"
#include "config/yaml_loader.h"

namespace dpsctp::config {

// Every endpoint key name, in the order they are printed.
const std::vector<std::string_view>& EndpointKeyNames();
bool IsEndpointKey(std::string_view key);

// Sets one key from its text form (units as in YAML). Returns why the
// value is refused (nullopt: set). An unknown key is refused as well.
std::optional<std::string> SetEndpointKey(EndpointKeys& keys,
                                          std::string_view key,
                                          std::string_view value);
// The text form of one key's value, as SetEndpointKey reads it.
std::string GetEndpointKey(const EndpointKeys& keys, std::string_view key);

// k when `fraction` is 1/2^k (1 <= k <= 10), else nullopt.
std::optional<int> FractionShift(double fraction);

// Checks what single keys cannot: rto_min <= rto_initial <= rto_max.
// Returns the key to blame and why, or nullopt.
struct KeyProblem {
  std::string key;    // the key to blame
  std::string other;  // the key it conflicts with
  std::string message;
};
std::optional<KeyProblem> ValidateEndpointKeys(const EndpointKeys& keys);

// `--set KEY=VALUE`: sets KEY in `defaults` and in every endpoint. The
// error has file "--set", line and column 0, and the key. Does not check
// the cross-key rules (several --set may be needed to get there): call
// ApplySets for a whole command line.
Result<std::monostate, ConfigError> ApplySet(AppConfig& config,
                                             std::string_view key_value);
// Applies every --set in order, then runs ValidateEndpointKeys on the
// defaults and on every endpoint.
Result<std::monostate, ConfigError> ApplySets(
    AppConfig& config, const std::vector<std::string>& key_values);

}  // namespace dpsctp::config

#endif  // DPSCTP_CONFIG_SET_OPTION_H_
