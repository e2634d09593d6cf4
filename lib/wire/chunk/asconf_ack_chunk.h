// ASCONF-ACK chunk (RFC 5061 §4.1.2): acknowledges an ASCONF by its Sequence
// Number and reports, per request, success or the error that refused it.
#ifndef DPSCTP_WIRE_CHUNK_ASCONF_ACK_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_ASCONF_ACK_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct AsconfAckChunkConfig {
  static constexpr int kType = 0x80;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated ASCONF-ACK chunk; fields are read on access.
// Valid only as long as the bytes it was parsed from.
class AsconfAckChunk : public TlvTrait<AsconfAckChunkConfig> {
 public:
  static constexpr int kType = AsconfAckChunkConfig::kType;

  // Rejects a chunk whose response parameters do not form a valid TLV list.
  static std::optional<AsconfAckChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // `parameters` is a serialized, padded list of response parameters
  // (Success Indication, Error Cause Indication); may be empty.
  static bool SerializeTo(WireWriter& out, AsconfSerial sequence_number,
                          std::span<const uint8_t> parameters) noexcept;

  // Writes the chunk header and returns its start offset; the caller then
  // appends the response parameters to `out` and finishes with
  // CloseTlv(out, start).
  static std::optional<size_t> OpenTo(WireWriter& out,
                                      AsconfSerial sequence_number) noexcept;

  AsconfSerial sequence_number() const noexcept;
  // The ASCONF-ACK response parameters; iterate with TlvIterator.
  std::span<const uint8_t> parameters() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit AsconfAckChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_ASCONF_ACK_CHUNK_H_
