// Test packets for the loopback wire tests: well-formed SCTP packets (common
// header, chunks of the given types, correct CRC32c) built by hand, so that
// the tests do not depend on the chunk serializers.
#ifndef DPSCTP_TEST_UNIT_LOOPBACK_LOOPBACK_PACKETS_H_
#define DPSCTP_TEST_UNIT_LOOPBACK_LOOPBACK_PACKETS_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "common/address.h"
#include "crc/crc32c.h"
#include "wire/chunk_type.h"

namespace dpsctp::loopback::testing {

inline const PacketAddresses kAtoB = {IpAddress::V4(10, 0, 0, 1),
                                      IpAddress::V4(10, 0, 0, 2)};
inline const PacketAddresses kBtoA = {IpAddress::V4(10, 0, 0, 2),
                                      IpAddress::V4(10, 0, 0, 1)};

// Ports 5000 -> 5001, the given tag, then one chunk per type, each with
// `body` bytes of value (index of the chunk + 1) after its 4-byte header,
// padded to 4 bytes. `tag` lets tests tell packets apart.
inline std::vector<uint8_t> MakePacket(
    std::initializer_list<wire::ChunkType> chunks, uint32_t tag = 0,
    size_t body = 4) {
  std::vector<uint8_t> p = {0x13,
                            0x88,
                            0x13,
                            0x89,
                            static_cast<uint8_t>(tag >> 24),
                            static_cast<uint8_t>(tag >> 16),
                            static_cast<uint8_t>(tag >> 8),
                            static_cast<uint8_t>(tag),
                            0,
                            0,
                            0,
                            0};
  uint8_t fill = 1;
  for (wire::ChunkType type : chunks) {
    const size_t length = 4 + body;
    p.push_back(static_cast<uint8_t>(type));
    p.push_back(0);
    p.push_back(static_cast<uint8_t>(length >> 8));
    p.push_back(static_cast<uint8_t>(length));
    p.insert(p.end(), body, fill++);
    p.insert(p.end(), (4 - length % 4) % 4, 0);
  }
  crc::WriteSctpChecksum(p);
  return p;
}

// A packet of exactly `size` bytes (>= 16): one DATA chunk filling it, the
// last chunk's padding left out as RFC 9260 receivers tolerate.
inline std::vector<uint8_t> MakePacketOfSize(size_t size, uint32_t tag = 0) {
  std::vector<uint8_t> p = MakePacket({wire::ChunkType::kData}, tag, 0);
  p.resize(size, 0xAB);
  const size_t length = size - 12;
  p[14] = static_cast<uint8_t>(length >> 8);
  p[15] = static_cast<uint8_t>(length);
  crc::WriteSctpChecksum(p);
  return p;
}

}  // namespace dpsctp::loopback::testing

#endif  // DPSCTP_TEST_UNIT_LOOPBACK_LOOPBACK_PACKETS_H_
