// Invalid Mandatory Parameter error cause (RFC 9260 §3.3.10.7): returned to
// the sender of an INIT or INIT ACK "when one of the mandatory parameters is
// set to an invalid value" (e.g. zero streams, Initiate Tag 0). No
// cause-specific information.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_INVALID_MANDATORY_PARAMETER_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_INVALID_MANDATORY_PARAMETER_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct InvalidMandatoryParameterCauseConfig {
  static constexpr int kType = 7;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Invalid Mandatory Parameter cause. Valid only as long
// as the bytes it was parsed from.
class InvalidMandatoryParameterCause
    : public TlvTrait<InvalidMandatoryParameterCauseConfig> {
 public:
  static constexpr int kType = InvalidMandatoryParameterCauseConfig::kType;

  static std::optional<InvalidMandatoryParameterCause> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out) noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit InvalidMandatoryParameterCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_INVALID_MANDATORY_PARAMETER_CAUSE_H_
