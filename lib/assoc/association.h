// One SCTP association, sans-I/O (ARCHITECTURE.md "Association core").
//
// Inputs: HandlePacket() for every packet the endpoint routed here,
// HandleTimeout() when NextTimeout() has passed, and the ULP primitives of
// RFC 9260 §10.1 (Connect, Send, Receive, Shutdown, Abort, ...). Outputs:
// packets through AssocEnvironment::Transmit and events through
// AssocEnvironment::OnEvent. Nothing else: no clock, no randomness, no I/O
// of its own.
//
// The states of §4 are a std::variant; each carries only its own data. The
// TCB (tags, TSNs, negotiated streams) exists from COOKIE-ECHOED on.
//
// Data transfer (§6, §7) is built from lib/tx (per-stream send queue and
// scheduler, retransmission queue, per-destination congestion control) and
// lib/rx (TSN tracking for SACK, zero-copy reassembly); this class decides
// when to SACK, what to send where, and runs the timers.
#ifndef DPSCTP_ASSOC_ASSOCIATION_H_
#define DPSCTP_ASSOC_ASSOCIATION_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

#include "assoc/cookie.h"
#include "assoc/events.h"
#include "assoc/handshake.h"
#include "assoc/options.h"
#include "assoc/rto.h"
#include "buf/packet_view.h"
#include "rx/data_tracker.h"
#include "rx/reassembly_queue.h"
#include "tx/congestion.h"
#include "tx/retransmission_queue.h"
#include "tx/send_queue.h"
#include "common/address.h"
#include "common/time.h"
#include "common/types.h"
#include "wire/common_header.h"
#include "wire/packet_builder.h"

namespace dpsctp::wire {
class InitChunk;
class InitAckChunk;
class SackChunk;
}  // namespace dpsctp::wire

