#include "drivers/dpdk/error.h"

#include <rte_errno.h>

#include <cstdlib>
#include <utility>

namespace dpsctp::dpdk {

std::string DpdkError::ToString() const {
  return std::string(operation) + ": " + message + " (errno " +
         std::to_string(code) + ")";
}

DpdkError MakeDpdkError(const char* operation, int code) {
  code = std::abs(code);
  return DpdkError{operation, code, rte_strerror(code)};
}

DpdkError MakeDpdkError(const char* operation, int code, std::string message) {
  return DpdkError{operation, std::abs(code), std::move(message)};
}

}  // namespace dpsctp::dpdk
