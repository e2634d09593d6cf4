// Tests for lib/crc/crc32c.{h,cc}: the CRC32c paths against RFC 3720 test
// vectors and each other, and the SCTP checksum against real captures.
#include "crc/crc32c.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <span>
#include <string_view>
#include <vector>

#include "buf/packet_view.h"
#include "common/byte_order.h"
#include "test/support/bytes.h"
#include "wire/common_header.h"

namespace dpsctp::crc {
namespace {

using Bytes = std::vector<uint8_t>;

static_assert(kSctpCommonHeaderSize == wire::kCommonHeaderSize);
static_assert(kSctpChecksumOffset == wire::kChecksumOffset);

// Compile-time dispatch rules (ARCHITECTURE.md "Data path" step 4).
static_assert(SelectCrc32cPath(0, true) == Crc32cPath::kSse42);
static_assert(SelectCrc32cPath(255, true) == Crc32cPath::kSse42);
static_assert(SelectCrc32cPath(256, true) == Crc32cPath::kIsal);
static_assert(SelectCrc32cPath(9000, true) == Crc32cPath::kIsal);
static_assert(SelectCrc32cPath(0, false) == Crc32cPath::kIsal);
static_assert(SelectCrc32cPath(255, false) == Crc32cPath::kIsal);

using CrcFn = uint32_t (*)(uint32_t, std::span<const uint8_t>) noexcept;

struct NamedPath {
  std::string_view name;
  CrcFn fn;
};

uint32_t DispatchingCrc(uint32_t crc, std::span<const uint8_t> d) noexcept {
  return Crc32c(crc, d);
}

// Every path this CPU can run. SSE4.2 is skipped (and said so) without it.
std::vector<NamedPath> Paths() {
  std::vector<NamedPath> paths = {{"table", &Crc32cTable},
                                  {"isa-l", &Crc32cIsal},
                                  {"dispatch", &DispatchingCrc}};
  if (HasSse42()) {
    paths.push_back({"sse4.2", &Crc32cSse42});
  } else {
    WARN("CPU without SSE4.2: the SSE4.2 path is not tested");
  }
  return paths;
}

std::span<const uint8_t> S(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// The CRC as RFC 3720 B.4 lists it: the 4 bytes in transmission order, which
// is the finished (reflected) value stored little-endian.
uint32_t Rfc3720Crc(std::string_view hex) {
  Bytes b = test::Hex(hex);
  REQUIRE(b.size() == 4);
  return LoadLe32(b.data());
}

Bytes Random(size_t n, std::mt19937& rng) {
  Bytes b(n);
  for (auto& x : b) {
    x = static_cast<uint8_t>(rng());
  }
  return b;
}

Bytes WithZeroChecksum(Bytes p) {
  StoreBe32(p.data() + kSctpChecksumOffset, 0);
  return p;
}

// A copy of `p` with the last bit flipped (a payload error).
Bytes FlipLastBit(Bytes p) {
  if (!p.empty()) {
    p.back() ^= 0x01;
  }
  return p;
}

uint32_t FieldOf(const Bytes& p) {
  auto h = wire::CommonHeader::Parse(p);
  REQUIRE(h.has_value());
  return h->checksum;
}

// Overwrites the last 4 bytes of `p` (its checksum field being zero) so that
// the CRC32c of the whole packet is 0. CRC32c is affine: feeding 4 bytes X
// into raw register R is feeding 4 zero bytes into R ^ LE32(X), and feeding
// a zero byte, Y -> (Y >> 8) ^ T[Y & 0xFF], is invertible because the
// table's top bytes are all distinct.
void ForceCrcToZero(Bytes& p) {
  REQUIRE(p.size() >= kSctpCommonHeaderSize + 4);
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    const uint8_t b = static_cast<uint8_t>(i);
    table[i] = ~Crc32cTable(0xFFFFFFFFu, std::span<const uint8_t>(&b, 1));
  }
  const size_t n = p.size() - 4;
  const uint32_t reg = ~Crc32cTable(0, std::span<const uint8_t>(p).first(n));
  uint32_t y = 0xFFFFFFFFu;  // Raw register of a finished CRC of 0.
  for (int step = 0; step < 4; ++step) {
    uint32_t i = 0;
    while ((table[i] >> 24) != (y >> 24)) {
      ++i;
    }
    y = ((y ^ table[i]) << 8) | i;
  }
  StoreLe32(p.data() + n, reg ^ y);
  REQUIRE(Crc32cTable(0, p) == 0);
}

// --- Real packets (SCTP common header onwards, i.e. the IP payload). ------

// community-id-spec/sctp.pcap, frame 1:
//   Stream Control Transmission Protocol, Src Port: 7, Dst Port: 7
//     Verification tag: 0x00000000
//     Checksum (CRC32C): 0x3761a746 [correct]
//     INIT chunk (Outbound streams: 17, inbound streams: 17)
//       Initiate tag: 0x43232544, a_rwnd: 65535, Initial TSN: 1560164255
//       Forward TSN supported parameter, ...
const Bytes kInitGood = test::Hex(
    "00070007000000003761a74601000020432325440000ffff001100115cfe379f"
    "c0000004000c000600050000");

// tcpdump-tests/forces1.pcap, frame 3:
//   Stream Control Transmission Protocol, Src Port: 48316, Dst Port: 6706
//     Verification tag: 0x5e34386a
//     Checksum (CRC32C): 0x106b8c46 [correct]
//     SACK chunk (Cumulative TSN: 18398476, a_rwnd: 57320, gaps: 0,
//                 duplicate TSNs: 0)
const Bytes kSackGood = test::Hex(
    "bcbc1a325e34386a106b8c46030000100118bd0c0000dfe800000000");

// tcpdump-tests/forces1.pcap, frame 1 (360 bytes: the ISA-L path):
//   Stream Control Transmission Protocol, Src Port: 57077, Dst Port: 6704
//     Verification tag: 0xf341e0e1
//     Checksum (CRC32C): 0xdfa10f3d [correct]
//     DATA chunk (ordered, complete segment, TSN: 1048037094, SID: 0,
//                 SSN: 1, PPID: 0, payload length: 332 bytes)
const Bytes kDataGood = test::Hex(
    "def51a30f341e0e1dfa10f3d0003015c3e77c6e6000000010000000010140053"
    "0000000240000001000000000000000138400000100001340000000100000001"
    "0009012801100124000000010000000201120118000000000000000100000001"
    "0000000100000002000000010000000200000003000000010000000300000003"
    "0000000200000004000000040000000100000005000000040000000200000006"
    "0000000500000001000000070000000500000002000000080000000600000001"
    "0000000900000007000000010000000a00000007000000020000000b00000008"
    "000000010000000c00000009000000010000000d0000000a000000010000000e"
    "0000000b000000010000000f0000000c00000001000000100000000d00000001"
    "000000110000000e00000001000000120000000f000000010000001300000010"
    "0000000100000014000000110000000100000015000000120000000100000016"
    "0000001300000001");

// wireshark-samples_via_aboutsip-pkts/sctp-www.cap, frame 9 (1460 bytes):
//   Stream Control Transmission Protocol, Src Port: 80, Dst Port: 32836
//     Verification tag: 0x3bb99c46
//     Checksum (CRC32C): 0x9b6df209 [correct]
//     DATA chunk (ordered, first segment, TSN: 1677732375, SID: 0, SSN: 1,
//                 PPID: 0, payload length: 1432 bytes)   <html>...
const Bytes kBigDataGood = test::Hex(
    "005080443bb99c469b6df209000205a864002a1700000001000000003c68746d"
    "6c3e0d0a0d0a3c686561643e0d0a093c6d65746120687474702d65717569763d"
    "22636f6e74656e742d747970652220636f6e74656e743d22746578742f68746d"
    "6c3b20636861727365743d6575632d6b72223e0d0a093c7469746c653e57656c"
    "636f6d6520746f2043504c404b4f52454e205365727665722e3c2f7469746c65"
    "3e0d0a0d0a093c212d2d2048797065726c696e6b205374796c65202d2d3e0d0a"
    "093c7374796c6520747970653d22746578742f637373223e0d0a202020202020"
    "202041207b666f6e742073697a653a313070743b636f6c6f723a626c61636b3b"
    "746578742d6465636f726174696f6e3a6e6f6e653b666f6e742d66616d696c79"
    "3ab1bcb8b23b7d0d0a2020202020202020413a686f766572207b636f6c6f723a"
    "7265643b746578742d6465636f726174696f6e3a756e6465726c696e653b7d0d"
    "0a093c2f7374796c653e0d0a0d0a3c2f686561643e0d0a0d0a3c626f64793e0d"
    "0a0d0a3c64697620616c69676e3d2263656e746572223e0d0a093c212d2d2042"
    "4547494e204f555445524d4f5354205441424c45202d2d3e0d0a202020203c74"
    "61626c652077696474683d22383030222063656c6c70616464696e673d223022"
    "2063656c6c73706163696e673d22302220626f72646572636f6c6f723d222336"
    "3636363636223e0d0a202020200d0a09093c212d2d20424547494e204d454e55"
    "20524f57202d2d3e0d0a09093c74723e0d0a2020202020202020202020203c74"
    "642076616c69676e3d22746f70223e0d0a090909093c70207374796c653d226d"
    "617267696e2d626f74746f6d3a3570743b6d617267696e2d6c6566743a357074"
    "3b2220616c69676e3d226c656674223e0d0a090909093c696d67207372633d22"
    "696d616765732f43504c404b4f52454e5f6c6f676f5f6d656e752e676966220d"
    "0a090909090920626f726465723d223022207573656d61703d2223496d616765"
    "4d656e754d6170223e0d0a090909093c6d6170206e616d653d22496d6167654d"
    "656e754d6170223e0d0a09090909093c617265610973686170653d2272656374"
    "2220636f6f7264733d22352c352c3132352c3635220d0a090909090909096872"
    "65663d22687474703a2f2f3230332e3235352e3235322e3139342220616c743d"
    "2243504c404b4f52454e223e0d0a09090909093c617265610973686170653d22"
    "726563742220636f6f7264733d223233372c34352c3238342c3731220d0a0909"
    "0909090909687265663d222f2220616c743d2243504c404b4f52454e20486f6d"
    "65223e0d0a09090909093c617265612073686170653d22726563742220636f6f"
    "7264733d223239312c34362c3333342c3731220d0a0909090909090968726566"
    "3d22687474703a2f2f70726f746f636f6c2e6b6e752e61632e6b722220616c74"
    "3d2243504c404b4e55223e0d0a09090909093c617265610973686170653d2272"
    "6563742220636f6f7264733d223334352c34362c3338382c3731220d0a090909"
    "09090909687265663d222f6d6f6e6977696b692220616c743d2243504c404b4f"
    "52454e2057696b69223e0d0a09090909093c617265610973686170653d227265"
    "63742220636f6f7264733d223339342c34362c3532322c3731220d0a09090909"
    "090909687265663d222e2f746563682e68746d6c2220616c743d22546563686e"
    "6963616c205265706f72742053656374696f6e223e0d0a09090909093c617265"
    "610973686170653d22726563742220636f6f7264733d223533332c34372c3539"
    "382c3731220d0a09090909090909687265663d222e2f736f6674776172652e68"
    "746d6c2220616c743d22536f6674776172652052656c65617365205365637469"
    "6f6e223e0d0a09090909202020203c617265612073686170653d227265637422"
    "20636f6f7264733d223631302c34362c3731312c3731220d0a09090909090909"
    "687265663d222e2f62726f777365722e68746d6c");

// arkime-tests/arkime_synthetic.sctp-only.pcap, frame 1:
//   Stream Control Transmission Protocol, Src Port: 54342, Dst Port: 38412
//     Verification tag: 0x12345678
//     Checksum (CRC32C): 0x00000000 incorrect, should be 0x16918672
//     INIT chunk (Outbound streams: 10, inbound streams: 10)
const Bytes kInitZeroChecksum = test::Hex(
    "d446960c123456780000000001000014111111110000ffff000a000a22222222");

// wireshark-samples_via_aboutsip-pkts/sctp.cap, frame 2 (read with
// -o sctp.checksum:adler-32):
//   Stream Control Transmission Protocol, Src Port: 2944, Dst Port: 16384
//     Verification tag: 0x21441523
//     Checksum (Adler): 0x2bf2024e [correct]
//     SACK chunk (Cumulative TSN: 671236933, a_rwnd: 8192, gaps: 0, ...)
const Bytes kSackAdler = test::Hex(
    "0b804000214415232bf2024e03000010280243450000200000000000");

// tcpdump-tests/isup.pcap, frame 1 (-o sctp.checksum:adler-32):
//   Stream Control Transmission Protocol, Src Port: 2905, Dst Port: 2905
//     Verification tag: 0x00000e50
//     Checksum (Adler): 0xb0b01883 [correct]
//     DATA chunk (ordered, complete segment, TSN: 0, SID: 6, SSN: 42,
//                 PPID: 3 (M3UA), payload length: 84 bytes)
const Bytes kDataAdler = test::Hex(
    "0b590b5900000e50b0b01883000300646ca8b1cc0006002a0000000301000101"
    "0000005400020049c583af405bd5000100a0010a02020705819084190f0a0703"
    "17933393798008018003057c038890a61d038890a6310200643f060393000600"
    "10f4056476c328813902f49000000000");

struct Captured {
  std::string_view name;
  const Bytes* bytes;
  uint32_t tshark_checksum;
};

const std::array<Captured, 4> kGoodPackets = {{
    {"sctp.pcap#1 INIT", &kInitGood, 0x3761a746},
    {"forces1.pcap#3 SACK", &kSackGood, 0x106b8c46},
    {"forces1.pcap#1 DATA", &kDataGood, 0xdfa10f3d},
    {"sctp-www.cap#9 DATA", &kBigDataGood, 0x9b6df209},
}};

// --- CRC32c ---------------------------------------------------------------

TEST_CASE("Crc32c: RFC 3720 B.4 test vectors on every path", "[fast]") {
  Bytes zeros(32, 0x00);
  Bytes ones(32, 0xFF);
  Bytes incrementing(32);
  Bytes decrementing(32);
  for (size_t i = 0; i < 32; ++i) {
    incrementing[i] = static_cast<uint8_t>(i);
    decrementing[i] = static_cast<uint8_t>(31 - i);
  }
  // RFC 3720 B.4: an iSCSI SCSI Read (10) command PDU.
  Bytes read_pdu = test::Hex(
      "01 c0 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
      "14 00 00 00 00 00 04 00 00 00 00 14 00 00 00 18"
      "28 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00");
  REQUIRE(read_pdu.size() == 48);

  for (const NamedPath& path : Paths()) {
    INFO("path " << path.name);
    CHECK(path.fn(0, zeros) == Rfc3720Crc("aa 36 91 8a"));
    CHECK(path.fn(0, ones) == Rfc3720Crc("43 ab a8 62"));
    CHECK(path.fn(0, incrementing) == Rfc3720Crc("4e 79 dd 46"));
    CHECK(path.fn(0, decrementing) == Rfc3720Crc("5c db 3f 11"));
    CHECK(path.fn(0, read_pdu) == Rfc3720Crc("56 3a 96 d9"));
    // The CRC-32C catalogue check value.
    CHECK(path.fn(0, S("123456789")) == 0xE3069283u);
  }
}

TEST_CASE("Crc32c: empty input returns the running value", "[fast]") {
  for (const NamedPath& path : Paths()) {
    INFO("path " << path.name);
    CHECK(path.fn(0, {}) == 0u);
    CHECK(path.fn(0xE3069283u, {}) == 0xE3069283u);
  }
  CHECK(Crc32c(0x12345678u, buf::PacketView()) == 0x12345678u);
}

TEST_CASE("Crc32c: paths agree on every length 0..1100 and alignment 0..15",
          "[fast]") {
  std::mt19937 rng(20240601);
  const Bytes pool = Random(1100 + 16, rng);
  const bool sse = HasSse42();
  size_t mismatches = 0;
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t len = 0; len <= 1100; ++len) {
      const auto data = std::span<const uint8_t>(pool).subspan(offset, len);
      const uint32_t want = Crc32cTable(0, data);
      const uint32_t isal = Crc32cIsal(0, data);
      const uint32_t dispatch = Crc32c(0, data);
      const uint32_t sse42 = sse ? Crc32cSse42(0, data) : want;
      if (isal != want || dispatch != want || sse42 != want) {
        ++mismatches;
        INFO("offset " << offset << " len " << len << " table " << want
                       << " isal " << isal << " sse " << sse42 << " dispatch "
                       << dispatch);
        CHECK(false);
      }
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("Crc32c: chains over segments on every path and across paths",
          "[fast]") {
  std::mt19937 rng(7);
  const Bytes data = Random(600, rng);  // Crosses the 256-byte threshold.
  const std::span<const uint8_t> all(data);
  const uint32_t whole = Crc32cTable(0, all);
  const auto paths = Paths();
  size_t mismatches = 0;
  for (size_t split = 0; split <= data.size(); ++split) {
    const auto a = all.first(split);
    const auto b = all.subspan(split);
    for (const NamedPath& first : paths) {
      for (const NamedPath& second : paths) {
        if (second.fn(first.fn(0, a), b) != whole) {
          ++mismatches;
          INFO("split " << split << " " << first.name << " then "
                        << second.name);
          CHECK(false);
        }
      }
    }
  }
  CHECK(mismatches == 0);

  // Three pieces, three paths.
  uint32_t crc = Crc32cTable(0, all.first(100));
  crc = Crc32cIsal(crc, all.subspan(100, 300));
  crc = HasSse42() ? Crc32cSse42(crc, all.subspan(400))
                   : Crc32cTable(crc, all.subspan(400));
  CHECK(crc == whole);

  // The PacketView overload walks the segments in order.
  buf::PacketView view;
  REQUIRE(view.AppendSegment(all.first(3)));
  REQUIRE(view.AppendSegment(all.subspan(3, 297)));
  REQUIRE(view.AppendSegment(all.subspan(300)));
  CHECK(Crc32c(0, view) == whole);
}

TEST_CASE("Crc32c: the dispatcher picks SSE4.2 below 256 bytes", "[fast]") {
  CHECK(SelectCrc32cPath(kCrc32cIsalThreshold - 1, true) ==
        Crc32cPath::kSse42);
  CHECK(SelectCrc32cPath(kCrc32cIsalThreshold, true) == Crc32cPath::kIsal);
  CHECK(SelectCrc32cPath(kCrc32cIsalThreshold - 1, false) ==
        Crc32cPath::kIsal);
  CHECK(ToString(Crc32cPath::kTable) == "table");
  CHECK(ToString(Crc32cPath::kSse42) == "sse4.2");
  CHECK(ToString(Crc32cPath::kIsal) == "isa-l");
  // Probed once; stable.
  CHECK(HasSse42() == HasSse42());
}

TEST_CASE("Adler32: RFC 1950 values and chaining", "[fast]") {
  CHECK(Adler32(1, {}) == 1u);
  CHECK(Adler32(1, S("Wikipedia")) == 0x11E60398u);
  // Long enough to need the modular reduction many times.
  Bytes ff(100000, 0xFF);
  const uint32_t whole = Adler32(1, ff);
  CHECK(Adler32(Adler32(1, std::span<const uint8_t>(ff).first(7777)),
                std::span<const uint8_t>(ff).subspan(7777)) == whole);
  // Reference: a = 1 + 255n mod 65521, b = n + 255 n(n+1)/2 mod 65521.
  const uint64_t n = ff.size();
  const uint64_t a = (1 + 255 * n) % 65521;
  const uint64_t b = (n + 255 * n * (n + 1) / 2) % 65521;
  CHECK(whole == static_cast<uint32_t>((b << 16) | a));
}

// --- SCTP checksum --------------------------------------------------------

TEST_CASE("SctpChecksum: FromCapture matches tshark and CommonHeader",
          "[fast]") {
  for (const Captured& c : kGoodPackets) {
    INFO(c.name);
    const Bytes& p = *c.bytes;
    const buf::PacketView view(p);
    // The representation CommonHeader::checksum and tshark use.
    CHECK(FieldOf(p) == c.tshark_checksum);
    CHECK(SctpChecksum(view) == c.tshark_checksum);
    // RFC 9260 Appendix A byte order: the CRC32c of the packet with a zero
    // field, low byte first.
    const Bytes zeroed = WithZeroChecksum(p);
    CHECK(LoadLe32(p.data() + kSctpChecksumOffset) == Crc32cTable(0, zeroed));
    CHECK(VerifySctpChecksum(view) == ChecksumVerdict::kGood);
    CHECK(VerifySctpChecksum(view, RxChecksumHint::kUnknown) ==
          ChecksumVerdict::kGood);
    // The field's previous contents do not matter.
    CHECK(SctpChecksum(buf::PacketView(zeroed)) == c.tshark_checksum);
  }
}

TEST_CASE("SctpChecksum: WriteSctpChecksum reproduces the captured bytes",
          "[fast]") {
  for (const Captured& c : kGoodPackets) {
    INFO(c.name);
    Bytes p = *c.bytes;
    StoreBe32(p.data() + kSctpChecksumOffset, 0xDEADBEEF);
    WriteSctpChecksum(p);
    CHECK(p == *c.bytes);
    StoreBe32(p.data() + kSctpChecksumOffset, 0);
    WriteSctpChecksum(p);
    CHECK(p == *c.bytes);
  }
}

TEST_CASE("SctpChecksum: multi-segment PacketView gives the same result",
          "[fast]") {
  const Bytes& p = kBigDataGood;
  const std::span<const uint8_t> all(p);
  const uint32_t want = 0x9b6df209;
  size_t mismatches = 0;
  // Two segments, cut everywhere: also inside the checksum field (cuts 9, 10
  // and 11) and right at its edges (8 and 12).
  for (size_t cut = 0; cut <= p.size(); ++cut) {
    buf::PacketView view;
    REQUIRE(view.AppendSegment(all.first(cut)));
    REQUIRE(view.AppendSegment(all.subspan(cut)));
    if (SctpChecksum(view) != want ||
        VerifySctpChecksum(view) != ChecksumVerdict::kGood) {
      ++mismatches;
      INFO("cut " << cut);
      CHECK(false);
    }
  }
  CHECK(mismatches == 0);

  // The field split over four one-byte segments, among eight in all.
  buf::PacketView eight;
  REQUIRE(eight.AppendSegment(all.first(8)));
  for (size_t i = 8; i < 12; ++i) {
    REQUIRE(eight.AppendSegment(all.subspan(i, 1)));
  }
  REQUIRE(eight.AppendSegment(all.subspan(12, 100)));
  REQUIRE(eight.AppendSegment(all.subspan(112, 1000)));
  REQUIRE(eight.AppendSegment(all.subspan(1112)));
  REQUIRE(eight.segment_count() == buf::PacketView::kMaxSegments);
  CHECK(SctpChecksum(eight) == want);
  CHECK(VerifySctpChecksum(eight) == ChecksumVerdict::kGood);
  CHECK(SctpAdler32Checksum(eight) == SctpAdler32Checksum(buf::PacketView(p)));

  // Random 3..8-way splits of every good capture.
  std::mt19937 rng(42);
  for (const Captured& c : kGoodPackets) {
    const std::span<const uint8_t> bytes(*c.bytes);
    for (int round = 0; round < 50; ++round) {
      const size_t parts = 3 + rng() % 6;
      std::vector<size_t> cuts;
      for (size_t i = 0; i + 1 < parts; ++i) {
        cuts.push_back(rng() % (bytes.size() + 1));
      }
      std::sort(cuts.begin(), cuts.end());
      cuts.push_back(bytes.size());
      buf::PacketView view;
      size_t prev = 0;
      for (size_t cut : cuts) {
        REQUIRE(view.AppendSegment(bytes.subspan(prev, cut - prev)));
        prev = cut;
      }
      INFO(c.name << " round " << round);
      CHECK(SctpChecksum(view) == c.tshark_checksum);
    }
  }
}

TEST_CASE("VerifySctpChecksum: a corrupted packet is bad", "[fast]") {
  // The corpus has no capture with a wrong non-zero CRC32c (MANIFEST.md
  // lists mm.pcap, which is not in the corpus), so corrupt a good one.
  for (const Captured& c : kGoodPackets) {
    INFO(c.name);
    const Bytes payload_flip = FlipLastBit(*c.bytes);
    CHECK(VerifySctpChecksum(buf::PacketView(payload_flip)) ==
          ChecksumVerdict::kBad);
    Bytes header_flip = *c.bytes;
    header_flip[4] ^= 0x80;  // Verification tag.
    CHECK(VerifySctpChecksum(buf::PacketView(header_flip)) ==
          ChecksumVerdict::kBad);
    Bytes field_flip = *c.bytes;
    field_flip[kSctpChecksumOffset + 3] ^= 0x10;
    CHECK(VerifySctpChecksum(buf::PacketView(field_flip)) ==
          ChecksumVerdict::kBad);
  }
}

TEST_CASE("VerifySctpChecksum: shorter than the common header is bad",
          "[fast]") {
  const Bytes eleven(kSackGood.begin(), kSackGood.begin() + 11);
  CHECK(VerifySctpChecksum(buf::PacketView(eleven)) == ChecksumVerdict::kBad);
  CHECK(VerifySctpChecksum(buf::PacketView()) == ChecksumVerdict::kBad);
  CHECK(VerifySctpChecksum(buf::PacketView(eleven), RxChecksumHint::kNicBad) ==
        ChecksumVerdict::kBad);
  // A bare common header (no chunk) still has a checksum to verify.
  Bytes twelve(kSackGood.begin(), kSackGood.begin() + 12);
  WriteSctpChecksum(twelve);
  CHECK(VerifySctpChecksum(buf::PacketView(twelve)) == ChecksumVerdict::kGood);
}

TEST_CASE("VerifySctpChecksum: FromCapture zero checksum is kZero", "[fast]") {
  const buf::PacketView view(kInitZeroChecksum);
  CHECK(FieldOf(kInitZeroChecksum) == 0u);
  // tshark: "incorrect, should be 0x16918672".
  CHECK(SctpChecksum(view) == 0x16918672u);
  CHECK(VerifySctpChecksum(view) == ChecksumVerdict::kZero);
  CHECK(VerifySctpChecksum(view, RxChecksumHint::kUnknown) ==
        ChecksumVerdict::kZero);
}

TEST_CASE("VerifySctpChecksum: a packet whose CRC32c is 0 is good", "[fast]") {
  // One packet in 2^32 has the CRC32c 0; a sender without RFC 9653 sends it
  // with a zero field, and it must not be mistaken for a zero checksum.
  Bytes p = WithZeroChecksum(kDataGood);
  ForceCrcToZero(p);
  CHECK(SctpChecksum(buf::PacketView(p)) == 0u);
  CHECK(VerifySctpChecksum(buf::PacketView(p)) == ChecksumVerdict::kGood);
}

TEST_CASE("VerifySctpChecksum: FromCapture legacy Adler-32", "[fast]") {
  struct AdlerCase {
    std::string_view name;
    const Bytes* bytes;
    uint32_t tshark_adler;
  };
  const AdlerCase cases[] = {
      {"sctp.cap#2 SACK", &kSackAdler, 0x2bf2024e},
      {"isup.pcap#1 DATA", &kDataAdler, 0xb0b01883},
  };
  for (const AdlerCase& c : cases) {
    INFO(c.name);
    const buf::PacketView view(*c.bytes);
    CHECK(FieldOf(*c.bytes) == c.tshark_adler);
    CHECK(SctpAdler32Checksum(view) == c.tshark_adler);
    CHECK(SctpChecksum(view) != c.tshark_adler);
    CHECK(VerifySctpChecksum(view) == ChecksumVerdict::kAdler32);
    // Corrupted, it matches neither.
    const Bytes bad = FlipLastBit(*c.bytes);
    CHECK(VerifySctpChecksum(buf::PacketView(bad)) == ChecksumVerdict::kBad);
  }
}

TEST_CASE("VerifySctpChecksum: the NIC's verdict is trusted", "[fast]") {
  const buf::PacketView good(kSackGood);
  const Bytes corrupted = FlipLastBit(kSackGood);
  const buf::PacketView bad(corrupted);
  const buf::PacketView zero(kInitZeroChecksum);
  const buf::PacketView adler(kSackAdler);

  SECTION("kNicGood is good without computing") {
    CHECK(VerifySctpChecksum(good, RxChecksumHint::kNicGood) ==
          ChecksumVerdict::kGood);
    CHECK(VerifySctpChecksum(bad, RxChecksumHint::kNicGood) ==
          ChecksumVerdict::kGood);
  }
  SECTION("kNicBad is bad without computing, unless the field is zero") {
    CHECK(VerifySctpChecksum(good, RxChecksumHint::kNicBad) ==
          ChecksumVerdict::kBad);
    CHECK(VerifySctpChecksum(bad, RxChecksumHint::kNicBad) ==
          ChecksumVerdict::kBad);
    CHECK(VerifySctpChecksum(adler, RxChecksumHint::kNicBad) ==
          ChecksumVerdict::kBad);
    CHECK(VerifySctpChecksum(zero, RxChecksumHint::kNicBad) ==
          ChecksumVerdict::kZero);
  }
  SECTION("kUnknown verifies in software") {
    CHECK(VerifySctpChecksum(good, RxChecksumHint::kUnknown) ==
          ChecksumVerdict::kGood);
    CHECK(VerifySctpChecksum(bad, RxChecksumHint::kUnknown) ==
          ChecksumVerdict::kBad);
    CHECK(VerifySctpChecksum(zero, RxChecksumHint::kUnknown) ==
          ChecksumVerdict::kZero);
    CHECK(VerifySctpChecksum(adler, RxChecksumHint::kUnknown) ==
          ChecksumVerdict::kAdler32);
  }
}

TEST_CASE("FinalizeSctpChecksum: every TX mode", "[fast]") {
  for (const Captured& c : kGoodPackets) {
    INFO(c.name);
    SECTION("kSoftware computes the CRC32c") {
      Bytes p = WithZeroChecksum(*c.bytes);
      FinalizeSctpChecksum(p, TxChecksumMode::kSoftware);
      CHECK(p == *c.bytes);
      CHECK(VerifySctpChecksum(buf::PacketView(p)) == ChecksumVerdict::kGood);
    }
    SECTION("kNicOffload leaves the field zero for the NIC") {
      Bytes p = *c.bytes;  // Field non-zero: it is cleared.
      FinalizeSctpChecksum(p, TxChecksumMode::kNicOffload);
      CHECK(p == WithZeroChecksum(*c.bytes));
    }
    SECTION("kZeroChecksum leaves the field zero (RFC 9653)") {
      Bytes p = *c.bytes;
      FinalizeSctpChecksum(p, TxChecksumMode::kZeroChecksum);
      CHECK(p == WithZeroChecksum(*c.bytes));
      CHECK(VerifySctpChecksum(buf::PacketView(p)) == ChecksumVerdict::kZero);
    }
  }
  SECTION("shorter than the common header: untouched in every mode") {
    for (TxChecksumMode mode :
         {TxChecksumMode::kSoftware, TxChecksumMode::kNicOffload,
          TxChecksumMode::kZeroChecksum}) {
      Bytes p(11, 0xAB);
      FinalizeSctpChecksum(p, mode);
      CHECK(p == Bytes(11, 0xAB));
    }
    Bytes p(11, 0xAB);
    WriteSctpChecksum(p);
    CHECK(p == Bytes(11, 0xAB));
  }
}

// Builds a SACK packet with plain stores and finalizes it right away, the
// pattern that GCC 12 -O3 once miscompiled (header stores sunk past an
// inlined CRC). noinline keeps the stores and the call in one function.
[[gnu::noinline]] void BuildAndFinalizeSack(std::span<uint8_t> out,
                                            uint16_t src, uint16_t dst,
                                            uint32_t vtag, uint32_t cum_tsn,
                                            uint32_t a_rwnd) {
  StoreBe16(out.data(), src);
  StoreBe16(out.data() + 2, dst);
  StoreBe32(out.data() + 4, vtag);
  StoreBe32(out.data() + 8, 0);
  out[12] = 3;  // SACK
  out[13] = 0;
  StoreBe16(out.data() + 14, 16);
  StoreBe32(out.data() + 16, cum_tsn);
  StoreBe32(out.data() + 20, a_rwnd);
  StoreBe32(out.data() + 24, 0);  // No gap blocks, no duplicate TSNs.
  FinalizeSctpChecksum(out, TxChecksumMode::kSoftware);
}

TEST_CASE("FinalizeSctpChecksum: covers stores made just before it",
          "[fast]") {
  // First the captured SACK, rebuilt field by field.
  std::array<uint8_t, 28> sack{};
  BuildAndFinalizeSack(sack, 48316, 6706, 0x5e34386a, 18398476, 57320);
  CHECK(Bytes(sack.begin(), sack.end()) == kSackGood);

  // Then many variants into the same buffer, each checked against the table
  // path on a copy.
  std::mt19937 rng(99);
  size_t mismatches = 0;
  for (int i = 0; i < 1000; ++i) {
    BuildAndFinalizeSack(sack, static_cast<uint16_t>(rng()),
                         static_cast<uint16_t>(rng()), rng(), rng(), rng());
    Bytes zeroed = WithZeroChecksum(Bytes(sack.begin(), sack.end()));
    if (LoadLe32(sack.data() + kSctpChecksumOffset) !=
            Crc32cTable(0, zeroed) ||
        VerifySctpChecksum(buf::PacketView(sack)) != ChecksumVerdict::kGood) {
      ++mismatches;
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("ChecksumVerdict: ToString of every enumerator", "[fast]") {
  CHECK(ToString(ChecksumVerdict::kGood) == "good");
  CHECK(ToString(ChecksumVerdict::kBad) == "bad");
  CHECK(ToString(ChecksumVerdict::kZero) == "zero");
  CHECK(ToString(ChecksumVerdict::kAdler32) == "adler32");
  CHECK(ToString(RxChecksumHint::kUnknown) == "unknown");
  CHECK(ToString(RxChecksumHint::kNicGood) == "nic-good");
  CHECK(ToString(RxChecksumHint::kNicBad) == "nic-bad");
  CHECK(ToString(TxChecksumMode::kSoftware) == "software");
  CHECK(ToString(TxChecksumMode::kNicOffload) == "nic-offload");
  CHECK(ToString(TxChecksumMode::kZeroChecksum) == "zero-checksum");
}

}  // namespace
}  // namespace dpsctp::crc
