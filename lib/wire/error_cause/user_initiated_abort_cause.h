// User-Initiated Abort error cause (RFC 9260 §3.3.10.12): carries the upper
// layer's reason for an ABORT, opaque to SCTP, to the peer's upper layer.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_USER_INITIATED_ABORT_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_USER_INITIATED_ABORT_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct UserInitiatedAbortCauseConfig {
  static constexpr int kType = 12;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated User-Initiated Abort cause. Valid only as long as
// the bytes it was parsed from.
class UserInitiatedAbortCause : public TlvTrait<UserInitiatedAbortCauseConfig> {
 public:
  static constexpr int kType = UserInitiatedAbortCauseConfig::kType;

  static std::optional<UserInitiatedAbortCause> Parse(
      std::span<const uint8_t> data) noexcept;

  // `reason` is copied verbatim; it may be empty.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> reason) noexcept;

  // The Upper Layer Abort Reason, without padding.
  std::span<const uint8_t> upper_layer_abort_reason() const noexcept {
    return data_.subspan(kHeaderSize);
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit UserInitiatedAbortCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_USER_INITIATED_ABORT_CAUSE_H_
