#include "capture/pcap_writer.h"

#include <algorithm>

namespace dpsctp::capture {
namespace {

constexpr uint8_t kIpProtocolSctp = 132;
constexpr uint16_t kFlagDontFragment = 0x4000;

void StoreBe16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

// RFC 791: the one's complement of the one's complement sum of the header's
// 16-bit words, the checksum field counted as zero.
uint16_t Ipv4HeaderChecksum(const uint8_t* header, size_t size) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < size; i += 2) {
    sum += static_cast<uint32_t>(header[i] << 8 | header[i + 1]);
  }
  while (sum >> 16) {
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<uint16_t>(~sum);
}

}  // namespace

PcapWriter::PcapWriter() {
  bytes_.reserve(kFileHeaderSize);
  AppendLe32(kMagic);
  AppendLe16(kVersionMajor);
  AppendLe16(kVersionMinor);
  AppendLe32(0);  // thiszone
  AppendLe32(0);  // sigfigs
  AppendLe32(kSnapLength);
  AppendLe32(kLinkType);
}

bool PcapWriter::AddSctpOverIpv4(uint64_t time_ns, std::array<uint8_t, 4> src,
                                 std::array<uint8_t, 4> dst,
                                 std::span<const uint8_t> sctp_packet) {
  if (sctp_packet.size() > 0xFFFF - kIpv4HeaderSize) {
    return false;
  }
  const auto total = static_cast<uint16_t>(kIpv4HeaderSize + sctp_packet.size());
  AppendRecordHeader(time_ns, total);

  std::array<uint8_t, kIpv4HeaderSize> ip{};
  ip[0] = 0x45;  // version 4, IHL 5
  ip[1] = 0;     // DSCP / ECN
  StoreBe16(&ip[2], total);
  StoreBe16(&ip[4], next_ip_id_++);
  StoreBe16(&ip[6], kFlagDontFragment);
  ip[8] = kIpv4Ttl;
  ip[9] = kIpProtocolSctp;
  for (size_t i = 0; i < 4; ++i) {
    ip[12 + i] = src[i];
    ip[16 + i] = dst[i];
  }
  StoreBe16(&ip[10], Ipv4HeaderChecksum(ip.data(), ip.size()));

  bytes_.insert(bytes_.end(), ip.begin(), ip.end());
  bytes_.insert(bytes_.end(), sctp_packet.begin(), sctp_packet.end());
  ++packet_count_;
  return true;
}

bool PcapWriter::AddSctpOverIpv6(uint64_t time_ns, std::array<uint8_t, 16> src,
                                 std::array<uint8_t, 16> dst,
                                 std::span<const uint8_t> sctp_packet) {
  if (sctp_packet.size() > 0xFFFF) {
    return false;
  }
  AppendRecordHeader(time_ns,
                     static_cast<uint32_t>(kIpv6HeaderSize + sctp_packet.size()));
  std::array<uint8_t, kIpv6HeaderSize> ip{};
  ip[0] = 0x60;  // version 6, traffic class 0, flow label 0
  StoreBe16(&ip[4], static_cast<uint16_t>(sctp_packet.size()));  // Payload Length
  ip[6] = kIpProtocolSctp;                                       // Next Header
  ip[7] = kIpv4Ttl;                                              // Hop Limit
  std::copy(src.begin(), src.end(), ip.begin() + 8);
  std::copy(dst.begin(), dst.end(), ip.begin() + 24);
  bytes_.insert(bytes_.end(), ip.begin(), ip.end());
  bytes_.insert(bytes_.end(), sctp_packet.begin(), sctp_packet.end());
  ++packet_count_;
  return true;
}

void PcapWriter::AppendRecordHeader(uint64_t time_ns, uint32_t length) {
  AppendLe32(static_cast<uint32_t>(time_ns / 1'000'000'000u));
  AppendLe32(static_cast<uint32_t>(time_ns % 1'000'000'000u / 1000u));
  AppendLe32(length);  // captured length
  AppendLe32(length);  // original length
}

void PcapWriter::AppendLe16(uint16_t v) {
  bytes_.push_back(static_cast<uint8_t>(v));
  bytes_.push_back(static_cast<uint8_t>(v >> 8));
}

void PcapWriter::AppendLe32(uint32_t v) {
  AppendLe16(static_cast<uint16_t>(v));
  AppendLe16(static_cast<uint16_t>(v >> 16));
}

}  // namespace dpsctp::capture
