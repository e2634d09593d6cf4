// Random parameter (RFC 4895 §3.1): the random number an endpoint
// contributes to the association shared key used by AUTH. Sent in INIT and
// INIT ACK.
#ifndef DPSCTP_WIRE_PARAMETER_RANDOM_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_RANDOM_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct RandomParameterConfig {
  static constexpr int kType = 0x8002;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Random parameter. Valid only as long as the bytes
// it was parsed from.
class RandomParameter : public TlvTrait<RandomParameterConfig> {
 public:
  static constexpr int kType = RandomParameterConfig::kType;
  // The size RFC 4895 §3.1 asks senders to use.
  static constexpr size_t kRecommendedSize = 32;

  // Accepts any non-empty Random Number; whether a size other than 32 bytes
  // is acceptable is for the AUTH procedure to decide.
  static std::optional<RandomParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  // Fails for an empty `random`.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> random) noexcept;

  std::span<const uint8_t> random() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit RandomParameter(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_RANDOM_PARAMETER_H_
