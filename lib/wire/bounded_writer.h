// BoundedByteWriter: the writing twin of BoundedByteReader. Offsets of the
// fixed part are template arguments (checked at compile time); the variable
// part is written with CopyToVariableData() or sub_writer(), checked at run
// time.
#ifndef DPSCTP_WIRE_BOUNDED_WRITER_H_
#define DPSCTP_WIRE_BOUNDED_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "common/byte_order.h"
#include "common/check.h"

namespace dpsctp::wire {

template <size_t kFixedSize>
class BoundedByteWriter {
 public:
  explicit BoundedByteWriter(std::span<uint8_t> data) noexcept : data_(data) {
    DPSCTP_CHECK(data.size() >= kFixedSize);
  }

  template <size_t kOffset>
  void Store8(uint8_t v) noexcept {
    static_assert(kOffset + 1 <= kFixedSize, "out of bounds");
    data_[kOffset] = v;
  }
  template <size_t kOffset>
  void Store16(uint16_t v) noexcept {
    static_assert(kOffset + 2 <= kFixedSize, "out of bounds");
    StoreBe16(data_.data() + kOffset, v);
  }
  template <size_t kOffset>
  void Store32(uint32_t v) noexcept {
    static_assert(kOffset + 4 <= kFixedSize, "out of bounds");
    StoreBe32(data_.data() + kOffset, v);
  }
  template <size_t kOffset>
  void Store64(uint64_t v) noexcept {
    static_assert(kOffset + 8 <= kFixedSize, "out of bounds");
    StoreBe64(data_.data() + kOffset, v);
  }

  template <size_t kSubSize>
  BoundedByteWriter<kSubSize> sub_writer(size_t variable_offset) noexcept {
    DPSCTP_CHECK(kFixedSize + variable_offset + kSubSize <= data_.size());
    return BoundedByteWriter<kSubSize>(
        data_.subspan(kFixedSize + variable_offset));
  }

  void CopyToVariableData(std::span<const uint8_t> source,
                          size_t variable_offset = 0) noexcept {
    DPSCTP_CHECK(kFixedSize + variable_offset + source.size() <= data_.size());
    if (!source.empty()) {
      std::memcpy(data_.data() + kFixedSize + variable_offset, source.data(),
                  source.size());
    }
  }

  std::span<uint8_t> variable_data() noexcept {
    return data_.subspan(kFixedSize);
  }

 private:
  std::span<uint8_t> data_;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_BOUNDED_WRITER_H_
