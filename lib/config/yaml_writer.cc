#include "config/yaml_writer.h"

#include <cstdio>

#include "config/set_option.h"
#include "config/units.h"

namespace dpsctp::config {
namespace {

// A double-quoted YAML scalar: safe for any text (ports with commas, EAL
// arguments starting with '-'); control characters escaped, since a raw
// line break inside quotes is folded into a space when read back. Other
// bytes (UTF-8) pass through.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (u < 0x20 || u == 0x7f) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", u);
      out += esc;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

template <typename T, typename F>
std::string List(const std::vector<T>& items, F format) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += format(items[i]);
  }
  return out + "]";
}

std::string AddrText(const IpAddress& a) { return Quote(a.ToString()); }

const char* IdleName(IdleMode m) {
  switch (m) {
    case IdleMode::kSpin:
      return "spin";
    case IdleMode::kPause:
      return "pause";
    case IdleMode::kSleep:
      return "sleep";
  }
  return "sleep";
}

const char* AppName(AppKind a) {
  switch (a) {
    case AppKind::kEcho:
      return "echo";
    case AppKind::kDiscard:
      return "discard";
    case AppKind::kSource:
      return "source";
    case AppKind::kForward:
      return "forward";
  }
  return "echo";
}

}  // namespace

std::string ToYaml(const AppConfig& c) {
  std::string y;
  y += "dpdk:\n";
  y += "  eal: " + List(c.dpdk.eal, Quote) + "\n";
  y += "  workers: " +
       List(c.dpdk.workers, [](uint32_t w) { return std::to_string(w); }) +
       "\n";
  y += "  mbufs: " + std::to_string(c.dpdk.mbufs) + "\n";
  y += std::string("  idle: ") + IdleName(c.dpdk.idle) + "\n";

  y += c.interfaces.empty() ? "interfaces: []\n" : "interfaces:\n";
  for (const InterfaceConfig& f : c.interfaces) {
    y += "  - name: " + Quote(f.name) + "\n";
    y += "    port: " + Quote(f.port) + "\n";
    y += "    mtu: " + std::to_string(f.mtu) + "\n";
    if (f.vlan) y += "    vlan: " + std::to_string(*f.vlan) + "\n";
    y += "    addresses: " +
         List(f.addresses,
              [](const IpPrefix& p) { return Quote(FormatIpPrefix(p)); }) +
         "\n";
    if (f.gateway) y += "    gateway: " + AddrText(*f.gateway) + "\n";
  }

  y += "defaults:\n";
  for (std::string_view k : EndpointKeyNames())
    y += "  " + std::string(k) + ": " + GetEndpointKey(c.defaults, k) + "\n";

  y += c.endpoints.empty() ? "endpoints: []\n" : "endpoints:\n";
  for (const EndpointConfig& e : c.endpoints) {
    y += "  - name: " + Quote(e.name) + "\n";
    y += "    port: " + std::to_string(e.port) + "\n";
    y += "    addresses: " + List(e.addresses, AddrText) + "\n";
    y += std::string("    app: ") + AppName(e.app) + "\n";
    if (e.app == AppKind::kSource) {
      const SourceConfig& s = e.source;
      y += "    source: {size: " + FormatSize(s.size) +
           ", streams: " + std::to_string(s.streams) +
           ", ppid: " + std::to_string(s.ppid) +
           ", rate: " + std::to_string(s.rate) +
           ", unordered: " + (s.unordered ? "true" : "false") +
           ", messages: " + std::to_string(s.messages) + ", after: " +
           (s.after == SourceAfter::kShutdown ? "shutdown"
            : s.after == SourceAfter::kAbort  ? "abort"
                                              : "stay") +
           "}\n";
    }
    for (std::string_view k : EndpointKeyNames()) {
      std::string v = GetEndpointKey(e.keys, k);
      if (v != GetEndpointKey(c.defaults, k))
        y += "    " + std::string(k) + ": " + v + "\n";
    }
  }

  y += c.associations.empty() ? "associations: []\n" : "associations:\n";
  for (const AssociationConfig& a : c.associations) {
    y += "  - name: " + Quote(a.name) + "\n";
    y += "    endpoint: " + Quote(a.endpoint) + "\n";
    y += "    remote: " + List(a.remote, AddrText) + "\n";
    y += "    port: " + std::to_string(a.port) + "\n";
    y += "    outbound_streams: " + std::to_string(a.outbound_streams) + "\n";
    y += "    reconnect: {initial: " + FormatDuration(a.reconnect_initial) +
         ", max: " + FormatDuration(a.reconnect_max) + "}\n";
  }

  y += c.routes.empty() ? "routes: []\n" : "routes:\n";
  for (const RouteConfig& r : c.routes) {
    std::string match;
    auto add = [&match](const std::string& part) {
      match += (match.empty() ? "" : ", ") + part;
    };
    if (r.match_endpoint) add("endpoint: " + Quote(*r.match_endpoint));
    if (r.match_association) add("association: " + Quote(*r.match_association));
    if (r.match_ppid) add("ppid: " + std::to_string(*r.match_ppid));
    if (r.match_streams)
      add("streams: \"" + std::to_string(r.match_streams->first) + "-" +
          std::to_string(r.match_streams->last) + "\"");
    y += "  - match: {" + match + "}\n";
    if (r.to_is_group || r.to_group.size() != 1)
      y += "    to: {group: " + List(r.to_group, Quote);
    else
      y += "    to: {association: " + Quote(r.to_group.front());
    y += std::string(", balance: ") +
         (r.balance == Balance::kHash ? "hash" : "round-robin") + "}\n";
    y += "    rewrite: {ppid: " +
         (r.rewrite_ppid ? std::to_string(*r.rewrite_ppid) : "keep") +
         ", stream: " +
         (r.rewrite_stream ? std::to_string(*r.rewrite_stream) : "keep") +
         "}\n";
    y += "    queue: " + std::to_string(r.queue) + "\n";
  }

  y += "stats:\n";
  y += "  interval: " + FormatDuration(c.stats.interval) + "\n";
  y += "  output: " + Quote(c.stats.output) + "\n";
  y += std::string("telemetry: ") + (c.telemetry ? "true" : "false") + "\n";
  y += "pcap: " + (c.pcap ? Quote(*c.pcap) : std::string("null")) + "\n";
  y += "duration: " + FormatDuration(c.duration) + "\n";
  return y;
}

}  // namespace dpsctp::config
