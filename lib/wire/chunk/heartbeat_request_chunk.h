// HEARTBEAT chunk (RFC 9260 §3.3.5): probes a destination address. Also
// holds internal::HeartbeatLikeChunk, shared with HEARTBEAT ACK (§3.3.6),
// which has the same shape: a chunk header and a Heartbeat Info parameter.
#ifndef DPSCTP_WIRE_CHUNK_HEARTBEAT_REQUEST_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_HEARTBEAT_REQUEST_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {
namespace internal {

// The common part of HeartbeatRequestChunk and HeartbeatAckChunk: a view over
// a chunk whose Type and Length the caller's TlvTrait checked, plus the
// helpers both use. Not used on its own.
class HeartbeatLikeChunk {
 public:
  static constexpr size_t kFixedSize = 4;
  // RFC 9260 §3.3.5: "Heartbeat Info Type = 1".
  static constexpr uint16_t kHeartbeatInfoType = 1;

  // The parameters after the chunk header, a valid TLV list (possibly
  // empty, possibly holding other types), for TlvIterator.
  std::span<const uint8_t> parameters() const noexcept {
    return data_.subspan(kFixedSize);
  }
  // The Sender-Specific Heartbeat Info: the value of the first Heartbeat Info
  // parameter, or nullopt if there is none.
  std::optional<std::span<const uint8_t>> info() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }

 protected:
  explicit HeartbeatLikeChunk(std::span<const uint8_t> data) noexcept
      : data_(data) {}

  static bool ValidateParameters(
      std::span<const uint8_t> parameters) noexcept;

  // SerializeTo() and SerializeParametersTo() of both chunks, which differ
  // only in their TlvTrait (the Type written).
  template <typename Trait>
  static bool SerializeInfo(WireWriter& out,
                            std::span<const uint8_t> info) noexcept {
    size_t parameter_length = 4 + info.size();
    if (parameter_length > 0xffff) {
      return false;
    }
    auto w = Trait::AllocateTlv(out, parameter_length);
    if (!w) {
      return false;
    }
    BoundedByteWriter<4> p = w->template sub_writer<4>(0);
    p.Store16<0>(kHeartbeatInfoType);
    p.Store16<2>(static_cast<uint16_t>(parameter_length));
    w->CopyToVariableData(info, 4);
    return true;
  }
  template <typename Trait>
  static bool SerializeParameters(
      WireWriter& out, std::span<const uint8_t> parameters) noexcept {
    std::optional<size_t> content = TlvListContentSize(parameters);
    if (!content) {
      return false;
    }
    auto w = Trait::AllocateTlv(out, *content);
    if (!w) {
      return false;
    }
    w->CopyToVariableData(parameters.first(*content));
    return true;
  }
  // "info_length=N" or "no info", for ToString().
  std::string InfoToString() const;

 private:
  std::span<const uint8_t> data_;
};

}  // namespace internal

struct HeartbeatRequestChunkConfig {
  static constexpr int kType = 4;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 4;
  // The Length excludes the last parameter's padding, so any length.
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a structurally valid HEARTBEAT chunk. Valid only as long as the
// bytes it was parsed from.
//
// Parse() requires a well-formed parameter list but not the Heartbeat Info
// parameter itself: info() is nullopt without it, and the association
// decides what to do with such a HEARTBEAT.
class HeartbeatRequestChunk : public TlvTrait<HeartbeatRequestChunkConfig>,
                              public internal::HeartbeatLikeChunk {
 public:
  static constexpr int kType = HeartbeatRequestChunkConfig::kType;
  static constexpr size_t kHeaderSize = HeartbeatRequestChunkConfig::kHeaderSize;

  static std::optional<HeartbeatRequestChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // Writes a HEARTBEAT holding one Heartbeat Info parameter whose value is
  // `info` (opaque to the peer). False, with nothing written, if it does not
  // fit.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> info) noexcept;
  // Writes a HEARTBEAT around already serialized parameters. False, with
  // nothing written, if they are not a well-formed list or do not fit.
  static bool SerializeParametersTo(
      WireWriter& out, std::span<const uint8_t> parameters) noexcept;

  std::string ToString() const;

 private:
  explicit HeartbeatRequestChunk(std::span<const uint8_t> data) noexcept
      : HeartbeatLikeChunk(data) {}
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_HEARTBEAT_REQUEST_CHUNK_H_
