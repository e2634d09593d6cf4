// Shared fuzzing helpers: run one view's parser on arbitrary bytes with the
// type and length fields patched so that the parser's own validation, not
// the framing check, is what the fuzzer explores.
#ifndef DPSCTP_TEST_FUZZ_VIEW_FUZZ_H_
#define DPSCTP_TEST_FUZZ_VIEW_FUZZ_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>

#include "common/byte_order.h"

namespace dpsctp::fuzz {

// A property that fails aborts, so libFuzzer keeps the input.
#define DPSCTP_FUZZ_ASSERT(cond) \
  do {                           \
    if (!(cond)) {               \
      __builtin_trap();          \
    }                            \
  } while (0)

// Parses `body` as View after writing View's type and a Length equal to the
// size into a copy. On success every accessor is reached through ToString().
template <typename View, size_t kTypeBytes>
void ParseAs(std::span<const uint8_t> body, uint8_t* scratch) {
  if (body.size() < 4 || body.size() > 0xffff) {
    return;
  }
  std::memcpy(scratch, body.data(), body.size());
  if constexpr (kTypeBytes == 1) {
    scratch[0] = static_cast<uint8_t>(View::kType);
  } else {
    StoreBe16(scratch, static_cast<uint16_t>(View::kType));
  }
  StoreBe16(scratch + 2, static_cast<uint16_t>(body.size()));
  std::span<const uint8_t> bytes(scratch, body.size());
  if (auto view = View::Parse(bytes)) {
    std::string s = view->ToString();
    DPSCTP_FUZZ_ASSERT(!s.empty());
  }
  // The unpatched bytes must never crash either.
  (void)View::Parse(body);
}

}  // namespace dpsctp::fuzz

#endif  // DPSCTP_TEST_FUZZ_VIEW_FUZZ_H_
