// Invalid Stream Identifier error cause (RFC 9260 §3.3.10.1): names the
// stream of a DATA chunk that was sent on a nonexistent stream.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_INVALID_STREAM_IDENTIFIER_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_INVALID_STREAM_IDENTIFIER_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct InvalidStreamIdentifierCauseConfig {
  static constexpr int kType = 1;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;
};

// A view over a validated Invalid Stream Identifier cause. Valid only as long
// as the bytes it was parsed from.
class InvalidStreamIdentifierCause
    : public TlvTrait<InvalidStreamIdentifierCauseConfig> {
 public:
  static constexpr int kType = InvalidStreamIdentifierCauseConfig::kType;

  static std::optional<InvalidStreamIdentifierCause> Parse(
      std::span<const uint8_t> data) noexcept;

  // The Reserved field is written as zero.
  static bool SerializeTo(WireWriter& out, StreamId stream_id) noexcept;

  StreamId stream_id() const noexcept { return StreamId(reader().Load16<4>()); }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit InvalidStreamIdentifierCause(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_INVALID_STREAM_IDENTIFIER_CAUSE_H_
