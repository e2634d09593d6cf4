// ForwardRing: records come out whole and in order, across wrap-arounds,
// with push-back when full; and between two threads.
#include "app/dpsctpd/forward_ring.h"

#include <catch2/catch.hpp>
#include <deque>
#include <random>
#include <thread>
#include <vector>

namespace dpsctp::dpsctpd {
namespace {

std::vector<uint8_t> Payload(uint64_t seq, size_t size) {
  std::vector<uint8_t> p(size);
  for (size_t i = 0; i < size; ++i) p[i] = static_cast<uint8_t>(seq * 31 + i);
  return p;
}

TEST_CASE("ForwardRing: against a queue model, through many wrap-arounds") {
  ForwardRing ring(4096);
  std::mt19937_64 rng(7);
  std::deque<std::pair<uint64_t, size_t>> model;
  uint64_t next = 0;
  size_t pushed = 0, refused = 0, popped = 0;
  for (int step = 0; step < 200000; ++step) {
    if (rng() % 2 == 0) {
      const size_t size = rng() % 3 == 0 ? rng() % 1500 : rng() % 64;
      ForwardHeader h;
      h.assoc_id = next;
      h.stream = static_cast<uint16_t>(next);
      h.ppid = static_cast<uint32_t>(next * 3);
      const auto p = Payload(next, size);
      if (ring.Push(h, p)) {
        model.emplace_back(next++, size);
        ++pushed;
      } else {
        ++refused;
        // Refused only when the model holds enough to fill it.
        size_t held = 0;
        for (const auto& [seq, sz] : model) held += (32 + sz + 7) & ~size_t{7};
        REQUIRE(held + ((32 + size + 7) & ~size_t{7}) > 4096 - 1500 - 40);
      }
    } else {
      ForwardHeader h;
      std::span<const uint8_t> data;
      const bool have = ring.Front(h, data);
      REQUIRE(have == !model.empty());
      if (!have) continue;
      const auto [seq, size] = model.front();
      model.pop_front();
      REQUIRE(h.assoc_id == seq);
      REQUIRE(h.stream == static_cast<uint16_t>(seq));
      REQUIRE(h.ppid == static_cast<uint32_t>(seq * 3));
      REQUIRE(h.length == size);
      const auto p = Payload(seq, size);
      REQUIRE(std::equal(data.begin(), data.end(), p.begin(), p.end()));
      ring.Pop();
      ++popped;
    }
  }
  CHECK(pushed > 50000);
  CHECK(refused > 0);
  CHECK(popped + model.size() == pushed);
}

TEST_CASE("ForwardRing: a payload above max_payload is always refused") {
  ForwardRing ring(4096);
  std::vector<uint8_t> big(ring.max_payload() + 1);
  CHECK_FALSE(ring.Push(ForwardHeader{}, big));
  big.resize(ring.max_payload());
  CHECK(ring.Push(ForwardHeader{}, big));
}

TEST_CASE("ForwardRing: one producer thread, one consumer thread") {
  ForwardRing ring(1 << 16);
  constexpr uint64_t kMessages = 200000;
  std::thread producer([&] {
    std::mt19937_64 rng(11);
    for (uint64_t seq = 0; seq < kMessages;) {
      const auto p = Payload(seq, rng() % 700);
      ForwardHeader h;
      h.assoc_id = seq;
      if (ring.Push(h, p)) {
        ++seq;
      } else {
        std::this_thread::yield();
      }
    }
  });
  uint64_t expected = 0;
  size_t mismatches = 0;
  while (expected < kMessages) {
    ForwardHeader h;
    std::span<const uint8_t> data;
    if (!ring.Front(h, data)) {
      std::this_thread::yield();
      continue;
    }
    const auto p = Payload(expected, h.length);
    if (h.assoc_id != expected ||
        !std::equal(data.begin(), data.end(), p.begin(), p.end()))
      ++mismatches;
    ring.Pop();
    ++expected;
  }
  producer.join();
  CHECK(mismatches == 0);
  ForwardHeader h;
  std::span<const uint8_t> data;
  CHECK_FALSE(ring.Front(h, data));
}

}  // namespace
}  // namespace dpsctp::dpsctpd
