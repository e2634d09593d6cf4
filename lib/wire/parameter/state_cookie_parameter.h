// State Cookie parameter (RFC 9260 §3.3.3.1.1): the opaque, MAC-protected
// association state an INIT ACK hands to the initiator, which echoes it back
// in COOKIE ECHO. The codec does not interpret the cookie; assoc/cookie.h
// authenticates and decodes it.
#ifndef DPSCTP_WIRE_PARAMETER_STATE_COOKIE_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_STATE_COOKIE_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct StateCookieParameterConfig {
  static constexpr int kType = 7;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated State Cookie parameter. Valid only as long as the
// bytes it was parsed from.
class StateCookieParameter : public TlvTrait<StateCookieParameterConfig> {
 public:
  static constexpr int kType = StateCookieParameterConfig::kType;

  static std::optional<StateCookieParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> cookie) noexcept;

  // The Cookie, without padding.
  std::span<const uint8_t> cookie() const noexcept {
    return data_.subspan(kHeaderSize);
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit StateCookieParameter(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_STATE_COOKIE_PARAMETER_H_
