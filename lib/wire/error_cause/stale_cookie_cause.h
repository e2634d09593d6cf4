// Stale Cookie error cause (RFC 9260 §3.3.10.3): a valid State Cookie came
// back after it expired; says by how much, so the initiator can retry with a
// Cookie Preservative.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_STALE_COOKIE_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_STALE_COOKIE_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct StaleCookieCauseConfig {
  static constexpr int kType = 3;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Stale Cookie cause. Valid only as long as the bytes
// it was parsed from.
class StaleCookieCause : public TlvTrait<StaleCookieCauseConfig> {
 public:
  static constexpr int kType = StaleCookieCauseConfig::kType;

  static std::optional<StaleCookieCause> Parse(
      std::span<const uint8_t> data) noexcept;

  // RFC 9260 §3.3.10.3: a sender that does not wish to report the staleness
  // "SHOULD set this field to the value of zero".
  static bool SerializeTo(WireWriter& out, uint32_t staleness_us) noexcept;

  // Measure of Staleness: how long past expiry, rounded up, in microseconds.
  uint32_t staleness_us() const noexcept { return reader().Load32<4>(); }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit StaleCookieCause(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_STALE_COOKIE_CAUSE_H_
