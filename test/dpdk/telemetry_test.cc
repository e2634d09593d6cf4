// drivers/dpdk/telemetry: the /dpsctp/* commands, checked both through
// Telemetry::Handle() and through DPDK's telemetry socket, with the EAL
// started with telemetry on (no --no-telemetry) and fake stats sources.
//
// The EAL initializes once per process, so the test cases share one fixture
// (Env()). Telemetry is a process-wide singleton: each test case registers
// its sources through a Registration that removes them again.
#include <rte_eal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drivers/dpdk/eal.h"
#include "drivers/dpdk/telemetry.h"
#include "test/support/quiet_check.h"

namespace dpsctp::dpdk {
namespace {

// ---------------------------------------------------------------------------
// A minimal JSON reader: enough to look up keys and values in the replies.
// Its checks are quiet (QREQUIRE): the paging test reads thousands of values.

struct Json {
  enum class Type : uint8_t { kNull, kBool, kNumber, kString, kObject, kArray };
  Type type = Type::kNull;
  std::string text;  // a number's digits, or a string's (unescaped) value
  std::vector<std::pair<std::string, Json>> object;
  std::vector<Json> array;

  const Json* Get(std::string_view key) const {
    for (const auto& [k, v] : object) {
      if (k == key) {
        return &v;
      }
    }
    return nullptr;
  }
  bool Has(std::string_view key) const { return Get(key) != nullptr; }
  // The number under `key`; fails the test if it is missing.
  long long Number(std::string_view key) const {
    const Json* v = Get(key);
    INFO("key " << key);
    QREQUIRE(v != nullptr);
    QREQUIRE(v->type == Type::kNumber);
    return std::stoll(v->text);
  }
  std::string String(std::string_view key) const {
    const Json* v = Get(key);
    INFO("key " << key);
    QREQUIRE(v != nullptr);
    QREQUIRE(v->type == Type::kString);
    return v->text;
  }
  const Json& Object(std::string_view key) const {
    const Json* v = Get(key);
    INFO("key " << key);
    QREQUIRE(v != nullptr);
    QREQUIRE(v->type == Type::kObject);
    return *v;
  }
  bool operator==(const Json& o) const {
    return type == o.type && text == o.text && object == o.object &&
           array == o.array;
  }
};

class JsonParser {
 public:
  explicit JsonParser(std::string_view s) : s_(s) {}

  std::optional<Json> Parse() {
    Json v;
    if (!Value(v)) {
      return std::nullopt;
    }
    Skip();
    if (pos_ != s_.size()) {
      return std::nullopt;
    }
    return v;
  }

 private:
  void Skip() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' ||
            s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Eat(char c) {
    Skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) {
      return false;
    }
    pos_ += word.size();
    return true;
  }
  bool String(std::string& out) {
    if (!Eat('"')) {
      return false;
    }
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c == '\\') {
        if (pos_ >= s_.size()) {
          return false;
        }
        c = s_[pos_++];
        if (c == 'n') {
          c = '\n';
        } else if (c == 't') {
          c = '\t';
        } else if (c == 'u') {
          return false;  // not produced by these tests
        }
      }
      out += c;
    }
    return Eat('"');
  }
  bool Value(Json& v) {
    Skip();
    if (pos_ >= s_.size()) {
      return false;
    }
    const char c = s_[pos_];
    if (c == '{') {
      ++pos_;
      v.type = Json::Type::kObject;
      if (Eat('}')) {
        return true;
      }
      do {
        std::string key;
        Json member;
        if (!String(key) || !Eat(':') || !Value(member)) {
          return false;
        }
        v.object.emplace_back(std::move(key), std::move(member));
      } while (Eat(','));
      return Eat('}');
    }
    if (c == '[') {
      ++pos_;
      v.type = Json::Type::kArray;
      if (Eat(']')) {
        return true;
      }
      do {
        Json element;
        if (!Value(element)) {
          return false;
        }
        v.array.push_back(std::move(element));
      } while (Eat(','));
      return Eat(']');
    }
    if (c == '"') {
      v.type = Json::Type::kString;
      return String(v.text);
    }
    if (c == 'n') {
      v.type = Json::Type::kNull;
      return Literal("null");
    }
    if (c == 't' || c == 'f') {
      v.type = Json::Type::kBool;
      v.text = c == 't' ? "true" : "false";
      return Literal(v.text);
    }
    v.type = Json::Type::kNumber;
    const size_t start = pos_;
    while (pos_ < s_.size() &&
           (s_[pos_] == '-' || (s_[pos_] >= '0' && s_[pos_] <= '9'))) {
      ++pos_;
    }
    v.text = std::string(s_.substr(start, pos_ - start));
    return !v.text.empty();
  }

  std::string_view s_;
  size_t pos_ = 0;
};

