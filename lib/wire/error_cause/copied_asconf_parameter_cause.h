// CopiedAsconfParameterCause: the shape shared by the ASCONF-ACK error causes
// of RFC 5061 §4.3.1 (Request to Delete Last Remaining IP Address), §4.3.2
// (Operation Refused Due to Resource Shortage), §4.3.3 (Request to Delete
// Source IP Address) and §4.3.5 (Request Refused - No Authorization): a cause
// header followed by the "TLV-Copied-From-ASCONF", i.e. the one request
// parameter refused. Each cause is a Config (code and display name) and a
// `using` alias; see request_to_delete_last_address_cause.h.
#ifndef DPSCTP_WIRE_ERROR_CAUSE_COPIED_ASCONF_PARAMETER_CAUSE_H_
#define DPSCTP_WIRE_ERROR_CAUSE_COPIED_ASCONF_PARAMETER_CAUSE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/byte_order.h"
#include "wire/chunk_type.h"
#include "wire/tlv.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

// What the causes have in common; a Config derives from it and adds kType
// and kName (the ToString() prefix).
struct CopiedAsconfParameterCauseConfigBase {
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

// A view over a validated cause. Valid only as long as the bytes it was
// parsed from. The copied parameter is not checked beyond its TLV framing:
// its type is for the ASCONF-ACK handler to judge.
template <typename Config>
class CopiedAsconfParameterCause : public TlvTrait<Config> {
  using Trait = TlvTrait<Config>;

 public:
  static constexpr int kType = Config::kType;
  using Trait::kHeaderSize;

  // Rejects a cause whose body is not exactly one TLV (plus at most its own
  // padding).
  static std::optional<CopiedAsconfParameterCause> Parse(
      std::span<const uint8_t> data) noexcept {
    auto reader = Trait::ParseTlv(data);
    if (!reader) {
      return std::nullopt;
    }
    // RFC 5061 §4.3: the cause holds the "TLV-Copied-From-ASCONF", i.e. the
    // one request parameter it refers to, so the body must be exactly one
    // well-formed TLV.
    if (ValidateTlvList(reader->variable_data()) != 1u) {
      return std::nullopt;
    }
    return CopiedAsconfParameterCause(data);
  }

  // `asconf_parameter` is the request parameter TLV to copy, exactly Length
  // bytes (no padding). False if it is not one TLV, or if it does not fit.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> asconf_parameter) noexcept {
    if (ValidateTlvList(asconf_parameter) != 1u ||
        LoadBe16(asconf_parameter.data() + 2) != asconf_parameter.size()) {
      return false;
    }
    auto w = Trait::AllocateTlv(out, asconf_parameter.size());
    if (!w) {
      return false;
    }
    w->CopyToVariableData(asconf_parameter);
    return true;
  }

  // The copied ASCONF parameter TLV (Type, Length, value), without padding.
  std::span<const uint8_t> asconf_parameter() const noexcept {
    std::span<const uint8_t> body = data_.subspan(kHeaderSize);
    return body.first(LoadBe16(body.data() + 2));
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  std::string ToString() const {
    uint16_t type = LoadBe16(asconf_parameter().data());
    std::string_view name = ParameterTypeName(type);
    return std::string(Config::kName) + ", asconf_parameter=" +
           (name.empty() ? std::to_string(type) : std::string(name));
  }

 private:
  explicit CopiedAsconfParameterCause(std::span<const uint8_t> data)
      : data_(data) {}
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_ERROR_CAUSE_COPIED_ASCONF_PARAMETER_CAUSE_H_
