// CWR chunk (Congestion Window Reduced, type 13): tells the ECN receiver that
// the sender reduced its congestion window for the Lowest TSN it echoed.
//
// RFC 9260 only reserves the type ("The ECNE and CWR chunk types are reserved
// for future use of Explicit Congestion Notification (ECN)."); the format is
// RFC 4960 Appendix A.
#ifndef DPSCTP_WIRE_CHUNK_CWR_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_CWR_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct CwrChunkConfig {
  static constexpr int kType = 13;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 0;  // "Length = 8"
};

// A view over a CWR chunk. Valid only as long as the bytes it was parsed
// from. Flags are exposed raw: RFC 4960 defines none, and the bits FreeBSD
// sets are not standardized.
class CwrChunk : public TlvTrait<CwrChunkConfig> {
 public:
  static constexpr int kType = CwrChunkConfig::kType;
  static constexpr size_t kHeaderSize = CwrChunkConfig::kHeaderSize;

  // Rejects any Length other than 8.
  static std::optional<CwrChunk> Parse(std::span<const uint8_t> data) noexcept;

  static bool SerializeTo(WireWriter& out, Tsn lowest_tsn) noexcept;

  Tsn lowest_tsn() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit CwrChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_CWR_CHUNK_H_