Json ParseJson(std::string_view text) {
  INFO(text);
  std::optional<Json> v = JsonParser(text).Parse();
  QREQUIRE(v.has_value());
  return *std::move(v);
}

// The body of a reply {"<command>": body}.
Json Body(std::string_view reply, std::string_view command) {
  Json top = ParseJson(reply);
  QREQUIRE(top.type == Json::Type::kObject);
  QREQUIRE(top.object.size() == 1);
  QREQUIRE(top.object[0].first == command);
  return top.object[0].second;
}

// ---------------------------------------------------------------------------
// The EAL, with its telemetry socket.

struct Env {
  std::optional<Eal> eal;
  std::string runtime_dir;
  std::string init_error;

  Env() {
    std::vector<std::string> args = NoHugepageArgs("telemetry_test");
    std::erase(args, std::string("--no-telemetry"));
    auto r = Eal::Init(args);
    if (!r) {
      init_error = r.error().ToString();
      return;
    }
    eal.emplace(std::move(r).value());
    runtime_dir = rte_eal_get_runtime_dir();
    Telemetry::Instance();  // registers the commands
  }
  ~Env() {
    // DPDK removes its socket only at exit, after this destructor; remove it
    // now so that the EAL can remove the (then empty) runtime directory.
    if (!runtime_dir.empty()) {
      unlink(SocketPath().c_str());
    }
    eal.reset();
  }
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  std::string SocketPath() const { return runtime_dir + "/dpdk_telemetry.v2"; }
};

Env& ReadyEnv() {
  static Env env;
  INFO(env.init_error);
  REQUIRE(env.init_error.empty());
  return env;
}

// One connection to the telemetry socket (SOCK_SEQPACKET: one read, one
// message). Reads time out after 10 s instead of hanging the test.
class TelemetryClient {
 public:
  explicit TelemetryClient(const std::string& path) {
    fd_ = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    REQUIRE(fd_ >= 0);
    timeval timeout{.tv_sec = 10, .tv_usec = 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof(addr.sun_path));
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    INFO(path << ": " << std::strerror(errno));
    REQUIRE(connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) ==
            0);
    info_ = Read();
  }
  ~TelemetryClient() { close(fd_); }
  TelemetryClient(const TelemetryClient&) = delete;
  TelemetryClient& operator=(const TelemetryClient&) = delete;

  const std::string& info() const { return info_; }

  // Sends "<command>[,<params>]" and returns the reply.
  std::string Command(std::string_view text) {
    REQUIRE(write(fd_, text.data(), text.size()) ==
            static_cast<ssize_t>(text.size()));
    return Read();
  }

 private:
  std::string Read() {
    std::string buf(64 * 1024, '\0');
    const ssize_t n = read(fd_, buf.data(), buf.size());
    INFO(std::strerror(errno));
    REQUIRE(n > 0);
    buf.resize(static_cast<size_t>(n));
    return buf;
  }

  int fd_ = -1;
  std::string info_;
};

// ---------------------------------------------------------------------------
// Fake sources.

class FakeSource : public StatsSource {
 public:
  FakeSource(uint16_t shard, int lcore,
             std::vector<std::pair<std::string, uint64_t>> counters,
             size_t assocs = 0)
      : shard_(shard), lcore_(lcore), counters_(std::move(counters)),
        assocs_(assocs) {}

  bool CollectStats(StatsReport& out) override {
    ++stats_calls;
    if (!answering) {
      return false;
    }
    out.shard = shard_;
    out.lcore = lcore_;
    out.counters = counters_;
    return true;
  }

