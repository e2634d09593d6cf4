// AUTH chunk (RFC 4895 §5.1): carries the HMAC, computed with an endpoint-pair
// shared key, over itself (HMAC field zeroed) and the chunks after it.
#ifndef DPSCTP_WIRE_CHUNK_AUTH_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_AUTH_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct AuthChunkConfig {
  static constexpr int kType = 15;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated AUTH chunk; fields are read on access. Valid only
// as long as the bytes it was parsed from. The HMAC starts at kHeaderSize,
// which is where a verifier zeroes it before recomputing (RFC 4895 §6.3).
class AuthChunk : public TlvTrait<AuthChunkConfig> {
 public:
  static constexpr int kType = AuthChunkConfig::kType;
  // RFC 4895 §5.1, Table 2 (0 and 2 are reserved).
  static constexpr uint16_t kHmacSha1 = 1;
  static constexpr uint16_t kHmacSha256 = 3;

  // Any HMAC length is accepted here; whether it matches the HMAC Identifier
  // is for the authentication procedure to decide.
  static std::optional<AuthChunk> Parse(std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, uint16_t shared_key_id,
                          uint16_t hmac_id,
                          std::span<const uint8_t> hmac) noexcept;

  uint16_t shared_key_id() const noexcept;
  uint16_t hmac_id() const noexcept;
  std::span<const uint8_t> hmac() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit AuthChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_AUTH_CHUNK_H_
