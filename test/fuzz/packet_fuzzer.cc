// One inbound SCTP packet (common header + chunks), as the receive path sees
// it: framing, checksum, and every chunk's view, both over one contiguous
// buffer and over the same bytes cut into three segments. Properties: the
// two views agree chunk for chunk, and every chunk lies inside the packet.
// Seeds: raw SCTP packets cut from the corpus captures.
#include <array>
#include <cstdint>
#include <cstring>
#include <span>

#include "buf/packet_view.h"
#include "crc/crc32c.h"
#include "test/fuzz/all_views.h"
#include "test/fuzz/view_fuzz.h"
#include "wire/packet_parser.h"

namespace {
std::array<uint8_t, 65536> scratch_a;
std::array<uint8_t, 65536> scratch_b;

// Parses chunk bytes with the view for its type, if any.
void ParseByType(uint8_t type, std::span<const uint8_t> bytes) {
  dpsctp::fuzz::ChunkViews::ForEach([&]<typename View>() {
    if (View::kType == type) {
      if (auto v = View::Parse(bytes)) {
        (void)v->ToString();
      }
    }
  });
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dpsctp;
  std::span<const uint8_t> in(data, size);
  buf::PacketView whole(in);
  buf::PacketView split;
  const size_t a = size / 3;
  const size_t b = size - size / 4;
  split.AppendSegment(in.first(a));
  split.AppendSegment(in.subspan(a, b - a));
  split.AppendSegment(in.subspan(b));
  DPSCTP_FUZZ_ASSERT(split.size() == size);

  DPSCTP_FUZZ_ASSERT(crc::VerifySctpChecksum(whole) ==
                     crc::VerifySctpChecksum(split));
  auto r1 = wire::ParsePacket(whole);
  auto r2 = wire::ParsePacket(split);
  DPSCTP_FUZZ_ASSERT(r1.has_value() == r2.has_value());
  if (!r1.has_value()) {
    DPSCTP_FUZZ_ASSERT(r1.error() == r2.error());
    return 0;
  }
  DPSCTP_FUZZ_ASSERT(r1->chunk_count == r2->chunk_count);
  wire::ChunkCursor c1(whole);
  wire::ChunkCursor c2(split);
  size_t n = 0;
  while (auto d1 = c1.Next()) {
    auto d2 = c2.Next();
    DPSCTP_FUZZ_ASSERT(d2.has_value());
    DPSCTP_FUZZ_ASSERT(d1->offset == d2->offset && d1->length == d2->length &&
                       d1->type == d2->type && d1->flags == d2->flags);
    DPSCTP_FUZZ_ASSERT(d1->offset + d1->length <= size);
    auto x = wire::ChunkBytes(whole, *d1, scratch_a);
    auto y = wire::ChunkBytes(split, *d2, scratch_b);
    DPSCTP_FUZZ_ASSERT(x.size() == d1->length && y.size() == d1->length);
    DPSCTP_FUZZ_ASSERT(std::memcmp(x.data(), y.data(), x.size()) == 0);
    ParseByType(d1->type, x);
    ++n;
  }
  DPSCTP_FUZZ_ASSERT(!c2.Next().has_value());
  DPSCTP_FUZZ_ASSERT(n == r1->chunk_count);
  return 0;
}
