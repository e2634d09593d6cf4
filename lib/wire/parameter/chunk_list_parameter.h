// Chunk List parameter (RFC 4895 §3.2): the chunk types the sender wants its
// peer to authenticate with AUTH. Sent in INIT and INIT ACK.
#ifndef DPSCTP_WIRE_PARAMETER_CHUNK_LIST_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_CHUNK_LIST_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct ChunkListParameterConfig {
  static constexpr int kType = 0x8003;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Chunk List parameter. Valid only as long as the
// bytes it was parsed from. Types that RFC 4895 says MUST be ignored (INIT,
// INIT ACK, SHUTDOWN COMPLETE, AUTH) are kept here; the AUTH logic drops
// them.
class ChunkListParameter : public TlvTrait<ChunkListParameterConfig> {
 public:
  static constexpr int kType = ChunkListParameterConfig::kType;
  static constexpr size_t kMaxLength = 260;

  static std::optional<ChunkListParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  // Fails for more than 256 chunk types.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> chunk_types) noexcept;

  // One byte per chunk type.
  std::span<const uint8_t> chunk_types() const noexcept;
  bool Contains(uint8_t chunk_type) const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ChunkListParameter(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_CHUNK_LIST_PARAMETER_H_
