// RFC 9260 §3.3.2.1.4 Host Name Address (11)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Type = 11           |            Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                           Host Name                           /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/host_name_address_parameter.h"

#include <cstring>

namespace dpsctp::wire {

std::optional<HostNameAddressParameter> HostNameAddressParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 9260 §3.3.2.1.4: "At least one null terminator is included in the
  // Host Name string and MUST be included in the length." That is a sender
  // rule; a field without one is still unambiguous (it ends at Length), and
  // the only thing a receiver does with this parameter is refuse the
  // association ("MUST send an ABORT chunk"), possibly quoting it. So only
  // an empty Host Name, which cannot be a name at all, is rejected.
  if (reader->variable_data_size() == 0) {
    return std::nullopt;
  }
  return HostNameAddressParameter(data);
}

bool HostNameAddressParameter::SerializeTo(
    WireWriter& out, std::string_view host_name) noexcept {
  if (host_name.find('\0') != std::string_view::npos) {
    return false;
  }
  // RFC 9260 §3.3.2.1.4: the null terminator "MUST be included in the
  // length". AllocateTlv() zero-fills, so it is already in place.
  auto w = AllocateTlv(out, host_name.size() + 1);
  if (!w) {
    return false;
  }
  if (!host_name.empty()) {
    std::memcpy(w->variable_data().data(), host_name.data(), host_name.size());
  }
  return true;
}

std::string_view HostNameAddressParameter::host_name() const noexcept {
  std::span<const uint8_t> field = data_.subspan(kHeaderSize);
  const void* nul = std::memchr(field.data(), 0, field.size());
  size_t size = nul == nullptr
                    ? field.size()
                    : static_cast<size_t>(static_cast<const uint8_t*>(nul) -
                                          field.data());
  return {reinterpret_cast<const char*>(field.data()), size};
}

std::string HostNameAddressParameter::ToString() const {
  return "HOST_NAME_ADDRESS, host_name=" + std::string(host_name());
}

}  // namespace dpsctp::wire
