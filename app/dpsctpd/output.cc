#include "app/dpsctpd/output.h"

namespace dpsctp::dpsctpd {

void LineSink::Write(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fputc('\n', file_);
  std::fflush(file_);
}

}  // namespace dpsctp::dpsctpd
