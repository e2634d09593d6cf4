// BoundedByteReader: reads big-endian fields from a byte span whose fixed
// part is at least kFixedSize bytes. Field offsets are template arguments, so
// reading past the fixed part fails to compile; the variable part after it
// is reached only through variable_data() and sub_reader(), which check the
// length at run time.
#ifndef DPSCTP_WIRE_BOUNDED_READER_H_
#define DPSCTP_WIRE_BOUNDED_READER_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/byte_order.h"
#include "common/check.h"

namespace dpsctp::wire {

template <size_t kFixedSize>
class BoundedByteReader {
 public:
  explicit BoundedByteReader(std::span<const uint8_t> data) noexcept
      : data_(data) {
    DPSCTP_CHECK(data.size() >= kFixedSize);
  }

  template <size_t kOffset>
  uint8_t Load8() const noexcept {
    static_assert(kOffset + 1 <= kFixedSize, "out of bounds");
    return data_[kOffset];
  }
  template <size_t kOffset>
  uint16_t Load16() const noexcept {
    static_assert(kOffset + 2 <= kFixedSize, "out of bounds");
    return LoadBe16(data_.data() + kOffset);
  }
  template <size_t kOffset>
  uint32_t Load32() const noexcept {
    static_assert(kOffset + 4 <= kFixedSize, "out of bounds");
    return LoadBe32(data_.data() + kOffset);
  }
  template <size_t kOffset>
  uint64_t Load64() const noexcept {
    static_assert(kOffset + 8 <= kFixedSize, "out of bounds");
    return LoadBe64(data_.data() + kOffset);
  }

  // A reader over the variable part starting at `variable_offset`, whose own
  // fixed part is kSubSize bytes. The caller checks that it fits first
  // (variable_data_size() >= variable_offset + kSubSize).
  template <size_t kSubSize>
  BoundedByteReader<kSubSize> sub_reader(size_t variable_offset) const noexcept {
    DPSCTP_CHECK(kFixedSize + variable_offset + kSubSize <= data_.size());
    return BoundedByteReader<kSubSize>(
        data_.subspan(kFixedSize + variable_offset));
  }

  size_t variable_data_size() const noexcept {
    return data_.size() - kFixedSize;
  }
  std::span<const uint8_t> variable_data() const noexcept {
    return data_.subspan(kFixedSize);
  }
  std::span<const uint8_t> data() const noexcept { return data_; }

 private:
  std::span<const uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_BOUNDED_READER_H_
