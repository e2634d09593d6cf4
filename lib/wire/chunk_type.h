// Chunk, parameter and error cause type numbers (RFC 9260 §3.2, §3.3, §3.3.10
// and the extensions' RFCs), their display names, and what the RFC says to do
// with a type this endpoint does not recognize.
#ifndef DPSCTP_WIRE_CHUNK_TYPE_H_
#define DPSCTP_WIRE_CHUNK_TYPE_H_

#include <cstdint>
#include <string_view>

namespace dpsctp::wire {

enum class ChunkType : uint8_t {
  kData = 0,
  kInit = 1,
  kInitAck = 2,
  kSack = 3,
  kHeartbeat = 4,
  kHeartbeatAck = 5,
  kAbort = 6,
  kShutdown = 7,
  kShutdownAck = 8,
  kError = 9,
  kCookieEcho = 10,
  kCookieAck = 11,
  kEcne = 12,                // RFC 4960 Appendix A (ECN)
  kCwr = 13,                 // RFC 4960 Appendix A (ECN)
  kShutdownComplete = 14,
  kAuth = 15,                // RFC 4895
  kNrSack = 16,              // draft-tuexen-tsvwg-sctp-multipath (decode only)
  kIData = 64,               // RFC 8260
  kAsconfAck = 0x80,         // RFC 5061
  kPktDrop = 0x81,           // draft-stewart-sctp-pktdrprep (name only)
  kReconfig = 130,           // RFC 6525
  kPad = 132,                // RFC 4820
  kForwardTsn = 192,         // RFC 3758
  kAsconf = 0xC1,            // RFC 5061
  kIForwardTsn = 194,        // RFC 8260
};

enum class ParameterType : uint16_t {
  kHeartbeatInfo = 1,
  kIpv4Address = 5,
  kIpv6Address = 6,
  kStateCookie = 7,
  kUnrecognizedParameter = 8,
  kCookiePreservative = 9,
  kHostNameAddress = 11,
  kSupportedAddressTypes = 12,
  kOutgoingSsnResetRequest = 13,   // RFC 6525
  kIncomingSsnResetRequest = 14,   // RFC 6525
  kSsnTsnResetRequest = 15,        // RFC 6525
  kReconfigurationResponse = 16,   // RFC 6525
  kAddOutgoingStreamsRequest = 17, // RFC 6525
  kAddIncomingStreamsRequest = 18, // RFC 6525
  kEcnCapable = 0x8000,            // RFC 4960 Appendix A (ECN)
  kZeroChecksumAcceptable = 0x8001,// RFC 9653
  kRandom = 0x8002,                // RFC 4895
  kChunkList = 0x8003,             // RFC 4895
  kRequestedHmacAlgorithm = 0x8004,// RFC 4895
  kPadding = 0x8005,               // RFC 4820
  kSupportedExtensions = 0x8008,   // RFC 5061
  kForwardTsnSupported = 0xC000,   // RFC 3758
  kAddIpAddress = 0xC001,          // RFC 5061
  kDeleteIpAddress = 0xC002,       // RFC 5061
  kErrorCauseIndication = 0xC003,  // RFC 5061
  kSetPrimaryAddress = 0xC004,     // RFC 5061
  kSuccessIndication = 0xC005,     // RFC 5061
  kAdaptationLayerIndication = 0xC006,  // RFC 5061
};

enum class ErrorCauseCode : uint16_t {
  kInvalidStreamIdentifier = 1,
  kMissingMandatoryParameter = 2,
  kStaleCookie = 3,
  kOutOfResource = 4,
  kUnresolvableAddress = 5,
  kUnrecognizedChunkType = 6,
  kInvalidMandatoryParameter = 7,
  kUnrecognizedParameters = 8,
  kNoUserData = 9,
  kCookieReceivedWhileShuttingDown = 10,
  kRestartWithNewAddresses = 11,
  kUserInitiatedAbort = 12,
  kProtocolViolation = 13,
  kRequestToDeleteLastAddress = 0xA0,   // RFC 5061
  kOperationRefusedNoResource = 0xA1,   // RFC 5061
  kRequestToDeleteSourceAddress = 0xA2, // RFC 5061
  kIllegalAsconfAck = 0xA3,             // RFC 5061
  kRequestRefusedNoAuthorization = 0xA4,// RFC 5061
  kUnsupportedHmacIdentifier = 0x105,   // RFC 4895
};

// "Upper two bits" handling of an unrecognized chunk (RFC 9260 §3.2) or
// parameter (§3.2.1). For chunks, "report" means an ERROR chunk with an
// Unrecognized Chunk Type cause; for parameters in INIT/INIT ACK, an
// Unrecognized Parameter (cause or INIT ACK parameter).
enum class UnrecognizedAction : uint8_t {
  kStopAndDiscard = 0,  // 00
  kStopAndReport = 1,   // 01
  kSkip = 2,            // 10
  kSkipAndReport = 3,   // 11
};

constexpr UnrecognizedAction UnrecognizedChunkAction(uint8_t type) noexcept {
  return static_cast<UnrecognizedAction>(type >> 6);
}
constexpr UnrecognizedAction UnrecognizedParameterAction(
    uint16_t type) noexcept {
  return static_cast<UnrecognizedAction>(type >> 14);
}
constexpr bool ShouldStop(UnrecognizedAction a) noexcept {
  return a == UnrecognizedAction::kStopAndDiscard ||
         a == UnrecognizedAction::kStopAndReport;
}
constexpr bool ShouldReport(UnrecognizedAction a) noexcept {
  return a == UnrecognizedAction::kStopAndReport ||
         a == UnrecognizedAction::kSkipAndReport;
}

// Display names ("DATA", "INIT_ACK", ...); empty for unknown numbers.
std::string_view ChunkTypeName(uint8_t type) noexcept;
std::string_view ParameterTypeName(uint16_t type) noexcept;
std::string_view ErrorCauseName(uint16_t code) noexcept;
std::string_view UnrecognizedActionName(UnrecognizedAction a) noexcept;

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_CHUNK_TYPE_H_
