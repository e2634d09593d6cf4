// Re-configuration Response Parameter (RFC 6525 §4.4): the answer to one
// reconfiguration request, and, for an SSN/TSN Reset Request, the TSNs both
// sides continue with.
#ifndef DPSCTP_WIRE_PARAMETER_RECONFIGURATION_RESPONSE_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_RECONFIGURATION_RESPONSE_PARAMETER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/types.h"
#include "wire/tlv.h"

namespace dpsctp::wire {

struct ReconfigurationResponseParameterConfig {
  static constexpr int kType = 16;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 12;
  // Optional: Sender's Next TSN and Receiver's Next TSN, together (Parse
  // accepts a variable part of 0 or 8 bytes only).
  static constexpr size_t kVariableLengthAlignment = 8;
};

// A view over a validated parameter. Valid only as long as the bytes it was
// parsed from.
class ReconfigurationResponseParameter
    : public TlvTrait<ReconfigurationResponseParameterConfig> {
 public:
  static constexpr int kType = ReconfigurationResponseParameterConfig::kType;

  // RFC 6525 §4.4 (IANA "Reconfiguration Result Codes"; no code has been
  // added since). A peer may send any 32-bit value: result() returns it
  // as is, and ToString() names it "unknown".
  enum class Result : uint32_t {
    kSuccessNothingToDo = 0,
    kSuccessPerformed = 1,
    kDenied = 2,
    kErrorWrongSsn = 3,
    kErrorRequestAlreadyInProgress = 4,
    kErrorBadSequenceNumber = 5,
    kInProgress = 6,
  };

  // Rejects a length other than 12 or 20.
  static std::optional<ReconfigurationResponseParameter> Parse(
      std::span<const uint8_t> data) noexcept;

  // The two TSNs are both present or both absent; false (nothing written)
  // if only one is given.
  static bool SerializeTo(
      WireWriter& out, ReconfigRequestSn response_sequence_number,
      Result result, std::optional<Tsn> sender_next_tsn = std::nullopt,
      std::optional<Tsn> receiver_next_tsn = std::nullopt) noexcept;

  ReconfigRequestSn response_sequence_number() const noexcept;
  Result result() const noexcept;
  bool has_next_tsns() const noexcept {
    return data_.size() > kHeaderSize;
  }
  std::optional<Tsn> sender_next_tsn() const noexcept;
  std::optional<Tsn> receiver_next_tsn() const noexcept;

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit ReconfigurationResponseParameter(std::span<const uint8_t> data)
      : data_(data) {}
  BoundedByteReader<kHeaderSize> reader() const noexcept {
    return BoundedByteReader<kHeaderSize>(data_);
  }
  std::span<const uint8_t> data_;
};

// "Success - Performed", ... (the RFC 6525 §4.4 descriptions); "unknown"
// for a value outside the table.
constexpr std::string_view ToString(
    ReconfigurationResponseParameter::Result r) noexcept {
  using R = ReconfigurationResponseParameter::Result;
  switch (r) {
    case R::kSuccessNothingToDo: return "Success - Nothing to do";
    case R::kSuccessPerformed: return "Success - Performed";
    case R::kDenied: return "Denied";
    case R::kErrorWrongSsn: return "Error - Wrong SSN";
    case R::kErrorRequestAlreadyInProgress:
      return "Error - Request already in progress";
    case R::kErrorBadSequenceNumber: return "Error - Bad Sequence Number";
    case R::kInProgress: return "In progress";
  }
  return "unknown";
}

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_RECONFIGURATION_RESPONSE_PARAMETER_H_
