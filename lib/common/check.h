// Invariant checks.
//
// DPSCTP_CHECK guards invariants whose violation would corrupt memory; it stays
// in release builds. DPSCTP_DCHECK is for everything else and compiles out
// when NDEBUG is set. Peer input must never be able to trigger either.
#ifndef DPSCTP_COMMON_CHECK_H_
#define DPSCTP_COMMON_CHECK_H_

#include <cstdio>
#include <cstdlib>

namespace dpsctp::internal {

[[noreturn]] inline void CheckFailed(const char* expr, const char* file,
                                     int line) noexcept {
  std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
  std::abort();
}

}  // namespace dpsctp::internal

#define DPSCTP_CHECK(cond)                                              \
  do {                                                                  \
    if (__builtin_expect(!(cond), 0)) {                                 \
      ::dpsctp::internal::CheckFailed(#cond, __FILE__, __LINE__);       \
    }                                                                   \
  } while (0)

#ifdef NDEBUG
#define DPSCTP_DCHECK(cond) \
  do {                      \
    if (false && (cond)) {  \
    }                       \
  } while (0)
#else
#define DPSCTP_DCHECK(cond) DPSCTP_CHECK(cond)
#endif

#endif  // DPSCTP_COMMON_CHECK_H_
