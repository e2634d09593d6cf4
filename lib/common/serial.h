// Serial number arithmetic (RFC 1982), as RFC 9260 §1.6 requires for TSNs and
// SSNs: "comparisons and arithmetic on TSNs in this document SHOULD use
// Serial Number Arithmetic as defined in [RFC1982] where SERIAL_BITS = 32".
#ifndef DPSCTP_COMMON_SERIAL_H_
#define DPSCTP_COMMON_SERIAL_H_

#include <cstdint>
#include <type_traits>

#include "common/types.h"

namespace dpsctp {

// a < b in serial arithmetic. Undefined pairs (exactly half the space apart)
// compare as not-less in both directions, which is what RFC 1982 allows.
template <typename T>
constexpr bool SerialLess(T a, T b) noexcept {
  static_assert(std::is_unsigned_v<T>);
  using S = std::make_signed_t<T>;
  return a != b && static_cast<S>(static_cast<T>(a - b)) < 0 &&
         static_cast<T>(b - a) != (T{1} << (sizeof(T) * 8 - 1));
}

template <typename T>
constexpr bool SerialLessOrEqual(T a, T b) noexcept {
  return a == b || SerialLess(a, b);
}

template <typename Id>
constexpr bool IdLess(Id a, Id b) noexcept {
  return SerialLess(a.value(), b.value());
}

template <typename Id>
constexpr bool IdLessOrEqual(Id a, Id b) noexcept {
  return SerialLessOrEqual(a.value(), b.value());
}

}  // namespace dpsctp

#endif  // DPSCTP_COMMON_SERIAL_H_
