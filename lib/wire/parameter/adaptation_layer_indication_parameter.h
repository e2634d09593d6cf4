// Adaptation Layer Indication parameter (RFC 5061 §4.2.6): in INIT or
// INIT ACK, a 32-bit code point the upper layer hands to its peer (RFC 5061
// §4.2.6 leaves its meaning to the upper layer).
#ifndef DPSCTP_WIRE_PARAMETER_ADAPTATION_LAYER_INDICATION_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_ADAPTATION_LAYER_INDICATION_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct AdaptationLayerIndicationParameterConfig {
  static constexpr int kType = 0xC006;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Adaptation Layer Indication parameter. Valid only
// as long as the bytes it was parsed from.
class AdaptationLayerIndicationParameter
    : public TlvTrait<AdaptationLayerIndicationParameterConfig> {
 public:
  static constexpr int kType = AdaptationLayerIndicationParameterConfig::kType;

  static std::optional<AdaptationLayerIndicationParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out,
                          uint32_t adaptation_code_point) noexcept;

  uint32_t adaptation_code_point() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit AdaptationLayerIndicationParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_ADAPTATION_LAYER_INDICATION_PARAMETER_H_
