// RFC 9260 §3.3.4 Selective Acknowledgement (SACK) (3)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 3    |  Chunk Flags  |         Chunk Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Cumulative TSN Ack                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Advertised Receiver Window Credit (a_rwnd)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
// /                              ...                              /
// |                        Duplicate TSN 1                        |
// /                              ...                              /
#include "wire/chunk/sack_chunk.h"

#include "common/byte_order.h"

namespace dpsctp::wire {

std::optional<SackChunk> SackChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  size_t gaps = reader->Load16<12>();
  size_t dups = reader->Load16<14>();
  if (reader->variable_data_size() != gaps * 4 + dups * 4) {
    return std::nullopt;
  }
  return SackChunk(data);
}

bool SackChunk::SerializeTo(WireWriter& out, Tsn cumulative_tsn_ack,
                            uint32_t a_rwnd,
                            std::span<const GapAckBlock> gap_ack_blocks,
                            std::span<const Tsn> duplicate_tsns) noexcept {
  if (gap_ack_blocks.size() > 0xffff || duplicate_tsns.size() > 0xffff) {
    return false;
  }
  size_t variable = gap_ack_blocks.size() * 4 + duplicate_tsns.size() * 4;
  auto w = AllocateTlv(out, variable);
  if (!w) {
    return false;
  }
  w->Store32<4>(cumulative_tsn_ack.value());
  w->Store32<8>(a_rwnd);
  w->Store16<12>(static_cast<uint16_t>(gap_ack_blocks.size()));
  w->Store16<14>(static_cast<uint16_t>(duplicate_tsns.size()));
  uint8_t* p = w->variable_data().data();
  for (const GapAckBlock& b : gap_ack_blocks) {
    StoreBe16(p, b.start);
    StoreBe16(p + 2, b.end);
    p += 4;
  }
  for (Tsn t : duplicate_tsns) {
    StoreBe32(p, t.value());
    p += 4;
  }
  return true;
}

Tsn SackChunk::cumulative_tsn_ack() const noexcept {
  return Tsn(reader().Load32<4>());
}
uint32_t SackChunk::a_rwnd() const noexcept {
  return reader().Load32<8>();
}
size_t SackChunk::gap_ack_block_count() const noexcept {
  return reader().Load16<12>();
}
SackChunk::GapAckBlock SackChunk::gap_ack_block(size_t i) const noexcept {
  const uint8_t* p = data_.data() + kHeaderSize + i * 4;
  return {LoadBe16(p), LoadBe16(p + 2)};
}
size_t SackChunk::duplicate_tsn_count() const noexcept {
  return reader().Load16<14>();
}
Tsn SackChunk::duplicate_tsn(size_t i) const noexcept {
  return Tsn(LoadBe32(data_.data() + kHeaderSize +
                      gap_ack_block_count() * 4 + i * 4));
}

std::string SackChunk::ToString() const {
  std::string s = "SACK, cum_ack_tsn=" +
                  std::to_string(cumulative_tsn_ack().value()) +
                  ", a_rwnd=" + std::to_string(a_rwnd());
  for (size_t i = 0; i < gap_ack_block_count(); ++i) {
    GapAckBlock b = gap_ack_block(i);
    s += ", gap=" + std::to_string(b.start) + "-" + std::to_string(b.end);
  }
  for (size_t i = 0; i < duplicate_tsn_count(); ++i) {
    s += ", dup=" + std::to_string(duplicate_tsn(i).value());
  }
  return s;
}

}  // namespace dpsctp::wire