namespace dpsctp::assoc {

// RFC 9260 §4.
enum class State : uint8_t {
  kClosed,
  kCookieWait,
  kCookieEchoed,
  kEstablished,
  kShutdownPending,
  kShutdownSent,
  kShutdownReceived,
  kShutdownAckSent,
};

std::string_view StateName(State state) noexcept;

inline constexpr size_t kMaxPaths = kMaxCookieAddresses;
static_assert(kMaxPaths <= tx::kMaxPaths);

// One message handed to the ULP (§10.1 G "Receive" return values).
struct ReceivedMessage {
  StreamId stream_id;
  Ssn ssn;
  Ppid ppid;
  bool unordered = false;
  size_t length = 0;  // the whole message
  size_t copied = 0;  // into the caller's buffer (< length if it was short)
};

// One destination transport address of the peer (§8.2).
struct Path {
  IpAddress address;
  RtoEstimator rto;
  int error_count = 0;
  int max_retrans = 5;         // Path.Max.Retrans, per destination (§10.1 M)
  bool active = true;
  bool heartbeat_enabled = true;
  bool heartbeat_outstanding = false;
  Duration hb_interval;
  TimePoint heartbeat_due;     // next heartbeat if idle
  uint64_t heartbeat_nonce = 0;
  tx::CongestionControl cc;    // §7.2: cwnd, ssthresh per destination
  std::optional<TimePoint> t3; // T3-rtx of this destination (§6.3.2)
  TimePoint last_data_sent;    // §7.2.1 idle rule
  TimePoint idle_since;        // idle RTOs counted up to here
  bool window_limited = false; // data waited for cwnd or Max.Burst
  // The PMTU of this destination as an SCTP packet size: the IP path MTU
  // less the IP header (RFC 9260 §7.3 point 1: one estimate per
  // destination). Starts at AssocOptions::mtu; an ICMP Packet Too Big
  // lowers it (HandlePacketTooBig).
  uint16_t mtu = 1480;
};

// What both ends agreed on; lives in the states from COOKIE-ECHOED on.
struct Tcb {
  VerificationTag local_tag;   // ours: the peer puts it in every packet
  VerificationTag peer_tag;    // theirs: we put it in every packet
  TieTag local_tie_tag;        // §5.2.2, 0 until an unexpected INIT
  TieTag peer_tie_tag;
  Tsn next_tsn;                // the next TSN we assign
  Tsn peer_cumulative_tsn;     // the last in-order TSN received
  uint32_t peer_rwnd = 0;
  uint16_t outbound_streams = 0;
  uint16_t inbound_streams = 0;
  uint32_t peer_capabilities = 0;  // CookieCapability bits
};

struct ClosedState {};
struct CookieWaitState {
  VerificationTag local_tag;
  Tsn initial_tsn;
  Tsn next_tsn;        // messages may be queued before the TCB exists
  int init_count = 0;  // INITs sent
  uint32_t preservative_ms = 0;  // §5.2.6: asked for after a Stale Cookie
};
struct CookieEchoedState {
  Tcb tcb;
  int cookie_count = 0;  // COOKIE ECHOs sent
  std::unique_ptr<uint8_t[]> cookie;  // the peer's, echoed verbatim
  uint16_t cookie_size = 0;
};
struct EstablishedState { Tcb tcb; };
struct ShutdownPendingState { Tcb tcb; };
struct ShutdownSentState { Tcb tcb; int shutdown_count = 0; };
struct ShutdownReceivedState { Tcb tcb; };
struct ShutdownAckSentState { Tcb tcb; int shutdown_ack_count = 0; };

using StateData =
    std::variant<ClosedState, CookieWaitState, CookieEchoedState,
                 EstablishedState, ShutdownPendingState, ShutdownSentState,
                 ShutdownReceivedState, ShutdownAckSentState>;

enum class TimerId : uint8_t {
  kT1,               // T1-init in COOKIE-WAIT, T1-cookie in COOKIE-ECHOED
  kT2Shutdown,       // SHUTDOWN / SHUTDOWN ACK retransmission
  kT3Rtx,            // DATA retransmission (primary path)
  kHeartbeat,        // next heartbeat on some idle path
  kDelayedSack,      // §6.2 SACK.Delay
  kT5ShutdownGuard,  // §9.2
  kNagle,            // sender bundling delay (options().nagle_delay)
  kCount,
};

// Per-association counters (RFC 3873 MIB style), plain integers.
struct AssocCounters {
  uint64_t packets_received = 0;
  uint64_t packets_sent = 0;
  uint64_t chunks_received = 0;
  uint64_t data_chunks_received = 0;
  uint64_t data_chunks_sent = 0;
  uint64_t retransmitted_chunks = 0;
  uint64_t duplicate_tsns = 0;
  uint64_t receive_window_dropped = 0;  // no room: dropped, not acked
  uint64_t out_of_window_dropped = 0;   // beyond what SACK can report
  uint64_t messages_received = 0;       // complete, handed to Receive()
  uint64_t messages_sent = 0;           // accepted by Send()
  uint64_t sacks_sent = 0;
  uint64_t sacks_received = 0;
  uint64_t fast_retransmits = 0;        // chunks sent again by §7.2.4
  uint64_t window_updates = 0;          // SACKs sent because Receive freed room
  uint64_t invalid_stream_data = 0;     // §6.5 ERROR "Invalid Stream Identifier"
  uint64_t rx_payload_copies = 0;       // no buffer reference: copied
  uint64_t oversized_messages = 0;      // beyond max_message_size: ABORT
  uint64_t receive_stalls = 0;          // reassembly could never deliver: ABORT
  uint64_t t1_expired = 0;
  uint64_t t2_expired = 0;
  uint64_t t3_expired = 0;
  uint64_t heartbeats_sent = 0;
  uint64_t heartbeat_acks_received = 0;
  uint64_t bad_vtag_discarded = 0;
  uint64_t malformed_chunks = 0;
  uint64_t unrecognized_chunks = 0;
  uint64_t cookies_rejected = 0;
  uint64_t tx_buffer_unavailable = 0;
  uint64_t restarts = 0;
  // RFC 3873 sctpStats, per association. As the MIB defines them: chunks
  // sent exclude retransmissions ("retransmissions are not included"), so
  // a DATA chunk counts once, when its TSN is first sent, and a control
  // chunk re-sent because T1-init, T1-cookie or T2-shutdown expired does
  // not count again (t1_expired, t2_expired and retransmitted_chunks count
  // those); chunks received exclude duplicates ("no duplicate chunks
  // included"), so a DATA chunk counts once, when its TSN is accepted, and
  // a control chunk when it passed the §8.5 tag check. Control chunks are
  // every chunk but DATA (and I-DATA, which is user data too).
  uint64_t ctrl_chunks_sent = 0;                // sctpOutCtrlChunks
  uint64_t ordered_data_chunks_sent = 0;        // sctpOutOrderChunks
  uint64_t unordered_data_chunks_sent = 0;      // sctpOutUnorderChunks
  uint64_t ctrl_chunks_received = 0;            // sctpInCtrlChunks
  uint64_t ordered_data_chunks_received = 0;    // sctpInOrderChunks
  uint64_t unordered_data_chunks_received = 0;  // sctpInUnorderChunks
  // sctpFragUsrMsgs, "user messages that have to be fragmented because of
  // the MTU": messages sent as more than one DATA chunk, counted when the
  // first fragment is made.
  uint64_t fragmented_messages_sent = 0;
  // sctpReasmUsrMsgs, "user messages reassembled": messages of more than
  // one DATA chunk, counted when Receive() hands them to the ULP.
  uint64_t reassembled_messages_received = 0;
  // ICMP reports the endpoint passed on (RFC 9260 §10 rules 7 to 9).
  uint64_t pmtu_decreases = 0;       // a Packet Too Big lowered a path's PMTU
  uint64_t icmp_path_errors = 0;     // Destination Unreachable: path errors
  // Chunks sent alone in a packet above the destination's PMTU: made (DATA
  // fragmented) before the PMTU fell, and §6.9 forbids re-fragmenting
  // them: "if the PMTU has been reduced, then IP fragmentation MUST be
  // used".
  uint64_t oversized_chunks_sent = 0;
};

// One received packet as routed by the endpoint: framing is checked
// (wire::ParsePacket succeeded) and so is the checksum.
struct ReceivedPacket {
  const buf::PacketView* packet = nullptr;
  wire::CommonHeader header;
  PacketAddresses addresses;     // src = peer, dst = us
  size_t chunk_count = 0;        // §6.10: INIT, INIT ACK, SHUTDOWN COMPLETE alone
  std::span<uint8_t> scratch;    // >= 64 KiB, for chunks split over segments
};

// §10.1 H "Status": a snapshot.
struct AssocStatus {
  State state = State::kClosed;
  VerificationTag local_tag;
  VerificationTag peer_tag;
  uint32_t peer_rwnd = 0;
  uint32_t local_rwnd = 0;
  uint32_t cwnd = 0;              // of the primary path
  uint32_t ssthresh = 0;
  uint32_t flight_bytes = 0;      // sent, not acknowledged or marked lost
  size_t unacked_chunks = 0;      // sent, not cumulatively acknowledged
  size_t pending_chunks = 0;      // queued, not yet sent (in fragments)
  uint64_t pending_bytes = 0;
  size_t received_messages = 0;   // waiting for Receive()
  size_t buffered_fragments = 0;  // held for reassembly or delivery
  uint16_t outbound_streams = 0;
  uint16_t inbound_streams = 0;
  size_t path_count = 0;
  IpAddress primary;
  Duration primary_srtt;
  Duration primary_rto;
  Tsn next_tsn;
  Tsn peer_cumulative_tsn;
};

enum class SendError : uint8_t {
  kNone,
  kNotConnected,   // CLOSED, or shutdown started (§9.2: no new data)
  kInvalidStream,  // stream id >= negotiated outbound streams
  kEmpty,          // §3.3.1: no zero-length user data
  kNoBuffer,       // send buffer full: retry after SACKs free space
  kTooLarge,       // larger than the whole send buffer
};
std::string_view SendErrorName(SendError e) noexcept;

struct SendOptions {
  StreamId stream_id;
  Ppid ppid;
  bool unordered = false;
  // More messages follow at once (like MSG_MORE): queue only, so that they
  // bundle; the next Send without it, or Flush(), transmits.
  bool more = false;
};

class Association {
 public:
  Association(AssocId id, const AssocOptions& options, AssocEnvironment& env,
              uint16_t local_port, uint16_t peer_port) noexcept;
  ~Association();
  Association(const Association&) = delete;
  Association& operator=(const Association&) = delete;

