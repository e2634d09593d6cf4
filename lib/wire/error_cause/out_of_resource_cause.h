// Out of Resource error cause (RFC 9260 §3.3.10.4): the sender lacks the
// resources to go on; "usually sent in combination with or within an ABORT
// chunk". No cause-specific information.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_OUT_OF_RESOURCE_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_OUT_OF_RESOURCE_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct OutOfResourceCauseConfig {
  static constexpr int kType = 4;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Out of Resource cause. Valid only as long as
// the bytes it was parsed from.
class OutOfResourceCause : public TlvTrait<OutOfResourceCauseConfig> {
 public:
  static constexpr int kType = OutOfResourceCauseConfig::kType;

  static std::optional<OutOfResourceCause> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out) noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit OutOfResourceCause(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_OUT_OF_RESOURCE_CAUSE_H_
