#include "test/support/packetdrill/inject_builder.h"

#include <algorithm>
#include <span>
#include <utility>

#include "common/byte_order.h"
#include "crc/crc32c.h"
#include "test/support/packetdrill/spec_catalog.h"
#include "test/support/packetdrill/spec_reader.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/cookie_ack_chunk.h"
#include "wire/chunk/cookie_echo_chunk.h"
#include "wire/chunk/cwr_chunk.h"
#include "wire/chunk/data_chunk.h"
#include "wire/chunk/ecne_chunk.h"
#include "wire/chunk/error_chunk.h"
#include "wire/chunk/forward_tsn_chunk.h"
#include "wire/chunk/heartbeat_ack_chunk.h"
#include "wire/chunk/heartbeat_request_chunk.h"
#include "wire/chunk/idata_chunk.h"
#include "wire/chunk/iforward_tsn_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk/init_chunk.h"
#include "wire/chunk/nr_sack_chunk.h"
#include "wire/chunk/reconfig_chunk.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/chunk/shutdown_ack_chunk.h"
#include "wire/chunk/shutdown_chunk.h"
#include "wire/chunk/shutdown_complete_chunk.h"
#include "wire/common_header.h"
#include "wire/error_cause/cookie_received_while_shutting_down_cause.h"
#include "wire/error_cause/invalid_mandatory_parameter_cause.h"
#include "wire/error_cause/invalid_stream_identifier_cause.h"
#include "wire/error_cause/missing_mandatory_parameter_cause.h"
#include "wire/error_cause/no_user_data_cause.h"
#include "wire/error_cause/out_of_resource_cause.h"
#include "wire/error_cause/protocol_violation_cause.h"
#include "wire/error_cause/restart_with_new_addresses_cause.h"
#include "wire/error_cause/stale_cookie_cause.h"
#include "wire/error_cause/unrecognized_chunk_type_cause.h"
#include "wire/error_cause/unrecognized_parameters_cause.h"
#include "wire/error_cause/unresolvable_address_cause.h"
#include "wire/error_cause/user_initiated_abort_cause.h"
#include "wire/packet_builder.h"
#include "wire/parameter/adaptation_layer_indication_parameter.h"
#include "wire/parameter/add_incoming_streams_request_parameter.h"
#include "wire/parameter/add_outgoing_streams_request_parameter.h"
#include "wire/parameter/cookie_preservative_parameter.h"
#include "wire/parameter/ecn_capable_parameter.h"
#include "wire/parameter/forward_tsn_supported_parameter.h"
#include "wire/parameter/heartbeat_info_parameter.h"
#include "wire/parameter/host_name_address_parameter.h"
#include "wire/parameter/incoming_ssn_reset_request_parameter.h"
#include "wire/parameter/ipv4_address_parameter.h"
#include "wire/parameter/ipv6_address_parameter.h"
#include "wire/parameter/outgoing_ssn_reset_request_parameter.h"
#include "wire/parameter/reconfiguration_response_parameter.h"
#include "wire/parameter/ssn_tsn_reset_request_parameter.h"
#include "wire/parameter/state_cookie_parameter.h"
#include "wire/parameter/supported_address_types_parameter.h"
#include "wire/parameter/supported_extensions_parameter.h"
#include "wire/parameter/unrecognized_parameter_parameter.h"
#include "wire/wire_writer.h"

namespace dpsctp::packetdrill {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint64_t kU16 = 0xffff;
constexpr uint64_t kU32 = 0xffffffff;
// The largest TLV (its Length is 16 bits) with its padding.
constexpr size_t kMaxTlvSize = 0xffff + 3;

// Runs a lib/wire serializer over scratch space and appends what it wrote
// (already padded to 4 bytes). False if the serializer refused.
template <typename Serialize>
bool AppendSerialized(Bytes& out, Serialize&& serialize) {
  Bytes scratch(kMaxTlvSize);
  wire::WireWriter w(scratch);
  if (!serialize(w) || w.overflowed()) {
    return false;
  }
  out.insert(out.end(), w.written().begin(), w.written().end());
  return true;
}

void PadFrom(Bytes& out, size_t start) {
  while ((out.size() - start) % 4 != 0) {
    out.push_back(0);
  }
}

// A chunk exactly as described (Length as given, even if it is wrong).
void AppendRawChunk(Bytes& out, uint8_t type, uint8_t flags, uint16_t length,
                    std::span<const uint8_t> body) {
  size_t start = out.size();
  out.insert(out.end(), {type, flags, static_cast<uint8_t>(length >> 8),
                         static_cast<uint8_t>(length)});
  out.insert(out.end(), body.begin(), body.end());
  PadFrom(out, start);
}

// A parameter or cause exactly as described.
void AppendRawTlv(Bytes& out, uint16_t type, uint16_t length,
                  std::span<const uint8_t> body) {
  size_t start = out.size();
  out.insert(out.end(),
             {static_cast<uint8_t>(type >> 8), static_cast<uint8_t>(type),
              static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)});
  out.insert(out.end(), body.begin(), body.end());
  PadFrom(out, start);
}

