#include "capture/frame_decoder.h"

#include <catch2/catch.hpp>
#include <string>

#include "capture/pcap_reader.h"
#include "test/support/bytes.h"
#include "test/unit/capture/capture_builder.h"

namespace dpsctp::capture {
namespace {

using test::Bytes;
using test::Concat;

std::string Text(const IpAddress& a) {
  return std::string(FormatAddress(a).view());
}

DecodedFrame MustDecode(uint32_t link_type, const Bytes& frame) {
  auto r = DecodeFrame(link_type, frame);
  REQUIRE(r.has_value());
  return *r;
}

DecodeError MustFail(uint32_t link_type, const Bytes& frame) {
  auto r = DecodeFrame(link_type, frame);
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

// Checks that `d` is the test SCTP packet, IPv4 192.168.0.1 -> 10.0.0.2.
void CheckSctpV4(const DecodedFrame& d) {
  REQUIRE(d.kind == FrameKind::kSctp);
  CHECK(Text(d.sctp.source) == "192.168.0.1");
  CHECK(Text(d.sctp.destination) == "10.0.0.2");
  CHECK(d.sctp.sctp.size() == test::SctpPacket().size());
  CHECK(d.sctp.sctp[12] == 0x0B);
  CHECK_FALSE(d.sctp.truncated);
}

void CheckSctpV6(const DecodedFrame& d) {
  REQUIRE(d.kind == FrameKind::kSctp);
  CHECK(Text(d.sctp.source) == "2001:db8::1");
  CHECK(Text(d.sctp.destination) == "2001:db8::2");
  CHECK(d.sctp.sctp.size() == test::SctpPacket().size());
  CHECK_FALSE(d.sctp.truncated);
}

// ---------------------------------------------------------------- capture

TEST_CASE("DecodeFrame: FromCapture Ethernet IPv4 SCTP INIT", "[fast]") {
  // community-id-spec/sctp.pcap frame 1 (tshark):
  //   Ethernet II, Src 00:e0:18:b1:0c:ad, Dst 00:60:08:45:e4:55, IPv4
  //   IPv4, Src 192.168.170.8, Dst 192.168.170.56, Total Length 64
  //   SCTP, Src Port 7, Dst Port 7, Verification tag 0x00000000, INIT
  Bytes frame = test::Hex(
      "00 60 08 45 e4 55 00 e0 18 b1 0c ad 08 00 45 10"
      "00 40 00 00 40 00 40 84 64 98 c0 a8 aa 08 c0 a8"
      "aa 38 00 07 00 07 00 00 00 00 37 61 a7 46 01 00"
      "00 20 43 23 25 44 00 00 ff ff 00 11 00 11 5c fe"
      "37 9f c0 00 00 04 00 0c 00 06 00 05 00 00");
  DecodedFrame d = MustDecode(kLinkTypeEthernet, frame);
  REQUIRE(d.kind == FrameKind::kSctp);
  CHECK(Text(d.sctp.source) == "192.168.170.8");
  CHECK(Text(d.sctp.destination) == "192.168.170.56");
  REQUIRE(d.sctp.sctp.size() == 44);  // 64 - 20
  CHECK(d.sctp.sctp[1] == 7);         // source port 7
  CHECK(d.sctp.sctp[12] == 1);        // INIT
  CHECK_FALSE(d.sctp.truncated);
}

// ---------------------------------------------------------------- links

TEST_CASE("DecodeFrame: Ethernet trims padding beyond IP Total Length",
          "[fast]") {
  Bytes frame = test::Ethernet(0x0800, test::Ipv4(test::SctpPacket()));
  frame.resize(frame.size() + 10, 0xEE);  // trailer / padding
  DecodedFrame d = MustDecode(kLinkTypeEthernet, frame);
  CheckSctpV4(d);
  CHECK_FALSE(d.sctp.over_udp);
}

TEST_CASE("DecodeFrame: Ethernet with 802.1Q and 802.1ad tags", "[fast]") {
  Bytes ip = test::Ipv4(test::SctpPacket());
  Bytes one = test::Ethernet(0x8100, Concat({{0x00, 0x64, 0x08, 0x00}, ip}));
  CheckSctpV4(MustDecode(kLinkTypeEthernet, one));
  Bytes two = test::Ethernet(
      0x88A8, Concat({{0x00, 0x0A, 0x81, 0x00, 0x00, 0x64, 0x86, 0xDD},
                      test::Ipv6(test::SctpPacket())}));
  CheckSctpV6(MustDecode(kLinkTypeEthernet, two));
}

TEST_CASE("DecodeFrame: Ethernet with an MPLS label stack", "[fast]") {
  // Two labels, the second with the Bottom-of-Stack bit.
  Bytes frame = test::Ethernet(
      0x8847, Concat({{0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x01, 0x40},
                      test::Ipv4(test::SctpPacket())}));
  CheckSctpV4(MustDecode(kLinkTypeEthernet, frame));
}

TEST_CASE("DecodeFrame: Linux SLL and SLL2", "[fast]") {
  Bytes sll = Concat({{0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x08, 0x00},
                      test::Ipv4(test::SctpPacket())});
  CheckSctpV4(MustDecode(kLinkTypeLinuxSll, sll));
  Bytes sll2 = Concat(
      {{0x86, 0xDD, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0},
       test::Ipv6(test::SctpPacket())});
  CheckSctpV6(MustDecode(kLinkTypeLinuxSll2, sll2));
}

TEST_CASE("DecodeFrame: raw IP link types", "[fast]") {
  Bytes v4 = test::Ipv4(test::SctpPacket());
  Bytes v6 = test::Ipv6(test::SctpPacket());
  for (uint32_t lt : {kLinkTypeRaw, kLinkTypeRawAlt12, kLinkTypeRawAlt14}) {
    CheckSctpV4(MustDecode(lt, v4));
    CheckSctpV6(MustDecode(lt, v6));
  }
  CheckSctpV4(MustDecode(kLinkTypeIpv4, v4));
  CheckSctpV6(MustDecode(kLinkTypeIpv6, v6));
}

TEST_CASE("DecodeFrame: BSD null and loopback families", "[fast]") {
  Bytes v4 = test::Ipv4(test::SctpPacket());
  Bytes v6 = test::Ipv6(test::SctpPacket());
  // Null: host byte order, either.
  CheckSctpV4(MustDecode(kLinkTypeNull, Concat({{2, 0, 0, 0}, v4})));
  CheckSctpV4(MustDecode(kLinkTypeNull, Concat({{0, 0, 0, 2}, v4})));
  for (uint8_t af6 : {10, 24, 28, 30}) {
    CheckSctpV6(MustDecode(kLinkTypeNull, Concat({{af6, 0, 0, 0}, v6})));
  }
  // Loop: always big-endian.
  CheckSctpV4(MustDecode(kLinkTypeLoop, Concat({{0, 0, 0, 2}, v4})));
  CheckSctpV6(MustDecode(kLinkTypeLoop, Concat({{0, 0, 0, 30}, v6})));
  CHECK(MustDecode(kLinkTypeLoop, Concat({{2, 0, 0, 0}, v4})).kind ==
        FrameKind::kNotSctp);
}

// ---------------------------------------------------------------- IP

TEST_CASE("DecodeFrame: IPv4 options are skipped", "[fast]") {
  Bytes ip = test::Ipv4(test::SctpPacket(), 132, 0, 1, std::nullopt, 7);
  CheckSctpV4(MustDecode(kLinkTypeRaw, ip));
}

TEST_CASE("DecodeFrame: IPv4 Total Length 0 means the captured length",
          "[fast]") {
  Bytes ip = test::Ipv4(test::SctpPacket(), 132, 0, 1, 0);
  CheckSctpV4(MustDecode(kLinkTypeRaw, ip));
}

TEST_CASE("DecodeFrame: IPv6 extension headers are skipped", "[fast]") {
  // Hop-by-hop -> Routing -> atomic Fragment -> Destination options -> SCTP.
  Bytes chain = Concat({test::Ipv6Extension(43, 0), test::Ipv6Extension(44, 1),
                        test::Ipv6FragmentHeader(60, 0, false, 7),
                        test::Ipv6Extension(132, 0), test::SctpPacket()});
  CheckSctpV6(MustDecode(kLinkTypeRaw, test::Ipv6(chain, 0)));
}

TEST_CASE("DecodeFrame: IP Authentication Header is skipped", "[fast]") {
  // AH: next 132, payload length 4 -> (4 + 2) * 4 = 24 bytes.
  Bytes ah(24, 0);
  ah[0] = 132;
  ah[1] = 4;
  CheckSctpV4(MustDecode(kLinkTypeRaw,
                         test::Ipv4(Concat({ah, test::SctpPacket()}), 51)));
  CheckSctpV6(MustDecode(kLinkTypeRaw,
                         test::Ipv6(Concat({ah, test::SctpPacket()}), 51)));
}

TEST_CASE("DecodeFrame: IPv6 No Next Header is not SCTP", "[fast]") {
  CHECK(MustDecode(kLinkTypeRaw, test::Ipv6({}, 59)).kind ==
        FrameKind::kNotSctp);
}

TEST_CASE("DecodeFrame: IPv4 fragments are returned as fragments", "[fast]") {
  Bytes payload(16, 0xAB);
  // MF set, offset 0.
  DecodedFrame first =
      MustDecode(kLinkTypeRaw, test::Ipv4(payload, 132, 0x2000, 0xBEEF));
  REQUIRE(first.kind == FrameKind::kFragment);
  CHECK(first.fragment.identification == 0xBEEF);
  CHECK(first.fragment.protocol == 132);
  CHECK(first.fragment.offset == 0);
  CHECK(first.fragment.more_fragments);
  CHECK(first.fragment.payload.size() == 16);
  CHECK(Text(first.fragment.source) == "192.168.0.1");
  // Offset 3 units = 24 bytes, last fragment; DF alone is not a fragment.
  DecodedFrame last = MustDecode(kLinkTypeRaw, test::Ipv4(payload, 132, 3));
  REQUIRE(last.kind == FrameKind::kFragment);
  CHECK(last.fragment.offset == 24);
  CHECK_FALSE(last.fragment.more_fragments);
  CHECK(MustDecode(kLinkTypeRaw, test::Ipv4(test::SctpPacket(), 132, 0x4000))
            .kind == FrameKind::kSctp);
}

TEST_CASE("DecodeFrame: IPv6 fragments are returned as fragments", "[fast]") {
  Bytes frag = Concat(
      {test::Ipv6FragmentHeader(132, 1448, true, 0xDEADBEEF), Bytes(8, 1)});
  DecodedFrame d = MustDecode(kLinkTypeRaw, test::Ipv6(frag, 44));
  REQUIRE(d.kind == FrameKind::kFragment);
  CHECK(d.fragment.identification == 0xDEADBEEF);
  CHECK(d.fragment.protocol == 132);
  CHECK(d.fragment.offset == 1448);
  CHECK(d.fragment.more_fragments);
  CHECK(d.fragment.payload.size() == 8);
  CHECK(Text(d.fragment.destination) == "2001:db8::2");
}

TEST_CASE("DecodeFrame: snap-length truncation is flagged, not an error",
          "[fast]") {
  Bytes ip = test::Ipv4(test::SctpPacket());
  ip.resize(ip.size() - 3);
  DecodedFrame d = MustDecode(kLinkTypeRaw, ip);
  REQUIRE(d.kind == FrameKind::kSctp);
  CHECK(d.sctp.truncated);
  CHECK(d.sctp.sctp.size() == test::SctpPacket().size() - 3);
  Bytes ip6 = test::Ipv6(test::SctpPacket());
  ip6.resize(ip6.size() - 1);
  DecodedFrame d6 = MustDecode(kLinkTypeRaw, ip6);
  CHECK(d6.sctp.truncated);
}

TEST_CASE("DecodeFrame: other protocols are not SCTP", "[fast]") {
  CHECK(MustDecode(kLinkTypeEthernet, test::Ethernet(0x0806, Bytes(28, 0)))
            .kind == FrameKind::kNotSctp);  // ARP
  CHECK(MustDecode(kLinkTypeRaw, test::Ipv4(Bytes(20, 0), 6)).kind ==
        FrameKind::kNotSctp);  // TCP
  CHECK(
      MustDecode(kLinkTypeRaw, test::Ipv4(test::Udp(53, 1000, {}), 17)).kind ==
      FrameKind::kNotSctp);
  // UDP with a truncated header inside a truncated capture: not decodable.
  Bytes cut = test::Ipv4(test::Udp(9899, 9899, test::SctpPacket()), 17);
  cut.resize(20 + 4);
  CHECK(MustDecode(kLinkTypeRaw, cut).kind == FrameKind::kNotSctp);
}

// ---------------------------------------------------------------- UDP

TEST_CASE("DecodeFrame: SCTP over UDP port 9899 (RFC 6951)", "[fast]") {
  for (auto [sport, dport] : {std::pair<uint16_t, uint16_t>{9899, 40000},
                              std::pair<uint16_t, uint16_t>{40000, 9899}}) {
    Bytes ip = test::Ipv4(test::Udp(sport, dport, test::SctpPacket()), 17);
    DecodedFrame d = MustDecode(kLinkTypeRaw, ip);
    CheckSctpV4(d);
    CHECK(d.sctp.over_udp == true);
    CHECK(d.sctp.udp_source_port == sport);
    CHECK(d.sctp.udp_destination_port == dport);
  }
}

TEST_CASE("DecodeFrame: SCTP over UDP length longer than the datagram",
          "[fast]") {
  Bytes udp = test::Udp(9899, 9899, test::SctpPacket(), 200);
  DecodedFrame d = MustDecode(kLinkTypeRaw, test::Ipv4(udp, 17));
  REQUIRE(d.kind == FrameKind::kSctp);
  CHECK(d.sctp.truncated);
  CHECK(d.sctp.sctp.size() == test::SctpPacket().size());
}

// ---------------------------------------------------------------- rejects

TEST_CASE("DecodeFrame: rejects an unsupported link type", "[fast]") {
  CHECK(MustFail(147, Bytes(40, 0)) == DecodeError::kUnsupportedLinkType);
}

TEST_CASE("DecodeFrame: rejects truncated link headers", "[fast]") {
  CHECK(MustFail(kLinkTypeEthernet, Bytes(13, 0)) ==
        DecodeError::kTruncatedLinkHeader);
  CHECK(MustFail(kLinkTypeLinuxSll, Bytes(15, 0)) ==
        DecodeError::kTruncatedLinkHeader);
  CHECK(MustFail(kLinkTypeLinuxSll2, Bytes(19, 0)) ==
        DecodeError::kTruncatedLinkHeader);
  CHECK(MustFail(kLinkTypeNull, Bytes(3, 0)) ==
        DecodeError::kTruncatedLinkHeader);
  CHECK(MustFail(kLinkTypeLoop, Bytes(3, 0)) ==
        DecodeError::kTruncatedLinkHeader);
}

TEST_CASE("DecodeFrame: rejects a truncated VLAN tag", "[fast]") {
  CHECK(MustFail(kLinkTypeEthernet, test::Ethernet(0x8100, {0, 1, 8})) ==
        DecodeError::kTruncatedVlanTag);
}

TEST_CASE("DecodeFrame: rejects a truncated MPLS label stack", "[fast]") {
  // No Bottom-of-Stack bit before the end.
  CHECK(MustFail(kLinkTypeEthernet,
                 test::Ethernet(0x8847, {0, 1, 0, 64, 0, 2})) ==
        DecodeError::kTruncatedMplsLabel);
}

TEST_CASE("DecodeFrame: rejects a short IPv4 header", "[fast]") {
  Bytes ip = test::Ipv4(test::SctpPacket());
  ip.resize(19);
  CHECK(MustFail(kLinkTypeRaw, ip) == DecodeError::kTruncatedIpv4Header);
  CHECK(MustFail(kLinkTypeRaw, {}) == DecodeError::kTruncatedIpv4Header);
  // IHL 7 (28 bytes) but only 24 captured.
  Bytes opts = test::Ipv4({}, 132, 0, 1, std::nullopt, 7);
  opts.resize(24);
  CHECK(MustFail(kLinkTypeRaw, opts) == DecodeError::kTruncatedIpv4Header);
}

TEST_CASE("DecodeFrame: rejects an IHL below 5", "[fast]") {
  Bytes ip = test::Ipv4(test::SctpPacket());
  ip[0] = 0x44;
  CHECK(MustFail(kLinkTypeRaw, ip) == DecodeError::kBadIpv4HeaderLength);
}

TEST_CASE("DecodeFrame: rejects a Total Length below the header", "[fast]") {
  Bytes ip = test::Ipv4(test::SctpPacket(), 132, 0, 1, 19);
  CHECK(MustFail(kLinkTypeRaw, ip) == DecodeError::kBadIpv4TotalLength);
}

TEST_CASE("DecodeFrame: rejects a wrong IP version", "[fast]") {
  Bytes v6 = test::Ipv6(test::SctpPacket());
  Bytes v4 = test::Ipv4(test::SctpPacket());
  CHECK(MustFail(kLinkTypeIpv4, v6) == DecodeError::kBadIpVersion);
  CHECK(MustFail(kLinkTypeIpv6, v4) == DecodeError::kTruncatedIpv6Header);
  Bytes v4_padded = Concat({v4, Bytes(40, 0)});
  CHECK(MustFail(kLinkTypeIpv6, v4_padded) == DecodeError::kBadIpVersion);
  CHECK(MustFail(kLinkTypeEthernet, test::Ethernet(0x0800, v6)) ==
        DecodeError::kBadIpVersion);
  Bytes v5 = v4;
  v5[0] = 0x55;
  CHECK(MustFail(kLinkTypeRaw, v5) == DecodeError::kBadIpVersion);
}

TEST_CASE("DecodeFrame: rejects a short IPv6 header", "[fast]") {
  Bytes ip = test::Ipv6({});
  ip.resize(39);
  CHECK(MustFail(kLinkTypeRaw, ip) == DecodeError::kTruncatedIpv6Header);
}

TEST_CASE("DecodeFrame: rejects an IPv6 extension chain past the end",
          "[fast]") {
  // Hop-by-hop claims 16 bytes, 8 present.
  Bytes hbh = test::Ipv6Extension(132, 1);
  hbh.resize(8);
  CHECK(MustFail(kLinkTypeRaw, test::Ipv6(hbh, 0)) ==
        DecodeError::kExtensionHeaderPastEnd);
  // One byte of a Destination Options header.
  CHECK(MustFail(kLinkTypeRaw, test::Ipv6({132}, 60)) ==
        DecodeError::kExtensionHeaderPastEnd);
  // A Fragment header cut short.
  CHECK(MustFail(kLinkTypeRaw, test::Ipv6({132, 0, 0, 1}, 44)) ==
        DecodeError::kExtensionHeaderPastEnd);
  // An AH longer than what follows.
  CHECK(MustFail(kLinkTypeRaw, test::Ipv6({132, 4, 0, 0}, 51)) ==
        DecodeError::kExtensionHeaderPastEnd);
  CHECK(MustFail(kLinkTypeRaw, test::Ipv4({132}, 51)) ==
        DecodeError::kExtensionHeaderPastEnd);
}

TEST_CASE("DecodeFrame: rejects a truncated UDP header", "[fast]") {
  CHECK(MustFail(kLinkTypeRaw, test::Ipv4({0x26, 0xAB, 0x26}, 17)) ==
        DecodeError::kTruncatedUdpHeader);
}

TEST_CASE("DecodeFrame: rejects a UDP length below 8", "[fast]") {
  Bytes udp = test::Udp(9899, 1, test::SctpPacket(), 7);
  CHECK(MustFail(kLinkTypeRaw, test::Ipv4(udp, 17)) ==
        DecodeError::kBadUdpLength);
}

TEST_CASE("DecodeFrame: every prefix of a frame is safe", "[fast]") {
  Bytes full = test::Ethernet(
      0x8100,
      Concat({{0, 1, 0x86, 0xDD},
              test::Ipv6(Concat({test::Ipv6Extension(17, 0),
                                 test::Udp(9899, 9899, test::SctpPacket())}),
                         0)}));
  for (size_t n = 0; n <= full.size(); ++n) {
    Bytes prefix(full.begin(), full.begin() + static_cast<long>(n));
    auto r = DecodeFrame(kLinkTypeEthernet, prefix);
    if (r && r->kind == FrameKind::kSctp) {
      CHECK(r->sctp.sctp.data() + r->sctp.sctp.size() <=
            prefix.data() + prefix.size());
    }
  }
  CheckSctpV6(MustDecode(kLinkTypeEthernet, full));
}

// ---------------------------------------------------------------- text

TEST_CASE("FormatAddress: IPv4 and RFC 5952 IPv6", "[fast]") {
  IpAddress a;
  a.version = 4;
  a.bytes = {0, 0, 0, 0};
  CHECK(Text(a) == "0.0.0.0");
  a.bytes = {255, 255, 255, 255};
  CHECK(Text(a) == "255.255.255.255");
  a.bytes = {10, 4, 128, 21};
  CHECK(Text(a) == "10.4.128.21");

  auto v6 = [](std::initializer_list<uint16_t> groups) {
    IpAddress x;
    x.version = 6;
    size_t i = 0;
    for (uint16_t g : groups) {
      x.bytes[i++] = static_cast<uint8_t>(g >> 8);
      x.bytes[i++] = static_cast<uint8_t>(g);
    }
    return Text(x);
  };
  CHECK(v6({0, 0, 0, 0, 0, 0, 0, 0}) == "::");
  CHECK(v6({0, 0, 0, 0, 0, 0, 0, 1}) == "::1");
  CHECK(v6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}) == "2001:db8::1");
  CHECK(v6({0xfe80, 0, 0, 0, 0x1ff, 0xfe23, 0x4567, 0x890a}) ==
        "fe80::1ff:fe23:4567:890a");
  // A single zero group is not shortened (RFC 5952 §4.2.2).
  CHECK(v6({0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}) == "2001:db8:0:1:1:1:1:1");
  // Longest run wins; first on a tie (§4.2.3).
  CHECK(v6({0x2001, 0, 0, 1, 0, 0, 0, 1}) == "2001:0:0:1::1");
  CHECK(v6({0x2001, 0xdb8, 0, 0, 1, 0, 0, 1}) == "2001:db8::1:0:0:1");
  CHECK(v6({1, 0, 0, 0, 0, 0, 0, 0}) == "1::");
  CHECK(v6({0xABCD, 0xEF01, 0x2345, 0x6789, 0xABCD, 0xEF01, 0x2345, 0x6789}) ==
        "abcd:ef01:2345:6789:abcd:ef01:2345:6789");
  IpAddress none;
  CHECK(Text(none).empty());
}

TEST_CASE("DecodeFrame: error names", "[fast]") {
  CHECK(DecodeErrorName(DecodeError::kExtensionHeaderPastEnd) ==
        "extension_header_past_end");
  CHECK(DecodeErrorName(DecodeError::kBadIpv4HeaderLength) ==
        "bad_ipv4_header_length");
}

}  // namespace
}  // namespace dpsctp::capture