  // Allocates the send and receive buffers. False if memory is short.
  [[nodiscard]] bool Init() noexcept;

  // §10.1 B "Associate": sends INIT to `peer_addresses[0]` from
  // `local_address`, enters COOKIE-WAIT, starts T1-init. `local_tag` is
  // ours for the whole association (the endpoint chose it for its shard).
  bool Connect(TimePoint now, const IpAddress& local_address,
               std::span<const IpAddress> peer_addresses,
               VerificationTag local_tag) noexcept;

  // Runs the chunks of one packet. `verified_cookie` is set when the
  // endpoint has already checked the packet's COOKIE ECHO (a new
  // association from CLOSED, §5.1.5).
  void HandlePacket(TimePoint now, const ReceivedPacket& packet,
                    const CookieContents* verified_cookie = nullptr) noexcept;

  std::optional<TimePoint> NextTimeout() const noexcept;
  void HandleTimeout(TimePoint now) noexcept;

  // §10.1 E "Send". Copies the message into the send buffer.
  SendError Send(TimePoint now, const SendOptions& options,
                 std::span<const uint8_t> message) noexcept;
  // Sends what Send(..., more) queued, within the windows.
  void Flush(TimePoint now) noexcept;
  // §10.1 G "Receive": copies the oldest deliverable message into `buffer`
  // (truncated if it does not fit) and removes it. nullopt when none.
  std::optional<ReceivedMessage> Receive(std::span<uint8_t> buffer) noexcept;
  // Zero-copy Receive: calls visit(std::span<const uint8_t>) once per
  // fragment of the message, in order, straight from the packet buffers.
  template <typename Visit>
  std::optional<ReceivedMessage> ReceiveWith(Visit&& visit) noexcept;
  // Per-stream scheduling (options().stream_scheduler chooses the policy).
  bool SetStreamPriority(StreamId stream, uint16_t priority) noexcept {
    return send_queue_.SetStreamPriority(stream, priority);
  }
  bool SetStreamWeight(StreamId stream, uint16_t weight) noexcept {
    return send_queue_.SetStreamWeight(stream, weight);
  }

