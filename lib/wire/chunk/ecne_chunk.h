// ECNE chunk (ECN Echo, type 12): tells the data sender that a packet
// carrying the Lowest TSN arrived with the IP CE codepoint set.
//
// RFC 9260 only reserves the type ("The ECNE and CWR chunk types are reserved
// for future use of Explicit Congestion Notification (ECN)."); the format is
// RFC 4960 Appendix A (8 bytes). draft-stewart-tsvwg-sctpecn and the
// FreeBSD/usrsctp stack add a second word, the number of CE-marked packets
// since the last CWR (12 bytes). Both are accepted.
#ifndef DPSCTP_WIRE_CHUNK_ECNE_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_ECNE_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct EcneChunkConfig {
  static constexpr int kType = 12;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 8;
  // 0 or 4 bytes after the Lowest TSN (Parse() allows nothing else).
  static constexpr size_t kVariableLengthAlignment = 4;
};

// A view over an ECNE chunk. Valid only as long as the bytes it was parsed
// from.
class EcneChunk : public TlvTrait<EcneChunkConfig> {
 public:
  static constexpr int kType = EcneChunkConfig::kType;
  static constexpr size_t kHeaderSize = EcneChunkConfig::kHeaderSize;
  // The draft-stewart-tsvwg-sctpecn form, with the packet count.
  static constexpr size_t kExtendedSize = 12;

  // Accepts Length 8 or 12 only.
  static std::optional<EcneChunk> Parse(std::span<const uint8_t> data) noexcept;

  // Writes the 8-byte RFC 4960 form.
  static bool SerializeTo(WireWriter& out, Tsn lowest_tsn) noexcept;
  // Writes the 12-byte form with the number of CE-marked packets.
  static bool SerializeTo(WireWriter& out, Tsn lowest_tsn,
                          uint32_t number_of_packets) noexcept;

  Tsn lowest_tsn() const noexcept;
  // The number of CE-marked packets (12-byte form), or nullopt (8-byte form).
  std::optional<uint32_t> number_of_packets() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit EcneChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_ECNE_CHUNK_H_
