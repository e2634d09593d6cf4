// IPv4 Address parameter (RFC 9260 §3.3.2.1.1): one IPv4 address of the
// sender, listed in INIT and INIT ACK (and nested in ASCONF parameters and in
// some error causes).
#ifndef DPSCTP_WIRE_PARAMETER_IPV4_ADDRESS_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_IPV4_ADDRESS_PARAMETER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct Ipv4AddressParameterConfig {
  static constexpr int kType = 5;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated IPv4 Address parameter. Valid only as long as the
// bytes it was parsed from.
class Ipv4AddressParameter : public TlvTrait<Ipv4AddressParameterConfig> {
 public:
  static constexpr int kType = Ipv4AddressParameterConfig::kType;
  // Network byte order, as on the wire: {192, 0, 2, 1} is 192.0.2.1.
  using Address = std::array<uint8_t, 4>;

  static std::optional<Ipv4AddressParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, const Address& address) noexcept;

  Address address() const noexcept;
  // The same address as a host-order integer (192.0.2.1 -> 0xc0000201).
  uint32_t address_value() const noexcept { return reader().Load32<4>(); }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit Ipv4AddressParameter(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_IPV4_ADDRESS_PARAMETER_H_
