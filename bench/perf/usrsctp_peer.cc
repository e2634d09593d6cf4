// usrsctp over AF_CONN, one thread, packets through fixed rings
// (usrsctp_peer.h). Only this file includes usrsctp.h.
#include "usrsctp_peer.h"

#include <usrsctp.h>

#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

namespace dpsctp::bench {

// A fixed ring of packet buffers, one direction.
struct UsrsctpPair::Ring {
  static constexpr size_t kSlots = 8192;  // a power of two
  static constexpr size_t kSlotBytes = 2048;

  Ring()
      : bytes(std::make_unique<uint8_t[]>(kSlots * kSlotBytes)),
        sizes(std::make_unique<uint16_t[]>(kSlots)) {}

  size_t free_slots() const { return kSlots - count; }
  bool empty() const { return count == 0; }
  bool Push(const void* packet, size_t length) {
    if (count == kSlots || length > kSlotBytes) return false;
    const size_t slot = (head + count) & (kSlots - 1);
    std::memcpy(bytes.get() + slot * kSlotBytes, packet, length);
    sizes[slot] = static_cast<uint16_t>(length);
    ++count;
    return true;
  }
  const uint8_t* front() const { return bytes.get() + head * kSlotBytes; }
  size_t front_size() const { return sizes[head]; }
  void Pop() {
    head = (head + 1) & (kSlots - 1);
    --count;
  }
  void Clear() { head = count = 0; }

