// Restart of an Association with New Addresses error cause (RFC 9260
// §3.3.10.11): an INIT restarting an existing association added addresses;
// the ABORT refusing it (§5.2.1, §5.2.2) lists them, as exact copies of the
// INIT's address TLVs.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_RESTART_WITH_NEW_ADDRESSES_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_RESTART_WITH_NEW_ADDRESSES_CAUSE_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "wire/tlv_list_view.h"

namespace dpsctp::wire {

struct RestartWithNewAddressesCauseConfig : internal::TlvListViewConfigBase {
  static constexpr int kType = 11;
  static constexpr std::string_view kName = "RESTART_WITH_NEW_ADDRESSES";
};

// A view over a validated cause: Parse(), SerializeTo(), data() and
// ToString() come from internal::TlvListView. Valid only as long as the
// bytes it was parsed from.
class RestartWithNewAddressesCause
    : public internal::TlvListView<RestartWithNewAddressesCause,
                                   RestartWithNewAddressesCauseConfig> {
 public:
  // The new address TLVs, copied from the INIT; iterate with TlvIterator.
  // Their types are not checked: the caller parses each with the matching
  // address class.
  std::span<const uint8_t> new_addresses() const noexcept { return tlvs(); }

 private:
  friend class internal::TlvListView<RestartWithNewAddressesCause,
                                     RestartWithNewAddressesCauseConfig>;
  explicit RestartWithNewAddressesCause(std::span<const uint8_t> data) noexcept
      : TlvListView(data) {}
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_RESTART_WITH_NEW_ADDRESSES_CAUSE_H_
