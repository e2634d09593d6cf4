// Zero Checksum Acceptable parameter (RFC 9653 §4): in INIT or INIT ACK,
// tells the peer it may send packets with a zero CRC32c checksum because an
// alternate error detection method (named by its EDMID) protects them.
#ifndef DPSCTP_WIRE_PARAMETER_ZERO_CHECKSUM_ACCEPTABLE_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_ZERO_CHECKSUM_ACCEPTABLE_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct ZeroChecksumAcceptableParameterConfig {
  static constexpr int kType = 0x8001;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Zero Checksum Acceptable parameter. Valid only as
// long as the bytes it was parsed from. Every EDMID parses, reserved or
// unknown ones included; the association decides whether it supports it.
class ZeroChecksumAcceptableParameter
    : public TlvTrait<ZeroChecksumAcceptableParameterConfig> {
 public:
  static constexpr int kType = ZeroChecksumAcceptableParameterConfig::kType;
  // RFC 9653 §10 (IANA "Error Detection Methods" registry).
  static constexpr uint32_t kEdmidReserved = 0;
  static constexpr uint32_t kEdmidSctpOverDtls = 1;

  static std::optional<ZeroChecksumAcceptableParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, uint32_t edmid) noexcept;

  // Error Detection Method Identifier.
  uint32_t edmid() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ZeroChecksumAcceptableParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_ZERO_CHECKSUM_ACCEPTABLE_PARAMETER_H_