  std::unique_ptr<uint8_t[]> bytes;
  std::unique_ptr<uint16_t[]> sizes;
  size_t head = 0;
  size_t count = 0;
};

// The AF_CONN address of one end: usrsctp passes it back to the output
// callback, which puts the packet in the ring towards the other end.
struct UsrsctpPair::Link {
  Ring* ring = nullptr;
  UsrsctpCounters* counters = nullptr;
  bool to_server = false;
};

namespace {

// usrsctp is process-wide and may still emit a packet (an ABORT, a timer)
// for an address after its pair is gone: the callback only serves the
// links registered here.
UsrsctpPair::Link* live_links[2] = {nullptr, nullptr};
uint16_t next_port = 5000;

int ConnOutput(void* address, void* buffer, size_t length, uint8_t /*tos*/,
               uint8_t /*set_df*/) {
  auto* link = static_cast<UsrsctpPair::Link*>(address);
  if (link != live_links[0] && link != live_links[1]) return 0;
  UsrsctpCounters& c = *link->counters;
  if (length > c.largest_packet) c.largest_packet = length;
  if (!link->ring->Push(buffer, length)) {
    ++c.ring_overflows;
    return 0;  // lost, as on a wire
  }
  if (link->to_server) {
    ++c.packets_to_server;
  } else {
    ++c.packets_to_client;
  }
  return 0;
}

void InitOnce(uint32_t max_queued_chunks) {
  static bool done = false;
  if (!done) {
    // No UDP encapsulation port, no threads: timers run from
    // usrsctp_handle_timers(), packets enter through usrsctp_conninput().
    usrsctp_init_nothreads(0, &ConnOutput, nullptr);
    done = true;
  }
  // A queue limit equal to the one dpsctp gets (send and receive).
  usrsctp_sysctl_set_sctp_max_chunks_on_queue(max_queued_chunks);
}

template <typename T>
bool SetOption(struct socket* s, int level, int name, const T& value,
               std::string& error, const char* what) {
  if (usrsctp_setsockopt(s, level, name, &value, sizeof(value)) < 0) {
    error = std::string("usrsctp_setsockopt ") + what + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

// Buffers, stream counts and Nagle off: what every socket of the pair gets.
bool Configure(struct socket* s, const UsrsctpOptions& o, std::string& error) {
  if (usrsctp_set_non_blocking(s, 1) < 0) {
    error = "usrsctp_set_non_blocking failed";
    return false;
  }
  const int send_buffer = static_cast<int>(o.send_buffer);
  const int receive_buffer = static_cast<int>(o.receive_buffer);
  sctp_initmsg init{};
  init.sinit_num_ostreams = o.streams;
  init.sinit_max_instreams = o.streams;
  const int on = 1;
  linger abortive{};
  abortive.l_onoff = 1;
  abortive.l_linger = 0;
  return SetOption(s, SOL_SOCKET, SO_SNDBUF, send_buffer, error, "SO_SNDBUF") &&
         SetOption(s, SOL_SOCKET, SO_RCVBUF, receive_buffer, error, "SO_RCVBUF") &&
         SetOption(s, IPPROTO_SCTP, SCTP_INITMSG, init, error, "SCTP_INITMSG") &&
         SetOption(s, IPPROTO_SCTP, SCTP_NODELAY, on, error, "SCTP_NODELAY") &&
         SetOption(s, IPPROTO_SCTP, SCTP_RECVRCVINFO, on, error, "SCTP_RECVRCVINFO") &&
         SetOption(s, SOL_SOCKET, SO_LINGER, abortive, error, "SO_LINGER");
}

// The association's path MTU, fixed (no PMTUD on an in-memory wire).
bool SetPathMtu(struct socket* s, uint16_t mtu, std::string& error) {
  sctp_paddrparams p{};
  // An AF_CONN address with no link stands for every path.
  sockaddr_conn any{};
  any.sconn_family = AF_CONN;
  static_assert(sizeof(any) <= sizeof(p.spp_address));
  std::memcpy(&p.spp_address, &any, sizeof(any));
  p.spp_assoc_id = SCTP_FUTURE_ASSOC;
  // For AF_CONN usrsctp adds the common header to spp_pathmtu (measured:
  // 1480 gives packets of 1492 bytes); `mtu` is the whole SCTP packet.
  p.spp_pathmtu = mtu - 12u;
  p.spp_flags = SPP_PMTUD_DISABLE;
  return SetOption(s, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, p, error,
                   "SCTP_PEER_ADDR_PARAMS");
}

sockaddr_conn ConnAddress(void* link, uint16_t port) {
  sockaddr_conn a{};
  a.sconn_family = AF_CONN;
  a.sconn_port = htons(port);
  a.sconn_addr = link;
  return a;
}

}  // namespace

UsrsctpPair::UsrsctpPair()
    : to_server_(std::make_unique<Ring>()),
      to_client_(std::make_unique<Ring>()),
      client_link_(std::make_unique<Link>()),
      server_link_(std::make_unique<Link>()) {
  client_link_->ring = to_server_.get();
  client_link_->counters = &counters_;
  client_link_->to_server = true;
  server_link_->ring = to_client_.get();
  server_link_->counters = &counters_;
  live_links[0] = client_link_.get();
  live_links[1] = server_link_.get();
}

std::unique_ptr<UsrsctpPair> UsrsctpPair::Create(const UsrsctpOptions& options,
                                                 std::string& error) {
  InitOnce(options.max_queued_chunks);
  std::unique_ptr<UsrsctpPair> pair(new UsrsctpPair());
  if (!pair->Connect(options, error)) return nullptr;
  return pair;
}

bool UsrsctpPair::Connect(const UsrsctpOptions& options, std::string& error) {
  usrsctp_register_address(client_link_.get());
  usrsctp_register_address(server_link_.get());
  const uint16_t port = next_port++;
  client_ = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr,
                           nullptr, 0, nullptr);
  listener_ = usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, nullptr,
                             nullptr, 0, nullptr);
  if (client_ == nullptr || listener_ == nullptr) {
    error = "usrsctp_socket failed";
    return false;
  }
  // The path MTU before the association exists: usrsctp only ever lowers
  // an association's smallest MTU afterwards, and fragments by it.
  if (!Configure(client_, options, error) || !Configure(listener_, options, error) ||
      !SetPathMtu(client_, options.path_mtu, error) ||
      !SetPathMtu(listener_, options.path_mtu, error)) {
    return false;
  }
  // Each end is bound to its own link; usrsctp_conninput(link, ...) makes
  // the link both source and destination of what it delivers.
  sockaddr_conn client_address = ConnAddress(client_link_.get(), port);
  sockaddr_conn server_address = ConnAddress(server_link_.get(), port);
  if (usrsctp_bind(client_, reinterpret_cast<sockaddr*>(&client_address),
                   sizeof(client_address)) < 0 ||
      usrsctp_bind(listener_, reinterpret_cast<sockaddr*>(&server_address),
                   sizeof(server_address)) < 0 ||
      usrsctp_listen(listener_, 1) < 0) {
    error = std::string("usrsctp bind/listen: ") + std::strerror(errno);
    return false;
  }
  if (usrsctp_connect(client_, reinterpret_cast<sockaddr*>(&client_address),
                      sizeof(client_address)) < 0 &&
      errno != EINPROGRESS) {
    error = std::string("usrsctp_connect: ") + std::strerror(errno);
    return false;
  }
  for (int round = 0; round < 100 && server_ == nullptr; ++round) {
    Pump(0);
    server_ = usrsctp_accept(listener_, nullptr, nullptr);
  }
  if (server_ == nullptr) {
    error = "usrsctp handshake did not complete";
    return false;
  }
  for (int round = 0; round < 10; ++round) Pump(0);  // COOKIE ACK
  if (!Configure(server_, options, error)) return false;
  sctp_status status{};
  socklen_t length = sizeof(status);
  if (usrsctp_getsockopt(server_, IPPROTO_SCTP, SCTP_STATUS, &status, &length) < 0) {
    error = "usrsctp SCTP_STATUS failed";
    return false;
  }
  inbound_streams_ = status.sstat_instrms;
  int buffer = 0;
  length = sizeof(buffer);
  if (usrsctp_getsockopt(client_, SOL_SOCKET, SO_SNDBUF, &buffer, &length) < 0 ||
      static_cast<uint32_t>(buffer) != options.send_buffer) {
    error = "usrsctp SO_SNDBUF not applied";
    return false;
  }
  return CheckChecksumVerified(error);
}

bool UsrsctpPair::CheckChecksumVerified(std::string& error) {
  // One small message; a copy of its packet with one payload bit flipped
  // goes first and must be dropped for its checksum, then the original.
  const uint8_t probe[4] = {'c', 'r', 'c', '!'};
  if (Send(0, probe) != SendResult::kOk || to_server_->empty()) {
    error = "checksum probe not sent";
    return false;
  }
  std::array<uint8_t, Ring::kSlotBytes> copy;
  const size_t size = to_server_->front_size();
  std::memcpy(copy.data(), to_server_->front(), size);
  copy[size - 1] ^= 0x01;
  const uint64_t bad_before = Checksums().bad;
  usrsctp_conninput(server_link_.get(), copy.data(), size, 0);
  if (Checksums().bad != bad_before + 1) {
    error = "a corrupted packet was not dropped for its checksum";
    return false;
  }
  std::array<uint8_t, 16> buffer;
  for (int round = 0; round < 10; ++round) {
    Pump(0);
    if (std::optional<Piece> p = Receive(buffer)) {
      if (p->length == sizeof(probe) && p->end_of_message &&
          std::memcmp(buffer.data(), probe, sizeof(probe)) == 0) {
        return true;
      }
      break;
    }
  }
  error = "checksum probe not received";
  return false;
}

UsrsctpPair::~UsrsctpPair() {
  // SO_LINGER 0: close aborts. Let the ABORT through, then forget the links.
  for (struct socket* s : {client_, server_, listener_}) {
    if (s != nullptr) usrsctp_close(s);
  }
  for (int round = 0; round < 4; ++round) {
    Pump(0);
    AdvanceTime(1'000'000);
  }
  usrsctp_deregister_address(client_link_.get());
  usrsctp_deregister_address(server_link_.get());
  live_links[0] = live_links[1] = nullptr;
}

UsrsctpPair::SendResult UsrsctpPair::Send(uint16_t stream,
                                          std::span<const uint8_t> message) {
  sctp_sndinfo info{};
  info.snd_sid = stream;
  ssize_t n = usrsctp_sendv(client_, message.data(), message.size(), nullptr, 0,
                            &info, sizeof(info), SCTP_SENDV_SNDINFO, 0);
  if (n < 0) {
    return errno == EWOULDBLOCK || errno == EAGAIN ? SendResult::kFull
                                                   : SendResult::kError;
  }
  return static_cast<size_t>(n) == message.size() ? SendResult::kOk
                                                  : SendResult::kError;
}

size_t UsrsctpPair::Pump(size_t reserve) {
  size_t delivered = 0;
  // The server reads from to_server_ and writes only to to_client_ (and the
  // client the reverse), so a slot stays valid while usrsctp reads it.
  while (!to_server_->empty() && to_client_->free_slots() >= reserve) {
    usrsctp_conninput(server_link_.get(), to_server_->front(),
                      to_server_->front_size(), 0);
    to_server_->Pop();
    ++delivered;
  }
  while (!to_client_->empty() && to_server_->free_slots() >= reserve) {
    usrsctp_conninput(client_link_.get(), to_client_->front(),
                      to_client_->front_size(), 0);
    to_client_->Pop();
    ++delivered;
  }
  return delivered;
}

std::optional<UsrsctpPair::Piece> UsrsctpPair::Receive(std::span<uint8_t> buffer) {
  for (;;) {
    sctp_rcvinfo info{};
    socklen_t info_length = sizeof(info);
    unsigned int info_type = 0;
    int flags = 0;
    sockaddr_storage from{};
    socklen_t from_length = sizeof(from);
    ssize_t n = usrsctp_recvv(server_, buffer.data(), buffer.size(),
                              reinterpret_cast<sockaddr*>(&from), &from_length,
                              &info, &info_length, &info_type, &flags);
    if (n < 0) return std::nullopt;
    if (flags & MSG_NOTIFICATION) continue;  // none subscribed; skip any
    Piece p;
    p.length = static_cast<size_t>(n);
    p.stream = info_type == SCTP_RECVV_RCVINFO ? info.rcv_sid : 0;
    p.end_of_message = (flags & MSG_EOR) != 0;
    return p;
  }
}

void UsrsctpPair::AdvanceTime(uint64_t nanos) {
  clock_nanos_ += nanos;
  const uint64_t ms = clock_nanos_ / 1'000'000;
  if (ms > timers_run_to_ms_) {
    usrsctp_handle_timers(static_cast<uint32_t>(ms - timers_run_to_ms_));
    timers_run_to_ms_ = ms;
  }
}

UsrsctpChecksums UsrsctpPair::Checksums() {
  sctpstat stat{};
  usrsctp_get_stat(&stat);
  UsrsctpChecksums c;
  c.computed = stat.sctps_sendswcrc;
  c.offloaded_tx = stat.sctps_sendhwcrc;
  c.offloaded_rx = stat.sctps_recvhwcrc;
  c.bad = stat.sctps_badsum;
  return c;
}

size_t UsrsctpPair::free_slots_to_server() const {
  return to_server_->free_slots();
}

}  // namespace dpsctp::bench
