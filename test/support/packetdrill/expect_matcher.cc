#include "test/support/packetdrill/expect_matcher.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "buf/packet_view.h"
#include "common/byte_order.h"
#include "crc/crc32c.h"
#include "test/support/packetdrill/spec_catalog.h"
#include "test/support/packetdrill/spec_reader.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/asconf_ack_chunk.h"
#include "wire/chunk/asconf_chunk.h"
#include "wire/chunk/auth_chunk.h"
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
#include "wire/chunk/pad_chunk.h"
#include "wire/chunk/reconfig_chunk.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/chunk/shutdown_ack_chunk.h"
#include "wire/chunk/shutdown_chunk.h"
#include "wire/chunk/shutdown_complete_chunk.h"
#include "wire/common_header.h"
#include "wire/packet_parser.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::packetdrill {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint64_t kU16 = 0xffff;
constexpr uint64_t kU32 = 0xffffffff;

std::string HexNumber(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string ByteList(std::span<const uint8_t> bytes) {
  std::string s = "[";
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 16 && bytes.size() > 20) {
      s += ", ... (" + std::to_string(bytes.size()) + " bytes)";
      break;
    }
    char buf[8];
    std::snprintf(buf, sizeof(buf), "%s0x%02x", i > 0 ? ", " : "", bytes[i]);
    s += buf;
  }
  return s + "]";
}

template <typename T>
std::string NumberList(const std::vector<T>& values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    s += (i > 0 ? ", " : "") + std::to_string(values[i]);
  }
  return s + "]";
}

struct Tlv {
  uint16_t type = 0;
  std::span<const uint8_t> data;  // exactly Length bytes
  std::span<const uint8_t> value() const { return data.subspan(4); }
};

std::optional<std::vector<Tlv>> SplitTlvs(std::span<const uint8_t> list) {
  std::vector<Tlv> out;
  wire::TlvIterator it(list);
  while (std::optional<wire::TlvDescriptor> d = it.Next()) {
    out.push_back(Tlv{d->type, d->data});
  }
  if (it.error() != wire::TlvError::kNone) {
    return std::nullopt;
  }
  return out;
}

std::string TlvNames(const std::vector<Tlv>& tlvs, SpecKind kind) {
  std::string s;
  for (const Tlv& t : tlvs) {
    s += (s.empty() ? "" : ", ") + SpecName(kind, t.type);
  }
  return "[" + s + "]";
}

template <typename Chunk>
std::optional<std::string> ParsedToString(std::span<const uint8_t> chunk) {
  std::optional<Chunk> c = Chunk::Parse(chunk);
  if (!c) {
    return std::nullopt;
  }
  return c->ToString();
}

using Describer = std::optional<std::string> (*)(std::span<const uint8_t>);

// Every chunk type lib/wire has a view for.
constexpr std::pair<uint8_t, Describer> kDescribers[] = {
    {0, &ParsedToString<wire::DataChunk>},
    {1, &ParsedToString<wire::InitChunk>},
    {2, &ParsedToString<wire::InitAckChunk>},
    {3, &ParsedToString<wire::SackChunk>},
    {4, &ParsedToString<wire::HeartbeatRequestChunk>},
    {5, &ParsedToString<wire::HeartbeatAckChunk>},
    {6, &ParsedToString<wire::AbortChunk>},
    {7, &ParsedToString<wire::ShutdownChunk>},
    {8, &ParsedToString<wire::ShutdownAckChunk>},
    {9, &ParsedToString<wire::ErrorChunk>},
    {10, &ParsedToString<wire::CookieEchoChunk>},
    {11, &ParsedToString<wire::CookieAckChunk>},
    {12, &ParsedToString<wire::EcneChunk>},
    {13, &ParsedToString<wire::CwrChunk>},
    {14, &ParsedToString<wire::ShutdownCompleteChunk>},
    {15, &ParsedToString<wire::AuthChunk>},
    {16, &ParsedToString<wire::NrSackChunk>},
    {64, &ParsedToString<wire::IDataChunk>},
    {0x80, &ParsedToString<wire::AsconfAckChunk>},
    {130, &ParsedToString<wire::ReconfigChunk>},
    {132, &ParsedToString<wire::PadChunk>},
    {192, &ParsedToString<wire::ForwardTsnChunk>},
    {0xC1, &ParsedToString<wire::AsconfChunk>},
    {194, &ParsedToString<wire::IForwardTsnChunk>},
};

std::string DescribeChunk(std::span<const uint8_t> chunk) {
  std::optional<std::string> s;
  for (const auto& [type, describe] : kDescribers) {
    if (type == chunk[0]) {
      s = describe(chunk);
    }
  }
  if (s) {
    return *s;
  }
  char buf[64];
  std::snprintf(buf, sizeof(buf), " (undecoded) flags=0x%02x length=%u ",
                chunk[1], LoadBe16(chunk.data() + 2));
  return SpecName(SpecKind::kChunk, chunk[0]) + buf +
         ByteList(chunk.subspan(4));
}

class Matcher {
 public:
  explicit Matcher(TesterState& state) : state_(state) {}

  MatchResult Packet(const PacketEvent& expected,
                     std::span<const uint8_t> actual, const Ports& ports);

