// RFC 3758 §3.2 Forward Cumulative TSN Chunk Definition (FORWARD TSN) (192)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      New Cumulative TSN                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Stream-1              |       Stream Sequence-1       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Stream-N              |       Stream Sequence-N       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/forward_tsn_chunk.h"

#include "common/byte_order.h"
#include "common/check.h"

namespace dpsctp::wire {

std::optional<ForwardTsnChunk> ForwardTsnChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // ParseTlv() checks the 8-byte minimum (Type, Flags, Length and New
  // Cumulative TSN) and that the (Stream, Stream Sequence) list is whole
  // 4-byte entries: the chunk carries no count, so the length is the count.
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 3758 §3.2: "Chunk Flags: Set to all zeros on transmit and ignored on
  // receipt." Nothing else to check.
  return ForwardTsnChunk(data);
}

bool ForwardTsnChunk::SerializeTo(
    WireWriter& out, Tsn new_cumulative_tsn,
    std::span<const SkippedStream> skipped) noexcept {
  auto w = AllocateTlv(out, skipped.size() * kSkippedStreamSize);
  if (!w) {
    return false;
  }
  w->Store32<4>(new_cumulative_tsn.value());
  uint8_t* p = w->variable_data().data();
  for (const SkippedStream& s : skipped) {
    StoreBe16(p, s.stream_id.value());
    StoreBe16(p + 2, s.ssn.value());
    p += kSkippedStreamSize;
  }
  return true;
}

Tsn ForwardTsnChunk::new_cumulative_tsn() const noexcept {
  return Tsn(reader().Load32<4>());
}

size_t ForwardTsnChunk::skipped_stream_count() const noexcept {
  return reader().variable_data_size() / kSkippedStreamSize;
}

ForwardTsnChunk::SkippedStream ForwardTsnChunk::skipped_stream(
    size_t i) const noexcept {
  DPSCTP_DCHECK(i < skipped_stream_count());
  auto entry = reader().sub_reader<kSkippedStreamSize>(i * kSkippedStreamSize);
  return {StreamId(entry.Load16<0>()), Ssn(entry.Load16<2>())};
}

std::string ForwardTsnChunk::ToString() const {
  std::string s = "FORWARD_TSN, new_cum_tsn=" +
                  std::to_string(new_cumulative_tsn().value());
  for (size_t i = 0; i < skipped_stream_count(); ++i) {
    SkippedStream e = skipped_stream(i);
    s += ", skip=" + std::to_string(e.stream_id.value()) + ":" +
         std::to_string(e.ssn.value());
  }
  return s;
}

}  // namespace dpsctp::wire
