// Result<T, E>: a value or an error, in the shape of C++23 std::expected so
// that it can be replaced by it. Used where a failure has several causes that
// the caller treats differently; a single obvious failure uses std::optional.
#ifndef DPSCTP_COMMON_RESULT_H_
#define DPSCTP_COMMON_RESULT_H_

#include <utility>
#include <variant>

#include "common/check.h"

namespace dpsctp {

template <typename E>
struct Unexpected {
  E error;
};

template <typename E>
Unexpected<E> MakeUnexpected(E e) {
  return Unexpected<E>{std::move(e)};
}

template <typename T, typename E>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Result(Unexpected<E> e)                                            // NOLINT
      : v_(std::in_place_index<1>, std::move(e.error)) {}

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & noexcept {
    DPSCTP_CHECK(has_value());
    return *std::get_if<0>(&v_);
  }
  const T& value() const& noexcept {
    DPSCTP_CHECK(has_value());
    return *std::get_if<0>(&v_);
  }
  T&& value() && noexcept {
    DPSCTP_CHECK(has_value());
    return std::move(*std::get_if<0>(&v_));
  }
  const E& error() const noexcept {
    DPSCTP_CHECK(!has_value());
    return *std::get_if<1>(&v_);
  }

  T* operator->() noexcept { return &value(); }
  const T* operator->() const noexcept { return &value(); }
  T& operator*() & noexcept { return value(); }
  const T& operator*() const& noexcept { return value(); }

 private:
  std::variant<T, E> v_;
};

}  // namespace dpsctp

#endif  // DPSCTP_COMMON_RESULT_H_
