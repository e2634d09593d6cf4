// The SCTP checksum on DPDK ports: the per-packet half of checksum offload.
//
// Whether a port *can* offload is probed once (port.h:
// ProbeSctpChecksumOffload); whether it *does* is what ConfigurePort()
// enabled. Per packet:
//   RX: RxChecksumHintFromMbuf() turns the NIC's RTE_MBUF_F_RX_L4_CKSUM_*
//       flags into a crc::RxChecksumHint for crc::VerifySctpChecksum(), but
//       only on a port where RX offload was enabled (elsewhere the flags mean
//       nothing for SCTP).
//   TX: SelectTxChecksumMode() picks software or NIC, and
//       FinalizeTxSctpChecksum() either computes the CRC32c over the mbuf
//       chain or sets RTE_MBUF_F_TX_SCTP_CKSUM and leaves the field zero.
// No software NIC here offers SCTP checksum offload, so the offload branch
// is tested by faking the capability bits (test/dpdk).
#ifndef DPSCTP_DRIVERS_DPDK_SCTP_CHECKSUM_H_
#define DPSCTP_DRIVERS_DPDK_SCTP_CHECKSUM_H_

#include <cstdint>

#include "crc/crc32c.h"
#include "drivers/dpdk/l2l3.h"

struct rte_mbuf;

namespace dpsctp::dpdk {

// SCTP checksum offload of one port, per direction: offered by the device
// (probe) or enabled in its configuration, depending on where it comes from.
struct SctpChecksumOffload {
  bool rx = false;
  bool tx = false;
  friend bool operator==(const SctpChecksumOffload&,
                         const SctpChecksumOffload&) = default;
};

// Reads RTE_ETH_RX_OFFLOAD_SCTP_CKSUM / RTE_ETH_TX_OFFLOAD_SCTP_CKSUM out of
// rte_eth_dev_info's rx_offload_capa / tx_offload_capa (or a fake).
SctpChecksumOffload SctpChecksumOffloadFromCapabilities(
    uint64_t rx_offload_capa, uint64_t tx_offload_capa) noexcept;

// The RTE_ETH_{RX,TX}_OFFLOAD_SCTP_CKSUM bits to request in rte_eth_conf.
struct OffloadBits {
  uint64_t rx = 0;
  uint64_t tx = 0;
};
OffloadBits SctpChecksumOffloadBits(SctpChecksumOffload enabled) noexcept;

// kNicOffload when TX offload is enabled on the port; else kZeroChecksum if
// the peer agreed to RFC 9653 zero checksums; else kSoftware.
crc::TxChecksumMode SelectTxChecksumMode(
    SctpChecksumOffload enabled, bool zero_checksum_agreed = false) noexcept;

// Finishes the checksum of the outgoing frame `m`: Ethernet + IP + SCTP with
// m->l2_len and m->l3_len set (PrependEthernetIpv4/6 set them), so the SCTP
// packet starts at l2_len + l3_len and runs to the end of the chain.
//   kSoftware:     CRC32c over the SCTP packet (all segments), stored.
//   kNicOffload:   field zeroed; ol_flags gets RTE_MBUF_F_TX_SCTP_CKSUM and
//                  RTE_MBUF_F_TX_IPV4 or _IPV6, as the DPDK TX offload
//                  contract requires; the NIC computes the CRC.
//   kZeroChecksum: field zeroed (RFC 9653).
// Returns false, leaving `m` unchanged, when the frame is shorter than the
// headers or spans more than PacketView::kMaxSegments segments.
bool FinalizeTxSctpChecksum(rte_mbuf* m, crc::TxChecksumMode mode,
                            L3Family family) noexcept;

// The NIC's verdict on a received packet's L4 checksum, trusted only when
// RX SCTP checksum offload is enabled on the port it came from.
crc::RxChecksumHint RxChecksumHintFromMbuf(const rte_mbuf* m,
                                           SctpChecksumOffload enabled) noexcept;

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_SCTP_CHECKSUM_H_
