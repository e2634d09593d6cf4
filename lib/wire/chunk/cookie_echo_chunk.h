// COOKIE ECHO chunk (RFC 9260 §3.3.11): returns the State Cookie of an INIT
// ACK to its sender, which rebuilds the association from it.
#ifndef DPSCTP_WIRE_CHUNK_COOKIE_ECHO_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_COOKIE_ECHO_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct CookieEchoChunkConfig {
  static constexpr int kType = 10;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 4;
  // The cookie is opaque and of any length.
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a COOKIE ECHO chunk. Valid only as long as the bytes it was
// parsed from. The cookie is opaque here: checking its MAC, size and
// contents is the association's job (an empty cookie parses, and fails
// there).
class CookieEchoChunk : public TlvTrait<CookieEchoChunkConfig> {
 public:
  static constexpr int kType = CookieEchoChunkConfig::kType;
  static constexpr size_t kHeaderSize = CookieEchoChunkConfig::kHeaderSize;

  static std::optional<CookieEchoChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // Copies `cookie` (the State Cookie parameter's value). False, with
  // nothing written, if it does not fit.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> cookie) noexcept;

  std::span<const uint8_t> cookie() const noexcept {
    return data_.subspan(kHeaderSize);
  }

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit CookieEchoChunk(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_COOKIE_ECHO_CHUNK_H_
