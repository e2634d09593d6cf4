// dpsctpd's command line: quick mode builds the configuration a YAML file
// would (and --print-config prints it back loadable), bad options are
// refused with a reason naming the option, --set applies in both modes.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "app/dpsctpd/cli.h"
#include "config/units.h"
#include "config/yaml_loader.h"
#include "config/yaml_writer.h"

namespace dpsctp::dpsctpd {
namespace {

using config::AppConfig;

struct Parsed {
  bool ok = false;
  CommandLine cl;
  AppConfig config;
  std::string error;
};

Parsed Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "dpsctpd");
  Parsed p;
  auto r = ParseCommandLine(args, p.config);
  p.ok = r.has_value();
  if (r) {
    p.cl = *r;
  } else {
    p.error = r.error().message;
  }
  return p;
}

const std::vector<std::string> kListen = {
    "--eal", "--no-huge --no-shconf -m 512 --no-pci --vdev=net_af_packet0,iface=veth0",
    "--address", "10.99.0.1/24", "--listen", "5000", "--app", "echo"};

std::vector<std::string> With(std::vector<std::string> base,
                              std::initializer_list<std::string> more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

TEST_CASE("quick listen mode builds one interface and one endpoint") {
  Parsed p = Parse(kListen);
  REQUIRE(p.ok);
  CHECK(p.cl.quick);
  CHECK_FALSE(p.cl.quick_connect);
  REQUIRE(p.config.interfaces.size() == 1);
  CHECK(p.config.interfaces[0].port == "net_af_packet0,iface=veth0");
  REQUIRE(p.config.interfaces[0].addresses.size() == 1);
  CHECK(p.config.interfaces[0].addresses[0].prefix_len == 24);
  REQUIRE(p.config.endpoints.size() == 1);
  CHECK(p.config.endpoints[0].port == 5000);
  CHECK(p.config.endpoints[0].app == config::AppKind::kEcho);
  CHECK(p.config.endpoints[0].addresses.size() == 1);
  CHECK(p.config.associations.empty());
  CHECK(p.config.dpdk.eal.size() == 6);
}

TEST_CASE("quick mode's --print-config output loads back to the same configuration") {
  for (const auto& args :
       {kListen,
        With(kListen, {"--address", "10.98.0.1/24", "--set", "rto_min=100ms",
                       "--mtu", "9000", "--vlan", "7", "--gateway", "10.99.0.254"}),
        std::vector<std::string>{
            "--eal", "-a 0000:3b:00.0", "--address", "2001:db8::1/64",
            "--connect", "[2001:db8::2],[2001:db8::3]:3868", "--local-port",
            "3868", "--app", "source", "--size", "4KiB", "--streams", "20",
            "--ppid", "46", "--rate", "100", "--messages", "5", "--after",
            "shutdown", "--unordered"}}) {
    Parsed p = Parse(args);
    REQUIRE(p.ok);
    const std::string yaml = config::ToYaml(p.config);
    auto back = config::LoadConfigString(yaml, "printed");
    INFO(yaml);
    REQUIRE(back.has_value());
    CHECK(*back == p.config);
  }
}

TEST_CASE("quick connect mode: multi-homed peer, source options, streams raised") {
  Parsed p = Parse({"--eal", "--vdev net_af_packet0,iface=veth0", "--address",
                    "10.99.0.2/24", "--connect", "10.99.0.1,10.98.0.1:5000",
                    "--app", "source", "--streams", "32", "--size", "100",
                    "--messages", "10", "--after", "abort"});
  REQUIRE(p.ok);
  CHECK(p.cl.quick_connect);
  CHECK(p.config.interfaces[0].port == "net_af_packet0,iface=veth0");
  REQUIRE(p.config.associations.size() == 1);
  const config::AssociationConfig& a = p.config.associations[0];
  CHECK(a.port == 5000);
  REQUIRE(a.remote.size() == 2);
  CHECK(a.remote[1].ToString() == "10.98.0.1");
  CHECK(a.outbound_streams == 32);
  const config::EndpointConfig& e = p.config.endpoints[0];
  CHECK(e.port >= 49152);
  CHECK(e.keys.outbound_streams == 32);
  CHECK(e.source.size == 100);
  CHECK(e.source.messages == 10);
  CHECK(e.source.after == config::SourceAfter::kAbort);
}

TEST_CASE("--set applies in quick mode and on a file, and bad keys are refused") {
  Parsed p = Parse(With(kListen, {"--set", "rto_min=100ms", "--set",
                                  "valid_cookie_life=10s", "--set",
                                  "receive_buffer=1MiB"}));
  REQUIRE(p.ok);
  CHECK(p.config.endpoints[0].keys.rto_min == Duration::Millis(100));
  CHECK(p.config.endpoints[0].keys.valid_cookie_life == Duration::Seconds(10));
  CHECK(p.config.endpoints[0].keys.receive_buffer == 1u << 20);

  Parsed bad = Parse(With(kListen, {"--set", "rto_minimum=1s"}));
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.find("rto_minimum") != std::string::npos);
  Parsed order = Parse(With(kListen, {"--set", "rto_min=90s"}));
  CHECK_FALSE(order.ok);
  CHECK(order.error.find("rto_min") != std::string::npos);
  Parsed alpha = Parse(With(kListen, {"--set", "rto_alpha=0.3"}));
  CHECK_FALSE(alpha.ok);
  CHECK(alpha.error.find("rto_alpha") != std::string::npos);

  Parsed file = Parse({"--config", std::string(DPSCTP_CONFIG_DIR) + "/echo.yaml",
                       "--set", "hb_interval=2s", "--", "--no-huge", "-l", "0"});
  REQUIRE(file.ok);
  CHECK(file.config.endpoints[0].keys.hb_interval == Duration::Seconds(2));
  CHECK(file.config.dpdk.eal == std::vector<std::string>{"--no-huge", "-l", "0"});
}

