#include "capture/pcap_writer.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "capture/frame_decoder.h"
#include "capture/pcap_reader.h"

namespace dpsctp::capture {
namespace {

uint16_t Be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

// One's complement sum over the header including its checksum: 0xFFFF when
// the checksum is right.
uint16_t FoldedSum(std::span<const uint8_t> header) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < header.size(); i += 2) {
    sum += Be16(header.data() + i);
  }
  while (sum >> 16) {
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<uint16_t>(sum);
}

TEST_CASE("PcapWriter: file header only when empty", "[fast]") {
  PcapWriter w;
  const std::vector<uint8_t> expected = {
      0xD4, 0xC3, 0xB2, 0xA1, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x65, 0x00, 0x00, 0x00};
  CHECK(w.bytes() == expected);
  CHECK(w.packet_count() == 0);

  auto reader = CaptureReader::Open(w.bytes());
  REQUIRE(reader.has_value());
  CHECK(reader->format() == CaptureFormat::kPcap);
  CHECK(reader->link_type() == kLinkTypeRaw);
  CHECK_FALSE(reader->Next().has_value());
  CHECK(reader->error() == CaptureError::kNone);
}

TEST_CASE("PcapWriter: two packets read back by CaptureReader and DecodeFrame",
          "[fast]") {
  // Contents need not be valid SCTP: the writer and the decoder only frame.
  const std::vector<uint8_t> sctp1 = {0x13, 0x88, 0x13, 0x89, 0x01, 0x02,
                                      0x03, 0x04, 0x00, 0x00, 0x00, 0x00,
                                      0x0B, 0x00, 0x00, 0x04};
  std::vector<uint8_t> sctp2(300);
  for (size_t i = 0; i < sctp2.size(); ++i) {
    sctp2[i] = static_cast<uint8_t>(i * 7);
  }
  const std::array<uint8_t, 4> a = {10, 0, 0, 1};
  const std::array<uint8_t, 4> b = {192, 168, 200, 254};

  PcapWriter w;
  REQUIRE(w.AddSctpOverIpv4(1'700'000'000'123'456'789ull, a, b, sctp1));
  REQUIRE(w.AddSctpOverIpv4(1'700'000'001'000'001'000ull, b, a, sctp2));
  CHECK(w.packet_count() == 2);
  CHECK(w.bytes().size() ==
        24 + 16 + 20 + sctp1.size() + 16 + 20 + sctp2.size());

  auto reader = CaptureReader::Open(w.bytes());
  REQUIRE(reader.has_value());
  CHECK(reader->format() == CaptureFormat::kPcap);
  CHECK(reader->link_type() == kLinkTypeRaw);

  struct Expected {
    uint64_t ts_ns;
    std::array<uint8_t, 4> src;
    std::array<uint8_t, 4> dst;
    const std::vector<uint8_t>* sctp;
    uint16_t ip_id;
  };
  const std::array<Expected, 2> expected = {{
      {1'700'000'000'123'456'000ull, a, b, &sctp1, 1},  // rounded down to us
      {1'700'000'001'000'001'000ull, b, a, &sctp2, 2},
  }};

  for (size_t i = 0; i < expected.size(); ++i) {
    const Expected& e = expected[i];
    auto rec = reader->Next();
    REQUIRE(rec.has_value());
    CHECK(rec->frame_number == i + 1);
    CHECK(rec->link_type == kLinkTypeRaw);
    CHECK(rec->interface_id == 0);
    CHECK(rec->has_timestamp);
    CHECK(rec->timestamp_ns == e.ts_ns);
    CHECK(rec->original_length == 20 + e.sctp->size());
    REQUIRE(rec->data.size() == 20 + e.sctp->size());

    // The IPv4 header, field by field.
    const uint8_t* ip = rec->data.data();
    CHECK(ip[0] == 0x45);                          // version 4, IHL 5
    CHECK(ip[1] == 0);                             // DSCP / ECN
    CHECK(Be16(ip + 2) == 20 + e.sctp->size());    // Total Length
    CHECK(Be16(ip + 4) == e.ip_id);                // Identification
    CHECK(Be16(ip + 6) == 0x4000);                 // DF, offset 0
    CHECK(ip[8] == 64);                            // TTL
    CHECK(ip[9] == 132);                           // SCTP
    CHECK(FoldedSum(rec->data.first(20)) == 0xFFFF);
    CHECK(Be16(ip + 10) != 0);

    auto decoded = DecodeFrame(rec->link_type, rec->data);
    REQUIRE(decoded.has_value());
    CHECK(decoded->kind == FrameKind::kSctp);
    const SctpInIp& s = decoded->sctp;
    CHECK(s.source.version == 4);
    CHECK(s.destination.version == 4);
    CHECK(std::equal(e.src.begin(), e.src.end(), s.source.bytes.begin()));
    CHECK(std::equal(e.dst.begin(), e.dst.end(), s.destination.bytes.begin()));
    CHECK_FALSE(s.over_udp);
    CHECK_FALSE(s.truncated);
    CHECK(std::vector<uint8_t>(s.sctp.begin(), s.sctp.end()) == *e.sctp);
  }
  CHECK_FALSE(reader->Next().has_value());
  CHECK(reader->error() == CaptureError::kNone);
  CHECK(reader->frames_read() == 2);
}

TEST_CASE("PcapWriter: a datagram over 65535 bytes is refused", "[fast]") {
  PcapWriter w;
  const size_t header_size = w.bytes().size();
  std::vector<uint8_t> big(65535 - 20 + 1);
  CHECK_FALSE(w.AddSctpOverIpv4(0, {1, 2, 3, 4}, {5, 6, 7, 8}, big));
  CHECK(w.bytes().size() == header_size);
  CHECK(w.packet_count() == 0);
  big.pop_back();
  CHECK(w.AddSctpOverIpv4(0, {1, 2, 3, 4}, {5, 6, 7, 8}, big));
  CHECK(w.packet_count() == 1);
}

TEST_CASE("PcapWriter: an IPv6 packet read back by CaptureReader and DecodeFrame",
          "[fast]") {
  const std::vector<uint8_t> sctp = {0x13, 0x88, 0x13, 0x89, 0x01, 0x02,
                                     0x03, 0x04, 0x00, 0x00, 0x00, 0x00,
                                     0x0B, 0x00, 0x00, 0x04};
  std::array<uint8_t, 16> a{}, b{};
  a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = 0xb8; a[15] = 1;
  b[0] = 0xfe; b[1] = 0x80; b[15] = 2;
  PcapWriter w;
  REQUIRE(w.AddSctpOverIpv6(2'000'000'000ull, a, b, sctp));
  CHECK(w.bytes().size() == 24 + 16 + 40 + sctp.size());
  auto reader = CaptureReader::Open(w.bytes());
  REQUIRE(reader.has_value());
  auto rec = reader->Next();
  REQUIRE(rec.has_value());
  CHECK(rec->timestamp_ns == 2'000'000'000ull);
  REQUIRE(rec->data.size() == 40 + sctp.size());
  const uint8_t* ip = rec->data.data();
  CHECK(ip[0] >> 4 == 6);
  CHECK(Be16(ip + 4) == sctp.size());  // Payload Length
  CHECK(ip[6] == 132);                 // Next Header: SCTP
  CHECK(ip[7] == 64);                  // Hop Limit
  auto decoded = DecodeFrame(rec->link_type, rec->data);
  REQUIRE(decoded.has_value());
  CHECK(decoded->kind == FrameKind::kSctp);
  CHECK(decoded->sctp.source.version == 6);
  CHECK(std::equal(a.begin(), a.end(), decoded->sctp.source.bytes.begin()));
  CHECK(std::equal(b.begin(), b.end(), decoded->sctp.destination.bytes.begin()));
  CHECK(std::vector<uint8_t>(decoded->sctp.sctp.begin(), decoded->sctp.sctp.end()) == sctp);
  CHECK_FALSE(w.AddSctpOverIpv6(0, a, b, std::vector<uint8_t>(65536)));
  CHECK(w.packet_count() == 1);
}

}  // namespace
}  // namespace dpsctp::capture
