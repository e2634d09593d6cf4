// Sut: the system under test as the packetdrill Runner drives it.
//
// One SCTP endpoint with one 1-to-1 style socket (RFC 6458 §4), which is
// either a listener (then accept() yields the association) or connects
// itself. There is no IP layer: packets are SCTP packets (common header and
// chunks), ports are Ports{} (tester_state.h) and addresses are whatever the
// adapter uses.
//
// Time is virtual. The runner passes `now` to every call, never goes back,
// and calls AdvanceTo() to let timers run; it asks NextTimerExpiry() so that
// it can step from one timer to the next and stamp each packet with the
// time it was sent. Packets the SUT sends during any call are collected
// with PopSent() right after that call.
//
// Socket calls never block: where a socket call would block they return
// EAGAIN/EWOULDBLOCK (EINPROGRESS for Connect()); the runner models a
// blocking socket on top (and reports the cases it cannot model as
// unsupported). Errors are <cerrno> values, as errno would hold them.
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_SUT_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_SUT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "common/time.h"

namespace dpsctp::packetdrill {

// What a socket call returns: a value (>= 0) or an errno.
struct CallResult {
  int64_t value = 0;
  int error = 0;  // 0: success

  static CallResult Ok(int64_t value = 0) { return CallResult{value, 0}; }
  static CallResult Fail(int error) { return CallResult{-1, error}; }
  bool ok() const { return error == 0; }
};

// setsockopt() options the scripts use, RFC 6458 §8.1 (times in ms; for
// RtoInfo and InitMsg a 0 means "leave unchanged", as in the RFC).
struct RtoInfo {  // SCTP_RTOINFO
  uint32_t initial_ms = 0;
  uint32_t max_ms = 0;
  uint32_t min_ms = 0;
};
struct InitMsg {  // SCTP_INITMSG
  uint16_t num_ostreams = 0;
  uint16_t max_instreams = 0;
  uint16_t max_attempts = 0;
  uint16_t max_init_timeo_ms = 0;
};
struct PeerAddrParams {  // SCTP_PEER_ADDR_PARAMS (for the primary path)
  uint32_t hb_interval_ms = 0;
  uint16_t path_max_rxt = 0;
  uint32_t path_mtu = 0;
  bool heartbeat_enable = false;   // SPP_HB_ENABLE
  bool heartbeat_disable = false;  // SPP_HB_DISABLE
  bool pmtud_enable = false;       // SPP_PMTUD_ENABLE
  bool pmtud_disable = false;      // SPP_PMTUD_DISABLE
};
struct DelayedSack {  // SCTP_DELAYED_SACK
  uint32_t delay_ms = 0;
  uint32_t frequency = 0;
};
struct NoDelay {  // SCTP_NODELAY
  bool enable = false;
};
struct MaxSegment {  // SCTP_MAXSEG
  uint32_t bytes = 0;
};
struct BufferSize {  // SO_SNDBUF / SO_RCVBUF
  bool send = false;
  uint32_t bytes = 0;
};
struct InterleavingSupported {  // SCTP_INTERLEAVING_SUPPORTED (RFC 8260)
  bool enable = false;
};
struct FragmentInterleave {  // SCTP_FRAGMENT_INTERLEAVE
  uint32_t level = 0;
};
using SocketOption = std::variant<RtoInfo, InitMsg, PeerAddrParams, DelayedSack,
                                  NoDelay, MaxSegment, BufferSize,
                                  InterleavingSupported, FragmentInterleave>;

// write(), send(), sctp_sendmsg(): one user message of `length` bytes.
struct SendRequest {
  uint16_t stream_id = 0;
  uint32_t ppid = 0;
  size_t length = 0;
  bool unordered = false;
  uint32_t time_to_live_ms = 0;  // 0: reliable
};

// RFC 9260 §4 states, as SCTP_STATUS reports them (sstat_state).
enum class AssociationState : uint8_t {
  kClosed,
  kCookieWait,
  kCookieEchoed,
  kEstablished,
  kShutdownPending,
  kShutdownSent,
  kShutdownReceived,
  kShutdownAckSent,
};

// getsockopt(SCTP_STATUS), RFC 6458 §8.2.1.
struct AssociationStatus {
  AssociationState state = AssociationState::kClosed;
  uint32_t rwnd = 0;
  uint16_t unacked_data = 0;
  uint16_t pending_data = 0;
  uint16_t in_streams = 0;
  uint16_t out_streams = 0;
  uint32_t fragmentation_point = 0;
};

class Sut {
 public:
  virtual ~Sut() = default;

