// Text forms of configuration values: durations ("250us", "200ms", "1s",
// "5m"), sizes ("64KiB", "1MiB", plain bytes), ranges ("0-15") and IP
// addresses with an optional prefix. Parsers return nullopt on anything
// malformed or out of the type's range; formatters write text that the
// parsers read back to the same value.
#ifndef DPSCTP_CONFIG_UNITS_H_
#define DPSCTP_CONFIG_UNITS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/address.h"
#include "common/time.h"
#include "config/app_config.h"

namespace dpsctp::config {

// Units: ns, us, ms, s, m, h. A bare "0" is zero; other bare numbers are
// rejected (a unit must be given).
std::optional<Duration> ParseDuration(std::string_view text);
// Plain decimal integer, or with B, KiB, MiB, GiB (powers of 1024).
std::optional<uint64_t> ParseSize(std::string_view text);
// Plain decimal integer (no sign, no unit).
std::optional<uint64_t> ParseUint(std::string_view text);
// "A-B" with A <= B, or a single number "A" (= A-A); both within 0..65535.
std::optional<StreamRange> ParseStreamRange(std::string_view text);
// Dotted quad or RFC 4291 text.
std::optional<IpAddress> ParseIpAddress(std::string_view text);
// Address with optional "/N" (N <= 32 or 128); no /N: the full length.
std::optional<IpPrefix> ParseIpPrefix(std::string_view text);

// The largest unit that keeps the value exact.
std::string FormatDuration(Duration d);
// KiB/MiB/GiB when exact, else plain bytes.
std::string FormatSize(uint64_t bytes);
std::string FormatIpPrefix(const IpPrefix& p);

}  // namespace dpsctp::config

#endif  // DPSCTP_CONFIG_UNITS_H_
