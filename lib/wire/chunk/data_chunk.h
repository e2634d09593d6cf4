// DATA chunk (RFC 9260 §3.3.1): one fragment (or all) of a user message on
// one stream. The payload is never copied: payload() is a view into the
// received bytes, and kHeaderSize is where it starts, so the RX path can keep
// it as (BufRef, offset + kHeaderSize, length).
#ifndef DPSCTP_WIRE_CHUNK_DATA_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_DATA_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct DataChunkConfig {
  static constexpr int kType = 0;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 16;
  // The Length excludes the payload's padding, so any length.
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a DATA chunk; fields are read on access. Valid only as long as
// the bytes it was parsed from.
class DataChunk : public TlvTrait<DataChunkConfig> {
 public:
  static constexpr int kType = DataChunkConfig::kType;
  // Offset of the User Data within the chunk (zero-copy payload handling).
  static constexpr size_t kHeaderSize = DataChunkConfig::kHeaderSize;

  // Chunk Flags bits (RFC 9260 §3.3.1: "Res |I|U|B|E").
  static constexpr uint8_t kFlagEnding = 0x01;
  static constexpr uint8_t kFlagBeginning = 0x02;
  static constexpr uint8_t kFlagUnordered = 0x04;
  static constexpr uint8_t kFlagImmediate = 0x08;

  struct Flags {
    bool immediate = false;
    bool unordered = false;
    bool beginning = true;
    bool ending = true;
  };

  // Accepts an empty User Data field (Length 16) on purpose: RFC 9260 §6.2
  // says the receiver "SHOULD send an ABORT chunk with a 'No User Data' error
  // cause", which is the association's decision, so the codec hands such a
  // chunk over instead of dropping it. Callers check payload().empty().
  static std::optional<DataChunk> Parse(std::span<const uint8_t> data) noexcept;

  // False (nothing written) if `payload` is empty (RFC 9260 §3.3.1: L "MUST
  // be greater than 0") or the chunk does not fit. Copies the payload.
  static bool SerializeTo(WireWriter& out, Tsn tsn, StreamId stream_id,
                          Ssn ssn, Ppid ppid,
                          std::span<const uint8_t> payload,
                          Flags flags) noexcept;

  Tsn tsn() const noexcept;
  StreamId stream_id() const noexcept;
  // Meaningless when unordered() (RFC 9260 §3.3.1: "the receiver MUST ignore
  // the Stream Sequence Number field").
  Ssn ssn() const noexcept;
  Ppid ppid() const noexcept;
  bool immediate() const noexcept { return (flags() & kFlagImmediate) != 0; }
  bool unordered() const noexcept { return (flags() & kFlagUnordered) != 0; }
  bool beginning() const noexcept { return (flags() & kFlagBeginning) != 0; }
  bool ending() const noexcept { return (flags() & kFlagEnding) != 0; }

  // The User Data, without padding; may be empty (see Parse()).
  std::span<const uint8_t> payload() const noexcept {
    return data_.subspan(kHeaderSize);
  }

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit DataChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_DATA_CHUNK_H_
