// NR-SACK (16): draft-tuexen-tsvwg-sctp-multipath (the layout FreeBSD
// sends and Wireshark's packet-sctp.c dissects).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 16   |  Chunk Flags  |         Chunk Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Cumulative TSN Ack                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Advertised Receiver Window Credit (a_rwnd)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Number of Gap Ack Blocks = N  | Number of NR Gap Blocks = M   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Number of Duplicate TSNs = X  |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
// /                              ...                              /
// |    Gap Ack Block #N Start     |     Gap Ack Block #N End      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   NR Gap Ack Block #1 Start   |    NR Gap Ack Block #1 End    |
// /                              ...                              /
// |   NR Gap Ack Block #M Start   |    NR Gap Ack Block #M End    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                        Duplicate TSN 1                        |
// /                              ...                              /
// |                        Duplicate TSN X                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/nr_sack_chunk.h"

#include "common/byte_order.h"
#include "common/check.h"

namespace dpsctp::wire {

namespace {
constexpr size_t kBlockSize = 4;
constexpr size_t kDupTsnSize = 4;
}  // namespace

std::optional<NrSackChunk> NrSackChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // As for a SACK (RFC 9260 §3.3.4), the three counts say how the variable
  // part divides; they must account for it exactly, or the blocks and
  // duplicates would be read past the end or misaligned.
  size_t gaps = reader->Load16<12>();
  size_t nr_gaps = reader->Load16<14>();
  size_t dups = reader->Load16<16>();
  if (reader->variable_data_size() !=
      (gaps + nr_gaps) * kBlockSize + dups * kDupTsnSize) {
    return std::nullopt;
  }
  return NrSackChunk(data);
}

bool NrSackChunk::SerializeTo(WireWriter& out, Tsn cumulative_tsn_ack,
                              uint32_t a_rwnd,
                              std::span<const GapAckBlock> gap_ack_blocks,
                              std::span<const GapAckBlock> nr_gap_ack_blocks,
                              std::span<const Tsn> duplicate_tsns) noexcept {
  if (gap_ack_blocks.size() > 0xffff || nr_gap_ack_blocks.size() > 0xffff ||
      duplicate_tsns.size() > 0xffff) {
    return false;
  }
  size_t variable = (gap_ack_blocks.size() + nr_gap_ack_blocks.size()) *
                        kBlockSize +
                    duplicate_tsns.size() * kDupTsnSize;
  auto w = AllocateTlv(out, variable);
  if (!w) {
    return false;
  }
  w->Store32<4>(cumulative_tsn_ack.value());
  w->Store32<8>(a_rwnd);
  w->Store16<12>(static_cast<uint16_t>(gap_ack_blocks.size()));
  w->Store16<14>(static_cast<uint16_t>(nr_gap_ack_blocks.size()));
  w->Store16<16>(static_cast<uint16_t>(duplicate_tsns.size()));
  uint8_t* p = w->variable_data().data();
  for (std::span<const GapAckBlock> blocks :
       {gap_ack_blocks, nr_gap_ack_blocks}) {
    for (const GapAckBlock& b : blocks) {
      StoreBe16(p, b.start);
      StoreBe16(p + 2, b.end);
      p += kBlockSize;
    }
  }
  for (Tsn t : duplicate_tsns) {
    StoreBe32(p, t.value());
    p += kDupTsnSize;
  }
  return true;
}

Tsn NrSackChunk::cumulative_tsn_ack() const noexcept {
  return Tsn(reader().Load32<4>());
}

uint32_t NrSackChunk::a_rwnd() const noexcept { return reader().Load32<8>(); }

size_t NrSackChunk::gap_ack_block_count() const noexcept {
  return reader().Load16<12>();
}

NrSackChunk::GapAckBlock NrSackChunk::gap_ack_block(size_t i) const noexcept {
  DPSCTP_DCHECK(i < gap_ack_block_count());
  auto b = reader().sub_reader<kBlockSize>(i * kBlockSize);
  return {b.Load16<0>(), b.Load16<2>()};
}

size_t NrSackChunk::nr_gap_ack_block_count() const noexcept {
  return reader().Load16<14>();
}

NrSackChunk::GapAckBlock NrSackChunk::nr_gap_ack_block(
    size_t i) const noexcept {
  DPSCTP_DCHECK(i < nr_gap_ack_block_count());
  auto b = reader().sub_reader<kBlockSize>(
      (gap_ack_block_count() + i) * kBlockSize);
  return {b.Load16<0>(), b.Load16<2>()};
}

size_t NrSackChunk::duplicate_tsn_count() const noexcept {
  return reader().Load16<16>();
}

Tsn NrSackChunk::duplicate_tsn(size_t i) const noexcept {
  DPSCTP_DCHECK(i < duplicate_tsn_count());
  size_t blocks = gap_ack_block_count() + nr_gap_ack_block_count();
  auto d = reader().sub_reader<kDupTsnSize>(blocks * kBlockSize +
                                            i * kDupTsnSize);
  return Tsn(d.Load32<0>());
}

std::string NrSackChunk::ToString() const {
  std::string s = "NR_SACK, cum_ack_tsn=" +
                  std::to_string(cumulative_tsn_ack().value()) +
                  ", a_rwnd=" + std::to_string(a_rwnd());
  for (size_t i = 0; i < gap_ack_block_count(); ++i) {
    GapAckBlock b = gap_ack_block(i);
    s += ", gap=" + std::to_string(b.start) + "-" + std::to_string(b.end);
  }
  for (size_t i = 0; i < nr_gap_ack_block_count(); ++i) {
    GapAckBlock b = nr_gap_ack_block(i);
    s += ", nr_gap=" + std::to_string(b.start) + "-" + std::to_string(b.end);
  }
  for (size_t i = 0; i < duplicate_tsn_count(); ++i) {
    s += ", dup=" + std::to_string(duplicate_tsn(i).value());
  }
  return s;
}

}  // namespace dpsctp::wire
