// Ethdev ports: configuration, start/stop, and the SCTP checksum offload
// probe; RingPortPair, two ports joined back to back for tests and
// benchmarks.
//
// Thread affinity: control path only (the main lcore, before the poll loops
// start or after they stop). Nothing here runs per packet.
#ifndef DPSCTP_DRIVERS_DPDK_PORT_H_
#define DPSCTP_DRIVERS_DPDK_PORT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "drivers/dpdk/error.h"
#include "drivers/dpdk/sctp_checksum.h"

struct rte_mempool;
struct rte_ring;

namespace dpsctp::dpdk {

// What the device offers (rte_eth_dev_info_get); the bits it does not offer
// are false. On every software NIC here both are false.
[[nodiscard]] Result<SctpChecksumOffload, DpdkError> ProbeSctpChecksumOffload(
    uint16_t port_id);

struct PortOptions {
  uint16_t rx_queues = 1;
  uint16_t tx_queues = 1;
  uint16_t rx_descriptors = 1024;
  uint16_t tx_descriptors = 1024;
  // Enable SCTP checksum offload in each direction where the device offers
  // it; where it does not, the software CRC path is used.
  bool sctp_checksum_offload = true;
  // With several RX queues: RSS over IPv4/IPv6 SCTP (addresses and ports)
  // where the device can hash it, else over IP addresses, else none (one
  // queue receives everything and workers hand packets over).
  bool rss = true;
  // IP MTU to set on the device (0: leave the device's). A device that
  // refuses it fails the configuration.
  uint16_t mtu = 0;
  // Promiscuous mode stays off: frames for other MACs are not ours.
  bool promiscuous = false;
};

// What ConfigurePort() found and did, for the log and telemetry.
struct PortReport {
  std::string driver;             // e.g. "net_ring", "net_ixgbe"
  std::array<uint8_t, 6> mac{};
  SctpChecksumOffload offered{};  // device capabilities
  SctpChecksumOffload enabled{};
  uint64_t rss_hash_functions = 0;  // RTE_ETH_RSS_* in use (0: no RSS)
  bool rss_sctp = false;            // the hash covers SCTP ports
  uint16_t mtu = 0;
  uint16_t max_rx_queues = 0;
  uint16_t max_tx_queues = 0;

  // "net_ring mac 02:00:00:00:00:01 mtu 1500 sctp-cksum rx off/off tx ..."
  std::string ToString() const;
};

struct LinkStatus {
  bool up = false;
  uint32_t speed_mbps = 0;
  bool full_duplex = false;
  std::string ToString() const;  // "up 10000 Mbps full-duplex" / "down"
};

// Current link state, without waiting for autonegotiation.
LinkStatus GetLinkStatus(uint16_t port_id) noexcept;

// Probes a device named by PCI address or vdev devargs ("0000:01:00.0",
// "net_af_packet0,iface=veth0", "net_tap0,iface=dtap0") and returns its
// port id; an already probed device's port is found by name.
[[nodiscard]] Result<uint16_t, DpdkError> AttachPort(std::string_view devargs);

// The ethdev ports that exist now (probed by the EAL or attached), in
// port id order.
std::vector<uint16_t> EthPorts();

// Like ConfigurePort() and fills `report`.
[[nodiscard]] Result<SctpChecksumOffload, DpdkError> ConfigurePortReport(
    uint16_t port_id, rte_mempool* rx_pool, const PortOptions& options,
    PortReport& report);

// rte_eth_dev_configure + queue setup (RX queues take mbufs from `rx_pool`).
// Returns the SCTP checksum offloads it enabled: `offered` (normally the
// probe's answer) masked by options.sctp_checksum_offload.
[[nodiscard]] Result<SctpChecksumOffload, DpdkError> ConfigurePort(
    uint16_t port_id, rte_mempool* rx_pool, SctpChecksumOffload offered,
    const PortOptions& options = {});

// Two net_ring ethdev ports made with rte_eth_from_rings(), crossed: what
// port(0) transmits, port(1) receives, and the other way round. Each
// direction is one single-producer/single-consumer rte_ring; a full ring
// makes tx_burst return short (the caller frees the rest).
//
// Owns both ports and both rings. The destructor stops and closes the ports,
// frees every mbuf still sitting in the rings (so pools are whole again),
// then frees the rings. Destroy it before the Eal.
class RingPortPair {
 public:
  // `name` must be unique in the process; the ports are "<name>_0" and
  // "<name>_1". `ring_size` is a power of two.
  // With `queues` > 1, each port has that many RX and TX queues and TX queue
  // q of one port feeds RX queue q of the other (no RSS: the sender picks).
  [[nodiscard]] static Result<RingPortPair, DpdkError> Create(
      std::string_view name, unsigned ring_size = 1024, uint16_t queues = 1);

  RingPortPair(RingPortPair&& other) noexcept;
  RingPortPair& operator=(RingPortPair&&) = delete;
  RingPortPair(const RingPortPair&) = delete;
  RingPortPair& operator=(const RingPortPair&) = delete;
  ~RingPortPair();

  // Probes and configures both ports (see ConfigurePort).
  [[nodiscard]] Status Configure(rte_mempool* rx_pool,
                                 const PortOptions& options = {});
  [[nodiscard]] Status Start();
  void Stop() noexcept;

  uint16_t port(size_t i) const noexcept { return ports_[i]; }
  uint16_t queues() const noexcept { return queues_; }
  // The offloads Configure() enabled on port(i).
  SctpChecksumOffload offload(size_t i) const noexcept {
    return offloads_[i];
  }
  bool started() const noexcept { return started_; }

 private:
  RingPortPair() = default;
  void Release() noexcept;

  static constexpr uint16_t kNoPort = 0xFFFF;
  std::array<uint16_t, 2> ports_{kNoPort, kNoPort};
  // rings_[d][q]: direction d (0: port 0 -> port 1), queue q.
  std::array<std::vector<rte_ring*>, 2> rings_;
  uint16_t queues_ = 1;
  std::array<SctpChecksumOffload, 2> offloads_{};
  bool started_ = false;
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_PORT_H_
