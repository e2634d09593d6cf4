// pcap: https://www.tcpdump.org/manpages/pcap-savefile.5.html and
// draft-ietf-opsawg-pcap. pcapng: draft-ietf-opsawg-pcapng.
//
// pcap file header (24 bytes) and record header (16 bytes), in the byte order
// given by the magic:
//   magic(4) version_major(2) version_minor(2) thiszone(4) sigfigs(4)
//   snaplen(4) linktype(4)
//   ts_sec(4) ts_usec_or_nsec(4) incl_len(4) orig_len(4) data(incl_len)
//
// pcapng general block: type(4) total_length(4) body total_length(4), where
// total_length counts the whole block and is a multiple of 4.
//   SHB (0x0A0D0D0A): byte_order_magic(4) major(2) minor(2) section_len(8) opts
//   IDB (1): linktype(2) reserved(2) snaplen(4) options
//   EPB (6): interface(4) ts_high(4) ts_low(4) caplen(4) origlen(4) data opts
//   SPB (3): origlen(4) data           (interface 0, caplen from block size)
//   OPB (2): interface(2) drops(2) ts_high(4) ts_low(4) caplen(4) origlen(4)
//            data opts                 (obsolete Packet Block)
#include "capture/pcap_reader.h"

#include "common/byte_order.h"

