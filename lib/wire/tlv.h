// TlvTrait: the Type-Length-Value framing shared by chunks (8-bit type, 8-bit
// flags), parameters and error causes (16-bit type). RFC 9260 §3.2, §3.2.1.
//
// A Config names the TLV:
//   kType                     the type number
//   kTypeSizeInBytes          1 for chunks, 2 for parameters and error causes
//   kHeaderSize               size of the fixed part, Type and Length included
//   kVariableLengthAlignment  0: fixed size only; else the variable part's
//                             length must be a multiple of it (1 = any)
//
// The Length field never counts the trailing padding (RFC 9260 §3.2), so a
// parser is handed exactly Length bytes.
#ifndef DPSCTP_WIRE_TLV_H_
#define DPSCTP_WIRE_TLV_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/byte_order.h"
#include "wire/bounded_reader.h"
#include "wire/bounded_writer.h"
#include "wire/wire_writer.h"

namespace dpsctp::wire {

template <typename Config>
class TlvTrait {
 public:
  static constexpr size_t kHeaderSize = Config::kHeaderSize;
  static_assert(Config::kTypeSizeInBytes == 1 || Config::kTypeSizeInBytes == 2);
  static_assert(kHeaderSize >= 4);

  // Checks type, length and alignment of a TLV whose Length field must equal
  // data.size(). Returns a reader over it, or nullopt.
  static std::optional<BoundedByteReader<kHeaderSize>> ParseTlv(
      std::span<const uint8_t> data) noexcept {
    if (data.size() < kHeaderSize) {
      return std::nullopt;
    }
    if (ReadType(data.data()) != Config::kType) {
      return std::nullopt;
    }
    size_t length = LoadBe16(data.data() + 2);
    if (length != data.size()) {
      return std::nullopt;
    }
    size_t variable = length - kHeaderSize;
    if constexpr (Config::kVariableLengthAlignment == 0) {
      if (variable != 0) {
        return std::nullopt;
      }
    } else if constexpr (Config::kVariableLengthAlignment > 1) {
      if (variable % Config::kVariableLengthAlignment != 0) {
        return std::nullopt;
      }
    }
    return BoundedByteReader<kHeaderSize>(data);
  }

  // Appends a TLV with a variable part of `variable_size` bytes, writes Type
  // and Length, zero-pads to 4 bytes, and returns a writer over the unpadded
  // TLV. nullopt (and nothing written) when it does not fit.
  static std::optional<BoundedByteWriter<kHeaderSize>> AllocateTlv(
      WireWriter& out, size_t variable_size) noexcept {
    size_t length = kHeaderSize + variable_size;
    if (length > 0xffff) {
      return std::nullopt;
    }
    if (RoundUpTo4(length) > out.remaining()) {
      out.Append(RoundUpTo4(length));  // records the overflow
      return std::nullopt;
    }
    // Value then padding, so that content_end() excludes the padding when
    // this TLV is the last one inside an enclosing CloseTlv().
    std::span<uint8_t> span = out.Append(length);
    out.PadTo4();
    WriteType(span.data());
    StoreBe16(span.data() + 2, static_cast<uint16_t>(length));
    return BoundedByteWriter<kHeaderSize>(span);
  }

  // For TLVs whose variable part is itself a list of TLVs written afterwards
  // through the same WireWriter: OpenTlv() appends the fixed part and returns
  // its offset; CloseTlv() sets Length to what was written since, minus the
  // final padding (RFC 9260 §3.2: "it does include the padding of any
  // variable-length parameter except the last parameter in the chunk").
  static std::optional<size_t> OpenTlv(WireWriter& out) noexcept {
    size_t start = out.size();
    std::span<uint8_t> span = out.Append(kHeaderSize);
    if (span.empty()) {
      return std::nullopt;
    }
    WriteType(span.data());
    return start;
  }
  static BoundedByteWriter<kHeaderSize> FixedPart(WireWriter& out,
                                                  size_t start) noexcept {
    return BoundedByteWriter<kHeaderSize>(
        out.written().subspan(start, kHeaderSize));
  }
  static bool CloseTlv(WireWriter& out, size_t start) noexcept {
    size_t length = out.content_end() - start;
    if (length > 0xffff || out.overflowed()) {
      return false;
    }
    StoreBe16(out.written().data() + start + 2, static_cast<uint16_t>(length));
    return out.PadTo4();
  }

 private:
  static uint16_t ReadType(const uint8_t* p) noexcept {
    if constexpr (Config::kTypeSizeInBytes == 1) {
      return p[0];
    } else {
      return LoadBe16(p);
    }
  }
  static void WriteType(uint8_t* p) noexcept {
    if constexpr (Config::kTypeSizeInBytes == 1) {
      p[0] = static_cast<uint8_t>(Config::kType);
    } else {
      StoreBe16(p, static_cast<uint16_t>(Config::kType));
    }
  }
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_TLV_H_
