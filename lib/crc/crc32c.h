// CRC32c (Castagnoli) and the SCTP packet checksum (RFC 9260 §6.8 and
// Appendix A), with the hooks the DPDK driver needs for NIC offload.
//
// Three software implementations compute the same function:
//   - Crc32cTable: byte-at-a-time, 256-entry table built at compile time.
//     Portable; the baseline the others are benchmarked and tested against.
//   - Crc32cSse42: the SSE4.2 `crc32` instruction (8 bytes per step). Only
//     call it when HasSse42() is true; it is compiled for SSE4.2 through a
//     function target attribute, not a global -msse4.2, so the rest of the
//     library still runs on any x86-64.
//   - Crc32cIsal: ISA-L crc32_iscsi (PCLMULQDQ folding; ISA-L picks its best
//     kernel for the CPU at run time).
// Crc32c() picks one by length (ARCHITECTURE.md, "Data path" step 4).
//
// Running-value convention (all four functions): the value passed in and
// returned is the *finished* CRC32c (register pre-set to all ones and
// complemented at the end, as RFC 9260 Appendix A specifies). Start from 0;
// an empty input returns `crc` unchanged; segments chain:
//   Crc32c(Crc32c(0, a), b) == Crc32c(0, a ++ b).
// E.g. Crc32c(0, "123456789") == 0xE3069283 (the standard check value).
//
// Checksum-field representation: these functions return the CRC in the
// usual reflected form, whose least significant byte is the first one RFC
// 9260 Appendix A puts on the wire (as its sample code does; the unit test
// checks it against captures Wireshark verifies): the field holds the
// returned value in *little-endian* byte order.
// lib/wire/common_header.h reads the field as a big-endian number
// (CommonHeader::checksum, the number Wireshark displays). The SctpChecksum*
// functions below return that representation, so that
//   SctpChecksum(p) == CommonHeader::Parse(p)->checksum   for a good packet,
//   SctpChecksum(p) == byteswap(Crc32c(0, p with bytes 8..11 zeroed)).
//
// Thread safety: all functions are pure (the one-time CPU feature probe is a
// thread-safe function-local static). Nothing allocates; nothing throws.
#ifndef DPSCTP_CRC_CRC32C_H_
#define DPSCTP_CRC_CRC32C_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "buf/packet_view.h"

