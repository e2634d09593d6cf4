#include "config/yaml_loader.h"

#include <catch2/catch.hpp>
#include <string>

namespace dpsctp::config {
namespace {

// Lines 1-7; tests append from line 8 on.
constexpr const char* kBase =
    "interfaces:\n"                                       // 1
    "  - name: a\n"                                       // 2
    "    port: p0\n"                                      // 3
    "    addresses: [10.0.0.1/24, \"2001:db8::1/64\"]\n"  // 4
    "endpoints:\n"                                        // 5
    "  - name: e\n"                                       // 6
    "    port: 5000\n";                                   // 7
// Line 8 completes the endpoint.
constexpr const char* kAddresses = "    addresses: [10.0.0.1]\n";

ConfigError Fails(const std::string& text) {
  auto r = LoadConfigString(text, "t.yaml");
  REQUIRE_FALSE(r.has_value());
  INFO(r.error().ToString());
  return r.error();
}

void CheckAt(const ConfigError& e, int line, int column,
             const std::string& key) {
  INFO(e.ToString());
  CHECK(e.file == "t.yaml");
  CHECK(e.line == line);
  CHECK(e.column == column);
  CHECK(e.key == key);
}

TEST_CASE("ConfigLoader: the example files load", "[fast]") {
  for (const char* name : {"echo.yaml", "forwarder.yaml", "gateway.yaml"}) {
    auto r = LoadConfigFile(std::string(DPSCTP_CONFIG_DIR) + "/" + name);
    INFO(name << ": " << (r ? "" : r.error().ToString()));
    CHECK(r.has_value());
  }
}

TEST_CASE("ConfigLoader: the CONFIG.md example reads into the fields",
          "[fast]") {
  auto r = LoadConfigFile(std::string(DPSCTP_CONFIG_DIR) + "/forwarder.yaml");
  REQUIRE(r.has_value());
  const AppConfig& c = *r;
  CHECK(c.dpdk.eal.size() == 6);
  CHECK(c.dpdk.eal[3] == "0000:3b:00.0");
  CHECK(c.dpdk.workers == std::vector<uint32_t>{1, 2});
  CHECK(c.dpdk.idle == IdleMode::kSleep);
  REQUIRE(c.interfaces.size() == 2);
  CHECK(c.interfaces[0].vlan == uint16_t{100});
  CHECK(c.interfaces[0].addresses[1].prefix_len == 64);
  CHECK(c.interfaces[0].gateway == IpAddress::V4(10, 10, 1, 254));
  CHECK_FALSE(c.interfaces[1].vlan);
  CHECK(c.interfaces[1].mtu == 1500);
  REQUIRE(c.endpoints.size() == 2);
  const EndpointConfig& mme = c.endpoints[0];
  CHECK(mme.port == 36412);
  CHECK(mme.addresses.size() == 2);
  CHECK(mme.keys.inbound_streams == 64);
  CHECK(mme.keys.max_associations == 10000);
  CHECK(mme.keys.receive_buffer == 1024 * 1024);
  CHECK(mme.keys.sack_delay == Duration::Millis(200));
  CHECK(c.endpoints[1].app == AppKind::kForward);
  CHECK(c.endpoints[1].keys.inbound_streams == 16);
  REQUIRE(c.associations.size() == 1);
  CHECK(c.associations[0].remote.size() == 2);
  CHECK(c.associations[0].reconnect_max == Duration::Seconds(30));
  REQUIRE(c.routes.size() == 1);
  CHECK(c.routes[0].match_streams == StreamRange{0, 15});
  CHECK(c.routes[0].match_ppid == 18u);
  CHECK(c.routes[0].to_group == std::vector<std::string>{"hss-1"});
  CHECK(c.routes[0].rewrite_ppid == 46u);
  CHECK_FALSE(c.routes[0].rewrite_stream);
  CHECK(c.telemetry);
  CHECK_FALSE(c.pcap);
}

TEST_CASE("ConfigLoader: defaults apply to endpoints, which override them",
          "[fast]") {
  auto r = LoadConfigString(std::string("defaults: {hb_interval: 5s, "
                                        "rto_min: 100ms}\n") +
                                kBase + kAddresses + "    rto_min: 200ms\n",
                            "t.yaml");
  REQUIRE(r.has_value());
  CHECK(r->defaults.hb_interval == Duration::Seconds(5));
  CHECK(r->endpoints[0].keys.hb_interval == Duration::Seconds(5));
  CHECK(r->endpoints[0].keys.rto_min == Duration::Millis(200));
  CHECK(r->endpoints[0].keys.rto_max == Duration::Seconds(60));
}

TEST_CASE("ConfigLoader: an empty file is the default configuration",
          "[fast]") {
  auto r = LoadConfigString("", "t.yaml");
  REQUIRE(r.has_value());
  CHECK(*r == AppConfig{});
}

TEST_CASE("ConfigLoader: unknown key, with a suggestion", "[fast]") {
  ConfigError e = Fails(std::string(kBase) + kAddresses + "endpoint: []\n");
  CheckAt(e, 9, 1, "endpoint");
  CHECK_THAT(e.message, Catch::Contains("did you mean 'endpoints'"));

  e = Fails(std::string(kBase) + kAddresses + "    rto_mni: 1s\n");
  CheckAt(e, 9, 5, "endpoints[0].rto_mni");
  CHECK_THAT(e.message, Catch::Contains("did you mean 'rto_min'"));

  e = Fails(std::string(kBase) + kAddresses + "    zzzzzz: 1\n");
  CheckAt(e, 9, 5, "endpoints[0].zzzzzz");
  CHECK(e.message == "unknown key");
}

TEST_CASE("ConfigLoader: a gateway outside the interface's prefixes",
          "[fast]") {
  ConfigError e = Fails(
      "interfaces:\n  - name: a\n    port: p\n"
      "    addresses: [10.0.0.1/24, \"2001:db8::1/64\"]\n"
      "    gateway: 10.0.1.1\n");
  CheckAt(e, 5, 14, "interfaces[0].gateway");
  REQUIRE(
      LoadConfigString("interfaces:\n  - name: a\n    port: p\n"
                       "    addresses: [10.0.0.1/23]\n"
                       "    gateway: 10.0.1.1\n",
                       "t.yaml"));
}

TEST_CASE("ConfigLoader: two endpoints on one transport address", "[fast]") {
  ConfigError e = Fails(std::string(kBase) + kAddresses +
                        "  - name: f\n    port: 5000\n"
                        "    addresses: [\"2001:db8::1\", 10.0.0.1]\n");
  CheckAt(e, 10, 11, "endpoints[1].port");
  CHECK_THAT(e.message, Catch::Contains("'e'"));
}

TEST_CASE("ConfigLoader: a misspelt endpoint field is suggested", "[fast]") {
  ConfigError e = Fails(std::string(kBase) + kAddresses + "    ap: echo\n");
  CheckAt(e, 9, 5, "endpoints[0].ap");
  CHECK_THAT(e.message, Catch::Contains("did you mean 'app'"));
}

TEST_CASE("ConfigLoader: unknown key in defaults", "[fast]") {
  ConfigError e = Fails("defaults:\n  hb_intervl: 1s\n");
  CheckAt(e, 2, 3, "defaults.hb_intervl");
  CHECK_THAT(e.message, Catch::Contains("hb_interval"));
}

TEST_CASE("ConfigLoader: a key given twice", "[fast]") {
  ConfigError e = Fails(std::string(kBase) + kAddresses + "    port: 5001\n");
  CheckAt(e, 9, 5, "endpoints[0].port");
}

TEST_CASE("ConfigLoader: wrong type", "[fast]") {
  CheckAt(Fails(std::string(kBase) + kAddresses + "    app: [echo]\n"), 9, 10,
          "endpoints[0].app");
  CheckAt(Fails("interfaces: {name: a}\n"), 1, 13, "interfaces");
  CheckAt(Fails("dpdk:\n  mbufs: many\n"), 2, 10, "dpdk.mbufs");
  CheckAt(Fails("telemetry: yes please\n"), 1, 12, "telemetry");
}

TEST_CASE("ConfigLoader: the source application's settings", "[fast]") {
  auto r = LoadConfigString(
      std::string(kBase) + kAddresses +
          "    app: source\n"
          "    source: {size: 4KiB, streams: 3, ppid: 46, rate: 100, "
          "unordered: true, messages: 7, after: shutdown}\n"
          "duration: 90s\n",
      "t.yaml");
  INFO((r ? std::string() : r.error().ToString()));
  REQUIRE(r.has_value());
  const SourceConfig& s = r->endpoints[0].source;
  CHECK(s.size == 4096);
  CHECK(s.streams == 3);
  CHECK(s.ppid == 46);
  CHECK(s.rate == 100);
  CHECK(s.unordered);
  CHECK(s.messages == 7);
  CHECK(s.after == SourceAfter::kShutdown);
  CHECK(r->duration == Duration::Seconds(90));
  // Line 9: app, line 10: source.
  CheckAt(Fails(std::string(kBase) + kAddresses +
                "    app: source\n    source: {size: 0}\n"),
          10, 20, "endpoints[0].source.size");
  CheckAt(Fails(std::string(kBase) + kAddresses +
                "    app: source\n    source: {after: later}\n"),
          10, 21, "endpoints[0].source.after");
  CheckAt(Fails(std::string(kBase) + kAddresses +
                "    app: source\n    source: {colour: red}\n"),
          10, 14, "endpoints[0].source.colour");
}

TEST_CASE("ConfigLoader: a duration without a unit", "[fast]") {
  ConfigError e =
      Fails(std::string(kBase) + kAddresses + "    sack_delay: 200\n");
  CheckAt(e, 9, 17, "endpoints[0].sack_delay");
  CHECK_THAT(e.message, Catch::Contains("duration"));
}

TEST_CASE("ConfigLoader: out of range values", "[fast]") {
  std::string base = kBase;
  // Port on line 7, column 11.
  std::string bad_port = base;
  bad_port.replace(bad_port.find("5000"), 4, "70000");
  CheckAt(Fails(bad_port + kAddresses), 7, 11, "endpoints[0].port");
  CheckAt(Fails(base + kAddresses + "    inbound_streams: 0\n"), 9, 22,
          "endpoints[0].inbound_streams");
  CheckAt(Fails(base + kAddresses + "    sack_delay: 501ms\n"), 9, 17,
          "endpoints[0].sack_delay");
  CheckAt(Fails(base + kAddresses + "    rto_alpha: 1.5\n"), 9, 16,
          "endpoints[0].rto_alpha");
  CheckAt(Fails("interfaces:\n  - name: a\n    port: p\n    vlan: 4095\n"), 4,
          11, "interfaces[0].vlan");
  CheckAt(Fails("interfaces:\n  - name: a\n    port: p\n    mtu: 100\n"), 4, 10,
          "interfaces[0].mtu");
  ConfigError e = Fails(base + kAddresses + "    mtu: 9217\n");
  CheckAt(e, 9, 10, "endpoints[0].mtu");
  CHECK_THAT(e.message, Catch::Contains("576..9216"));
}

TEST_CASE("ConfigLoader: rto_min <= rto_initial <= rto_max", "[fast]") {
  // Blamed on the key written in the endpoint.
  CheckAt(Fails(std::string(kBase) + kAddresses + "    rto_min: 2s\n"), 9, 14,
          "endpoints[0].rto_min");
  CheckAt(Fails(std::string(kBase) + kAddresses + "    rto_max: 500ms\n"), 9,
          14, "endpoints[0].rto_max");
  // Written in defaults only: blamed there.
  CheckAt(Fails("defaults:\n  rto_initial: 90s\n"), 2, 16,
          "defaults.rto_initial");
}

TEST_CASE("ConfigLoader: a bad address", "[fast]") {
  CheckAt(Fails("interfaces:\n  - name: a\n    port: p\n"
                "    addresses: [10.0.0.300/24]\n"),
          4, 17, "interfaces[0].addresses[0]");
}

TEST_CASE("ConfigLoader: endpoint address not on any interface", "[fast]") {
  ConfigError e =
      Fails(std::string(kBase) + "    addresses: [10.0.0.1, 10.0.0.2]\n");
  CheckAt(e, 8, 27, "endpoints[0].addresses[1]");
  CHECK_THAT(e.message, Catch::Contains("10.0.0.2"));
}

TEST_CASE("ConfigLoader: a missing required key", "[fast]") {
  CheckAt(Fails(kBase), 6, 5, "endpoints[0].addresses");
}

TEST_CASE("ConfigLoader: duplicate names", "[fast]") {
  CheckAt(Fails(std::string(kBase) + kAddresses +
                "  - name: e\n    port: 5001\n    addresses: [10.0.0.1]\n"),
          9, 11, "endpoints[1].name");
  CheckAt(
      Fails("interfaces:\n  - {name: a, port: p}\n  - {name: a, port: q}\n"), 3,
      12, "interfaces[1].name");
}

constexpr const char* kAssoc =
    "associations:\n"                                             // 9
    "  - {name: x, endpoint: e, remote: [10.1.0.1], port: 1}\n";  // 10

TEST_CASE("ConfigLoader: association on an unknown endpoint", "[fast]") {
  CheckAt(Fails(std::string(kBase) + kAddresses +
                "associations:\n"
                "  - {name: x, endpoint: f, remote: [10.1.0.1], port: 1}\n"),
          10, 25, "associations[0].endpoint");
}

TEST_CASE("ConfigLoader: route to an unknown association or endpoint",
          "[fast]") {
  std::string base = std::string(kBase) + kAddresses + kAssoc + "routes:\n";
  REQUIRE(LoadConfigString(base + "  - to: {association: x}\n", "t.yaml"));
  CheckAt(Fails(base + "  - to: {association: y}\n"), 12, 23,
          "routes[0].to.association");
  CheckAt(Fails(base + "  - to: {group: [x, y], balance: hash}\n"), 12, 21,
          "routes[0].to.group[1]");
  CheckAt(Fails(base + "  - match: {endpoint: f}\n    to: {association: x}\n"),
          12, 23, "routes[0].match.endpoint");
  CheckAt(Fails(base + "  - match: {streams: 9-3}\n    to: {association: x}\n"),
          12, 22, "routes[0].match.streams");
  CheckAt(Fails(base + "  - match: {ppid: 1}\n"), 12, 5, "routes[0].to");
}

TEST_CASE("ConfigLoader: YAML syntax errors carry their place", "[fast]") {
  ConfigError e = Fails("endpoints:\n  - name: [a\n");
  CHECK(e.line > 0);
  CHECK(e.column > 0);
  CHECK(e.key.empty());
}

TEST_CASE("ConfigLoader: ToString is FILE:LINE:COL: KEY: MESSAGE", "[fast]") {
  ConfigError e{"a.yaml", 3, 7, "endpoints[0].rto_min", "too big"};
  CHECK(e.ToString() == "a.yaml:3:7: endpoints[0].rto_min: too big");
  CHECK(ConfigError{"b.yaml", 0, 0, "", "cannot open"}.ToString() ==
        "b.yaml: cannot open");
  auto r = LoadConfigFile("/nonexistent/dpsctpd.yaml");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().file == "/nonexistent/dpsctpd.yaml");
  CHECK_THAT(r.error().message, Catch::Contains("cannot open"));
}

}  // namespace
}  // namespace dpsctp::config
