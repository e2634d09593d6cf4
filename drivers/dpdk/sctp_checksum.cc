#include "drivers/dpdk/sctp_checksum.h"

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "common/byte_order.h"
#include "drivers/dpdk/mbuf_buf.h"

namespace dpsctp::dpdk {

namespace {

// Writes `bytes` at `offset` of the chain, across segments if need be.
// Precondition: the range lies inside the packet.
void WriteToChain(rte_mbuf* m, size_t offset,
                  std::span<const uint8_t> bytes) noexcept {
  size_t done = 0;
  for (rte_mbuf* seg = m; seg != nullptr && done < bytes.size();
       seg = seg->next) {
    if (offset >= seg->data_len) {
      offset -= seg->data_len;
      continue;
    }
    auto* p = rte_pktmbuf_mtod_offset(seg, uint8_t*, offset);
    while (offset < seg->data_len && done < bytes.size()) {
      *p++ = bytes[done++];
      ++offset;
    }
    offset = 0;
  }
}

}  // namespace

SctpChecksumOffload SctpChecksumOffloadFromCapabilities(
    uint64_t rx_offload_capa, uint64_t tx_offload_capa) noexcept {
  return SctpChecksumOffload{
      (rx_offload_capa & RTE_ETH_RX_OFFLOAD_SCTP_CKSUM) != 0,
      (tx_offload_capa & RTE_ETH_TX_OFFLOAD_SCTP_CKSUM) != 0};
}

OffloadBits SctpChecksumOffloadBits(SctpChecksumOffload enabled) noexcept {
  return OffloadBits{enabled.rx ? RTE_ETH_RX_OFFLOAD_SCTP_CKSUM : 0,
                     enabled.tx ? RTE_ETH_TX_OFFLOAD_SCTP_CKSUM : 0};
}

crc::TxChecksumMode SelectTxChecksumMode(SctpChecksumOffload enabled,
                                         bool zero_checksum_agreed) noexcept {
  if (enabled.tx) {
    return crc::TxChecksumMode::kNicOffload;
  }
  // RFC 9653 §5.2 lets the sender use zero only if the peer announced it
  // accepts zero checksums; the association decides, we only obey.
  if (zero_checksum_agreed) {
    return crc::TxChecksumMode::kZeroChecksum;
  }
  return crc::TxChecksumMode::kSoftware;
}

bool FinalizeTxSctpChecksum(rte_mbuf* m, crc::TxChecksumMode mode,
                            L3Family family) noexcept {
  const size_t sctp_offset = size_t{m->l2_len} + m->l3_len;
  const auto view = PacketViewFromMbuf(m, sctp_offset);
  if (!view.has_value() || view->size() < crc::kSctpCommonHeaderSize) {
    return false;
  }
  uint8_t field[crc::kSctpChecksumSize] = {0, 0, 0, 0};
  if (mode == crc::TxChecksumMode::kSoftware) {
    // SctpChecksum() takes the field as zero whatever it holds, so there is
    // no need to clear it first. The CommonHeader representation is the
    // field read big-endian.
    StoreBe32(field, crc::SctpChecksum(*view));
  }
  WriteToChain(m, sctp_offset + crc::kSctpChecksumOffset, field);
  if (mode == crc::TxChecksumMode::kNicOffload) {
    // rte_mbuf_core.h: "To use hardware L4 checksum offload, the user
    // needs to: fill l2_len and l3_len in mbuf; set the flags
    // RTE_MBUF_F_TX_TCP_CKSUM, RTE_MBUF_F_TX_SCTP_CKSUM or
    // RTE_MBUF_F_TX_UDP_CKSUM; set the flag RTE_MBUF_F_TX_IPV4 or
    // RTE_MBUF_F_TX_IPV6". Unlike TCP/UDP no pseudo-header sum is needed.
    m->ol_flags &= ~RTE_MBUF_F_TX_L4_MASK;
    m->ol_flags |= RTE_MBUF_F_TX_SCTP_CKSUM |
                   (family == L3Family::kIpv4 ? RTE_MBUF_F_TX_IPV4
                                              : RTE_MBUF_F_TX_IPV6);
  }
  return true;
}

crc::RxChecksumHint RxChecksumHintFromMbuf(
    const rte_mbuf* m, SctpChecksumOffload enabled) noexcept {
  if (!enabled.rx) {
    return crc::RxChecksumHint::kUnknown;
  }
  switch (m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) {
    case RTE_MBUF_F_RX_L4_CKSUM_GOOD:
      return crc::RxChecksumHint::kNicGood;
    case RTE_MBUF_F_RX_L4_CKSUM_BAD:
      return crc::RxChecksumHint::kNicBad;
    case RTE_MBUF_F_RX_L4_CKSUM_NONE:
      // rte_mbuf_core.h: "the L4 checksum is not correct in the packet
      // data, but the integrity of the L4 data is verified" (virtio from a
      // host that skipped it). The bytes are good; the field is not.
      return crc::RxChecksumHint::kNicGood;
    default:
      return crc::RxChecksumHint::kUnknown;  // UNKNOWN: not checked
  }
}

}  // namespace dpsctp::dpdk
