// Restart of an Association with New Addresses error cause (RFC 9260
// §3.3.10.11): an INIT restarting an existing association added addresses;
// the ABORT refusing it (§5.2.1, §5.2.2) lists them, as exact copies of the
// INIT's address TLVs.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_RESTART_WITH_NEW_ADDRESSES_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_RESTART_WITH_NEW_ADDRESSES_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"

namespace dpsctp::wire {

struct RestartWithNewAddressesCauseConfig {
  static constexpr int kType = 11;
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated Restart with New Addresses cause. Valid only as
// long as the bytes it was parsed from.
class RestartWithNewAddressesCause
    : public TlvTrait<RestartWithNewAddressesCauseConfig> {
 public:
  static constexpr int kType = RestartWithNewAddressesCauseConfig::kType;

  // Requires a well-formed, non-empty list of address TLVs. Their types are
  // not checked: the caller parses each with the matching address class.
  static std::optional<RestartWithNewAddressesCause> Parse(
      std::span<const uint8_t> data) noexcept;

  // `new_addresses` is one or more address TLVs copied from the INIT, each
  // padded to 4 bytes except possibly the last; copied verbatim.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> new_addresses) noexcept;

  // The new address TLVs; iterate with TlvIterator.
  std::span<const uint8_t> new_addresses() const noexcept {
    return data_.subspan(kHeaderSize);
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const;

 private:
  explicit RestartWithNewAddressesCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_RESTART_WITH_NEW_ADDRESSES_CAUSE_H_
