// Cookie Received While Shutting Down error cause (RFC 9260 §3.3.10.10): a
// COOKIE ECHO arrived in SHUTDOWN-ACK-SENT; "usually returned in an ERROR
// chunk bundled with the retransmitted SHUTDOWN ACK chunk". No
// cause-specific information.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_COOKIE_RECEIVED_WHILE_SHUTTING_DOWN_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_COOKIE_RECEIVED_WHILE_SHUTTING_DOWN_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct CookieReceivedWhileShuttingDownCauseConfig {
  static constexpr int kType = 10;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Cookie Received While Shutting Down cause. Valid only
// as long as the bytes it was parsed from.
class CookieReceivedWhileShuttingDownCause
    : public TlvTrait<CookieReceivedWhileShuttingDownCauseConfig> {
 public:
  static constexpr int kType =
      CookieReceivedWhileShuttingDownCauseConfig::kType;

  static std::optional<CookieReceivedWhileShuttingDownCause> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out) noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit CookieReceivedWhileShuttingDownCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_COOKIE_RECEIVED_WHILE_SHUTTING_DOWN_CAUSE_H_
