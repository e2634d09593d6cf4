// Unrecognized Parameters error cause (RFC 9260 §3.3.10.8): returns to the
// sender of an INIT ACK the parameters it did not recognize and whose type
// bits ask for a report (§3.2.1, §3.2.2); normally in an ERROR bundled with
// the COOKIE ECHO. Carries the parameter TLVs verbatim.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_UNRECOGNIZED_PARAMETERS_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_UNRECOGNIZED_PARAMETERS_CAUSE_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "wire/tlv_list_view.h"

namespace dpsctp::wire {

struct UnrecognizedParametersCauseConfig : internal::TlvListViewConfigBase {
  static constexpr int kType = 8;
  static constexpr std::string_view kName = "UNRECOGNIZED_PARAMETERS";
};

// A view over a validated cause: Parse(), SerializeTo(), data() and
// ToString() come from internal::TlvListView. Valid only as long as the
// bytes it was parsed from.
class UnrecognizedParametersCause
    : public internal::TlvListView<UnrecognizedParametersCause,
                                   UnrecognizedParametersCauseConfig> {
 public:
  // The reported parameter TLVs, as received; iterate with TlvIterator.
  std::span<const uint8_t> unrecognized_parameters() const noexcept {
    return tlvs();
  }

 private:
  friend class internal::TlvListView<UnrecognizedParametersCause,
                                     UnrecognizedParametersCauseConfig>;
  explicit UnrecognizedParametersCause(std::span<const uint8_t> data) noexcept
      : TlvListView(data) {}
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_UNRECOGNIZED_PARAMETERS_CAUSE_H_
