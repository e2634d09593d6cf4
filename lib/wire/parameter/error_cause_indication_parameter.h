// Error Cause Indication parameter (RFC 5061 §4.2.3): in an ASCONF-ACK,
// reports why the request with this correlation ID failed, as one or more
// standard error causes.
#ifndef DPSCTP_WIRE_PARAMETER_ERROR_CAUSE_INDICATION_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_ERROR_CAUSE_INDICATION_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct ErrorCauseIndicationParameterConfig {
  static constexpr int kType = 0xC003;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Error Cause Indication parameter. Valid only as
// long as the bytes it was parsed from.
class ErrorCauseIndicationParameter
    : public TlvTrait<ErrorCauseIndicationParameterConfig> {
 public:
  static constexpr int kType = ErrorCauseIndicationParameterConfig::kType;

  // Rejects a parameter whose error causes do not form a valid TLV list.
  static std::optional<ErrorCauseIndicationParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  // `error_causes` is a serialized, padded list of error causes.
  static bool SerializeTo(WireWriter& out, uint32_t correlation_id,
                          std::span<const uint8_t> error_causes) noexcept;

  // Writes the fixed part and returns the parameter's start offset; the
  // caller then appends error causes to `out` and finishes with
  // CloseTlv(out, start).
  static std::optional<size_t> OpenTo(WireWriter& out,
                                      uint32_t correlation_id) noexcept;

  // ASCONF-Response Correlation ID: copied from the request it answers.
  uint32_t correlation_id() const noexcept;
  // The error causes; iterate with TlvIterator.
  std::span<const uint8_t> error_causes() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ErrorCauseIndicationParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_ERROR_CAUSE_INDICATION_PARAMETER_H_
