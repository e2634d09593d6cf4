// CRC32c and the SCTP checksum.
//
// RFC 9260 §6.8 (CRC32c Checksum Calculation):
//   "After the packet is constructed (containing the SCTP common header and
//   one or more control or DATA chunks), the transmitter MUST:
//   1. fill in the proper Verification Tag in the SCTP common header and
//   initialize the checksum field to 0,
//   2. calculate the CRC32c checksum of the whole packet, including the SCTP
//   common header and all the chunks [...], and
//   3. put the resultant value into the checksum field in the common header
//   and leave the rest of the bits unchanged."
//
// RFC 9260 Appendix A: polynomial 0x1EDC6F41 (reflected 0x82F63B78),
// register initialised to all ones, result complemented.
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Source Port Number       |    Destination Port Number    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                       Verification Tag                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           Checksum                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "crc/crc32c.h"

#include <isa-l/crc.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>

#include "common/byte_order.h"

#if defined(__x86_64__) || defined(__i386__)
#include <nmmintrin.h>
#define DPSCTP_CRC_HAVE_X86 1
#else
#define DPSCTP_CRC_HAVE_X86 0
#endif

namespace dpsctp::crc {
namespace {

// RFC 9260 Appendix A: CRC32C_POLY 0x1EDC6F41, bit-reversed for the
// LSB-first ("reflected") formulation.
constexpr uint32_t kPolyReflected = 0x82F63B78u;

constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t r = i;
    for (int bit = 0; bit < 8; ++bit) {
      r = (r & 1u) != 0 ? (r >> 1) ^ kPolyReflected : r >> 1;
    }
    table[i] = r;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kTable = MakeTable();

// Raw register update (no pre/post complement).
constexpr uint32_t TableUpdate(uint32_t reg, const uint8_t* p,
                               size_t n) noexcept {
  for (size_t i = 0; i < n; ++i) {
    reg = (reg >> 8) ^ kTable[(reg ^ p[i]) & 0xFFu];
  }
  return reg;
}

constexpr uint32_t TableCrcOfCheckString() {
  constexpr uint8_t kCheck[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  return ~TableUpdate(~0u, kCheck, sizeof(kCheck));
}

static_assert(kTable[0x80] == kPolyReflected);
// The standard CRC-32C check value.
static_assert(TableCrcOfCheckString() == 0xE3069283u);

// Walks `packet` segment by segment, handing `fn` contiguous spans, with the
// 4 bytes at kSctpChecksumOffset replaced by zeros (wherever they fall,
// including across a segment boundary). Nothing is copied.
template <typename Fn>
void ForEachPieceWithZeroChecksum(const buf::PacketView& packet, Fn&& fn) {
  static constexpr std::array<uint8_t, kSctpChecksumSize> kZeros{};
  constexpr size_t kFieldBegin = kSctpChecksumOffset;
  constexpr size_t kFieldEnd = kSctpChecksumOffset + kSctpChecksumSize;
  size_t begin = 0;
  for (size_t i = 0; i < packet.segment_count(); ++i) {
    const std::span<const uint8_t> seg = packet.segment(i);
    const size_t end = begin + seg.size();
    if (end <= kFieldBegin || begin >= kFieldEnd) {
      fn(seg);
    } else {
      const size_t zero_begin = std::max(begin, kFieldBegin);
      const size_t zero_end = std::min(end, kFieldEnd);
      if (zero_begin > begin) {
        fn(seg.first(zero_begin - begin));
      }
      fn(std::span<const uint8_t>(kZeros).first(zero_end - zero_begin));
      if (end > zero_end) {
        fn(seg.subspan(zero_end - begin));
      }
    }
    begin = end;
  }
}

// A compiler barrier: no memory access is moved across it. See its uses.
inline void CompilerBarrier() noexcept { asm volatile("" ::: "memory"); }

}  // namespace

uint32_t Crc32cTable(uint32_t crc, std::span<const uint8_t> data) noexcept {
  return ~TableUpdate(~crc, data.data(), data.size());
}

bool HasSse42() noexcept {
#if DPSCTP_CRC_HAVE_X86
  static const bool has_sse42 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2") != 0;
  }();
  return has_sse42;
#else
  return false;
#endif
}

#if DPSCTP_CRC_HAVE_X86
// Compiled for SSE4.2 through the attribute only; callers check HasSse42().
// Loads go through memcpy (any alignment, no aliasing games): unaligned
// 8-byte loads cost nothing extra on the CPUs that have this instruction.
__attribute__((target("sse4.2"))) uint32_t Crc32cSse42(
    uint32_t crc, std::span<const uint8_t> data) noexcept {
  const uint8_t* p = data.data();
  size_t n = data.size();
  uint64_t reg = static_cast<uint32_t>(~crc);
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, sizeof(v));
    reg = _mm_crc32_u64(reg, v);
    p += 8;
    n -= 8;
  }
  uint32_t reg32 = static_cast<uint32_t>(reg);
  if (n >= 4) {
    uint32_t v;
    std::memcpy(&v, p, sizeof(v));
    reg32 = _mm_crc32_u32(reg32, v);
    p += 4;
    n -= 4;
  }
  while (n > 0) {
    reg32 = _mm_crc32_u8(reg32, *p);
    ++p;
    --n;
  }
  return ~reg32;
}
#else
uint32_t Crc32cSse42(uint32_t crc, std::span<const uint8_t> data) noexcept {
  // Not reachable through Crc32c() (HasSse42() is false); stays correct.
  return Crc32cTable(crc, data);
}
#endif

