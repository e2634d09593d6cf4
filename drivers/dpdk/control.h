// ControlChannel: how threads that are not the lcore (main thread, the
// telemetry thread, application threads) ask a worker to do something on
// its own lcore (ARCHITECTURE.md step 9). Nothing the worker owns is ever
// touched from another thread; the worker runs the request between bursts.
//
// A request is a heap object with a three-state handshake, so that a caller
// that stops waiting (timeout) never leaves the worker a dangling pointer:
//   caller: Post() -> kPosted; then Wait(timeout).
//   worker: Run(), then kPosted -> kDone; if the caller had abandoned it
//           (kAbandoned) the worker deletes it.
//   caller: on timeout kPosted -> kAbandoned and forgets it; if the worker
//           had already finished, the caller owns it again.
// Posting and completing allocate nothing on the lcore; deleting an
// abandoned request does, which is rare and control-path only.
#ifndef DPSCTP_DRIVERS_DPDK_CONTROL_H_
#define DPSCTP_DRIVERS_DPDK_CONTROL_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include "common/result.h"
#include "drivers/dpdk/error.h"

struct rte_ring;

namespace dpsctp::dpdk {

class ShardWorker;

class ControlRequest {
 public:
  virtual ~ControlRequest() = default;
  // Runs on the worker's lcore.
  virtual void Run(ShardWorker& worker) noexcept = 0;

 private:
  friend class ControlChannel;
  enum State : uint8_t { kIdle, kPosted, kDone, kAbandoned };
  std::atomic<uint8_t> state_{kIdle};
};

class ControlChannel {
 public:
  [[nodiscard]] static Result<std::unique_ptr<ControlChannel>, DpdkError>
  Create(std::string_view name, unsigned capacity = 64);
  ~ControlChannel();
  ControlChannel(const ControlChannel&) = delete;
  ControlChannel& operator=(const ControlChannel&) = delete;

  // Any thread. Runs `request` on the worker and waits for it; true when it
  // ran. On timeout (or a full channel) returns false and gives up the
  // request: the worker deletes it if it still runs it later.
  bool Call(std::unique_ptr<ControlRequest> request,
            std::chrono::milliseconds timeout) noexcept;

  // As Call(), but on success hands the finished request back in `done` so
  // the caller can read its results.
  bool Call(std::unique_ptr<ControlRequest> request,
            std::chrono::milliseconds timeout,
            std::unique_ptr<ControlRequest>& done) noexcept;

  // The worker's lcore: runs every posted request. Returns how many ran.
  unsigned Poll(ShardWorker& worker) noexcept;

 private:
  ControlChannel() = default;
  rte_ring* ring_ = nullptr;  // multi-producer, single-consumer
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_CONTROL_H_
