#include "drivers/dpdk/telemetry.h"

#include <rte_telemetry.h>

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace dpsctp::dpdk {

// A reply as a tree. Both outputs are rendered from it, so Handle() and the
// socket agree: ToJson() for Handle(), FillTelData() for the DPDK callback.
struct Telemetry::Node {
  enum class Kind : uint8_t { kU64, kInt, kString, kDict };

  Kind kind = Kind::kDict;
  uint64_t u64 = 0;
  int i = 0;
  std::string str;
  std::vector<std::pair<std::string, Node>> dict;

  static Node U64(uint64_t v) {
    Node n;
    n.kind = Kind::kU64;
    n.u64 = v;
    return n;
  }
  static Node Int(int v) {
    Node n;
    n.kind = Kind::kInt;
    n.i = v;
    return n;
  }
  static Node String(std::string_view v);

  // Adds an entry to a dictionary, the key reduced to what rte_tel_data
  // accepts. Entries past RTE_TEL_MAX_DICT_ENTRIES are not added.
  Node& Add(std::string_view key, Node value);
};

namespace {

using Node = Telemetry::Node;

constexpr size_t kMaxText = RTE_TEL_MAX_STRING_LEN - 1;

// rte_tel_data_add_dict_*: "Name strings may only contain alphanumeric
// characters as well as '_' or '/'".
std::string SanitizeKey(std::string_view key) {
  std::string out(key.substr(0, kMaxText));
  for (char& c : out) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_' || c == '/';
    if (!ok) {
      c = '_';
    }
  }
  if (out.empty()) {
    out = "_";
  }
  return out;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  out += '"';
}

void AppendJson(std::string& out, const Node& n) {
  switch (n.kind) {
    case Node::Kind::kU64:
      out += std::to_string(n.u64);
      return;
    case Node::Kind::kInt:
      out += std::to_string(n.i);
      return;
    case Node::Kind::kString:
      AppendJsonString(out, n.str);
      return;
    case Node::Kind::kDict:
      out += '{';
      for (size_t k = 0; k < n.dict.size(); ++k) {
        if (k > 0) {
          out += ',';
        }
        AppendJsonString(out, n.dict[k].first);
        out += ':';
        AppendJson(out, n.dict[k].second);
      }
      out += '}';
      return;
  }
}

std::string ToJson(std::string_view command, const Node& reply) {
  std::string out = "{";
  AppendJsonString(out, command);
  out += ':';
  AppendJson(out, reply);
  out += '}';
  return out;
}

size_t JsonSize(const Node& n) {
  std::string s;
  AppendJson(s, n);
  return s.size();
}

// Fills `d` (a started dictionary) with the entries of `n`.
void FillDict(rte_tel_data* d, const Node& n) {
  for (const auto& [key, value] : n.dict) {
    switch (value.kind) {
      case Node::Kind::kU64:
        rte_tel_data_add_dict_u64(d, key.c_str(), value.u64);
        break;
      case Node::Kind::kInt:
        rte_tel_data_add_dict_int(d, key.c_str(), value.i);
        break;
      case Node::Kind::kString:
        rte_tel_data_add_dict_string(d, key.c_str(), value.str.c_str());
        break;
      case Node::Kind::kDict: {
        // DPDK 22.11 renders a dictionary inside a dictionary, but not
        // inside an array, hence dictionaries keyed by index below.
        rte_tel_data* child = rte_tel_data_alloc();
        if (child == nullptr) {
          break;
        }
        rte_tel_data_start_dict(child);
        FillDict(child, value);
        if (rte_tel_data_add_dict_container(d, key.c_str(), child, 0) != 0) {
          rte_tel_data_free(child);
        }
        break;
      }
    }
  }
}

Node ErrorNode(std::string_view message) {
  Node n;
  n.Add("error", Node::String(message));
  return n;
}

// Parses the decimal number in `text` (the whole of it).
bool ParseNumber(std::string_view text, uint64_t& out) {
  if (text.empty()) {
    return false;
  }
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// Splits "a,b,c" into at most `max` fields; false if there are more.
bool SplitParams(std::string_view params, std::vector<std::string_view>& out,
                 size_t max) {
  out.clear();
  if (params.empty()) {
    return true;
  }
  while (true) {
    const size_t comma = params.find(',');
    out.push_back(params.substr(0, comma));
    if (out.size() > max) {
      return false;
    }
    if (comma == std::string_view::npos) {
      return true;
    }
    params.remove_prefix(comma + 1);
  }
}

Node AssocNode(const AssocReport& a) {
  Node n;
  for (const auto& [key, value] : a.text) {
    n.Add(key, Node::String(value));
  }
  for (const auto& [key, value] : a.numbers) {
    n.Add(key, Node::U64(value));
  }
  return n;
}

constexpr const char* kStats = "/dpsctp/stats";
constexpr const char* kAssocs = "/dpsctp/assocs";
constexpr const char* kShards = "/dpsctp/shards";
constexpr const char* kNotAnswering = "not answering";

}  // namespace

Node Node::String(std::string_view v) {
  Node n;
  n.kind = Kind::kString;
  n.str.assign(v.substr(0, kMaxText));
  // Control characters would need escapes that DPDK and Handle() might
  // spell differently; they have no place in a report anyway.
  for (char& c : n.str) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      c = '?';
    }
  }
  return n;
}

