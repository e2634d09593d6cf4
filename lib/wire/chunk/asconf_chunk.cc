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
#include "wire/chunk_type.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace {

// RFC 5061 §4.1.1: "Address Parameter: 8 or 20 bytes (depending on the
// address type)". Returns the parameter's size if `data` starts with a
// well-formed IPv4 (RFC 9260 §3.3.2.1: Type 5, Length 8) or IPv6 (Type 6,
// Length 20) Address parameter, else 0.
size_t LeadingAddressParameterSize(std::span<const uint8_t> data) noexcept {
  if (data.size() < 4) {
    return 0;
  }
  uint16_t type = LoadBe16(data.data());
  size_t length = LoadBe16(data.data() + 2);
  bool ok = (type == static_cast<uint16_t>(ParameterType::kIpv4Address) &&
             length == 8) ||
            (type == static_cast<uint16_t>(ParameterType::kIpv6Address) &&
             length == 20);
  if (!ok || length > data.size()) {
    return 0;
  }
  return length;
}

// "192.168.0.1" or "2001:db8:0:0:0:0:0:1" (no zero compression); tests and
// debugging only.
std::string AddressToString(std::span<const uint8_t> address_parameter) {
  std::span<const uint8_t> a = address_parameter.subspan(4);
  std::string s;
  if (a.size() == 4) {
    for (size_t i = 0; i < 4; ++i) {
      s += (i ? "." : "") + std::to_string(a[i]);
    }
    return s;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < a.size(); i += 2) {
    uint16_t group = LoadBe16(a.data() + i);
    if (i) {
      s += ':';
    }
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int nibble = (group >> shift) & 0xf;
      if (nibble || started || shift == 0) {
        s += kHex[nibble];
        started = true;
      }
    }
  }
  return s;
}

}  // namespace

std::optional<AsconfChunk> AsconfChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 5061 §4.1.1: "This parameter MUST be present in every ASCONF
  // message, i.e., it is a mandatory TLV parameter."
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
  if (LeadingAddressParameterSize(address_parameter) !=
          address_parameter.size() ||
      !ValidateTlvList(parameters)) {
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
  if (LeadingAddressParameterSize(address_parameter) !=
      address_parameter.size()) {
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
      ", address=" + AddressToString(address_parameter());
  TlvIterator it(parameters());
  while (auto p = it.Next()) {
    std::string_view name = ParameterTypeName(p->type);
    s += ", ";
    s += name.empty() ? std::to_string(p->type) : std::string(name);
  }
  return s;
}

}  // namespace dpsctp::wire
