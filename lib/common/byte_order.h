// Big-endian (network order) loads and stores on raw byte pointers.
//
// Every multi-byte field on the SCTP wire is big-endian (RFC 9260 §3). These
// helpers compile to a single load + bswap on x86; callers guarantee bounds.
#ifndef DPSCTP_COMMON_BYTE_ORDER_H_
#define DPSCTP_COMMON_BYTE_ORDER_H_

#include <cstdint>
#include <cstring>

namespace dpsctp {

inline uint16_t LoadBe16(const uint8_t* p) noexcept {
  return static_cast<uint16_t>((uint16_t{p[0]} << 8) | p[1]);
}

inline uint32_t LoadBe32(const uint8_t* p) noexcept {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return __builtin_bswap32(v);
}

inline uint64_t LoadBe64(const uint8_t* p) noexcept {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return __builtin_bswap64(v);
}

inline void StoreBe16(uint8_t* p, uint16_t v) noexcept {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

inline void StoreBe32(uint8_t* p, uint32_t v) noexcept {
  v = __builtin_bswap32(v);
  std::memcpy(p, &v, sizeof(v));
}

inline void StoreBe64(uint8_t* p, uint64_t v) noexcept {
  v = __builtin_bswap64(v);
  std::memcpy(p, &v, sizeof(v));
}

inline uint32_t LoadLe32(const uint8_t* p) noexcept {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) |
         (uint32_t{p[3]} << 24);
}

inline void StoreLe32(uint8_t* p, uint32_t v) noexcept {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v >> 16);
  p[3] = static_cast<uint8_t>(v >> 24);
}

}  // namespace dpsctp

#endif  // DPSCTP_COMMON_BYTE_ORDER_H_