namespace dpsctp::crc {

// ---------------------------------------------------------------------------
// Raw CRC32c.

// Byte-at-a-time table lookup. Any CPU.
uint32_t Crc32cTable(uint32_t crc, std::span<const uint8_t> data) noexcept;

// True when the CPU has the SSE4.2 crc32 instruction. Probed once.
bool HasSse42() noexcept;

// SSE4.2 crc32 instruction. Precondition: HasSse42().
uint32_t Crc32cSse42(uint32_t crc, std::span<const uint8_t> data) noexcept;

// ISA-L crc32_iscsi. Any CPU (ISA-L dispatches internally).
uint32_t Crc32cIsal(uint32_t crc, std::span<const uint8_t> data) noexcept;

// Inputs of this many bytes and more go to ISA-L, shorter ones to SSE4.2:
// ISA-L's folding kernels win only once their setup is amortised.
inline constexpr size_t kCrc32cIsalThreshold = 256;

enum class Crc32cPath : uint8_t { kTable, kSse42, kIsal };

constexpr std::string_view ToString(Crc32cPath path) noexcept {
  switch (path) {
    case Crc32cPath::kTable:
      return "table";
    case Crc32cPath::kSse42:
      return "sse4.2";
    case Crc32cPath::kIsal:
      return "isa-l";
  }
  return "?";
}

// The path Crc32c() takes for `size` bytes on a CPU with or without SSE4.2.
// Without SSE4.2, short inputs fall back to ISA-L too (whose own fallback is
// a table kernel); the Table path is never chosen, it is the reference.
constexpr Crc32cPath SelectCrc32cPath(size_t size, bool has_sse42) noexcept {
  if (size < kCrc32cIsalThreshold && has_sse42) {
    return Crc32cPath::kSse42;
  }
  return Crc32cPath::kIsal;
}

// The dispatching CRC32c: the fastest path for this size on this CPU.
uint32_t Crc32c(uint32_t crc, std::span<const uint8_t> data) noexcept;

// CRC32c over every segment of `packet`, in order (no copy). Each segment
// is dispatched on its own size.
uint32_t Crc32c(uint32_t crc, const buf::PacketView& packet) noexcept;

// RFC 1950 Adler-32 (initial value 1, running value chains like Crc32c).
// Only for recognising legacy RFC 2960 checksums; never sent.
uint32_t Adler32(uint32_t adler, std::span<const uint8_t> data) noexcept;

// ---------------------------------------------------------------------------
// SCTP packet checksum. `packet` starts at the SCTP common header and ends
// at the last byte of the last chunk (the IP payload).

// Same values as wire::kCommonHeaderSize / wire::kChecksumOffset (crc sits
// below wire in the layering, so it cannot include common_header.h).
inline constexpr size_t kSctpCommonHeaderSize = 12;
inline constexpr size_t kSctpChecksumOffset = 8;
inline constexpr size_t kSctpChecksumSize = 4;

// RFC 9260 §6.8: the CRC32c over the whole packet with the checksum field
// taken as zero (the packet itself is not modified, nor copied; the field
// may straddle segments). Returned in CommonHeader::checksum representation
// (see the file comment). A packet shorter than the common header is
// checksummed as it is, with whatever part of bytes 8..11 it has taken as
// zero.
uint32_t SctpChecksum(const buf::PacketView& packet) noexcept;

// RFC 2960 Appendix B (legacy): Adler-32 over the packet with the checksum
// field taken as zero, in CommonHeader::checksum representation (RFC 2960
// stores it in network byte order).
uint32_t SctpAdler32Checksum(const buf::PacketView& packet) noexcept;

// Computes SctpChecksum over `packet` and stores it in bytes 8..11 (the
// CRC's low byte first, per RFC 9260 Appendix A). The previous contents of
// the field do not matter. Does nothing if `packet` is shorter than the
// common header (12 bytes).
void WriteSctpChecksum(std::span<uint8_t> packet) noexcept;

enum class ChecksumVerdict : uint8_t {
  kGood,     // CRC32c matches.
  kBad,      // Neither CRC32c nor Adler-32 matches (or no common header).
  kZero,     // Field is 0 and the CRC32c is not: "not verified". Either the
             // capture was taken before TX offload filled it in, or the peer
             // sends RFC 9653 zero checksums; accept only if agreed.
  kAdler32,  // Legacy RFC 2960 Adler-32 matches. RFC 9260 endpoints treat
             // this as bad; reported for capture tools and counters.
};

constexpr std::string_view ToString(ChecksumVerdict v) noexcept {
  switch (v) {
    case ChecksumVerdict::kGood:
      return "good";
    case ChecksumVerdict::kBad:
      return "bad";
    case ChecksumVerdict::kZero:
      return "zero";
    case ChecksumVerdict::kAdler32:
      return "adler32";
  }
  return "?";
}

// RFC 9260 §6.8 receive check in software. A zero field is checked too: a
// packet whose real CRC32c is 0 (one in 2^32) is kGood, not kZero. Adler-32
// is only computed when the CRC32c fails.
ChecksumVerdict VerifySctpChecksum(const buf::PacketView& packet) noexcept;

// What the NIC said about the packet's SCTP checksum (DPDK:
// RTE_MBUF_F_RX_L4_CKSUM_{GOOD,BAD,UNKNOWN}, mapped by drivers/dpdk).
enum class RxChecksumHint : uint8_t {
  kUnknown,  // Not checked by the NIC: verify in software.
  kNicGood,
  kNicBad,
};

constexpr std::string_view ToString(RxChecksumHint h) noexcept {
  switch (h) {
    case RxChecksumHint::kUnknown:
      return "unknown";
    case RxChecksumHint::kNicGood:
      return "nic-good";
    case RxChecksumHint::kNicBad:
      return "nic-bad";
  }
  return "?";
}

// Receive check that trusts the NIC. kNicGood gives kGood and kNicBad gives
// kBad without touching the payload, except that kNicBad with a zero field
// gives kZero (the NIC cannot know about RFC 9653), which reads only the 4
// field bytes. kUnknown verifies in software as above.
ChecksumVerdict VerifySctpChecksum(const buf::PacketView& packet,
                                   RxChecksumHint hint) noexcept;

// How an outgoing packet gets its checksum.
enum class TxChecksumMode : uint8_t {
  kSoftware,      // Compute it now.
  kNicOffload,    // The NIC fills it in; the driver sets the mbuf flag
                  // (RTE_MBUF_F_TX_SCTP_CKSUM). The field is left zero.
  kZeroChecksum,  // RFC 9653: the peer agreed to accept zero; left zero.
};

constexpr std::string_view ToString(TxChecksumMode m) noexcept {
  switch (m) {
    case TxChecksumMode::kSoftware:
      return "software";
    case TxChecksumMode::kNicOffload:
      return "nic-offload";
    case TxChecksumMode::kZeroChecksum:
      return "zero-checksum";
  }
  return "?";
}

// Finishes a built packet's checksum field according to `mode`: kSoftware
// is WriteSctpChecksum; the other two store zero in bytes 8..11. Does
// nothing if `packet` is shorter than the common header.
void FinalizeSctpChecksum(std::span<uint8_t> packet,
                          TxChecksumMode mode) noexcept;

}  // namespace dpsctp::crc

#endif  // DPSCTP_CRC_CRC32C_H_
