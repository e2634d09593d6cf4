// I-DATA chunk (RFC 8260 §2.1): user data for associations that negotiated
// user message interleaving. Fragments of one message share a Message
// Identifier (MID) and are numbered by a Fragment Sequence Number (FSN); the
// first fragment carries the PPID in the FSN's place.
#ifndef DPSCTP_WIRE_CHUNK_IDATA_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_IDATA_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct IDataChunkConfig {
  static constexpr int kType = 64;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 20;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated I-DATA chunk; fields are read on access and the
// user data is not copied. Valid only as long as the bytes it was parsed
// from.
class IDataChunk : public TlvTrait<IDataChunkConfig> {
 public:
  static constexpr int kType = IDataChunkConfig::kType;
  static constexpr size_t kHeaderSize = IDataChunkConfig::kHeaderSize;

  // Chunk flag bits (RFC 8260 §2.1: "Res |I|U|B|E").
  static constexpr uint8_t kFlagEnding = 0x01;
  static constexpr uint8_t kFlagBeginning = 0x02;
  static constexpr uint8_t kFlagUnordered = 0x04;
  static constexpr uint8_t kFlagImmediateAck = 0x08;

  struct Flags {
    bool immediate_ack = false;
    bool unordered = false;
    bool beginning = false;
    bool ending = false;
  };

  // Accepts an I-DATA chunk with no user data: RFC 9260 §6.2 asks for an
  // ABORT with a "No User Data" cause, which is the handler's decision.
  static std::optional<IDataChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // Writes `ppid` in the PPID/FSN field when flags.beginning is set and `fsn`
  // otherwise (RFC 8260 §2.1). Reserved bits are written as zero.
  static bool SerializeTo(WireWriter& out, Tsn tsn, StreamId stream_id,
                          Mid mid, Fsn fsn, Ppid ppid,
                          std::span<const uint8_t> user_data,
                          Flags flags) noexcept;

  bool immediate_ack() const noexcept {
    return (flags() & kFlagImmediateAck) != 0;
  }
  bool unordered() const noexcept { return (flags() & kFlagUnordered) != 0; }
  bool beginning() const noexcept { return (flags() & kFlagBeginning) != 0; }
  bool ending() const noexcept { return (flags() & kFlagEnding) != 0; }

  Tsn tsn() const noexcept;
  StreamId stream_id() const noexcept;
  Mid mid() const noexcept;
  // The PPID/FSN field is one or the other depending on the B bit: ppid() is
  // Ppid(0) on a non-first fragment, and fsn() is Fsn(0) on a first fragment
  // (RFC 8260 §2.1: the FSN of the first fragment "is 0").
  Ppid ppid() const noexcept;
  Fsn fsn() const noexcept;
  std::span<const uint8_t> user_data() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit IDataChunk(std::span<const uint8_t> data) : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_IDATA_CHUNK_H_
