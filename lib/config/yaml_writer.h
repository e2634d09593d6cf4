// Prints an AppConfig as the YAML file (CONFIG.md) that loads back to an
// equal AppConfig: what `dpsctpd --print-config` shows.
#ifndef DPSCTP_CONFIG_YAML_WRITER_H_
#define DPSCTP_CONFIG_YAML_WRITER_H_

#include <string>

#include "config/app_config.h"

namespace dpsctp::config {

// Endpoints list only the keys that differ from `defaults`; `defaults`
// lists every key.
std::string ToYaml(const AppConfig& config);

}  // namespace dpsctp::config

#endif  // DPSCTP_CONFIG_YAML_WRITER_H_
