#include "config/set_option.h"

#include <charconv>
#include <cstdint>

#include "config/units.h"

namespace dpsctp::config {
namespace {

enum class Kind : uint8_t { kDuration, kUint, kSize, kFraction };

struct KeySpec {
  std::string_view name;
  Kind kind;
  // Inclusive bounds: nanoseconds for durations, the value otherwise.
  int64_t lo;
  int64_t hi;
  Duration EndpointKeys::*dur = nullptr;
  uint32_t EndpointKeys::*u32 = nullptr;
  uint16_t EndpointKeys::*u16 = nullptr;
  double EndpointKeys::*dbl = nullptr;
};

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kDay = 86'400'000'000'000;

KeySpec Dur(std::string_view n, Duration EndpointKeys::*m, int64_t lo,
            int64_t hi) {
  KeySpec s{n, Kind::kDuration, lo, hi};
  s.dur = m;
  return s;
}
KeySpec U32(std::string_view n, uint32_t EndpointKeys::*m, int64_t lo,
            int64_t hi, Kind k = Kind::kUint) {
  KeySpec s{n, k, lo, hi};
  s.u32 = m;
  return s;
}
KeySpec U16(std::string_view n, uint16_t EndpointKeys::*m, int64_t lo,
            int64_t hi) {
  KeySpec s{n, Kind::kUint, lo, hi};
  s.u16 = m;
  return s;
}
KeySpec Frac(std::string_view n, double EndpointKeys::*m) {
  KeySpec s{n, Kind::kFraction, 0, 1};
  s.dbl = m;
  return s;
}

const std::vector<KeySpec>& Specs() {
  using K = EndpointKeys;
  static const std::vector<KeySpec> kSpecs = {
      Dur("rto_initial", &K::rto_initial, kMs, kDay),
      Dur("rto_min", &K::rto_min, kMs, kDay),
      Dur("rto_max", &K::rto_max, kMs, kDay),
      Frac("rto_alpha", &K::rto_alpha),
      Frac("rto_beta", &K::rto_beta),
      U32("max_burst", &K::max_burst, 1, 65535),
      Dur("valid_cookie_life", &K::valid_cookie_life, kMs, kDay),
      U32("association_max_retrans", &K::association_max_retrans, 1, 65535),
      U32("path_max_retrans", &K::path_max_retrans, 0, 65535),
      U32("max_init_retransmits", &K::max_init_retransmits, 0, 65535),
      Dur("hb_interval", &K::hb_interval, kMs, kDay),
      U32("hb_max_burst", &K::hb_max_burst, 1, 65535),
      // RFC 9260 §6.2: the delay "MUST NOT be more than 500 ms".
      Dur("sack_delay", &K::sack_delay, 0, 500 * kMs),
      U32("sack_frequency", &K::sack_frequency, 1, 65535),
      Dur("t5_shutdown_guard", &K::t5_shutdown_guard, kMs, kDay),
      U16("mtu", &K::mtu, 576, 9216),
      U16("inbound_streams", &K::inbound_streams, 1, 65535),
      U16("outbound_streams", &K::outbound_streams, 1, 65535),
      U32("max_associations", &K::max_associations, 1, 1 << 24),
      // RFC 9260 §3.3.2: a_rwnd has a minimum of 1500 bytes.
      U32("receive_buffer", &K::receive_buffer, 1500, int64_t{1} << 31,
          Kind::kSize),
  };
  return kSpecs;
}

const KeySpec* Find(std::string_view key) {
  for (const KeySpec& s : Specs())
    if (s.name == key) return &s;
  return nullptr;
}

std::string Bounds(const KeySpec& s) {
  switch (s.kind) {
    case Kind::kDuration:
      return FormatDuration(Duration::Nanos(s.lo)) + ".." +
             FormatDuration(Duration::Nanos(s.hi));
    case Kind::kSize:
      return std::to_string(s.lo) + ".." + FormatSize(uint64_t(s.hi));
    case Kind::kUint:
      return std::to_string(s.lo) + ".." + std::to_string(s.hi);
    case Kind::kFraction:
      return "between 0 and 1 (exclusive)";
  }
  return {};
}

}  // namespace

const std::vector<std::string_view>& EndpointKeyNames() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> v;
    for (const KeySpec& s : Specs()) v.push_back(s.name);
    return v;
  }();
  return kNames;
}

bool IsEndpointKey(std::string_view key) { return Find(key) != nullptr; }

