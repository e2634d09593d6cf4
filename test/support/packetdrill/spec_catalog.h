// What the names in packetdrill chunk specifications mean: for every chunk,
// parameter and error cause the nplab syntax names, its type number and the
// fields it may carry (`DATA[flgs=BE, len=1016, tsn=1, sid=0, ssn=0,
// ppid=0]`). Both the packet builder (inject lines) and the matcher (expect
// lines) look names up here, and CheckSpec() validates a whole spec up
// front so that a typo is reported before a script starts running.
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_SPEC_CATALOG_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_SPEC_CATALOG_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "test/support/packetdrill/script.h"

namespace dpsctp::packetdrill {

enum class SpecKind : uint8_t { kChunk, kParameter, kCause };

// What a field holds when it is not a plain value.
enum class Nested : uint8_t {
  kNone,
  kParameterList,  // params=[PARAMETER[...], ...]
  kParameter,      // param=HOSTNAME_ADDRESS[...]
  kChunk,          // chk=CHUNK[...]
};

struct FieldDef {
  std::string_view name;
  Nested nested = Nested::kNone;
};

struct SpecDef {
  std::string_view name;
  SpecKind kind;
  // Chunk type, parameter type or cause code. The generic CHUNK, PARAMETER
  // and CAUSE take theirs from a field and have `generic` set.
  uint16_t type;
  bool generic;
  // Unnamed elements allowed after the fields: parameters (INIT, HEARTBEAT,
  // RECONFIG) or error causes (ABORT, ERROR), and `...` for "any more".
  std::optional<SpecKind> elements;
  std::span<const FieldDef> fields;
};

const SpecDef* FindSpec(SpecKind kind, std::string_view name);
const SpecDef* FindSpecByType(SpecKind kind, uint16_t type);

// "DATA", "PARAMETER(0xc0cc)", "CAUSE(0x0001)": for messages.
std::string SpecName(SpecKind kind, uint16_t type);

// Chunk Flags letter (B, E, U, I for DATA and I-DATA; T for ABORT and
// SHUTDOWN COMPLETE) to its bit, or nullopt if that chunk has no such flag.
std::optional<uint8_t> ChunkFlagBit(uint8_t chunk_type, char letter);

// A chunk type written as a name (I_DATA, INIT_ACK) or a number (0x82).
std::optional<uint8_t> ChunkTypeFromValue(const Value& v);

// Checks names, field names and nesting of a spec of the given kind,
// recursively. Returns a message for the first problem.
std::optional<std::string> CheckSpec(const Value& spec, SpecKind kind);

}  // namespace dpsctp::packetdrill

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_SPEC_CATALOG_H_
