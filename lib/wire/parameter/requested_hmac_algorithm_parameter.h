// Requested HMAC Algorithm parameter (RFC 4895 §3.3): the HMAC identifiers
// the sender accepts for AUTH, most preferred first. Sent in INIT and
// INIT ACK.
#ifndef DPSCTP_WIRE_PARAMETER_REQUESTED_HMAC_ALGORITHM_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_REQUESTED_HMAC_ALGORITHM_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct RequestedHmacAlgorithmParameterConfig {
  static constexpr int kType = 0x8004;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 2;
};

// A view over a validated HMAC-ALGO parameter. Valid only as long as the
// bytes it was parsed from. Whether the list contains SHA-1 (which RFC 4895
// requires every endpoint to support) is for the AUTH logic to check.
class RequestedHmacAlgorithmParameter
    : public TlvTrait<RequestedHmacAlgorithmParameterConfig> {
 public:
  static constexpr int kType = RequestedHmacAlgorithmParameterConfig::kType;

  static std::optional<RequestedHmacAlgorithmParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out,
                          std::span<const uint16_t> hmac_ids) noexcept;

  size_t hmac_id_count() const noexcept;
  uint16_t hmac_id(size_t i) const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit RequestedHmacAlgorithmParameter(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_REQUESTED_HMAC_ALGORITHM_PARAMETER_H_
