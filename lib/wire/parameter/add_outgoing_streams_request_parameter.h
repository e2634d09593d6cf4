// Add Outgoing Streams Request Parameter (RFC 6525 §4.5): tells the peer
// that the sender adds streams in its outgoing direction, so the peer must
// be ready to receive on them.
#ifndef DPSCTP_WIRE_PARAMETER_ADD_OUTGOING_STREAMS_REQUEST_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_ADD_OUTGOING_STREAMS_REQUEST_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct AddOutgoingStreamsRequestParameterConfig {
  static constexpr int kType = 17;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 12;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated parameter. Valid only as long as the bytes it was
// parsed from.
class AddOutgoingStreamsRequestParameter
    : public TlvTrait<AddOutgoingStreamsRequestParameterConfig> {
 public:
  static constexpr int kType = AddOutgoingStreamsRequestParameterConfig::kType;

  static std::optional<AddOutgoingStreamsRequestParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  // Reserved is written as zero.
  static bool SerializeTo(WireWriter& out,
                          ReconfigRequestSn request_sequence_number,
                          uint16_t number_of_new_streams) noexcept;

  ReconfigRequestSn request_sequence_number() const noexcept;
  uint16_t number_of_new_streams() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit AddOutgoingStreamsRequestParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_ADD_OUTGOING_STREAMS_REQUEST_PARAMETER_H_
