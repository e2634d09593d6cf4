// RFC 8260 §2.3 I-FORWARD-TSN Chunk (194)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 194  |  Flags = 0x00 |      Length = Variable        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       New Cumulative TSN                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       Stream Identifier       |          Reserved           |U|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Message Identifier                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |       Stream Identifier       |          Reserved           |U|
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Message Identifier                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/iforward_tsn_chunk.h"

#include "common/byte_order.h"
#include "common/check.h"

namespace dpsctp::wire {

namespace {
constexpr uint16_t kUnorderedBit = 0x0001;
}  // namespace

std::optional<IForwardTsnChunk> IForwardTsnChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // ParseTlv() checks the 8-byte minimum and that the entries are whole
  // 8-byte (Stream Identifier, Reserved/U, Message Identifier) triples: the
  // chunk carries no count, so the length is the count.
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 8260 §2.3: the chunk flags and the 15 Reserved bits of each entry
  // are set to zero by the sender and ignored by the receiver.
  return IForwardTsnChunk(data);
}

bool IForwardTsnChunk::SerializeTo(
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
    StoreBe16(p + 2, s.unordered ? kUnorderedBit : 0);
    StoreBe32(p + 4, s.mid.value());
    p += kSkippedStreamSize;
  }
  return true;
}

Tsn IForwardTsnChunk::new_cumulative_tsn() const noexcept {
  return Tsn(reader().Load32<4>());
}

size_t IForwardTsnChunk::skipped_stream_count() const noexcept {
  return reader().variable_data_size() / kSkippedStreamSize;
}

IForwardTsnChunk::SkippedStream IForwardTsnChunk::skipped_stream(
    size_t i) const noexcept {
  DPSCTP_DCHECK(i < skipped_stream_count());
  auto entry = reader().sub_reader<kSkippedStreamSize>(i * kSkippedStreamSize);
  return {StreamId(entry.Load16<0>()),
          (entry.Load16<2>() & kUnorderedBit) != 0, Mid(entry.Load32<4>())};
}

std::string IForwardTsnChunk::ToString() const {
  std::string s = "I_FORWARD_TSN, new_cum_tsn=" +
                  std::to_string(new_cumulative_tsn().value());
  for (size_t i = 0; i < skipped_stream_count(); ++i) {
    SkippedStream e = skipped_stream(i);
    s += ", skip=" + std::to_string(e.stream_id.value()) +
         (e.unordered ? ":U:" : ":") + std::to_string(e.mid.value());
  }
  return s;
}

}  // namespace dpsctp::wire
