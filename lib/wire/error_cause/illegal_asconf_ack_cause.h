// Association Aborted due to Illegal ASCONF-ACK error cause (RFC 5061
// §4.3.4): in an ABORT, says the association was torn down because an
// ASCONF-ACK acknowledged an ASCONF that was never sent (§5.3, rule F0).
#ifndef DPSCTP_WIRE_ERROR_CAUSE_ILLEGAL_ASCONF_ACK_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_ILLEGAL_ASCONF_ACK_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct IllegalAsconfAckCauseConfig {
  static constexpr int kType = 0x00A3;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Illegal ASCONF-ACK cause; it has no fields. Valid
// only as long as the bytes it was parsed from.
class IllegalAsconfAckCause : public TlvTrait<IllegalAsconfAckCauseConfig> {
 public:
  static constexpr int kType = IllegalAsconfAckCauseConfig::kType;

  static std::optional<IllegalAsconfAckCause> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out) noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit IllegalAsconfAckCause(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_ILLEGAL_ASCONF_ACK_CAUSE_H_
