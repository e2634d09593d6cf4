// Eal: owns the DPDK Environment Abstraction Layer for this process.
//
// DPDK allows one rte_eal_init() per process, and 22.11 cannot initialize
// again after rte_eal_cleanup(). So Eal::Init() succeeds at most once per
// process; the returned object calls rte_eal_cleanup() when destroyed, after
// which DPDK is unusable until the process exits. Create it first and destroy
// it last: every pool, ring and port must be released before it goes.
//
// Thread affinity: Init() and the destructor run on the main thread.
#ifndef DPSCTP_DRIVERS_DPDK_EAL_H_
#define DPSCTP_DRIVERS_DPDK_EAL_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "drivers/dpdk/error.h"

namespace dpsctp::dpdk {

class Eal {
 public:
  // Initializes the EAL from `args` (args[0] is the program name, as in
  // argv). Returns the rte_strerror text on failure instead of exiting, and
  // refuses a second initialization in the same process.
  [[nodiscard]] static Result<Eal, DpdkError> Init(
      std::span<const std::string> args);

  Eal(Eal&& other) noexcept : owner_(other.owner_) { other.owner_ = false; }
  Eal& operator=(Eal&&) = delete;
  Eal(const Eal&) = delete;
  Eal& operator=(const Eal&) = delete;
  ~Eal();

  // True between a successful Init() and the owner's destruction.
  static bool IsRunning() noexcept;

 private:
  Eal() noexcept = default;
  bool owner_ = true;
};

// The arguments that run DPDK here without hugepages, on lcore 0 only, with
// no PCI scan, no shared config and no telemetry socket:
//   <program> --no-huge --no-shconf -m 256 --no-pci --no-telemetry -l 0
//             --file-prefix=dpsctp-<pid>
// The per-process --file-prefix keeps parallel test runs out of each
// other's runtime directory. `--in-memory` is not usable with --no-huge in
// 22.11. Append --vdev and --log-level options as needed.
std::vector<std::string> NoHugepageArgs(std::string_view program = "dpsctp");

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_EAL_H_
