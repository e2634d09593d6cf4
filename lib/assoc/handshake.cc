#include "assoc/handshake.h"

#include "common/byte_order.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/error_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk_type.h"
#include "wire/parameter/cookie_preservative_parameter.h"
#include "wire/parameter/ipv4_address_parameter.h"
#include "wire/parameter/ipv6_address_parameter.h"
#include "wire/parameter/state_cookie_parameter.h"
#include "wire/parameter/supported_address_types_parameter.h"
#include "wire/parameter/unrecognized_parameter_parameter.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::assoc {
namespace {

using wire::ParameterType;

void AddAddress(PeerInitInfo& info, const IpAddress& address) noexcept {
  if (address.empty()) return;
  for (size_t i = 0; i < info.address_count; ++i) {
    if (info.addresses[i] == address) return;
  }
  // More addresses than a cookie holds: the first ones are kept (the source
  // is always first). A peer with more than 8 addresses is rare.
  if (info.address_count < info.addresses.size()) {
    info.addresses[info.address_count++] = address;
  }
}

// Parameters this build knows by type, whether or not it uses the feature:
// only unknown types are reported (RFC 9260 §3.2.1).
bool IsKnownInitParameter(uint16_t type, bool is_init_ack) noexcept {
  switch (static_cast<ParameterType>(type)) {
    case ParameterType::kIpv4Address:
    case ParameterType::kIpv6Address:
    case ParameterType::kHostNameAddress:
    case ParameterType::kEcnCapable:
    case ParameterType::kZeroChecksumAcceptable:
    case ParameterType::kRandom:
    case ParameterType::kChunkList:
    case ParameterType::kRequestedHmacAlgorithm:
    case ParameterType::kPadding:
    case ParameterType::kSupportedExtensions:
    case ParameterType::kForwardTsnSupported:
    case ParameterType::kAdaptationLayerIndication:
      return true;
    case ParameterType::kCookiePreservative:
    case ParameterType::kSupportedAddressTypes:
      return !is_init_ack;
    case ParameterType::kStateCookie:
    case ParameterType::kUnrecognizedParameter:
      return is_init_ack;
    default:
      return false;
  }
}

}  // namespace

PeerInitInfo ReadInitParameters(std::span<const uint8_t> parameters,
                                const IpAddress& source,
                                bool is_init_ack) noexcept {
  PeerInitInfo info;
  AddAddress(info, source);
  wire::TlvIterator it(parameters);
  while (std::optional<wire::TlvDescriptor> p = it.Next()) {
    if (!IsKnownInitParameter(p->type, is_init_ack)) {
      // §3.2.1: the upper two bits of the Parameter Type say what to do.
      wire::UnrecognizedAction action = wire::UnrecognizedParameterAction(p->type);
      if (wire::ShouldReport(action) &&
          info.unrecognized_count < info.unrecognized.size()) {
        info.unrecognized[info.unrecognized_count++] = p->data;
      }
      if (wire::ShouldStop(action)) {
        info.stopped_early = true;
        break;
      }
      continue;
    }
    switch (static_cast<ParameterType>(p->type)) {
      case ParameterType::kIpv4Address: {
        auto v = wire::Ipv4AddressParameter::Parse(p->data);
        if (!v) {
          info.malformed = true;
          break;
        }
        auto a = v->address();
        AddAddress(info, IpAddress::V4(std::span<const uint8_t, 4>(a)));
        break;
      }
      case ParameterType::kIpv6Address: {
        auto v = wire::Ipv6AddressParameter::Parse(p->data);
        if (!v) {
          info.malformed = true;
          break;
        }
        auto a = v->address();
        AddAddress(info, IpAddress::V6(std::span<const uint8_t, 16>(a)));
        break;
      }
      case ParameterType::kHostNameAddress:
        info.host_name = true;
        info.host_name_parameter = p->data;
        break;
      case ParameterType::kCookiePreservative: {
        auto v = wire::CookiePreservativeParameter::Parse(p->data);
        if (v) {
          info.cookie_preservative_ms = v->life_span_increment_ms();
        } else {
          info.malformed = true;
        }
        break;
      }
      case ParameterType::kStateCookie: {
        auto v = wire::StateCookieParameter::Parse(p->data);
        if (v) {
          info.state_cookie = v->cookie();
          info.has_state_cookie = true;
        } else {
          info.malformed = true;
        }
        break;
      }
      case ParameterType::kForwardTsnSupported:
        info.capabilities |= CookieCapability::kForwardTsn;
        break;
      default:
        // Known, not used by this build: ignored without a report.
        break;
    }
  }
  return info;
}

InitVerdict CheckInitFields(const wire::InitFields& fields) noexcept {
  // §3.3.2: "If the value of the Initiate Tag in a received INIT chunk is
  // found to be 0, the receiver MUST silently discard the packet."
  if (fields.initiate_tag.value() == 0) return InitVerdict::kDiscard;
  // §3.3.2: a_rwnd < 1500, OS 0 or MIS 0: "MUST discard the packet, SHOULD
  // send a packet in response containing an ABORT chunk and using the
  // Initiate Tag as the Verification Tag, and MUST NOT change the state of
  // any existing association."
  if (fields.a_rwnd < 1500 || fields.outbound_streams == 0 ||
      fields.inbound_streams == 0) {
    return InitVerdict::kAbortInvalid;
  }
  return InitVerdict::kOk;
}

