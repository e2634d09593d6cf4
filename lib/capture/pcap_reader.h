// CaptureReader: iterates the packet records of a pcap or pcapng file that is
// already in memory. Offline tools (dpsctp-dump, tests) read the file; this
// class only parses bytes, so it does no I/O and allocates nothing.
//
// Formats:
//  - pcap: both byte orders, microsecond (0xA1B2C3D4) and nanosecond
//    (0xA1B23C4D) magic. One link type for the whole file.
//  - pcapng: Section Header (both byte orders, several sections), Interface
//    Description (per-interface link type and timestamp resolution),
//    Enhanced, Simple and obsolete Packet Blocks. Other blocks are skipped.
//
// Every length is checked against the bytes that remain. A truncated or
// corrupt file stops the iteration with an error (error(), error_offset());
// the records already returned stay valid. Frame numbers count every packet
// record from 1, as Wireshark numbers frames.
//
// Ownership: records are views into the caller's buffer, which must outlive
// the reader and the records.
#ifndef DPSCTP_CAPTURE_PCAP_READER_H_
#define DPSCTP_CAPTURE_PCAP_READER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/result.h"

namespace dpsctp::capture {

enum class CaptureFormat : uint8_t {
  kPcap,
  kPcapng,
};

enum class CaptureError : uint8_t {
  kNone = 0,
  kTooShort,               // shorter than the file header
  kBadMagic,               // neither a pcap magic nor a pcapng SHB
  kUnsupportedVersion,     // pcap major != 2, pcapng major != 1
  kTruncatedRecordHeader,  // a pcap record header cut by the end of file
  kRecordPastEnd,          // captured length runs past the end of file
  kTruncatedBlockHeader,   // fewer than 12 bytes left for a pcapng block
  kBadBlockLength,         // block length < minimum or not a multiple of 4
  kBlockPastEnd,           // block length runs past the end of file
  kBlockLengthMismatch,    // trailing block length differs from the leading
  kBadByteOrderMagic,      // SHB byte-order magic is not 0x1A2B3C4D
  kBlockBodyTooShort,      // block too short for its fixed fields
  kPacketPastBlock,        // captured length runs past the end of its block
  kUnknownInterface,       // packet refers to an undeclared interface
  kTooManyInterfaces,      // more IDBs in one section than kMaxInterfaces
};

std::string_view CaptureErrorName(CaptureError e) noexcept;

// Link-layer header types (tcpdump.org/linktypes.html) understood by
// frame_decoder.h. Other values are passed through unchanged.
inline constexpr uint32_t kLinkTypeNull = 0;  // BSD loopback
inline constexpr uint32_t kLinkTypeEthernet = 1;
inline constexpr uint32_t kLinkTypeRawAlt12 = 12;  // DLT_RAW on some BSDs
inline constexpr uint32_t kLinkTypeRawAlt14 = 14;  // DLT_RAW on OpenBSD
inline constexpr uint32_t kLinkTypeRaw = 101;
inline constexpr uint32_t kLinkTypeLoop = 108;  // OpenBSD loopback
inline constexpr uint32_t kLinkTypeLinuxSll = 113;
inline constexpr uint32_t kLinkTypeIpv4 = 228;
inline constexpr uint32_t kLinkTypeIpv6 = 229;
inline constexpr uint32_t kLinkTypeLinuxSll2 = 276;

struct CaptureRecord {
  uint64_t frame_number = 0;  // 1-based, every packet record counts
  uint32_t link_type = 0;
  uint32_t interface_id = 0;      // always 0 for pcap
  uint64_t timestamp_ns = 0;      // since the Unix epoch
  bool has_timestamp = true;      // false for a pcapng Simple Packet Block
  uint32_t original_length = 0;   // length on the wire
  std::span<const uint8_t> data;  // the captured bytes (may be fewer)
};

class CaptureReader {
 public:
  static constexpr size_t kMaxInterfaces = 64;

  // Recognizes the format from the first bytes and checks the file header.
  [[nodiscard]] static Result<CaptureReader, CaptureError> Open(
      std::span<const uint8_t> file) noexcept;

  // The next packet record, or nullopt at the end of the file or on error.
  std::optional<CaptureRecord> Next() noexcept;

  CaptureFormat format() const noexcept { return format_; }
  CaptureError error() const noexcept { return error_; }
  // Offset in the file of the record or block that failed.
  size_t error_offset() const noexcept { return error_offset_; }
  // pcap: the file's link type; pcapng: the first interface's (0 if none yet).
  uint32_t link_type() const noexcept;
  uint64_t frames_read() const noexcept { return frame_number_; }

 private:
  struct Interface {
    uint32_t link_type = 0;
    // Timestamp units: value * multiplier / divisor = nanoseconds.
    uint64_t ts_multiplier = 1000;  // default resolution: microseconds
    uint64_t ts_divisor = 1;
    int64_t ts_offset_s = 0;
  };

  CaptureReader(std::span<const uint8_t> file, CaptureFormat format) noexcept
      : file_(file), format_(format) {}

  std::optional<CaptureRecord> NextPcap() noexcept;
  std::optional<CaptureRecord> NextPcapng() noexcept;
  bool ParseSectionHeader(size_t offset) noexcept;
  bool ParseInterfaceDescription(std::span<const uint8_t> body) noexcept;
  std::optional<CaptureRecord> Fail(CaptureError e, size_t offset) noexcept;

  uint16_t Load16(const uint8_t* p) const noexcept;
  uint32_t Load32(const uint8_t* p) const noexcept;
  uint64_t Timestamp(const Interface& iface, uint64_t units) const noexcept;

  std::span<const uint8_t> file_;
  CaptureFormat format_;
  bool big_endian_ = false;  // byte order of the file or current section
  size_t offset_ = 0;
  uint64_t frame_number_ = 0;
  CaptureError error_ = CaptureError::kNone;
  size_t error_offset_ = 0;
  // pcap
  uint32_t pcap_link_type_ = 0;
  bool pcap_nanoseconds_ = false;
  // pcapng: the interfaces of the current section
  std::array<Interface, kMaxInterfaces> interfaces_{};
  size_t interface_count_ = 0;
};

}  // namespace dpsctp::capture

#endif  // DPSCTP_CAPTURE_PCAP_READER_H_
