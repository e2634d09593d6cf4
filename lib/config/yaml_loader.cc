// yaml-cpp reports errors by throwing; this is the only lib/ component built
// with exceptions, and none leaves it: Load* catch everything.
#include "config/yaml_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "config/set_option.h"
#include "config/units.h"

namespace dpsctp::config {

std::string ConfigError::ToString() const {
  std::string out = file;
  if (line > 0)
    out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += ": ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

namespace {

struct Fail {
  ConfigError error;
};

std::string Join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min(
          {row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

bool OnLink(const IpPrefix& p, const IpAddress& a) {
  if (p.address.family != a.family) return false;
  for (size_t bit = 0; bit < p.prefix_len; ++bit) {
    uint8_t mask = static_cast<uint8_t>(0x80u >> (bit % 8));
    if ((p.address.bytes[bit / 8] & mask) != (a.bytes[bit / 8] & mask))
      return false;
  }
  return true;
}

class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  AppConfig Load(const YAML::Node& root) {
    AppConfig c;
    if (!root.IsDefined() || root.IsNull()) return c;
    CheckKeys(root, "",
              {"dpdk", "interfaces", "defaults", "endpoints", "associations",
               "routes", "stats", "telemetry", "pcap", "duration"});
    if (auto n = root["dpdk"]) c.dpdk = LoadDpdk(n);
    if (auto n = root["interfaces"]) {
      std::set<std::string> names;
      size_t i = 0;
      for (const YAML::Node& e : Seq(n, "interfaces")) {
        c.interfaces.push_back(LoadInterface(e, Index("interfaces", i++)));
        Unique(names, e, Index("interfaces", i - 1));
      }
    }
    YAML::Node defaults = root["defaults"];
    if (defaults) {
      CheckMap(defaults, "defaults");
      for (auto it = defaults.begin(); it != defaults.end(); ++it)
        SetKey(c.defaults, it->first, it->second, "defaults");
      CheckKeyOrder(c.defaults, defaults, YAML::Node(), "defaults");
    }
    if (auto n = root["endpoints"]) {
      std::set<std::string> names;
      size_t i = 0;
      for (const YAML::Node& e : Seq(n, "endpoints")) {
        std::string path = Index("endpoints", i++);
        c.endpoints.push_back(LoadEndpoint(e, path, c, defaults));
        Unique(names, e, path);
      }
    }
    if (auto n = root["associations"]) {
      std::set<std::string> names;
      size_t i = 0;
      for (const YAML::Node& e : Seq(n, "associations")) {
        std::string path = Index("associations", i++);
        c.associations.push_back(LoadAssociation(e, path, c));
        Unique(names, e, path);
      }
    }
    if (auto n = root["routes"]) {
      size_t i = 0;
      for (const YAML::Node& e : Seq(n, "routes"))
        c.routes.push_back(LoadRoute(e, Index("routes", i++), c));
    }
    if (auto n = root["stats"]) {
      CheckKeys(n, "stats", {"interval", "output"});
      if (auto v = n["interval"]) {
        // 0s turns the periodic statistics off.
        c.stats.interval = Dur(v, "stats.interval", 0);
        if (c.stats.interval > Duration::Zero() &&
            c.stats.interval < Duration::Millis(1))
          Error(v, "stats.interval", "out of range: 0s (off) or at least 1ms");
      }
      if (auto v = n["output"]) c.stats.output = Scalar(v, "stats.output");
    }
    if (auto n = root["telemetry"]) c.telemetry = Bool(n, "telemetry");
    if (auto n = root["duration"]) c.duration = Dur(n, "duration", 0);
    if (auto n = root["pcap"]) {
      if (!n.IsNull()) c.pcap = Scalar(n, "pcap");
    }
    return c;
  }

 private:
  [[noreturn]] void Error(const YAML::Node& at, const std::string& key,
                          std::string message) const {
    YAML::Mark m = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
    throw Fail{ConfigError{file_, m.is_null() ? 0 : m.line + 1,
                           m.is_null() ? 0 : m.column + 1, key,
                           std::move(message)}};
  }

  void CheckMap(const YAML::Node& n, const std::string& path) const {
    if (!n.IsMap()) Error(n, path, "expected a mapping (key: value)");
  }

  // Unknown and repeated keys are errors, not ignored (CONFIG.md).
  void CheckKeys(const YAML::Node& n, const std::string& path,
                 std::initializer_list<std::string_view> allowed) const {
    CheckMap(n, path);
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
      bool ok = std::find(allowed.begin(), allowed.end(), key) != allowed.end();
      if (!ok) {
        std::string msg = "unknown key";
        std::string_view best;
        size_t best_d = 3;
        auto consider = [&](std::string_view cand) {
          size_t d = EditDistance(key, cand);
          if (d < best_d) best_d = d, best = cand;
        };
        for (auto a : allowed) consider(a);
        if (!best.empty())
          msg += " (did you mean '" + std::string(best) + "'?)";
        Error(it->first, Join(path, key), msg);
      }
      if (!seen.insert(key).second)
        Error(it->first, Join(path, key), "key given twice");
    }
  }

  std::vector<YAML::Node> Seq(const YAML::Node& n,
                              const std::string& path) const {
    if (!n.IsSequence()) Error(n, path, "expected a list");
    std::vector<YAML::Node> out;
    for (const YAML::Node& e : n) out.push_back(e);
    return out;
  }

  std::string Scalar(const YAML::Node& n, const std::string& path) const {
    if (!n.IsScalar()) Error(n, path, "expected a single value");
    return n.Scalar();
  }

  uint64_t Uint(const YAML::Node& n, const std::string& path, uint64_t lo,
                uint64_t hi) const {
    std::string s = Scalar(n, path);
    auto v = ParseUint(s);
    if (!v) Error(n, path, "expected a non-negative integer, got '" + s + "'");
    if (*v < lo || *v > hi)
      Error(n, path,
            "out of range: " + s + " not in " + std::to_string(lo) + ".." +
                std::to_string(hi));
    return *v;
  }

  Duration Dur(const YAML::Node& n, const std::string& path,
               int64_t min_ns) const {
    std::string s = Scalar(n, path);
    auto d = ParseDuration(s);
    if (!d)
      Error(n, path,
            "expected a duration with a unit (250us, 200ms, 1s, 5m), got '" +
                s + "'");
    if (d->nanos() < min_ns)
      Error(
          n, path,
          "out of range: at least " + FormatDuration(Duration::Nanos(min_ns)));
    return *d;
  }

  bool Bool(const YAML::Node& n, const std::string& path) const {
    std::string s = Scalar(n, path);
    if (s == "true") return true;
    if (s == "false") return false;
    Error(n, path, "expected true or false, got '" + s + "'");
  }

  IpAddress Addr(const YAML::Node& n, const std::string& path) const {
    std::string s = Scalar(n, path);
    auto a = ParseIpAddress(s);
    if (!a) Error(n, path, "expected an IPv4 or IPv6 address, got '" + s + "'");
    return *a;
  }

  std::vector<IpAddress> Addrs(const YAML::Node& n,
                               const std::string& path) const {
    std::vector<IpAddress> out;
    size_t i = 0;
    for (const YAML::Node& e : Seq(n, path))
      out.push_back(Addr(e, Index(path, i++)));
    if (out.empty()) Error(n, path, "at least one address is needed");
    return out;
  }

  std::string Required(const YAML::Node& map, std::string_view key,
                       const std::string& path) const {
    YAML::Node v = map[std::string(key)];
    if (!v) Error(map, Join(path, key), "missing");
    std::string s = Scalar(v, Join(path, key));
    if (s.empty()) Error(v, Join(path, key), "must not be empty");
    return s;
  }

  void Unique(std::set<std::string>& names, const YAML::Node& e,
              const std::string& path) const {
    std::string name = e["name"].Scalar();
    if (!names.insert(name).second)
      Error(e["name"], Join(path, "name"), "duplicate name '" + name + "'");
  }

  template <typename E>
  E Choice(
      const YAML::Node& n, const std::string& path,
      std::initializer_list<std::pair<std::string_view, E>> choices) const {
    std::string s = Scalar(n, path);
    std::string names;
    for (const auto& [name, value] : choices) {
      if (name == s) return value;
      names += names.empty() ? "" : " | ";
      names += name;
    }
    Error(n, path, "expected " + names + ", got '" + s + "'");
  }

  DpdkConfig LoadDpdk(const YAML::Node& n) const {
    CheckKeys(n, "dpdk", {"eal", "workers", "mbufs", "idle"});
    DpdkConfig d;
    if (auto v = n["eal"]) {
      size_t i = 0;
      for (const YAML::Node& e : Seq(v, "dpdk.eal"))
        d.eal.push_back(Scalar(e, Index("dpdk.eal", i++)));
    }
    if (auto v = n["workers"]) {
      size_t i = 0;
      for (const YAML::Node& e : Seq(v, "dpdk.workers"))
        d.workers.push_back(static_cast<uint32_t>(
            Uint(e, Index("dpdk.workers", i++), 0, 1023)));
    }
    if (auto v = n["mbufs"])
      d.mbufs = static_cast<uint32_t>(Uint(v, "dpdk.mbufs", 1, 0xFFFFFFFFu));
    if (auto v = n["idle"])
      d.idle = Choice<IdleMode>(v, "dpdk.idle",
                                {{"spin", IdleMode::kSpin},
                                 {"pause", IdleMode::kPause},
                                 {"sleep", IdleMode::kSleep}});
    return d;
  }

  InterfaceConfig LoadInterface(const YAML::Node& n,
                                const std::string& path) const {
    CheckKeys(n, path, {"name", "port", "mtu", "vlan", "addresses", "gateway"});
    InterfaceConfig f;
    f.name = Required(n, "name", path);
    f.port = Required(n, "port", path);
    // "ring:NAME/0" and "ring:NAME/1": the ends of an in-process port pair.
    if (f.port.rfind("ring:", 0) == 0) {
      const size_t slash = f.port.rfind('/');
      const bool ok = slash != std::string::npos && slash > 5 &&
                      slash + 2 == f.port.size() &&
                      (f.port.back() == '0' || f.port.back() == '1');
      if (!ok)
        Error(n["port"], Join(path, "port"),
              "expected ring:NAME/0 or ring:NAME/1, got '" + f.port + "'");
    }
    if (auto v = n["mtu"])
      f.mtu = static_cast<uint16_t>(Uint(v, Join(path, "mtu"), 576, 9216));
    // IEEE 802.1Q: VLAN ids 0 and 4095 are reserved.
    if (auto v = n["vlan"])
      f.vlan = static_cast<uint16_t>(Uint(v, Join(path, "vlan"), 1, 4094));
    if (auto v = n["addresses"]) {
      std::string ap = Join(path, "addresses");
      size_t i = 0;
      for (const YAML::Node& e : Seq(v, ap)) {
        std::string s = Scalar(e, Index(ap, i));
        auto p = ParseIpPrefix(s);
        if (!p)
          Error(
              e, Index(ap, i),
              "expected an address with an optional /prefix, got '" + s + "'");
        f.addresses.push_back(*p);
        ++i;
      }
    }
    if (auto v = n["gateway"]) {
      f.gateway = Addr(v, Join(path, "gateway"));
      // The next hop must be reachable directly: inside one of the
      // interface's own prefixes.
      if (std::none_of(
              f.addresses.begin(), f.addresses.end(),
              [&](const IpPrefix& p) { return OnLink(p, *f.gateway); }))
        Error(v, Join(path, "gateway"),
              f.gateway->ToString() +
                  " is not inside any address/prefix of "
                  "this interface");
    }
    return f;
  }

  void SetKey(EndpointKeys& keys, const YAML::Node& k, const YAML::Node& v,
              const std::string& path) const {
    std::string key = k.IsScalar() ? k.Scalar() : "?";
    if (!IsEndpointKey(key))
      Error(k, Join(path, key), "unknown key" + Suggest(key));
    std::string text = Scalar(v, Join(path, key));
    if (auto why = SetEndpointKey(keys, key, text))
      Error(v, Join(path, key), *why);
  }

  std::string Suggest(std::string_view key,
                      std::initializer_list<std::string_view> more = {}) const {
    std::string_view best;
    size_t best_d = 3;
    for (std::string_view cand : EndpointKeyNames()) {
      size_t d = EditDistance(key, cand);
      if (d < best_d) best_d = d, best = cand;
    }
    for (std::string_view cand : more) {
      size_t d = EditDistance(key, cand);
      if (d < best_d) best_d = d, best = cand;
    }
    return best.empty() ? "" : " (did you mean '" + std::string(best) + "'?)";
  }

  // Blames whichever of the two conflicting keys was written here, else in
  // `defaults`, else the mapping itself.
  void CheckKeyOrder(const EndpointKeys& keys, const YAML::Node& map,
                     const YAML::Node& defaults,
                     const std::string& path) const {
    auto p = ValidateEndpointKeys(keys);
    if (!p) return;
    for (const std::string& k : {p->key, p->other})
      if (auto v = map[k]) Error(v, Join(path, k), p->message);
    for (const std::string& k : {p->key, p->other})
      if (defaults && defaults[k])
        Error(defaults[k], Join("defaults", k), p->message);
    Error(map, Join(path, p->key), p->message);
  }

  EndpointConfig LoadEndpoint(const YAML::Node& n, const std::string& path,
                              const AppConfig& c,
                              const YAML::Node& defaults) const {
    const std::initializer_list<std::string_view> kOwn = {
        "name", "port", "addresses", "app", "source"};
    CheckMap(n, path);
    EndpointConfig e;
    e.keys = c.defaults;
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
      std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
      if (!seen.insert(key).second)
        Error(it->first, Join(path, key), "key given twice");
      if (std::find(kOwn.begin(), kOwn.end(), key) != kOwn.end()) continue;
      if (!IsEndpointKey(key))
        Error(it->first, Join(path, key), "unknown key" + Suggest(key, kOwn));
      SetKey(e.keys, it->first, it->second, path);
    }
    e.name = Required(n, "name", path);
    YAML::Node port = n["port"];
    if (!port) Error(n, Join(path, "port"), "missing");
    e.port = static_cast<uint16_t>(Uint(port, Join(path, "port"), 1, 65535));
    YAML::Node addrs = n["addresses"];
    if (!addrs) Error(n, Join(path, "addresses"), "missing");
    e.addresses = Addrs(addrs, Join(path, "addresses"));
    for (size_t i = 0; i < e.addresses.size(); ++i) {
      bool found = false;
      for (const InterfaceConfig& f : c.interfaces)
        for (const IpPrefix& p : f.addresses)
          found = found || p.address == e.addresses[i];
      if (!found)
        Error(
            addrs[i], Index(Join(path, "addresses"), i),
            e.addresses[i].ToString() + " is not an address of any interface");
    }
    // Two endpoints cannot both own one transport address (RFC 9260 §1.3:
    // IP address + port).
    for (const EndpointConfig& other : c.endpoints) {
      if (other.port != e.port) continue;
      for (const IpAddress& a : e.addresses)
        if (std::find(other.addresses.begin(), other.addresses.end(), a) !=
            other.addresses.end())
          Error(port, Join(path, "port"),
                "port " + std::to_string(e.port) + " on " + a.ToString() +
                    " is already used by endpoint '" + other.name + "'");
    }
    if (auto v = n["app"])
      e.app = Choice<AppKind>(v, Join(path, "app"),
                              {{"echo", AppKind::kEcho},
                               {"discard", AppKind::kDiscard},
                               {"source", AppKind::kSource},
                               {"forward", AppKind::kForward}});
    if (auto s = n["source"]) {
      std::string sp = Join(path, "source");
      CheckKeys(s, sp,
                {"size", "streams", "ppid", "rate", "unordered", "messages",
                 "after"});
      SourceConfig& o = e.source;
      if (auto v = s["size"]) {
        std::string text = Scalar(v, Join(sp, "size"));
        auto size = ParseSize(text);
        // At most 16 MiB: larger messages than any receive buffer here.
        if (!size || *size == 0 || *size > (16u << 20))
          Error(v, Join(sp, "size"),
                "expected a size from 1 to 16MiB, got '" + text + "'");
        o.size = static_cast<uint32_t>(*size);
      }
      if (auto v = s["streams"])
        o.streams =
            static_cast<uint16_t>(Uint(v, Join(sp, "streams"), 1, 65535));
      if (auto v = s["ppid"])
        o.ppid = static_cast<uint32_t>(Uint(v, Join(sp, "ppid"), 0, 0xFFFFFFFFu));
      if (auto v = s["rate"])
        o.rate = Uint(v, Join(sp, "rate"), 0, 100'000'000);
      if (auto v = s["unordered"]) o.unordered = Bool(v, Join(sp, "unordered"));
      if (auto v = s["messages"])
        o.messages = Uint(v, Join(sp, "messages"), 0, UINT64_MAX);
      if (auto v = s["after"])
        o.after = Choice<SourceAfter>(v, Join(sp, "after"),
                                      {{"shutdown", SourceAfter::kShutdown},
                                       {"abort", SourceAfter::kAbort},
                                       {"stay", SourceAfter::kStay}});
      if (e.app != AppKind::kSource)
        Error(s, sp, "only for app: source");
    }
    CheckKeyOrder(e.keys, n, defaults, path);
    return e;
  }

  AssociationConfig LoadAssociation(const YAML::Node& n,
                                    const std::string& path,
                                    const AppConfig& c) const {
    CheckKeys(n, path,
              {"name", "endpoint", "remote", "port", "outbound_streams",
               "reconnect"});
    AssociationConfig a;
    a.name = Required(n, "name", path);
    a.endpoint = Required(n, "endpoint", path);
    if (std::none_of(
            c.endpoints.begin(), c.endpoints.end(),
            [&](const EndpointConfig& e) { return e.name == a.endpoint; }))
      Error(n["endpoint"], Join(path, "endpoint"),
            "no endpoint named '" + a.endpoint + "'");
    YAML::Node remote = n["remote"];
    if (!remote) Error(n, Join(path, "remote"), "missing");
    a.remote = Addrs(remote, Join(path, "remote"));
    YAML::Node port = n["port"];
    if (!port) Error(n, Join(path, "port"), "missing");
    a.port = static_cast<uint16_t>(Uint(port, Join(path, "port"), 1, 65535));
    if (auto v = n["outbound_streams"])
      a.outbound_streams = static_cast<uint16_t>(
          Uint(v, Join(path, "outbound_streams"), 1, 65535));
    if (auto r = n["reconnect"]) {
      std::string rp = Join(path, "reconnect");
      CheckKeys(r, rp, {"initial", "max"});
      if (auto v = r["initial"])
        a.reconnect_initial = Dur(v, Join(rp, "initial"), 1'000'000);
      if (auto v = r["max"])
        a.reconnect_max = Dur(v, Join(rp, "max"), 1'000'000);
      if (a.reconnect_initial > a.reconnect_max)
        Error(r, Join(rp, "initial"),
              "reconnect.initial is above reconnect.max");
    }
    return a;
  }

  void CheckAssociation(const YAML::Node& n, const std::string& path,
                        const std::string& name, const AppConfig& c) const {
    if (std::none_of(
            c.associations.begin(), c.associations.end(),
            [&](const AssociationConfig& a) { return a.name == name; }))
      Error(n, path, "no association named '" + name + "'");
  }

  RouteConfig LoadRoute(const YAML::Node& n, const std::string& path,
                        const AppConfig& c) const {
    CheckKeys(n, path, {"match", "to", "rewrite", "queue"});
    RouteConfig r;
    if (auto m = n["match"]) {
      std::string mp = Join(path, "match");
      CheckKeys(m, mp, {"endpoint", "association", "ppid", "streams"});
      if (auto v = m["endpoint"]) {
        r.match_endpoint = Scalar(v, Join(mp, "endpoint"));
        if (std::none_of(c.endpoints.begin(), c.endpoints.end(),
                         [&](const EndpointConfig& e) {
                           return e.name == *r.match_endpoint;
                         }))
          Error(v, Join(mp, "endpoint"),
                "no endpoint named '" + *r.match_endpoint + "'");
      }
      if (auto v = m["association"]) {
        r.match_association = Scalar(v, Join(mp, "association"));
        CheckAssociation(v, Join(mp, "association"), *r.match_association, c);
      }
      if (auto v = m["ppid"])
        r.match_ppid =
            static_cast<uint32_t>(Uint(v, Join(mp, "ppid"), 0, 0xFFFFFFFFu));
      if (auto v = m["streams"]) {
        std::string s = Scalar(v, Join(mp, "streams"));
        r.match_streams = ParseStreamRange(s);
        if (!r.match_streams)
          Error(
              v, Join(mp, "streams"),
              "expected a stream or range like 0-15 (within 0..65535), got '" +
                  s + "'");
      }
    }
    YAML::Node to = n["to"];
    if (!to) Error(n, Join(path, "to"), "missing");
    std::string tp = Join(path, "to");
    CheckKeys(to, tp, {"association", "group", "balance"});
    if (to["association"] && to["group"])
      Error(to, tp, "give either association or group, not both");
    if (auto v = to["association"]) {
      std::string name = Scalar(v, Join(tp, "association"));
      CheckAssociation(v, Join(tp, "association"), name, c);
      r.to_group.push_back(name);
    } else if (auto g = to["group"]) {
      r.to_is_group = true;
      std::string gp = Join(tp, "group");
      size_t i = 0;
      for (const YAML::Node& e : Seq(g, gp)) {
        std::string name = Scalar(e, Index(gp, i));
        CheckAssociation(e, Index(gp, i++), name, c);
        r.to_group.push_back(name);
      }
      if (r.to_group.empty()) Error(g, gp, "the group is empty");
    } else {
      Error(to, tp, "needs association or group");
    }
    if (auto v = to["balance"])
      r.balance = Choice<Balance>(
          v, Join(tp, "balance"),
          {{"round-robin", Balance::kRoundRobin}, {"hash", Balance::kHash}});
    if (auto w = n["rewrite"]) {
      std::string wp = Join(path, "rewrite");
      CheckKeys(w, wp, {"ppid", "stream"});
      if (auto v = w["ppid"]) {
        if (Scalar(v, Join(wp, "ppid")) != "keep")
          r.rewrite_ppid =
              static_cast<uint32_t>(Uint(v, Join(wp, "ppid"), 0, 0xFFFFFFFFu));
      }
      if (auto v = w["stream"]) {
        if (Scalar(v, Join(wp, "stream")) != "keep")
          r.rewrite_stream =
              static_cast<uint16_t>(Uint(v, Join(wp, "stream"), 0, 65535));
      }
    }
    if (auto v = n["queue"])
      r.queue =
          static_cast<uint32_t>(Uint(v, Join(path, "queue"), 0, 0xFFFFFFFFu));
    return r;
  }

  std::string file_;
};

}  // namespace

Result<AppConfig, ConfigError> LoadConfigString(std::string_view text,
                                                const std::string& name) {
  try {
    YAML::Node root = YAML::Load(std::string(text));
    return Loader(name).Load(root);
  } catch (const Fail& f) {
    return MakeUnexpected(f.error);
  } catch (const YAML::Exception& e) {
    int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    int col = e.mark.is_null() ? 0 : e.mark.column + 1;
    return MakeUnexpected(ConfigError{name, line, col, "", e.msg});
  } catch (const std::exception& e) {
    return MakeUnexpected(ConfigError{name, 0, 0, "", e.what()});
  } catch (...) {
    return MakeUnexpected(ConfigError{name, 0, 0, "", "unexpected error"});
  }
}

Result<AppConfig, ConfigError> LoadConfigFile(const std::string& path) {
  try {
    std::ifstream in(path);
    if (!in)
      return MakeUnexpected(ConfigError{
          path, 0, 0, "", std::string("cannot open: ") + std::strerror(errno)});
    std::ostringstream text;
    text << in.rdbuf();
    return LoadConfigString(text.str(), path);
  } catch (...) {
    return MakeUnexpected(ConfigError{path, 0, 0, "", "cannot read"});
  }
}

}  // namespace dpsctp::config