  // §10.1 C "Shutdown": graceful, after all queued data is acknowledged.
  void Shutdown(TimePoint now) noexcept;
  // §10.1 D "Abort": sends ABORT with a User-Initiated Abort cause carrying
  // `reason`, and closes. Undelivered data is dropped.
  void Abort(TimePoint now, std::span<const uint8_t> reason = {}) noexcept;

  // RFC 9260 §10 "ICMP Handling", called by the endpoint once the report
  // passed its rule 5 (this association sent the packet) and rule 6
  // (Verification Tag) checks. `destination` is the peer address the
  // offending packet went to.
  //
  // Rule 7, Packet Too Big: `sctp_mtu` is the largest SCTP packet the
  // report allows (its next-hop MTU less the IP header; the endpoint
  // applies the address family's floor). Lowers that destination's PMTU,
  // never raises it (RFC 8201 §4: "A node MUST NOT increase its estimate of
  // the Path MTU in response to the contents of a Packet Too Big
  // message"). True if the PMTU went down.
  bool HandlePacketTooBig(const IpAddress& destination,
                          size_t sctp_mtu) noexcept;
  // Rule 8, Protocol Unreachable: the peer does not run SCTP. Closes the
  // association as an ABORT would (COMMUNICATION LOST with
  // LossReason::kIcmpProtocolUnreachable, no ABORT sent), unless the
  // offending packet held an INIT (`about_init`) and we are no longer in
  // COOKIE-WAIT. True if it closed.
  bool HandleProtocolUnreachable(bool about_init) noexcept;
  // Rule 9, any other Destination Unreachable: one error on that
  // destination's path counter, as an unanswered HEARTBEAT counts (§8.2);
  // past Path.Max.Retrans it becomes inactive and NETWORK STATUS CHANGE
  // reports it, with Event::icmp set. False if `destination` is not one of
  // the peer's addresses or the association is closed.
  bool HandleDestinationUnreachable(const IpAddress& destination) noexcept;

