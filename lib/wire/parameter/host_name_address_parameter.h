// Host Name Address parameter (RFC 9260 §3.3.2.1.4), deprecated: a host name
// in place of an address in INIT or INIT ACK. The codec still parses it so
// the handshake can recognize it and answer with an ABORT, optionally with an
// Unresolvable Address cause quoting it (§3.3.2.1.4).
#ifndef DPSCTP_WIRE_PARAMETER_HOST_NAME_ADDRESS_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_HOST_NAME_ADDRESS_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct HostNameAddressParameterConfig {
  static constexpr int kType = 11;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Host Name Address parameter. Valid only as long as
// the bytes it was parsed from.
class HostNameAddressParameter
    : public TlvTrait<HostNameAddressParameterConfig> {
 public:
  static constexpr int kType = HostNameAddressParameterConfig::kType;

  // Requires a non-empty Host Name field. A missing null terminator is
  // tolerated (see the .cc).
  static std::optional<HostNameAddressParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  // For tests and tools only: RFC 9260 §3.3.2.1.4 says "The sender of an
  // INIT chunk or INIT ACK chunk MUST NOT include this parameter." Writes
  // `host_name` and one null terminator. False if `host_name` contains a
  // null byte or the parameter does not fit.
  static bool SerializeTo(WireWriter& out, std::string_view host_name) noexcept;

  // The name up to (not including) the first null byte, or the whole field
  // if it has none. Not validated against RFC 1123 syntax.
  std::string_view host_name() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit HostNameAddressParameter(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_HOST_NAME_ADDRESS_PARAMETER_H_
