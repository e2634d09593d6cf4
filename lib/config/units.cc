#include "config/units.h"

#include <arpa/inet.h>

#include <charconv>
#include <limits>

namespace dpsctp::config {
namespace {

// Splits "123abc" into the leading digits and the rest.
bool SplitNumber(std::string_view text, uint64_t& value,
                 std::string_view& suffix) {
  size_t i = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == 0) return false;
  auto [p, ec] = std::from_chars(text.data(), text.data() + i, value);
  if (ec != std::errc() || p != text.data() + i) return false;
  suffix = text.substr(i);
  return true;
}

bool MulFits(uint64_t a, uint64_t b, uint64_t limit) {
  return b == 0 || a <= limit / b;
}

}  // namespace

std::optional<uint64_t> ParseUint(std::string_view text) {
  uint64_t v = 0;
  std::string_view rest;
  if (!SplitNumber(text, v, rest) || !rest.empty()) return std::nullopt;
  return v;
}

std::optional<Duration> ParseDuration(std::string_view text) {
  uint64_t v = 0;
  std::string_view unit;
  if (!SplitNumber(text, v, unit)) return std::nullopt;
  uint64_t scale = 0;
  if (unit == "ns")
    scale = 1;
  else if (unit == "us")
    scale = 1'000;
  else if (unit == "ms")
    scale = 1'000'000;
  else if (unit == "s")
    scale = 1'000'000'000;
  else if (unit == "m")
    scale = 60'000'000'000;
  else if (unit == "h")
    scale = 3'600'000'000'000;
  else if (unit.empty() && v == 0)
    scale = 1;
  else
    return std::nullopt;
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  if (!MulFits(v, scale, kMax)) return std::nullopt;
  return Duration::Nanos(static_cast<int64_t>(v * scale));
}

std::optional<uint64_t> ParseSize(std::string_view text) {
  uint64_t v = 0;
  std::string_view unit;
  if (!SplitNumber(text, v, unit)) return std::nullopt;
  uint64_t scale = 0;
  if (unit.empty() || unit == "B")
    scale = 1;
  else if (unit == "KiB")
    scale = uint64_t{1} << 10;
  else if (unit == "MiB")
    scale = uint64_t{1} << 20;
  else if (unit == "GiB")
    scale = uint64_t{1} << 30;
  else
    return std::nullopt;
  if (!MulFits(v, scale, std::numeric_limits<uint64_t>::max()))
    return std::nullopt;
  return v * scale;
}

std::optional<StreamRange> ParseStreamRange(std::string_view text) {
  size_t dash = text.find('-');
  auto first = ParseUint(text.substr(0, dash));
  auto last =
      dash == std::string_view::npos ? first : ParseUint(text.substr(dash + 1));
  if (!first || !last || *first > 65535 || *last > 65535 || *first > *last)
    return std::nullopt;
  return StreamRange{static_cast<uint16_t>(*first),
                     static_cast<uint16_t>(*last)};
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  if (text.size() > 45) return std::nullopt;
  std::string s(text);
  uint8_t buf[16] = {};
  if (s.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, s.c_str(), buf) != 1) return std::nullopt;
    return IpAddress::V4(std::span<const uint8_t, 4>(buf, 4));
  }
  if (inet_pton(AF_INET6, s.c_str(), buf) != 1) return std::nullopt;
  return IpAddress::V6(std::span<const uint8_t, 16>(buf, 16));
}

std::optional<IpPrefix> ParseIpPrefix(std::string_view text) {
  size_t slash = text.find('/');
  auto addr = ParseIpAddress(text.substr(0, slash));
  if (!addr) return std::nullopt;
  uint64_t max_len = addr->is_v4() ? 32 : 128;
  uint64_t len = max_len;
  if (slash != std::string_view::npos) {
    auto l = ParseUint(text.substr(slash + 1));
    if (!l || *l > max_len) return std::nullopt;
    len = *l;
  }
  return IpPrefix{*addr, static_cast<uint8_t>(len)};
}

std::string FormatDuration(Duration d) {
  struct Unit {
    int64_t ns;
    const char* name;
  };
  static constexpr Unit kUnits[] = {{3'600'000'000'000, "h"},
                                    {60'000'000'000, "m"},
                                    {1'000'000'000, "s"},
                                    {1'000'000, "ms"},
                                    {1'000, "us"}};
  int64_t ns = d.nanos();
  if (ns == 0) return "0s";
  for (const Unit& u : kUnits) {
    if (ns % u.ns == 0) return std::to_string(ns / u.ns) + u.name;
  }
  return std::to_string(ns) + "ns";
}

std::string FormatSize(uint64_t bytes) {
  if (bytes != 0) {
    if (bytes % (uint64_t{1} << 30) == 0)
      return std::to_string(bytes >> 30) + "GiB";
    if (bytes % (uint64_t{1} << 20) == 0)
      return std::to_string(bytes >> 20) + "MiB";
    if (bytes % (uint64_t{1} << 10) == 0)
      return std::to_string(bytes >> 10) + "KiB";
  }
  return std::to_string(bytes);
}

std::string FormatIpPrefix(const IpPrefix& p) {
  return p.address.ToString() + "/" + std::to_string(p.prefix_len);
}

}  // namespace dpsctp::config
