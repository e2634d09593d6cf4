// Every chunk, parameter and error cause view of lib/wire, as type lists, for
// the fuzzers that run each parser on the same bytes. Regenerate the lists
// when a view is added (scripts/check_views.sh fails when one is missing).
#ifndef DPSCTP_TEST_FUZZ_ALL_VIEWS_H_
#define DPSCTP_TEST_FUZZ_ALL_VIEWS_H_

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

namespace dpsctp::fuzz {

template <typename... Views>
struct ViewList {
  // Calls fn.template operator()<View>() for each view.
  template <typename Fn>
  static void ForEach(Fn&& fn) {
    (fn.template operator()<Views>(), ...);
  }
  static constexpr size_t kSize = sizeof...(Views);
};

using ChunkViews = ViewList<
    wire::AbortChunk,
    wire::AsconfAckChunk,
    wire::AsconfChunk,
    wire::AuthChunk,
    wire::CookieAckChunk,
    wire::CookieEchoChunk,
    wire::CwrChunk,
    wire::DataChunk,
    wire::EcneChunk,
    wire::ErrorChunk,
    wire::ForwardTsnChunk,
    wire::HeartbeatAckChunk,
    wire::HeartbeatRequestChunk,
    wire::IDataChunk,
    wire::IForwardTsnChunk,
    wire::InitAckChunk,
    wire::InitChunk,
    wire::NrSackChunk,
    wire::PadChunk,
    wire::ReconfigChunk,
    wire::SackChunk,
    wire::ShutdownAckChunk,
    wire::ShutdownChunk,
    wire::ShutdownCompleteChunk
>;

using ParameterViews = ViewList<
    wire::AdaptationLayerIndicationParameter,
    wire::AddIncomingStreamsRequestParameter,
    wire::AddIpAddressParameter,
    wire::AddOutgoingStreamsRequestParameter,
    wire::ChunkListParameter,
    wire::CookiePreservativeParameter,
    wire::DeleteIpAddressParameter,
    wire::EcnCapableParameter,
    wire::ErrorCauseIndicationParameter,
    wire::ForwardTsnSupportedParameter,
    wire::HeartbeatInfoParameter,
    wire::HostNameAddressParameter,
    wire::IncomingSsnResetRequestParameter,
    wire::Ipv4AddressParameter,
    wire::Ipv6AddressParameter,
    wire::OutgoingSsnResetRequestParameter,
    wire::PaddingParameter,
    wire::RandomParameter,
    wire::ReconfigurationResponseParameter,
    wire::RequestedHmacAlgorithmParameter,
    wire::SetPrimaryAddressParameter,
    wire::SsnTsnResetRequestParameter,
    wire::StateCookieParameter,
    wire::SuccessIndicationParameter,
    wire::SupportedAddressTypesParameter,
    wire::SupportedExtensionsParameter,
    wire::UnrecognizedParameterParameter,
    wire::ZeroChecksumAcceptableParameter
>;

using ErrorCauseViews = ViewList<
    wire::CookieReceivedWhileShuttingDownCause,
    wire::IllegalAsconfAckCause,
    wire::InvalidMandatoryParameterCause,
    wire::InvalidStreamIdentifierCause,
    wire::MissingMandatoryParameterCause,
    wire::NoUserDataCause,
    wire::OperationRefusedNoResourceCause,
    wire::OutOfResourceCause,
    wire::ProtocolViolationCause,
    wire::RequestRefusedNoAuthorizationCause,
    wire::RequestToDeleteLastAddressCause,
    wire::RequestToDeleteSourceAddressCause,
    wire::RestartWithNewAddressesCause,
    wire::StaleCookieCause,
    wire::UnrecognizedChunkTypeCause,
    wire::UnrecognizedParametersCause,
    wire::UnresolvableAddressCause,
    wire::UnsupportedHmacIdentifierCause,
    wire::UserInitiatedAbortCause
>;

}  // namespace dpsctp::fuzz

#endif  // DPSCTP_TEST_FUZZ_ALL_VIEWS_H_
