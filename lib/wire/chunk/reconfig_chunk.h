// RE-CONFIG chunk (RFC 6525 §3.1): carries one or two stream
// reconfiguration parameters (requests and/or responses, RFC 6525 §4).
#ifndef DPSCTP_WIRE_CHUNK_RECONFIG_CHUNK_H_
#define DPSCTP_WIRE_CHUNK_RECONFIG_CHUNK_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct ReconfigChunkConfig {
  static constexpr int kType = 130;
  static constexpr size_t kTypeSizeInBytes = 1;
  static constexpr size_t kHeaderSize = 4;
  // The Length excludes the last parameter's padding, so any length.
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated RE-CONFIG chunk. Valid only as long as the bytes it
// was parsed from.
//
// To build one without a scratch copy, write the parameters in place:
//   auto start = ReconfigChunk::OpenTlv(out);
//   OutgoingSsnResetRequestParameter::SerializeTo(out, ...);
//   ReconfigChunk::CloseTlv(out, *start);
// (the caller truncates `out` back to `start` if a step fails). Note that
// CloseTlv() then counts the last parameter's padding in the chunk Length,
// which receivers ignore but RFC 9260 §3.2 says to leave out; SerializeTo()
// leaves it out.
class ReconfigChunk : public TlvTrait<ReconfigChunkConfig> {
 public:
  static constexpr int kType = ReconfigChunkConfig::kType;

  // Rejects a chunk whose parameter list is malformed or holds other than
  // one or two parameters. Does not check which parameter types are
  // combined: see HasAllowedParameterCombination().
  static std::optional<ReconfigChunk> Parse(
      std::span<const uint8_t> data) noexcept;

  // Copies one or two already serialized parameters (each padded to 4 bytes
  // except possibly the last). False, with nothing written, if `parameters`
  // is not such a list or does not fit.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> parameters) noexcept;

  // The Re-configuration Parameters, for TlvIterator: one or two.
  std::span<const uint8_t> parameters() const noexcept {
    return data_.subspan(kHeaderSize);
  }
  size_t parameter_count() const noexcept;

  // True if the parameter types form one of the ten combinations RFC 6525
  // §3.1 allows (in either order). Otherwise the RFC asks the receiver to
  // answer with an ERROR (Protocol Violation), which is the handler's job.
  bool HasAllowedParameterCombination() const noexcept;

  uint8_t flags() const noexcept { return data_[1]; }
  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ReconfigChunk(std::span<const uint8_t> data) : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_RECONFIG_CHUNK_H_
