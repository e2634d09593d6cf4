// RFC 9260 §3.3.1 Payload Data (DATA) (0)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 0    |  Res  |I|U|B|E|            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              TSN                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Stream Identifier S      |   Stream Sequence Number n    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Payload Protocol Identifier                  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                 User Data (seq n of Stream S)                 /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/data_chunk.h"

namespace dpsctp::wire {

std::optional<DataChunk> DataChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // ParseTlv checks Type, that Length equals the bytes and covers the 16-byte
  // header. RFC 9260 §3.3.1 says L "MUST be greater than 0", but an empty
  // DATA chunk is still handed over (see the header): RFC 9260 §6.2: "If an
  // endpoint receives a DATA chunk with no user data (i.e., the Length field
  // is set to 16), it SHOULD send an ABORT chunk with a "No User Data" error
  // cause."
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  // Res bits: "All set to 0 on transmit and ignored on receipt."
  return DataChunk(data);
}

bool DataChunk::SerializeTo(WireWriter& out, Tsn tsn, StreamId stream_id,
                            Ssn ssn, Ppid ppid,
                            std::span<const uint8_t> payload,
                            Flags flags) noexcept {
  // RFC 9260 §6.2: "An endpoint SHOULD NOT send a DATA chunk with no user
  // data part."
  if (payload.empty()) {
    return false;
  }
  auto w = AllocateTlv(out, payload.size());
  if (!w) {
    return false;
  }
  uint8_t f = 0;
  f |= flags.immediate ? kFlagImmediate : 0;
  f |= flags.unordered ? kFlagUnordered : 0;
  f |= flags.beginning ? kFlagBeginning : 0;
  f |= flags.ending ? kFlagEnding : 0;
  w->Store8<1>(f);
  w->Store32<4>(tsn.value());
  w->Store16<8>(stream_id.value());
  w->Store16<10>(ssn.value());
  w->Store32<12>(ppid.value());
  w->CopyToVariableData(payload);
  return true;
}

Tsn DataChunk::tsn() const noexcept { return Tsn(reader().Load32<4>()); }
StreamId DataChunk::stream_id() const noexcept {
  return StreamId(reader().Load16<8>());
}
Ssn DataChunk::ssn() const noexcept { return Ssn(reader().Load16<10>()); }
Ppid DataChunk::ppid() const noexcept { return Ppid(reader().Load32<12>()); }

std::string DataChunk::ToString() const {
  std::string s = "DATA, tsn=" + std::to_string(tsn().value()) +
                  ", sid=" + std::to_string(stream_id().value()) +
                  ", ssn=" + std::to_string(ssn().value()) +
                  ", ppid=" + std::to_string(ppid().value()) +
                  ", length=" + std::to_string(payload().size()) + ", flags=";
  s += immediate() ? "I" : "";
  s += unordered() ? "U" : "";
  s += beginning() ? "B" : "";
  s += ending() ? "E" : "";
  return s;
}

}  // namespace dpsctp::wire
