#include "common/serial.h"

#include <catch2/catch.hpp>

namespace dpsctp {
namespace {

TEST_CASE("SerialLess: orders across the wrap", "[fast]") {
  CHECK(SerialLess<uint32_t>(1, 2));
  CHECK_FALSE(SerialLess<uint32_t>(2, 1));
  CHECK_FALSE(SerialLess<uint32_t>(5, 5));
  CHECK(SerialLess<uint32_t>(0xffffffff, 0));
  CHECK(SerialLess<uint32_t>(0xfffffff0, 0x10));
  CHECK_FALSE(SerialLess<uint32_t>(0x10, 0xfffffff0));
  CHECK(SerialLess<uint16_t>(0xffff, 1));
  CHECK_FALSE(SerialLess<uint16_t>(1, 0xffff));
}

TEST_CASE("SerialLess: half the space apart is undefined both ways",
          "[fast]") {
  // RFC 1982 §3.2: such pairs are not comparable.
  CHECK_FALSE(SerialLess<uint32_t>(0, 0x80000000));
  CHECK_FALSE(SerialLess<uint32_t>(0x80000000, 0));
  CHECK_FALSE(SerialLess<uint16_t>(0, 0x8000));
  CHECK(SerialLess<uint32_t>(0, 0x7fffffff));
}

TEST_CASE("IdLess: works on strong ids", "[fast]") {
  CHECK(IdLess(Tsn(0xffffffff), Tsn(3)));
  CHECK(IdLessOrEqual(Ssn(7), Ssn(7)));
  CHECK_FALSE(IdLess(Ssn(7), Ssn(7)));
}

}  // namespace
}  // namespace dpsctp
