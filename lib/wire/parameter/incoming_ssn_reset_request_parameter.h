// Incoming SSN Reset Request Parameter (RFC 6525 §4.2): asks the peer to
// reset its outgoing side of the listed streams (all streams if the list is
// empty), which it does by sending an Outgoing SSN Reset Request.
#ifndef DPSCTP_WIRE_PARAMETER_INCOMING_SSN_RESET_REQUEST_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_INCOMING_SSN_RESET_REQUEST_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct IncomingSsnResetRequestParameterConfig {
  static constexpr int kType = 14;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  // A list of 16-bit stream numbers.
  static constexpr size_t kVariableLengthAlignment = 2;
};

// A view over a validated parameter; fields are read on access. Valid only
// as long as the bytes it was parsed from.
class IncomingSsnResetRequestParameter
    : public TlvTrait<IncomingSsnResetRequestParameterConfig> {
 public:
  static constexpr int kType = IncomingSsnResetRequestParameterConfig::kType;

  static std::optional<IncomingSsnResetRequestParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out,
                          ReconfigRequestSn request_sequence_number,
                          std::span<const StreamId> stream_ids) noexcept;

  ReconfigRequestSn request_sequence_number() const noexcept;
  // Zero means "all streams" (RFC 6525 §4.2).
  size_t stream_id_count() const noexcept;
  // i < stream_id_count().
  StreamId stream_id(size_t i) const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit IncomingSsnResetRequestParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_INCOMING_SSN_RESET_REQUEST_PARAMETER_H_