namespace dpsctp::capture {
namespace {

__extension__ typedef unsigned __int128 Uint128;

constexpr uint32_t kPcapMagicMicro = 0xA1B2C3D4;
constexpr uint32_t kPcapMagicNano = 0xA1B23C4D;
constexpr size_t kPcapFileHeaderSize = 24;
constexpr size_t kPcapRecordHeaderSize = 16;

constexpr uint32_t kBlockSectionHeader = 0x0A0D0D0A;
constexpr uint32_t kBlockInterfaceDescription = 1;
constexpr uint32_t kBlockObsoletePacket = 2;
constexpr uint32_t kBlockSimplePacket = 3;
constexpr uint32_t kBlockEnhancedPacket = 6;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr size_t kBlockOverhead = 12;  // type, length, trailing length

constexpr uint16_t kOptEndOfOpt = 0;
constexpr uint16_t kOptIfTsresol = 9;
constexpr uint16_t kOptIfTsoffset = 14;

uint32_t Swap32(uint32_t v) noexcept { return __builtin_bswap32(v); }

uint32_t LoadLe32Raw(const uint8_t* p) noexcept { return LoadLe32(p); }

}  // namespace

std::string_view CaptureErrorName(CaptureError e) noexcept {
  switch (e) {
    case CaptureError::kNone: return "none";
    case CaptureError::kTooShort: return "too_short";
    case CaptureError::kBadMagic: return "bad_magic";
    case CaptureError::kUnsupportedVersion: return "unsupported_version";
    case CaptureError::kTruncatedRecordHeader: return "truncated_record_header";
    case CaptureError::kRecordPastEnd: return "record_past_end";
    case CaptureError::kTruncatedBlockHeader: return "truncated_block_header";
    case CaptureError::kBadBlockLength: return "bad_block_length";
    case CaptureError::kBlockPastEnd: return "block_past_end";
    case CaptureError::kBlockLengthMismatch: return "block_length_mismatch";
    case CaptureError::kBadByteOrderMagic: return "bad_byte_order_magic";
    case CaptureError::kBlockBodyTooShort: return "block_body_too_short";
    case CaptureError::kPacketPastBlock: return "packet_past_block";
    case CaptureError::kUnknownInterface: return "unknown_interface";
    case CaptureError::kTooManyInterfaces: return "too_many_interfaces";
  }
  return "unknown";
}

Result<CaptureReader, CaptureError> CaptureReader::Open(
    std::span<const uint8_t> file) noexcept {
  if (file.size() < 4) {
    return MakeUnexpected(CaptureError::kTooShort);
  }
  const uint32_t magic = LoadLe32Raw(file.data());
  if (magic == kBlockSectionHeader) {
    CaptureReader r(file, CaptureFormat::kPcapng);
    if (!r.ParseSectionHeader(0)) {
      return MakeUnexpected(r.error_);
    }
    return r;
  }
  CaptureReader r(file, CaptureFormat::kPcap);
  if (magic == kPcapMagicMicro || magic == kPcapMagicNano) {
    r.big_endian_ = false;
  } else if (Swap32(magic) == kPcapMagicMicro ||
             Swap32(magic) == kPcapMagicNano) {
    r.big_endian_ = true;
  } else {
    return MakeUnexpected(CaptureError::kBadMagic);
  }
  if (file.size() < kPcapFileHeaderSize) {
    return MakeUnexpected(CaptureError::kTooShort);
  }
  r.pcap_nanoseconds_ = r.Load32(file.data()) == kPcapMagicNano;
  if (r.Load16(file.data() + 4) != 2) {
    return MakeUnexpected(CaptureError::kUnsupportedVersion);
  }
  // The upper bits of the link type field carry FCS information
  // (draft-ietf-opsawg-pcap §4): the link type is the low 16 bits.
  r.pcap_link_type_ = r.Load32(file.data() + 20) & 0xFFFF;
  r.offset_ = kPcapFileHeaderSize;
  return r;
}

uint32_t CaptureReader::link_type() const noexcept {
  if (format_ == CaptureFormat::kPcap) {
    return pcap_link_type_;
  }
  return interface_count_ > 0 ? interfaces_[0].link_type : 0;
}

uint16_t CaptureReader::Load16(const uint8_t* p) const noexcept {
  return big_endian_ ? LoadBe16(p)
                     : static_cast<uint16_t>(p[0] | (uint16_t{p[1]} << 8));
}

uint32_t CaptureReader::Load32(const uint8_t* p) const noexcept {
  return big_endian_ ? LoadBe32(p) : LoadLe32Raw(p);
}

uint64_t CaptureReader::Timestamp(const Interface& iface,
                                  uint64_t units) const noexcept {
  Uint128 ns = Uint128{units} * iface.ts_multiplier / iface.ts_divisor;
  // Unsigned arithmetic: a hostile offset wraps instead of overflowing.
  const uint64_t offset_ns =
      static_cast<uint64_t>(iface.ts_offset_s) * uint64_t{1000000000};
  return static_cast<uint64_t>(ns) + offset_ns;
}

std::optional<CaptureRecord> CaptureReader::Fail(CaptureError e,
                                                 size_t offset) noexcept {
  error_ = e;
  error_offset_ = offset;
  return std::nullopt;
}

std::optional<CaptureRecord> CaptureReader::Next() noexcept {
  if (error_ != CaptureError::kNone) {
    return std::nullopt;
  }
  return format_ == CaptureFormat::kPcap ? NextPcap() : NextPcapng();
}

std::optional<CaptureRecord> CaptureReader::NextPcap() noexcept {
  if (offset_ == file_.size()) {
    return std::nullopt;
  }
  const size_t left = file_.size() - offset_;
  if (left < kPcapRecordHeaderSize) {
    return Fail(CaptureError::kTruncatedRecordHeader, offset_);
  }
  const uint8_t* h = file_.data() + offset_;
  const uint32_t ts_sec = Load32(h);
  const uint32_t ts_frac = Load32(h + 4);
  const uint32_t incl_len = Load32(h + 8);
  const uint32_t orig_len = Load32(h + 12);
  if (incl_len > left - kPcapRecordHeaderSize) {
    return Fail(CaptureError::kRecordPastEnd, offset_);
  }
  CaptureRecord r;
  r.frame_number = ++frame_number_;
  r.link_type = pcap_link_type_;
  r.timestamp_ns =
      uint64_t{ts_sec} * 1000000000 +
      (pcap_nanoseconds_ ? uint64_t{ts_frac} : uint64_t{ts_frac} * 1000);
  r.original_length = orig_len;
  r.data = file_.subspan(offset_ + kPcapRecordHeaderSize, incl_len);
  offset_ += kPcapRecordHeaderSize + incl_len;
  return r;
}

// Reads the SHB at `offset`: sets the section's byte order, forgets the
// previous section's interfaces, and moves past the block.
bool CaptureReader::ParseSectionHeader(size_t offset) noexcept {
  const size_t left = file_.size() - offset;
  // Type, length and the byte-order magic are needed to read the length.
  if (left < kBlockOverhead) {
    Fail(offset == 0 ? CaptureError::kTooShort
                     : CaptureError::kTruncatedBlockHeader,
         offset);
    return false;
  }
  const uint8_t* b = file_.data() + offset;
  const uint32_t bom = LoadLe32Raw(b + 8);
  if (bom == kByteOrderMagic) {
    big_endian_ = false;
  } else if (Swap32(bom) == kByteOrderMagic) {
    big_endian_ = true;
  } else {
    Fail(offset == 0 ? CaptureError::kBadMagic
                     : CaptureError::kBadByteOrderMagic,
         offset);
    return false;
  }
  const uint32_t length = Load32(b + 4);
  // SHB fixed part: 12 (type, length, trailing length) + 16.
  if (length < kBlockOverhead + 16 || length % 4 != 0) {
    Fail(CaptureError::kBadBlockLength, offset);
    return false;
  }
  if (length > left) {
    Fail(CaptureError::kBlockPastEnd, offset);
    return false;
  }
  if (Load32(b + length - 4) != length) {
    Fail(CaptureError::kBlockLengthMismatch, offset);
    return false;
  }
  if (Load16(b + 12) != 1) {
    Fail(CaptureError::kUnsupportedVersion, offset);
    return false;
  }
  interface_count_ = 0;
  offset_ = offset + length;
  return true;
}

bool CaptureReader::ParseInterfaceDescription(
    std::span<const uint8_t> body) noexcept {
  if (body.size() < 8) {
    return false;  // caller reports kBlockBodyTooShort
  }
  Interface iface;
  iface.link_type = Load16(body.data());
  // Options: code(2) length(2) value, padded to 4. A malformed option list
  // ends the options; the interface itself is still usable (Wireshark does
  // the same for unknown or cut options).
  size_t at = 8;
  while (at + 4 <= body.size()) {
    const uint16_t code = Load16(body.data() + at);
    const uint16_t len = Load16(body.data() + at + 2);
    if (code == kOptEndOfOpt || len > body.size() - at - 4) {
      break;
    }
    const uint8_t* v = body.data() + at + 4;
    if (code == kOptIfTsresol && len >= 1) {
      const uint8_t res = v[0];
      const uint8_t exp = res & 0x7F;
      if ((res & 0x80) == 0) {
        // Units of 10^-exp seconds.
        if (exp <= 9) {
          uint64_t m = 1;
          for (int i = exp; i < 9; ++i) {
            m *= 10;
          }
          iface.ts_multiplier = m;
          iface.ts_divisor = 1;
        } else if (exp <= 19) {
          uint64_t d = 1;
          for (int i = 9; i < exp; ++i) {
            d *= 10;
          }
          iface.ts_multiplier = 1;
          iface.ts_divisor = d;
        }
      } else if (exp <= 63) {
        // Units of 2^-exp seconds.
        iface.ts_multiplier = 1000000000;
        iface.ts_divisor = uint64_t{1} << exp;
      }
    } else if (code == kOptIfTsoffset && len >= 8) {
      const uint64_t hi = Load32(v);
      const uint64_t lo = Load32(v + 4);
      iface.ts_offset_s =
          static_cast<int64_t>(big_endian_ ? (hi << 32 | lo) : (lo << 32 | hi));
    }
    at += 4 + ((len + 3u) & ~3u);
  }
  if (interface_count_ == kMaxInterfaces) {
    return false;
  }
  interfaces_[interface_count_++] = iface;
  return true;
}

std::optional<CaptureRecord> CaptureReader::NextPcapng() noexcept {
  while (offset_ != file_.size()) {
    const size_t left = file_.size() - offset_;
    if (left < kBlockOverhead) {
      return Fail(CaptureError::kTruncatedBlockHeader, offset_);
    }
    const uint8_t* b = file_.data() + offset_;
    // 0x0A0D0D0A reads the same in both byte orders.
    if (LoadLe32Raw(b) == kBlockSectionHeader) {
      if (!ParseSectionHeader(offset_)) {
        return std::nullopt;
      }
      continue;
    }
    const uint32_t type = Load32(b);
    const uint32_t length = Load32(b + 4);
    if (length < kBlockOverhead || length % 4 != 0) {
      return Fail(CaptureError::kBadBlockLength, offset_);
    }
    if (length > left) {
      return Fail(CaptureError::kBlockPastEnd, offset_);
    }
    if (Load32(b + length - 4) != length) {
      return Fail(CaptureError::kBlockLengthMismatch, offset_);
    }
    const size_t block_offset = offset_;
    const std::span<const uint8_t> body =
        file_.subspan(offset_ + 8, length - kBlockOverhead);
    offset_ += length;

    if (type == kBlockInterfaceDescription) {
      if (body.size() < 8) {
        return Fail(CaptureError::kBlockBodyTooShort, block_offset);
      }
      if (!ParseInterfaceDescription(body)) {
        return Fail(CaptureError::kTooManyInterfaces, block_offset);
      }
      continue;
    }

    uint32_t interface_id = 0;
    uint64_t ts_units = 0;
    uint32_t caplen = 0;
    uint32_t origlen = 0;
    size_t data_offset = 0;
    if (type == kBlockEnhancedPacket) {
      if (body.size() < 20) {
        return Fail(CaptureError::kBlockBodyTooShort, block_offset);
      }
      interface_id = Load32(body.data());
      ts_units =
          uint64_t{Load32(body.data() + 4)} << 32 | Load32(body.data() + 8);
      caplen = Load32(body.data() + 12);
      origlen = Load32(body.data() + 16);
      data_offset = 20;
    } else if (type == kBlockObsoletePacket) {
      if (body.size() < 20) {
        return Fail(CaptureError::kBlockBodyTooShort, block_offset);
      }
      interface_id = Load16(body.data());
      ts_units =
          uint64_t{Load32(body.data() + 4)} << 32 | Load32(body.data() + 8);
      caplen = Load32(body.data() + 12);
      origlen = Load32(body.data() + 16);
      data_offset = 20;
    } else if (type == kBlockSimplePacket) {
      if (body.size() < 4) {
        return Fail(CaptureError::kBlockBodyTooShort, block_offset);
      }
      origlen = Load32(body.data());
      data_offset = 4;
      // The captured length is the smaller of the original length and what
      // the block holds (the data is padded to 4 bytes).
      const size_t room = body.size() - 4;
      caplen = origlen < room ? origlen : static_cast<uint32_t>(room);
    } else {
      continue;  // other blocks (NRB, ISB, DSB, custom...) are skipped
    }
    if (interface_id >= interface_count_) {
      return Fail(CaptureError::kUnknownInterface, block_offset);
    }
    if (caplen > body.size() - data_offset) {
      return Fail(CaptureError::kPacketPastBlock, block_offset);
    }
    const Interface& iface = interfaces_[interface_id];
    CaptureRecord r;
    r.frame_number = ++frame_number_;
    r.link_type = iface.link_type;
    r.interface_id = interface_id;
    r.has_timestamp = type != kBlockSimplePacket;
    r.timestamp_ns = r.has_timestamp ? Timestamp(iface, ts_units) : 0;
    r.original_length = origlen;
    r.data = body.subspan(data_offset, caplen);
    return r;
  }
  return std::nullopt;
}

}  // namespace dpsctp::capture
