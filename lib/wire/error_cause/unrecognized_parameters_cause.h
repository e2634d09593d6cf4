// Unrecognized Parameters error cause (RFC 9260 §3.3.10.8): returns to the
// sender of an INIT ACK the parameters it did not recognize and whose type
// bits ask for a report (§3.2.1, §3.2.2); normally in an ERROR bundled with
// the COOKIE ECHO. Carries the parameter TLVs verbatim.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_UNRECOGNIZED_PARAMETERS_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_UNRECOGNIZED_PARAMETERS_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct UnrecognizedParametersCauseConfig {
  static constexpr int kType = 8;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Unrecognized Parameters cause. Valid only as long
// as the bytes it was parsed from.
class UnrecognizedParametersCause
    : public TlvTrait<UnrecognizedParametersCauseConfig> {
 public:
  static constexpr int kType = UnrecognizedParametersCauseConfig::kType;

  // Requires a well-formed, non-empty list of parameter TLVs.
  static std::optional<UnrecognizedParametersCause> Parse(
      std::span<const uint8_t> data) noexcept;

  // `unrecognized_parameters` is one or more TLVs as received, each padded
  // to 4 bytes except possibly the last; copied verbatim.
  static bool SerializeTo(
      WireWriter& out,
      std::span<const uint8_t> unrecognized_parameters) noexcept;

  // The reported parameter TLVs; iterate with TlvIterator.
  std::span<const uint8_t> unrecognized_parameters() const noexcept {
    return data_.subspan(kHeaderSize);
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit UnrecognizedParametersCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_UNRECOGNIZED_PARAMETERS_CAUSE_H_
