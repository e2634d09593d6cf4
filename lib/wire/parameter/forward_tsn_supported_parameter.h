// Forward-TSN-Supported Parameter (RFC 3758 §3.1): in INIT or INIT ACK,
// announces that the sender understands FORWARD TSN (PR-SCTP).
#ifndef DPSCTP_WIRE_PARAMETER_FORWARD_TSN_SUPPORTED_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_FORWARD_TSN_SUPPORTED_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct ForwardTsnSupportedParameterConfig {
  static constexpr int kType = 0xC000;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated parameter (it has no fields).
class ForwardTsnSupportedParameter
    : public TlvTrait<ForwardTsnSupportedParameterConfig> {
 public:
  static constexpr int kType = ForwardTsnSupportedParameterConfig::kType;

  static std::optional<ForwardTsnSupportedParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out) noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ForwardTsnSupportedParameter(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_FORWARD_TSN_SUPPORTED_PARAMETER_H_
