// Supported Extensions Parameter (RFC 5061 §4.2.7): in INIT or INIT ACK,
// lists the extension chunk types the sender supports (RE-CONFIG, I-DATA,
// AUTH, ASCONF, ...).
#ifndef DPSCTP_WIRE_PARAMETER_SUPPORTED_EXTENSIONS_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_SUPPORTED_EXTENSIONS_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct SupportedExtensionsParameterConfig {
  static constexpr int kType = 0x8008;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  // One byte per chunk type.
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated parameter. Valid only as long as the bytes it was
// parsed from.
class SupportedExtensionsParameter
    : public TlvTrait<SupportedExtensionsParameterConfig> {
 public:
  static constexpr int kType = SupportedExtensionsParameterConfig::kType;

  static std::optional<SupportedExtensionsParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> chunk_types) noexcept;

  // The listed chunk types, one byte each, in the order sent.
  std::span<const uint8_t> chunk_types() const noexcept {
    return data_.subspan(kHeaderSize);
  }
  bool Supports(uint8_t chunk_type) const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit SupportedExtensionsParameter(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_SUPPORTED_EXTENSIONS_PARAMETER_H_
