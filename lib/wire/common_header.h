// The SCTP common header (RFC 9260 §3.1).
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Source Port Number       |    Destination Port Number    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Verification Tag                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Checksum                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#ifndef DPSCTP_WIRE_COMMON_HEADER_H_
#define DPSCTP_WIRE_COMMON_HEADER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/byte_order.h"
#include "common/types.h"
#include "wire/wire_writer.h"

namespace dpsctp::wire {

inline constexpr size_t kCommonHeaderSize = 12;
inline constexpr size_t kChecksumOffset = 8;

struct CommonHeader {
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  VerificationTag verification_tag;
  // As it appears on the wire: the CRC32c's bytes in transmission order,
  // read as a big-endian number (the convention Wireshark displays).
  uint32_t checksum = 0;

  static std::optional<CommonHeader> Parse(
      std::span<const uint8_t> data) noexcept {
    if (data.size() < kCommonHeaderSize) {
      return std::nullopt;
    }
    return CommonHeader{LoadBe16(data.data()), LoadBe16(data.data() + 2),
                        VerificationTag(LoadBe32(data.data() + 4)),
                        LoadBe32(data.data() + 8)};
  }

  // Appends the header with a zero checksum; the checksum is filled in once
  // the packet is complete (see crc32c.h).
  bool SerializeTo(WireWriter& out) const noexcept {
    std::span<uint8_t> p = out.Append(kCommonHeaderSize);
    if (p.empty()) {
      return false;
    }
    StoreBe16(p.data(), source_port);
    StoreBe16(p.data() + 2, destination_port);
    StoreBe32(p.data() + 4, verification_tag.value());
    StoreBe32(p.data() + 8, checksum);
    return true;
  }

  friend bool operator==(const CommonHeader&, const CommonHeader&) = default;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_COMMON_HEADER_H_
