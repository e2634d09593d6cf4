#include "app/dpsctp-perf/report.h"

#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

#include "app/common/json.h"
#include "config/set_option.h"

namespace dpsctp::perf {
namespace {

using app::JsonQuote;

std::string Number(double v) {
  char text[64];
  std::snprintf(text, sizeof text, "%.10g", v);
  return text;
}

std::string Fixed(double v, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

// {"k":v,...} from pairs whose values are already JSON.
std::string Object(const std::vector<std::pair<std::string, std::string>>& f) {
  std::string out = "{";
  for (size_t i = 0; i < f.size(); ++i) {
    if (i != 0) out += ',';
    out += JsonQuote(f[i].first) + ":" + f[i].second;
  }
  return out + "}";
}

std::string Bool(bool b) { return b ? "true" : "false"; }

std::string Settings(const PerfOptions& o) {
  std::vector<std::pair<std::string, std::string>> s;
  s.emplace_back("command", JsonQuote(CommandName(o.command)));
  if (o.command != Command::kServer) {
    s.emplace_back("mode", JsonQuote(ModeName(o.mode)));
    s.emplace_back("size", std::to_string(o.size));
    s.emplace_back("streams", std::to_string(o.streams));
    s.emplace_back("unordered", Bool(o.unordered));
    s.emplace_back("assocs", std::to_string(o.assocs));
  }
  s.emplace_back("lcores", std::to_string(o.lcores));
  if (o.count != 0) {
    s.emplace_back("count", std::to_string(o.count));
  } else if (o.command != Command::kServer || o.duration_given) {
    s.emplace_back("duration", Number(o.duration));
  }
  if (o.command != Command::kLoopback) {
    std::string a = "[";
    for (size_t i = 0; i < o.address_texts.size(); ++i) {
      if (i != 0) a += ',';
      a += JsonQuote(o.address_texts[i]);
    }
    s.emplace_back("address", a + "]");
  }
  if (o.command == Command::kClient) {
    s.emplace_back("remote", JsonQuote(o.remote_text));
  }
  if (o.command == Command::kServer) {
    s.emplace_back("listen", std::to_string(o.listen));
    s.emplace_back("app", JsonQuote(ServerKindName(o.app)));
  }
  s.emplace_back("eal", JsonQuote(o.eal_text));
  s.emplace_back("idle", JsonQuote(IdleName(o.idle)));
  std::vector<std::pair<std::string, std::string>> sets;
  for (const auto& [k, v] : o.sets) sets.emplace_back(k, JsonQuote(v));
  s.emplace_back("set", Object(sets));
  // The endpoint keys in force (defaults and --set), as --set reads them.
  std::vector<std::pair<std::string, std::string>> keys;
  for (std::string_view k : config::EndpointKeyNames()) {
    keys.emplace_back(std::string(k),
                      JsonQuote(config::GetEndpointKey(o.keys, k)));
  }
  s.emplace_back("endpoint", Object(keys));
  s.emplace_back("json", Bool(o.json));
  s.emplace_back("progress", Bool(o.progress));
  return Object(s);
}

std::string Errors(const RunErrors& e) {
  return Object({
      {"associations_lost", std::to_string(e.associations_lost)},
      {"associate_failures", std::to_string(e.associate_failures)},
      {"send_failures", std::to_string(e.send_failures)},
      {"bad_messages", std::to_string(e.bad_messages)},
      {"aborted_at_close", std::to_string(e.aborted_at_close)},
      {"mbufs_not_returned", std::to_string(e.mbufs_not_returned)},
  });
}

double Us(uint64_t ns) { return static_cast<double>(ns) / 1000.0; }

std::string ErrorsLine(const RunErrors& e) {
  std::string out;
  auto add = [&out](const char* name, uint64_t v) {
    if (v == 0) return;
    if (!out.empty()) out += ", ";
    out += std::string(name) + " " + std::to_string(v);
  };
  add("associations lost", e.associations_lost);
  add("associate failures", e.associate_failures);
  add("send failures", e.send_failures);
  add("bad messages", e.bad_messages);
  add("aborted at close", e.aborted_at_close);
  add("mbufs not returned", e.mbufs_not_returned);
  return out.empty() ? "none" : out;
}

}  // namespace

std::string ResultJson(const PerfOptions& o, const RunResult& r) {
  std::vector<std::pair<std::string, std::string>> f;
  f.emplace_back("type", JsonQuote("result"));
  f.emplace_back("mode", JsonQuote(ModeName(o.mode)));
  f.emplace_back("settings", Settings(o));
  const double s = r.seconds > 0 ? r.seconds : 1e-9;
  if (o.mode != Mode::kSetup) {
    f.emplace_back("messages", std::to_string(r.messages));
    f.emplace_back("bytes", std::to_string(r.bytes));
  }
  f.emplace_back("seconds", Number(r.seconds));
  if (o.mode == Mode::kThroughput) {
    f.emplace_back("msgs_per_s", Number(r.messages / s));
    f.emplace_back("bytes_per_s", Number(r.bytes / s));
    f.emplace_back("gbit_per_s", Number(r.bytes * 8.0 / s / 1e9));
  } else if (o.mode == Mode::kLatency) {
    f.emplace_back("msgs_per_s", Number(r.messages / s));
    const LatencyHistogram& h = r.latency;
    f.emplace_back("latency_us",
                   Object({{"min", Number(Us(h.min()))},
                           {"p50", Number(Us(h.Percentile(0.50)))},
                           {"p90", Number(Us(h.Percentile(0.90)))},
                           {"p99", Number(Us(h.Percentile(0.99)))},
                           {"p999", Number(Us(h.Percentile(0.999)))},
                           {"max", Number(Us(h.max()))},
                           {"mean", Number(h.mean() / 1000.0)}}));
  } else {
    f.emplace_back("setups", std::to_string(r.setups));
    f.emplace_back("setups_per_s", Number(r.setups / s));
  }
  f.emplace_back("stop", JsonQuote(r.stop_reason));
  f.emplace_back("errors", Errors(r.errors));
  return Object(f);
}

std::string ResultTable(const PerfOptions& o, const RunResult& r) {
  const double s = r.seconds > 0 ? r.seconds : 1e-9;
  std::string out = std::string("dpsctp-perf ") + CommandName(o.command) +
                    " " + ModeName(o.mode) + ": size " +
                    std::to_string(o.size) + " B, streams " +
                    std::to_string(o.streams) +
                    (o.unordered ? " unordered" : " ordered") + ", assocs " +
                    std::to_string(o.assocs) + ", lcores " +
                    std::to_string(o.lcores) + "\n";
  auto row = [&out](const char* name, const std::string& value) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-14s %s\n", name, value.c_str());
    out += line;
  };
  row("seconds", Fixed(r.seconds, 3));
  if (o.mode == Mode::kThroughput) {
    row("messages", std::to_string(r.messages));
    row("bytes", std::to_string(r.bytes));
    row("msgs/s", Fixed(r.messages / s, 0));
    row("bytes/s", Fixed(r.bytes / s, 0));
    row("Gbit/s", Fixed(r.bytes * 8.0 / s / 1e9, 3) + " (payload)");
  } else if (o.mode == Mode::kLatency) {
    const LatencyHistogram& h = r.latency;
    row("round trips", std::to_string(r.messages));
    row("round trips/s", Fixed(r.messages / s, 0));
    row("latency us", "min " + Fixed(Us(h.min()), 1) + "  p50 " +
                          Fixed(Us(h.Percentile(0.5)), 1) + "  p90 " +
                          Fixed(Us(h.Percentile(0.9)), 1) + "  p99 " +
                          Fixed(Us(h.Percentile(0.99)), 1) + "  p99.9 " +
                          Fixed(Us(h.Percentile(0.999)), 1) + "  max " +
                          Fixed(Us(h.max()), 1));
  } else {
    row("setups", std::to_string(r.setups));
    row("setups/s", Fixed(r.setups / s, 0));
  }
  row("errors", ErrorsLine(r.errors));
  out.pop_back();  // the caller ends the line
  return out;
}

std::string ServerJson(const PerfOptions& o, const ServerSummary& s) {
  return Object({{"type", JsonQuote("summary")},
                 {"settings", Settings(o)},
                 {"seconds", Number(s.seconds)},
                 {"associations", std::to_string(s.associations)},
                 {"closed", std::to_string(s.closed)},
                 {"messages", std::to_string(s.messages)},
                 {"bytes", std::to_string(s.bytes)},
                 {"echoed", std::to_string(s.echoed)},
                 {"echoed_bytes", std::to_string(s.echoed_bytes)},
                 {"errors", Errors(s.errors)}});
}

std::string ServerTable(const PerfOptions& o, const ServerSummary& s) {
  std::string out = std::string("dpsctp-perf server (") +
                    ServerKindName(o.app) + ", port " +
                    std::to_string(o.listen) + ")\n";
  auto row = [&out](const char* name, const std::string& value) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-14s %s\n", name, value.c_str());
    out += line;
  };
  row("seconds", Fixed(s.seconds, 3));
  row("associations", std::to_string(s.associations));
  row("messages", std::to_string(s.messages));
  row("bytes", std::to_string(s.bytes));
  row("echoed", std::to_string(s.echoed));
  row("errors", ErrorsLine(s.errors));
  out.pop_back();
  return out;
}

}  // namespace dpsctp::perf