  AssocStatus Status(TimePoint now) const noexcept;  // §10.1 H
  // §10.1 I "Change Heartbeat": enable/disable and interval, per address.
  bool ChangeHeartbeat(const IpAddress& address, bool enable,
                       Duration interval) noexcept;
  // §10.1 J "Request Heartbeat": one now, on `address`.
  bool RequestHeartbeat(TimePoint now, const IpAddress& address) noexcept;
  // §10.1 K "Get SRTT Report".
  std::optional<Duration> GetSrtt(const IpAddress& address) const noexcept;
  // §10.1 L "Set Failure Threshold": Path.Max.Retrans of one address.
  bool SetFailureThreshold(const IpAddress& address, int max_retrans) noexcept;
  // §10.1 F "Set Primary".
  bool SetPrimary(const IpAddress& address) noexcept;
  // §10.1 O "Set Protocol Parameters" (retransmission limits, RTO bounds,
  // HB interval, SACK delay; the buffers keep their size).
  void SetProtocolParameters(const AssocOptions& options) noexcept;
  // §10.1 P/Q "Receive Unsent / Unacknowledged Message": after the
  // association failed, the messages that never left or were never
  // acknowledged, oldest first; the fragments of one message together.
  std::optional<ReceivedMessage> ReceiveUnsent(std::span<uint8_t> buffer) noexcept;
  std::optional<ReceivedMessage> ReceiveUnacknowledged(
      std::span<uint8_t> buffer) noexcept;

  State state() const noexcept;
  bool closed() const noexcept { return state() == State::kClosed; }
  AssocId id() const noexcept { return id_; }
  uint16_t local_port() const noexcept { return local_port_; }
  uint16_t peer_port() const noexcept { return peer_port_; }
  // Our tag (0 only when CLOSED): the endpoint's table key.
  VerificationTag local_tag() const noexcept;
  VerificationTag peer_tag() const noexcept;
  std::span<const Path> paths() const noexcept {
    return std::span<const Path>(paths_).first(path_count_);
  }
  bool HasPeerAddress(const IpAddress& address) const noexcept;
  const IpAddress& local_address() const noexcept { return local_address_; }
  const AssocCounters& counters() const noexcept { return counters_; }
  const AssocOptions& options() const noexcept { return options_; }
  const StateData& state_data() const noexcept { return state_; }

 private:
  // Chunk handlers (association_handshake.cc, association_shutdown.cc,
  // association_data.cc).
  bool HandleChunk(TimePoint now, const ReceivedPacket& packet, uint8_t type,
                   std::span<const uint8_t> chunk,
                   const CookieContents* verified_cookie) noexcept;
  void HandleInit(TimePoint now, const ReceivedPacket& packet,
                  std::span<const uint8_t> chunk) noexcept;
  void HandleInitAck(TimePoint now, const ReceivedPacket& packet,
                     std::span<const uint8_t> chunk) noexcept;
  bool HandleCookieEcho(TimePoint now, const ReceivedPacket& packet,
                        std::span<const uint8_t> chunk,
                        const CookieContents* verified_cookie) noexcept;
  void HandleCookieAck(TimePoint now) noexcept;
  void HandleAbort(std::span<const uint8_t> chunk) noexcept;
  void HandleError(TimePoint now, std::span<const uint8_t> chunk) noexcept;
  void HandleShutdown(TimePoint now, std::span<const uint8_t> chunk) noexcept;
  void HandleShutdownAck(TimePoint now, const ReceivedPacket& packet) noexcept;
  void HandleShutdownComplete() noexcept;
  void HandleData(TimePoint now, const ReceivedPacket& packet,
                  std::span<const uint8_t> chunk) noexcept;
  void HandleSack(TimePoint now, std::span<const uint8_t> chunk) noexcept;
  void HandleHeartbeat(const ReceivedPacket& packet,
                       std::span<const uint8_t> chunk) noexcept;
  void HandleHeartbeatAck(TimePoint now, std::span<const uint8_t> chunk) noexcept;
  // §3.2 upper bits; false when the rest of the packet must be skipped.
  bool HandleUnrecognizedChunk(const ReceivedPacket& packet, uint8_t type,
                               std::span<const uint8_t> chunk) noexcept;

