// Durations and time points in Catch2's expansions, in milliseconds.
#ifndef DPSCTP_TEST_SUPPORT_CATCH_TIME_H_
#define DPSCTP_TEST_SUPPORT_CATCH_TIME_H_

#include <catch2/catch.hpp>

#include <string>

#include "common/time.h"

namespace Catch {
template <>
struct StringMaker<dpsctp::Duration> {
  static std::string convert(dpsctp::Duration d) {
    return std::to_string(static_cast<double>(d.nanos()) / 1e6) + " ms";
  }
};
template <>
struct StringMaker<dpsctp::TimePoint> {
  static std::string convert(dpsctp::TimePoint t) {
    return "t=" + std::to_string(static_cast<double>(t.nanos()) / 1e6) + " ms";
  }
};
}  // namespace Catch

#endif  // DPSCTP_TEST_SUPPORT_CATCH_TIME_H_