bool WriteInitAckChunk(wire::WireWriter& out, const wire::InitFields& ours,
                       const CookieContents& cookie,
                       const CookieAuthenticator& authenticator,
                       const PeerInitInfo& info) noexcept {
  std::optional<size_t> start = wire::InitAckChunk::Open(out, ours);
  if (!start) return false;
  // §3.2.2: "the unrecognized parameters ... are bundled with the INIT ACK
  // chunk in an Unrecognized Parameter parameter" (one per parameter here).
  for (size_t i = 0; i < info.unrecognized_count; ++i) {
    if (!wire::UnrecognizedParameterParameter::SerializeTo(
            out, info.unrecognized[i]) ||
        !out.PadTo4()) {
      return false;
    }
  }
  // State Cookie parameter: header, then the cookie made in place.
  size_t param_start = out.size();
  std::span<uint8_t> header = out.Append(4);
  if (header.size() != 4) return false;
  if (!authenticator.Make(cookie, out)) return false;
  size_t param_length = out.size() - param_start;
  StoreBe16(header.data(), static_cast<uint16_t>(ParameterType::kStateCookie));
  StoreBe16(header.data() + 2, static_cast<uint16_t>(param_length));
  if (!out.PadTo4()) return false;
  return wire::InitAckChunk::Close(out, *start);
}

bool WriteInitChunk(wire::WireWriter& out, const wire::InitFields& ours,
                    const IpAddress& local_address,
                    uint32_t preservative_ms) noexcept {
  std::optional<size_t> start = wire::InitChunk::Open(out, ours);
  if (!start) return false;
  // §3.3.2.1.5: the address types we accept. We list the family we speak.
  uint16_t type = local_address.is_v6()
                      ? static_cast<uint16_t>(ParameterType::kIpv6Address)
                      : static_cast<uint16_t>(ParameterType::kIpv4Address);
  if (!wire::SupportedAddressTypesParameter::SerializeTo(
          out, std::span<const uint16_t>(&type, 1)) ||
      !out.PadTo4()) {
    return false;
  }
  if (preservative_ms > 0 &&
      (!wire::CookiePreservativeParameter::SerializeTo(out, preservative_ms) ||
       !out.PadTo4())) {
    return false;
  }
  return wire::InitChunk::Close(out, *start);
}

CookieContents MakeCookieContents(const wire::InitChunk& init,
                                  const PeerInitInfo& info,
                                  const wire::InitFields& ours,
                                  uint16_t local_port, uint16_t peer_port,
                                  TieTag local_tie, TieTag peer_tie,
                                  TimePoint now,
                                  const AssocOptions& options) noexcept {
  CookieContents c;
  c.local_initiate_tag = ours.initiate_tag;
  c.local_initial_tsn = ours.initial_tsn;
  c.peer_initiate_tag = init.initiate_tag();
  c.peer_initial_tsn = init.initial_tsn();
  c.peer_a_rwnd = init.a_rwnd();
  // §5.1.1: our outbound streams are capped by the peer's MIS; our inbound
  // streams by what the peer wants to open, within our MIS.
  c.outbound_streams = ours.outbound_streams;
  c.inbound_streams =
      NegotiateStreams(init.outbound_streams(), ours.inbound_streams);
  c.local_port = local_port;
  c.peer_port = peer_port;
  c.peer_capabilities = info.capabilities & kLocalCapabilities;
  c.local_tie_tag = local_tie;
  c.peer_tie_tag = peer_tie;
  c.address_count = static_cast<uint8_t>(info.address_count);
  for (size_t i = 0; i < info.address_count; ++i) {
    const IpAddress& a = info.addresses[i];
    c.peer_addresses[i].family =
        a.is_v4() ? CookieAddress::kIpv4 : CookieAddress::kIpv6;
    c.peer_addresses[i].bytes = a.bytes;
  }
  c.created = now;
  c.lifespan = CookieLifespan(options.valid_cookie_life,
                              info.cookie_preservative_ms,
                              options.max_cookie_preservative);
  return c;
}

namespace {

// One cause TLV (§3.3.10): code, length, information, padding.
bool WriteCause(wire::WireWriter& out, uint16_t cause_code,
                std::span<const uint8_t> cause_info) noexcept {
  std::span<uint8_t> h = out.Append(4);
  if (h.size() != 4 || !out.AppendBytes(cause_info)) return false;
  StoreBe16(h.data(), cause_code);
  StoreBe16(h.data() + 2, static_cast<uint16_t>(4 + cause_info.size()));
  return out.PadTo4();
}

}  // namespace

bool WriteErrorChunk(wire::WireWriter& out, uint16_t cause_code,
                     std::span<const uint8_t> cause_info) noexcept {
  std::optional<size_t> start = wire::ErrorChunk::Open(out);
  return start && WriteCause(out, cause_code, cause_info) &&
         wire::ErrorChunk::Close(out, *start);
}

bool WriteAbortChunk(wire::WireWriter& out, bool t_bit, uint16_t cause_code,
                     std::span<const uint8_t> cause_info) noexcept {
  std::optional<size_t> start = wire::AbortChunk::Open(out, t_bit);
  if (!start) return false;
  if (cause_code != 0 && !WriteCause(out, cause_code, cause_info)) {
    return false;
  }
  return wire::AbortChunk::Close(out, *start);
}

}  // namespace dpsctp::assoc
