// WireWriter: an append cursor over a caller-provided buffer (a TX mbuf's
// data area, a stack array in tests). Serialization never allocates: when the
// buffer is too small, Append() fails, nothing is written, and overflowed()
// stays set so a whole chain of writes can be checked once at the end.
#ifndef DPSCTP_WIRE_WIRE_WRITER_H_
#define DPSCTP_WIRE_WIRE_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace dpsctp::wire {

constexpr size_t RoundUpTo4(size_t n) noexcept { return (n + 3) & ~size_t{3}; }

class WireWriter {
 public:
  explicit WireWriter(std::span<uint8_t> buffer) noexcept : buffer_(buffer) {}

  // Reserves `n` zeroed bytes at the end. Returns an empty span (and sets
  // overflowed()) if they do not fit.
  std::span<uint8_t> Append(size_t n) noexcept {
    // No object is larger than PTRDIFF_MAX; saying so also keeps GCC 12's
    // -Wstringop-overflow from imagining a wrapped length in the memset.
    if (n > buffer_.size() - size_ ||
        n > static_cast<size_t>(PTRDIFF_MAX)) {
      overflowed_ = true;
      return {};
    }
    std::span<uint8_t> out = buffer_.subspan(size_, n);
    std::memset(out.data(), 0, n);
    size_ += n;
    content_end_ = size_;
    return out;
  }

  // Appends a copy of `bytes`. False if they do not fit.
  bool AppendBytes(std::span<const uint8_t> bytes) noexcept {
    std::span<uint8_t> out = Append(bytes.size());
    if (out.size() != bytes.size()) {
      return false;
    }
    if (!bytes.empty()) {
      std::memcpy(out.data(), bytes.data(), bytes.size());
    }
    return true;
  }

  // Zero-pads to a multiple of 4 bytes (RFC 9260 §3.2: "the sender MUST pad
  // the chunk with all zero bytes").
  bool PadTo4() noexcept {
    size_t end = size_;
    size_t pad = (4 - (size_ & 3)) & 3;
    bool ok = Append(pad).size() == pad;
    content_end_ = end;
    return ok;
  }

  // Drops everything after `size` and forgets an overflow: undoes a partial
  // write so that something smaller can be tried instead.
  void Truncate(size_t size) noexcept {
    if (size < size_) {
      size_ = size;
      content_end_ = size;
    }
    overflowed_ = false;
  }

  size_t size() const noexcept { return size_; }
  // Where the last write ended, not counting the padding PadTo4() added.
  size_t content_end() const noexcept { return content_end_; }
  size_t capacity() const noexcept { return buffer_.size(); }
  size_t remaining() const noexcept { return buffer_.size() - size_; }
  bool overflowed() const noexcept { return overflowed_; }
  std::span<uint8_t> written() const noexcept {
    return buffer_.first(size_);
  }

 private:
  std::span<uint8_t> buffer_;
  size_t size_ = 0;
  size_t content_end_ = 0;
  bool overflowed_ = false;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_WIRE_WRITER_H_