  // Association i: state, peer text and a few numbers derived from i.
  bool CollectAssocs(size_t first, size_t max, std::vector<AssocReport>& out,
                     size_t& total) override {
    if (!answering) {
      return false;
    }
    total = assocs_;
    for (size_t i = first; i < assocs_ && out.size() < max; ++i) {
      AssocReport a;
      a.text.emplace_back("state", i % 2 == 0 ? "ESTABLISHED" : "SHUTDOWN_SENT");
      a.text.emplace_back("peer", "10.0." + std::to_string(i / 256) + "." +
                                      std::to_string(i % 256) + ":5000");
      a.numbers.emplace_back("local_tag", 0x10000000u + i);
      a.numbers.emplace_back("peer_tag", 0x20000000u + i);
      a.numbers.emplace_back("rto_ms", 1000 + i % 7);
      a.numbers.emplace_back("outstanding_bytes", i * 3);
      // The rest of a realistic report, so a page is cut by size, not count.
      for (const char* name :
           {"cwnd", "ssthresh", "peer_rwnd", "srtt_ms", "rttvar_ms",
            "next_tsn", "cumulative_tsn_ack", "streams_out", "streams_in",
            "retransmissions", "fast_retransmissions", "t3_expiries"}) {
        a.numbers.emplace_back(name, 4000000000u + i);
      }
      out.push_back(std::move(a));
    }
    return true;
  }

  bool answering = true;
  int stats_calls = 0;

 private:
  uint16_t shard_;
  int lcore_;
  std::vector<std::pair<std::string, uint64_t>> counters_;
  size_t assocs_;
};

// Adds sources to Telemetry::Instance() for the scope of a test case.
class Registration {
 public:
  Registration(std::initializer_list<StatsSource*> sources)
      : sources_(sources) {
    for (StatsSource* s : sources_) {
      Telemetry::Instance().AddSource(s);
    }
  }
  ~Registration() {
    for (StatsSource* s : sources_) {
      Telemetry::Instance().RemoveSource(s);
    }
  }
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;

 private:
  std::vector<StatsSource*> sources_;
};

// The reply on the socket, checked equal to Handle()'s text.
std::string AskBoth(TelemetryClient& client, std::string_view command,
                    std::string_view params) {
  std::string line(command);
  if (!params.empty()) {
    line += ",";
    line += params;
  }
  const std::string socket_reply = client.Command(line);
  const std::string handled = Telemetry::Instance().Handle(command, params);
  CHECK(socket_reply == handled);
  return socket_reply;
}

// ---------------------------------------------------------------------------

TEST_CASE("Telemetry: the socket answers with DPDK's info and our commands",
          "[dpdk]") {
  Env& env = ReadyEnv();
  TelemetryClient client(env.SocketPath());
  const Json info = ParseJson(client.info());
  CHECK(info.Number("max_output_len") ==
        static_cast<long long>(Telemetry::kMaxOutputLen));
  CHECK(info.Number("pid") == getpid());

  const Json list = Body(client.Command("/"), "/");
  REQUIRE(list.type == Json::Type::kArray);
  std::set<std::string> commands;
  for (const Json& c : list.array) {
    commands.insert(c.text);
  }
  CHECK(commands.count("/dpsctp/stats") == 1);
  CHECK(commands.count("/dpsctp/assocs") == 1);
  CHECK(commands.count("/dpsctp/shards") == 1);
}

TEST_CASE("Telemetry: /dpsctp/stats sums counters and lists each shard",
          "[dpdk]") {
  Env& env = ReadyEnv();
  FakeSource a(0, 1, {{"rx_packets", 100}, {"tx_packets", 7}});
  FakeSource b(1, 2, {{"rx_packets", 50}, {"drops_bad_vtag", 3}});
  Registration reg{&b, &a};  // added out of shard order
  TelemetryClient client(env.SocketPath());

  const Json stats = Body(AskBoth(client, "/dpsctp/stats", ""),
                          "/dpsctp/stats");
  CHECK(stats.Number("rx_packets") == 150);
  CHECK(stats.Number("tx_packets") == 7);
  CHECK(stats.Number("drops_bad_vtag") == 3);
  const Json& shards = stats.Object("shards");
  REQUIRE(shards.object.size() == 2);
  CHECK(shards.object[0].first == "0");  // shard order
  CHECK(shards.object[1].first == "1");
  const Json& s0 = shards.Object("0");
  CHECK(s0.Number("lcore") == 1);
  CHECK(s0.Number("rx_packets") == 100);
  CHECK(s0.Number("tx_packets") == 7);
  CHECK_FALSE(s0.Has("drops_bad_vtag"));
  const Json& s1 = shards.Object("1");
  CHECK(s1.Number("lcore") == 2);
  CHECK(s1.Number("rx_packets") == 50);
  CHECK(s1.Number("drops_bad_vtag") == 3);
}

