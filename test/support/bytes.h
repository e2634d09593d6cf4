// Test helpers for byte buffers: hex literals and span conversions.
#ifndef DPSCTP_TEST_SUPPORT_BYTES_H_
#define DPSCTP_TEST_SUPPORT_BYTES_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dpsctp::test {

// "01 02 ab" or "0102ab" -> bytes. Whitespace is ignored.
inline std::vector<uint8_t> Hex(std::string_view s) {
  std::vector<uint8_t> out;
  int hi = -1;
  for (char c : s) {
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else {
      continue;
    }
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<uint8_t>(hi << 4 | v));
      hi = -1;
    }
  }
  return out;
}

inline std::string ToHex(std::span<const uint8_t> b) {
  static const char* k = "0123456789abcdef";
  std::string s;
  for (uint8_t x : b) {
    s += k[x >> 4];
    s += k[x & 15];
  }
  return s;
}

}  // namespace dpsctp::test

#endif  // DPSCTP_TEST_SUPPORT_BYTES_H_
