// Success Indication parameter (RFC 5061 §4.2.5): in an ASCONF-ACK, reports
// that the request with this correlation ID succeeded.
#ifndef DPSCTP_WIRE_PARAMETER_SUCCESS_INDICATION_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_SUCCESS_INDICATION_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct SuccessIndicationParameterConfig {
  static constexpr int kType = 0xC005;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Success Indication parameter. Valid only as long
// as the bytes it was parsed from.
class SuccessIndicationParameter
    : public TlvTrait<SuccessIndicationParameterConfig> {
 public:
  static constexpr int kType = SuccessIndicationParameterConfig::kType;

  static std::optional<SuccessIndicationParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, uint32_t correlation_id) noexcept;

  // ASCONF-Response Correlation ID: copied from the request it answers.
  uint32_t correlation_id() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit SuccessIndicationParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_SUCCESS_INDICATION_PARAMETER_H_
