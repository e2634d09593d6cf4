// Notifications to the upper layer (RFC 9260 §10.2) and the services an
// association needs from its endpoint (the shard): transmit buffers, random
// numbers, new verification tags and the State Cookie key. The association
// never calls user code: it hands events to the environment, which queues
// them for the application to drain.
#ifndef DPSCTP_ASSOC_EVENTS_H_
#define DPSCTP_ASSOC_EVENTS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/address.h"
#include "common/strong_id.h"
#include "common/types.h"
#include "crc/crc32c.h"

namespace dpsctp::assoc {

class CookieAuthenticator;

// The endpoint's handle for one association: a slot and a generation, so
// that a handle to a closed association never reaches its successor.
using AssocId = StrongId<struct AssocIdTag, uint64_t>;

// RFC 9260 §10.2.
enum class EventType : uint8_t {
  kCommunicationUp,      // A: ready for data (§10.2 A)
  kDataArrive,           // B: a message can be Received
  kShutdownComplete,     // C
  kNetworkStatusChange,  // D: a destination became active or inactive
  kCommunicationLost,    // E: ABORT received, or retransmissions exhausted
  kCommunicationError,   // F: an ERROR chunk arrived
  kRestart,              // G: the peer restarted (§5.2.4 action A)
  kSendFailure,          // H: a message could not be delivered
  kShutdownReceived,     // the peer started a graceful shutdown (§9.2)
};

std::string_view EventTypeName(EventType type) noexcept;

// Why the association was lost (kCommunicationLost) or failed to start.
enum class LossReason : uint8_t {
  kNone,
  kAbortReceived,        // the peer sent ABORT (cause in error_cause)
  kMaxInitRetransmits,   // T1-init or T1-cookie expired too often (§5.1.6)
  kMaxRetransmissions,   // Association.Max.Retrans exceeded (§8.1)
  kShutdownGuardExpired, // T5-shutdown-guard (§9.2)
  kInvalidPeerParameters,// INIT ACK with OS or MIS 0, a_rwnd < 1500 (§3.3.3)
  kUserAbort,            // our own Abort()
  kRestartRefused,       // peer restarted with new addresses while we set up
  kMessageTooLarge,      // the peer sent a message beyond max_message_size
  kProtocolViolation,    // the peer's DATA fragments contradict each other
  kReceiveStalled,       // reassembly full of data that can never be delivered
  // An ICMP Protocol Unreachable (or ICMPv6 "Unrecognized Next Header")
  // about a packet we sent: the peer does not run SCTP (RFC 9260 §10 rule 8).
  kIcmpProtocolUnreachable,
};

std::string_view LossReasonName(LossReason reason) noexcept;

struct Event {
  EventType type = EventType::kCommunicationUp;
  LossReason reason = LossReason::kNone;
  // Error Cause Code of the first cause in the ABORT / ERROR, 0 if none.
  uint16_t error_cause = 0;
  // kCommunicationUp / kRestart: negotiated stream counts.
  uint16_t outbound_streams = 0;
  uint16_t inbound_streams = 0;
  // kNetworkStatusChange: which destination, and whether it is now active;
  // `icmp` when an ICMP Destination Unreachable made it inactive (RFC 9260
  // §10 rule 9: "SCTP MAY provide information to the upper layer
  // indicating the reception of ICMP messages when reporting a network
  // status change").
  IpAddress address;
  bool active = false;
  bool icmp = false;
  // kDataArrive: the message now deliverable (§10.2 B); kSendFailure:
  // count = messages affected.
  StreamId stream_id;
  Ssn ssn;
  Ppid ppid;
  bool unordered = false;
  uint32_t length = 0;
  uint32_t count = 0;
};

// Implemented by the endpoint (and by test doubles).
class AssocEnvironment {
 public:
  virtual ~AssocEnvironment() = default;

  // A writable buffer of at least the path MTU for one outgoing packet, or
  // an empty span when none is available (the packet is then not sent, as
  // if lost; counted by the environment).
  virtual std::span<uint8_t> TxBuffer() noexcept = 0;
  // Sends the first `packet.size()` bytes of the last TxBuffer(): an SCTP
  // packet whose checksum Finish() already handled per tx_checksum_mode().
  virtual void Transmit(std::span<const uint8_t> packet,
                        const PacketAddresses& addresses) noexcept = 0;
  virtual crc::TxChecksumMode tx_checksum_mode() const noexcept {
    return crc::TxChecksumMode::kSoftware;
  }

  virtual uint32_t Random32() noexcept = 0;
  // A fresh local verification tag (never 0) owned by this shard (§5.3.1);
  // nullopt when none could be found within a bounded number of draws.
  virtual std::optional<VerificationTag> NewLocalTag() noexcept = 0;
  virtual const CookieAuthenticator& cookie_authenticator() const noexcept = 0;

  virtual void OnEvent(AssocId id, const Event& event) noexcept = 0;
};

}  // namespace dpsctp::assoc

#endif  // DPSCTP_ASSOC_EVENTS_H_
