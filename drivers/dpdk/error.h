// DpdkError: why a DPDK setup call failed, as a value (STYLE.md §3: no
// exceptions, no C-style -1/rte_errno leaking out of drivers/dpdk).
//
// Only the control path (EAL init, port and pool setup) produces these; the
// data path counts drops instead. The message is captured when the error is
// made, from rte_strerror(), because rte_errno and the strerror buffer are
// per-thread state that the next DPDK call overwrites.
#ifndef DPSCTP_DRIVERS_DPDK_ERROR_H_
#define DPSCTP_DRIVERS_DPDK_ERROR_H_

#include <string>
#include <variant>

#include "common/result.h"

namespace dpsctp::dpdk {

struct DpdkError {
  // The DPDK function (or our own step) that failed, a string literal.
  const char* operation = "";
  // A positive errno or RTE-specific error number (E_RTE_*).
  int code = 0;
  // rte_strerror(code) at the time of the failure, or our own explanation.
  std::string message;

  // "rte_eal_init: Invalid argument (errno 22)".
  std::string ToString() const;
};

// Builds a DpdkError from an error number (sign ignored: ethdev returns
// -errno, EAL sets rte_errno).
DpdkError MakeDpdkError(const char* operation, int code);

// Builds a DpdkError with our own message (a precondition we check).
DpdkError MakeDpdkError(const char* operation, int code, std::string message);

// Result for calls that produce nothing but may fail.
using Status = Result<std::monostate, DpdkError>;

inline Status OkStatus() { return Status(std::monostate{}); }

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_ERROR_H_
