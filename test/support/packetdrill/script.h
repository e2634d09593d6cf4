// The syntax tree of a packetdrill script (nplab fork, SCTP subset), as
// ScriptParser produces it and the Runner executes it.
//
// The parser knows the shape of the language only: timed events that inject
// a packet (`< sctp: ...`), expect one (`> sctp: ...`), call the socket API
// (`name(args) = result errno (note)`) or run a shell command (`...`).
// Arguments and chunk specifications are kept as generic Values; what a
// name means (INIT, SCTP_RTOINFO, ...) is decided later by spec_catalog.h
// and syscall_map.h, so that an unknown name is an "unsupported" verdict
// for one script rather than a parse error for all of them.
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_SCRIPT_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_SCRIPT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/time.h"

namespace dpsctp::packetdrill {

struct Field;

// An argument, a field value or a chunk specification.
struct Value {
  enum class Kind : uint8_t {
    kEllipsis,  // `...`: anything (expect) or a default (inject)
    kNumber,    // 12, 0x1f, -1
    kSymbol,    // BE, SCTP_RTOINFO, NULL, 1.1.1.1, fe80::1, 2:2
    kString,    // "a.b" (text holds the contents, without quotes)
    kList,      // [a, b]
    kStruct,    // {name=a, b}
    kSpec,      // NAME[field=..., NESTED[...], ...]
    kCall,      // name(args): htonl(1), inet_addr("192.0.2.1")
    kOr,        // a | b | c
  };

  Kind kind = Kind::kEllipsis;
  int line = 0;
  // Symbol text, string contents, spec or call name, number as written.
  std::string text;
  int64_t number = 0;
  // Elements of a list, struct, spec, call or `|` expression.
  std::vector<Field> fields;

  bool is_ellipsis() const { return kind == Kind::kEllipsis; }
  bool is_number() const { return kind == Kind::kNumber; }
  bool is_symbol(std::string_view s) const {
    return kind == Kind::kSymbol && text == s;
  }
  // The first field called `name`, or nullptr.
  const Field* Find(std::string_view name) const;
  // Back to script syntax (normalized spacing), for messages.
  std::string ToString() const;
};

// One element of a list, struct, spec or call: `name=value`,
// `name(arg)=value` (msg_iov(1)=[...]) or a bare value (name empty).
struct Field {
  std::string name;
  std::vector<Value> name_args;
  Value value;

  std::string ToString() const;
};

enum class TimeKind : uint8_t {
  kAbsolute,  // ` 0.1`: since the start of the script
  kRelative,  // `+0.1`: since the previous event completed
  kAny,       // `*`: whenever it happens
};

struct EventTime {
  TimeKind kind = TimeKind::kRelative;
  Duration offset;
  // `0.1...0.2`: a blocking call expected to return at this offset.
  std::optional<Duration> range_end;
};

enum class Direction : uint8_t {
  kInject,  // `<`: the tester sends this packet to the SUT
  kExpect,  // `>`: the SUT must send this packet
};

struct PacketEvent {
  Direction direction = Direction::kInject;
  // "sctp", or the protocol of a packet this interpreter does not model
  // (`< [sctp(2)] icmp unreachable ...`); then `other` holds the rest of
  // the line as written and the fields below are empty.
  std::string protocol = "sctp";
  std::string other;
  // `< 224.0.0.0 > 192.168.0.1 sctp: ...`; empty when not written.
  std::string source_address;
  std::string destination_address;
  // `sctp(tag=3)`, `sctp(bad_crc32c)`.
  std::vector<Field> header;
  // Chunk specifications (Kind::kSpec), in packet order (`;` separated).
  std::vector<Value> chunks;
  // `sctp: [0x01, 0x00, ...]`: the bytes after the common header, raw.
  std::optional<Value> raw_bytes;
};

struct SyscallEvent {
  std::string name;
  std::vector<Value> args;
  Value result;
  std::string errno_name;  // `= -1 EAGAIN`; empty when not written
  std::string note;        // `(Resource temporarily unavailable)`
};

// A backquoted shell command, e.g. `sysctl -i net.inet.sctp.ecn_enable=0`.
struct CommandEvent {
  std::string command;
};

struct Event {
  int line = 0;
  EventTime time;
  std::variant<PacketEvent, SyscallEvent, CommandEvent> action;

  const PacketEvent* packet() const {
    return std::get_if<PacketEvent>(&action);
  }
  const SyscallEvent* syscall() const {
    return std::get_if<SyscallEvent>(&action);
  }
  const CommandEvent* command() const {
    return std::get_if<CommandEvent>(&action);
  }
};

struct Script {
  // `--name=value` lines, in order (e.g. {"tolerance_usecs", "10000"}).
  std::vector<std::pair<std::string, std::string>> options;
  std::vector<Event> events;

  // The value of the last `--name=...` line, if any.
  std::optional<std::string> Option(std::string_view name) const;
};

}  // namespace dpsctp::packetdrill

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_SCRIPT_H_
