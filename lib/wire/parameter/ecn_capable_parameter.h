// ECN Capable parameter (0x8000): announces support for Explicit Congestion
// Notification in INIT / INIT ACK. Defined in RFC 4960 Appendix A; RFC 9260
// dropped that appendix and only reserves the type ("Reserved for ECN
// Capable", §3.3.2, §3.3.3). A bare TLV with no value.
#ifndef DPSCTP_WIRE_PARAMETER_ECN_CAPABLE_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_ECN_CAPABLE_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct EcnCapableParameterConfig {
  static constexpr int kType = 0x8000;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated ECN Capable parameter. Valid only as long as the
// bytes it was parsed from.
class EcnCapableParameter : public TlvTrait<EcnCapableParameterConfig> {
 public:
  static constexpr int kType = EcnCapableParameterConfig::kType;

  static std::optional<EcnCapableParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out) noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit EcnCapableParameter(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_ECN_CAPABLE_PARAMETER_H_
