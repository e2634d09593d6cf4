// RFC 5061 §4.1.1 Address Configuration Change Chunk (ASCONF) (0xC1)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0xC1   |  Chunk Flags  |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Sequence Number                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                    Address Parameter                          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     ASCONF Parameter #1                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                                                               /
// /                             ....                              /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                     ASCONF Parameter #N                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/asconf_chunk.h"

#include <string>

#include "common/byte_order.h"
#include "wire/address_parameter.h"
#include "wire/chunk_type.h"
#include "wire/tlv_iterator.h"
#include "wire/type_name_list.h"

namespace dpsctp::wire {

std::optional<AsconfChunk> AsconfChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 5061 §4.1.1: "This parameter MUST be present in every ASCONF
  // message, i.e., it is a mandatory TLV parameter." and "Address Parameter:
  // 8 or 20 bytes (depending on the address type)".
  size_t address_size = LeadingAddressParameterSize(reader->variable_data());
  if (address_size == 0) {
    return std::nullopt;
  }
  // RFC 5061 §4.1.1: "Each address configuration change is represented by
  // a TLV parameter as defined in Section 4.2." A chunk with no request is
  // left for the ASCONF procedure to judge, not rejected here.
  if (!ValidateTlvList(reader->variable_data().subspan(address_size))) {
    return std::nullopt;
  }
  return AsconfChunk(data);
}

bool AsconfChunk::SerializeTo(WireWriter& out, AsconfSerial sequence_number,
                              std::span<const uint8_t> address_parameter,
                              std::span<const uint8_t> parameters) noexcept {
  if (!IsAddressParameter(address_parameter) || !ValidateTlvList(parameters)) {
    return false;
  }
  auto w = AllocateTlv(out, address_parameter.size() + parameters.size());
  if (!w) {
    return false;
  }
  w->Store32<4>(sequence_number.value());
  w->CopyToVariableData(address_parameter);
  w->CopyToVariableData(parameters, address_parameter.size());
  return true;
}

std::optional<size_t> AsconfChunk::OpenTo(
    WireWriter& out, AsconfSerial sequence_number,
    std::span<const uint8_t> address_parameter) noexcept {
  if (!IsAddressParameter(address_parameter)) {
    return std::nullopt;
  }
  auto start = OpenTlv(out);
  if (!start) {
    return std::nullopt;
  }
  FixedPart(out, *start).Store32<4>(sequence_number.value());
  if (!out.AppendBytes(address_parameter)) {
    out.Truncate(*start);
    return std::nullopt;
  }
  return start;
}

AsconfSerial AsconfChunk::sequence_number() const noexcept {
  return AsconfSerial(reader().Load32<4>());
}
size_t AsconfChunk::address_parameter_size() const noexcept {
  return LoadBe16(data_.data() + kHeaderSize + 2);
}
std::span<const uint8_t> AsconfChunk::address_parameter() const noexcept {
  return reader().variable_data().first(address_parameter_size());
}
std::span<const uint8_t> AsconfChunk::parameters() const noexcept {
  return reader().variable_data().subspan(address_parameter_size());
}

std::string AsconfChunk::ToString() const {
  std::string s =
      "ASCONF, sequence_number=" + std::to_string(sequence_number().value()) +
      ", address=" + AddressParameterToString(address_parameter());
  return s + TlvTypeNamesToString(parameters(), ParameterTypeName);
}

}  // namespace dpsctp::wire