 private:
  // Record the first problem (with the current context) and return false.
  bool Mismatch(const std::string& message) {
    return Record(MatchResult::Status::kMismatch, message);
  }
  bool BadSpec(const std::string& message) {
    return Record(MatchResult::Status::kBadSpec, message);
  }
  bool Record(MatchResult::Status status, const std::string& message) {
    if (status_ == MatchResult::Status::kMatch) {
      status_ = status;
      std::string where;
      for (const std::string& c : context_) {
        where += c + ": ";
      }
      message_ = where + message;
    }
    return false;
  }
  bool SpecOk(const SpecReader& r) { return r.ok() || BadSpec(r.error()); }

  // Pushes a context ("SACK", "STATE_COOKIE") for the messages inside.
  class Scope {
   public:
    Scope(Matcher& m, std::string name) : m_(m) {
      m_.context_.push_back(std::move(name));
    }
    ~Scope() { m_.context_.pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Matcher& m_;
  };

  bool Chunk(const Value& spec, std::span<const uint8_t> chunk);
  bool ChunkFields(SpecReader& r, std::span<const uint8_t> chunk);
  bool TlvList(const std::vector<const Value*>& specs,
               std::span<const uint8_t> list, SpecKind kind);
  bool Glob(const std::vector<const Value*>& specs, size_t s,
            const std::vector<Tlv>& tlvs, size_t t, SpecKind kind);
  bool OneTlv(const Value& spec, const Tlv& tlv, SpecKind kind);
  bool ParameterFields(SpecReader& r, const Tlv& tlv);
  bool CauseFields(SpecReader& r, const Tlv& tlv);
  bool NestedList(SpecReader& r, std::string_view field,
                  std::span<const uint8_t> list);

  bool Malformed(std::string_view what) {
    return Mismatch("malformed " + std::string(what) +
                    " (lib/wire rejects it)");
  }
  bool Plain(SpecReader& r, std::string_view field, uint64_t live,
             uint64_t max);
  bool SutTsn(SpecReader& r, std::string_view field, uint32_t live);
  bool SutTag(SpecReader& r, std::string_view field, uint32_t live);
  bool SutNumber(SpecReader& r, std::string_view field, uint32_t live,
                 std::optional<ValueBinding>& binding, const char* what);
  bool BytesField(SpecReader& r, std::string_view field,
                  std::span<const uint8_t> live);
  bool NumbersField(SpecReader& r, std::string_view field,
                    const std::vector<uint64_t>& live, uint64_t max);
  bool GapsField(SpecReader& r, std::string_view field,
                 const std::vector<std::pair<uint16_t, uint16_t>>& live);
  bool IdsField(SpecReader& r, const std::vector<uint64_t>& live,
                const char* shape);

  bool CheckVerificationTag(uint32_t tag,
                            const std::vector<std::span<const uint8_t>>& cs);
  void Learn(const std::vector<std::span<const uint8_t>>& chunks);

