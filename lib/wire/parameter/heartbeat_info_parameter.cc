// RFC 9260 §3.3.5 Heartbeat Request (HEARTBEAT): Heartbeat Information (1)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Heartbeat Info Type = 1    |        HB Info Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                Sender-Specific Heartbeat Info                 /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/heartbeat_info_parameter.h"

namespace dpsctp::wire {

std::optional<HeartbeatInfoParameter> HeartbeatInfoParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 9260 §3.3.5: "This information is simply reflected back by the
  // receiver in the HEARTBEAT ACK chunk": the contents are opaque here, of
  // any length, so only the TLV framing is checked.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return HeartbeatInfoParameter(data);
}

bool HeartbeatInfoParameter::SerializeTo(
    WireWriter& out, std::span<const uint8_t> info) noexcept {
  auto w = AllocateTlv(out, info.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(info);
  return true;
}

std::string HeartbeatInfoParameter::ToString() const {
  return "HEARTBEAT_INFO, info_length=" + std::to_string(info().size());
}

}  // namespace dpsctp::wire
