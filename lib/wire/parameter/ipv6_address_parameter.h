// IPv6 Address parameter (RFC 9260 §3.3.2.1.2): one IPv6 address of the
// sender, listed in INIT and INIT ACK (and nested in ASCONF parameters and in
// some error causes).
#ifndef DPSCTP_WIRE_PARAMETER_IPV6_ADDRESS_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_IPV6_ADDRESS_PARAMETER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct Ipv6AddressParameterConfig {
  static constexpr int kType = 6;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 20;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated IPv6 Address parameter. Valid only as long as the
// bytes it was parsed from.
class Ipv6AddressParameter : public TlvTrait<Ipv6AddressParameterConfig> {
 public:
  static constexpr int kType = Ipv6AddressParameterConfig::kType;
  // Network byte order, as on the wire.
  using Address = std::array<uint8_t, 16>;

  // Accepts IPv4-mapped addresses (::ffff:a.b.c.d): the RFC forbids only
  // sending them; what to do with one is the caller's policy (see
  // is_ipv4_mapped()).
  static std::optional<Ipv6AddressParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, const Address& address) noexcept;

  Address address() const noexcept;
  // RFC 9260 §3.3.2.1.2: "A sender MUST NOT use an IPv4-mapped IPv6 address
  // [RFC4291] but SHOULD instead use an IPv4 Address parameter".
  bool is_ipv4_mapped() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit Ipv6AddressParameter(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_IPV6_ADDRESS_PARAMETER_H_
