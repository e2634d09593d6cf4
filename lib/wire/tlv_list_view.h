// internal::TlvListView: the shape shared by the Unrecognized Parameters
// (RFC 9260 §3.3.10.8) and Restart of an Association with New Addresses
// (§3.3.10.11) error causes and the Unrecognized Parameter parameter
// (§3.3.3.1.2): a 4-byte header followed by one or more TLVs copied verbatim.
// Each view derives from it (CRTP, so that Parse() returns the derived view)
// and names the list accessor after its RFC field.
#ifndef DPSCTP_WIRE_TLV_LIST_VIEW_H_
#define DPSCTP_WIRE_TLV_LIST_VIEW_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "wire/tlv.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire::internal {

// What the views have in common; a Config derives from it and adds kType
// and kName (the ToString() prefix).
struct TlvListViewConfigBase {
  static constexpr size_t kTypeSizeInBytes = 2;
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kVariableLengthAlignment = 1;
};

template <typename Derived, typename Config>
class TlvListView : public TlvTrait<Config> {
  using Trait = TlvTrait<Config>;

 public:
  static constexpr int kType = Config::kType;
  using Trait::kHeaderSize;

  // Requires a well-formed, non-empty list of TLVs. Their types are not
  // checked.
  static std::optional<Derived> Parse(std::span<const uint8_t> data) noexcept {
    auto reader = Trait::ParseTlv(data);
    if (!reader) {
      return std::nullopt;
    }
    // One or more whole TLVs, nothing else (see each view's RFC quote).
    std::optional<size_t> count = ValidateTlvList(reader->variable_data());
    if (!count || *count == 0) {
      return std::nullopt;
    }
    return Derived(data);
  }

  // `tlvs` is one or more TLVs, each padded to 4 bytes except possibly the
  // last; copied verbatim. False if it does not fit.
  static bool SerializeTo(WireWriter& out,
                          std::span<const uint8_t> tlvs) noexcept {
    auto w = Trait::AllocateTlv(out, tlvs.size());
    if (!w) {
      return false;
    }
    w->CopyToVariableData(tlvs);
    return true;
  }

  std::span<const uint8_t> data() const noexcept { return data_; }
  // "<kName>, types=1,2".
  std::string ToString() const {
    std::string s(Config::kName);
    TlvIterator it(tlvs());
    bool first = true;
    while (std::optional<TlvDescriptor> p = it.Next()) {
      s += first ? ", types=" : ",";
      s += std::to_string(p->type);
      first = false;
    }
    return s;
  }

 protected:
  explicit TlvListView(std::span<const uint8_t> data) noexcept
      : data_(data) {}
  // The TLVs after the cause header; iterate with TlvIterator.
  std::span<const uint8_t> tlvs() const noexcept {
    return data_.subspan(kHeaderSize);
  }

 private:
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire::internal

#endif  // DPSCTP_WIRE_TLV_LIST_VIEW_H_
