// TlvIterator: walks a list of parameters or error causes (16-bit type,
// 16-bit length, value, zero padding to 4 bytes) inside a contiguous chunk
// body, without copying. RFC 9260 §3.2.1.
//
// Every Length is checked against what is left; the padding of the last
// element may be absent (the chunk length does not count it, §3.2). Any
// inconsistency stops the walk with an error instead of yielding garbage.
#ifndef DPSCTP_WIRE_TLV_ITERATOR_H_
#define DPSCTP_WIRE_TLV_ITERATOR_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/byte_order.h"
#include "wire/wire_writer.h"

namespace dpsctp::wire {

struct TlvDescriptor {
  uint16_t type = 0;
  // Exactly Length bytes: Type, Length and Value, without padding.
  std::span<const uint8_t> data;
  std::span<const uint8_t> value() const noexcept { return data.subspan(4); }
};

enum class TlvError : uint8_t {
  kNone = 0,
  kTruncatedHeader,  // 1-3 bytes left: not even a Type and Length
  kLengthTooShort,   // Length < 4
  kLengthPastEnd,    // Length runs past the end of the enclosing chunk
  kBadPadding,       // more than 3 bytes of padding, or padding cut short
};

class TlvIterator {
 public:
  explicit TlvIterator(std::span<const uint8_t> data) noexcept : data_(data) {}

  // The next element, or nullopt at the end or on error (see error()).
  std::optional<TlvDescriptor> Next() noexcept {
    if (error_ != TlvError::kNone || offset_ == data_.size()) {
      return std::nullopt;
    }
    size_t left = data_.size() - offset_;
    if (left < 4) {
      error_ = TlvError::kTruncatedHeader;
      return std::nullopt;
    }
    const uint8_t* p = data_.data() + offset_;
    uint16_t length = LoadBe16(p + 2);
    if (length < 4) {
      error_ = TlvError::kLengthTooShort;
      return std::nullopt;
    }
    if (length > left) {
      error_ = TlvError::kLengthPastEnd;
      return std::nullopt;
    }
    TlvDescriptor d{LoadBe16(p), data_.subspan(offset_, length)};
    size_t padded = RoundUpTo4(length);
    // The last element's padding may be missing; a partial padding is not.
    if (padded <= left) {
      offset_ += padded;
    } else if (length == left) {
      offset_ = data_.size();
    } else {
      error_ = TlvError::kBadPadding;
      return std::nullopt;
    }
    return d;
  }

  TlvError error() const noexcept { return error_; }
  // Bytes consumed so far (the offset of the next element).
  size_t offset() const noexcept { return offset_; }

 private:
  std::span<const uint8_t> data_;
  size_t offset_ = 0;
  TlvError error_ = TlvError::kNone;
};

// Checks a whole list; returns the element count or nullopt if malformed.
inline std::optional<size_t> ValidateTlvList(
    std::span<const uint8_t> data) noexcept {
  TlvIterator it(data);
  size_t n = 0;
  while (it.Next()) {
    ++n;
  }
  if (it.error() != TlvError::kNone) {
    return std::nullopt;
  }
  return n;
}

// The size of a list without the padding of its last element, or nullopt if
// it is malformed: what an enclosing Length counts. RFC 9260 §3.2: the Chunk
// Length "does include the padding of any variable-length parameter except
// the last parameter in the chunk". 0 for an empty list, else at least 4.
inline std::optional<size_t> TlvListContentSize(
    std::span<const uint8_t> data) noexcept {
  TlvIterator it(data);
  size_t end = 0;
  while (std::optional<TlvDescriptor> d = it.Next()) {
    end = static_cast<size_t>(d->data.data() - data.data()) + d->data.size();
  }
  if (it.error() != TlvError::kNone) {
    return std::nullopt;
  }
  return end;
}

// Finishes a TLV opened at `start` (TlvTrait::OpenTlv()) whose body, after
// its `fixed_size`-byte fixed part, is a list of TLVs appended to `out` since:
// sets its Length to cover them minus the last one's padding (see
// TlvListContentSize()) and pads `out` to 4. False if the list is malformed
// or its content is shorter than `min_content_size`, if the Length would not
// fit 16 bits, or if `out` overflowed.
inline bool CloseTlvList(WireWriter& out, size_t start, size_t fixed_size,
                         size_t min_content_size = 0) noexcept {
  if (out.overflowed() || start + fixed_size > out.size()) {
    return false;
  }
  std::optional<size_t> content =
      TlvListContentSize(out.written().subspan(start + fixed_size));
  if (!content || *content < min_content_size ||
      fixed_size + *content > 0xffff) {
    return false;
  }
  StoreBe16(out.written().data() + start + 2,
            static_cast<uint16_t>(fixed_size + *content));
  return out.PadTo4();
}

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_TLV_ITERATOR_H_
