// Missing Mandatory Parameter error cause (RFC 9260 §3.3.10.2): lists the
// types of the mandatory parameters missing from a received INIT or INIT ACK
// (for an INIT ACK, the State Cookie).
#ifndef DPSCTP_WIRE_ERROR_CAUSE_MISSING_MANDATORY_PARAMETER_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_MISSING_MANDATORY_PARAMETER_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct MissingMandatoryParameterCauseConfig {
  static constexpr int kType = 2;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  // 16-bit parameter types; an odd count leaves 2 bytes of padding.
  static constexpr size_t kVariableLengthAlignment = 2;
};

// A view over a validated Missing Mandatory Parameter cause. Valid only as
// long as the bytes it was parsed from.
class MissingMandatoryParameterCause
    : public TlvTrait<MissingMandatoryParameterCauseConfig> {
 public:
  static constexpr int kType = MissingMandatoryParameterCauseConfig::kType;
  static constexpr size_t kParameterTypeSize = 2;

  // Rejects a cause whose count disagrees with its length, or lists nothing.
  static std::optional<MissingMandatoryParameterCause> Parse(
      std::span<const uint8_t> data) noexcept;

  // False if `missing_types` is empty (the cause reports "one or more") or
  // the cause does not fit.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint16_t> missing_types) noexcept;

  size_t missing_parameter_count() const noexcept {
    return reader().Load32<4>();
  }
  // i < missing_parameter_count().
  uint16_t missing_parameter_type(size_t i) const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit MissingMandatoryParameterCause(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_MISSING_MANDATORY_PARAMETER_CAUSE_H_
