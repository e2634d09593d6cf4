// Heartbeat Information parameter (RFC 9260 §3.3.5): the opaque TLV a
// HEARTBEAT carries and the HEARTBEAT ACK reflects unchanged. Only the sender
// interprets its contents (time sent, destination address, nonce).
#ifndef DPSCTP_WIRE_PARAMETER_HEARTBEAT_INFO_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_HEARTBEAT_INFO_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct HeartbeatInfoParameterConfig {
  static constexpr int kType = 1;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Heartbeat Info parameter. Valid only as long as the
// bytes it was parsed from.
class HeartbeatInfoParameter : public TlvTrait<HeartbeatInfoParameterConfig> {
 public:
  static constexpr int kType = HeartbeatInfoParameterConfig::kType;

  static std::optional<HeartbeatInfoParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  // Writes `info` verbatim (it may be empty).
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> info) noexcept;

  // The Sender-Specific Heartbeat Info, without padding.
  std::span<const uint8_t> info() const noexcept {
    return data_.subspan(kHeaderSize);
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit HeartbeatInfoParameter(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_HEARTBEAT_INFO_PARAMETER_H_
