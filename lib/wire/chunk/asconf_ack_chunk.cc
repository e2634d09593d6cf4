// RFC 5061 §4.1.2 Address Configuration Acknowledgment Chunk (ASCONF-ACK)
// (0x80)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0x80   |  Chunk Flags  |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Sequence Number                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 ASCONF Parameter Response#1                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                             ....                              /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                 ASCONF Parameter Response#N                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/asconf_ack_chunk.h"

#include <string>

#include "wire/chunk_type.h"
#include "wire/tlv_iterator.h"
#include "wire/type_name_list.h"

namespace dpsctp::wire {

std::optional<AsconfAckChunk> AsconfAckChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 5061 §4.1.2: "a sender of an ASCONF-ACK MAY indicate complete
  // success of all TLVs in an ASCONF by returning only the Chunk Type,
  // Chunk Flags, Chunk Length (set to 8), and Sequence Number." So an empty
  // list is valid; anything present must be a well-formed TLV list.
  if (!ValidateTlvList(reader->variable_data())) {
    return std::nullopt;
  }
  return AsconfAckChunk(data);
}

bool AsconfAckChunk::SerializeTo(WireWriter& out, AsconfSerial sequence_number,
                                 std::span<const uint8_t> parameters) noexcept {
  if (!ValidateTlvList(parameters)) {
    return false;
  }
  auto w = AllocateTlv(out, parameters.size());
  if (!w) {
    return false;
  }
  w->Store32<4>(sequence_number.value());
  w->CopyToVariableData(parameters);
  return true;
}

std::optional<size_t> AsconfAckChunk::OpenTo(
    WireWriter& out, AsconfSerial sequence_number) noexcept {
  auto start = OpenTlv(out);
  if (!start) {
    return std::nullopt;
  }
  FixedPart(out, *start).Store32<4>(sequence_number.value());
  return start;
}

AsconfSerial AsconfAckChunk::sequence_number() const noexcept {
  return AsconfSerial(reader().Load32<4>());
}
std::span<const uint8_t> AsconfAckChunk::parameters() const noexcept {
  return reader().variable_data();
}

std::string AsconfAckChunk::ToString() const {
  std::string s = "ASCONF_ACK, sequence_number=" +
                  std::to_string(sequence_number().value());
  return s + TlvTypeNamesToString(parameters(), ParameterTypeName);
}

}  // namespace dpsctp::wire