Node& Node::Add(std::string_view key, Node value) {
  if (dict.size() < RTE_TEL_MAX_DICT_ENTRIES) {
    dict.emplace_back(SanitizeKey(key), std::move(value));
  }
  return *this;
}

Telemetry& Telemetry::Instance() {
  // Leaked on purpose: DPDK's telemetry threads may call back during exit.
  static Telemetry* const instance = [] {
    auto* t = new Telemetry();
    rte_telemetry_register_cmd(
        kStats, &Telemetry::Callback,
        "Counters, total and per shard. Parameters: [int shard]");
    rte_telemetry_register_cmd(
        kAssocs, &Telemetry::Callback,
        "A page of associations. Parameters: int shard[,int first]");
    rte_telemetry_register_cmd(kShards, &Telemetry::Callback,
                               "Shard ids and lcores. Takes no parameters");
    return t;
  }();
  return *instance;
}

void Telemetry::AddSource(StatsSource* s) {
  if (s == nullptr) {
    return;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (const Source& existing : sources_) {
    if (existing.source == s) {
      return;
    }
  }
  sources_.push_back(Source{.source = s});
}

void Telemetry::RemoveSource(StatsSource* s) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(sources_, [s](const Source& e) { return e.source == s; });
}

std::string Telemetry::Handle(std::string_view command,
                              std::string_view params) {
  std::lock_guard<std::mutex> lock(mutex_);
  return ToJson(command, Build(command, params));
}

int Telemetry::Callback(const char* command, const char* params,
                        rte_tel_data* data) {
  Telemetry& t = Instance();
  Node reply;
  {
    std::lock_guard<std::mutex> lock(t.mutex_);
    reply = t.Build(command, params != nullptr ? params : "");
  }
  rte_tel_data_start_dict(data);
  FillDict(data, reply);
  return 0;
}

Node Telemetry::Build(std::string_view command, std::string_view params) {
  if (command == kStats) {
    return BuildStats(params);
  }
  if (command == kAssocs) {
    return BuildAssocs(params);
  }
  if (command == kShards) {
    return BuildShards();
  }
  return ErrorNode("unknown command");
}

bool Telemetry::Collect(Source& s, StatsReport& out) {
  out = StatsReport{};
  if (!s.source->CollectStats(out)) {
    return false;
  }
  s.shard = out.shard;
  s.lcore = out.lcore;
  return true;
}

Telemetry::Source* Telemetry::FindShard(uint16_t shard) {
  for (Source& s : sources_) {
    if (s.shard == shard) {
      return &s;
    }
  }
  StatsReport scratch;
  for (Source& s : sources_) {
    if (s.shard < 0 && Collect(s, scratch) && s.shard == shard) {
      return &s;
    }
  }
  return nullptr;
}

