// Telemetry for shard workers: a StatsSource (telemetry.h) per worker that
// asks the worker's own lcore for its counters through the ControlChannel,
// so nothing the lcore writes is read from another thread.
//
// Per shard, /dpsctp/stats reports:
//   - the RFC 3873 MIB objects under their MIB names (sctpCurrEstab, ...);
//   - the endpoint's counters (drops by reason, cookies, ICMP, ...);
//   - the worker's counters (handoff, TX batching, idle sleeps, ...),
//     prefixed "worker_";
//   - each interface's L2/L3 counters, prefixed "if<N>_", drops by reason
//     as "if<N>_drop_<reason>".
// /dpsctp/assocs lists the shard's associations (state, tags, addresses,
// counters).
#ifndef DPSCTP_DRIVERS_DPDK_WORKER_STATS_H_
#define DPSCTP_DRIVERS_DPDK_WORKER_STATS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/dpdk/shard_worker.h"
#include "drivers/dpdk/telemetry.h"

namespace dpsctp::dpdk {

class WorkerStats final : public StatsSource {
 public:
  // `lcore` is where the worker runs (reported, not checked). Each request
  // waits at most `timeout` for the lcore to answer.
  WorkerStats(ShardWorker& worker, int lcore,
              std::chrono::milliseconds timeout = std::chrono::milliseconds(200))
      : worker_(worker), lcore_(lcore), timeout_(timeout) {}

  bool CollectStats(StatsReport& out) override;
  bool CollectAssocs(size_t first, size_t max, std::vector<AssocReport>& out,
                     size_t& total) override;

 private:
  ShardWorker& worker_;
  int lcore_;
  std::chrono::milliseconds timeout_;
};

// The same report read directly, on the worker's lcore (or when it is not
// running): what CollectStats() returns.
void FillStatsReport(const ShardWorker& worker, StatsReport& out);

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_WORKER_STATS_H_