TEST_CASE("Telemetry: /dpsctp/stats,<shard> reports only that shard",
          "[dpdk]") {
  Env& env = ReadyEnv();
  FakeSource a(0, 1, {{"rx_packets", 100}});
  FakeSource b(3, 4, {{"rx_packets", 50}, {"timeouts_t3", 9}});
  Registration reg{&a, &b};
  TelemetryClient client(env.SocketPath());

  const Json one = Body(AskBoth(client, "/dpsctp/stats", "3"),
                        "/dpsctp/stats");
  CHECK(one.Number("shard") == 3);
  CHECK(one.Number("lcore") == 4);
  CHECK(one.Number("rx_packets") == 50);
  CHECK(one.Number("timeouts_t3") == 9);
  CHECK_FALSE(one.Has("shards"));

  CHECK(Body(AskBoth(client, "/dpsctp/stats", "2"), "/dpsctp/stats")
            .String("error") == "no such shard");
  for (const char* bad : {"x", "1,2", "-1", "70000", "3x"}) {
    INFO(bad);
    CHECK(Body(AskBoth(client, "/dpsctp/stats", bad), "/dpsctp/stats")
              .String("error")
              .find("usage") == 0);
  }
}

TEST_CASE("Telemetry: a shard that does not answer shows as an error entry",
          "[dpdk]") {
  Env& env = ReadyEnv();
  FakeSource a(0, 1, {{"rx_packets", 100}}, 10);
  FakeSource b(1, 2, {{"rx_packets", 50}}, 10);
  FakeSource silent_from_start(5, 6, {{"rx_packets", 1}});
  silent_from_start.answering = false;
  Registration reg{&a, &b, &silent_from_start};
  TelemetryClient client(env.SocketPath());

  // b answers once, so its shard id is known when it stops answering.
  CHECK(Body(AskBoth(client, "/dpsctp/shards", ""), "/dpsctp/shards")
            .Object("1")
            .Number("lcore") == 2);
  b.answering = false;

  const Json stats = Body(AskBoth(client, "/dpsctp/stats", ""),
                          "/dpsctp/stats");
  CHECK(stats.Number("rx_packets") == 100);  // only the answering shard
  const Json& shards = stats.Object("shards");
  CHECK(shards.Object("0").Number("rx_packets") == 100);
  CHECK(shards.Object("1").String("error") == "not answering");
  // Never answered: known only by its place in the list of sources.
  CHECK(shards.Object("source2").String("error") == "not answering");

  const Json list = Body(AskBoth(client, "/dpsctp/shards", ""),
                         "/dpsctp/shards");
  CHECK(list.Object("0").Number("lcore") == 1);
  CHECK(list.Object("1").String("error") == "not answering");
  CHECK(list.Object("source2").String("error") == "not answering");

  CHECK(Body(AskBoth(client, "/dpsctp/stats", "1"), "/dpsctp/stats")
            .String("error") == "not answering");
  CHECK(Body(AskBoth(client, "/dpsctp/assocs", "1"), "/dpsctp/assocs")
            .String("error") == "not answering");
  CHECK(Body(AskBoth(client, "/dpsctp/assocs", "0"), "/dpsctp/assocs")
            .Number("count") == 10);
}

TEST_CASE("Telemetry: /dpsctp/shards lists shard ids with their lcores",
          "[dpdk]") {
  Env& env = ReadyEnv();
  FakeSource a(2, 3, {});
  FakeSource b(0, 1, {});
  FakeSource c(1, 2, {});
  Registration reg{&a, &b, &c};
  TelemetryClient client(env.SocketPath());
  const Json list = Body(AskBoth(client, "/dpsctp/shards", ""),
                         "/dpsctp/shards");
  REQUIRE(list.object.size() == 3);
  for (int shard = 0; shard < 3; ++shard) {
    CHECK(list.object[shard].first == std::to_string(shard));
    CHECK(list.object[shard].second.Number("lcore") == shard + 1);
  }
}

TEST_CASE("Telemetry: sources are added once and removed", "[dpdk]") {
  Env& env = ReadyEnv();
  FakeSource a(0, 1, {{"rx_packets", 1}});
  TelemetryClient client(env.SocketPath());
  {
    Registration reg{&a};
    Telemetry::Instance().AddSource(&a);  // no effect
    const Json stats = Body(AskBoth(client, "/dpsctp/stats", ""),
                            "/dpsctp/stats");
    CHECK(stats.Number("rx_packets") == 1);
    CHECK(stats.Object("shards").object.size() == 1);
  }
  const Json stats = Body(AskBoth(client, "/dpsctp/stats", ""),
                          "/dpsctp/stats");
  CHECK_FALSE(stats.Has("rx_packets"));
  CHECK(stats.Object("shards").object.empty());
  CHECK(Body(AskBoth(client, "/dpsctp/assocs", "0"), "/dpsctp/assocs")
            .String("error") == "no such shard");
}

