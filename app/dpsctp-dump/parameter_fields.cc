#include "parameter_fields.h"

#include <optional>

#include "capture/frame_decoder.h"
#include "wire/chunk_type.h"
#include "wire/error_cause/cookie_received_while_shutting_down_cause.h"
#include "wire/error_cause/illegal_asconf_ack_cause.h"
#include "wire/error_cause/invalid_mandatory_parameter_cause.h"
#include "wire/error_cause/invalid_stream_identifier_cause.h"
#include "wire/error_cause/missing_mandatory_parameter_cause.h"
#include "wire/error_cause/no_user_data_cause.h"
#include "wire/error_cause/operation_refused_no_resource_cause.h"
#include "wire/error_cause/out_of_resource_cause.h"
#include "wire/error_cause/protocol_violation_cause.h"
#include "wire/error_cause/request_refused_no_authorization_cause.h"
#include "wire/error_cause/request_to_delete_last_address_cause.h"
#include "wire/error_cause/request_to_delete_source_address_cause.h"
#include "wire/error_cause/restart_with_new_addresses_cause.h"
#include "wire/error_cause/stale_cookie_cause.h"
#include "wire/error_cause/unrecognized_chunk_type_cause.h"
#include "wire/error_cause/unrecognized_parameters_cause.h"
#include "wire/error_cause/unresolvable_address_cause.h"
#include "wire/error_cause/unsupported_hmac_identifier_cause.h"
#include "wire/error_cause/user_initiated_abort_cause.h"
#include "wire/parameter/adaptation_layer_indication_parameter.h"
#include "wire/parameter/add_incoming_streams_request_parameter.h"
#include "wire/parameter/add_ip_address_parameter.h"
#include "wire/parameter/add_outgoing_streams_request_parameter.h"
#include "wire/parameter/chunk_list_parameter.h"
#include "wire/parameter/cookie_preservative_parameter.h"
#include "wire/parameter/delete_ip_address_parameter.h"
#include "wire/parameter/ecn_capable_parameter.h"
#include "wire/parameter/error_cause_indication_parameter.h"
#include "wire/parameter/forward_tsn_supported_parameter.h"
#include "wire/parameter/heartbeat_info_parameter.h"
#include "wire/parameter/host_name_address_parameter.h"
#include "wire/parameter/incoming_ssn_reset_request_parameter.h"
#include "wire/parameter/ipv4_address_parameter.h"
#include "wire/parameter/ipv6_address_parameter.h"
#include "wire/parameter/outgoing_ssn_reset_request_parameter.h"
#include "wire/parameter/padding_parameter.h"
#include "wire/parameter/random_parameter.h"
#include "wire/parameter/reconfiguration_response_parameter.h"
#include "wire/parameter/requested_hmac_algorithm_parameter.h"
#include "wire/parameter/set_primary_address_parameter.h"
#include "wire/parameter/ssn_tsn_reset_request_parameter.h"
#include "wire/parameter/state_cookie_parameter.h"
#include "wire/parameter/success_indication_parameter.h"
#include "wire/parameter/supported_address_types_parameter.h"
#include "wire/parameter/supported_extensions_parameter.h"
#include "wire/parameter/unrecognized_parameter_parameter.h"
#include "wire/parameter/zero_checksum_acceptable_parameter.h"
#include "wire/tlv_iterator.h"

