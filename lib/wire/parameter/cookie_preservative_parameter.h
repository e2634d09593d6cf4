// Cookie Preservative parameter (RFC 9260 §3.3.2.1.3): an INIT retried after
// a Stale Cookie error suggests how much longer the responder's State Cookie
// should live. The responder MAY ignore it.
#ifndef DPSCTP_WIRE_PARAMETER_COOKIE_PRESERVATIVE_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_COOKIE_PRESERVATIVE_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct CookiePreservativeParameterConfig {
  static constexpr int kType = 9;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Cookie Preservative parameter. Valid only as long
// as the bytes it was parsed from.
class CookiePreservativeParameter
    : public TlvTrait<CookiePreservativeParameterConfig> {
 public:
  static constexpr int kType = CookiePreservativeParameterConfig::kType;

  static std::optional<CookiePreservativeParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out,
                          uint32_t life_span_increment_ms) noexcept;

  // Suggested Cookie Life-Span Increment, in milliseconds.
  uint32_t life_span_increment_ms() const noexcept {
    return reader().Load32<4>();
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit CookiePreservativeParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_COOKIE_PRESERVATIVE_PARAMETER_H_
