#include "config/yaml_writer.h"

#include <catch2/catch.hpp>
#include <string>

#include "config/set_option.h"
#include "config/yaml_loader.h"

namespace dpsctp::config {
namespace {

void CheckRoundTrip(const AppConfig& c) {
  std::string text = ToYaml(c);
  INFO(text);
  auto r = LoadConfigString(text, "printed.yaml");
  INFO((r ? std::string() : r.error().ToString()));
  REQUIRE(r.has_value());
  CHECK(*r == c);
  // Printing is stable: the reloaded configuration prints the same.
  CHECK(ToYaml(*r) == text);
}

TEST_CASE("ConfigWriter: the default configuration round-trips", "[fast]") {
  CheckRoundTrip(AppConfig{});
}

TEST_CASE("ConfigWriter: the example files round-trip", "[fast]") {
  for (const char* name : {"echo.yaml", "forwarder.yaml", "gateway.yaml", "demo.yaml"}) {
    INFO(name);
    auto r = LoadConfigFile(std::string(DPSCTP_CONFIG_DIR) + "/" + name);
    REQUIRE(r.has_value());
    CheckRoundTrip(*r);
  }
}

TEST_CASE("ConfigWriter: unusual values round-trip", "[fast]") {
  auto r = LoadConfigFile(std::string(DPSCTP_CONFIG_DIR) + "/gateway.yaml");
  REQUIRE(r.has_value());
  AppConfig c = *r;
  REQUIRE(ApplySet(c, "rto_alpha=0.0625"));
  AppConfig shifted = c;  // RTO.Alpha is applied as a shift (§6.3.1)
  CHECK_FALSE(ApplySets(shifted, {"rto_alpha=0.1"}));
  REQUIRE(ApplySet(c, "sack_delay=1500us"));
  REQUIRE(ApplySet(c, "receive_buffer=100001"));
  c.endpoints[0].keys.hb_interval = Duration::Nanos(1'000'001);
  c.dpdk.eal.push_back("quote\"and\\backslash");
  c.pcap = "/tmp/x y.pcap";
  c.stats.output = "null";
  c.routes[0].rewrite_stream = 0;
  c.routes[0].match_streams = StreamRange{3, 3};
  c.routes[1].to_is_group = true;
  CheckRoundTrip(c);
}

}  // namespace
}  // namespace dpsctp::config
