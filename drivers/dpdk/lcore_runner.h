// Runs shard workers on lcores until asked to stop, and stop signals.
//
// A group of workers shares one lcore (e.g. two endpoints' shard 0 in a
// test); the group polls its workers round robin and idles only when none
// of them had work. Group 0 runs on the calling lcore, the others are
// launched with rte_eal_remote_launch() and joined before Run() returns.
#ifndef DPSCTP_DRIVERS_DPDK_LCORE_RUNNER_H_
#define DPSCTP_DRIVERS_DPDK_LCORE_RUNNER_H_

#include <atomic>
#include <functional>
#include <span>
#include <vector>

#include "drivers/dpdk/error.h"
#include "drivers/dpdk/shard_worker.h"

namespace dpsctp::dpdk {

struct LcoreGroup {
  unsigned lcore = 0;
  std::vector<ShardWorker*> workers;
};

// groups[0].lcore must be the calling lcore. `on_main`, when given, runs on
// the calling lcore after each round of its group (e.g. to set `stop` when
// a test's condition holds); keep it cheap.
[[nodiscard]] Status RunLcores(std::span<const LcoreGroup> groups,
                               std::atomic<bool>& stop,
                               const std::function<void()>& on_main = {});

// The workers of one group, polled until `stop` (the body of each lcore).
void RunGroup(std::span<ShardWorker* const> workers,
              const std::atomic<bool>& stop,
              const std::function<void()>& on_main = {}) noexcept;

// The lcores the EAL was given (-l / --lcores), the main one first.
std::vector<unsigned> EalLcores();

// What RunLcoresAndClose() did once `stop` was set.
struct CloseReport {
  size_t open_at_stop = 0;  // associations not yet closed when stop came
  size_t graceful = 0;      // of those, closed by SHUTDOWN in time
  size_t aborted = 0;       // aborted at the deadline
};

// RunLcores(), then, once `stop` is set, every lcore starts a graceful
// SHUTDOWN of each association of its workers and keeps polling (so that
// SHUTDOWN ACKs, handoffs and the other endpoints of the process still
// flow) until no lcore has an association left or `graceful_timeout`
// passed; what is left then is aborted and the TX queues flushed.
// With a zero timeout everything is aborted at once. With a `drain`, the
// lcores first keep polling that long (the applications, which saw `stop`
// too, send nothing new; what is in flight completes).
[[nodiscard]] Result<CloseReport, DpdkError> RunLcoresAndClose(
    std::span<const LcoreGroup> groups, std::atomic<bool>& stop,
    Duration graceful_timeout, const std::function<void()>& on_main = {},
    Duration drain = Duration::Zero());

// SIGINT and SIGTERM set `flag` (async-signal-safe); a second signal of
// either kind restores the default action, so a stuck process can still be
// killed with another Ctrl-C. Returns the signal number that set the flag
// through LastStopSignal() afterwards.
void InstallStopSignals(std::atomic<bool>* flag) noexcept;
int LastStopSignal() noexcept;

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_LCORE_RUNNER_H_