  // Establishment helpers.
  void SendInit(TimePoint now) noexcept;
  void SendCookieEcho(TimePoint now,
                      const PeerInitInfo* unrecognized = nullptr) noexcept;
  void SendCookieAck(const ReceivedPacket& packet) noexcept;
  void EnterEstablished(TimePoint now, const Tcb& tcb, bool restart) noexcept;
  static Tcb TcbFromCookie(const CookieContents& cookie) noexcept;
  // Paths, initial TSN and congestion state from a cookie we made.
  void AdoptCookie(const CookieContents& cookie,
                   const ReceivedPacket& packet) noexcept;
  void SetPaths(std::span<const IpAddress> addresses,
                const IpAddress& primary) noexcept;
  bool AddsNewAddresses(const PeerInitInfo& info) const noexcept;
  void SendAbortRestartWithNewAddresses(const ReceivedPacket& packet,
                                        VerificationTag vtag,
                                        const PeerInitInfo& info) noexcept;
  void SendInitAckFor(TimePoint now, const ReceivedPacket& packet,
                      const wire::InitChunk& init, const PeerInitInfo& info,
                      VerificationTag local_tag, Tsn initial_tsn,
                      TieTag local_tie, TieTag peer_tie) noexcept;
  // The data path of a new TCB: TSN tracking from the peer's initial TSN,
  // our TSNs from ours, streams, congestion state per path (§7.2.1).
  void ResetDataPath(const Tcb& tcb) noexcept;

  // Shutdown helpers.
  // SHUTDOWN-PENDING / SHUTDOWN-RECEIVED: once nothing is outstanding, send
  // SHUTDOWN / SHUTDOWN ACK and move on (§9.2).
  void MaybeFinishShutdown(TimePoint now) noexcept;
  void SendShutdown(TimePoint now) noexcept;
  void SendShutdownAck(TimePoint now) noexcept;
  void OnT1Expired(TimePoint now) noexcept;
  void OnT2Expired(TimePoint now) noexcept;
  // ABORT with our peer's tag to the primary path, at most one cause.
  void SendAbortToPeer(uint16_t cause_code,
                       std::span<const uint8_t> info) noexcept;

  // Teardown: state CLOSED, timers stopped, event emitted if `event`.
  void CloseWith(std::optional<Event> event) noexcept;
  void Fail(LossReason reason, uint16_t cause = 0) noexcept;

