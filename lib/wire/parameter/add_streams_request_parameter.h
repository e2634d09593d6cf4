// AddStreamsRequestParameter: the shape shared by the Add Outgoing Streams
// Request (RFC 6525 §4.5) and Add Incoming Streams Request (§4.6)
// parameters, which differ only in their type. Each is a Config (type number
// and display name) and a `using` alias; see
// add_outgoing_streams_request_parameter.h.
#ifndef DPSCTP_WIRE_PARAMETER_ADD_STREAMS_REQUEST_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_ADD_STREAMS_REQUEST_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

// What the two parameters have in common; a Config derives from it and adds
// kType and kName (the ToString() prefix).
struct AddStreamsRequestParameterConfigBase {
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 12;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated parameter. Valid only as long as the bytes it was
// parsed from.
template <typename Config>
class AddStreamsRequestParameter : public TlvTrait<Config> {
  using Trait = TlvTrait<Config>;

 public:
  static constexpr int kType = Config::kType;
  using Trait::kHeaderSize;

  static std::optional<AddStreamsRequestParameter> Parse(
      std::span<const uint8_t> data) noexcept {
    // RFC 6525 §4.5, §4.6: the Parameter Length "MUST be 12" - a fixed-size
    // TLV. Reserved is ignored on receipt.
    if (!Trait::ParseTlv(data)) {
      return std::nullopt;
    }
    return AddStreamsRequestParameter(data);
  }

  // Reserved is written as zero.
  static bool SerializeTo(WireWriter& out,
                          ReconfigRequestSn request_sequence_number,
                          uint16_t number_of_new_streams) noexcept {
    auto w = Trait::AllocateTlv(out, 0);
    if (!w) {
      return false;
    }
    w->template Store32<4>(request_sequence_number.value());
    w->template Store16<8>(number_of_new_streams);
    return true;
  }

  ReconfigRequestSn request_sequence_number() const noexcept {
    return ReconfigRequestSn(reader().template Load32<4>());
  }
  uint16_t number_of_new_streams() const noexcept {
    return reader().template Load16<8>();
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const {
    return std::string(Config::kName) +
           ", req_sn=" + std::to_string(request_sequence_number().value()) +
           ", new_streams=" + std::to_string(number_of_new_streams());
  }

 private:
  explicit AddStreamsRequestParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_ADD_STREAMS_REQUEST_PARAMETER_H_