TEST_CASE("bad usage names the option") {
  struct Case {
    std::vector<std::string> args;
    std::string names;
  };
  const std::vector<Case> cases = {
      {{"--bogus"}, "--bogus"},
      {{}, "--config"},
      {With(kListen, {"--listen", "6000"}), "--listen"},
      {{"--eal", "--no-huge", "--address", "10.0.0.1/24", "--listen", "1",
        "--app", "echo"},
       "--eal"},
      {{"--eal", "--vdev=x", "--address", "10.0.0.300/24", "--listen", "1",
        "--app", "echo"},
       "--address"},
      {{"--eal", "--vdev=x", "--address", "10.0.0.1/24", "--listen", "0",
        "--app", "echo"},
       "--listen"},
      {{"--eal", "--vdev=x", "--address", "10.0.0.1/24", "--listen", "5",
        "--app", "chargen"},
       "--app"},
      {{"--eal", "--vdev=x", "--address", "10.0.0.1/24", "--listen", "5",
        "--app", "echo", "--size", "100"},
       "--size"},
      {{"--eal", "--vdev=x", "--address", "10.0.0.1/24", "--connect",
        "10.0.0.2", "--app", "source"},
       "--connect"},
      {{"--eal", "--vdev=x", "--address", "10.0.0.1/24", "--listen", "5",
        "--connect", "10.0.0.2:5", "--app", "echo"},
       "--listen"},
      {{"--eal", "--vdev=x", "--address", "10.0.0.1/24", "--listen", "5",
        "--app", "source", "--after", "later"},
       "--after"},
      {{"--eal", "--vdev=x", "--address", "10.0.0.1/24", "--listen", "5",
        "--app", "echo", "--mtu", "100"},
       "--mtu"},
      {{"--eal", "--vdev=x", "--address", "10.0.0.1/24", "--listen", "5",
        "--app", "echo", "--duration", "-1"},
       "--duration"},
      {{"--eal", "--vdev=x", "--address", "10.0.0.1/24", "--listen", "5",
        "--app", "echo", "--gateway", "10.1.0.1"},
       "gateway"},
      {{"--config", "x.yaml", "--listen", "5"}, "--config"},
      {{"--config", "/nonexistent/dpsctpd.yaml"}, "/nonexistent/dpsctpd.yaml"},
      {{"--app"}, "--app"},
  };
  for (const Case& c : cases) {
    Parsed p = Parse(c.args);
    INFO(p.error);
    CHECK_FALSE(p.ok);
    CHECK(p.error.find(c.names) != std::string::npos);
  }
}

TEST_CASE("help and version need nothing else") {
  CHECK(Parse({"--help"}).cl.help);
  CHECK(Parse({"--version"}).cl.version);
  const std::string help = HelpText();
  for (const char* option :
       {"--config", "--check", "--print-config", "--json", "--eal", "--address",
        "--gateway", "--mtu", "--listen", "--connect", "--local-port", "--app",
        "--size", "--streams", "--ppid", "--rate", "--unordered", "--messages",
        "--after", "--set", "--stats-interval", "--pcap", "--duration",
        "--workers", "--mbufs", "--vlan", "--port", "--telemetry"}) {
    INFO(option);
    CHECK(help.find(option) != std::string::npos);
  }
}

}  // namespace
}  // namespace dpsctp::dpsctpd
