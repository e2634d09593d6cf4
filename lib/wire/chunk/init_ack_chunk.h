// INIT ACK chunk (RFC 9260 §3.3.3): answers an INIT. Same layout as INIT
// (see init_chunk.h for InitFields and the shared internal::InitLikeChunk).
#ifndef DPSCTP_WIRE_CHUNK_INIT_ACK_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_INIT_ACK_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/chunk/init_chunk.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct InitAckChunkConfig {
  static constexpr int kType = 2;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 20;
  // The Length excludes the last parameter's padding, so any length.
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a structurally valid INIT ACK chunk. Valid only as long as the
// bytes it was parsed from.
//
// Parse() checks the framing and the parameter list only: the State Cookie
// is mandatory (RFC 9260 §3.3.3) but checking mandatory parameters, and the
// forbidden values (Initiate Tag 0, a_rwnd < 1500, OS or MIS 0, Host Name
// Address), is the association's job, as it decides between ABORT and
// discard.
//
// Built like InitChunk: SerializeTo() with parameter bytes, or Open(), then
// the parameters (the State Cookie among them), then Close().
class InitAckChunk : public TlvTrait<InitAckChunkConfig>,
                     public internal::InitLikeChunk {
 public:
  static constexpr int kType = InitAckChunkConfig::kType;
  static constexpr size_t kHeaderSize = InitAckChunkConfig::kHeaderSize;

  static std::optional<InitAckChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // Same contracts as InitChunk's.
  static bool SerializeTo(WireWriter& out, const InitFields& fields,
                          std::span<const uint8_t> parameters) noexcept;
  static std::optional<size_t> Open(WireWriter& out,
                                    const InitFields& fields) noexcept;
  static bool Close(WireWriter& out, size_t start) noexcept;

  std::string ToString() const;

 private:
  explicit InitAckChunk(std::span<const uint8_t> data) noexcept
      : InitLikeChunk(data) {}
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_INIT_ACK_CHUNK_H_
