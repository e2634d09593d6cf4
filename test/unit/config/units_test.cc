#include "config/units.h"

#include <catch2/catch.hpp>

namespace dpsctp::config {
namespace {

TEST_CASE("Units: durations take a unit", "[fast]") {
  CHECK(ParseDuration("250us") == Duration::Micros(250));
  CHECK(ParseDuration("200ms") == Duration::Millis(200));
  CHECK(ParseDuration("1s") == Duration::Seconds(1));
  CHECK(ParseDuration("5m") == Duration::Seconds(300));
  CHECK(ParseDuration("2h") == Duration::Seconds(7200));
  CHECK(ParseDuration("7ns") == Duration::Nanos(7));
  CHECK(ParseDuration("0") == Duration::Zero());
  CHECK_FALSE(ParseDuration("200"));
  CHECK_FALSE(ParseDuration("1.5s"));
  CHECK_FALSE(ParseDuration("-1s"));
  CHECK_FALSE(ParseDuration("s"));
  CHECK_FALSE(ParseDuration("1 s"));
  CHECK_FALSE(ParseDuration("99999999999999999999s"));
  CHECK_FALSE(ParseDuration("9999999999h"));
}

TEST_CASE("Units: sizes take KiB and MiB or plain bytes", "[fast]") {
  CHECK(ParseSize("1500") == 1500u);
  CHECK(ParseSize("64KiB") == 65536u);
  CHECK(ParseSize("1MiB") == 1048576u);
  CHECK(ParseSize("2GiB") == 2147483648u);
  CHECK(ParseSize("10B") == 10u);
  CHECK_FALSE(ParseSize("64KB"));
  CHECK_FALSE(ParseSize("KiB"));
  CHECK_FALSE(ParseSize("-1"));
}

TEST_CASE("Units: stream ranges", "[fast]") {
  CHECK(ParseStreamRange("0-15") == StreamRange{0, 15});
  CHECK(ParseStreamRange("7") == StreamRange{7, 7});
  CHECK(ParseStreamRange("0-65535") == StreamRange{0, 65535});
  CHECK_FALSE(ParseStreamRange("15-0"));
  CHECK_FALSE(ParseStreamRange("0-65536"));
  CHECK_FALSE(ParseStreamRange("a-b"));
  CHECK_FALSE(ParseStreamRange("1-"));
}

TEST_CASE("Units: IPv4 and IPv6 addresses with an optional prefix", "[fast]") {
  CHECK(ParseIpAddress("10.1.2.3") == IpAddress::V4(10, 1, 2, 3));
  auto v6 = ParseIpAddress("2001:db8::1");
  REQUIRE(v6);
  CHECK(v6->is_v6());
  CHECK(v6->ToString() == "2001:db8::1");
  CHECK_FALSE(ParseIpAddress("10.1.2"));
  CHECK_FALSE(ParseIpAddress("256.1.1.1"));
  CHECK_FALSE(ParseIpAddress("2001:db8::g"));

  auto p = ParseIpPrefix("10.10.1.1/24");
  REQUIRE(p);
  CHECK(p->address == IpAddress::V4(10, 10, 1, 1));
  CHECK(p->prefix_len == 24);
  CHECK(ParseIpPrefix("10.0.0.1")->prefix_len == 32);
  CHECK(ParseIpPrefix("2001:db8:1::1/64")->prefix_len == 64);
  CHECK(ParseIpPrefix("::1")->prefix_len == 128);
  CHECK_FALSE(ParseIpPrefix("10.0.0.1/33"));
  CHECK_FALSE(ParseIpPrefix("2001:db8::1/129"));
  CHECK_FALSE(ParseIpPrefix("10.0.0.1/"));
}

TEST_CASE("Units: formatted values parse back to the same value", "[fast]") {
  for (Duration d :
       {Duration::Zero(), Duration::Nanos(1500), Duration::Micros(250),
        Duration::Millis(200), Duration::Seconds(1), Duration::Seconds(90),
        Duration::Seconds(300), Duration::Seconds(7200)})
    CHECK(ParseDuration(FormatDuration(d)) == d);
  CHECK(FormatDuration(Duration::Millis(200)) == "200ms");
  CHECK(FormatDuration(Duration::Seconds(300)) == "5m");
  for (uint64_t s : {0ull, 1500ull, 65536ull, 1048576ull, 1048577ull})
    CHECK(ParseSize(FormatSize(s)) == s);
  CHECK(FormatSize(65536) == "64KiB");
  CHECK(FormatIpPrefix(*ParseIpPrefix("2001:db8:1::1/64")) ==
        "2001:db8:1::1/64");
}

}  // namespace
}  // namespace dpsctp::config
