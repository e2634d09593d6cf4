// SSN/TSN Reset Request Parameter (RFC 6525 §4.3): asks the peer to reset
// every stream and the TSNs in both directions.
#ifndef DPSCTP_WIRE_PARAMETER_SSN_TSN_RESET_REQUEST_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_SSN_TSN_RESET_REQUEST_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct SsnTsnResetRequestParameterConfig {
  static constexpr int kType = 15;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated parameter. Valid only as long as the bytes it was
// parsed from.
class SsnTsnResetRequestParameter
    : public TlvTrait<SsnTsnResetRequestParameterConfig> {
 public:
  static constexpr int kType = SsnTsnResetRequestParameterConfig::kType;

  static std::optional<SsnTsnResetRequestParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out,
                          ReconfigRequestSn request_sequence_number) noexcept;

  ReconfigRequestSn request_sequence_number() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit SsnTsnResetRequestParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_SSN_TSN_RESET_REQUEST_PARAMETER_H_
