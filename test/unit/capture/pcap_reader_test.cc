#include "capture/pcap_reader.h"

#include <catch2/catch.hpp>
#include <vector>

#include "test/unit/capture/capture_builder.h"

namespace dpsctp::capture {
namespace {

using test::Bytes;
using test::Concat;

// Reads every record; returns them and leaves the reader for error checks.
std::vector<CaptureRecord> ReadAll(CaptureReader& reader) {
  std::vector<CaptureRecord> out;
  while (auto r = reader.Next()) {
    out.push_back(*r);
  }
  return out;
}

CaptureError OpenError(const Bytes& file) {
  auto r = CaptureReader::Open(file);
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

// Opens, reads to the end, returns the error that stopped it.
CaptureError ReadError(const Bytes& file, size_t* records = nullptr) {
  auto r = CaptureReader::Open(file);
  REQUIRE(r.has_value());
  auto all = ReadAll(*r);
  if (records != nullptr) {
    *records = all.size();
  }
  return r->error();
}

// ---------------------------------------------------------------- corpus

TEST_CASE("CaptureReader: FromCapture pcap (community-id-spec/sctp.pcap)",
          "[fast]") {
  Bytes file = test::ReadCorpusFile("community-id-spec/sctp.pcap");
  // The corpus lies beside the repository (../shared); a missing file is a
  // failure, not a skip.
  REQUIRE_FALSE(file.empty());
  // capinfos: pcap, Ethernet, microseconds, 5 packets.
  // tshark frame 1: time_epoch 1500000110.000000000, len 78, cap_len 78,
  // 192.168.170.8 -> 192.168.170.56, SCTP INIT.
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  CHECK(reader->format() == CaptureFormat::kPcap);
  CHECK(reader->link_type() == kLinkTypeEthernet);
  auto records = ReadAll(*reader);
  CHECK(reader->error() == CaptureError::kNone);
  REQUIRE(records.size() == 5);
  CHECK(records[0].frame_number == 1);
  CHECK(records[0].link_type == kLinkTypeEthernet);
  CHECK(records[0].timestamp_ns == 1500000110ull * 1000000000ull);
  CHECK(records[0].original_length == 78);
  REQUIRE(records[0].data.size() == 78);
  CHECK(records[0].data[12] == 0x08);  // EtherType IPv4
  CHECK(records[0].data[13] == 0x00);
  CHECK(records[4].frame_number == 5);
}

TEST_CASE("CaptureReader: FromCapture pcapng (5greplay/ue_authetication)",
          "[fast]") {
  Bytes file = test::ReadCorpusFile("5greplay/ue_authetication.pcapng");
  // The corpus lies beside the repository (../shared); a missing file is a
  // failure, not a skip.
  REQUIRE_FALSE(file.empty());
  // capinfos: pcapng, Ethernet, nanoseconds, 13 packets.
  // tshark frame 1: time_epoch 1620034261.483150527, len 134.
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  CHECK(reader->format() == CaptureFormat::kPcapng);
  auto records = ReadAll(*reader);
  CHECK(reader->error() == CaptureError::kNone);
  REQUIRE(records.size() == 13);
  CHECK(records[0].link_type == kLinkTypeEthernet);
  CHECK(records[0].timestamp_ns == 1620034261483150527ull);
  CHECK(records[0].original_length == 134);
  CHECK(records[0].data.size() == 134);
  CHECK(records[12].frame_number == 13);
}

TEST_CASE("CaptureReader: FromCapture pcapng with SLL (nonipsec_reg)",
          "[fast]") {
  Bytes file = test::ReadCorpusFile("open5gs-docs/nonipsec_reg.pcapng");
  // The corpus lies beside the repository (../shared); a missing file is a
  // failure, not a skip.
  REQUIRE_FALSE(file.empty());
  // capinfos: Linux cooked-mode capture v1, nanoseconds, 873 packets.
  // tshark frame 33: time_epoch 1587110433.937921505, len 92.
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  auto records = ReadAll(*reader);
  CHECK(reader->error() == CaptureError::kNone);
  REQUIRE(records.size() == 873);
  CHECK(records[32].frame_number == 33);
  CHECK(records[32].link_type == kLinkTypeLinuxSll);
  CHECK(records[32].timestamp_ns == 1587110433937921505ull);
  CHECK(records[32].data.size() == 92);
}

// ---------------------------------------------------------------- pcap

TEST_CASE("CaptureReader: pcap little-endian microseconds", "[fast]") {
  Bytes file = Concat({test::PcapHeader(kLinkTypeRaw),
                       test::PcapRecord(10, 500, {1, 2, 3}),
                       test::PcapRecord(11, 0, {}, false, std::nullopt, 60)});
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  auto records = ReadAll(*reader);
  CHECK(reader->error() == CaptureError::kNone);
  REQUIRE(records.size() == 2);
  CHECK(records[0].timestamp_ns == 10'000'500'000ull);
  CHECK(records[0].link_type == kLinkTypeRaw);
  CHECK(records[0].data.size() == 3);
  CHECK(records[1].frame_number == 2);
  CHECK(records[1].data.empty());
  CHECK(records[1].original_length == 60);
}

TEST_CASE("CaptureReader: pcap big-endian nanoseconds", "[fast]") {
  Bytes file = Concat({test::PcapHeader(kLinkTypeEthernet, true, 0xA1B23C4D),
                       test::PcapRecord(1, 999999999, {0xAA, 0xBB}, true)});
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  CHECK(reader->link_type() == kLinkTypeEthernet);
  auto r = reader->Next();
  REQUIRE(r.has_value());
  CHECK(r->timestamp_ns == 1'999'999'999ull);
  REQUIRE(r->data.size() == 2);
  CHECK(r->data[0] == 0xAA);
  CHECK_FALSE(reader->Next().has_value());
  CHECK(reader->error() == CaptureError::kNone);
}

TEST_CASE("CaptureReader: pcap link type keeps the low 16 bits", "[fast]") {
  // draft-ietf-opsawg-pcap §4: the upper bits carry the FCS length.
  Bytes file = test::PcapHeader(0x10000000 | kLinkTypeEthernet);
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  CHECK(reader->link_type() == kLinkTypeEthernet);
}

TEST_CASE("CaptureReader: empty pcap has no records", "[fast]") {
  auto reader = CaptureReader::Open(test::PcapHeader(kLinkTypeEthernet));
  REQUIRE(reader.has_value());
  CHECK_FALSE(reader->Next().has_value());
  CHECK(reader->error() == CaptureError::kNone);
}

TEST_CASE("CaptureReader: rejects a file shorter than a magic", "[fast]") {
  CHECK(OpenError({}) == CaptureError::kTooShort);
  CHECK(OpenError({0xD4, 0xC3, 0xB2}) == CaptureError::kTooShort);
}

TEST_CASE("CaptureReader: rejects a bad magic", "[fast]") {
  Bytes file = test::PcapHeader(1, false, 0x12345678);
  CHECK(OpenError(file) == CaptureError::kBadMagic);
}

TEST_CASE("CaptureReader: rejects a truncated pcap file header", "[fast]") {
  Bytes file = test::PcapHeader(1);
  file.resize(23);
  CHECK(OpenError(file) == CaptureError::kTooShort);
}

TEST_CASE("CaptureReader: rejects pcap version other than 2", "[fast]") {
  Bytes file = test::PcapHeader(1, false, 0xA1B2C3D4, 3);
  CHECK(OpenError(file) == CaptureError::kUnsupportedVersion);
}

TEST_CASE("CaptureReader: truncated pcap record header", "[fast]") {
  Bytes file = Concat({test::PcapHeader(1), test::PcapRecord(1, 0, {1, 2})});
  file.resize(file.size() + 15, 0);  // 15 of 16 header bytes
  size_t records = 0;
  CHECK(ReadError(file, &records) == CaptureError::kTruncatedRecordHeader);
  CHECK(records == 1);
}

TEST_CASE("CaptureReader: pcap record length past the end", "[fast]") {
  Bytes file = Concat({test::PcapHeader(1), test::PcapRecord(1, 0, {1, 2})});
  file.pop_back();
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  CHECK_FALSE(reader->Next().has_value());
  CHECK(reader->error() == CaptureError::kRecordPastEnd);
  CHECK(reader->error_offset() == 24);
  // Stays failed.
  CHECK_FALSE(reader->Next().has_value());
}

TEST_CASE("CaptureReader: pcap huge record length does not wrap", "[fast]") {
  Bytes file = Concat(
      {test::PcapHeader(1), test::PcapRecord(1, 0, {1}, false, 0xFFFFFFFF)});
  CHECK(ReadError(file) == CaptureError::kRecordPastEnd);
}

// ---------------------------------------------------------------- pcapng

TEST_CASE("CaptureReader: pcapng EPB, SPB, OPB and skipped blocks", "[fast]") {
  for (bool be : {false, true}) {
    INFO("big endian " << be);
    Bytes file = Concat({
        test::Shb(be), test::Idb(kLinkTypeEthernet, be),  // microseconds
        test::Idb(kLinkTypeLinuxSll, be, 9),              // nanoseconds
        test::Block(4, {1, 2, 3, 4}, be),                 // NRB: skipped
        test::Epb(1, 1'500'000'000'123456789ull, {9, 8, 7}, be),
        test::Epb(0, 2'000'000ull, {1, 2, 3, 4, 5}, be),
        test::Spb({5, 6, 7}, 3, be), test::Opb(1, 42, {0xEE}, be),
        test::Block(5, Bytes(16, 0), be),  // ISB: skipped
    });
    auto reader = CaptureReader::Open(file);
    REQUIRE(reader.has_value());
    CHECK(reader->link_type() == 0);  // no IDB read yet
    auto records = ReadAll(*reader);
    CHECK(reader->error() == CaptureError::kNone);
    CHECK(reader->link_type() == kLinkTypeEthernet);
    REQUIRE(records.size() == 4);
    CHECK(records[0].frame_number == 1);
    CHECK(records[0].interface_id == 1);
    CHECK(records[0].link_type == kLinkTypeLinuxSll);
    CHECK(records[0].timestamp_ns == 1'500'000'000'123456789ull);
    CHECK(records[0].data.size() == 3);
    CHECK(records[1].link_type == kLinkTypeEthernet);
    CHECK(records[1].timestamp_ns == 2'000'000'000ull);  // 2e6 us
    CHECK(records[1].data.size() == 5);
    // SPB: interface 0, captured length from the block (padding excluded).
    CHECK(records[2].link_type == kLinkTypeEthernet);
    CHECK(records[2].data.size() == 3);
    CHECK(records[2].data[2] == 7);
    CHECK(records[2].original_length == 3);
    CHECK_FALSE(records[2].has_timestamp);
    CHECK(records[1].has_timestamp);
    CHECK(records[3].link_type == kLinkTypeLinuxSll);
    CHECK(records[3].timestamp_ns == 42);
    CHECK(records[3].frame_number == 4);
  }
}

TEST_CASE("CaptureReader: pcapng SPB cut by the snap length", "[fast]") {
  // Original length 100, 4 bytes held: captured length is 4.
  Bytes file =
      Concat({test::Shb(), test::Idb(1), test::Spb({1, 2, 3, 4}, 100)});
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  auto r = reader->Next();
  REQUIRE(r.has_value());
  CHECK(r->data.size() == 4);
  CHECK(r->original_length == 100);
}

TEST_CASE("CaptureReader: pcapng binary timestamp resolution", "[fast]") {
  // if_tsresol 0x8A: units of 2^-10 s; 1024 units = 1 s.
  Bytes file =
      Concat({test::Shb(), test::Idb(1, false, 0x8A), test::Epb(0, 1536, {1})});
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  auto r = reader->Next();
  REQUIRE(r.has_value());
  CHECK(r->timestamp_ns == 1'500'000'000ull);
}

TEST_CASE("CaptureReader: pcapng new section resets interfaces", "[fast]") {
  // Section 2 (big-endian) declares no interface: its EPB is refused.
  Bytes file =
      Concat({test::Shb(false), test::Idb(1, false),
              test::Epb(0, 0, {1}, false), test::Shb(true),
              test::Idb(kLinkTypeRaw, true), test::Epb(0, 0, {0x45}, true),
              test::Shb(false), test::Epb(0, 0, {1}, false)});
  size_t records = 0;
  CHECK(ReadError(file, &records) == CaptureError::kUnknownInterface);
  CHECK(records == 2);
}

TEST_CASE("CaptureReader: pcapng rejects a bad byte-order magic", "[fast]") {
  Bytes file = test::Shb();
  file[8] = 0x00;
  CHECK(OpenError(file) == CaptureError::kBadMagic);
  // In a later section it is a corrupt block.
  Bytes later = Concat({test::Shb(), file});
  CHECK(ReadError(later) == CaptureError::kBadByteOrderMagic);
}

TEST_CASE("CaptureReader: pcapng rejects a short file", "[fast]") {
  Bytes file = test::Shb();
  file.resize(11);
  CHECK(OpenError(file) == CaptureError::kTooShort);
}

TEST_CASE("CaptureReader: pcapng rejects SHB major version != 1", "[fast]") {
  CHECK(OpenError(test::Shb(false, 2)) == CaptureError::kUnsupportedVersion);
}

TEST_CASE("CaptureReader: pcapng rejects a short SHB", "[fast]") {
  Bytes body = {0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0};  // no section length
  CHECK(OpenError(test::Block(0x0A0D0D0A, body)) ==
        CaptureError::kBadBlockLength);
}

TEST_CASE("CaptureReader: pcapng truncated block header", "[fast]") {
  Bytes file = Concat({test::Shb(), test::Idb(1)});
  file.insert(file.end(), {6, 0, 0, 0, 32, 0, 0});  // 7 bytes
  CHECK(ReadError(file) == CaptureError::kTruncatedBlockHeader);
}

TEST_CASE("CaptureReader: pcapng block length below 12 or not 4-aligned",
          "[fast]") {
  CHECK(ReadError(Concat({test::Shb(), test::Block(6, {}, false, 8)})) ==
        CaptureError::kBadBlockLength);
  Bytes odd = Concat({test::Shb(), test::Block(6, Bytes(8, 0), false, 18)});
  CHECK(ReadError(odd) == CaptureError::kBadBlockLength);
}

TEST_CASE("CaptureReader: pcapng block length past the end", "[fast]") {
  Bytes file = Concat({test::Shb(), test::Idb(1), test::Epb(0, 0, {1, 2})});
  file.resize(file.size() - 4);
  CHECK(ReadError(file) == CaptureError::kBlockPastEnd);
  Bytes shb = test::Shb();
  shb.resize(shb.size() - 4);
  CHECK(OpenError(shb) == CaptureError::kBlockPastEnd);
}

TEST_CASE("CaptureReader: pcapng trailing length mismatch", "[fast]") {
  Bytes file = Concat({test::Shb(), test::Idb(1),
                       test::Block(6, Bytes(24, 0), false, std::nullopt, 40)});
  CHECK(ReadError(file) == CaptureError::kBlockLengthMismatch);
  Bytes shb = test::Shb();
  shb.back() ^= 0x04;  // trailing length of the SHB
  CHECK(OpenError(shb) == CaptureError::kBlockLengthMismatch);
}

TEST_CASE("CaptureReader: pcapng block bodies too short", "[fast]") {
  CHECK(ReadError(Concat({test::Shb(), test::Block(1, {1, 0, 0, 0})})) ==
        CaptureError::kBlockBodyTooShort);  // IDB
  CHECK(ReadError(Concat(
            {test::Shb(), test::Idb(1), test::Block(6, Bytes(16, 0))})) ==
        CaptureError::kBlockBodyTooShort);  // EPB
  CHECK(ReadError(Concat(
            {test::Shb(), test::Idb(1), test::Block(2, Bytes(16, 0))})) ==
        CaptureError::kBlockBodyTooShort);  // OPB
  CHECK(ReadError(Concat({test::Shb(), test::Idb(1), test::Block(3, {})})) ==
        CaptureError::kBlockBodyTooShort);  // SPB
}

TEST_CASE("CaptureReader: pcapng captured length past its block", "[fast]") {
  Bytes file = Concat(
      {test::Shb(), test::Idb(1), test::Epb(0, 0, {1, 2, 3, 4}, false, 9)});
  CHECK(ReadError(file) == CaptureError::kPacketPastBlock);
  Bytes huge = Concat({test::Shb(), test::Idb(1),
                       test::Epb(0, 0, {1, 2, 3, 4}, false, 0xFFFFFFF0)});
  CHECK(ReadError(huge) == CaptureError::kPacketPastBlock);
}

TEST_CASE("CaptureReader: pcapng packet for an undeclared interface",
          "[fast]") {
  CHECK(ReadError(Concat({test::Shb(), test::Epb(0, 0, {1})})) ==
        CaptureError::kUnknownInterface);
  CHECK(ReadError(Concat({test::Shb(), test::Idb(1), test::Opb(1, 0, {1})})) ==
        CaptureError::kUnknownInterface);
  CHECK(ReadError(Concat({test::Shb(), test::Spb({1}, 1)})) ==
        CaptureError::kUnknownInterface);
}

TEST_CASE("CaptureReader: pcapng too many interfaces", "[fast]") {
  Bytes file = test::Shb();
  for (size_t i = 0; i <= CaptureReader::kMaxInterfaces; ++i) {
    Bytes idb = test::Idb(1);
    file.insert(file.end(), idb.begin(), idb.end());
  }
  CHECK(ReadError(file) == CaptureError::kTooManyInterfaces);
}

TEST_CASE("CaptureReader: pcapng malformed IDB options are ignored", "[fast]") {
  // An option whose length runs past the block ends the option list.
  test::ByteSink body{false, {}};
  body.U16(kLinkTypeRaw).U16(0).U32(0).U16(9).U16(200).U32(0);
  Bytes file =
      Concat({test::Shb(), test::Block(1, body.out), test::Epb(0, 7, {0x45})});
  auto reader = CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  auto r = reader->Next();
  REQUIRE(r.has_value());
  CHECK(r->link_type == kLinkTypeRaw);
  CHECK(r->timestamp_ns == 7000);  // default microseconds
}

TEST_CASE("CaptureReader: every prefix of a valid file is safe", "[fast]") {
  // Truncation anywhere must end in an error or a clean end, never a read
  // past the buffer (run under ASan to see one).
  Bytes pcapng = Concat({test::Shb(), test::Idb(1, false, 9),
                         test::Epb(0, 1, {1, 2, 3, 4, 5}), test::Spb({1, 2}, 2),
                         test::Opb(0, 2, {3})});
  Bytes pcap = Concat({test::PcapHeader(1), test::PcapRecord(1, 2, {1, 2, 3}),
                       test::PcapRecord(3, 4, {4})});
  const std::pair<const Bytes*, size_t> files[] = {{&pcapng, 3}, {&pcap, 2}};
  for (const auto& [file, expected] : files) {
    for (size_t n = 0; n <= file->size(); ++n) {
      Bytes prefix(file->begin(), file->begin() + static_cast<long>(n));
      auto reader = CaptureReader::Open(prefix);
      if (!reader) {
        continue;
      }
      size_t count = 0;
      while (auto r = reader->Next()) {
        ++count;
        CHECK(r->data.data() >= prefix.data());
        CHECK(r->data.data() + r->data.size() <= prefix.data() + prefix.size());
      }
      if (n == file->size()) {
        CHECK(reader->error() == CaptureError::kNone);
        CHECK(count == expected);
      }
    }
  }
}

TEST_CASE("CaptureReader: error names", "[fast]") {
  CHECK(CaptureErrorName(CaptureError::kNone) == "none");
  CHECK(CaptureErrorName(CaptureError::kRecordPastEnd) == "record_past_end");
  CHECK(CaptureErrorName(CaptureError::kBlockLengthMismatch) ==
        "block_length_mismatch");
}

}  // namespace
}  // namespace dpsctp::capture
