// dpsctp-perf's output: the final JSON line ({"type":"result",...}, or
// {"type":"summary",...} for the server) and the human table.
#ifndef DPSCTP_APP_DPSCTP_PERF_REPORT_H_
#define DPSCTP_APP_DPSCTP_PERF_REPORT_H_

#include <cstdint>
#include <string>

#include "app/dpsctp-perf/histogram.h"
#include "app/dpsctp-perf/options.h"

namespace dpsctp::perf {

struct RunErrors {
  uint64_t associations_lost = 0;   // COMMUNICATION LOST during the run
  uint64_t associate_failures = 0;  // Associate() refused (no slot or tag)
  uint64_t send_failures = 0;       // Send() refused, SEND FAILURE events
  uint64_t bad_messages = 0;        // echoes with a wrong length or sequence
  uint64_t aborted_at_close = 0;    // not shut down gracefully within 5 s
  uint64_t mbufs_not_returned = 0;  // pool not whole after the teardown
};

struct RunResult {
  double seconds = 0;  // the measured window
  std::string stop_reason;
  uint64_t messages = 0;  // latency: round trips
  uint64_t bytes = 0;
  uint64_t setups = 0;
  LatencyHistogram latency;
  RunErrors errors;
};

struct ServerSummary {
  double seconds = 0;
  uint64_t associations = 0;
  uint64_t closed = 0;
  uint64_t messages = 0;
  uint64_t bytes = 0;
  uint64_t echoed = 0;
  uint64_t echoed_bytes = 0;
  RunErrors errors;
};

// One line, no newline.
std::string ResultJson(const PerfOptions& o, const RunResult& r);
std::string ResultTable(const PerfOptions& o, const RunResult& r);
std::string ServerJson(const PerfOptions& o, const ServerSummary& s);
std::string ServerTable(const PerfOptions& o, const ServerSummary& s);

}  // namespace dpsctp::perf

#endif  // DPSCTP_APP_DPSCTP_PERF_REPORT_H_
