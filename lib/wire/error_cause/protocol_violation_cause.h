// Protocol Violation error cause (RFC 9260 §3.3.10.13): an ABORT reason for
// a peer protocol violation no other cause covers, with optional free-form
// Additional Information (often text).
#ifndef DPSCTP_WIRE_ERROR_CAUSE_PROTOCOL_VIOLATION_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_PROTOCOL_VIOLATION_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct ProtocolViolationCauseConfig {
  static constexpr int kType = 13;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Protocol Violation cause. Valid only as long as the
// bytes it was parsed from.
class ProtocolViolationCause : public TlvTrait<ProtocolViolationCauseConfig> {
 public:
  static constexpr int kType = ProtocolViolationCauseConfig::kType;

  static std::optional<ProtocolViolationCause> Parse(
      std::span<const uint8_t> data) noexcept;

  // `additional_information` is copied verbatim; it may be empty.
  static bool SerializeTo(
      WireWriter& out,
      std::span<const uint8_t> additional_information) noexcept;

  // The Additional Information, without padding.
  std::span<const uint8_t> additional_information() const noexcept {
    return data_.subspan(kHeaderSize);
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ProtocolViolationCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_PROTOCOL_VIOLATION_CAUSE_H_
