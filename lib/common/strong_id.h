// StrongId: a typed wrapper around an integer so that a TSN cannot be passed
// where a stream id is expected.
//
// Only equality is defined. Protocol sequence numbers wrap and are ordered
// with serial arithmetic (serial.h), never with a plain `<`; identifiers that
// do have a natural order opt in with OrderedStrongId.
#ifndef DPSCTP_COMMON_STRONG_ID_H_
#define DPSCTP_COMMON_STRONG_ID_H_

#include <compare>
#include <cstddef>
#include <functional>
#include <type_traits>

namespace dpsctp {

template <typename Tag, typename T>
class StrongId {
  static_assert(std::is_integral_v<T>);

 public:
  using ValueType = T;

  constexpr StrongId() noexcept = default;
  constexpr explicit StrongId(T value) noexcept : value_(value) {}

  constexpr T value() const noexcept { return value_; }

  friend constexpr bool operator==(StrongId a, StrongId b) noexcept {
    return a.value_ == b.value_;
  }

 private:
  T value_{};
};

template <typename Tag, typename T>
class OrderedStrongId : public StrongId<Tag, T> {
 public:
  using StrongId<Tag, T>::StrongId;

  friend constexpr auto operator<=>(OrderedStrongId a,
                                    OrderedStrongId b) noexcept {
    return a.value() <=> b.value();
  }
  friend constexpr bool operator==(OrderedStrongId a,
                                   OrderedStrongId b) noexcept {
    return a.value() == b.value();
  }
};

}  // namespace dpsctp

template <typename Tag, typename T>
struct std::hash<dpsctp::StrongId<Tag, T>> {
  size_t operator()(dpsctp::StrongId<Tag, T> id) const noexcept {
    return std::hash<T>{}(id.value());
  }
};

template <typename Tag, typename T>
struct std::hash<dpsctp::OrderedStrongId<Tag, T>> {
  size_t operator()(dpsctp::OrderedStrongId<Tag, T> id) const noexcept {
    return std::hash<T>{}(id.value());
  }
};

#endif  // DPSCTP_COMMON_STRONG_ID_H_