  // Data helpers.
  // Sends queued and to-be-retransmitted DATA within the windows.
  // `bundle_only`: only into the packet being assembled (COOKIE ECHO).
  void TransmitData(TimePoint now, bool bundle_only) noexcept;
  // Acknowledgement from a SACK (with its gap blocks) or the Cumulative
  // TSN Ack of a SHUTDOWN (§9.2).
  void AckUpTo(TimePoint now, Tsn cumulative_tsn_ack,
               std::optional<uint32_t> a_rwnd,
               const wire::SackChunk* sack) noexcept;
  // One DATA chunk (new or retransmitted) into the packet being assembled.
  bool AddDataChunk(const tx::ChunkRecord& c, const Path& path,
                    bool immediate) noexcept;
  // §6.4: retransmissions go to an active destination other than the one
  // the chunk last went to, when there is one.
  size_t RetransmitPath(size_t last_path) const noexcept;
  size_t FastRetransmitPath(size_t last_path) const noexcept;
  void StartT3(Path& path, TimePoint now) noexcept;
  void UpdateT3Timer() noexcept;
  uint32_t LocalRwnd() const noexcept;
  // §7.3 point 2: "When fragmenting messages into multiple parts, this
  // AMDCS SHOULD be used to calculate the size of each DATA chunk", so a
  // chunk can be retransmitted to any destination without IP
  // fragmentation: the payload of a DATA chunk in a packet of the smallest
  // PMTU over all the peer's addresses.
  size_t MaxFragment() const noexcept;
  void SendSack(TimePoint now) noexcept;
  void OnT3Expired(TimePoint now, size_t path_index) noexcept;
  void OnHeartbeatTimer(TimePoint now) noexcept;
  void SendHeartbeat(TimePoint now, size_t path_index) noexcept;
  bool CountAssociationError() noexcept;  // true if the association failed
  // `icmp`: the error is an ICMP report (§10 rule 9), said so in the
  // NETWORK STATUS CHANGE it may cause.
  void CountPathError(size_t path_index, bool icmp = false) noexcept;
  // Marks a destination (in)active and reports NETWORK STATUS CHANGE.
  void SetPathActive(Path& path, bool active, bool icmp = false) noexcept;
  void ScheduleHeartbeat(TimePoint now) noexcept;

  // Packet output.
  struct Outgoing {
    std::span<uint8_t> buffer;
    std::optional<wire::PacketBuilder> builder;
  };
  // `oversize`: the packet may exceed the destination's PMTU, up to
  // AssocOptions::mtu (one chunk made before the PMTU fell, §6.9).
  bool BeginPacket(Outgoing& out, VerificationTag vtag,
                   const IpAddress& destination, bool oversize = false) noexcept;
  // The SCTP packet size limit towards `destination` (its PMTU).
  size_t PacketLimit(const IpAddress& destination) const noexcept;
  void FinishPacket(Outgoing& out, const IpAddress& destination) noexcept;
  // sctpOutCtrlChunks for one packet about to leave.
  void CountSentControlChunks(std::span<const uint8_t> packet) noexcept;
  // Bundles a chunk into the packet being assembled (pending_), starting a
  // new one when the tag or destination differs or it is full.
  template <typename Write>
  bool AddChunk(Write&& write, VerificationTag vtag,
                const IpAddress& destination) noexcept;
  // A packet of one chunk written by `write(WireWriter&)`.
  template <typename Write>
  void SendSingle(VerificationTag vtag, const IpAddress& destination,
                  Write&& write) noexcept;

  Tcb* tcb() noexcept;
  const Tcb* tcb() const noexcept;
  Path* primary_path() noexcept;
  const Path* primary_path() const noexcept;
  size_t FindPath(const IpAddress& address) const noexcept;  // kMaxPaths if none
  const IpAddress& DestinationForReply(const ReceivedPacket& packet) const noexcept;
  void EmitDataArrivals() noexcept;
  // RFC 3873 counters of a new (not retransmitted) DATA chunk sent, and of
  // a new (not duplicate) one accepted.
  void CountNewDataChunk(const tx::ChunkRecord& c) noexcept;
  void CountNewDataReceived(bool unordered) noexcept;
  // A window update SACK when Receive freed enough room (§6.2 SWS rule).
  void AfterReceive() noexcept;

  void StartTimer(TimerId id, TimePoint at) noexcept {
    timers_[static_cast<size_t>(id)] = at;
  }
  void StopTimer(TimerId id) noexcept {
    timers_[static_cast<size_t>(id)].reset();
  }
  bool TimerRunning(TimerId id) const noexcept {
    return timers_[static_cast<size_t>(id)].has_value();
  }
  void Emit(const Event& event) noexcept { env_->OnEvent(id_, event); }

