// INIT chunk (RFC 9260 §3.3.2): opens an association. Also holds what INIT
// and INIT ACK (§3.3.3) share, since both have the same layout: the fixed
// fields (InitFields) and internal::InitLikeChunk, which parses, writes and
// reads them for both.
#ifndef DPSCTP_WIRE_CHUNK_INIT_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_INIT_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "common/types.h"
#include "wire/tlv.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

// The fixed-length fields of INIT and INIT ACK, in wire order.
struct InitFields {
  VerificationTag initiate_tag;
  uint32_t a_rwnd = 0;
  uint16_t outbound_streams = 0;  // OS
  uint16_t inbound_streams = 0;   // MIS
  Tsn initial_tsn;

  friend bool operator==(const InitFields&, const InitFields&) = default;
};

namespace internal {

// The common part of InitChunk and InitAckChunk: a view over a chunk whose
// Type and Length were checked by the caller's TlvTrait, plus the helpers
// both use. Not used on its own.
class InitLikeChunk {
 public:
  // Type, Flags, Length, then the fields of InitFields.
  static constexpr size_t kFixedSize = 20;

  VerificationTag initiate_tag() const noexcept;
  uint32_t a_rwnd() const noexcept;
  uint16_t outbound_streams() const noexcept;
  uint16_t inbound_streams() const noexcept;
  Tsn initial_tsn() const noexcept;
  InitFields fields() const noexcept;

  // The Optional/Variable-Length Parameters, a valid TLV list (possibly
  // empty), for TlvIterator.
  std::span<const uint8_t> parameters() const noexcept {
    return data_.subspan(kFixedSize);
  }
  size_t parameter_count() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }

 protected:
  explicit InitLikeChunk(std::span<const uint8_t> data) noexcept
      : data_(data) {}

  // True if the bytes after the fixed part form a well-formed parameter list.
  static bool ValidateParameters(
      const BoundedByteReader<kFixedSize>& reader) noexcept;
  static void WriteFields(BoundedByteWriter<kFixedSize>& w,
                          const InitFields& fields) noexcept;
  // SerializeTo(), Open() and Close() of InitChunk and InitAckChunk, which
  // differ only in their TlvTrait (the Type written).
  template <typename Trait>
  static bool SerializeChunk(WireWriter& out, const InitFields& fields,
                             std::span<const uint8_t> parameters) noexcept {
    std::optional<size_t> content = TlvListContentSize(parameters);
    if (!content) {
      return false;
    }
    auto w = Trait::AllocateTlv(out, *content);
    if (!w) {
      return false;
    }
    WriteFields(*w, fields);
    w->CopyToVariableData(parameters.first(*content));
    return true;
  }
  template <typename Trait>
  static std::optional<size_t> OpenChunk(WireWriter& out,
                                         const InitFields& fields) noexcept {
    std::optional<size_t> start = Trait::OpenTlv(out);
    if (!start) {
      return std::nullopt;
    }
    BoundedByteWriter<kFixedSize> w = Trait::FixedPart(out, *start);
    WriteFields(w, fields);
    return start;
  }
  // Sets the Length of the chunk opened at `start` to cover the parameters
  // appended since, minus the last one's padding, and pads to 4.
  static bool CloseChunk(WireWriter& out, size_t start) noexcept;
  // "initiate_tag=..., a_rwnd=..., ..." for ToString().
  std::string FieldsToString() const;

 private:
  BoundedByteReader<kFixedSize> reader() const noexcept {
    return BoundedByteReader<kFixedSize>(data_);
  }
  std::span<const uint8_t> data_;
};

}  // namespace internal

struct InitChunkConfig {
  static constexpr int kType = 1;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 20;
  // The Length excludes the last parameter's padding, so any length.
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a structurally valid INIT chunk. Valid only as long as the
// bytes it was parsed from.
//
// Parse() checks the framing and the parameter list only. The values the RFC
// forbids (Initiate Tag 0, a_rwnd < 1500, OS or MIS 0, a Host Name Address)
// are answered by the association with a discard or an ABORT, so they are
// accepted here and left to it.
//
// Two ways to build one:
//   InitChunk::SerializeTo(out, fields, parameter_bytes);
// or, writing the parameters in place:
//   auto start = InitChunk::Open(out, fields);
//   Ipv4AddressParameter::SerializeTo(out, ...);  // any parameters
//   InitChunk::Close(out, *start);
// (the caller truncates `out` back to `*start` if a step fails).
class InitChunk : public TlvTrait<InitChunkConfig>,
                  public internal::InitLikeChunk {
 public:
  static constexpr int kType = InitChunkConfig::kType;
  static constexpr size_t kHeaderSize = InitChunkConfig::kHeaderSize;

  static std::optional<InitChunk> Parse(std::span<const uint8_t> data) noexcept;

  // `parameters` are already serialized parameters (each padded to 4 bytes
  // except possibly the last). False, with nothing written, if they are not
  // a well-formed list or the chunk does not fit.
  static bool SerializeTo(WireWriter& out, const InitFields& fields,
                          std::span<const uint8_t> parameters) noexcept;
  // Writes the fixed part and returns its offset, or nullopt if it does not
  // fit.
  static std::optional<size_t> Open(WireWriter& out,
                                    const InitFields& fields) noexcept;
  // Finishes a chunk started by Open(). False if a write overflowed, the
  // parameters are malformed, or the chunk is longer than 65535 bytes.
  static bool Close(WireWriter& out, size_t start) noexcept;

  std::string ToString() const;

 private:
  explicit InitChunk(std::span<const uint8_t> data) noexcept
      : InitLikeChunk(data) {}
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_INIT_CHUNK_H_