uint32_t Crc32cIsal(uint32_t crc, std::span<const uint8_t> data) noexcept {
  // crc32_iscsi works on the raw register: it neither pre-sets nor
  // complements (crc32_iscsi(buf, len, 0xFFFFFFFF) is the complement of the
  // finished CRC), so complement on both sides. Its length is an int.
  constexpr size_t kMaxPiece = size_t{1} << 30;
  uint32_t reg = ~crc;
  const uint8_t* p = data.data();
  size_t n = data.size();
  while (n > 0) {
    const size_t piece = std::min(n, kMaxPiece);
    // ISA-L takes a non-const pointer but only reads the buffer.
    reg = crc32_iscsi(const_cast<unsigned char*>(p), static_cast<int>(piece),
                      reg);
    p += piece;
    n -= piece;
  }
  return ~reg;
}

uint32_t Crc32c(uint32_t crc, std::span<const uint8_t> data) noexcept {
  switch (SelectCrc32cPath(data.size(), HasSse42())) {
    case Crc32cPath::kSse42:
      return Crc32cSse42(crc, data);
    case Crc32cPath::kIsal:
      return Crc32cIsal(crc, data);
    case Crc32cPath::kTable:
      break;
  }
  return Crc32cTable(crc, data);
}

uint32_t Crc32c(uint32_t crc, const buf::PacketView& packet) noexcept {
  for (size_t i = 0; i < packet.segment_count(); ++i) {
    crc = Crc32c(crc, packet.segment(i));
  }
  return crc;
}

uint32_t Adler32(uint32_t adler, std::span<const uint8_t> data) noexcept {
  // RFC 1950 §9: sums modulo 65521. 5552 is the largest block for which
  // the 32-bit sums cannot overflow before the reduction.
  constexpr uint32_t kBase = 65521;
  constexpr size_t kBlock = 5552;
  uint32_t a = adler & 0xFFFFu;
  uint32_t b = adler >> 16;
  const uint8_t* p = data.data();
  size_t n = data.size();
  while (n > 0) {
    size_t block = std::min(n, kBlock);
    n -= block;
    while (block-- > 0) {
      a += *p++;
      b += a;
    }
    a %= kBase;
    b %= kBase;
  }
  return (b << 16) | a;
}

#if DPSCTP_CRC_HAVE_X86
namespace {
// CRC32c of the 12-byte common header with its checksum field taken as
// zero: two instructions, where the general path makes three dispatched
// calls (a third of the time of a 64-byte packet).
__attribute__((target("sse4.2"))) uint32_t SctpHeaderCrcSse42(
    const uint8_t* header) noexcept {
  uint64_t ports_and_tag;
  std::memcpy(&ports_and_tag, header, sizeof(ports_and_tag));
  uint32_t crc = static_cast<uint32_t>(_mm_crc32_u64(0xffffffffu, ports_and_tag));
  crc = _mm_crc32_u32(crc, 0);
  return ~crc;
}
}  // namespace
#endif

