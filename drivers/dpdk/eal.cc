#include "drivers/dpdk/eal.h"

#include <rte_eal.h>
#include <rte_errno.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace dpsctp::dpdk {

namespace {

enum class EalState : int { kNever, kRunning, kCleanedUp };

std::atomic<EalState> g_state{EalState::kNever};

}  // namespace

Result<Eal, DpdkError> Eal::Init(std::span<const std::string> args) {
  EalState expected = EalState::kNever;
  if (!g_state.compare_exchange_strong(expected, EalState::kRunning)) {
    return MakeUnexpected(MakeDpdkError(
        "rte_eal_init", EALREADY,
        expected == EalState::kRunning
            ? "the EAL is already initialized in this process"
            : "the EAL was cleaned up and cannot be initialized again"));
  }
  if (args.empty()) {
    g_state = EalState::kNever;
    return MakeUnexpected(
        MakeDpdkError("rte_eal_init", EINVAL, "argument list is empty"));
  }
  // rte_eal_init() permutes argv (getopt) and may keep pointers into it
  // (e.g. the program name), so the strings live for the whole process.
  static std::vector<std::string> storage;
  static std::vector<char*> argv;
  storage.assign(args.begin(), args.end());
  argv.clear();
  for (std::string& s : storage) {
    argv.push_back(s.data());
  }
  argv.push_back(nullptr);
  const int parsed =
      rte_eal_init(static_cast<int>(storage.size()), argv.data());
  if (parsed < 0) {
    const int err = rte_errno;
    // EALREADY means another component initialized DPDK behind our back;
    // anything else leaves the EAL unusable: DPDK documents that a failed
    // init may not be retried.
    g_state = err == EALREADY ? EalState::kRunning : EalState::kCleanedUp;
    return MakeUnexpected(MakeDpdkError("rte_eal_init", err));
  }
  return Eal();
}

Eal::~Eal() {
  if (owner_) {
    // rte_eal_cleanup() leaves the per-prefix runtime directory behind (an
    // empty /var/run/dpdk/<prefix> with --no-shconf), one per process with
    // NoHugepageArgs(). Remove it if, and only if, it is empty.
    const std::string runtime_dir = rte_eal_get_runtime_dir();
    rte_eal_cleanup();
    g_state = EalState::kCleanedUp;
    if (!runtime_dir.empty()) {
      rmdir(runtime_dir.c_str());
    }
  }
}

bool Eal::IsRunning() noexcept { return g_state == EalState::kRunning; }

std::vector<std::string> NoHugepageArgs(std::string_view program) {
  return {std::string(program),
          "--no-huge",
          "--no-shconf",
          "-m",
          "256",
          "--no-pci",
          "--no-telemetry",
          "-l",
          "0",
          "--file-prefix=dpsctp-" + std::to_string(getpid())};
}

}  // namespace dpsctp::dpdk
