// AsconfAddressParameter: the shape shared by the ASCONF address requests
// Add IP Address (RFC 5061 §4.2.1), Delete IP Address (§4.2.2) and Set
// Primary Address (§4.2.4): an ASCONF-Request Correlation ID followed by one
// IPv4 or IPv6 Address parameter. Each request is a Config (type number and
// display name) and a `using` alias; see add_ip_address_parameter.h.
#ifndef DPSCTP_WIRE_PARAMETER_ASCONF_ADDRESS_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_ASCONF_ADDRESS_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wire/address_parameter.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

// What the three requests have in common; a Config derives from it and adds
// kType and kName (the ToString() prefix).
struct AsconfAddressParameterConfigBase {
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  // The Address Parameter is 8 or 20 bytes.
  static constexpr size_t kVariableLengthAlignment = 4;
};

// A view over a validated ASCONF address request. Valid only as long as the
// bytes it was parsed from.
template <typename Config>
class AsconfAddressParameter : public TlvTrait<Config> {
  using Trait = TlvTrait<Config>;

 public:
  static constexpr int kType = Config::kType;
  using Trait::kHeaderSize;

  // Rejects a parameter whose body is not exactly one IPv4 or IPv6 Address
  // parameter.
  static std::optional<AsconfAddressParameter> Parse(
      std::span<const uint8_t> data) noexcept {
    auto reader = Trait::ParseTlv(data);
    if (!reader) {
      return std::nullopt;
    }
    // RFC 5061 §4.2.1, §4.2.2, §4.2.4: "Address Parameter: TLV. This field
    // contains an IPv4 or IPv6 address parameter, as described in Section
    // 3.3.2.1 of [RFC4960]." It is the whole rest of the parameter: one
    // IPv4 or IPv6 Address TLV, nothing more.
    if (!IsAddressParameter(reader->variable_data())) {
      return std::nullopt;
    }
    return AsconfAddressParameter(data);
  }

  // `address_parameter` is a serialized IPv4 (8 bytes) or IPv6 (20 bytes)
  // Address parameter; false if it is not one, or if it does not fit.
  static bool SerializeTo(WireWriter& out, uint32_t correlation_id,
                          std::span<const uint8_t> address_parameter) noexcept {
    if (!IsAddressParameter(address_parameter)) {
      return false;
    }
    auto w = Trait::AllocateTlv(out, address_parameter.size());
    if (!w) {
      return false;
    }
    w->template Store32<4>(correlation_id);
    w->CopyToVariableData(address_parameter);
    return true;
  }

  // ASCONF-Request Correlation ID: opaque, echoed in the response.
  uint32_t correlation_id() const noexcept {
    return reader().template Load32<4>();
  }
  // The whole Address parameter TLV (Type, Length, address): 8 or 20 bytes.
  std::span<const uint8_t> address_parameter() const noexcept {
    return reader().variable_data();
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const {
    return std::string(Config::kName) +
           ", correlation_id=" + std::to_string(correlation_id()) +
           ", address=" + AddressParameterToString(address_parameter());
  }

 private:
  explicit AsconfAddressParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_ASCONF_ADDRESS_PARAMETER_H_
