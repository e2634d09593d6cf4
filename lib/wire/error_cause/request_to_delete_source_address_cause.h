// Request to Delete Source IP Address error cause (RFC 5061 §4.3.3): in an
// ASCONF-ACK, refuses a Delete IP Address naming the source address of the
// packet that carried it. It carries a copy of the ASCONF request parameter
// concerned.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_REQUEST_TO_DELETE_SOURCE_ADDRESS_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_REQUEST_TO_DELETE_SOURCE_ADDRESS_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct RequestToDeleteSourceAddressCauseConfig {
  static constexpr int kType = 0x00A2;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Request to Delete Source IP Address cause. Valid only
// as long as the bytes it was parsed from. The copied parameter is not checked
// beyond its TLV framing: its type (normally Delete IP Address) is for the
// ASCONF-ACK handler to judge.
class RequestToDeleteSourceAddressCause
    : public TlvTrait<RequestToDeleteSourceAddressCauseConfig> {
 public:
  static constexpr int kType = RequestToDeleteSourceAddressCauseConfig::kType;

  // Rejects a cause whose body is not exactly one TLV (plus at most its own
  // padding).
  static std::optional<RequestToDeleteSourceAddressCause> Parse(
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
  explicit RequestToDeleteSourceAddressCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_REQUEST_TO_DELETE_SOURCE_ADDRESS_CAUSE_H_
