// COOKIE ACK chunk (RFC 9260 §3.3.12): acknowledges a COOKIE ECHO, completing
// the association setup.
#ifndef DPSCTP_WIRE_CHUNK_COOKIE_ACK_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_COOKIE_ACK_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct CookieAckChunkConfig {
  static constexpr int kType = 11;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 0;  // "Length = 4"
};

// A view over a COOKIE ACK chunk, which has no fields. Valid only as long as the
// bytes it was parsed from.
class CookieAckChunk : public TlvTrait<CookieAckChunkConfig> {
 public:
  static constexpr int kType = CookieAckChunkConfig::kType;
  static constexpr size_t kHeaderSize = CookieAckChunkConfig::kHeaderSize;

  // Rejects any Length other than 4.
  static std::optional<CookieAckChunk> Parse(std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out) noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit CookieAckChunk(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_COOKIE_ACK_CHUNK_H_
