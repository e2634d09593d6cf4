// Two usrsctp sockets in one process and one thread, joined in memory: the
// reference the transfer benchmark measures dpsctp against.
//
// usrsctp runs without its own threads (usrsctp_init_nothreads): packets
// leave through the AF_CONN output callback, which only copies them into a
// fixed ring per direction; Pump() feeds them to the other socket with
// usrsctp_conninput, never from inside the callback. Timers run when
// AdvanceTime() passes whole milliseconds of the caller's clock. CRC32c is
// computed on output and checked on input (usrsctp's default; offload is
// never enabled).
//
// This header does not include usrsctp.h, so that the benchmark itself
// sees only this interface. usrsctp is a process-wide library: one
// UsrsctpPair at a time.
#ifndef DPSCTP_BENCH_PERF_USRSCTP_PEER_H_
#define DPSCTP_BENCH_PERF_USRSCTP_PEER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

// usrsctp's socket handle (usrsctp.h declares it at global scope).
struct socket;

namespace dpsctp::bench {

struct UsrsctpOptions {
  uint32_t send_buffer = 4 * 1024 * 1024;     // SO_SNDBUF of the sender
  uint32_t receive_buffer = 4 * 1024 * 1024;  // SO_RCVBUF of the receiver
  uint16_t streams = 16;                      // outbound and inbound
  uint32_t max_queued_chunks = 65535;         // sctp_max_chunks_on_queue
  uint16_t path_mtu = 1480;                   // SCTP packet size limit
};

// What the client (sender) and server (receiver) socket did.
struct UsrsctpCounters {
  uint64_t packets_to_server = 0;
  uint64_t packets_to_client = 0;
  uint64_t ring_overflows = 0;  // packets lost because a ring was full
  size_t largest_packet = 0;    // bytes of SCTP, common header included
};

// usrsctp's own count of SCTP checksums, process-wide (struct sctpstat).
// usrsctp_conninput verifies every packet but counts only failures.
struct UsrsctpChecksums {
  uint64_t computed = 0;  // in software on output
  uint64_t offloaded_tx = 0;
  uint64_t offloaded_rx = 0;
  uint64_t bad = 0;  // received with a wrong checksum, dropped
};

class UsrsctpPair {
 public:
  enum class SendResult : uint8_t { kOk, kFull, kError };

  // One piece of a received message: all of it unless the buffer was short
  // or usrsctp started a partial delivery.
  struct Piece {
    size_t length = 0;
    uint16_t stream = 0;
    bool end_of_message = false;
  };

  // Sets up the library (once per process), both sockets, and runs the
  // handshake to ESTABLISHED. Then checks that the server drops a packet
  // with a flipped bit (CRC32c verified on input). nullptr, with `error`
  // set, on failure.
  static std::unique_ptr<UsrsctpPair> Create(const UsrsctpOptions& options,
                                             std::string& error);
  ~UsrsctpPair();
  UsrsctpPair(const UsrsctpPair&) = delete;
  UsrsctpPair& operator=(const UsrsctpPair&) = delete;

  // Client to server, ordered, on `stream`. kFull when the send buffer has
  // no room for the whole message (EWOULDBLOCK).
  SendResult Send(uint16_t stream, std::span<const uint8_t> message);

  // Hands the packets queued towards the server, then those towards the
  // client, to usrsctp_conninput: one pass each. Stops a pass early while
  // the opposite ring has fewer than `reserve` free slots, so that answers
  // always find room. Returns the packets delivered.
  size_t Pump(size_t reserve);

  // The server's next message (piece), or nullopt if there is none now.
  std::optional<Piece> Receive(std::span<uint8_t> buffer);

  static UsrsctpChecksums Checksums();

  // Moves the clock on; timers run once per whole millisecond passed.
  void AdvanceTime(uint64_t nanos);

  // Free slots in the ring towards the server.
  size_t free_slots_to_server() const;
  const UsrsctpCounters& counters() const { return counters_; }
  // The stream counts both ends agreed on, from the server's view.
  uint16_t inbound_streams() const { return inbound_streams_; }

  struct Ring;
  struct Link;

 private:
  UsrsctpPair();
  bool Connect(const UsrsctpOptions& options, std::string& error);
  bool CheckChecksumVerified(std::string& error);

  std::unique_ptr<Ring> to_server_;
  std::unique_ptr<Ring> to_client_;
  std::unique_ptr<Link> client_link_;
  std::unique_ptr<Link> server_link_;
  struct socket* client_ = nullptr;
  struct socket* listener_ = nullptr;
  struct socket* server_ = nullptr;
  uint64_t clock_nanos_ = 0;
  uint64_t timers_run_to_ms_ = 0;
  uint16_t inbound_streams_ = 0;
  UsrsctpCounters counters_;
};

}  // namespace dpsctp::bench

#endif  // DPSCTP_BENCH_PERF_USRSCTP_PEER_H_
