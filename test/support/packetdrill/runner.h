// Runner: executes a parsed packetdrill script against a Sut, on a virtual
// clock, and says whether the SUT behaved as the script expects.
//
// Each event runs at its script time: ` 0.5` is 0.5 s after the start,
// `+0.5` 0.5 s after the previous event completed (an expected packet
// completes when it is seen), `*` whenever. Before each line the runner
// advances the SUT's clock to the line's time, stepping from timer to timer
// (Sut::NextTimerExpiry) so that every packet the SUT sends is stamped
// with the time it was sent. Then:
//   - inject `<`: build the packet (inject_builder.h) and Sut::Inject() it;
//   - expect `>`: take the oldest packet the SUT sent and not yet matched,
//     waiting (advancing time) up to the line's time plus the tolerance if
//     there is none yet. It must have been sent within the tolerance of
//     the line's time (`*`: any time) and match (expect_matcher.h);
//   - system call: run it (syscall_map.h) and compare the return value and
//     errno;
//   - `command`: Sut::RunCommand().
// Packets the SUT sends are matched in order: one that no expect line
// claims makes the next expect line fail, and any left at the end of the
// script fail it too.
//
// Tolerance: --tolerance_usecs from the script, else 4 ms (packetdrill's
// default).
//
// A script the interpreter cannot run faithfully (a call it does not map,
// a packet with IP addresses, an ICMP packet, multi-homing, a shell command
// the Sut refuses) is kUnsupported with the reason; CheckScript() finds the
// static ones before anything is sent.
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_RUNNER_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_RUNNER_H_

#include <cstdint>
#include <string>

#include "common/time.h"
#include "test/support/packetdrill/script.h"
#include "test/support/packetdrill/script_parser.h"
#include "test/support/packetdrill/sut.h"
#include "test/support/packetdrill/tester_state.h"

namespace dpsctp::packetdrill {

inline constexpr Duration kDefaultTolerance = Duration::Micros(4000);

struct RunnerOptions {
  Ports ports;
  // The virtual time of script time 0.
  TimePoint start = TimePoint::FromNanos(0);
  // When the script has no --tolerance_usecs.
  Duration default_tolerance = kDefaultTolerance;
  // How long an expect line timed `*` waits for its packet.
  Duration any_time_limit = Duration::Seconds(600);
  // After an expected packet failed to come in time, how much longer to
  // watch so that the message can tell "late" from "never".
  Duration late_lookahead = Duration::Seconds(5);
};

struct ScriptResult {
  enum class Status : uint8_t { kPass, kFail, kUnsupported };
  Status status = Status::kPass;
  int line = 0;  // of the event that failed or is unsupported
  std::string reason;

  bool passed() const { return status == Status::kPass; }
  // "pass", "fail (line 12): ...", "unsupported (line 3): ...".
  std::string ToString() const;
};

// Static checks only: every system call maps, every chunk spec names known
// things, no packet needs what the Sut cannot do. kPass when runnable.
ScriptResult CheckScript(const Script& script);

ScriptResult RunScript(const Script& script, Sut& sut,
                       const RunnerOptions& options = {});

// Parses, then runs. A parse error is kUnsupported (line of the error).
ScriptResult RunScriptFile(const std::string& path, Sut& sut,
                           const ParseOptions& parse_options = {},
                           const RunnerOptions& options = {});

}  // namespace dpsctp::packetdrill

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_RUNNER_H_
