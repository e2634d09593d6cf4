// RFC 6525 §3.1 Re-configuration Chunk (RE-CONFIG) (130)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 130    |  Chunk Flags  |      Chunk Length             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /                  Re-configuration Parameter                   /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// /             Re-configuration Parameter (optional)             /
// /                                                               /
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/reconfig_chunk.h"

#include <string_view>

#include "wire/chunk_type.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::wire {

namespace {

bool IsValidParameterCount(size_t n) noexcept { return n == 1 || n == 2; }

constexpr uint16_t T(ParameterType t) { return static_cast<uint16_t>(t); }

}  // namespace

std::optional<ReconfigChunk> ReconfigChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 6525 §3.1: "Note that each RE-CONFIG chunk holds at least one
  // parameter and at most two parameters."
  std::optional<size_t> n = ValidateTlvList(reader->variable_data());
  if (!n || !IsValidParameterCount(*n)) {
    return std::nullopt;
  }
  // The Chunk Flags are zero on send (RFC 6525 §3.1) and not checked here.
  return ReconfigChunk(data);
}

bool ReconfigChunk::SerializeTo(WireWriter& out,
                                std::span<const uint8_t> parameters) noexcept {
  std::optional<size_t> n = ValidateTlvList(parameters);
  if (!n || !IsValidParameterCount(*n)) {
    return false;
  }
  // RFC 9260 §3.2: the chunk length "does include padding of any
  // variable-length parameter except the last parameter in the chunk".
  std::span<const uint8_t> content =
      parameters.first(TlvListContentSize(parameters).value_or(0));
  auto w = AllocateTlv(out, content.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(content);
  return true;
}

size_t ReconfigChunk::parameter_count() const noexcept {
  return ValidateTlvList(parameters()).value_or(0);
}

bool ReconfigChunk::HasAllowedParameterCombination() const noexcept {
  // RFC 6525 §3.1: "Only the following combinations are allowed:"
  //  1. Outgoing SSN Reset Request
  //  2. Incoming SSN Reset Request
  //  3. Outgoing SSN Reset Request, Incoming SSN Reset Request
  //  4. SSN/TSN Reset Request
  //  5. Add Outgoing Streams Request
  //  6. Add Incoming Streams Request
  //  7. Add Outgoing Streams Request, Add Incoming Streams Request
  //  8. Re-configuration Response
  //  9. Re-configuration Response, Outgoing SSN Reset Request
  // 10. Re-configuration Response, Re-configuration Response
  constexpr uint16_t kOut = T(ParameterType::kOutgoingSsnResetRequest);
  constexpr uint16_t kIn = T(ParameterType::kIncomingSsnResetRequest);
  constexpr uint16_t kSsnTsn = T(ParameterType::kSsnTsnResetRequest);
  constexpr uint16_t kResp = T(ParameterType::kReconfigurationResponse);
  constexpr uint16_t kAddOut = T(ParameterType::kAddOutgoingStreamsRequest);
  constexpr uint16_t kAddIn = T(ParameterType::kAddIncomingStreamsRequest);

  TlvIterator it(parameters());
  std::optional<TlvDescriptor> first = it.Next();
  std::optional<TlvDescriptor> second = it.Next();
  if (!first) {
    return false;
  }
  if (!second) {
    uint16_t t = first->type;
    return t == kOut || t == kIn || t == kSsnTsn || t == kAddOut ||
           t == kAddIn || t == kResp;
  }
  auto is_pair = [&](uint16_t a, uint16_t b) {
    return (first->type == a && second->type == b) ||
           (first->type == b && second->type == a);
  };
  return is_pair(kOut, kIn) || is_pair(kAddOut, kAddIn) ||
         is_pair(kResp, kOut) || is_pair(kResp, kResp);
}

std::string ReconfigChunk::ToString() const {
  std::string s = "RE_CONFIG";
  TlvIterator it(parameters());
  while (auto d = it.Next()) {
    std::string_view name = ParameterTypeName(d->type);
    s += ", ";
    s += name.empty() ? "type=" + std::to_string(d->type) : std::string(name);
  }
  return s;
}

}  // namespace dpsctp::wire
