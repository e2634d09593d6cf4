#include "buf/packet_view.h"

#include <array>
#include <catch2/catch.hpp>
#include <vector>

namespace dpsctp::buf {
namespace {

std::vector<uint8_t> Iota(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) {
    v[i] = static_cast<uint8_t>(i);
  }
  return v;
}

TEST_CASE("PacketView: reads inside a segment without copying", "[fast]") {
  auto bytes = Iota(64);
  PacketView v(bytes);
  uint8_t scratch[8] = {};
  const uint8_t* p = v.Read(10, 8, scratch);
  CHECK(p == bytes.data() + 10);
  CHECK(v.size() == 64);
  CHECK(v.is_contiguous());
}

TEST_CASE("PacketView: copies reads that straddle segments", "[fast]") {
  auto bytes = Iota(30);
  PacketView v;
  REQUIRE(v.AppendSegment(std::span(bytes).first(10)));
  REQUIRE(v.AppendSegment(std::span(bytes).subspan(10, 5)));
  REQUIRE(v.AppendSegment(std::span(bytes).subspan(15)));
  CHECK(v.segment_count() == 3);
  std::array<uint8_t, 12> scratch{};
  const uint8_t* p = v.Read(8, 12, scratch.data());
  REQUIRE(p == scratch.data());
  for (size_t i = 0; i < 12; ++i) {
    CHECK(p[i] == 8 + i);
  }
  // The tail of a segment, exactly.
  CHECK(v.Read(10, 5, scratch.data()) == bytes.data() + 10);
}

TEST_CASE("PacketView: rejects reads past the end", "[fast]") {
  auto bytes = Iota(16);
  PacketView v(bytes);
  uint8_t scratch[32];
  CHECK(v.Read(0, 17, scratch) == nullptr);
  CHECK(v.Read(16, 1, scratch) == nullptr);
  CHECK(v.Read(17, 0, scratch) == nullptr);
  CHECK(v.Read(size_t(-1), 2, scratch) == nullptr);
  CHECK(v.Read(16, 0, scratch) != nullptr);
}

TEST_CASE("PacketView: Slice shares segments", "[fast]") {
  auto bytes = Iota(30);
  PacketView v;
  v.AppendSegment(std::span(bytes).first(10));
  v.AppendSegment(std::span(bytes).subspan(10));
  PacketView s = v.Slice(5, 10);
  REQUIRE(s.size() == 10);
  REQUIRE(s.segment_count() == 2);
  CHECK(s.segment(0).data() == bytes.data() + 5);
  CHECK(s.segment(1).data() == bytes.data() + 10);
  CHECK(v.Slice(25, 6).empty());
  std::array<uint8_t, 10> out{};
  REQUIRE(s.CopyTo(0, out));
  CHECK(out[9] == 14);
}

TEST_CASE("PacketView: refuses more than kMaxSegments", "[fast]") {
  auto bytes = Iota(PacketView::kMaxSegments + 1);
  PacketView v;
  for (size_t i = 0; i < PacketView::kMaxSegments; ++i) {
    REQUIRE(v.AppendSegment(std::span(bytes).subspan(i, 1)));
  }
  CHECK_FALSE(v.AppendSegment(std::span(bytes).subspan(8, 1)));
  CHECK(v.size() == PacketView::kMaxSegments);
}

}  // namespace
}  // namespace dpsctp::buf
