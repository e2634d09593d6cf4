// PcapWriter: builds a classic pcap file in memory (microsecond timestamps,
// link type 101 = raw IP), for offline tools and tests that produce captures
// from packets serialized by lib/wire (for instance to check them against
// Wireshark). Each SCTP packet is wrapped in a minimal IPv4 or IPv6 header.
//
// This is an offline-tool component: it owns a growing std::vector and is not
// meant for the data path.
#ifndef DPSCTP_CAPTURE_PCAP_WRITER_H_
#define DPSCTP_CAPTURE_PCAP_WRITER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace dpsctp::capture {

class PcapWriter {
 public:
  static constexpr uint32_t kMagic = 0xA1B2C3D4;  // microsecond resolution
  static constexpr uint16_t kVersionMajor = 2;
  static constexpr uint16_t kVersionMinor = 4;
  static constexpr uint32_t kSnapLength = 65535;
  static constexpr uint32_t kLinkType = 101;  // raw IP
  static constexpr size_t kFileHeaderSize = 24;
  static constexpr size_t kRecordHeaderSize = 16;
  static constexpr size_t kIpv4HeaderSize = 20;
  static constexpr uint8_t kIpv4Ttl = 64;
  static constexpr size_t kIpv6HeaderSize = 40;

  // Writes the file header (little-endian, as written on x86 hosts).
  PcapWriter();

  // Appends one record: a 20-byte IPv4 header (protocol 132, TTL 64, DF,
  // identification counting from 1, header checksum computed) followed by
  // `sctp_packet`. The timestamp is rounded down to microseconds. Returns
  // false (and writes nothing) if the datagram would exceed 65535 bytes.
  bool AddSctpOverIpv4(uint64_t time_ns, std::array<uint8_t, 4> src,
                       std::array<uint8_t, 4> dst,
                       std::span<const uint8_t> sctp_packet);

  // The same over a 40-byte IPv6 header (RFC 8200: Next Header 132, Hop
  // Limit 64, no extension headers). False (nothing written) if the SCTP
  // packet exceeds 65535 bytes, the most a Payload Length holds.
  bool AddSctpOverIpv6(uint64_t time_ns, std::array<uint8_t, 16> src,
                       std::array<uint8_t, 16> dst,
                       std::span<const uint8_t> sctp_packet);

  const std::vector<uint8_t>& bytes() const { return bytes_; }
  size_t packet_count() const { return packet_count_; }

 private:
  void AppendRecordHeader(uint64_t time_ns, uint32_t length);
  void AppendLe16(uint16_t v);
  void AppendLe32(uint32_t v);

  std::vector<uint8_t> bytes_;
  size_t packet_count_ = 0;
  uint16_t next_ip_id_ = 1;
};

}  // namespace dpsctp::capture

#endif  // DPSCTP_CAPTURE_PCAP_WRITER_H_
