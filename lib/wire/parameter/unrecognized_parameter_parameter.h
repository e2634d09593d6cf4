// Unrecognized Parameter parameter (RFC 9260 §3.3.3.1.2): carried in an
// INIT ACK to report a parameter of the INIT that the responder did not
// recognize and whose type asks for a report (§3.2.1, §3.2.2). Its value is
// the offending parameter TLV, copied verbatim.
#ifndef DPSCTP_WIRE_PARAMETER_UNRECOGNIZED_PARAMETER_PARAMETER_H_
#define DPSCTP_WIRE_PARAMETER_UNRECOGNIZED_PARAMETER_PARAMETER_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "wire/tlv_list_view.h"

namespace dpsctp::wire {

struct UnrecognizedParameterParameterConfig : internal::TlvListViewConfigBase {
  static constexpr int kType = 8;
  static constexpr std::string_view kName = "UNRECOGNIZED_PARAMETER";
};

// A view over a validated Unrecognized Parameter parameter: Parse() (a
// well-formed, non-empty list of parameter TLVs, normally exactly one),
// SerializeTo() (the reported TLV as it appeared in the INIT, with or without
// its padding, copied verbatim) and data() come from internal::TlvListView.
// Valid only as long as the bytes it was parsed from.
class UnrecognizedParameterParameter
    : public internal::TlvListView<UnrecognizedParameterParameter,
                                   UnrecognizedParameterParameterConfig> {
 public:
  // The reported parameter TLV(s); iterate with TlvIterator.
  std::span<const uint8_t> unrecognized_parameter() const noexcept {
    return tlvs();
  }

  // "UNRECOGNIZED_PARAMETER, type=T, length=L" of the first reported TLV.
  std::string ToString() const;

 private:
  friend class internal::TlvListView<UnrecognizedParameterParameter,
                                     UnrecognizedParameterParameterConfig>;
  explicit UnrecognizedParameterParameter(
      std::span<const uint8_t> data) noexcept
      : TlvListView(data) {}
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PARAMETER_UNRECOGNIZED_PARAMETER_PARAMETER_H_
