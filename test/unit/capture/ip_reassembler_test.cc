#include "capture/ip_reassembler.h"

#include <catch2/catch.hpp>
#include <memory>
#include <vector>

#include "capture/frame_decoder.h"
#include "capture/pcap_reader.h"
#include "test/unit/capture/capture_builder.h"

namespace dpsctp::capture {
namespace {

using test::Bytes;

IpAddress V4(uint8_t last) {
  IpAddress a;
  a.version = 4;
  a.bytes = {10, 0, 0, last};
  return a;
}

IpFragment Fragment(const Bytes& payload, uint32_t offset, bool more,
                    uint32_t id = 1, uint8_t src = 1) {
  IpFragment f;
  f.source = V4(src);
  f.destination = V4(2);
  f.identification = id;
  f.protocol = 132;
  f.offset = offset;
  f.more_fragments = more;
  f.payload = payload;
  return f;
}

Bytes Sequence(size_t n, uint8_t start = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) {
    b[i] = static_cast<uint8_t>(start + i);
  }
  return b;
}

TEST_CASE("IpReassembler: two fragments in order", "[fast]") {
  auto r = std::make_unique<IpReassembler>();
  Bytes all = Sequence(20);
  Bytes a(all.begin(), all.begin() + 16);
  Bytes b(all.begin() + 16, all.end());
  CHECK_FALSE(r->Add(Fragment(a, 0, true)).has_value());
  CHECK(r->pending() == 1);
  auto d = r->Add(Fragment(b, 16, false));
  REQUIRE(d.has_value());
  CHECK(d->protocol == 132);
  CHECK(d->source == V4(1));
  CHECK(d->destination == V4(2));
  CHECK(Bytes(d->payload.begin(), d->payload.end()) == all);
  CHECK(r->pending() == 0);
}

TEST_CASE("IpReassembler: fragments out of order", "[fast]") {
  auto r = std::make_unique<IpReassembler>();
  Bytes all = Sequence(30);
  CHECK_FALSE(r->Add(Fragment(Bytes(all.begin() + 24, all.end()), 24, false)));
  CHECK_FALSE(r->Add(Fragment(Bytes(all.begin(), all.begin() + 8), 0, true)));
  auto d = r->Add(Fragment(Bytes(all.begin() + 8, all.begin() + 24), 8, true));
  REQUIRE(d.has_value());
  CHECK(Bytes(d->payload.begin(), d->payload.end()) == all);
}

TEST_CASE("IpReassembler: a hole keeps the datagram pending", "[fast]") {
  auto r = std::make_unique<IpReassembler>();
  CHECK_FALSE(r->Add(Fragment(Sequence(8), 0, true)));
  CHECK_FALSE(r->Add(Fragment(Sequence(8), 16, false)));
  CHECK(r->pending() == 1);
}

TEST_CASE("IpReassembler: overlapping fragments, later bytes win", "[fast]") {
  auto r = std::make_unique<IpReassembler>();
  CHECK_FALSE(r->Add(Fragment(Bytes(16, 0xAA), 0, true)));
  auto d = r->Add(Fragment(Bytes(12, 0xBB), 8, false));
  REQUIRE(d.has_value());
  REQUIRE(d->payload.size() == 20);
  CHECK(d->payload[7] == 0xAA);
  CHECK(d->payload[8] == 0xBB);
}

TEST_CASE("IpReassembler: datagrams are kept apart by key", "[fast]") {
  auto r = std::make_unique<IpReassembler>();
  CHECK_FALSE(r->Add(Fragment(Bytes(8, 1), 0, true, /*id=*/1)));
  CHECK_FALSE(r->Add(Fragment(Bytes(8, 2), 0, true, /*id=*/2)));
  CHECK_FALSE(r->Add(Fragment(Bytes(8, 3), 0, true, 1, /*src=*/9)));
  auto d = r->Add(Fragment(Bytes(4, 4), 8, false, /*id=*/2));
  REQUIRE(d.has_value());
  CHECK(d->payload[0] == 2);
  CHECK(d->payload[8] == 4);
  CHECK(r->pending() == 2);
}

TEST_CASE("IpReassembler: refuses truncated fragments", "[fast]") {
  auto r = std::make_unique<IpReassembler>();
  IpFragment f = Fragment(Sequence(8), 0, false);
  f.truncated = true;
  CHECK_FALSE(r->Add(f));
  CHECK(r->pending() == 0);
}

TEST_CASE("IpReassembler: refuses a non-last fragment not a multiple of 8",
          "[fast]") {
  auto r = std::make_unique<IpReassembler>();
  CHECK_FALSE(r->Add(Fragment(Sequence(7), 0, true)));
  CHECK(r->pending() == 0);
}

TEST_CASE("IpReassembler: refuses a datagram past 65535 bytes", "[fast]") {
  auto r = std::make_unique<IpReassembler>();
  CHECK_FALSE(r->Add(Fragment(Sequence(16), 65528, false)));
  CHECK_FALSE(r->Add(Fragment(Sequence(8), 70000, false)));
  CHECK(r->pending() == 0);
}

TEST_CASE("IpReassembler: a full table evicts the least recent", "[fast]") {
  auto r = std::make_unique<IpReassembler>();
  for (uint32_t id = 0; id <= IpReassembler::kSlots; ++id) {
    CHECK_FALSE(r->Add(Fragment(Bytes(8, 0), 0, true, id)));
  }
  CHECK(r->pending() == IpReassembler::kSlots);
  CHECK(r->evicted() == 1);
  // id 0 was dropped: its last fragment alone does not complete it.
  CHECK_FALSE(r->Add(Fragment(Bytes(8, 0), 8, false, 0)));
  // id 2 survived.
  CHECK(r->Add(Fragment(Bytes(8, 0), 8, false, 2)).has_value());
}

TEST_CASE("IpReassembler: FromCapture nonipsec_reg frames 32-33", "[fast]") {
  // tshark: frame 32 IPv4 id 0xb73d MF, 1424 bytes of SCTP; frame 33
  // offset 1424, 56 bytes: "[2 IPv4 Fragments (1480 bytes): #32(1424),
  // #33(56)]", SCTP 36412 -> 36412, vtag 0xe541be73, DATA TSN 813551811.
  Bytes file = test::ReadCorpusFile("open5gs-docs/nonipsec_reg.pcapng");
  // The corpus lies beside the repository (../shared); a missing file is a
  // failure, not a skip.
  REQUIRE_FALSE(file.empty());
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  auto r = std::make_unique<IpReassembler>();
  std::optional<IpReassembler::Datagram> datagram;
  uint64_t completed_at = 0;
  size_t fragments = 0;
  while (auto rec = reader->Next()) {
    auto d = DecodeFrame(rec->link_type, rec->data);
    REQUIRE(d.has_value());
    if (d->kind != FrameKind::kFragment ||
        d->fragment.protocol != kIpProtocolSctp) {
      continue;
    }
    ++fragments;
    if (auto done = r->Add(d->fragment)) {
      datagram = done;
      completed_at = rec->frame_number;
      break;
    }
  }
  CHECK(fragments == 2);
  REQUIRE(datagram.has_value());
  CHECK(completed_at == 33);
  CHECK(datagram->payload.size() == 1480);
  auto sctp = DecodeIpPayload(datagram->source, datagram->destination,
                              datagram->protocol, datagram->payload, false);
  REQUIRE(sctp.has_value());
  REQUIRE(sctp->kind == FrameKind::kSctp);
  CHECK(std::string(FormatAddress(sctp->sctp.source).view()) == "172.24.0.46");
  const auto& p = sctp->sctp.sctp;
  CHECK(((p[0] << 8) | p[1]) == 36412);
  CHECK(p[4] == 0xe5);
  CHECK(p[7] == 0x73);
  CHECK(p[12] == 0);  // DATA
}

TEST_CASE("DecodeIpPayload: nested fragment header after reassembly",
          "[fast]") {
  IpAddress s;
  s.version = 6;
  Bytes frag = test::Ipv6FragmentHeader(132, 8, true, 5);
  auto d = DecodeIpPayload(s, s, 44, frag, false);
  REQUIRE(d.has_value());
  CHECK(d->kind == FrameKind::kNotSctp);
}

}  // namespace
}  // namespace dpsctp::capture
