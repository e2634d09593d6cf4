// Loads a dpsctpd YAML file (CONFIG.md) into an AppConfig, validating
// everything before anything starts: unknown keys, types, ranges, and
// references between sections. The first problem found is returned with
// the place it is at and the key path ("endpoints[0].rto_min").
#ifndef DPSCTP_CONFIG_YAML_LOADER_H_
#define DPSCTP_CONFIG_YAML_LOADER_H_

#include <string>
#include <string_view>

#include "common/result.h"
#include "config/app_config.h"

namespace dpsctp::config {

struct ConfigError {
  std::string file;
  int line = 0;     // 1-based; 0 when there is no place (--set, I/O)
  int column = 0;   // 1-based
  std::string key;  // key path; empty when the problem is the whole file
  std::string message;

  // "FILE:LINE:COL: KEY: MESSAGE" (parts that are absent are left out).
  std::string ToString() const;
};

Result<AppConfig, ConfigError> LoadConfigFile(const std::string& path);
// `name` is used as the file name in errors.
Result<AppConfig, ConfigError> LoadConfigString(std::string_view text,
                                                const std::string& name);

}  // namespace dpsctp::config

#endif  // DPSCTP_CONFIG_YAML_LOADER_H_