namespace dpsctp::dump {
namespace {

using wire::ErrorCauseCode;
using wire::ParameterType;

std::string_view TlvErrorName(wire::TlvError e) {
  switch (e) {
    case wire::TlvError::kNone: return "none";
    case wire::TlvError::kTruncatedHeader: return "truncated_header";
    case wire::TlvError::kLengthTooShort: return "length_too_short";
    case wire::TlvError::kLengthPastEnd: return "length_past_end";
    case wire::TlvError::kBadPadding: return "bad_padding";
  }
  return "unknown";
}

// Parses `bytes` with View::Parse; writes the fields with `fn`, or
// "malformed":true when the view rejects them.
template <typename View, typename Fn>
void WithView(std::span<const uint8_t> bytes, JsonWriter& out, Fn fn) {
  std::optional<View> view = View::Parse(bytes);
  if (!view) {
    out.Bool("malformed", true);
    return;
  }
  fn(*view);
}

void WriteAddress(std::string_view key, uint8_t version, const uint8_t* bytes,
                  JsonWriter& out) {
  capture::IpAddress a;
  a.version = version;
  for (size_t i = 0; i < (version == 4 ? 4u : 16u); ++i) {
    a.bytes[i] = bytes[i];
  }
  out.Str(key, capture::FormatAddress(a).view());
}

void WriteByteList(std::string_view key, std::span<const uint8_t> bytes,
                   JsonWriter& out) {
  out.BeginArray(key);
  for (uint8_t b : bytes) {
    out.NumElement(b);
  }
  out.End();
}

void WriteStreams(size_t count, auto get, JsonWriter& out) {
  out.BeginArray("streams");
  for (size_t i = 0; i < count; ++i) {
    out.NumElement(get(i).value());
  }
  out.End();
}

// A nested list: printed in full up to kMaxNesting levels.
void Nested(std::string_view key, std::span<const uint8_t> list, bool causes,
            JsonWriter& out, int depth) {
  if (depth + 1 >= kMaxNesting) {
    out.Num(std::string(key) + "_length", list.size());
    return;
  }
  if (causes) {
    WriteCauseList(key, list, out, depth + 1);
  } else {
    WriteParameterList(key, list, out, depth + 1);
  }
}

void WriteParameterFields(const wire::TlvDescriptor& d, JsonWriter& out,
                          int depth) {
  const std::span<const uint8_t> b = d.data;
  switch (static_cast<ParameterType>(d.type)) {
    case ParameterType::kHeartbeatInfo:
      WithView<wire::HeartbeatInfoParameter>(b, out, [&](const auto& p) {
        out.Num("info_length", p.info().size());
      });
      return;
    case ParameterType::kIpv4Address:
      WithView<wire::Ipv4AddressParameter>(b, out, [&](const auto& p) {
        WriteAddress("address", 4, p.address().data(), out);
      });
      return;
    case ParameterType::kIpv6Address:
      WithView<wire::Ipv6AddressParameter>(b, out, [&](const auto& p) {
        WriteAddress("address", 6, p.address().data(), out);
      });
      return;
    case ParameterType::kStateCookie:
      WithView<wire::StateCookieParameter>(b, out, [&](const auto& p) {
        out.Num("cookie_length", p.cookie().size());
      });
      return;
    case ParameterType::kUnrecognizedParameter:
      WithView<wire::UnrecognizedParameterParameter>(
          b, out, [&](const auto& p) {
            Nested("parameters", p.unrecognized_parameter(), false, out, depth);
          });
      return;
    case ParameterType::kCookiePreservative:
      WithView<wire::CookiePreservativeParameter>(b, out, [&](const auto& p) {
        out.Num("increment_ms", p.life_span_increment_ms());
      });
      return;
    case ParameterType::kHostNameAddress:
      WithView<wire::HostNameAddressParameter>(
          b, out, [&](const auto& p) { out.Str("host_name", p.host_name()); });
      return;
    case ParameterType::kSupportedAddressTypes:
      WithView<wire::SupportedAddressTypesParameter>(
          b, out, [&](const auto& p) {
            out.BeginArray("address_types");
            for (size_t i = 0; i < p.address_type_count(); ++i) {
              out.NumElement(p.address_type(i));
            }
            out.End();
          });
      return;
    case ParameterType::kOutgoingSsnResetRequest:
      WithView<wire::OutgoingSsnResetRequestParameter>(
          b, out, [&](const auto& p) {
            out.Num("request_sn", p.request_sequence_number().value())
                .Num("response_sn", p.response_sequence_number().value())
                .Num("last_tsn", p.sender_last_assigned_tsn().value());
            WriteStreams(
                p.stream_id_count(), [&](size_t i) { return p.stream_id(i); },
                out);
          });
      return;
    case ParameterType::kIncomingSsnResetRequest:
      WithView<wire::IncomingSsnResetRequestParameter>(
          b, out, [&](const auto& p) {
            out.Num("request_sn", p.request_sequence_number().value());
            WriteStreams(
                p.stream_id_count(), [&](size_t i) { return p.stream_id(i); },
                out);
          });
      return;
    case ParameterType::kSsnTsnResetRequest:
      WithView<wire::SsnTsnResetRequestParameter>(b, out, [&](const auto& p) {
        out.Num("request_sn", p.request_sequence_number().value());
      });
      return;
    case ParameterType::kReconfigurationResponse:
      WithView<wire::ReconfigurationResponseParameter>(
          b, out, [&](const auto& p) {
            out.Num("response_sn", p.response_sequence_number().value())
                .Num("result", static_cast<uint32_t>(p.result()))
                .Str("result_name", wire::ToString(p.result()));
            if (auto t = p.sender_next_tsn()) {
              out.Num("sender_next_tsn", t->value());
            }
            if (auto t = p.receiver_next_tsn()) {
              out.Num("receiver_next_tsn", t->value());
            }
          });
      return;
    case ParameterType::kAddOutgoingStreamsRequest:
      WithView<wire::AddOutgoingStreamsRequestParameter>(
          b, out, [&](const auto& p) {
            out.Num("request_sn", p.request_sequence_number().value())
                .Num("new_streams", p.number_of_new_streams());
          });
      return;
    case ParameterType::kAddIncomingStreamsRequest:
      WithView<wire::AddIncomingStreamsRequestParameter>(
          b, out, [&](const auto& p) {
            out.Num("request_sn", p.request_sequence_number().value())
                .Num("new_streams", p.number_of_new_streams());
          });
      return;
    case ParameterType::kEcnCapable:
      WithView<wire::EcnCapableParameter>(b, out, [](const auto&) {});
      return;
    case ParameterType::kZeroChecksumAcceptable:
      WithView<wire::ZeroChecksumAcceptableParameter>(
          b, out, [&](const auto& p) { out.Num("edmid", p.edmid()); });
      return;
    case ParameterType::kRandom:
      WithView<wire::RandomParameter>(b, out, [&](const auto& p) {
        out.Num("random_length", p.random().size());
      });
      return;
    case ParameterType::kChunkList:
      WithView<wire::ChunkListParameter>(b, out, [&](const auto& p) {
        WriteByteList("chunk_types", p.chunk_types(), out);
      });
      return;
    case ParameterType::kRequestedHmacAlgorithm:
      WithView<wire::RequestedHmacAlgorithmParameter>(
          b, out, [&](const auto& p) {
            out.BeginArray("hmac_ids");
            for (size_t i = 0; i < p.hmac_id_count(); ++i) {
              out.NumElement(p.hmac_id(i));
            }
            out.End();
          });
      return;
    case ParameterType::kPadding:
      WithView<wire::PaddingParameter>(b, out, [&](const auto&) {
        out.Num("padding_length", b.size() - 4);
      });
      return;
    case ParameterType::kSupportedExtensions:
      WithView<wire::SupportedExtensionsParameter>(b, out, [&](const auto& p) {
        WriteByteList("chunk_types", p.chunk_types(), out);
      });
      return;
    case ParameterType::kForwardTsnSupported:
      WithView<wire::ForwardTsnSupportedParameter>(b, out, [](const auto&) {});
      return;
    case ParameterType::kAddIpAddress:
      WithView<wire::AddIpAddressParameter>(b, out, [&](const auto& p) {
        out.Num("correlation_id", p.correlation_id());
        Nested("parameters", p.address_parameter(), false, out, depth);
      });
      return;
    case ParameterType::kDeleteIpAddress:
      WithView<wire::DeleteIpAddressParameter>(b, out, [&](const auto& p) {
        out.Num("correlation_id", p.correlation_id());
        Nested("parameters", p.address_parameter(), false, out, depth);
      });
      return;
    case ParameterType::kSetPrimaryAddress:
      WithView<wire::SetPrimaryAddressParameter>(b, out, [&](const auto& p) {
        out.Num("correlation_id", p.correlation_id());
        Nested("parameters", p.address_parameter(), false, out, depth);
      });
      return;
    case ParameterType::kErrorCauseIndication:
      WithView<wire::ErrorCauseIndicationParameter>(b, out, [&](const auto& p) {
        out.Num("correlation_id", p.correlation_id());
        Nested("causes", p.error_causes(), true, out, depth);
      });
      return;
    case ParameterType::kSuccessIndication:
      WithView<wire::SuccessIndicationParameter>(b, out, [&](const auto& p) {
        out.Num("correlation_id", p.correlation_id());
      });
      return;
    case ParameterType::kAdaptationLayerIndication:
      WithView<wire::AdaptationLayerIndicationParameter>(
          b, out, [&](const auto& p) {
            out.Num("adaptation_code_point", p.adaptation_code_point());
          });
      return;
  }
  // Unknown type: what the RFC's upper two bits say to do with it.
  out.Str("action", wire::UnrecognizedActionName(
                        wire::UnrecognizedParameterAction(d.type)));
}

// The ASCONF parameter an ASCONF error cause echoes back.
template <typename View>
void AsconfParameterCause(std::span<const uint8_t> b, JsonWriter& out,
                          int depth) {
  WithView<View>(b, out, [&](const View& c) {
    Nested("parameters", c.asconf_parameter(), false, out, depth);
  });
}

void WriteCauseFields(const wire::TlvDescriptor& d, JsonWriter& out,
                      int depth) {
  const std::span<const uint8_t> b = d.data;
  switch (static_cast<ErrorCauseCode>(d.type)) {
    case ErrorCauseCode::kInvalidStreamIdentifier:
      WithView<wire::InvalidStreamIdentifierCause>(b, out, [&](const auto& c) {
        out.Num("stream", c.stream_id().value());
      });
      return;
    case ErrorCauseCode::kMissingMandatoryParameter:
      WithView<wire::MissingMandatoryParameterCause>(
          b, out, [&](const auto& c) {
            out.BeginArray("missing_types");
            for (size_t i = 0; i < c.missing_parameter_count(); ++i) {
              out.NumElement(c.missing_parameter_type(i));
            }
            out.End();
          });
      return;
    case ErrorCauseCode::kStaleCookie:
      WithView<wire::StaleCookieCause>(b, out, [&](const auto& c) {
        out.Num("staleness_us", c.staleness_us());
      });
      return;
    case ErrorCauseCode::kOutOfResource:
      WithView<wire::OutOfResourceCause>(b, out, [](const auto&) {});
      return;
    case ErrorCauseCode::kUnresolvableAddress:
      WithView<wire::UnresolvableAddressCause>(b, out, [&](const auto& c) {
        Nested("parameters", c.unresolvable_address(), false, out, depth);
      });
      return;
    case ErrorCauseCode::kUnrecognizedChunkType:
      WithView<wire::UnrecognizedChunkTypeCause>(b, out, [&](const auto& c) {
        out.Num("unrecognized_chunk_type", c.unrecognized_chunk_type())
            .Num("unrecognized_chunk_length", c.unrecognized_chunk().size());
      });
      return;
    case ErrorCauseCode::kInvalidMandatoryParameter:
      WithView<wire::InvalidMandatoryParameterCause>(b, out,
                                                     [](const auto&) {});
      return;
    case ErrorCauseCode::kUnrecognizedParameters:
      WithView<wire::UnrecognizedParametersCause>(b, out, [&](const auto& c) {
        Nested("parameters", c.unrecognized_parameters(), false, out, depth);
      });
      return;
    case ErrorCauseCode::kNoUserData:
      WithView<wire::NoUserDataCause>(
          b, out, [&](const auto& c) { out.Num("tsn", c.tsn().value()); });
      return;
    case ErrorCauseCode::kCookieReceivedWhileShuttingDown:
      WithView<wire::CookieReceivedWhileShuttingDownCause>(b, out,
                                                           [](const auto&) {});
      return;
    case ErrorCauseCode::kRestartWithNewAddresses:
      WithView<wire::RestartWithNewAddressesCause>(b, out, [&](const auto& c) {
        Nested("parameters", c.new_addresses(), false, out, depth);
      });
      return;
    case ErrorCauseCode::kUserInitiatedAbort:
      WithView<wire::UserInitiatedAbortCause>(b, out, [&](const auto& c) {
        out.Num("reason_length", c.upper_layer_abort_reason().size());
      });
      return;
    case ErrorCauseCode::kProtocolViolation:
      WithView<wire::ProtocolViolationCause>(b, out, [&](const auto& c) {
        out.Num("information_length", c.additional_information().size());
      });
      return;
    case ErrorCauseCode::kRequestToDeleteLastAddress:
      AsconfParameterCause<wire::RequestToDeleteLastAddressCause>(b, out,
                                                                  depth);
      return;
    case ErrorCauseCode::kOperationRefusedNoResource:
      AsconfParameterCause<wire::OperationRefusedNoResourceCause>(b, out,
                                                                  depth);
      return;
    case ErrorCauseCode::kRequestToDeleteSourceAddress:
      AsconfParameterCause<wire::RequestToDeleteSourceAddressCause>(b, out,
                                                                    depth);
      return;
    case ErrorCauseCode::kIllegalAsconfAck:
      WithView<wire::IllegalAsconfAckCause>(b, out, [](const auto&) {});
      return;
    case ErrorCauseCode::kRequestRefusedNoAuthorization:
      AsconfParameterCause<wire::RequestRefusedNoAuthorizationCause>(b, out,
                                                                     depth);
      return;
    case ErrorCauseCode::kUnsupportedHmacIdentifier:
      WithView<wire::UnsupportedHmacIdentifierCause>(
          b, out, [&](const auto& c) { out.Num("hmac_id", c.hmac_id()); });
      return;
  }
}

void WriteElements(std::span<const uint8_t> list, bool causes, JsonWriter& out,
                   int depth) {
  wire::TlvIterator it(list);
  while (auto d = it.Next()) {
    out.BeginObjectElement();
    out.Num(causes ? "code" : "type", d->type);
    const std::string_view name = causes ? wire::ErrorCauseName(d->type)
                                         : wire::ParameterTypeName(d->type);
    if (!name.empty()) {
      out.Str("name", name);
    }
    out.Num("length", d->data.size());
    if (causes) {
      WriteCauseFields(*d, out, depth);
    } else {
      WriteParameterFields(*d, out, depth);
    }
    out.End();
  }
  if (it.error() != wire::TlvError::kNone) {
    out.BeginObjectElement()
        .Str("malformed_list", TlvErrorName(it.error()))
        .Num("offset", it.offset())
        .End();
  }
}

}  // namespace

void WriteParameterElements(std::span<const uint8_t> list, JsonWriter& out,
                            int depth) {
  WriteElements(list, false, out, depth);
}

void WriteCauseElements(std::span<const uint8_t> list, JsonWriter& out,
                        int depth) {
  WriteElements(list, true, out, depth);
}

void WriteParameterList(std::string_view key, std::span<const uint8_t> list,
                        JsonWriter& out, int depth) {
  out.BeginArray(key);
  WriteParameterElements(list, out, depth);
  out.End();
}

void WriteCauseList(std::string_view key, std::span<const uint8_t> list,
                    JsonWriter& out, int depth) {
  out.BeginArray(key);
  WriteCauseElements(list, out, depth);
  out.End();
}

}  // namespace dpsctp::dump