std::optional<std::string> SetEndpointKey(EndpointKeys& keys,
                                          std::string_view key,
                                          std::string_view value) {
  const KeySpec* s = Find(key);
  if (!s) return "unknown endpoint key";
  switch (s->kind) {
    case Kind::kDuration: {
      auto d = ParseDuration(value);
      if (!d)
        return "expected a duration with a unit (250us, 200ms, 1s, 5m), got '" +
               std::string(value) + "'";
      if (d->nanos() < s->lo || d->nanos() > s->hi)
        return "out of range: " + std::string(value) + " not in " + Bounds(*s);
      keys.*(s->dur) = *d;
      return std::nullopt;
    }
    case Kind::kUint:
    case Kind::kSize: {
      auto v = s->kind == Kind::kSize ? ParseSize(value) : ParseUint(value);
      if (!v)
        return std::string(s->kind == Kind::kSize
                               ? "expected a size (1500, 64KiB, 1MiB)"
                               : "expected a non-negative integer") +
               ", got '" + std::string(value) + "'";
      if (*v < uint64_t(s->lo) || *v > uint64_t(s->hi))
        return "out of range: " + std::string(value) + " not in " + Bounds(*s);
      if (s->u32)
        keys.*(s->u32) = static_cast<uint32_t>(*v);
      else
        keys.*(s->u16) = static_cast<uint16_t>(*v);
      return std::nullopt;
    }
    case Kind::kFraction: {
      double d = 0;
      auto [p, ec] =
          std::from_chars(value.data(), value.data() + value.size(), d);
      if (ec != std::errc() || p != value.data() + value.size())
        return "expected a number, got '" + std::string(value) + "'";
      if (!(d > 0 && d < 1))
        return "out of range: " + std::string(value) + " not " + Bounds(*s);
      keys.*(s->dbl) = d;
      return std::nullopt;
    }
  }
  return "unknown endpoint key";
}

std::string GetEndpointKey(const EndpointKeys& keys, std::string_view key) {
  const KeySpec* s = Find(key);
  if (!s) return {};
  switch (s->kind) {
    case Kind::kDuration:
      return FormatDuration(keys.*(s->dur));
    case Kind::kSize:
      return FormatSize(keys.*(s->u32));
    case Kind::kUint:
      return std::to_string(s->u32 ? keys.*(s->u32) : keys.*(s->u16));
    case Kind::kFraction: {
      // Shortest text that reads back to the same double.
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, keys.*(s->dbl));
      return std::string(buf, r.ptr);
    }
  }
  return {};
}

std::optional<int> FractionShift(double fraction) {
  for (int k = 1; k <= 10; ++k) {
    if (fraction == 1.0 / static_cast<double>(1 << k)) return k;
  }
  return std::nullopt;
}

std::optional<KeyProblem> ValidateEndpointKeys(const EndpointKeys& keys) {
  // RFC 9260 §6.3.1 C3: RTO.Alpha and RTO.Beta are applied as shifts
  // ("implementations ... may use shifts"), so they must be 1/2^k.
  if (!FractionShift(keys.rto_alpha))
    return KeyProblem{"rto_alpha", "",
                      "must be 1/2^k (0.5, 0.25, 0.125, ...), got " +
                          std::to_string(keys.rto_alpha)};
  if (!FractionShift(keys.rto_beta))
    return KeyProblem{"rto_beta", "",
                      "must be 1/2^k (0.5, 0.25, 0.125, ...), got " +
                          std::to_string(keys.rto_beta)};
  // RFC 9260 §6.3.1 C6/C7: RTO is clamped to RTO.Min and RTO.Max, and
  // starts at RTO.Initial: the three must be ordered.
  if (keys.rto_min > keys.rto_max)
    return KeyProblem{"rto_min", "rto_max",
                      "rto_min (" + FormatDuration(keys.rto_min) +
                          ") is above rto_max (" +
                          FormatDuration(keys.rto_max) + ")"};
  if (keys.rto_initial < keys.rto_min)
    return KeyProblem{"rto_initial", "rto_min",
                      "rto_initial (" + FormatDuration(keys.rto_initial) +
                          ") is below rto_min (" +
                          FormatDuration(keys.rto_min) + ")"};
  if (keys.rto_initial > keys.rto_max)
    return KeyProblem{"rto_initial", "rto_max",
                      "rto_initial (" + FormatDuration(keys.rto_initial) +
                          ") is above rto_max (" +
                          FormatDuration(keys.rto_max) + ")"};
  return std::nullopt;
}

Result<std::monostate, ConfigError> ApplySet(AppConfig& config,
                                             std::string_view key_value) {
  size_t eq = key_value.find('=');
  if (eq == std::string_view::npos)
    return MakeUnexpected(ConfigError{"--set", 0, 0, std::string(key_value),
                                      "expected KEY=VALUE"});
  std::string_view key = key_value.substr(0, eq);
  std::string_view value = key_value.substr(eq + 1);
  if (auto why = SetEndpointKey(config.defaults, key, value))
    return MakeUnexpected(ConfigError{"--set", 0, 0, std::string(key), *why});
  for (EndpointConfig& e : config.endpoints)
    (void)SetEndpointKey(e.keys, key, value);  // same key, same value: ok
  return std::monostate{};
}

Result<std::monostate, ConfigError> ApplySets(
    AppConfig& config, const std::vector<std::string>& key_values) {
  for (const std::string& kv : key_values) {
    auto r = ApplySet(config, kv);
    if (!r) return r;
  }
  if (auto p = ValidateEndpointKeys(config.defaults))
    return MakeUnexpected(ConfigError{"--set", 0, 0, p->key, p->message});
  for (const EndpointConfig& e : config.endpoints) {
    if (auto p = ValidateEndpointKeys(e.keys))
      return MakeUnexpected(ConfigError{
          "--set", 0, 0, p->key, "endpoint " + e.name + ": " + p->message});
  }
  return std::monostate{};
}

}  // namespace dpsctp::config
