// ASCONF chunk (RFC 5061 §4.1.1): asks the peer to add or delete addresses
// of this association or to change its primary path. It carries one
// mandatory address of the sender, then a list of request parameters.
#ifndef DPSCTP_WIRE_CHUNK_ASCONF_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_ASCONF_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct AsconfChunkConfig {
  static constexpr int kType = 0xC1;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 8;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated ASCONF chunk; fields are read on access. Valid
// only as long as the bytes it was parsed from.
class AsconfChunk : public TlvTrait<AsconfChunkConfig> {
 public:
  static constexpr int kType = AsconfChunkConfig::kType;

  // Rejects a chunk whose first parameter is not an IPv4 or IPv6 Address
  // parameter, or whose request parameters do not form a valid TLV list.
  // The requests themselves are parsed by their own classes.
  static std::optional<AsconfChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // `address_parameter` is a serialized IPv4 (8 bytes) or IPv6 (20 bytes)
  // Address parameter; `parameters` a serialized, padded list of ASCONF
  // request parameters. Returns false if either is malformed or it does not
  // fit.
  static bool SerializeTo(WireWriter& out, AsconfSerial sequence_number,
                          std::span<const uint8_t> address_parameter,
                          std::span<const uint8_t> parameters) noexcept;

  // Writes the chunk header and the Address parameter and returns the
  // chunk's start offset; the caller then appends the request parameters
  // to `out` and finishes with CloseTlv(out, start). Nothing is left in
  // `out` on failure.
  static std::optional<size_t> OpenTo(
      WireWriter& out, AsconfSerial sequence_number,
      std::span<const uint8_t> address_parameter) noexcept;

  AsconfSerial sequence_number() const noexcept;
  // The whole Address parameter TLV (Type, Length, address): 8 or 20 bytes.
  std::span<const uint8_t> address_parameter() const noexcept;
  // The ASCONF request parameters; iterate with TlvIterator.
  std::span<const uint8_t> parameters() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit AsconfChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  size_t address_parameter_size() const noexcept;
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_ASCONF_CHUNK_H_
