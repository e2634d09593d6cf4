#include "endpoint/listener_table.h"

#include <cstdint>
#include <map>
#include <random>

#include <catch2/catch.hpp>

namespace dpsctp::endpoint {
namespace {

TEST_CASE("ListenerTable: add, find and remove", "[fast]") {
  ListenerTable t(4);
  CHECK(t.empty());
  CHECK(t.capacity() == 4);
  CHECK_FALSE(t.Find(3868).has_value());
  REQUIRE(t.Add(3868, ListenerId(1)));   // Diameter
  REQUIRE(t.Add(2905, ListenerId(2)));   // M3UA
  REQUIRE(t.Add(38412, ListenerId(3)));  // NGAP
  CHECK(t.size() == 3);
  CHECK(t.Find(3868) == ListenerId(1));
  CHECK(t.Find(2905) == ListenerId(2));
  CHECK(t.Find(38412) == ListenerId(3));
  CHECK_FALSE(t.Find(36412).has_value());
  CHECK(t.Remove(2905) == ListenerId(2));
  CHECK_FALSE(t.Find(2905).has_value());
  CHECK_FALSE(t.Remove(2905).has_value());
  CHECK(t.Find(3868) == ListenerId(1));
  CHECK(t.Find(38412) == ListenerId(3));
  CHECK(t.size() == 2);
}

TEST_CASE("ListenerTable: rejects port 0, duplicates and overflow", "[fast]") {
  ListenerTable t(2);
  CHECK_FALSE(t.Add(0, ListenerId(9)));
  CHECK_FALSE(t.Find(0).has_value());
  REQUIRE(t.Add(5000, ListenerId(1)));
  CHECK_FALSE(t.Add(5000, ListenerId(2)));
  CHECK(t.Find(5000) == ListenerId(1));  // unchanged
  REQUIRE(t.Add(65535, ListenerId(2)));
  CHECK_FALSE(t.Add(1, ListenerId(3)));  // full
  CHECK_FALSE(t.Find(1).has_value());
  CHECK(t.size() == 2);
  REQUIRE(t.Remove(5000).has_value());
  CHECK(t.Add(1, ListenerId(3)));
  CHECK(t.Find(1) == ListenerId(3));
  CHECK(t.Find(65535) == ListenerId(2));
}

TEST_CASE("ListenerTable: zero capacity holds nothing", "[fast]") {
  ListenerTable t(0);
  CHECK_FALSE(t.Add(80, ListenerId(1)));
  CHECK_FALSE(t.Find(80).has_value());
  CHECK_FALSE(t.Remove(80).has_value());
}

TEST_CASE("ListenerTable: random workload matches a std::map", "[fast]") {
  constexpr uint32_t kCapacity = 32;
  ListenerTable t(kCapacity);
  std::map<uint16_t, uint32_t> model;
  std::mt19937 rng(3);
  for (int i = 0; i < 20'000; ++i) {
    const uint16_t port = static_cast<uint16_t>(rng() % 64);
    switch (rng() % 3) {
      case 0: {
        const uint32_t id = rng();
        const bool expect =
            port != 0 && model.count(port) == 0 && model.size() < kCapacity;
        REQUIRE(t.Add(port, ListenerId(id)) == expect);
        if (expect) {
          model[port] = id;
        }
        break;
      }
      case 1: {
        const auto it = model.find(port);
        const std::optional<ListenerId> removed = t.Remove(port);
        REQUIRE(removed.has_value() == (it != model.end()));
        if (it != model.end()) {
          REQUIRE(removed->value() == it->second);
          model.erase(it);
        }
        break;
      }
      default: {
        const auto it = model.find(port);
        const std::optional<ListenerId> found = t.Find(port);
        REQUIRE(found.has_value() == (it != model.end()));
        if (it != model.end()) {
          REQUIRE(found->value() == it->second);
        }
        break;
      }
    }
    REQUIRE(t.size() == model.size());
  }
}

}  // namespace
}  // namespace dpsctp::endpoint
