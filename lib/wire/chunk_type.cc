#include "wire/chunk_type.h"

namespace dpsctp::wire {

std::string_view ChunkTypeName(uint8_t type) noexcept {
  switch (static_cast<ChunkType>(type)) {
    case ChunkType::kData: return "DATA";
    case ChunkType::kInit: return "INIT";
    case ChunkType::kInitAck: return "INIT_ACK";
    case ChunkType::kSack: return "SACK";
    case ChunkType::kHeartbeat: return "HEARTBEAT";
    case ChunkType::kHeartbeatAck: return "HEARTBEAT_ACK";
    case ChunkType::kAbort: return "ABORT";
    case ChunkType::kShutdown: return "SHUTDOWN";
    case ChunkType::kShutdownAck: return "SHUTDOWN_ACK";
    case ChunkType::kError: return "ERROR";
    case ChunkType::kCookieEcho: return "COOKIE_ECHO";
    case ChunkType::kCookieAck: return "COOKIE_ACK";
    case ChunkType::kEcne: return "ECNE";
    case ChunkType::kCwr: return "CWR";
    case ChunkType::kShutdownComplete: return "SHUTDOWN_COMPLETE";
    case ChunkType::kAuth: return "AUTH";
    case ChunkType::kNrSack: return "NR_SACK";
    case ChunkType::kIData: return "I_DATA";
    case ChunkType::kAsconfAck: return "ASCONF_ACK";
    case ChunkType::kPktDrop: return "PKTDROP";
    case ChunkType::kReconfig: return "RE_CONFIG";
    case ChunkType::kPad: return "PAD";
    case ChunkType::kForwardTsn: return "FORWARD_TSN";
    case ChunkType::kAsconf: return "ASCONF";
    case ChunkType::kIForwardTsn: return "I_FORWARD_TSN";
  }
  return {};
}

std::string_view ParameterTypeName(uint16_t type) noexcept {
  switch (static_cast<ParameterType>(type)) {
    case ParameterType::kHeartbeatInfo: return "HEARTBEAT_INFO";
    case ParameterType::kIpv4Address: return "IPV4_ADDRESS";
    case ParameterType::kIpv6Address: return "IPV6_ADDRESS";
    case ParameterType::kStateCookie: return "STATE_COOKIE";
    case ParameterType::kUnrecognizedParameter: return "UNRECOGNIZED_PARAMETER";
    case ParameterType::kCookiePreservative: return "COOKIE_PRESERVATIVE";
    case ParameterType::kHostNameAddress: return "HOST_NAME_ADDRESS";
    case ParameterType::kSupportedAddressTypes: return "SUPPORTED_ADDRESS_TYPES";
    case ParameterType::kOutgoingSsnResetRequest: return "OUTGOING_SSN_RESET_REQUEST";
    case ParameterType::kIncomingSsnResetRequest: return "INCOMING_SSN_RESET_REQUEST";
    case ParameterType::kSsnTsnResetRequest: return "SSN_TSN_RESET_REQUEST";
    case ParameterType::kReconfigurationResponse: return "RECONFIGURATION_RESPONSE";
    case ParameterType::kAddOutgoingStreamsRequest: return "ADD_OUTGOING_STREAMS_REQUEST";
    case ParameterType::kAddIncomingStreamsRequest: return "ADD_INCOMING_STREAMS_REQUEST";
    case ParameterType::kEcnCapable: return "ECN_CAPABLE";
    case ParameterType::kZeroChecksumAcceptable: return "ZERO_CHECKSUM_ACCEPTABLE";
    case ParameterType::kRandom: return "RANDOM";
    case ParameterType::kChunkList: return "CHUNK_LIST";
    case ParameterType::kRequestedHmacAlgorithm: return "REQUESTED_HMAC_ALGORITHM";
    case ParameterType::kPadding: return "PADDING";
    case ParameterType::kSupportedExtensions: return "SUPPORTED_EXTENSIONS";
    case ParameterType::kForwardTsnSupported: return "FORWARD_TSN_SUPPORTED";
    case ParameterType::kAddIpAddress: return "ADD_IP_ADDRESS";
    case ParameterType::kDeleteIpAddress: return "DELETE_IP_ADDRESS";
    case ParameterType::kErrorCauseIndication: return "ERROR_CAUSE_INDICATION";
    case ParameterType::kSetPrimaryAddress: return "SET_PRIMARY_ADDRESS";
    case ParameterType::kSuccessIndication: return "SUCCESS_INDICATION";
    case ParameterType::kAdaptationLayerIndication: return "ADAPTATION_LAYER_INDICATION";
  }
  return {};
}

std::string_view ErrorCauseName(uint16_t code) noexcept {
  switch (static_cast<ErrorCauseCode>(code)) {
    case ErrorCauseCode::kInvalidStreamIdentifier: return "INVALID_STREAM_IDENTIFIER";
    case ErrorCauseCode::kMissingMandatoryParameter: return "MISSING_MANDATORY_PARAMETER";
    case ErrorCauseCode::kStaleCookie: return "STALE_COOKIE";
    case ErrorCauseCode::kOutOfResource: return "OUT_OF_RESOURCE";
    case ErrorCauseCode::kUnresolvableAddress: return "UNRESOLVABLE_ADDRESS";
    case ErrorCauseCode::kUnrecognizedChunkType: return "UNRECOGNIZED_CHUNK_TYPE";
    case ErrorCauseCode::kInvalidMandatoryParameter: return "INVALID_MANDATORY_PARAMETER";
    case ErrorCauseCode::kUnrecognizedParameters: return "UNRECOGNIZED_PARAMETERS";
    case ErrorCauseCode::kNoUserData: return "NO_USER_DATA";
    case ErrorCauseCode::kCookieReceivedWhileShuttingDown: return "COOKIE_RECEIVED_WHILE_SHUTTING_DOWN";
    case ErrorCauseCode::kRestartWithNewAddresses: return "RESTART_WITH_NEW_ADDRESSES";
    case ErrorCauseCode::kUserInitiatedAbort: return "USER_INITIATED_ABORT";
    case ErrorCauseCode::kProtocolViolation: return "PROTOCOL_VIOLATION";
    case ErrorCauseCode::kRequestToDeleteLastAddress: return "REQUEST_TO_DELETE_LAST_ADDRESS";
    case ErrorCauseCode::kOperationRefusedNoResource: return "OPERATION_REFUSED_NO_RESOURCE";
    case ErrorCauseCode::kRequestToDeleteSourceAddress: return "REQUEST_TO_DELETE_SOURCE_ADDRESS";
    case ErrorCauseCode::kIllegalAsconfAck: return "ILLEGAL_ASCONF_ACK";
    case ErrorCauseCode::kRequestRefusedNoAuthorization: return "REQUEST_REFUSED_NO_AUTHORIZATION";
    case ErrorCauseCode::kUnsupportedHmacIdentifier: return "UNSUPPORTED_HMAC_IDENTIFIER";
  }
  return {};
}

std::string_view UnrecognizedActionName(UnrecognizedAction a) noexcept {
  switch (a) {
    case UnrecognizedAction::kStopAndDiscard: return "stop";
    case UnrecognizedAction::kStopAndReport: return "stop_and_report";
    case UnrecognizedAction::kSkip: return "skip";
    case UnrecognizedAction::kSkipAndReport: return "skip_and_report";
  }
  return {};
}

}  // namespace dpsctp::wire
