// Set Primary Address parameter (RFC 5061 §4.2.4): an ASCONF request asking
// the peer to use this address of the sender as its primary destination.
#ifndef DPSCTP_WIRE_PARAMETER_SET_PRIMARY_ADDRESS_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_SET_PRIMARY_ADDRESS_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct SetPrimaryAddressParameterConfig {
  static constexpr int kType = 0xC004;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 4;
};

// A view over a validated Set Primary IP Address parameter. Valid only as long
// as the bytes it was parsed from.
class SetPrimaryAddressParameter
    : public TlvTrait<SetPrimaryAddressParameterConfig> {
 public:
  static constexpr int kType = SetPrimaryAddressParameterConfig::kType;

  // Rejects a parameter whose body is not exactly one IPv4 or IPv6 Address
  // parameter.
  static std::optional<SetPrimaryAddressParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  // `address_parameter` is a serialized IPv4 (8 bytes) or IPv6 (20 bytes)
  // Address parameter; false if it is not one, or if it does not fit.
  static bool SerializeTo(WireWriter& out, uint32_t correlation_id,
                          std::span<const uint8_t> address_parameter) noexcept;

  // ASCONF-Request Correlation ID: opaque, echoed in the response.
  uint32_t correlation_id() const noexcept;
  // The whole Address parameter TLV (Type, Length, address): 8 or 20 bytes.
  std::span<const uint8_t> address_parameter() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit SetPrimaryAddressParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_SET_PRIMARY_ADDRESS_PARAMETER_H_
