// No User Data error cause (RFC 9260 §3.3.10.9): names the TSN of a DATA
// chunk that arrived with no user data; "normally returned in an ABORT
// chunk".
#ifndef DPSCTP_WIRE_ERROR_CAUSE_NO_USER_DATA_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_NO_USER_DATA_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct NoUserDataCauseConfig {
  static constexpr int kType = 9;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated No User Data cause. Valid only as long as the bytes
// it was parsed from.
class NoUserDataCause : public TlvTrait<NoUserDataCauseConfig> {
 public:
  static constexpr int kType = NoUserDataCauseConfig::kType;

  static std::optional<NoUserDataCause> Parse(
      std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, Tsn tsn) noexcept;

  Tsn tsn() const noexcept { return Tsn(reader().Load32<4>()); }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit NoUserDataCause(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_NO_USER_DATA_CAUSE_H_
