// Padding parameter (RFC 4820 §4): makes an INIT bigger, e.g. to probe the
// path MTU during setup. Its content carries no meaning.
#ifndef DPSCTP_WIRE_PARAMETER_PADDING_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_PADDING_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct PaddingParameterConfig {
  static constexpr int kType = 0x8005;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Padding parameter. Valid only as long as the bytes
// it was parsed from.
class PaddingParameter : public TlvTrait<PaddingParameterConfig> {
 public:
  static constexpr int kType = PaddingParameterConfig::kType;

  static std::optional<PaddingParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  // Writes `padding_size` zero bytes of Padding Data.
  static bool SerializeTo(WireWriter& out, size_t padding_size) noexcept;

  std::span<const uint8_t> padding_data() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit PaddingParameter(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_PADDING_PARAMETER_H_
