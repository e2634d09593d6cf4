#include "drivers/dpdk/lcore_runner.h"

#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_pause.h>

#include <csignal>
#include <ctime>

namespace dpsctp::dpdk {
namespace {

struct LaunchArgs {
  const LcoreGroup* group = nullptr;
  const std::atomic<bool>* stop = nullptr;
};

int LaunchEntry(void* arg) {
  auto* a = static_cast<LaunchArgs*>(arg);
  RunGroup(a->group->workers, *a->stop);
  return 0;
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
  if (groups.empty()) return OkStatus();
  if (groups[0].lcore != rte_lcore_id()) {
    return MakeUnexpected(MakeDpdkError(
        "RunLcores", EINVAL, "group 0 must run on the calling lcore"));
  }
  std::vector<LaunchArgs> args(groups.size());
  size_t launched = 1;
  Status status = OkStatus();
  for (; launched < groups.size(); ++launched) {
    args[launched] = LaunchArgs{&groups[launched], &stop};
    const int rc = rte_eal_remote_launch(LaunchEntry, &args[launched],
                                         groups[launched].lcore);
    if (rc != 0) {
      status = MakeUnexpected(MakeDpdkError("rte_eal_remote_launch", rc));
      stop.store(true);
      break;
    }
  }
  if (status) RunGroup(groups[0].workers, stop, on_main);
  for (size_t i = 1; i < launched; ++i) {
    rte_eal_wait_lcore(groups[i].lcore);
  }
  return status;
}

void InstallStopSignals(std::atomic<bool>* flag) noexcept {
  g_stop_flag = flag;
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
}

int LastStopSignal() noexcept { return g_last_signal; }

}  // namespace dpsctp::dpdk
