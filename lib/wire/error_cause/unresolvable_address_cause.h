// Unresolvable Address error cause (RFC 9260 §3.3.10.5): quotes an address
// parameter (or a Host Name Address) the sender could not use; "usually sent
// in combination with or within an ABORT chunk".
#ifndef DPSCTP_WIRE_ERROR_CAUSE_UNRESOLVABLE_ADDRESS_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_UNRESOLVABLE_ADDRESS_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct UnresolvableAddressCauseConfig {
  static constexpr int kType = 5;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Unresolvable Address cause. Valid only as long as
// the bytes it was parsed from.
class UnresolvableAddressCause
    : public TlvTrait<UnresolvableAddressCauseConfig> {
 public:
  static constexpr int kType = UnresolvableAddressCauseConfig::kType;

  // Requires the information to be exactly one well-formed parameter TLV.
  static std::optional<UnresolvableAddressCause> Parse(
      std::span<const uint8_t> data) noexcept;

  // `address_parameter` is the complete address TLV (Type, Length, Value,
  // optionally its padding), as received; copied verbatim.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> address_parameter) noexcept;

  // The quoted address parameter TLV; parse it with Ipv4AddressParameter,
  // Ipv6AddressParameter or HostNameAddressParameter after checking its type.
  std::span<const uint8_t> unresolvable_address() const noexcept {
    return data_.subspan(kHeaderSize);
  }
  uint16_t address_type() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit UnresolvableAddressCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_UNRESOLVABLE_ADDRESS_CAUSE_H_
