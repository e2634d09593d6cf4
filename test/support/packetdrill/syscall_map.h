// Translates the socket API calls of a script into SocketCalls: the Sut
// operation (sut.h) or file-descriptor bookkeeping each one means, and
// what the script expects it to return. Anything without a faithful
// mapping is refused with a reason, which makes the script "unsupported"
// before it runs.
//
//   socket(..., SOCK_STREAM, IPPROTO_SCTP) = fd     kSocket (runner: new fd)
//   bind(fd, ..., ...) = 0                          kBind (runner)
//   listen(fd, n) = 0                               kListen -> Listen()
//   connect(fd, ..., ...) = -1 EINPROGRESS          kConnect -> Connect()
//   accept(fd, ..., ...) = fd2 | -1 EAGAIN          kAccept -> Accept()
//   close(fd) = 0                                   kClose -> CloseListener()
//                                                   / Close() / AbortClose()
//   shutdown(fd, SHUT_WR) = 0                       kShutdownWrite
//   write(fd, ..., n), send(fd, ..., n, 0),         kSend -> Send()
//   sctp_sendmsg(fd, ..., n, to, tolen, htonl(p),
//                0 | SCTP_UNORDERED, sid, ttl, ctx)
//   read(fd, ..., n), recv(fd, ..., n, 0)           kReceive -> Receive()
//   setsockopt(fd, IPPROTO_SCTP, SCTP_RTOINFO |     kSetOption -> SetOption()
//     SCTP_INITMSG | SCTP_PEER_ADDR_PARAMS |
//     SCTP_DELAYED_SACK | SCTP_NODELAY |
//     SCTP_MAXSEG | SCTP_INTERLEAVING_SUPPORTED |
//     SCTP_FRAGMENT_INTERLEAVE, ...),
//   setsockopt(fd, SOL_SOCKET, SO_SNDBUF | SO_RCVBUF, [n], 4)
//   setsockopt(fd, SOL_SOCKET, SO_LINGER, {...})    kSetLinger (runner)
//   fcntl(fd, F_GETFL) = flags                      kGetFlags (runner)
//   fcntl(fd, F_SETFL, O_RDWR | O_NONBLOCK) = 0     kSetFlags (runner)
//   getsockopt(fd, SOL_SOCKET, SO_ERROR, [e], [4])  kGetSocketError
//   getsockopt(fd, IPPROTO_SCTP, SCTP_STATUS, ...)  kGetStatus
//
// Addresses (`...`, structs, NULL) are ignored: the Sut has one address
// per side. Refused: one-to-many sockets, sctp_connectx/sctp_bindx
// (multi-homing), sendmsg/recvmsg/sctp_sendv/sctp_recvv/sctp_recvmsg/
// sctp_send (ancillary data and notifications are not modelled), other
// options, and getsockopt of anything but SO_ERROR and SCTP_STATUS.
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_SYSCALL_MAP_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_SYSCALL_MAP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "test/support/packetdrill/script.h"
#include "test/support/packetdrill/sut.h"

namespace dpsctp::packetdrill {

// The script's `= value [ERRNO]`.
struct ExpectedReturn {
  std::optional<int64_t> value;  // nullopt: `...`
  // Required errno when the call fails. nullopt with value -1: any error
  // (`= -1 // ECONNRESET on FreeBSD, ESHUTDOWN on Linux`).
  std::optional<int> error;
};

// getsockopt(SCTP_STATUS): the fields the script gives (others are `...`).
struct StatusExpectation {
  std::optional<AssociationState> state;
  std::optional<uint32_t> rwnd;
  std::optional<uint16_t> unacked_data;
  std::optional<uint16_t> pending_data;
  std::optional<uint16_t> in_streams;
  std::optional<uint16_t> out_streams;
  std::optional<uint32_t> fragmentation_point;
};

enum class CallKind : uint8_t {
  kSocket,
  kBind,
  kListen,
  kConnect,
  kAccept,
  kClose,
  kShutdownWrite,
  kSend,
  kReceive,
  kSetOption,
  kSetLinger,
  kGetFlags,
  kSetFlags,
  kGetSocketError,
  kGetStatus,
};

struct SocketCall {
  CallKind kind = CallKind::kSocket;
  std::string name;  // as in the script, for messages
  int fd = -1;       // unused for kSocket
  ExpectedReturn expected;

  SendRequest send;                   // kSend
  size_t max_length = 0;              // kReceive
  SocketOption option;                // kSetOption
  std::optional<int> linger_seconds;  // kSetLinger; nullopt: off
  bool nonblocking = false;           // kSetFlags
  int socket_error = 0;               // kGetSocketError: expected [errno]
  StatusExpectation status;           // kGetStatus
};

Result<SocketCall, std::string> TranslateSyscall(const SyscallEvent& call);

// <cerrno> value of "EAGAIN" etc.; nullopt for names it does not know.
std::optional<int> ErrnoFromName(std::string_view name);
// "EAGAIN" for EAGAIN; the number for others.
std::string ErrnoName(int error);

}  // namespace dpsctp::packetdrill

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_SYSCALL_MAP_H_
