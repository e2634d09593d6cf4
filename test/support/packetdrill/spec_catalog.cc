#include "test/support/packetdrill/spec_catalog.h"

#include <algorithm>
#include <cstdio>

namespace dpsctp::packetdrill {
namespace {

using N = Nested;

// Field lists, shared where the layouts agree.
constexpr FieldDef kFlagsOnly[] = {{"flgs"}};
constexpr FieldDef kData[] = {{"flgs"}, {"len"}, {"tsn"},
                              {"sid"},  {"ssn"}, {"ppid"}};
constexpr FieldDef kInit[] = {{"flgs"}, {"tag"}, {"a_rwnd"},
                              {"os"},   {"is"},  {"tsn"}};
constexpr FieldDef kSack[] = {
    {"flgs"}, {"cum_tsn"}, {"a_rwnd"}, {"gaps"}, {"dups"}};
constexpr FieldDef kNrSack[] = {{"flgs"}, {"cum_tsn"}, {"a_rwnd"},
                                {"gaps"}, {"nr_gaps"}, {"dups"}};
constexpr FieldDef kCumTsn[] = {{"flgs"}, {"cum_tsn"}};
constexpr FieldDef kOpaqueChunk[] = {{"flgs"}, {"len"}, {"val"}};
constexpr FieldDef kLowestTsn[] = {{"flgs"}, {"tsn"}};
constexpr FieldDef kIData[] = {{"flgs"}, {"len"}, {"tsn"},  {"sid"},
                               {"res"},  {"mid"}, {"ppid"}, {"fsn"}};
constexpr FieldDef kForwardTsn[] = {{"flgs"}, {"cum_tsn"}, {"ids"}};
constexpr FieldDef kGenericChunk[] = {{"type"}, {"flgs"}, {"len"}, {"val"}};

constexpr FieldDef kLenVal[] = {{"len"}, {"val"}};
constexpr FieldDef kAddr[] = {{"addr"}};
constexpr FieldDef kParams[] = {{"params", N::kParameterList}};
constexpr FieldDef kIncr[] = {{"incr"}};
constexpr FieldDef kTypes[] = {{"types"}};
constexpr FieldDef kOutgoingReset[] = {
    {"req_sn"}, {"resp_sn"}, {"last_tsn"}, {"sids"}};
constexpr FieldDef kIncomingReset[] = {{"req_sn"}, {"sids"}};
constexpr FieldDef kReqSn[] = {{"req_sn"}};
constexpr FieldDef kReconfigResponse[] = {
    {"resp_sn"}, {"result"}, {"sender_next_tsn"}, {"receiver_next_tsn"}};
constexpr FieldDef kAddStreams[] = {{"req_sn"}, {"number_of_new_streams"}};
constexpr FieldDef kAdaptation[] = {{"adaptation_code_point"}};
constexpr FieldDef kGenericParameter[] = {{"type"}, {"len"}, {"val"}};

constexpr FieldDef kSid[] = {{"sid"}};
constexpr FieldDef kStaleness[] = {{"staleness"}};
constexpr FieldDef kParam[] = {{"param", N::kParameter}};
constexpr FieldDef kChk[] = {{"chk", N::kChunk}};
constexpr FieldDef kTsn[] = {{"tsn"}};
constexpr FieldDef kInfo[] = {{"info"}};
constexpr FieldDef kGenericCause[] = {{"code"}, {"len"}, {"info"}};

constexpr std::span<const FieldDef> kEmpty{};

constexpr SpecKind kChunkKind = SpecKind::kChunk;
constexpr SpecKind kParamKind = SpecKind::kParameter;
constexpr SpecKind kCauseKind = SpecKind::kCause;
constexpr std::optional<SpecKind> kNoElements = std::nullopt;

// Type numbers: RFC 9260 §3.2 (chunks), §3.3.2.1 (parameters), §3.3.10
// (causes), RFC 3758, 4820, 5061, 6525, 8260 and the NR-SACK draft.
constexpr SpecDef kSpecs[] = {
    {"DATA", kChunkKind, 0, false, kNoElements, kData},
    {"INIT", kChunkKind, 1, false, kParamKind, kInit},
    {"INIT_ACK", kChunkKind, 2, false, kParamKind, kInit},
    {"SACK", kChunkKind, 3, false, kNoElements, kSack},
    {"HEARTBEAT", kChunkKind, 4, false, kParamKind, kFlagsOnly},
    {"HEARTBEAT_ACK", kChunkKind, 5, false, kParamKind, kFlagsOnly},
    {"ABORT", kChunkKind, 6, false, kCauseKind, kFlagsOnly},
    {"SHUTDOWN", kChunkKind, 7, false, kNoElements, kCumTsn},
    {"SHUTDOWN_ACK", kChunkKind, 8, false, kNoElements, kFlagsOnly},
    {"ERROR", kChunkKind, 9, false, kCauseKind, kFlagsOnly},
    {"COOKIE_ECHO", kChunkKind, 10, false, kNoElements, kOpaqueChunk},
    {"COOKIE_ACK", kChunkKind, 11, false, kNoElements, kFlagsOnly},
    {"ECNE", kChunkKind, 12, false, kNoElements, kLowestTsn},
    {"CWR", kChunkKind, 13, false, kNoElements, kLowestTsn},
    {"SHUTDOWN_COMPLETE", kChunkKind, 14, false, kNoElements, kFlagsOnly},
    {"NR_SACK", kChunkKind, 16, false, kNoElements, kNrSack},
    {"I_DATA", kChunkKind, 64, false, kNoElements, kIData},
    {"RECONFIG", kChunkKind, 130, false, kParamKind, kFlagsOnly},
    {"PAD", kChunkKind, 132, false, kNoElements, kOpaqueChunk},
    {"FORWARD_TSN", kChunkKind, 192, false, kNoElements, kForwardTsn},
    {"I_FORWARD_TSN", kChunkKind, 194, false, kNoElements, kForwardTsn},
    {"CHUNK", kChunkKind, 0, true, kNoElements, kGenericChunk},

    {"HEARTBEAT_INFORMATION", kParamKind, 1, false, kNoElements, kLenVal},
    {"IPV4_ADDRESS", kParamKind, 5, false, kNoElements, kAddr},
    {"IPV6_ADDRESS", kParamKind, 6, false, kNoElements, kAddr},
    {"STATE_COOKIE", kParamKind, 7, false, kNoElements, kLenVal},
    {"UNRECOGNIZED_PARAMETER", kParamKind, 8, false, kNoElements, kParams},
    {"COOKIE_PRESERVATIVE", kParamKind, 9, false, kNoElements, kIncr},
    {"HOSTNAME_ADDRESS", kParamKind, 11, false, kNoElements, kAddr},
    {"SUPPORTED_ADDRESS_TYPES", kParamKind, 12, false, kNoElements, kTypes},
    {"OUTGOING_SSN_RESET", kParamKind, 13, false, kNoElements, kOutgoingReset},
    {"INCOMING_SSN_RESET", kParamKind, 14, false, kNoElements, kIncomingReset},
    {"SSN_TSN_RESET", kParamKind, 15, false, kNoElements, kReqSn},
    {"RECONFIG_RESPONSE", kParamKind, 16, false, kNoElements,
     kReconfigResponse},
    {"ADD_OUTGOING_STREAMS", kParamKind, 17, false, kNoElements, kAddStreams},
    {"ADD_INCOMING_STREAMS", kParamKind, 18, false, kNoElements, kAddStreams},
    {"ECN_CAPABLE", kParamKind, 0x8000, false, kNoElements, kEmpty},
    {"PAD", kParamKind, 0x8005, false, kNoElements, kLenVal},
    {"SUPPORTED_EXTENSIONS", kParamKind, 0x8008, false, kNoElements, kTypes},
    {"FORWARD_TSN_SUPPORTED", kParamKind, 0xC000, false, kNoElements, kEmpty},
    {"ADAPTATION_INDICATION", kParamKind, 0xC006, false, kNoElements,
     kAdaptation},
    {"PARAMETER", kParamKind, 0, true, kNoElements, kGenericParameter},

    {"INVALID_STREAM_IDENTIFIER", kCauseKind, 1, false, kNoElements, kSid},
    {"MISSING_MANDATORY_PARAMETER", kCauseKind, 2, false, kNoElements, kTypes},
    {"STALE_COOKIE_ERROR", kCauseKind, 3, false, kNoElements, kStaleness},
    {"OUT_OF_RESOURCE", kCauseKind, 4, false, kNoElements, kEmpty},
    {"UNRESOLVABLE_ADDRESS", kCauseKind, 5, false, kNoElements, kParam},
    {"UNRECOGNIZED_CHUNK_TYPE", kCauseKind, 6, false, kNoElements, kChk},
    {"INVALID_MANDATORY_PARAMETER", kCauseKind, 7, false, kNoElements, kEmpty},
    {"UNRECOGNIZED_PARAMETERS", kCauseKind, 8, false, kNoElements, kParams},
    {"NO_USER_DATA", kCauseKind, 9, false, kNoElements, kTsn},
    {"COOKIE_RECEIVED_WHILE_SHUTDOWN", kCauseKind, 10, false, kNoElements,
     kEmpty},
    {"RESTART_WITH_NEW_ADDRESSES", kCauseKind, 11, false, kNoElements, kParams},
    {"USER_INITIATED_ABORT", kCauseKind, 12, false, kNoElements, kInfo},
    {"PROTOCOL_VIOLATION", kCauseKind, 13, false, kNoElements, kInfo},
    {"CAUSE", kCauseKind, 0, true, kNoElements, kGenericCause},
};

std::string_view KindName(SpecKind kind) {
  switch (kind) {
    case SpecKind::kChunk:
      return "chunk";
    case SpecKind::kParameter:
      return "parameter";
    case SpecKind::kCause:
      return "error cause";
  }
  return "?";
}

std::optional<std::string> CheckNested(const Value& v, Nested nested,
                                       std::string_view field) {
  switch (nested) {
    case Nested::kNone:
      return std::nullopt;
    case Nested::kParameter:
      return v.is_ellipsis() ? std::nullopt
                             : CheckSpec(v, SpecKind::kParameter);
    case Nested::kChunk:
      return v.is_ellipsis() ? std::nullopt : CheckSpec(v, SpecKind::kChunk);
    case Nested::kParameterList:
      if (v.is_ellipsis()) {
        return std::nullopt;
      }
      if (v.kind != Value::Kind::kList) {
        return std::string(field) + " must be a list of parameters, not " +
               v.ToString();
      }
      for (const Field& f : v.fields) {
        if (f.value.is_ellipsis()) {
          continue;
        }
        if (auto e = CheckSpec(f.value, SpecKind::kParameter)) {
          return e;
        }
      }
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

const SpecDef* FindSpec(SpecKind kind, std::string_view name) {
  for (const SpecDef& d : kSpecs) {
    if (d.kind == kind && d.name == name) {
      return &d;
    }
  }
  return nullptr;
}

const SpecDef* FindSpecByType(SpecKind kind, uint16_t type) {
  for (const SpecDef& d : kSpecs) {
    if (d.kind == kind && !d.generic && d.type == type) {
      return &d;
    }
  }
  return nullptr;
}

std::string SpecName(SpecKind kind, uint16_t type) {
  if (const SpecDef* d = FindSpecByType(kind, type)) {
    return std::string(d->name);
  }
  char buf[32];
  switch (kind) {
    case SpecKind::kChunk:
      std::snprintf(buf, sizeof(buf), "CHUNK(0x%02x)", type);
      break;
    case SpecKind::kParameter:
      std::snprintf(buf, sizeof(buf), "PARAMETER(0x%04x)", type);
      break;
    case SpecKind::kCause:
      std::snprintf(buf, sizeof(buf), "CAUSE(0x%04x)", type);
      break;
  }
  return buf;
}

std::optional<uint8_t> ChunkFlagBit(uint8_t chunk_type, char letter) {
  switch (chunk_type) {
    case 0:   // DATA, RFC 9260 §3.3.1: I U B E
    case 64:  // I-DATA, RFC 8260 §2.1: I U B E
      switch (letter) {
        case 'I':
          return 0x08;
        case 'U':
          return 0x04;
        case 'B':
          return 0x02;
        case 'E':
          return 0x01;
        default:
          return std::nullopt;
      }
    case 6:   // ABORT, §3.3.7
    case 14:  // SHUTDOWN COMPLETE, §3.3.13
      return letter == 'T' ? std::optional<uint8_t>(0x01) : std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<uint8_t> ChunkTypeFromValue(const Value& v) {
  if (v.is_number()) {
    if (v.number < 0 || v.number > 0xff) {
      return std::nullopt;
    }
    return static_cast<uint8_t>(v.number);
  }
  if (v.kind == Value::Kind::kSymbol) {
    // I-DATA and I_DATA both occur.
    std::string name = v.text;
    std::replace(name.begin(), name.end(), '-', '_');
    const SpecDef* d = FindSpec(SpecKind::kChunk, name);
    if (d != nullptr && !d->generic) {
      return static_cast<uint8_t>(d->type);
    }
  }
  return std::nullopt;
}

std::optional<std::string> CheckSpec(const Value& spec, SpecKind kind) {
  if (spec.kind != Value::Kind::kSpec) {
    return "expected a " + std::string(KindName(kind)) +
           " like NAME[...], "
           "found " +
           spec.ToString();
  }
  const SpecDef* def = FindSpec(kind, spec.text);
  if (def == nullptr) {
    return "unknown " + std::string(KindName(kind)) + " " + spec.text;
  }
  for (const Field& f : spec.fields) {
    if (f.name.empty()) {
      if (f.value.is_ellipsis() && def->elements) {
        continue;
      }
      if (!def->elements) {
        return spec.text + " takes no " + f.value.ToString();
      }
      if (auto e = CheckSpec(f.value, *def->elements)) {
        return e;
      }
      continue;
    }
    const FieldDef* field = nullptr;
    for (const FieldDef& fd : def->fields) {
      if (fd.name == f.name) {
        field = &fd;
      }
    }
    if (field == nullptr) {
      return spec.text + " has no field '" + f.name + "'";
    }
    if (auto e = CheckNested(f.value, field->nested, f.name)) {
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace dpsctp::packetdrill
