// Unsupported HMAC Identifier error cause (RFC 4895 §4.1): reports an AUTH
// chunk whose HMAC Identifier the receiver did not offer.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_UNSUPPORTED_HMAC_IDENTIFIER_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_UNSUPPORTED_HMAC_IDENTIFIER_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct UnsupportedHmacIdentifierCauseConfig {
  static constexpr int kType = 0x0105;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 6;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Unsupported HMAC Identifier cause. Valid only as
// long as the bytes it was parsed from.
class UnsupportedHmacIdentifierCause
    : public TlvTrait<UnsupportedHmacIdentifierCauseConfig> {
 public:
  static constexpr int kType = UnsupportedHmacIdentifierCauseConfig::kType;

  static std::optional<UnsupportedHmacIdentifierCause> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, uint16_t hmac_id) noexcept;

  uint16_t hmac_id() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit UnsupportedHmacIdentifierCause(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_UNSUPPORTED_HMAC_IDENTIFIER_CAUSE_H_
