// Supported Address Types parameter (RFC 9260 §3.3.2.1.5): the address
// types (5 = IPv4, 6 = IPv6) the sender of an INIT can use. Its absence
// means "any".
#ifndef DPSCTP_WIRE_PARAMETER_SUPPORTED_ADDRESS_TYPES_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_SUPPORTED_ADDRESS_TYPES_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct SupportedAddressTypesParameterConfig {
  static constexpr int kType = 12;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  // A list of 16-bit types; an odd count leaves 2 bytes of padding, which
  // Length does not count.
  static constexpr size_t kVariableLengthAlignment = 2;
};

// A view over a validated Supported Address Types parameter. Valid only as
// long as the bytes it was parsed from.
class SupportedAddressTypesParameter
    : public TlvTrait<SupportedAddressTypesParameterConfig> {
 public:
  static constexpr int kType = SupportedAddressTypesParameterConfig::kType;
  static constexpr size_t kAddressTypeSize = 2;

  static std::optional<SupportedAddressTypesParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out,
                          std::span<const uint16_t> address_types) noexcept;

  size_t address_type_count() const noexcept {
    return (data_.size() - kHeaderSize) / kAddressTypeSize;
  }
  // i < address_type_count().
  uint16_t address_type(size_t i) const noexcept;
  // Whether `type` is listed. RFC 9260 §3.3.2.1.5: the Host Name Address
  // type "MUST be ignored when receiving this parameter"; that is left to
  // the caller, which asks only about 5 and 6.
  bool HasAddressType(uint16_t type) const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit SupportedAddressTypesParameter(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_SUPPORTED_ADDRESS_TYPES_PARAMETER_H_