  TesterState& state_;
  std::vector<std::string> context_;
  MatchResult::Status status_ = MatchResult::Status::kMatch;
  std::string message_;
};

bool Matcher::Plain(SpecReader& r, std::string_view field, uint64_t live,
                    uint64_t max) {
  std::optional<uint64_t> want = r.Number(field, max);
  if (!SpecOk(r)) {
    return false;
  }
  if (want && *want != live) {
    return Mismatch(std::string(field) + ": expected " + std::to_string(*want) +
                    ", got " + std::to_string(live));
  }
  return true;
}

bool Matcher::SutNumber(SpecReader& r, std::string_view field, uint32_t live,
                        std::optional<ValueBinding>& binding,
                        const char* what) {
  std::optional<uint64_t> want = r.Number(field, kU32);
  if (!SpecOk(r)) {
    return false;
  }
  if (!want) {
    return true;
  }
  auto script = static_cast<uint32_t>(*want);
  if (!binding) {
    // First sight of the SUT's value: the script's name for it.
    binding = ValueBinding{script, live};
    return true;
  }
  uint32_t expected = binding->ToLive(script);
  if (expected == live) {
    return true;
  }
  return Mismatch(
      std::string(field) + ": expected " + std::to_string(script) + ", got " +
      std::to_string(binding->script + (live - binding->live)) + " (live " +
      what + " " + HexNumber(expected) + " vs " + HexNumber(live) + ")");
}

bool Matcher::SutTsn(SpecReader& r, std::string_view field, uint32_t live) {
  return SutNumber(r, field, live, state_.sut_tsn_binding, "TSN");
}

bool Matcher::SutTag(SpecReader& r, std::string_view field, uint32_t live) {
  return SutNumber(r, field, live, state_.sut_tag_binding, "tag");
}

bool Matcher::BytesField(SpecReader& r, std::string_view field,
                         std::span<const uint8_t> live) {
  std::optional<Bytes> want = r.Bytes(field);
  if (!SpecOk(r)) {
    return false;
  }
  if (want &&
      !std::equal(want->begin(), want->end(), live.begin(), live.end())) {
    return Mismatch(std::string(field) + ": expected " + ByteList(*want) +
                    ", got " + ByteList(live));
  }
  return true;
}

bool Matcher::NumbersField(SpecReader& r, std::string_view field,
                           const std::vector<uint64_t>& live, uint64_t max) {
  std::optional<std::vector<uint64_t>> want = r.NumberList(field, max);
  if (!SpecOk(r)) {
    return false;
  }
  if (want && *want != live) {
    return Mismatch(std::string(field) + ": expected " + NumberList(*want) +
                    ", got " + NumberList(live));
  }
  return true;
}

bool Matcher::GapsField(
    SpecReader& r, std::string_view field,
    const std::vector<std::pair<uint16_t, uint16_t>>& live) {
  auto want = r.Gaps(field);
  if (!SpecOk(r)) {
    return false;
  }
  if (want && *want != live) {
    auto text = [](const auto& gaps) {
      std::string s;
      for (const auto& [start, end] : gaps) {
        s += (s.empty() ? "" : ", ") + std::to_string(start) + ":" +
             std::to_string(end);
      }
      return "[" + s + "]";
    };
    return Mismatch(std::string(field) + ": expected " + text(*want) +
                    ", got " + text(live));
  }
  return true;
}

// ids=[{1, 0}, ...] of FORWARD TSN and I-FORWARD-TSN, against the live
// entries flattened.
bool Matcher::IdsField(SpecReader& r, const std::vector<uint64_t>& live,
                       const char* shape) {
  std::optional<std::vector<const Value*>> want = r.List("ids");
  if (!SpecOk(r) || !want) {
    return SpecOk(r);
  }
  std::vector<uint64_t> flat;
  for (const Value* id : *want) {
    for (const Field& f : id->fields) {
      flat.push_back(r.ToNumber(f.value, kU32, "ids").value_or(0));
    }
  }
  if (!SpecOk(r)) {
    return false;
  }
  return flat == live ||
         Mismatch("ids: expected " + r.Get("ids")->ToString() + ", got " +
                  NumberList(live) + " (" + shape + ")");
}

bool Matcher::Chunk(const Value& spec, std::span<const uint8_t> chunk) {
  if (auto e = CheckSpec(spec, SpecKind::kChunk)) {
    return BadSpec(*e);
  }
  const SpecDef& def = *FindSpec(SpecKind::kChunk, spec.text);
  SpecReader r(spec);
  const uint8_t type = chunk[0];
  std::optional<uint8_t> want_type = static_cast<uint8_t>(def.type);
  if (def.generic) {
    const Value* t = r.Get("type");
    want_type = std::nullopt;
    if (t != nullptr && !t->is_ellipsis()) {
      want_type = ChunkTypeFromValue(*t);
      if (!want_type) {
        return BadSpec("CHUNK: type=" + t->ToString() + " is not a chunk type");
      }
    }
  }
  if (want_type && *want_type != type) {
    return Mismatch("expected " + SpecName(SpecKind::kChunk, *want_type) +
                    ", got " + SpecName(SpecKind::kChunk, type));
  }
  std::optional<uint8_t> flags = r.Flags(type);
  if (!SpecOk(r)) {
    return false;
  }
  uint8_t got_flags = chunk[1];
  // The I bit of DATA is a sender's hint, set wherever it helps (RFC 9260
  // §6.1: "why the sender has set the I bit is irrelevant to the
  // receiver"); scripts that predate it (RFC 7053) expect it clear. It is
  // compared only when the script sets it.
  if (flags && type == 0 && (*flags & 0x08) == 0) got_flags &= ~0x08;
  if (flags && *flags != got_flags) {
    return Mismatch("flgs: expected " + HexNumber(*flags) + ", got " +
                    HexNumber(chunk[1]));
  }
  if (!Plain(r, "len", chunk.size(), kU16)) {
    return false;
  }
  if (def.generic) {
    return BytesField(r, "val", chunk.subspan(4));
  }
  return ChunkFields(r, chunk);
}

bool Matcher::ChunkFields(SpecReader& r, std::span<const uint8_t> chunk) {
  const uint8_t type = chunk[0];
  const std::string name = SpecName(SpecKind::kChunk, type);
  switch (type) {
    case 0: {
      auto c = wire::DataChunk::Parse(chunk);
      return c ? SutTsn(r, "tsn", c->tsn().value()) &&
                     Plain(r, "sid", c->stream_id().value(), kU16) &&
                     Plain(r, "ssn", c->ssn().value(), kU16) &&
                     Plain(r, "ppid", c->ppid().value(), kU32)
               : Malformed(name);
    }
    case 1:
    case 2: {
      std::optional<wire::InitFields> f;
      std::span<const uint8_t> params;
      if (type == 1) {
        if (auto c = wire::InitChunk::Parse(chunk)) {
          f = c->fields();
          params = c->parameters();
        }
      } else if (auto c = wire::InitAckChunk::Parse(chunk)) {
        f = c->fields();
        params = c->parameters();
      }
      if (!f) {
        return Malformed(name);
      }
      return SutTag(r, "tag", f->initiate_tag.value()) &&
             Plain(r, "a_rwnd", f->a_rwnd, kU32) &&
             Plain(r, "os", f->outbound_streams, kU16) &&
             Plain(r, "is", f->inbound_streams, kU16) &&
             SutTsn(r, "tsn", f->initial_tsn.value()) &&
             TlvList(r.Elements(), params, SpecKind::kParameter);
    }
    case 3:
    case 16: {
      std::vector<std::pair<uint16_t, uint16_t>> gaps;
      std::vector<std::pair<uint16_t, uint16_t>> nr_gaps;
      std::vector<uint64_t> dups;
      uint32_t cum_tsn = 0;
      uint32_t a_rwnd = 0;
      if (type == 3) {
        auto c = wire::SackChunk::Parse(chunk);
        if (!c) {
          return Malformed(name);
        }
        cum_tsn = c->cumulative_tsn_ack().value();
        a_rwnd = c->a_rwnd();
        for (size_t i = 0; i < c->gap_ack_block_count(); ++i) {
          gaps.emplace_back(c->gap_ack_block(i).start, c->gap_ack_block(i).end);
        }
        for (size_t i = 0; i < c->duplicate_tsn_count(); ++i) {
          dups.push_back(c->duplicate_tsn(i).value());
        }
      } else {
        auto c = wire::NrSackChunk::Parse(chunk);
        if (!c) {
          return Malformed(name);
        }
        cum_tsn = c->cumulative_tsn_ack().value();
        a_rwnd = c->a_rwnd();
        for (size_t i = 0; i < c->gap_ack_block_count(); ++i) {
          gaps.emplace_back(c->gap_ack_block(i).start, c->gap_ack_block(i).end);
        }
        for (size_t i = 0; i < c->nr_gap_ack_block_count(); ++i) {
          nr_gaps.emplace_back(c->nr_gap_ack_block(i).start,
                               c->nr_gap_ack_block(i).end);
        }
        for (size_t i = 0; i < c->duplicate_tsn_count(); ++i) {
          dups.push_back(c->duplicate_tsn(i).value());
        }
      }
      // The SUT acknowledges the tester's TSNs: no remapping.
      return Plain(r, "cum_tsn", cum_tsn, kU32) &&
             Plain(r, "a_rwnd", a_rwnd, kU32) && GapsField(r, "gaps", gaps) &&
             (type == 3 || GapsField(r, "nr_gaps", nr_gaps)) &&
             NumbersField(r, "dups", dups, kU32);
    }
    case 4:
    case 5: {
      std::span<const uint8_t> params;
      if (type == 4) {
        if (auto c = wire::HeartbeatRequestChunk::Parse(chunk)) {
          params = c->parameters();
        } else {
          return Malformed(name);
        }
      } else if (auto c = wire::HeartbeatAckChunk::Parse(chunk)) {
        params = c->parameters();
      } else {
        return Malformed(name);
      }
      return TlvList(r.Elements(), params, SpecKind::kParameter);
    }
    case 6:
    case 9: {
      std::span<const uint8_t> causes;
      if (type == 6) {
        if (auto c = wire::AbortChunk::Parse(chunk)) {
          causes = c->error_causes();
        } else {
          return Malformed(name);
        }
      } else if (auto c = wire::ErrorChunk::Parse(chunk)) {
        causes = c->error_causes();
      } else {
        return Malformed(name);
      }
      return TlvList(r.Elements(), causes, SpecKind::kCause);
    }
    case 7: {
      auto c = wire::ShutdownChunk::Parse(chunk);
      return c ? Plain(r, "cum_tsn", c->cumulative_tsn_ack().value(), kU32)
               : Malformed(name);
    }
    case 8:
      return wire::ShutdownAckChunk::Parse(chunk) ? true : Malformed(name);
    case 10: {
      auto c = wire::CookieEchoChunk::Parse(chunk);
      return c ? BytesField(r, "val", c->cookie()) : Malformed(name);
    }
    case 11:
      return wire::CookieAckChunk::Parse(chunk) ? true : Malformed(name);
    case 12: {
      auto c = wire::EcneChunk::Parse(chunk);
      return c ? Plain(r, "tsn", c->lowest_tsn().value(), kU32)
               : Malformed(name);
    }
    case 13: {
      auto c = wire::CwrChunk::Parse(chunk);
      return c ? Plain(r, "tsn", c->lowest_tsn().value(), kU32)
               : Malformed(name);
    }
    case 14:
      return wire::ShutdownCompleteChunk::Parse(chunk) ? true : Malformed(name);
    case 64: {
      auto c = wire::IDataChunk::Parse(chunk);
      if (!c) {
        return Malformed(name);
      }
      return SutTsn(r, "tsn", c->tsn().value()) &&
             Plain(r, "sid", c->stream_id().value(), kU16) &&
             Plain(r, "res", LoadBe16(chunk.data() + 10), kU16) &&
             Plain(r, "mid", c->mid().value(), kU32) &&
             (c->beginning() ? Plain(r, "ppid", c->ppid().value(), kU32)
                             : Plain(r, "fsn", c->fsn().value(), kU32));
    }
    case 130: {
      auto c = wire::ReconfigChunk::Parse(chunk);
      return c ? TlvList(r.Elements(), c->parameters(), SpecKind::kParameter)
               : Malformed(name);
    }
    case 132:
      return wire::PadChunk::Parse(chunk) ? true : Malformed(name);
    case 192: {
      auto c = wire::ForwardTsnChunk::Parse(chunk);
      if (!c) {
        return Malformed(name);
      }
      std::vector<uint64_t> ids;
      for (size_t i = 0; i < c->skipped_stream_count(); ++i) {
        ids.push_back(c->skipped_stream(i).stream_id.value());
        ids.push_back(c->skipped_stream(i).ssn.value());
      }
      return SutTsn(r, "cum_tsn", c->new_cumulative_tsn().value()) &&
             IdsField(r, ids, "sid, ssn pairs");
    }
    case 194: {
      auto c = wire::IForwardTsnChunk::Parse(chunk);
      if (!c) {
        return Malformed(name);
      }
      std::vector<uint64_t> ids;
      for (size_t i = 0; i < c->skipped_stream_count(); ++i) {
        ids.push_back(c->skipped_stream(i).stream_id.value());
        ids.push_back(c->skipped_stream(i).unordered ? 1 : 0);
        ids.push_back(c->skipped_stream(i).mid.value());
      }
      return SutTsn(r, "cum_tsn", c->new_cumulative_tsn().value()) &&
             IdsField(r, ids, "sid, u, mid triples");
    }
    default:
      return BadSpec("cannot check a " + name + " chunk");
  }
}

bool Matcher::TlvList(const std::vector<const Value*>& specs,
                      std::span<const uint8_t> list, SpecKind kind) {
  std::optional<std::vector<Tlv>> tlvs = SplitTlvs(list);
  const char* what = kind == SpecKind::kParameter ? "parameters" : "causes";
  if (!tlvs) {
    return Mismatch(std::string("malformed list of ") + what);
  }
  bool glob = std::any_of(specs.begin(), specs.end(),
                          [](const Value* v) { return v->is_ellipsis(); });
  if (glob) {
    if (Glob(specs, 0, *tlvs, 0, kind)) {
      return true;
    }
    if (status_ != MatchResult::Status::kMatch) {
      return false;
    }
    std::string want;
    for (const Value* v : specs) {
      want += (want.empty() ? "" : ", ") +
              (v->is_ellipsis() ? std::string("...") : v->text);
    }
    return Mismatch(std::string(what) + ": expected [" + want + "], got " +
                    TlvNames(*tlvs, kind));
  }
  if (specs.size() != tlvs->size()) {
    std::string want;
    for (const Value* v : specs) {
      want += (want.empty() ? "" : ", ") + v->text;
    }
    return Mismatch(std::string(what) + ": expected " +
                    std::to_string(specs.size()) + " [" + want + "], got " +
                    std::to_string(tlvs->size()) + " " + TlvNames(*tlvs, kind));
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    if (!OneTlv(*specs[i], (*tlvs)[i], kind)) {
      return false;
    }
  }
  return true;
}

// Whether specs[s..] matches tlvs[t..], `...` standing for any run.
// Failed attempts leave no message; a bad spec stops the search.
bool Matcher::Glob(const std::vector<const Value*>& specs, size_t s,
                   const std::vector<Tlv>& tlvs, size_t t, SpecKind kind) {
  if (s == specs.size()) {
    return t == tlvs.size();
  }
  if (specs[s]->is_ellipsis()) {
    for (size_t k = t; k <= tlvs.size(); ++k) {
      if (Glob(specs, s + 1, tlvs, k, kind)) {
        return true;
      }
    }
    return false;
  }
  if (t == tlvs.size()) {
    return false;
  }
  bool one = OneTlv(*specs[s], tlvs[t], kind);
  if (status_ == MatchResult::Status::kMismatch) {
    status_ = MatchResult::Status::kMatch;
    message_.clear();
  }
  return one && Glob(specs, s + 1, tlvs, t + 1, kind);
}

bool Matcher::OneTlv(const Value& spec, const Tlv& tlv, SpecKind kind) {
  if (auto e = CheckSpec(spec, kind)) {
    return BadSpec(*e);
  }
  const SpecDef& def = *FindSpec(kind, spec.text);
  Scope scope(*this, spec.text);
  SpecReader r(spec);
  std::optional<uint64_t> want_type =
      def.generic ? r.Number(kind == SpecKind::kCause ? "code" : "type", kU16)
                  : std::optional<uint64_t>(def.type);
  if (!SpecOk(r)) {
    return false;
  }
  if (want_type && *want_type != tlv.type) {
    return Mismatch("expected " +
                    SpecName(kind, static_cast<uint16_t>(*want_type)) +
                    ", got " + SpecName(kind, tlv.type));
  }
  if (!Plain(r, "len", tlv.data.size(), kU16)) {
    return false;
  }
  if (def.generic) {
    return BytesField(r, kind == SpecKind::kCause ? "info" : "val",
                      tlv.value());
  }
  return kind == SpecKind::kParameter ? ParameterFields(r, tlv)
                                      : CauseFields(r, tlv);
}

bool Matcher::NestedList(SpecReader& r, std::string_view field,
                         std::span<const uint8_t> list) {
  std::optional<std::vector<const Value*>> specs = r.List(field);
  if (!SpecOk(r)) {
    return false;
  }
  return !specs || TlvList(*specs, list, SpecKind::kParameter);
}

bool Matcher::ParameterFields(SpecReader& r, const Tlv& tlv) {
  std::span<const uint8_t> v = tlv.value();
  auto u32_at = [&](size_t offset) {
    return offset + 4 <= v.size() ? LoadBe32(v.data() + offset) : 0;
  };
  auto need = [&](size_t size) {
    return v.size() >= size ||
           Malformed(SpecName(SpecKind::kParameter, tlv.type));
  };
  switch (tlv.type) {
    case 1:       // HEARTBEAT_INFORMATION
    case 7:       // STATE_COOKIE
    case 0x8005:  // PAD
      return BytesField(r, "val", v);
    case 5:
    case 6: {
      if (v.size() != (tlv.type == 5 ? 4u : 16u)) {
        return Malformed(r.name());
      }
      Bytes want;
      if (tlv.type == 5) {
        if (auto a = r.Ipv4("addr")) {
          want.assign(a->begin(), a->end());
        }
      } else if (auto a = r.Ipv6("addr")) {
        want.assign(a->begin(), a->end());
      }
      if (!SpecOk(r)) {
        return false;
      }
      return want.empty() || std::equal(want.begin(), want.end(), v.begin()) ||
             Mismatch("addr: expected " + r.Get("addr")->text + ", got " +
                      ByteList(v));
    }
    case 8:
      return NestedList(r, "params", v);
    case 9:
      return need(4) && Plain(r, "incr", u32_at(0), kU32);
    case 11: {
      const Value* addr = r.Get("addr");
      if (addr == nullptr || addr->is_ellipsis()) {
        return true;
      }
      std::string live(v.begin(), std::find(v.begin(), v.end(), 0));
      return live == addr->text || Mismatch("addr: expected \"" + addr->text +
                                            "\", got \"" + live + "\"");
    }
    case 12:
    case 0x8008: {
      std::vector<uint64_t> live;
      if (tlv.type == 12) {
        for (size_t i = 0; i + 2 <= v.size(); i += 2) {
          live.push_back(LoadBe16(v.data() + i));
        }
      } else {
        live.assign(v.begin(), v.end());
      }
      std::optional<std::vector<const Value*>> want = r.List("types");
      if (!SpecOk(r) || !want) {
        return SpecOk(r);
      }
      std::vector<uint64_t> numbers;
      for (const Value* t : *want) {
        std::optional<uint64_t> n;
        if (tlv.type == 12 && t->is_symbol("IPv4")) {
          n = 5;
        } else if (tlv.type == 12 && t->is_symbol("IPv6")) {
          n = 6;
        } else if (tlv.type == 12 && t->is_symbol("HOSTNAME")) {
          n = 11;
        } else if (tlv.type == 0x8008) {
          n = ChunkTypeFromValue(*t);
        } else {
          n = r.ToNumber(*t, kU16, "types");
        }
        if (!n) {
          return BadSpec("types: " + t->ToString() + " is not a known type");
        }
        numbers.push_back(*n);
      }
      return numbers == live ||
             Mismatch("types: expected " + r.Get("types")->ToString() +
                      ", got " + NumberList(live));
    }
    case 13: {
      // The SUT's own request: its sequence numbers and last TSN are in the
      // SUT's number space (RFC 6525 §5.1.1: they start at the initial TSN).
      if (!need(12)) {
        return false;
      }
      std::vector<uint64_t> sids;
      for (size_t i = 12; i + 2 <= v.size(); i += 2) {
        sids.push_back(LoadBe16(v.data() + i));
      }
      return SutTsn(r, "req_sn", u32_at(0)) &&
             Plain(r, "resp_sn", u32_at(4), kU32) &&
             SutTsn(r, "last_tsn", u32_at(8)) &&
             NumbersField(r, "sids", sids, kU16);
    }
    case 14: {
      if (!need(4)) {
        return false;
      }
      std::vector<uint64_t> sids;
      for (size_t i = 4; i + 2 <= v.size(); i += 2) {
        sids.push_back(LoadBe16(v.data() + i));
      }
      return SutTsn(r, "req_sn", u32_at(0)) &&
             NumbersField(r, "sids", sids, kU16);
    }
    case 15:
      return need(4) && SutTsn(r, "req_sn", u32_at(0));
    case 16:
      if (!need(8)) {
        return false;
      }
      if (v.size() < 16 && (!r.Unspecified("sender_next_tsn") ||
                            !r.Unspecified("receiver_next_tsn"))) {
        return Mismatch("expected next TSNs, the response has none");
      }
      return Plain(r, "resp_sn", u32_at(0), kU32) &&
             Plain(r, "result", u32_at(4), kU32) &&
             (v.size() < 16 ||
              (SutTsn(r, "sender_next_tsn", u32_at(8)) &&
               Plain(r, "receiver_next_tsn", u32_at(12), kU32)));
    case 17:
    case 18:
      return need(6) && SutTsn(r, "req_sn", u32_at(0)) &&
             Plain(r, "number_of_new_streams", LoadBe16(v.data() + 4), kU16);
    case 0xC006:
      return need(4) && Plain(r, "adaptation_code_point", u32_at(0), kU32);
    default:
      return true;  // no fields (ECN_CAPABLE, FORWARD_TSN_SUPPORTED)
  }
}

bool Matcher::CauseFields(SpecReader& r, const Tlv& tlv) {
  std::span<const uint8_t> v = tlv.value();
  auto need = [&](size_t size) {
    return v.size() >= size || Malformed(SpecName(SpecKind::kCause, tlv.type));
  };
  switch (tlv.type) {
    case 1:
      return need(2) && Plain(r, "sid", LoadBe16(v.data()), kU16);
    case 2: {
      if (!need(4)) {
        return false;
      }
      std::vector<uint64_t> types;
      for (size_t i = 4; i + 2 <= v.size(); i += 2) {
        types.push_back(LoadBe16(v.data() + i));
      }
      return NumbersField(r, "types", types, kU16);
    }
    case 3:
      return need(4) && Plain(r, "staleness", LoadBe32(v.data()), kU32);
    case 5: {
      const Value* param = r.Get("param");
      if (param == nullptr || param->is_ellipsis()) {
        return true;
      }
      std::optional<std::vector<Tlv>> nested = SplitTlvs(v);
      if (!nested || nested->size() != 1) {
        return Mismatch("expected one address parameter inside");
      }
      return OneTlv(*param, nested->front(), SpecKind::kParameter);
    }
    case 6: {
      const Value* chk = r.Get("chk");
      if (chk == nullptr || chk->is_ellipsis()) {
        return true;
      }
      // The unrecognized chunk as received, maybe followed by its padding.
      if (v.size() < 4 || LoadBe16(v.data() + 2) < 4 ||
          LoadBe16(v.data() + 2) > v.size()) {
        return Mismatch("expected a whole chunk inside");
      }
      Scope scope(*this, "chk");
      return Chunk(*chk, v.first(LoadBe16(v.data() + 2)));
    }
    case 8:
    case 11:
      return NestedList(r, "params", v);
    case 9:
      // Reports a DATA chunk of the tester: no remapping.
      return need(4) && Plain(r, "tsn", LoadBe32(v.data()), kU32);
    case 12:
    case 13:
      return BytesField(r, "info", v);
    default:
      return true;  // no fields
  }
}

bool Matcher::CheckVerificationTag(
    uint32_t tag, const std::vector<std::span<const uint8_t>>& chunks) {
  bool init = chunks.front()[0] == 1;
  bool init_ack = chunks.front()[0] == 2;
  bool t_bit = std::any_of(chunks.begin(), chunks.end(), [](auto c) {
    return (c[0] == 6 || c[0] == 14) && (c[1] & 0x01) != 0;
  });
  std::string got = HexNumber(tag);
  if (init) {
    return tag == 0 ||
           Mismatch(
               "verification tag: a packet with an INIT must carry 0, "
               "got " +
               got);
  }
  if (t_bit) {
    // Reflected, so it may even be 0 (an answer to an OOTB packet with 0).
    if (state_.last_injected_tag) {
      return tag == *state_.last_injected_tag ||
             Mismatch(
                 "verification tag: the T bit is set, so it must "
                 "reflect the tag of the last packet received, " +
                 HexNumber(*state_.last_injected_tag) + ", got " + got);
    }
    return tag != 0 || Mismatch(
                           "verification tag 0 with the T bit, but nothing was "
                           "sent to reflect");
  }
  if (tag == 0) {
    return Mismatch(
        "verification tag 0 (only allowed with an INIT or a "
        "reflected T-bit tag)");
  }
  if (init_ack && state_.last_init_tag) {
    return tag == *state_.last_init_tag ||
           Mismatch(
               "verification tag: an INIT ACK must carry the INIT's "
               "Initiate Tag " +
               HexNumber(*state_.last_init_tag) + ", got " + got);
  }
  if (std::find(state_.tester_tags.begin(), state_.tester_tags.end(), tag) !=
      state_.tester_tags.end()) {
    return true;
  }
  std::string known;
  for (uint32_t t : state_.tester_tags) {
    known += (known.empty() ? "" : " or ") + HexNumber(t);
  }
  return Mismatch(
      "verification tag: expected the tester's tag " +
      (known.empty() ? std::string("(none announced yet)") : known) + ", got " +
      got);
}

void Matcher::Learn(const std::vector<std::span<const uint8_t>>& chunks) {
  for (std::span<const uint8_t> c : chunks) {
    if (c[0] == 1 || c[0] == 2) {
      std::optional<wire::InitFields> f;
      std::span<const uint8_t> params;
      if (c[0] == 1) {
        if (auto init = wire::InitChunk::Parse(c)) {
          f = init->fields();
        }
      } else if (auto ack = wire::InitAckChunk::Parse(c)) {
        f = ack->fields();
        params = ack->parameters();
      }
      if (f && !state_.sut_tag) {
        state_.sut_tag = f->initiate_tag.value();
      }
      wire::TlvIterator it(params);
      while (std::optional<wire::TlvDescriptor> p = it.Next()) {
        if (p->type == 7) {
          state_.cookie = Bytes(p->value().begin(), p->value().end());
        }
      }
    } else if (c[0] == 4) {
      if (auto hb = wire::HeartbeatRequestChunk::Parse(c)) {
        state_.heartbeat_info =
            Bytes(hb->parameters().begin(), hb->parameters().end());
      }
    }
  }
}

MatchResult Matcher::Packet(const PacketEvent& expected,
                            std::span<const uint8_t> actual,
                            const Ports& ports) {
  auto result = [&]() { return MatchResult{status_, message_}; };
  if (expected.protocol != "sctp") {
    BadSpec("cannot expect " + expected.protocol + " packets");
    return result();
  }
  std::optional<wire::CommonHeader> header = wire::CommonHeader::Parse(actual);
  if (!header) {
    Mismatch("packet shorter than the common header");
    return result();
  }
  buf::PacketView view(actual);
  crc::ChecksumVerdict verdict = crc::VerifySctpChecksum(view);
  if (verdict != crc::ChecksumVerdict::kGood) {
    Mismatch("bad checksum (" + std::string(crc::ToString(verdict)) +
             "): field " + HexNumber(header->checksum) + ", CRC32c " +
             HexNumber(crc::SctpChecksum(view)));
    return result();
  }
  auto parsed = wire::ParsePacket(view);
  if (!parsed) {
    Mismatch("malformed packet: " +
             std::string(wire::PacketErrorName(parsed.error())));
    return result();
  }
  if (header->source_port != ports.sut ||
      header->destination_port != ports.tester) {
    Mismatch("ports: expected " + std::to_string(ports.sut) + " > " +
             std::to_string(ports.tester) + ", got " +
             std::to_string(header->source_port) + " > " +
             std::to_string(header->destination_port));
    return result();
  }
  std::vector<std::span<const uint8_t>> chunks;
  wire::ChunkCursor cursor(view);
  while (std::optional<wire::ChunkDescriptor> d = cursor.Next()) {
    chunks.push_back(actual.subspan(d->offset, d->length));
  }
  if (expected.raw_bytes) {
    Bytes want;
    for (const Field& f : expected.raw_bytes->fields) {
      if (!f.value.is_number() || f.value.number < 0 || f.value.number > 255) {
        BadSpec("raw byte " + f.value.ToString() + " is not a byte");
        return result();
      }
      want.push_back(static_cast<uint8_t>(f.value.number));
    }
    std::span<const uint8_t> body = actual.subspan(wire::kCommonHeaderSize);
    if (!std::equal(want.begin(), want.end(), body.begin(), body.end())) {
      Mismatch("bytes: expected " + ByteList(want) + ", got " + ByteList(body));
    }
  } else if (chunks.size() != expected.chunks.size()) {
    std::string want;
    for (const Value& c : expected.chunks) {
      want += (want.empty() ? "" : ", ") + c.text;
    }
    std::string got;
    for (std::span<const uint8_t> c : chunks) {
      got += (got.empty() ? "" : ", ") + SpecName(SpecKind::kChunk, c[0]);
    }
    Mismatch("expected " + std::to_string(expected.chunks.size()) +
             " chunk(s) [" + want + "], got " + std::to_string(chunks.size()) +
             " [" + got + "]");
  } else {
    for (size_t i = 0; i < chunks.size(); ++i) {
      std::string where = SpecName(SpecKind::kChunk, chunks[i][0]);
      if (chunks.size() > 1) {
        where = "chunk " + std::to_string(i + 1) + " (" + where + ")";
      }
      Scope scope(*this, where);
      if (!Chunk(expected.chunks[i], chunks[i])) {
        break;
      }
    }
  }
  if (status_ == MatchResult::Status::kMatch) {
    CheckVerificationTag(header->verification_tag.value(), chunks);
  }
  if (status_ == MatchResult::Status::kMatch) {
    Learn(chunks);
  }
  return result();
}

}  // namespace