void AppendBe16(Bytes& out, uint64_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
void AppendBe32(Bytes& out, uint64_t v) {
  AppendBe16(out, v >> 16);
  AppendBe16(out, v);
}

// The TLV at the start of `bytes` without its padding (Length bytes).
std::span<const uint8_t> Unpadded(const Bytes& bytes) {
  if (bytes.size() < 4) {
    return bytes;
  }
  return std::span<const uint8_t>(bytes).first(
      std::min<size_t>(bytes.size(), LoadBe16(bytes.data() + 2)));
}

// The value of an opaque TLV: `val` as given, or else `len - header` zero
// bytes, or else nothing; and the Length to write: `len` if given, else the
// natural one.
struct Opaque {
  Bytes value;
  uint16_t length = 0;
  bool consistent = true;  // Length == header + value size
};

Opaque ReadOpaque(SpecReader& r, const char* value_field, size_t header) {
  Opaque o;
  std::optional<uint64_t> len = r.Number("len", kU16);
  std::optional<Bytes> val = r.Bytes(value_field);
  if (val) {
    o.value = std::move(*val);
  } else if (len && *len > header) {
    o.value.assign(*len - header, 0);
  }
  size_t natural = header + o.value.size();
  o.length = static_cast<uint16_t>(len ? *len : natural);
  o.consistent = o.length == natural && natural <= kU16;
  return o;
}

// The generic forms PARAMETER[type=..., val=...] and CAUSE[code=...,
// info=...]: a TLV written exactly as described, whatever its type.
std::optional<std::string> GenericTlv(SpecReader& r, const char* type_field,
                                      const char* value_field, Bytes& out) {
  std::optional<uint64_t> type = r.Number(type_field, kU16);
  Opaque v = ReadOpaque(r, value_field, 4);
  if (!type) {
    r.Fail(std::string(type_field) + " is required");
  }
  if (r.ok()) {
    AppendRawTlv(out, static_cast<uint16_t>(*type), v.length, v.value);
  }
  return r.ok() ? std::nullopt : std::optional<std::string>(r.error());
}

class Builder {
 public:
  explicit Builder(const TesterState& state) : state_(state) {}

  std::optional<std::string> Chunk(const Value& spec, Bytes& out);
  std::optional<std::string> Parameter(const Value& spec, Bytes& out);
  std::optional<std::string> Cause(const Value& spec, Bytes& out);

 private:
  // Builds each element of `elements` (skipping `...`) as a parameter or a
  // cause, concatenated.
  std::optional<std::string> Elements(const std::vector<const Value*>& elements,
                                      SpecKind kind, Bytes& out);
  std::optional<std::string> ParameterList(SpecReader& r,
                                           std::string_view field, Bytes& out);

  bool Data(SpecReader& r, uint8_t flags, Bytes& out);
  bool IData(SpecReader& r, uint8_t flags, Bytes& out);
  bool InitLike(SpecReader& r, uint8_t type, Bytes& out,
                std::optional<std::string>& error);
  bool Sack(SpecReader& r, bool nr, Bytes& out);
  bool HeartbeatLike(SpecReader& r, uint8_t type, Bytes& out,
                     std::optional<std::string>& error);
  bool CookieEcho(SpecReader& r, uint8_t flags, Bytes& out);
  bool ForwardTsn(SpecReader& r, uint8_t type, Bytes& out);
  bool GenericChunk(SpecReader& r, Bytes& out);

  uint32_t SutTsn(SpecReader& r, std::string_view field) {
    return state_.SutTsnToLive(
        static_cast<uint32_t>(r.Number(field, kU32).value_or(0)));
  }

  const TesterState& state_;
};

std::optional<std::string> Builder::Elements(
    const std::vector<const Value*>& elements, SpecKind kind, Bytes& out) {
  for (const Value* e : elements) {
    if (e->is_ellipsis()) {
      continue;
    }
    std::optional<std::string> error =
        kind == SpecKind::kParameter ? Parameter(*e, out) : Cause(*e, out);
    if (error) {
      return error;
    }
  }
  return std::nullopt;
}

std::optional<std::string> Builder::ParameterList(SpecReader& r,
                                                  std::string_view field,
                                                  Bytes& out) {
  std::optional<std::vector<const Value*>> list = r.List(field);
  if (!list) {
    return r.ok() ? std::optional<std::string>(
                        r.name() + ": " + std::string(field) + " is required")
                  : r.error();
  }
  return Elements(*list, SpecKind::kParameter, out);
}

std::optional<std::string> Builder::Chunk(const Value& spec, Bytes& out) {
  if (auto e = CheckSpec(spec, SpecKind::kChunk)) {
    return e;
  }
  const SpecDef& def = *FindSpec(SpecKind::kChunk, spec.text);
  SpecReader r(spec);
  if (def.generic) {
    return GenericChunk(r, out) ? std::nullopt
                                : std::optional<std::string>(r.error());
  }
  const uint8_t type = static_cast<uint8_t>(def.type);
  const uint8_t flags = r.Flags(type).value_or(0);
  const size_t start = out.size();
  std::optional<std::string> nested_error;
  bool ok = false;
  switch (type) {
    case 0:
      ok = Data(r, flags, out);
      break;
    case 1:
    case 2:
      ok = InitLike(r, type, out, nested_error);
      break;
    case 3:
    case 16:
      ok = Sack(r, type == 16, out);
      break;
    case 4:
    case 5:
      ok = HeartbeatLike(r, type, out, nested_error);
      break;
    case 6:
    case 9: {
      Bytes causes;
      nested_error = Elements(r.Elements(), SpecKind::kCause, causes);
      ok = !nested_error && AppendSerialized(out, [&](wire::WireWriter& w) {
        return type == 6 ? wire::AbortChunk::SerializeTo(w, flags & 1, causes)
                         : wire::ErrorChunk::SerializeTo(w, causes);
      });
      if (!ok && !nested_error) {
        AppendRawChunk(out, type, flags,
                       static_cast<uint16_t>(4 + causes.size()), causes);
        ok = true;
      }
      break;
    }
    case 7: {
      uint32_t cum_tsn = SutTsn(r, "cum_tsn");
      ok = AppendSerialized(out, [&](wire::WireWriter& w) {
        return wire::ShutdownChunk::SerializeTo(w, Tsn(cum_tsn));
      });
      break;
    }
    case 8:
      ok = AppendSerialized(out, [](wire::WireWriter& w) {
        return wire::ShutdownAckChunk::SerializeTo(w);
      });
      break;
    case 10:
      ok = CookieEcho(r, flags, out);
      break;
    case 11:
      ok = AppendSerialized(out, [](wire::WireWriter& w) {
        return wire::CookieAckChunk::SerializeTo(w);
      });
      break;
    case 12:
    case 13: {
      Tsn lowest(SutTsn(r, "tsn"));
      ok = AppendSerialized(out, [&](wire::WireWriter& w) {
        return type == 12 ? wire::EcneChunk::SerializeTo(w, lowest)
                          : wire::CwrChunk::SerializeTo(w, lowest);
      });
      break;
    }
    case 14:
      ok = AppendSerialized(out, [&](wire::WireWriter& w) {
        return wire::ShutdownCompleteChunk::SerializeTo(w, flags & 1);
      });
      break;
    case 64:
      ok = IData(r, flags, out);
      break;
    case 130: {
      Bytes params;
      nested_error = Elements(r.Elements(), SpecKind::kParameter, params);
      ok = !nested_error && AppendSerialized(out, [&](wire::WireWriter& w) {
        return wire::ReconfigChunk::SerializeTo(w, params);
      });
      break;
    }
    case 132: {
      Opaque pad = ReadOpaque(r, "val", 4);
      AppendRawChunk(out, type, flags, pad.length, pad.value);
      ok = true;
      break;
    }
    case 192:
    case 194:
      ok = ForwardTsn(r, type, out);
      break;
    default:
      return spec.text + ": cannot be sent";
  }
  if (nested_error) {
    return nested_error;
  }
  if (!r.ok()) {
    return r.error();
  }
  if (!ok) {
    return spec.text + ": lib/wire refused to serialize it";
  }
  // Serializers write their own flags; the script's byte wins.
  out[start + 1] = flags;
  return std::nullopt;
}

bool Builder::Data(SpecReader& r, uint8_t flags, Bytes& out) {
  std::optional<uint64_t> len = r.Number("len", kU16);
  uint64_t tsn = r.Number("tsn", kU32).value_or(0);
  uint64_t sid = r.Number("sid", kU16).value_or(0);
  uint64_t ssn = r.Number("ssn", kU16).value_or(0);
  uint64_t ppid = r.Number("ppid", kU32).value_or(0);
  if (!len) {
    r.Fail("len is required (it sets the amount of user data)");
  }
  if (!r.ok()) {
    return false;
  }
  if (*len <= wire::DataChunk::kHeaderSize) {
    // No user data (RFC 9260 §6.2 test): lib/wire refuses to write it.
    Bytes body;
    AppendBe32(body, tsn);
    AppendBe16(body, sid);
    AppendBe16(body, ssn);
    AppendBe32(body, ppid);
    body.resize(*len >= 4 ? *len - 4 : 0);
    AppendRawChunk(out, 0, flags, static_cast<uint16_t>(*len), body);
    return true;
  }
  Bytes payload(*len - wire::DataChunk::kHeaderSize, 0);
  wire::DataChunk::Flags f{(flags & 0x08) != 0, (flags & 0x04) != 0,
                           (flags & 0x02) != 0, (flags & 0x01) != 0};
  return AppendSerialized(out, [&](wire::WireWriter& w) {
    return wire::DataChunk::SerializeTo(
        w, Tsn(static_cast<uint32_t>(tsn)),
        StreamId(static_cast<uint16_t>(sid)), Ssn(static_cast<uint16_t>(ssn)),
        Ppid(static_cast<uint32_t>(ppid)), payload, f);
  });
}

bool Builder::IData(SpecReader& r, uint8_t flags, Bytes& out) {
  std::optional<uint64_t> len = r.Number("len", kU16);
  uint64_t tsn = r.Number("tsn", kU32).value_or(0);
  uint64_t sid = r.Number("sid", kU16).value_or(0);
  uint64_t mid = r.Number("mid", kU32).value_or(0);
  uint64_t ppid = r.Number("ppid", kU32).value_or(0);
  uint64_t fsn = r.Number("fsn", kU32).value_or(0);
  r.Number("res", kU16);
  if (!len) {
    r.Fail("len is required (it sets the amount of user data)");
  }
  if (!r.ok()) {
    return false;
  }
  const bool beginning = (flags & 0x02) != 0;
  if (*len <= wire::IDataChunk::kHeaderSize) {
    Bytes body;
    AppendBe32(body, tsn);
    AppendBe16(body, sid);
    AppendBe16(body, 0);
    AppendBe32(body, mid);
    AppendBe32(body, beginning ? ppid : fsn);
    body.resize(*len >= 4 ? *len - 4 : 0);
    AppendRawChunk(out, 64, flags, static_cast<uint16_t>(*len), body);
    return true;
  }
  Bytes payload(*len - wire::IDataChunk::kHeaderSize, 0);
  wire::IDataChunk::Flags f{(flags & 0x08) != 0, (flags & 0x04) != 0, beginning,
                            (flags & 0x01) != 0};
  return AppendSerialized(out, [&](wire::WireWriter& w) {
    return wire::IDataChunk::SerializeTo(
        w, Tsn(static_cast<uint32_t>(tsn)),
        StreamId(static_cast<uint16_t>(sid)), Mid(static_cast<uint32_t>(mid)),
        Fsn(static_cast<uint32_t>(fsn)), Ppid(static_cast<uint32_t>(ppid)),
        payload, f);
  });
}

bool Builder::InitLike(SpecReader& r, uint8_t type, Bytes& out,
                       std::optional<std::string>& error) {
  wire::InitFields fields;
  fields.initiate_tag =
      VerificationTag(static_cast<uint32_t>(r.Number("tag", kU32).value_or(0)));
  fields.a_rwnd = static_cast<uint32_t>(r.Number("a_rwnd", kU32).value_or(0));
  fields.outbound_streams =
      static_cast<uint16_t>(r.Number("os", kU16).value_or(0));
  fields.inbound_streams =
      static_cast<uint16_t>(r.Number("is", kU16).value_or(0));
  fields.initial_tsn =
      Tsn(static_cast<uint32_t>(r.Number("tsn", kU32).value_or(0)));
  Bytes params;
  error = Elements(r.Elements(), SpecKind::kParameter, params);
  if (error || !r.ok()) {
    return false;
  }
  if (AppendSerialized(out, [&](wire::WireWriter& w) {
        return type == 1 ? wire::InitChunk::SerializeTo(w, fields, params)
                         : wire::InitAckChunk::SerializeTo(w, fields, params);
      })) {
    return true;
  }
  // Parameters lib/wire finds malformed: send them anyway.
  Bytes body;
  AppendBe32(body, fields.initiate_tag.value());
  AppendBe32(body, fields.a_rwnd);
  AppendBe16(body, fields.outbound_streams);
  AppendBe16(body, fields.inbound_streams);
  AppendBe32(body, fields.initial_tsn.value());
  body.insert(body.end(), params.begin(), params.end());
  AppendRawChunk(out, type, 0, static_cast<uint16_t>(4 + body.size()), body);
  return true;
}

bool Builder::Sack(SpecReader& r, bool nr, Bytes& out) {
  Tsn cum_tsn(SutTsn(r, "cum_tsn"));
  uint32_t a_rwnd = static_cast<uint32_t>(r.Number("a_rwnd", kU32).value_or(0));
  auto to_blocks = [](const auto& gaps) {
    std::vector<wire::SackChunk::GapAckBlock> blocks;
    for (const auto& [start, end] : gaps) {
      blocks.push_back({start, end});
    }
    return blocks;
  };
  auto gaps = to_blocks(
      r.Gaps("gaps").value_or(std::vector<std::pair<uint16_t, uint16_t>>{}));
  auto nr_gaps = to_blocks(
      r.Gaps("nr_gaps").value_or(std::vector<std::pair<uint16_t, uint16_t>>{}));
  std::vector<Tsn> dups;
  for (uint64_t d :
       r.NumberList("dups", kU32).value_or(std::vector<uint64_t>{})) {
    dups.push_back(Tsn(state_.SutTsnToLive(static_cast<uint32_t>(d))));
  }
  if (!r.ok()) {
    return false;
  }
  return AppendSerialized(out, [&](wire::WireWriter& w) {
    return nr ? wire::NrSackChunk::SerializeTo(w, cum_tsn, a_rwnd, gaps,
                                               nr_gaps, dups)
              : wire::SackChunk::SerializeTo(w, cum_tsn, a_rwnd, gaps, dups);
  });
}

bool Builder::HeartbeatLike(SpecReader& r, uint8_t type, Bytes& out,
                            std::optional<std::string>& error) {
  Bytes params;
  std::vector<const Value*> elements = r.Elements();
  // HEARTBEAT_ACK[flgs=0, HEARTBEAT_INFORMATION[len=..., val=...]] echoes
  // the SUT's last Heartbeat Info (RFC 9260 §8.3).
  bool echo = type == 5 && elements.size() == 1 &&
              elements[0]->kind == Value::Kind::kSpec &&
              elements[0]->text == "HEARTBEAT_INFORMATION" &&
              SpecReader(*elements[0]).Unspecified("val");
  if (echo) {
    if (!state_.heartbeat_info) {
      r.Fail("val=... but the SUT has sent no HEARTBEAT to echo");
      return false;
    }
    params = *state_.heartbeat_info;
  } else {
    error = Elements(elements, SpecKind::kParameter, params);
    if (error) {
      return false;
    }
  }
  if (AppendSerialized(out, [&](wire::WireWriter& w) {
        return type == 4
                   ? wire::HeartbeatRequestChunk::SerializeParametersTo(w,
                                                                        params)
                   : wire::HeartbeatAckChunk::SerializeParametersTo(w, params);
      })) {
    return true;
  }
  AppendRawChunk(out, type, 0, static_cast<uint16_t>(4 + params.size()),
                 params);
  return true;
}

bool Builder::CookieEcho(SpecReader& r, uint8_t flags, Bytes& out) {
  if (r.Unspecified("val") && !state_.cookie) {
    r.Fail("val=... but the SUT has sent no INIT ACK with a State Cookie");
    return false;
  }
  // val=... echoes the cookie whatever `len` says (as packetdrill does).
  Opaque cookie;
  if (r.Unspecified("val")) {
    r.Number("len", kU16);
    cookie.value = *state_.cookie;
    cookie.length = static_cast<uint16_t>(4 + cookie.value.size());
  } else {
    cookie = ReadOpaque(r, "val", 4);
  }
  if (!r.ok()) {
    return false;
  }
  if (cookie.consistent && AppendSerialized(out, [&](wire::WireWriter& w) {
        return wire::CookieEchoChunk::SerializeTo(w, cookie.value);
      })) {
    return true;
  }
  AppendRawChunk(out, 10, flags, cookie.length, cookie.value);
  return true;
}

bool Builder::ForwardTsn(SpecReader& r, uint8_t type, Bytes& out) {
  // The tester's own TSN: not remapped.
  Tsn cum_tsn(static_cast<uint32_t>(r.Number("cum_tsn", kU32).value_or(0)));
  std::vector<wire::ForwardTsnChunk::SkippedStream> streams;
  std::vector<wire::IForwardTsnChunk::SkippedStream> i_streams;
  for (const Value* id : r.List("ids").value_or(std::vector<const Value*>{})) {
    // {sid, ssn} for FORWARD TSN; {sid, unordered, mid} for I-FORWARD-TSN.
    size_t want = type == 192 ? 2 : 3;
    if (id->kind != Value::Kind::kStruct || id->fields.size() != want) {
      r.Fail("ids element " + id->ToString() + " must be {" +
             (type == 192 ? "sid, ssn}" : "sid, unordered, mid}"));
      return false;
    }
    uint64_t sid = r.ToNumber(id->fields[0].value, kU16, "sid").value_or(0);
    if (type == 192) {
      uint64_t ssn = r.ToNumber(id->fields[1].value, kU16, "ssn").value_or(0);
      streams.push_back({StreamId(static_cast<uint16_t>(sid)),
                         Ssn(static_cast<uint16_t>(ssn))});
    } else {
      uint64_t u = r.ToNumber(id->fields[1].value, 1, "unordered").value_or(0);
      uint64_t mid = r.ToNumber(id->fields[2].value, kU32, "mid").value_or(0);
      i_streams.push_back({StreamId(static_cast<uint16_t>(sid)), u != 0,
                           Mid(static_cast<uint32_t>(mid))});
    }
  }
  if (!r.ok()) {
    return false;
  }
  return AppendSerialized(out, [&](wire::WireWriter& w) {
    return type == 192
               ? wire::ForwardTsnChunk::SerializeTo(w, cum_tsn, streams)
               : wire::IForwardTsnChunk::SerializeTo(w, cum_tsn, i_streams);
  });
}

bool Builder::GenericChunk(SpecReader& r, Bytes& out) {
  const Value* type_value = r.Get("type");
  std::optional<uint8_t> type =
      type_value ? ChunkTypeFromValue(*type_value) : std::nullopt;
  if (!type) {
    r.Fail("type must be a chunk type number or name");
    return false;
  }
  uint8_t flags = r.Flags(*type).value_or(0);
  Opaque chunk = ReadOpaque(r, "val", 4);
  if (!r.ok()) {
    return false;
  }
  AppendRawChunk(out, *type, flags, chunk.length, chunk.value);
  return true;
}

std::optional<std::string> Builder::Parameter(const Value& spec, Bytes& out) {
  if (auto e = CheckSpec(spec, SpecKind::kParameter)) {
    return e;
  }
  const SpecDef& def = *FindSpec(SpecKind::kParameter, spec.text);
  SpecReader r(spec);
  bool ok = false;
  std::optional<std::string> nested_error;
  auto serialize = [&](auto&& f) { ok = AppendSerialized(out, f); };
  if (def.generic) {
    return GenericTlv(r, "type", "val", out);
  }
  switch (def.type) {
    case 1:         // HEARTBEAT_INFORMATION
    case 7:         // STATE_COOKIE
    case 0x8005: {  // PAD
      Opaque p = ReadOpaque(r, "val", 4);
      if (!r.ok()) {
        break;
      }
      if (p.consistent && def.type == 1) {
        serialize([&](wire::WireWriter& w) {
          return wire::HeartbeatInfoParameter::SerializeTo(w, p.value);
        });
      } else if (p.consistent && def.type == 7) {
        serialize([&](wire::WireWriter& w) {
          return wire::StateCookieParameter::SerializeTo(w, p.value);
        });
      }
      if (!ok) {
        AppendRawTlv(out, def.type, p.length, p.value);
        ok = true;
      }
      break;
    }
    case 5:
      if (auto a = r.Ipv4("addr")) {
        serialize([&](wire::WireWriter& w) {
          return wire::Ipv4AddressParameter::SerializeTo(w, *a);
        });
      } else {
        r.Fail("addr is required");
      }
      break;
    case 6:
      if (auto a = r.Ipv6("addr")) {
        serialize([&](wire::WireWriter& w) {
          return wire::Ipv6AddressParameter::SerializeTo(w, *a);
        });
      } else {
        r.Fail("addr is required");
      }
      break;
    case 8: {
      Bytes nested;
      nested_error = ParameterList(r, "params", nested);
      if (!nested_error) {
        serialize([&](wire::WireWriter& w) {
          return wire::UnrecognizedParameterParameter::SerializeTo(w, nested);
        });
      }
      break;
    }
    case 9: {
      uint32_t incr = static_cast<uint32_t>(r.Number("incr", kU32).value_or(0));
      serialize([&](wire::WireWriter& w) {
        return wire::CookiePreservativeParameter::SerializeTo(w, incr);
      });
      break;
    }
    case 11: {
      const Value* addr = r.Get("addr");
      if (addr == nullptr || addr->kind != Value::Kind::kString) {
        r.Fail("addr must be a string");
        break;
      }
      serialize([&](wire::WireWriter& w) {
        return wire::HostNameAddressParameter::SerializeTo(w, addr->text);
      });
      break;
    }
    case 12: {
      std::vector<uint16_t> types;
      for (const Value* t :
           r.List("types").value_or(std::vector<const Value*>{})) {
        if (t->is_symbol("IPv4")) {
          types.push_back(5);
        } else if (t->is_symbol("IPv6")) {
          types.push_back(6);
        } else if (t->is_symbol("HOSTNAME")) {
          types.push_back(11);
        } else {
          types.push_back(
              static_cast<uint16_t>(r.ToNumber(*t, kU16, "types").value_or(0)));
        }
      }
      serialize([&](wire::WireWriter& w) {
        return wire::SupportedAddressTypesParameter::SerializeTo(w, types);
      });
      break;
    }
    case 13: {
      // The tester's request; resp_sn answers a request of the SUT.
      ReconfigRequestSn req(
          static_cast<uint32_t>(r.Number("req_sn", kU32).value_or(0)));
      ReconfigRequestSn resp(SutTsn(r, "resp_sn"));
      Tsn last(static_cast<uint32_t>(r.Number("last_tsn", kU32).value_or(0)));
      std::vector<StreamId> sids;
      for (uint64_t s :
           r.NumberList("sids", kU16).value_or(std::vector<uint64_t>{})) {
        sids.push_back(StreamId(static_cast<uint16_t>(s)));
      }
      serialize([&](wire::WireWriter& w) {
        return wire::OutgoingSsnResetRequestParameter::SerializeTo(w, req, resp,
                                                                   last, sids);
      });
      break;
    }
    case 14: {
      ReconfigRequestSn req(
          static_cast<uint32_t>(r.Number("req_sn", kU32).value_or(0)));
      std::vector<StreamId> sids;
      for (uint64_t s :
           r.NumberList("sids", kU16).value_or(std::vector<uint64_t>{})) {
        sids.push_back(StreamId(static_cast<uint16_t>(s)));
      }
      serialize([&](wire::WireWriter& w) {
        return wire::IncomingSsnResetRequestParameter::SerializeTo(w, req,
                                                                   sids);
      });
      break;
    }
    case 15: {
      ReconfigRequestSn req(
          static_cast<uint32_t>(r.Number("req_sn", kU32).value_or(0)));
      serialize([&](wire::WireWriter& w) {
        return wire::SsnTsnResetRequestParameter::SerializeTo(w, req);
      });
      break;
    }
    case 16: {
      using Response = wire::ReconfigurationResponseParameter;
      ReconfigRequestSn resp(SutTsn(r, "resp_sn"));
      auto result =
          static_cast<Response::Result>(r.Number("result", kU32).value_or(0));
      std::optional<Tsn> sender;
      std::optional<Tsn> receiver;
      if (!r.Unspecified("sender_next_tsn")) {
        sender = Tsn(static_cast<uint32_t>(
            r.Number("sender_next_tsn", kU32).value_or(0)));
        receiver = Tsn(SutTsn(r, "receiver_next_tsn"));
      }
      serialize([&](wire::WireWriter& w) {
        return Response::SerializeTo(w, resp, result, sender, receiver);
      });
      break;
    }
    case 17:
    case 18: {
      ReconfigRequestSn req(
          static_cast<uint32_t>(r.Number("req_sn", kU32).value_or(0)));
      uint16_t n = static_cast<uint16_t>(
          r.Number("number_of_new_streams", kU16).value_or(0));
      serialize([&](wire::WireWriter& w) {
        return def.type == 17
                   ? wire::AddOutgoingStreamsRequestParameter::SerializeTo(
                         w, req, n)
                   : wire::AddIncomingStreamsRequestParameter::SerializeTo(
                         w, req, n);
      });
      break;
    }
    case 0x8000:
      serialize([](wire::WireWriter& w) {
        return wire::EcnCapableParameter::SerializeTo(w);
      });
      break;
    case 0x8008: {
      Bytes types;
      for (const Value* t :
           r.List("types").value_or(std::vector<const Value*>{})) {
        std::optional<uint8_t> type = ChunkTypeFromValue(*t);
        if (!type) {
          r.Fail("types: " + t->ToString() + " is not a chunk type");
          break;
        }
        types.push_back(*type);
      }
      serialize([&](wire::WireWriter& w) {
        return wire::SupportedExtensionsParameter::SerializeTo(w, types);
      });
      break;
    }
    case 0xC000:
      serialize([](wire::WireWriter& w) {
        return wire::ForwardTsnSupportedParameter::SerializeTo(w);
      });
      break;
    case 0xC006: {
      uint32_t code = static_cast<uint32_t>(
          r.Number("adaptation_code_point", kU32).value_or(0));
      serialize([&](wire::WireWriter& w) {
        return wire::AdaptationLayerIndicationParameter::SerializeTo(w, code);
      });
      break;
    }
    default:
      return spec.text + ": cannot be sent";
  }
  if (nested_error) {
    return nested_error;
  }
  if (!r.ok()) {
    return r.error();
  }
  return ok ? std::nullopt
            : std::optional<std::string>(spec.text +
                                         ": lib/wire refused to serialize it");
}

std::optional<std::string> Builder::Cause(const Value& spec, Bytes& out) {
  if (auto e = CheckSpec(spec, SpecKind::kCause)) {
    return e;
  }
  const SpecDef& def = *FindSpec(SpecKind::kCause, spec.text);
  SpecReader r(spec);
  bool ok = false;
  std::optional<std::string> nested_error;
  auto serialize = [&](auto&& f) { ok = AppendSerialized(out, f); };
  if (def.generic) {
    return GenericTlv(r, "code", "info", out);
  }
  switch (def.type) {
    case 1: {
      uint16_t sid = static_cast<uint16_t>(r.Number("sid", kU16).value_or(0));
      serialize([&](wire::WireWriter& w) {
        return wire::InvalidStreamIdentifierCause::SerializeTo(w,
                                                               StreamId(sid));
      });
      break;
    }
    case 2: {
      std::vector<uint16_t> types;
      for (uint64_t t :
           r.NumberList("types", kU16).value_or(std::vector<uint64_t>{})) {
        types.push_back(static_cast<uint16_t>(t));
      }
      serialize([&](wire::WireWriter& w) {
        return wire::MissingMandatoryParameterCause::SerializeTo(w, types);
      });
      break;
    }
    case 3: {
      uint32_t staleness =
          static_cast<uint32_t>(r.Number("staleness", kU32).value_or(0));
      serialize([&](wire::WireWriter& w) {
        return wire::StaleCookieCause::SerializeTo(w, staleness);
      });
      break;
    }
    case 4:
      serialize([](wire::WireWriter& w) {
        return wire::OutOfResourceCause::SerializeTo(w);
      });
      break;
    case 5:
    case 6: {
      // One nested TLV, without its padding.
      const Value* nested = r.Get(def.type == 5 ? "param" : "chk");
      if (nested == nullptr || nested->is_ellipsis()) {
        r.Fail(std::string(def.type == 5 ? "param" : "chk") + " is required");
        break;
      }
      Bytes tlv;
      nested_error =
          def.type == 5 ? Parameter(*nested, tlv) : Chunk(*nested, tlv);
      if (nested_error) {
        break;
      }
      std::span<const uint8_t> unpadded = Unpadded(tlv);
      serialize([&](wire::WireWriter& w) {
        return def.type == 5
                   ? wire::UnresolvableAddressCause::SerializeTo(w, unpadded)
                   : wire::UnrecognizedChunkTypeCause::SerializeTo(w, unpadded);
      });
      if (!ok) {
        AppendRawTlv(out, def.type, static_cast<uint16_t>(4 + unpadded.size()),
                     unpadded);
        ok = true;
      }
      break;
    }
    case 7:
      serialize([](wire::WireWriter& w) {
        return wire::InvalidMandatoryParameterCause::SerializeTo(w);
      });
      break;
    case 8:
    case 11: {
      Bytes nested;
      nested_error = ParameterList(r, "params", nested);
      if (!nested_error) {
        serialize([&](wire::WireWriter& w) {
          return def.type == 8
                     ? wire::UnrecognizedParametersCause::SerializeTo(w, nested)
                     : wire::RestartWithNewAddressesCause::SerializeTo(w,
                                                                       nested);
        });
      }
      break;
    }
    case 9: {
      // Reports a DATA chunk the SUT sent: its TSN is remapped.
      Tsn tsn(SutTsn(r, "tsn"));
      serialize([&](wire::WireWriter& w) {
        return wire::NoUserDataCause::SerializeTo(w, tsn);
      });
      break;
    }
    case 10:
      serialize([](wire::WireWriter& w) {
        return wire::CookieReceivedWhileShuttingDownCause::SerializeTo(w);
      });
      break;
    case 12:
    case 13: {
      Bytes info = r.Bytes("info").value_or(Bytes{});
      serialize([&](wire::WireWriter& w) {
        return def.type == 12
                   ? wire::UserInitiatedAbortCause::SerializeTo(w, info)
                   : wire::ProtocolViolationCause::SerializeTo(w, info);
      });
      break;
    }
    default:
      return spec.text + ": cannot be sent";
  }
  if (nested_error) {
    return nested_error;
  }
  if (!r.ok()) {
    return r.error();
  }
  return ok ? std::nullopt
            : std::optional<std::string>(spec.text +
                                         ": lib/wire refused to serialize it");
}

struct Summary {
  bool has_init = false;
  bool t_bit = false;
  std::optional<uint32_t> init_tag;
  std::optional<uint32_t> init_ack_tag;
};

// Looks at the chunks actually built (CHUNK[type=0x01, ...] and raw bytes
// included) for what decides the Verification Tag, and for the Initiate
// Tags of well-formed INIT and INIT ACK chunks.
Summary Summarize(std::span<const uint8_t> chunks) {
  Summary s;
  size_t offset = 0;
  while (offset + 4 <= chunks.size()) {
    const uint8_t* c = chunks.data() + offset;
    uint16_t length = LoadBe16(c + 2);
    std::span<const uint8_t> chunk = chunks.subspan(
        offset, std::min<size_t>(length, chunks.size() - offset));
    if (c[0] == 1) {
      s.has_init = true;
      if (auto init = wire::InitChunk::Parse(chunk)) {
        s.init_tag = init->initiate_tag().value();
      }
    } else if (c[0] == 2) {
      if (auto ack = wire::InitAckChunk::Parse(chunk)) {
        s.init_ack_tag = ack->initiate_tag().value();
      }
    } else if ((c[0] == 6 || c[0] == 14) && (c[1] & 0x01) != 0) {
      s.t_bit = true;
    }
    if (length < 4) {
      break;
    }
    offset += wire::RoundUpTo4(length);
  }
  return s;
}

}  // namespace

