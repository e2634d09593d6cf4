// QCHECK / QREQUIRE: CHECK and REQUIRE that reach Catch only when the
// condition fails. For randomized model tests that assert millions of
// times: Catch's reporters (JUnit in CI) keep a record of every assertion
// and slow to a crawl. The expression is evaluated once; a failure reports
// its text (with the INFO/CAPTURE context), not the decomposed values.
#ifndef DPSCTP_TEST_SUPPORT_QUIET_CHECK_H_
#define DPSCTP_TEST_SUPPORT_QUIET_CHECK_H_

#include <catch2/catch.hpp>

#define QCHECK(...)                                   \
  do {                                                \
    if (!static_cast<bool>(__VA_ARGS__)) {            \
      FAIL_CHECK("QCHECK(" #__VA_ARGS__ ") failed");  \
    }                                                 \
  } while (false)

#define QREQUIRE(...)                                 \
  do {                                                \
    if (!static_cast<bool>(__VA_ARGS__)) {            \
      FAIL("QREQUIRE(" #__VA_ARGS__ ") failed");      \
    }                                                 \
  } while (false)

#endif  // DPSCTP_TEST_SUPPORT_QUIET_CHECK_H_
