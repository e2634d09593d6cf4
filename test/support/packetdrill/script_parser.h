// Parses packetdrill script text into a Script (script.h).
//
// Handled, in this order:
//   1. `#ifdef NAME` / `#ifndef NAME` / `#else` / `#endif` (nestable), each
//      NAME tested against ParseOptions::defines; excluded lines are blanked
//      so that line numbers stay those of the file;
//   2. `--name=value` option lines (e.g. --tolerance_usecs=10000);
//   3. `//` and `/* */` comments (the copyright header is one);
//   4. events: a time (` 0.0`, `+0.1`, `+ 0.1`, `*`, `0.1...0.2`) and then
//      a packet (`<`/`>` [addresses] `sctp[(header)]: ` chunk specs joined
//      by `;`, or raw bytes `[0x01, ...]`), a system call
//      `name(args) = result [ERRNO] [(note)]`, or a backquoted command.
// An event may span several lines; it ends where the grammar says so.
// Packets of other protocols (`< [sctp(2)] icmp ...`) are kept as text
// (PacketEvent::protocol) for the runner to report as unsupported.
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_SCRIPT_PARSER_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_SCRIPT_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "test/support/packetdrill/script.h"

namespace dpsctp::packetdrill {

struct ParseOptions {
  // Names that `#ifdef` sees as defined. The ETSI scripts hold FreeBSD and
  // Linux variants of some expectations; FreeBSD's are the suite authors'
  // reference (their README reports every finalized test passing there).
  std::vector<std::string> defines = {"FreeBSD"};
};

struct ParseError {
  int line = 0;
  std::string message;

  std::string ToString() const;
};

Result<Script, ParseError> ParseScript(std::string_view text,
                                       const ParseOptions& options = {});

// Reads the file first; a file that cannot be read is an error at line 0.
Result<Script, ParseError> ParseScriptFile(const std::string& path,
                                           const ParseOptions& options = {});

}  // namespace dpsctp::packetdrill

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_SCRIPT_PARSER_H_