TEST_CASE("Telemetry: /dpsctp/assocs pages 5,000 associations within the "
          "reply limit",
          "[dpdk]") {
  Env& env = ReadyEnv();
  constexpr size_t kAssocs = 5000;
  FakeSource other(0, 1, {}, 3);
  FakeSource big(1, 2, {}, kAssocs);
  Registration reg{&other, &big};
  TelemetryClient client(env.SocketPath());

  std::vector<int> seen(kAssocs, 0);
  size_t first = 0;
  size_t pages = 0;
  size_t largest = 0;
  while (true) {
    const std::string params = "1," + std::to_string(first);
    // Every fifth page also goes through the socket: the full page arrives.
    const std::string reply =
        pages % 5 == 0 ? AskBoth(client, "/dpsctp/assocs", params)
                       : Telemetry::Instance().Handle("/dpsctp/assocs", params);
    largest = std::max(largest, reply.size());
    QREQUIRE(reply.size() <= Telemetry::kMaxOutputLen);
    const Json page = Body(reply, "/dpsctp/assocs");
    QCHECK(page.Number("shard") == 1);
    QCHECK(page.Number("total") == static_cast<long long>(kAssocs));
    QCHECK(page.Number("first") == static_cast<long long>(first));
    const size_t count = static_cast<size_t>(page.Number("count"));
    QREQUIRE(count > 0);
    const Json& assocs = page.Object("assocs");
    QREQUIRE(assocs.object.size() == count);
    for (const auto& [key, a] : assocs.object) {
      const size_t i = std::stoul(key);
      QREQUIRE(i >= first);
      QREQUIRE(i < first + count);
      ++seen[i];
      QCHECK(a.Number("local_tag") == static_cast<long long>(0x10000000u + i));
      QCHECK(a.Number("outstanding_bytes") == static_cast<long long>(i * 3));
      QCHECK(a.String("state") ==
             (i % 2 == 0 ? "ESTABLISHED" : "SHUTDOWN_SENT"));
    }
    ++pages;
    if (first + count == kAssocs) {
      CHECK_FALSE(page.Has("next"));
      break;
    }
    QREQUIRE(page.Number("next") == static_cast<long long>(first + count));
    first += count;
    QREQUIRE(pages < kAssocs);
  }
  CHECK(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
  // Pages are cut by the reply size, not trivially small.
  CHECK(pages > kAssocs / Telemetry::kMaxAssocsPerPage);
  CHECK(pages < kAssocs / 10);
  CHECK(largest > Telemetry::kMaxOutputLen * 3 / 4);

  // Past the end: an empty page.
  const Json end = Body(AskBoth(client, "/dpsctp/assocs", "1,5000"),
                        "/dpsctp/assocs");
  CHECK(end.Number("count") == 0);
  CHECK(end.Object("assocs").object.empty());
  CHECK_FALSE(end.Has("next"));
  // No first: from the start.
  CHECK(Body(AskBoth(client, "/dpsctp/assocs", "0"), "/dpsctp/assocs")
            .Number("count") == 3);
  for (const char* bad : {"", "x", "1,", "1,2,3", "1,-4"}) {
    INFO(bad);
    CHECK(Body(Telemetry::Instance().Handle("/dpsctp/assocs", bad),
               "/dpsctp/assocs")
              .String("error")
              .find("usage") == 0);
  }
}

TEST_CASE("Telemetry: a long /dpsctp/stats reply drops per-shard counters",
          "[dpdk]") {
  Env& env = ReadyEnv();
  std::vector<std::pair<std::string, uint64_t>> counters;
  for (int i = 0; i < 120; ++i) {
    counters.emplace_back("counter_with_a_long_name_" + std::to_string(i),
                          1000000 + i);
  }
  std::vector<std::unique_ptr<FakeSource>> sources;
  for (uint16_t shard = 0; shard < 8; ++shard) {
    sources.push_back(std::make_unique<FakeSource>(shard, shard + 1, counters));
    Telemetry::Instance().AddSource(sources.back().get());
  }
  TelemetryClient client(env.SocketPath());
  const std::string reply = AskBoth(client, "/dpsctp/stats", "");
  CHECK(reply.size() <= Telemetry::kMaxOutputLen);
  const Json stats = Body(reply, "/dpsctp/stats");
  CHECK(stats.Number("counter_with_a_long_name_0") == 8 * 1000000);
  CHECK(stats.Number("counter_with_a_long_name_119") == 8 * 1000119);
  const Json& shards = stats.Object("shards");
  REQUIRE(shards.object.size() == 8);
  CHECK(shards.Object("7").Number("lcore") == 8);
  CHECK_FALSE(shards.Object("7").Has("counter_with_a_long_name_0"));
  // One shard still fits.
  const Json one = Body(AskBoth(client, "/dpsctp/stats", "7"), "/dpsctp/stats");
  CHECK(one.Number("counter_with_a_long_name_119") == 1000119);
  for (auto& s : sources) {
    Telemetry::Instance().RemoveSource(s.get());
  }
}

TEST_CASE("Telemetry: keys and strings are reduced to what DPDK accepts",
          "[dpdk]") {
  Env& env = ReadyEnv();
  FakeSource a(0, 1, {{"rx.packets-ok", 5}, {"", 6}}, 0);
  Registration reg{&a};
  TelemetryClient client(env.SocketPath());
  const Json one = Body(AskBoth(client, "/dpsctp/stats", "0"),
                        "/dpsctp/stats");
  CHECK(one.Number("rx_packets_ok") == 5);
  CHECK(one.Number("_") == 6);

  class QuotingSource : public FakeSource {
   public:
    QuotingSource() : FakeSource(9, 1, {}) {}
    bool CollectAssocs(size_t, size_t, std::vector<AssocReport>& out,
                       size_t& total) override {
      AssocReport r;
      r.text.emplace_back("note", "say \"hi\" C:\\path\nnext");
      r.text.emplace_back("long", std::string(300, 'x'));
      out.push_back(r);
      total = 1;
      return true;
    }
  } quoting;
  Registration reg2{&quoting};
  const Json page = Body(AskBoth(client, "/dpsctp/assocs", "9"),
                         "/dpsctp/assocs");
  const Json& assoc = page.Object("assocs").Object("0");
  CHECK(assoc.String("note") == "say \"hi\" C:\\path?next");
  CHECK(assoc.String("long") == std::string(127, 'x'));
}

TEST_CASE("Telemetry: dpdk-telemetry.py reads /dpsctp/stats", "[dpdk]") {
  constexpr const char* kScript = "/usr/bin/dpdk-telemetry.py";
  if (access(kScript, X_OK) != 0) {
    // Shipped by Debian's dpdk-dev package.
    WARN("skipped: " << kScript << " is not installed (package dpdk-dev)");
    return;
  }
  Env& env = ReadyEnv();
  FakeSource a(0, 1, {{"rx_packets", 100}, {"tx_packets", 7}});
  FakeSource b(1, 2, {{"rx_packets", 50}});
  Registration reg{&a, &b};

  // The script finds the socket from the file prefix, under
  // $RUNTIME_DIRECTORY/dpdk/<prefix>; it reads commands from stdin and
  // prints each reply as one line of JSON.
  const std::string prefix_dir = env.runtime_dir.substr(
      0, env.runtime_dir.find_last_of('/'));  // .../dpdk
  const std::string base = prefix_dir.substr(0, prefix_dir.find_last_of('/'));
  const std::string prefix =
      env.runtime_dir.substr(env.runtime_dir.find_last_of('/') + 1);
  const std::string command = "printf '/dpsctp/stats\\n/dpsctp/shards\\n' | "
                              "RUNTIME_DIRECTORY='" + base + "' python3 " +
                              kScript + " -f '" + prefix + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) {
    output.append(buf, n);
  }
  CHECK(pclose(pipe) == 0);
  INFO(output);
  const size_t newline = output.find('\n');
  REQUIRE(newline != std::string::npos);
  const Json stats = Body(output.substr(0, newline), "/dpsctp/stats");
  CHECK(stats ==
        Body(Telemetry::Instance().Handle("/dpsctp/stats", ""), "/dpsctp/stats"));
  CHECK(stats.Number("rx_packets") == 150);
  CHECK(stats.Object("shards").Object("1").Number("lcore") == 2);
  const std::string rest = output.substr(newline + 1);
  const Json shards = Body(rest.substr(0, rest.find('\n')), "/dpsctp/shards");
  CHECK(shards.Object("0").Number("lcore") == 1);
}

}  // namespace
}  // namespace dpsctp::dpdk
