#include "drivers/dpdk/lcore_runner.h"

#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_pause.h>

#include <algorithm>
#include <csignal>
#include <ctime>

namespace dpsctp::dpdk {
namespace {

// Shared by the lcores of one RunLcoresAndClose() while they close.
struct CloseShared {
  std::atomic<size_t> open_at_stop{0};
  std::atomic<size_t> aborted{0};
  std::atomic<size_t> lcores_empty{0};  // lcores with no association left
  std::atomic<size_t> lcores{0};
  Duration timeout;
  Duration drain;
};

size_t OpenAssociations(std::span<ShardWorker* const> workers) {
  size_t n = 0;
  for (ShardWorker* w : workers) n += w->endpoint().association_count();
  return n;
}

// The close phase of one lcore: SHUTDOWN everything, poll until every
// lcore is empty or the deadline, abort the rest.
void CloseGroup(std::span<ShardWorker* const> workers, CloseShared& shared) {
  if (!workers.empty() && shared.drain > Duration::Zero()) {
    // What is in flight (requests and their answers) finishes first.
    const TimePoint until = workers[0]->UpdateNow() + shared.drain;
    while (workers[0]->now() < until) {
      bool worked = false;
      for (ShardWorker* w : workers) worked = w->PollOnce() || worked;
      if (!worked) rte_pause();
    }
  }
  size_t open = 0;
  for (ShardWorker* w : workers) {
    open += w->StartClose(shared.timeout > Duration::Zero());
  }
  shared.open_at_stop.fetch_add(open);
  if (workers.empty()) {
    shared.lcores_empty.fetch_add(1);
    return;
  }
  const TimePoint deadline = workers[0]->UpdateNow() + shared.timeout;
  bool counted_empty = false;
  while (true) {
    bool worked = false;
    for (ShardWorker* w : workers) worked = w->PollOnce() || worked;
    if (!counted_empty && OpenAssociations(workers) == 0) {
      counted_empty = true;
      shared.lcores_empty.fetch_add(1);
    }
    if (shared.lcores_empty.load() >= shared.lcores.load()) break;
    if (workers[0]->now() >= deadline) break;
    if (!worked) rte_pause();
  }
  size_t left = 0;
  for (ShardWorker* w : workers) left += w->StartClose(false);
  shared.aborted.fetch_add(left);
  // Lets the ABORTs out (and the other lcores see theirs answered).
  for (int i = 0; i < 4; ++i) {
    for (ShardWorker* w : workers) w->PollOnce();
  }
  for (ShardWorker* w : workers) w->FlushTx();
}

struct LaunchArgs {
  const LcoreGroup* group = nullptr;
  const std::atomic<bool>* stop = nullptr;
  CloseShared* close = nullptr;  // null: no close phase
};

int LaunchEntry(void* arg) {
  auto* a = static_cast<LaunchArgs*>(arg);
  RunGroup(a->group->workers, *a->stop);
  if (a->close != nullptr) CloseGroup(a->group->workers, *a->close);
  return 0;
}

// RunLcores() and RunLcoresAndClose(): groups[1..] launched on their
// lcores, group 0 run here, then (with `close`) the close phase, then all
// joined.
Status LaunchAndRun(std::span<const LcoreGroup> groups,
                    std::atomic<bool>& stop,
                    const std::function<void()>& on_main, CloseShared* close,
                    const char* caller) {
  if (groups.empty()) return OkStatus();
  if (groups[0].lcore != rte_lcore_id()) {
    return MakeUnexpected(MakeDpdkError(
        caller, EINVAL, "group 0 must run on the calling lcore"));
  }
  std::vector<LaunchArgs> args(groups.size());
  size_t launched = 1;
  Status status = OkStatus();
  for (; launched < groups.size(); ++launched) {
    args[launched] = LaunchArgs{&groups[launched], &stop, close};
    const int rc = rte_eal_remote_launch(LaunchEntry, &args[launched],
                                         groups[launched].lcore);
    if (rc != 0) {
      status = MakeUnexpected(MakeDpdkError("rte_eal_remote_launch", rc));
      stop.store(true);
      break;
    }
  }
  if (status) RunGroup(groups[0].workers, stop, on_main);
  if (close != nullptr) {
    // Groups that never launched close from here, after group 0.
    close->lcores.store(launched);
    CloseGroup(groups[0].workers, *close);
  }
  for (size_t i = 1; i < launched; ++i) {
    rte_eal_wait_lcore(groups[i].lcore);
  }
  return status;
}

std::atomic<bool>* g_stop_flag = nullptr;
volatile std::sig_atomic_t g_last_signal = 0;

extern "C" void OnStopSignal(int sig) {
  g_last_signal = sig;
  if (g_stop_flag != nullptr) g_stop_flag->store(true);
  // The next one kills: a process stuck in shutdown can still be stopped.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

}  // namespace

void RunGroup(std::span<ShardWorker* const> workers,
              const std::atomic<bool>& stop,
              const std::function<void()>& on_main) noexcept {
  if (workers.empty()) return;
  const WorkerOptions& idle = workers[0]->options();
  uint32_t idle_streak = 0;
  while (!stop.load(std::memory_order_relaxed)) {
    bool worked = false;
    for (ShardWorker* w : workers) worked = w->PollOnce() || worked;
    if (on_main) on_main();
    if (worked) {
      idle_streak = 0;
      continue;
    }
    switch (idle.idle_mode) {
      case IdleMode::kSpin:
        break;
      case IdleMode::kPause:
        rte_pause();
        break;
      case IdleMode::kSleep: {
        if (++idle_streak < idle.idle_spins) {
          rte_pause();
          break;
        }
        Duration sleep = idle.idle_sleep;
        for (ShardWorker* w : workers) {
          const Duration until = w->TimeToNextTimeout();
          if (until < sleep) sleep = until;
        }
        if (sleep > Duration::Zero()) {
          timespec ts{};
          ts.tv_nsec = static_cast<long>(sleep.nanos());
          nanosleep(&ts, nullptr);
          for (ShardWorker* w : workers) w->CountIdleSleep();
        }
        break;
      }
    }
  }
  for (ShardWorker* w : workers) w->FlushTx();
}

Status RunLcores(std::span<const LcoreGroup> groups, std::atomic<bool>& stop,
                 const std::function<void()>& on_main) {
  return LaunchAndRun(groups, stop, on_main, nullptr, "RunLcores");
}

std::vector<unsigned> EalLcores() {
  std::vector<unsigned> lcores = {rte_get_main_lcore()};
  unsigned lc = 0;
  RTE_LCORE_FOREACH_WORKER(lc) { lcores.push_back(lc); }
  return lcores;
}

Result<CloseReport, DpdkError> RunLcoresAndClose(
    std::span<const LcoreGroup> groups, std::atomic<bool>& stop,
    Duration graceful_timeout, const std::function<void()>& on_main,
    Duration drain) {
  CloseShared shared;
  shared.lcores.store(groups.size());
  shared.timeout = graceful_timeout;
  shared.drain = drain;
  if (Status st = LaunchAndRun(groups, stop, on_main, &shared,
                               "RunLcoresAndClose");
      !st) {
    return MakeUnexpected(st.error());
  }
  CloseReport report;
  report.open_at_stop = shared.open_at_stop.load();
  report.aborted = shared.aborted.load();
  report.graceful =
      report.open_at_stop - std::min(report.open_at_stop, report.aborted);
  return report;
}

void InstallStopSignals(std::atomic<bool>* flag) noexcept {
  g_stop_flag = flag;
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
}

int LastStopSignal() noexcept { return g_last_signal; }

}  // namespace dpsctp::dpdk