MatchResult MatchExpectedPacket(const PacketEvent& expected,
                                std::span<const uint8_t> actual,
                                TesterState& state, const Ports& ports) {
  // Bindings made while matching count only if everything matched.
  TesterState work = state;
  MatchResult r = Matcher(work).Packet(expected, actual, ports);
  if (r.matched()) {
    state = std::move(work);
  }
  return r;
}

std::string DescribePacket(std::span<const uint8_t> packet) {
  std::optional<wire::CommonHeader> h = wire::CommonHeader::Parse(packet);
  if (!h) {
    return "runt packet " + ByteList(packet);
  }
  buf::PacketView view(packet);
  std::string s = "sctp(" + std::to_string(h->source_port) + " > " +
                  std::to_string(h->destination_port) +
                  ", vtag=" + HexNumber(h->verification_tag.value());
  if (crc::VerifySctpChecksum(view) != crc::ChecksumVerdict::kGood) {
    s += ", bad checksum";
  }
  s += "):";
  wire::ChunkCursor cursor(view);
  bool first = true;
  while (std::optional<wire::ChunkDescriptor> d = cursor.Next()) {
    s += (first ? " " : "; ") +
         DescribeChunk(packet.subspan(d->offset, d->length));
    first = false;
  }
  if (cursor.error() != wire::PacketError::kNone) {
    s += std::string(first ? " " : "; ") + "then malformed (" +
         std::string(wire::PacketErrorName(cursor.error())) + ")";
  }
  return s;
}

std::string DescribeSpecs(const PacketEvent& event) {
  if (event.protocol != "sctp") {
    return event.other;
  }
  std::string s = "sctp";
  if (!event.header.empty()) {
    s += "(";
    for (size_t i = 0; i < event.header.size(); ++i) {
      s += (i > 0 ? ", " : "") + event.header[i].ToString();
    }
    s += ")";
  }
  s += ":";
  if (event.raw_bytes) {
    return s + " " + event.raw_bytes->ToString();
  }
  for (size_t i = 0; i < event.chunks.size(); ++i) {
    s += (i > 0 ? "; " : " ") + event.chunks[i].ToString();
  }
  return s;
}

}  // namespace dpsctp::packetdrill