  AssocId id_;
  AssocOptions options_;
  AssocEnvironment* env_;
  uint16_t local_port_;
  uint16_t peer_port_;
  IpAddress local_address_;
  StateData state_;
  std::array<Path, kMaxPaths> paths_{};
  size_t path_count_ = 0;
  size_t primary_ = 0;
  std::array<std::optional<TimePoint>, static_cast<size_t>(TimerId::kCount)>
      timers_{};
  int association_error_count_ = 0;
  int packets_since_sack_ = 0;
  bool sack_needed_ = false;
  bool sack_immediately_ = false;       // I bit, first DATA (§5.1, §3.3.1)
  bool fast_retransmit_pending_ = false;  // §7.2.4 step 3
  bool nagle_expired_ = false;          // the bundling delay is over
  uint32_t sacks_since_t3_ = 0;         // §6.1 zero window probing
  IpAddress sack_destination_;          // §6.4: where the DATA came from
  bool data_in_packet_ = false;  // the packet being handled carried DATA
  bool first_data_received_ = false;
  uint32_t last_advertised_rwnd_ = 0;
  Outgoing pending_;
  VerificationTag pending_vtag_;
  IpAddress pending_destination_;
  Tsn initial_tsn_;          // ours, of the INIT or INIT ACK we sent
  // A control chunk type being re-sent by T1 or T2 expiry (not counted in
  // ctrl_chunks_sent); 0 (DATA) when none.
  uint8_t resent_control_type_ = 0;
  tx::SendQueue send_queue_;
  tx::RetransmissionQueue rtx_;
  rx::DataTracker tracker_;
  rx::ReassemblyQueue reassembly_;
  AssocCounters counters_;
};

template <typename Visit>
std::optional<ReceivedMessage> Association::ReceiveWith(Visit&& visit) noexcept {
  std::optional<rx::MessageInfo> info = reassembly_.PopReady(visit);
  if (!info) return std::nullopt;
  ReceivedMessage m{info->stream_id, info->ssn, info->ppid, info->unordered,
                    info->length, info->length};
  if (info->fragment_count > 1) ++counters_.reassembled_messages_received;
  AfterReceive();
  return m;
}

// Templates used by the handler files.

template <typename Write>
inline bool Association::AddChunk(Write&& write, VerificationTag vtag,
                           const IpAddress& destination) noexcept {
  if (pending_.builder &&
      (pending_vtag_ != vtag || !(pending_destination_ == destination))) {
    FinishPacket(pending_, pending_destination_);
  }
  bool oversize = false;
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (!pending_.builder) {
      if (!BeginPacket(pending_, vtag, destination, oversize)) return false;
      pending_vtag_ = vtag;
      pending_destination_ = destination;
    }
    if (pending_.builder->TryAdd(write)) {
      if (oversize) {
        // Alone: nothing else rides above the PMTU.
        ++counters_.oversized_chunks_sent;
        FinishPacket(pending_, pending_destination_);
      }
      return true;
    }
    if (pending_.builder->empty()) {
      if (oversize) break;  // too big for any packet
      // §6.9: "Once a user message is fragmented, it cannot be
      // re-fragmented. Instead, if the PMTU has been reduced, then IP
      // fragmentation MUST be used."
      oversize = true;
      pending_.builder.reset();
      continue;
    }
    FinishPacket(pending_, pending_destination_);
  }
  pending_.builder.reset();
  return false;
}

template <typename Write>
inline void Association::SendSingle(VerificationTag vtag,
                             const IpAddress& destination,
                             Write&& write) noexcept {
  // The environment may lend the same buffer again: finish ours first.
  FinishPacket(pending_, pending_destination_);
  for (bool oversize : {false, true}) {
    Outgoing out;
    if (!BeginPacket(out, vtag, destination, oversize)) return;
    if (out.builder->TryAdd(write)) {
      if (oversize) ++counters_.oversized_chunks_sent;
      FinishPacket(out, destination);
      return;
    }
  }
}

}  // namespace dpsctp::assoc

#endif  // DPSCTP_ASSOC_ASSOCIATION_H_
