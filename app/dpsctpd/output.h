// Where dpsctpd's events, statistics and summary go: JSON Lines (one
// object per line, each with a "type", CLI.md) or lines for a human.
// Written from several lcores (events) and the statistics thread; one
// line is one write, so lines never interleave.
#ifndef DPSCTP_APP_DPSCTPD_OUTPUT_H_
#define DPSCTP_APP_DPSCTPD_OUTPUT_H_

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "app/common/json.h"

namespace dpsctp::dpsctpd {

using app::JsonObject;
using app::JsonQuote;

class LineSink {
 public:
  // Not owned: stdout or a file opened by the caller.
  explicit LineSink(std::FILE* file) : file_(file) {}
  void Write(const std::string& line);

 private:
  std::mutex mutex_;
  std::FILE* file_;
};

}  // namespace dpsctp::dpsctpd

#endif  // DPSCTP_APP_DPSCTPD_OUTPUT_H_
