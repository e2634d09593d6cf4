// Unrecognized Parameter parameter (RFC 9260 §3.3.3.1.2): carried in an
// INIT ACK to report a parameter of the INIT that the responder did not
// recognize and whose type asks for a report (§3.2.1, §3.2.2). Its value is
// the offending parameter TLV, copied verbatim.
#ifndef DPSCTP_WIRE_PARAMETER_UNRECOGNIZED_PARAMETER_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_UNRECOGNIZED_PARAMETER_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct UnrecognizedParameterParameterConfig {
  static constexpr int kType = 8;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Unrecognized Parameter parameter. Valid only as
// long as the bytes it was parsed from.
class UnrecognizedParameterParameter
    : public TlvTrait<UnrecognizedParameterParameterConfig> {
 public:
  static constexpr int kType = UnrecognizedParameterParameterConfig::kType;

  // Requires the value to be a well-formed, non-empty list of parameter TLVs
  // (normally exactly one).
  static std::optional<UnrecognizedParameterParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  // `unrecognized_parameter` is the reported TLV as it appeared in the INIT
  // (Type, Length, Value and, optionally, its padding); copied verbatim.
  static bool SerializeTo(
      WireWriter& out,
      std::span<const uint8_t> unrecognized_parameter) noexcept;

  // The reported parameter TLV(s); iterate with TlvIterator.
  std::span<const uint8_t> unrecognized_parameter() const noexcept {
    return data_.subspan(kHeaderSize);
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit UnrecognizedParameterParameter(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_UNRECOGNIZED_PARAMETER_PARAMETER_H_