  // --- Packets and time -----------------------------------------------
  // A packet from the tester (common header onward, CRC32c filled in).
  virtual void Inject(TimePoint now, std::span<const uint8_t> sctp_packet) = 0;
  // Runs every timer due at or before `now`.
  virtual void AdvanceTo(TimePoint now) = 0;
  // The earliest time a timer of the SUT is due, or nullopt if none is
  // armed.
  virtual std::optional<TimePoint> NextTimerExpiry() const = 0;
  // The next packet the SUT sent, oldest first; nullopt when none is left.
  virtual std::optional<std::vector<uint8_t>> PopSent() = 0;

  // --- The socket API, one call per script system call -------------------
  // listen(): accept associations on `sut_port`.
  virtual CallResult Listen(TimePoint now, uint16_t sut_port) = 0;
  // connect(): start an association from `sut_port` to the tester's port.
  // Returns EINPROGRESS once the INIT is on its way.
  virtual CallResult Connect(TimePoint now, uint16_t sut_port,
                             uint16_t tester_port) = 0;
  // accept(): succeeds (0) if an established association is waiting, else
  // EAGAIN. The runner gives the association its file descriptor.
  virtual CallResult Accept(TimePoint now) = 0;
  // close() of the listening socket: stop accepting; associations already
  // accepted are not affected.
  virtual CallResult CloseListener(TimePoint now) = 0;
  // close() of the association's socket: graceful shutdown (RFC 9260
  // §9.2). Succeeds, even when the association is already gone.
  virtual CallResult Close(TimePoint now) = 0;
  // close() with SO_LINGER {on, 0 s}: ABORT the association (§9.1).
  virtual CallResult AbortClose(TimePoint now) = 0;
  // shutdown(SHUT_WR): graceful shutdown, the socket stays open for reading.
  virtual CallResult ShutdownWrite(TimePoint now) = 0;
  // Queues one message. Returns its length, or EAGAIN (would block),
  // EPIPE/ESHUTDOWN/ECONNRESET/ENOTCONN (cannot send any more).
  virtual CallResult Send(TimePoint now, const SendRequest& request) = 0;
  // Delivers (part of) the next message: at most `max_length` bytes.
  // Returns the byte count; 0 at end of stream (the association was shut
  // down); EAGAIN when nothing is there yet; ECONNRESET etc. after an
  // abort.
  virtual CallResult Receive(TimePoint now, size_t max_length) = 0;
  // setsockopt().
  virtual CallResult SetOption(TimePoint now, const SocketOption& option) = 0;
  // getsockopt(SO_ERROR): the pending error (ECONNREFUSED, ETIMEDOUT,
  // ECONNRESET, ...), cleared by reading; 0 when there is none.
  virtual int TakeSocketError() = 0;
  // getsockopt(SCTP_STATUS); nullopt when there is no association (the call
  // then fails with EINVAL).
  virtual std::optional<AssociationStatus> GetStatus() = 0;
  // A backquoted shell command from the script, e.g.
  // `sysctl -i net.inet.sctp.ecn_enable=0` (FreeBSD tuning). Return false
  // when it has no equivalent: the script is then unsupported.
  virtual bool RunCommand(TimePoint /*now*/, std::string_view /*command*/) {
    return false;
  }
};

}  // namespace dpsctp::packetdrill

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_SUT_H_
