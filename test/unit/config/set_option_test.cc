#include "config/set_option.h"

#include <catch2/catch.hpp>

#include "endpoint/endpoint.h"

namespace dpsctp::config {
namespace {

AppConfig TwoEndpoints() {
  AppConfig c;
  c.endpoints.resize(2);
  c.endpoints[0].name = "a";
  c.endpoints[1].name = "b";
  c.endpoints[1].keys.inbound_streams = 64;
  return c;
}

TEST_CASE("SetOption: every endpoint key has its RFC 9260 §16 default",
          "[fast]") {
  EndpointKeys k;
  CHECK(GetEndpointKey(k, "rto_initial") == "1s");
  CHECK(GetEndpointKey(k, "rto_min") == "1s");
  CHECK(GetEndpointKey(k, "rto_max") == "1m");
  CHECK(GetEndpointKey(k, "rto_alpha") == "0.125");
  CHECK(GetEndpointKey(k, "rto_beta") == "0.25");
  CHECK(GetEndpointKey(k, "max_burst") == "4");
  CHECK(GetEndpointKey(k, "valid_cookie_life") == "1m");
  CHECK(GetEndpointKey(k, "association_max_retrans") == "10");
  CHECK(GetEndpointKey(k, "path_max_retrans") == "5");
  CHECK(GetEndpointKey(k, "max_init_retransmits") == "8");
  CHECK(GetEndpointKey(k, "hb_interval") == "30s");
  CHECK(GetEndpointKey(k, "hb_max_burst") == "1");
  CHECK(GetEndpointKey(k, "sack_delay") == "200ms");
  CHECK(GetEndpointKey(k, "sack_frequency") == "2");
  CHECK(GetEndpointKey(k, "t5_shutdown_guard") == "5m");
  CHECK(GetEndpointKey(k, "receive_buffer") == "64KiB");
  CHECK(EndpointKeyNames().size() == 20);
  for (std::string_view name : EndpointKeyNames()) CHECK(IsEndpointKey(name));
}

// The configuration defaults must stay those the protocol core uses when
// nothing is configured. Keys that AssocOptions stores differently (alpha and
// beta as shifts, T5 as a multiple of RTO.Max) are compared converted.
TEST_CASE("SetOption: endpoint key defaults agree with the protocol core",
          "[fast]") {
  EndpointKeys k;
  endpoint::EndpointOptions eo;
  const assoc::AssocOptions& o = eo.assoc;
  CHECK(k.rto_initial == o.rto_initial);
  CHECK(k.rto_min == o.rto_min);
  CHECK(k.rto_max == o.rto_max);
  CHECK(k.rto_alpha == 1.0 / (1 << o.rto_alpha_shift));
  CHECK(k.rto_beta == 1.0 / (1 << o.rto_beta_shift));
  CHECK(k.max_burst == uint32_t(o.max_burst));
  CHECK(k.valid_cookie_life == o.valid_cookie_life);
  CHECK(k.association_max_retrans == uint32_t(o.association_max_retrans));
  CHECK(k.path_max_retrans == uint32_t(o.path_max_retrans));
  CHECK(k.max_init_retransmits == uint32_t(o.max_init_retransmits));
  CHECK(k.hb_interval == o.hb_interval);
  CHECK(k.hb_max_burst == uint32_t(o.hb_max_burst));
  CHECK(k.sack_delay == o.sack_delay);
  CHECK(k.sack_frequency == uint32_t(o.sack_frequency));
  CHECK(k.t5_shutdown_guard == o.rto_max * o.t5_rto_max_multiple);
  CHECK(k.mtu == o.mtu);
  CHECK(k.inbound_streams == o.max_inbound_streams);
  CHECK(k.outbound_streams == o.outbound_streams);
  CHECK(k.max_associations == eo.max_associations);
  CHECK(k.receive_buffer == o.receive_window);
}

TEST_CASE("SetOption: --set changes defaults and every endpoint", "[fast]") {
  AppConfig c = TwoEndpoints();
  REQUIRE(ApplySet(c, "rto_min=100ms"));
  REQUIRE(ApplySet(c, "valid_cookie_life=10s"));
  REQUIRE(ApplySet(c, "receive_buffer=1MiB"));
  REQUIRE(ApplySet(c, "rto_alpha=0.25"));
  CHECK(c.defaults.rto_min == Duration::Millis(100));
  for (const EndpointConfig& e : c.endpoints) {
    CHECK(e.keys.rto_min == Duration::Millis(100));
    CHECK(e.keys.valid_cookie_life == Duration::Seconds(10));
    CHECK(e.keys.receive_buffer == 1024u * 1024u);
    CHECK(e.keys.rto_alpha == 0.25);
  }
  // Keys not set keep each endpoint's own value.
  CHECK(c.endpoints[1].keys.inbound_streams == 64);
}

TEST_CASE("SetOption: unknown key, bad value, missing '=' name the key",
          "[fast]") {
  AppConfig c = TwoEndpoints();
  auto r = ApplySet(c, "rto_mni=1s");
  REQUIRE_FALSE(r);
  CHECK(r.error().key == "rto_mni");
  CHECK(r.error().file == "--set");
  CHECK(r.error().ToString() == "--set: rto_mni: unknown endpoint key");

  r = ApplySet(c, "rto_min=100");
  REQUIRE_FALSE(r);
  CHECK(r.error().key == "rto_min");
  r = ApplySet(c, "outbound_streams=65536");
  REQUIRE_FALSE(r);
  CHECK_THAT(r.error().message, Catch::Contains("1..65535"));
  r = ApplySet(c, "rto_beta=0");
  REQUIRE_FALSE(r);
  r = ApplySet(c, "rto_min");
  REQUIRE_FALSE(r);
  CHECK_THAT(r.error().message, Catch::Contains("KEY=VALUE"));
  // Nothing was changed by the refused values.
  CHECK(c == TwoEndpoints());
}

TEST_CASE("SetOption: the RTO order is checked once all --set are applied",
          "[fast]") {
  AppConfig c = TwoEndpoints();
  // Raising all three in this order passes through rto_min > rto_initial.
  REQUIRE(ApplySets(c, {"rto_max=120s", "rto_min=2s", "rto_initial=3s"}));
  CHECK(c.endpoints[0].keys.rto_initial == Duration::Seconds(3));

  c = TwoEndpoints();
  auto r = ApplySets(c, {"rto_min=2s"});
  REQUIRE_FALSE(r);
  CHECK(r.error().key == "rto_initial");
  r = ApplySets(c, {"rto_min=1s", "rto_max=100ms"});
  REQUIRE_FALSE(r);
  CHECK(r.error().key == "rto_min");
}

}  // namespace
}  // namespace dpsctp::config