uint32_t SctpChecksum(const buf::PacketView& packet) noexcept {
#if DPSCTP_CRC_HAVE_X86
  if (packet.is_contiguous() && packet.size() >= kSctpCommonHeaderSize &&
      HasSse42()) {
    std::span<const uint8_t> bytes = packet.segment(0);
    uint32_t crc = SctpHeaderCrcSse42(bytes.data());
    crc = Crc32c(crc, bytes.subspan(kSctpCommonHeaderSize));
    return __builtin_bswap32(crc);
  }
#endif
  uint32_t crc = 0;
  ForEachPieceWithZeroChecksum(
      packet, [&crc](std::span<const uint8_t> piece) {
        crc = Crc32c(crc, piece);
      });
  // The field holds the CRC little-endian; CommonHeader reads it big-endian.
  return __builtin_bswap32(crc);
}

uint32_t SctpAdler32Checksum(const buf::PacketView& packet) noexcept {
  // RFC 2960 Appendix B: Adler-32 with the checksum field zeroed, stored in
  // network byte order, which is CommonHeader's representation already.
  uint32_t adler = 1;
  ForEachPieceWithZeroChecksum(
      packet, [&adler](std::span<const uint8_t> piece) {
        adler = Adler32(adler, piece);
      });
  return adler;
}

void WriteSctpChecksum(std::span<uint8_t> packet) noexcept {
  if (packet.size() < kSctpCommonHeaderSize) {
    return;
  }
  // Known trap (ARCHITECTURE.md, "Data path" step 4): GCC 12 at -O3 moved
  // the packet builder's header stores past an inlined CRC computation
  // (rte_hash_crc) and put wrong checksums on the wire. Once this function
  // is inlined (LTO, or a future header-only fast path) the same could
  // happen here, so make every earlier store to the packet complete before
  // the CRC reads it.
  CompilerBarrier();
  const uint32_t checksum =
      SctpChecksum(buf::PacketView(std::span<const uint8_t>(packet)));
  StoreBe32(packet.data() + kSctpChecksumOffset, checksum);
}

ChecksumVerdict VerifySctpChecksum(const buf::PacketView& packet) noexcept {
  uint8_t scratch[kSctpChecksumSize];
  const uint8_t* field =
      packet.Read(kSctpChecksumOffset, kSctpChecksumSize, scratch);
  if (field == nullptr) {
    return ChecksumVerdict::kBad;  // Shorter than the common header.
  }
  const uint32_t received = LoadBe32(field);
  // RFC 9260 §6.8: "Verify that the calculated CRC32c checksum is the same
  // as the received CRC32c checksum. If it is not, the receiver MUST treat
  // the packet as an invalid SCTP packet." Computed even when the field is
  // zero: one packet in 2^32 really has the CRC32c 0, and a sender without
  // RFC 9653 sends it as such.
  if (SctpChecksum(packet) == received) {
    return ChecksumVerdict::kGood;
  }
  if (received == 0) {
    return ChecksumVerdict::kZero;
  }
  if (SctpAdler32Checksum(packet) == received) {
    return ChecksumVerdict::kAdler32;
  }
  return ChecksumVerdict::kBad;
}

ChecksumVerdict VerifySctpChecksum(const buf::PacketView& packet,
                                   RxChecksumHint hint) noexcept {
  switch (hint) {
    case RxChecksumHint::kNicGood:
      return ChecksumVerdict::kGood;
    case RxChecksumHint::kNicBad: {
      // The NIC only knows CRC32c. A zero field may be an RFC 9653 packet
      // that the association accepts, so report it as such.
      uint8_t scratch[kSctpChecksumSize];
      const uint8_t* field =
          packet.Read(kSctpChecksumOffset, kSctpChecksumSize, scratch);
      if (field != nullptr && LoadBe32(field) == 0) {
        return ChecksumVerdict::kZero;
      }
      return ChecksumVerdict::kBad;
    }
    case RxChecksumHint::kUnknown:
      break;
  }
  return VerifySctpChecksum(packet);
}

void FinalizeSctpChecksum(std::span<uint8_t> packet,
                          TxChecksumMode mode) noexcept {
  if (packet.size() < kSctpCommonHeaderSize) {
    return;
  }
  switch (mode) {
    case TxChecksumMode::kSoftware:
      // WriteSctpChecksum puts the compiler barrier before the CRC.
      WriteSctpChecksum(packet);
      return;
    case TxChecksumMode::kNicOffload:
      // The NIC computes the CRC32c over the packet as it is sent, with
      // this field as zero.
    case TxChecksumMode::kZeroChecksum:
      // RFC 9653: the sender puts 0 in the checksum field when the peer
      // announced it accepts zero checksums with the agreed alternate
      // error detection method.
      StoreBe32(packet.data() + kSctpChecksumOffset, 0);
      return;
  }
}

}  // namespace dpsctp::crc
