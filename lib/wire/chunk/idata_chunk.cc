// RFC 8260 §2.1 I-DATA Chunk (64)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 64   |  Res  |I|U|B|E|       Length = Variable       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              TSN                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |        Stream Identifier      |           Reserved            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Message Identifier                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Payload Protocol Identifier / Fragment Sequence Number     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                           User Data                           /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/idata_chunk.h"

namespace dpsctp::wire {

std::optional<IDataChunk> IDataChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // ParseTlv() checks the 20-byte header. The user data may have any length
  // (the Length field excludes the padding). The Reserved field and the
  // "Res" flag bits are ignored on receipt.
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  return IDataChunk(data);
}

bool IDataChunk::SerializeTo(WireWriter& out, Tsn tsn, StreamId stream_id,
                             Mid mid, Fsn fsn, Ppid ppid,
                             std::span<const uint8_t> user_data,
                             Flags flags) noexcept {
  auto w = AllocateTlv(out, user_data.size());
  if (!w) {
    return false;
  }
  uint8_t f = 0;
  f |= flags.immediate_ack ? kFlagImmediateAck : 0;
  f |= flags.unordered ? kFlagUnordered : 0;
  f |= flags.beginning ? kFlagBeginning : 0;
  f |= flags.ending ? kFlagEnding : 0;
  w->Store8<1>(f);
  w->Store32<4>(tsn.value());
  w->Store16<8>(stream_id.value());
  w->Store32<12>(mid.value());
  // RFC 8260 §2.1: "If the B bit is set, this field contains the PPID of
  // the user message. ... If the B bit is not set, this field contains the
  // FSN."
  w->Store32<16>(flags.beginning ? ppid.value() : fsn.value());
  w->CopyToVariableData(user_data);
  return true;
}

Tsn IDataChunk::tsn() const noexcept { return Tsn(reader().Load32<4>()); }

StreamId IDataChunk::stream_id() const noexcept {
  return StreamId(reader().Load16<8>());
}

Mid IDataChunk::mid() const noexcept { return Mid(reader().Load32<12>()); }

Ppid IDataChunk::ppid() const noexcept {
  return beginning() ? Ppid(reader().Load32<16>()) : Ppid(0);
}

Fsn IDataChunk::fsn() const noexcept {
  return beginning() ? Fsn(0) : Fsn(reader().Load32<16>());
}

std::span<const uint8_t> IDataChunk::user_data() const noexcept {
  return reader().variable_data();
}

std::string IDataChunk::ToString() const {
  std::string s = "I_DATA, type=";
  s += unordered() ? "unordered" : "ordered";
  s += "::";
  if (beginning() && ending()) {
    s += "complete";
  } else if (beginning()) {
    s += "first";
  } else if (ending()) {
    s += "last";
  } else {
    s += "middle";
  }
  if (immediate_ack()) {
    s += ", immediate_ack";
  }
  s += ", tsn=" + std::to_string(tsn().value()) +
       ", stream_id=" + std::to_string(stream_id().value()) +
       ", mid=" + std::to_string(mid().value());
  if (beginning()) {
    s += ", ppid=" + std::to_string(ppid().value());
  } else {
    s += ", fsn=" + std::to_string(fsn().value());
  }
  s += ", length=" + std::to_string(user_data().size());
  return s;
}

}  // namespace dpsctp::wire
