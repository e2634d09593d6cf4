// ECN Echo (ECNE) (12): RFC 4960 Appendix A; RFC 9260 only reserves the type.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Chunk Type=12 | Flags=00000000|    Chunk Length = 8 or 12     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Lowest TSN Number                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Number of CE-marked Packets (12-byte form only)       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 4960 Appendix A draws "Chunk Length = 8"; the third word is the
// draft-stewart-tsvwg-sctpecn extension that usrsctp sends (see the header).
#include "wire/chunk/ecne_chunk.h"

#include "common/byte_order.h"

namespace dpsctp::wire {

std::optional<EcneChunk> EcneChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 4960 Appendix A: "This chunk contains one data element, i.e., the
  // lowest TSN associated with the IP datagram marked with the CE bit";
  // the extended form adds exactly one 32-bit count.
  if (data.size() != kHeaderSize && data.size() != kExtendedSize) {
    return std::nullopt;
  }
  return EcneChunk(data);
}

bool EcneChunk::SerializeTo(WireWriter& out, Tsn lowest_tsn) noexcept {
  auto w = AllocateTlv(out, 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(lowest_tsn.value());
  return true;
}

bool EcneChunk::SerializeTo(WireWriter& out, Tsn lowest_tsn,
                            uint32_t number_of_packets) noexcept {
  auto w = AllocateTlv(out, kExtendedSize - kHeaderSize);
  if (!w) {
    return false;
  }
  w->Store32<4>(lowest_tsn.value());
  w->sub_writer<4>(0).Store32<0>(number_of_packets);
  return true;
}

Tsn EcneChunk::lowest_tsn() const noexcept {
  return Tsn(reader().Load32<4>());
}

std::optional<uint32_t> EcneChunk::number_of_packets() const noexcept {
  if (data_.size() < kExtendedSize) {
    return std::nullopt;
  }
  return reader().sub_reader<4>(0).Load32<0>();
}

std::string EcneChunk::ToString() const {
  std::string s = "ECNE, lowest_tsn=" + std::to_string(lowest_tsn().value());
  if (std::optional<uint32_t> n = number_of_packets()) {
    s += ", packets=" + std::to_string(*n);
  }
  return s;
}

}  // namespace dpsctp::wire