Result<std::vector<uint8_t>, std::string> BuildChunk(const Value& spec,
                                                     const TesterState& state) {
  Bytes out;
  Builder builder(state);
  if (std::optional<std::string> error = builder.Chunk(spec, out)) {
    return MakeUnexpected(std::move(*error));
  }
  return out;
}

Result<BuiltPacket, std::string> BuildInjectPacket(const PacketEvent& event,
                                                   const TesterState& state,
                                                   const Ports& ports) {
  if (event.protocol != "sctp") {
    return MakeUnexpected("cannot build " + event.protocol + " packets");
  }
  BuiltPacket built;
  Bytes chunks;
  if (event.raw_bytes) {
    for (const Field& f : event.raw_bytes->fields) {
      const Value& b = f.value;
      if (!b.is_number() || b.number < 0 || b.number > 0xff) {
        return MakeUnexpected("raw byte " + b.ToString() + " is not a byte");
      }
      chunks.push_back(static_cast<uint8_t>(b.number));
    }
  } else {
    Builder builder(state);
    for (const Value& spec : event.chunks) {
      if (std::optional<std::string> error = builder.Chunk(spec, chunks)) {
        return MakeUnexpected(std::move(*error));
      }
    }
  }

  Summary summary = Summarize(chunks);
  built.init_tag = summary.init_tag;
  built.init_ack_tag = summary.init_ack_tag;
  std::optional<uint32_t> explicit_tag;
  bool bad_crc = false;
  for (const Field& f : event.header) {
    if (f.name == "tag" && f.value.is_number() && f.value.number >= 0 &&
        f.value.number <= 0xffffffff) {
      explicit_tag = static_cast<uint32_t>(f.value.number);
    } else if (f.name.empty() && f.value.is_symbol("bad_crc32c")) {
      bad_crc = true;
    } else {
      return MakeUnexpected("unsupported packet option sctp(" + f.ToString() +
                            ")");
    }
  }
  uint32_t tester_tag =
      state.tester_tags.empty() ? 0 : state.tester_tags.back();
  if (explicit_tag) {
    uint32_t tag = *explicit_tag;
    if (tag != 0 && !summary.t_bit) {
      tag = state.SutTagToLive(tag);
      // A remapped tag of 0 would read as "INIT only" (packetdrill's rule).
      tag = tag == 0 ? 1 : tag;
    }
    built.verification_tag = tag;
  } else if (summary.has_init) {
    built.verification_tag = 0;
  } else if (summary.t_bit) {
    built.verification_tag = tester_tag;
  } else {
    built.verification_tag = state.sut_tag.value_or(0);
  }

  wire::CommonHeader header{ports.tester, ports.sut,
                            VerificationTag(built.verification_tag), 0};
  Bytes buffer(wire::kCommonHeaderSize + chunks.size() + 4);
  wire::PacketBuilder packet(buffer, header, buffer.size());
  if (!packet.TryAddBytes(chunks)) {
    return MakeUnexpected(std::string("packet does not fit"));
  }
  std::span<uint8_t> bytes = packet.Finish(crc::TxChecksumMode::kSoftware);
  if (bytes.empty()) {
    return MakeUnexpected(std::string("a packet needs at least one chunk"));
  }
  if (bad_crc) {
    bytes[wire::kChecksumOffset] ^= 0xff;
  }
  built.bytes.assign(bytes.begin(), bytes.end());
  return built;
}

}  // namespace dpsctp::packetdrill