Node Telemetry::BuildStats(std::string_view params) {
  std::vector<std::string_view> fields;
  uint64_t wanted = 0;
  if (!params.empty()) {
    if (!SplitParams(params, fields, 1) || !ParseNumber(fields[0], wanted) ||
        wanted > UINT16_MAX) {
      return ErrorNode("usage: /dpsctp/stats[,<shard>]");
    }
    Source* s = FindShard(static_cast<uint16_t>(wanted));
    if (s == nullptr) {
      return ErrorNode("no such shard");
    }
    Node n;
    n.Add("shard", Node::U64(wanted));
    StatsReport report;
    if (!Collect(*s, report)) {
      n.Add("error", Node::String(kNotAnswering));
      return n;
    }
    n.Add("lcore", Node::Int(report.lcore));
    for (const auto& [name, value] : report.counters) {
      n.Add(name, Node::U64(value));
    }
    return n;
  }

  // Every shard, in shard order; sources that never answered go last.
  struct Answer {
    int shard;
    size_t source_index;
    bool ok;
    StatsReport report;
  };
  std::vector<Answer> answers;
  for (size_t k = 0; k < sources_.size(); ++k) {
    Answer a{.shard = -1, .source_index = k, .ok = false, .report = {}};
    a.ok = Collect(sources_[k], a.report);
    a.shard = sources_[k].shard;
    answers.push_back(std::move(a));
  }
  std::stable_sort(answers.begin(), answers.end(),
                   [](const Answer& x, const Answer& y) {
                     return static_cast<unsigned>(x.shard) <
                            static_cast<unsigned>(y.shard);
                   });

  // Totals keep the order in which names first appear.
  std::vector<std::pair<std::string, uint64_t>> totals;
  for (const Answer& a : answers) {
    if (!a.ok) {
      continue;
    }
    for (const auto& [name, value] : a.report.counters) {
      auto it = std::find_if(totals.begin(), totals.end(),
                             [&name](const auto& t) { return t.first == name; });
      if (it == totals.end()) {
        totals.emplace_back(name, value);
      } else {
        it->second += value;
      }
    }
  }

  Node n;
  for (const auto& [name, value] : totals) {
    if (n.dict.size() + 1 >= RTE_TEL_MAX_DICT_ENTRIES) {
      break;  // keep room for "shards"
    }
    n.Add(name, Node::U64(value));
  }
  Node shards;
  Node lean;  // the same without counters, for when the full reply is long
  for (const Answer& a : answers) {
    const std::string key = a.shard >= 0
                                ? std::to_string(a.shard)
                                : "source" + std::to_string(a.source_index);
    Node shard;
    Node shard_lean;
    if (a.ok) {
      shard.Add("lcore", Node::Int(a.report.lcore));
      shard_lean.Add("lcore", Node::Int(a.report.lcore));
      for (const auto& [name, value] : a.report.counters) {
        shard.Add(name, Node::U64(value));
      }
    } else {
      shard.Add("error", Node::String(kNotAnswering));
      shard_lean.Add("error", Node::String(kNotAnswering));
    }
    shards.Add(key, std::move(shard));
    lean.Add(key, std::move(shard_lean));
  }
  Node full = n;
  full.Add("shards", std::move(shards));
  if (ToJson(kStats, full).size() <= kReplyBudget) {
    return full;
  }
  n.Add("shards", std::move(lean));
  return n;
}

Node Telemetry::BuildAssocs(std::string_view params) {
  std::vector<std::string_view> fields;
  uint64_t shard = 0;
  uint64_t first = 0;
  if (!SplitParams(params, fields, 2) || fields.empty() ||
      !ParseNumber(fields[0], shard) || shard > UINT16_MAX ||
      (fields.size() == 2 && !ParseNumber(fields[1], first))) {
    return ErrorNode("usage: /dpsctp/assocs,<shard>[,<first>]");
  }
  Source* s = FindShard(static_cast<uint16_t>(shard));
  if (s == nullptr) {
    return ErrorNode("no such shard");
  }
  Node n;
  n.Add("shard", Node::U64(shard));
  std::vector<AssocReport> page;
  size_t total = 0;
  if (!s->source->CollectAssocs(first, kMaxAssocsPerPage, page, total)) {
    n.Add("error", Node::String(kNotAnswering));
    return n;
  }
  if (page.size() > kMaxAssocsPerPage) {
    page.resize(kMaxAssocsPerPage);
  }
  // Keep as many as fit in the reply buffer, at least one so that paging
  // always advances. Room is left for the header fields and the worst-case
  // "next" entry (the numbers are at most 20 digits).
  constexpr size_t kHeaderRoom = 200;
  size_t used = std::string_view(kAssocs).size() + kHeaderRoom;
  Node assocs;
  size_t kept = 0;
  for (const AssocReport& a : page) {
    Node entry = AssocNode(a);
    const std::string key = std::to_string(first + kept);
    const size_t size = JsonSize(entry) + key.size() + 4;
    if (kept > 0 && used + size > kReplyBudget) {
      break;
    }
    used += size;
    assocs.Add(key, std::move(entry));
    ++kept;
  }
  n.Add("total", Node::U64(total));
  n.Add("first", Node::U64(first));
  n.Add("count", Node::U64(kept));
  if (first + kept < total) {
    n.Add("next", Node::U64(first + kept));
  }
  n.Add("assocs", std::move(assocs));
  return n;
}

Node Telemetry::BuildShards() {
  StatsReport scratch;
  std::vector<std::pair<int, Node>> rows;
  std::vector<std::pair<std::string, Node>> silent;
  for (size_t k = 0; k < sources_.size(); ++k) {
    Source& s = sources_[k];
    Node row;
    if (Collect(s, scratch)) {
      row.Add("lcore", Node::Int(s.lcore));
      rows.emplace_back(s.shard, std::move(row));
      continue;
    }
    row.Add("error", Node::String(kNotAnswering));
    if (s.shard >= 0) {
      rows.emplace_back(s.shard, std::move(row));
    } else {
      silent.emplace_back("source" + std::to_string(k), std::move(row));
    }
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  Node n;
  for (auto& [shard, row] : rows) {
    n.Add(std::to_string(shard), std::move(row));
  }
  for (auto& [key, row] : silent) {
    n.Add(key, std::move(row));
  }
  return n;
}

}  // namespace dpsctp::dpdk
