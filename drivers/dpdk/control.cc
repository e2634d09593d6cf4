#include "drivers/dpdk/control.h"

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_ring.h>

#include <string>
#include <thread>

namespace dpsctp::dpdk {

Result<std::unique_ptr<ControlChannel>, DpdkError> ControlChannel::Create(
    std::string_view name, unsigned capacity) {
  std::unique_ptr<ControlChannel> c(new ControlChannel());
  const std::string ring_name = std::string(name.substr(0, 24)) + "_ctl";
  c->ring_ = rte_ring_create(ring_name.c_str(), capacity,
                             static_cast<int>(rte_socket_id()),
                             RING_F_SC_DEQ);
  if (c->ring_ == nullptr) {
    return MakeUnexpected(MakeDpdkError("rte_ring_create", rte_errno));
  }
  return c;
}

ControlChannel::~ControlChannel() {
  if (ring_ == nullptr) return;
  // Requests nobody will run: their callers gave up or will time out.
  void* obj = nullptr;
  while (rte_ring_dequeue(ring_, &obj) == 0) {
    auto* r = static_cast<ControlRequest*>(obj);
    uint8_t expected = ControlRequest::kPosted;
    if (!r->state_.compare_exchange_strong(expected, ControlRequest::kDone,
                                           std::memory_order_acq_rel)) {
      delete r;  // abandoned
    }
  }
  rte_ring_free(ring_);
}

bool ControlChannel::Call(std::unique_ptr<ControlRequest> request,
                          std::chrono::milliseconds timeout) noexcept {
  std::unique_ptr<ControlRequest> done;
  return Call(std::move(request), timeout, done);
}

bool ControlChannel::Call(std::unique_ptr<ControlRequest> request,
                          std::chrono::milliseconds timeout,
                          std::unique_ptr<ControlRequest>& done) noexcept {
  ControlRequest* r = request.release();
  r->state_.store(ControlRequest::kPosted, std::memory_order_relaxed);
  if (rte_ring_mp_enqueue(ring_, r) != 0) {
    delete r;
    return false;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::microseconds(1);
  while (true) {
    if (r->state_.load(std::memory_order_acquire) == ControlRequest::kDone) {
      done.reset(r);
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::microseconds(500)) pause *= 2;
  }
  uint8_t expected = ControlRequest::kPosted;
  if (r->state_.compare_exchange_strong(expected, ControlRequest::kAbandoned,
                                        std::memory_order_acq_rel)) {
    return false;  // the worker deletes it if it ever runs it
  }
  done.reset(r);  // finished just now
  return true;
}

unsigned ControlChannel::Poll(ShardWorker& worker) noexcept {
  unsigned ran = 0;
  void* obj = nullptr;
  while (rte_ring_sc_dequeue(ring_, &obj) == 0) {
    auto* r = static_cast<ControlRequest*>(obj);
    if (r->state_.load(std::memory_order_acquire) ==
        ControlRequest::kAbandoned) {
      delete r;
      continue;
    }
    r->Run(worker);
    ++ran;
    uint8_t expected = ControlRequest::kPosted;
    if (!r->state_.compare_exchange_strong(expected, ControlRequest::kDone,
                                           std::memory_order_acq_rel)) {
      delete r;  // abandoned while it ran
    }
  }
  return ran;
}

}  // namespace dpsctp::dpdk
