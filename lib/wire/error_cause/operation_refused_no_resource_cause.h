// Operation Refused Due to Resource Shortage error cause (RFC 5061 §4.3.2): in
// an ASCONF-ACK, refuses a request the receiver lacks the resources to perform.
// It carries a copy of the ASCONF request parameter concerned.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_OPERATION_REFUSED_NO_RESOURCE_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_OPERATION_REFUSED_NO_RESOURCE_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct OperationRefusedNoResourceCauseConfig {
  static constexpr int kType = 0x00A1;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Operation Refused Due to Resource Shortage cause.
// Valid only as long as the bytes it was parsed from. The copied parameter is
// not checked beyond its TLV framing: its type (any request) is for the
// ASCONF-ACK handler to judge.
class OperationRefusedNoResourceCause
    : public TlvTrait<OperationRefusedNoResourceCauseConfig> {
 public:
  static constexpr int kType = OperationRefusedNoResourceCauseConfig::kType;

  // Rejects a cause whose body is not exactly one TLV (plus at most its own
  // padding).
  static std::optional<OperationRefusedNoResourceCause> Parse(
      std::span<const uint8_t> data) noexcept;

  // `asconf_parameter` is the request parameter TLV to copy, exactly Length
  // bytes (no padding). False if it is not one TLV, or if it does not fit.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> asconf_parameter) noexcept;

  // The copied ASCONF parameter TLV (Type, Length, value), without padding.
  std::span<const uint8_t> asconf_parameter() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit OperationRefusedNoResourceCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_OPERATION_REFUSED_NO_RESOURCE_CAUSE_H_
