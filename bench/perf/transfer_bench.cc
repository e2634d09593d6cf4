// Data-transfer throughput: a client sends messages to a server, both ends
// in one thread, joined by an in-memory wire of fixed packet rings (no
// latency, no loss). dpsctp and usrsctp run the same loop in the same
// process, so their figures compare directly.
//
//   BM_Dpsctp/<size>/<streams>    two endpoint::Endpoints
//   BM_Usrsctp/<size>/<streams>   two usrsctp AF_CONN sockets (usrsctp_peer.h)
//
// One benchmark iteration is one round of the loop:
//   1. the client sends messages (ordered, round robin over the streams)
//      until its send buffer is full, or the ring towards the server runs
//      low;
//   2. every queued packet is handed to the other end, once each way;
//   3. the server receives every complete message;
//   4. a fake clock moves on kTickNanos and timers run (delayed SACK).
// CRC32c is computed by the sender and checked by the receiver, as on a
// wire. Setup (the handshake) is outside the timing.
//
// Counters (user payload, per second of wall-clock time):
//   msgs_per_s       messages the server received
//   gbit_per_s       their payload, in Gbit/s
//   cpu_msgs_per_s,  the same per second of the thread's CPU time, for a
//   cpu_gbit_per_s   machine shared with other work
//   pkts_per_msg     packets towards the server per message (bundling)
//   largest_pkt      the largest SCTP packet sent, bytes
// Each message carries its sequence number in its first 8 bytes; the
// server checks the stream, the order per stream and the length of every
// message. At the end the rest in flight is drained and the case fails
// (SkipWithError) unless every message sent arrived, in order, whole.
//
// Both ends get the same resources: 4 MiB of send buffer and receive
// window, 16 streams each way, at most kMaxQueuedChunks queued messages or
// chunks (our max_send_messages / max_outstanding_chunks /
// max_receive_fragments, usrsctp's sctp_max_chunks_on_queue), SCTP packets
// of at most 1480 bytes, Nagle off. Our receiver keeps DATA payload in the
// packet buffers (counted references, as with mbufs); both receivers copy
// each message once into the application's buffer.
//
// Run: scripts/bench_transfer.sh [build dir], or pinned, e.g.
//   taskset -c 1 build/bench/perf/transfer_bench --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "assoc/association.h"
#include "assoc/cookie.h"
#include "assoc/events.h"
#include "buf/packet_view.h"
#include "common/address.h"
#include "common/time.h"
#include "common/types.h"
#include "endpoint/endpoint.h"

#if DPSCTP_HAVE_USRSCTP
#include "usrsctp_peer.h"
#endif

namespace dpsctp::bench {
namespace {

constexpr uint32_t kBufferBytes = 4 * 1024 * 1024;
constexpr uint16_t kStreams = 16;
constexpr uint32_t kMaxQueuedChunks = 65536;
constexpr uint16_t kMtu = 1480;
constexpr size_t kMaxMessage = 256 * 1024;
// Fake time per round: small against the 200 ms SACK delay, so that a
// round never looks like a timeout, yet timers do fire in an idle drain.
constexpr int64_t kTickNanos = 50'000;
// The sender stops while the ring towards the receiver has fewer free
// slots, and delivery stops while the opposite ring does: what one call
// may emit (a burst, a SACK, a large message) always fits.
constexpr size_t kReserveSlots = 1024;
// Rounds allowed to drain what is in flight after the timed loop.
constexpr int kDrainRounds = 200'000;

// One piece of a received message (usrsctp may deliver a message in parts).
struct Piece {
  size_t length = 0;
  uint16_t stream = 0;
  bool end_of_message = false;
};

enum class SendResult : uint8_t { kOk, kFull, kError };

// ---------------------------------------------------------------------------
// dpsctp: two endpoints and a direct link.

// Packet buffers with a reference count, as a driver's mbufs: the sending
// endpoint writes each packet straight into one (TxBuffer lends it,
// Transmit queues it), the receiving endpoint reads it in place and keeps a
// reference to every DATA payload it holds for delivery (zero-copy receive,
// ARCHITECTURE.md step 6). A buffer returns to the pool, LIFO so that hot
// buffers are reused, when the last reference goes.
class PacketPool {
 public:
  static constexpr size_t kBufferBytes = 2048;

  struct Buffer {
    PacketPool* pool = nullptr;
    uint32_t refs = 0;
    uint32_t size = 0;
    PacketAddresses addresses;
    alignas(64) std::array<uint8_t, kBufferBytes> bytes;
  };

  // Buffers are constructed on first use, so that only the pages the
  // transfer needs are touched.
  explicit PacketPool(size_t count)
      : storage_(std::make_unique_for_overwrite<Storage[]>(count)),
        free_(std::make_unique_for_overwrite<Buffer*[]>(count)),
        count_(count) {}

  // A buffer with one reference, or null when all are in use.
  Buffer* Allocate() {
    Buffer* b = nullptr;
    if (free_count_ > 0) {
      b = free_[--free_count_];
    } else if (fresh_ < count_) {
      b = new (storage_[fresh_++].raw) Buffer;
      b->pool = this;
    } else {
      return nullptr;
    }
    b->refs = 1;
    return b;
  }
  static void Retain(void* handle) noexcept { ++static_cast<Buffer*>(handle)->refs; }
  static void Release(void* handle) noexcept {
    auto* b = static_cast<Buffer*>(handle);
    if (--b->refs == 0) b->pool->free_[b->pool->free_count_++] = b;
  }
  static constexpr buf::BufOps kOps{&PacketPool::Retain, &PacketPool::Release};

  size_t in_use() const { return fresh_ - free_count_; }

 private:
  // Raw room for one Buffer (trivially destructible: nothing to destroy).
  struct Storage {
    alignas(Buffer) std::byte raw[sizeof(Buffer)];
  };
  static_assert(std::is_trivially_destructible_v<Buffer>);

  std::unique_ptr<Storage[]> storage_;
  std::unique_ptr<Buffer*[]> free_;
  size_t count_;
  size_t fresh_ = 0;  // storage_[fresh_..] never used yet
  size_t free_count_ = 0;
};

// Packets on their way in one direction: a fixed ring of buffer pointers.
// Each queued buffer holds the reference the driver passes on.
class PacketRing {
 public:
  static constexpr size_t kSlots = 8192;  // a power of two

  PacketRing() : slots_(std::make_unique<PacketPool::Buffer*[]>(kSlots)) {}

  size_t free_slots() const { return kSlots - count_; }
  bool empty() const { return count_ == 0; }
  bool Push(PacketPool::Buffer* b) {
    if (count_ == kSlots) return false;
    slots_[(head_ + count_) & (kSlots - 1)] = b;
    ++count_;
    return true;
  }
  PacketPool::Buffer* Pop() {
    PacketPool::Buffer* b = slots_[head_];
    head_ = (head_ + 1) & (kSlots - 1);
    --count_;
    return b;
  }

 private:
  std::unique_ptr<PacketPool::Buffer*[]> slots_;
  size_t head_ = 0;
  size_t count_ = 0;
};

class RingTx final : public endpoint::TxPort {
 public:
  RingTx(PacketPool& pool, PacketRing& ring) : pool_(&pool), ring_(&ring) {}
  ~RingTx() override {
    if (lent_ != nullptr) PacketPool::Release(lent_);
  }
  RingTx(const RingTx&) = delete;
  RingTx& operator=(const RingTx&) = delete;

  // The same buffer until a packet is transmitted in it.
  std::span<uint8_t> TxBuffer() noexcept override {
    if (lent_ == nullptr) lent_ = pool_->Allocate();
    if (lent_ == nullptr) return {};
    return lent_->bytes;
  }
  void Transmit(std::span<const uint8_t> packet,
                const PacketAddresses& addresses) noexcept override {
    ++packets_;
    if (packet.size() > largest_packet_) largest_packet_ = packet.size();
    PacketPool::Buffer* b = lent_;
    lent_ = nullptr;
    if (b == nullptr || packet.data() != b->bytes.data()) {
      // Not written in the lent buffer: copy it into a fresh one.
      if (b != nullptr) PacketPool::Release(b);
      b = pool_->Allocate();
      if (b == nullptr || packet.size() > PacketPool::kBufferBytes) {
        if (b != nullptr) PacketPool::Release(b);
        ++overflows_;
        return;
      }
      std::memcpy(b->bytes.data(), packet.data(), packet.size());
    }
    b->size = static_cast<uint32_t>(packet.size());
    b->addresses = addresses;
    if (!ring_->Push(b)) {
      PacketPool::Release(b);
      ++overflows_;
    }
  }
  uint64_t packets() const { return packets_; }
  uint64_t overflows() const { return overflows_; }
  size_t largest_packet() const { return largest_packet_; }

 private:
  PacketPool* pool_;
  PacketRing* ring_;
  PacketPool::Buffer* lent_ = nullptr;
  uint64_t packets_ = 0;
  uint64_t overflows_ = 0;
  size_t largest_packet_ = 0;
};

class XorShift final : public endpoint::RandomSource {
 public:
  explicit XorShift(uint64_t seed) : state_(seed) {}
  uint32_t Next32() noexcept override {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<uint32_t>(state_ >> 16);
  }

 private:
  uint64_t state_;
};

assoc::CookieKey Key() {
  assoc::CookieKey key{};
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i * 29 + 3);
  return key;
}

endpoint::EndpointOptions Options() {
  endpoint::EndpointOptions o;
  o.max_associations = 4;
  o.assoc.send_buffer = kBufferBytes;
  o.assoc.receive_window = kBufferBytes;
  o.assoc.outbound_streams = kStreams;
  o.assoc.max_inbound_streams = kStreams;
  o.assoc.max_send_messages = kMaxQueuedChunks;
  o.assoc.max_outstanding_chunks = kMaxQueuedChunks;
  o.assoc.max_receive_fragments = kMaxQueuedChunks;
  o.assoc.mtu = kMtu;
  return o;
}

// Client 10.0.0.2 sends to server 10.0.0.1, port 5000 on both.
class DpsctpPair {
 public:
  static constexpr uint16_t kPort = 5000;

  DpsctpPair()
      : pool_(kPoolBuffers),
        client_tx_(pool_, to_server_),
        server_tx_(pool_, to_client_),
        client_random_(0x243f6a8885a308d3ull),
        server_random_(0x13198a2e03707344ull),
        client_(Options(), Key(), client_random_, client_tx_),
        server_(Options(), Key(), server_random_, server_tx_) {}

  bool Connect(std::string& error) {
    if (!server_.Listen(kPort)) {
      error = "Listen failed";
      return false;
    }
    std::array<IpAddress, 1> peer{kServerAddress};
    std::optional<assoc::AssocId> id =
        client_.Associate(now_, kPort, kClientAddress, peer, kPort);
    if (!id) {
      error = "Associate failed";
      return false;
    }
    client_id_ = *id;
    for (int round = 0; round < 100 && !(client_up_ && server_id_); ++round) {
      Pump(0);
      AdvanceTime(kTickNanos);
    }
    if (!client_up_ || !server_id_) {
      error = "handshake did not complete";
      return false;
    }
    return true;
  }

  SendResult Send(uint16_t stream, std::span<const uint8_t> message) {
    assoc::SendOptions o;
    o.stream_id = StreamId(stream);
    o.ppid = Ppid(0);
    switch (client_.Send(now_, client_id_, o, message)) {
      case assoc::SendError::kNone:
        return SendResult::kOk;
      case assoc::SendError::kNoBuffer:
        return SendResult::kFull;
      default:
        return SendResult::kError;
    }
  }

  // Hands over what each ring holds, once each way (see kReserveSlots),
  // then takes the events (one DATA ARRIVE per message).
  size_t Pump(size_t reserve) {
    size_t delivered = Deliver(to_server_, to_client_, server_, reserve);
    delivered += Deliver(to_client_, to_server_, client_, reserve);
    DrainEvents(server_, true);
    DrainEvents(client_, false);
    return delivered;
  }

  std::optional<Piece> Receive(std::span<uint8_t> buffer) {
    assoc::Association* a = server_.Find(*server_id_);
    if (a == nullptr) return std::nullopt;
    std::optional<assoc::ReceivedMessage> m = a->Receive(buffer);
    if (!m) return std::nullopt;
    Piece p;
    p.length = m->copied;
    p.stream = m->stream_id.value();
    p.end_of_message = m->copied == m->length;  // whole, or truncated
    return p;
  }

  void AdvanceTime(int64_t nanos) {
    now_ += Duration::Nanos(nanos);
    client_.HandleTimeouts(now_);
    server_.HandleTimeouts(now_);
  }

  size_t free_slots_to_server() const { return to_server_.free_slots(); }
  bool failed() const { return lost_; }
  // Both endpoints verify CRC32c in software on every packet (no offload
  // hint is given): none may have failed.
  bool checksums_clean() const {
    for (const endpoint::Endpoint* e : {&client_, &server_}) {
      if (e->counters().checksum_errors != 0 || e->counters().malformed_packets != 0) {
        return false;
      }
    }
    return true;
  }
  uint64_t overflows() const {
    return client_tx_.overflows() + server_tx_.overflows() +
           client_.counters().tx_buffer_unavailable +
           server_.counters().tx_buffer_unavailable;
  }
  size_t largest_packet() const { return client_tx_.largest_packet(); }
  uint64_t packets_to_server() const { return client_tx_.packets(); }
  uint64_t packets_to_client() const { return server_tx_.packets(); }
  uint16_t inbound_streams() const { return server_inbound_streams_; }
  const assoc::AssocCounters* sender_counters() {
    assoc::Association* a = client_.Find(client_id_);
    return a ? &a->counters() : nullptr;
  }
  const assoc::AssocCounters* receiver_counters() {
    assoc::Association* a = server_id_ ? server_.Find(*server_id_) : nullptr;
    return a ? &a->counters() : nullptr;
  }

 private:
  static constexpr IpAddress kServerAddress = IpAddress::V4(10, 0, 0, 1);
  static constexpr IpAddress kClientAddress = IpAddress::V4(10, 0, 0, 2);
  // Both rings full, every fragment the receiver may hold, and spare.
  static constexpr size_t kPoolBuffers =
      2 * PacketRing::kSlots + kMaxQueuedChunks + 256;

  size_t Deliver(PacketRing& from, const PacketRing& answers,
                 endpoint::Endpoint& to, size_t reserve) {
    size_t n = 0;
    while (!from.empty() && answers.free_slots() >= reserve) {
      PacketPool::Buffer* b = from.Pop();
      buf::PacketView view(std::span<const uint8_t>(b->bytes.data(), b->size));
      view.SetOwner(b, &PacketPool::kOps);
      // Addresses as the sender filled them: src is the sender.
      to.HandlePacket(now_, b->addresses, view);
      PacketPool::Release(b);  // what the endpoint kept holds its own
      ++n;
    }
    return n;
  }

  void DrainEvents(endpoint::Endpoint& e, bool server) {
    endpoint::EndpointEvent ev;
    while (e.PollEvent(ev)) {
      switch (ev.event.type) {
        case assoc::EventType::kCommunicationUp:
          if (server) {
            server_id_ = ev.id;
            server_inbound_streams_ = ev.event.inbound_streams;
          } else {
            client_up_ = true;
          }
          break;
        case assoc::EventType::kCommunicationLost:
        case assoc::EventType::kRestart:
        case assoc::EventType::kSendFailure:
          lost_ = true;
          break;
        default:
          break;
      }
    }
  }

  PacketPool pool_;
  PacketRing to_server_;
  PacketRing to_client_;
  RingTx client_tx_;
  RingTx server_tx_;
  XorShift client_random_;
  XorShift server_random_;
  endpoint::Endpoint client_;
  endpoint::Endpoint server_;
  TimePoint now_ = TimePoint::FromNanos(1'000'000'000);
  assoc::AssocId client_id_;
  std::optional<assoc::AssocId> server_id_;
  bool client_up_ = false;
  bool lost_ = false;
  uint16_t server_inbound_streams_ = 0;
};

// ---------------------------------------------------------------------------
// The loop both stacks run.

// The receiver's check: every message on the stream its sequence number
// picks, in order per stream, whole.
class Verifier {
 public:
  Verifier(size_t size, uint16_t streams)
      : size_(size), streams_(streams), next_(streams) {
    for (uint16_t s = 0; s < streams; ++s) next_[s] = s;
  }

  bool OnPiece(const Piece& p, std::span<const uint8_t> data) {
    if (!in_message_) {
      if (p.length < sizeof(uint64_t)) return Fail("first piece too short");
      uint64_t seq;
      std::memcpy(&seq, data.data(), sizeof(seq));
      if (p.stream >= streams_ || seq % streams_ != p.stream) {
        return Fail("message on the wrong stream");
      }
      if (seq != next_[p.stream]) return Fail("message out of order or lost");
      next_[p.stream] += streams_;
      in_message_ = true;
      stream_ = p.stream;
      message_bytes_ = 0;
    } else if (p.stream != stream_) {
      return Fail("pieces of messages interleaved");
    }
    message_bytes_ += p.length;
    if (p.end_of_message) {
      if (message_bytes_ != size_) return Fail("message length differs");
      ++messages_;
      bytes_ += message_bytes_;
      in_message_ = false;
    }
    return true;
  }

  uint64_t messages() const { return messages_; }
  uint64_t bytes() const { return bytes_; }
  const std::string& error() const { return error_; }

 private:
  bool Fail(const char* what) {
    if (error_.empty()) error_ = what;
    return false;
  }

  size_t size_;
  uint16_t streams_;
  std::vector<uint64_t> next_;
  bool in_message_ = false;
  uint16_t stream_ = 0;
  size_t message_bytes_ = 0;
  uint64_t messages_ = 0;
  uint64_t bytes_ = 0;
  std::string error_;
};

double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

template <typename Pair>
bool ReceiveAll(Pair& pair, std::span<uint8_t> buffer, Verifier& verifier) {
  while (std::optional<Piece> p = pair.Receive(buffer)) {
    if (!verifier.OnPiece(*p, buffer)) return false;
  }
  return true;
}

template <typename Pair>
void RunTransfer(benchmark::State& state, Pair& pair) {
  const auto size = static_cast<size_t>(state.range(0));
  const auto streams = static_cast<uint16_t>(state.range(1));
  if (pair.inbound_streams() < streams) {
    state.SkipWithError("fewer streams negotiated than asked for");
    return;
  }
  std::vector<uint8_t> message(size);
  for (size_t i = 0; i < size; ++i) message[i] = static_cast<uint8_t>(i * 7 + 1);
  std::vector<uint8_t> receive_buffer(kMaxMessage);
  Verifier verifier(size, streams);
  uint64_t sent = 0;
  bool send_failed = false;
  const uint64_t packets_before = pair.packets_to_server();
  const double cpu_before = ThreadCpuSeconds();

  for (auto _ : state) {
    while (pair.free_slots_to_server() >= kReserveSlots) {
      std::memcpy(message.data(), &sent, sizeof(sent));
      SendResult r = pair.Send(static_cast<uint16_t>(sent % streams), message);
      if (r == SendResult::kFull) break;
      if (r == SendResult::kError) {
        send_failed = true;
        break;
      }
      ++sent;
    }
    pair.Pump(kReserveSlots);
    const bool received = ReceiveAll(pair, receive_buffer, verifier);
    pair.AdvanceTime(kTickNanos);
    if (send_failed || !received) {
      state.SkipWithError(send_failed ? "send failed"
                                      : ("receiver: " + verifier.error()).c_str());
      return;
    }
  }
  const double cpu_seconds = ThreadCpuSeconds() - cpu_before;
  const uint64_t timed_messages = verifier.messages();
  const uint64_t timed_bytes = verifier.bytes();
  const uint64_t timed_packets = pair.packets_to_server() - packets_before;

  // Outside the timing: whatever is still in flight must arrive.
  for (int round = 0; round < kDrainRounds && verifier.messages() < sent; ++round) {
    pair.Pump(kReserveSlots);
    if (!ReceiveAll(pair, receive_buffer, verifier)) break;
    pair.AdvanceTime(kTickNanos);
  }

  state.counters["msgs_per_s"] = benchmark::Counter(
      static_cast<double>(timed_messages), benchmark::Counter::kIsRate);
  state.counters["gbit_per_s"] = benchmark::Counter(
      static_cast<double>(timed_bytes) * 8 / 1e9, benchmark::Counter::kIsRate);
  // The same per second of this thread's CPU time: steadier than wall-clock
  // time on a machine shared with other work.
  if (cpu_seconds > 0) {
    state.counters["cpu_msgs_per_s"] = static_cast<double>(timed_messages) / cpu_seconds;
    state.counters["cpu_gbit_per_s"] =
        static_cast<double>(timed_bytes) * 8 / 1e9 / cpu_seconds;
  }
  // Packets towards the receiver per message: how much each stack bundles.
  state.counters["pkts_per_msg"] =
      timed_messages ? static_cast<double>(timed_packets) /
                           static_cast<double>(timed_messages)
                     : 0.0;
  state.counters["largest_pkt"] = static_cast<double>(pair.largest_packet());
  state.SetItemsProcessed(static_cast<int64_t>(timed_messages));
  state.SetBytesProcessed(static_cast<int64_t>(timed_bytes));

  if (!verifier.error().empty()) {
    state.SkipWithError(("receiver: " + verifier.error()).c_str());
  } else if (verifier.messages() != sent || verifier.bytes() != sent * size) {
    const std::string what = "not every message arrived: sent " +
                             std::to_string(sent) + ", received " +
                             std::to_string(verifier.messages());
    state.SkipWithError(what.c_str());
  } else if (pair.overflows() != 0) {
    state.SkipWithError("a packet ring overflowed (packets lost)");
  } else if (pair.failed()) {
    state.SkipWithError("association lost, restarted or failed a send");
  }
}

void BM_Dpsctp(benchmark::State& state) {
  DpsctpPair pair;
  std::string error;
  if (!pair.Connect(error)) {
    state.SkipWithError(error.c_str());
    return;
  }
  RunTransfer(state, pair);
  if (!pair.checksums_clean()) {
    state.SkipWithError("a packet failed its checksum or did not parse");
  }
  if (const assoc::AssocCounters* c = pair.sender_counters()) {
    state.counters["retransmits"] = static_cast<double>(c->retransmitted_chunks);
  }
  if (const assoc::AssocCounters* c = pair.receiver_counters()) {
    // Payload the receiver had to copy for want of a buffer reference.
    state.counters["rx_copies"] = static_cast<double>(c->rx_payload_copies);
  }
}

#if DPSCTP_HAVE_USRSCTP
// usrsctp behind the same four calls as DpsctpPair.
class UsrsctpAdapter {
 public:
  explicit UsrsctpAdapter(UsrsctpPair& pair) : pair_(&pair) {}
  SendResult Send(uint16_t stream, std::span<const uint8_t> message) {
    switch (pair_->Send(stream, message)) {
      case UsrsctpPair::SendResult::kOk:
        return SendResult::kOk;
      case UsrsctpPair::SendResult::kFull:
        return SendResult::kFull;
      case UsrsctpPair::SendResult::kError:
        break;
    }
    return SendResult::kError;
  }
  size_t Pump(size_t reserve) { return pair_->Pump(reserve); }
  std::optional<Piece> Receive(std::span<uint8_t> buffer) {
    std::optional<UsrsctpPair::Piece> p = pair_->Receive(buffer);
    if (!p) return std::nullopt;
    return Piece{p->length, p->stream, p->end_of_message};
  }
  void AdvanceTime(int64_t nanos) { pair_->AdvanceTime(static_cast<uint64_t>(nanos)); }
  size_t free_slots_to_server() const { return pair_->free_slots_to_server(); }
  uint16_t inbound_streams() const { return pair_->inbound_streams(); }
  uint64_t packets_to_server() const { return pair_->counters().packets_to_server; }
  size_t largest_packet() const { return pair_->counters().largest_packet; }
  uint64_t overflows() const { return pair_->counters().ring_overflows; }
  bool failed() const { return false; }  // a failure shows as lost messages

 private:
  UsrsctpPair* pair_;
};

void BM_Usrsctp(benchmark::State& state) {
  UsrsctpOptions o;
  o.send_buffer = kBufferBytes;
  o.receive_buffer = kBufferBytes;
  o.streams = kStreams;
  o.max_queued_chunks = kMaxQueuedChunks;
  o.path_mtu = kMtu;
  std::string error;
  std::unique_ptr<UsrsctpPair> pair = UsrsctpPair::Create(o, error);
  if (!pair) {
    state.SkipWithError(("usrsctp: " + error).c_str());
    return;
  }
  const UsrsctpChecksums before = UsrsctpPair::Checksums();
  UsrsctpAdapter adapter(*pair);
  RunTransfer(state, adapter);
  const UsrsctpChecksums after = UsrsctpPair::Checksums();
  // CRC32c in software both ways, as for dpsctp: every packet sent had its
  // checksum computed (and Create() saw a bad one dropped on input).
  if (after.offloaded_tx != before.offloaded_tx ||
      after.offloaded_rx != before.offloaded_rx || after.bad != before.bad ||
      after.computed - before.computed < pair->counters().packets_to_server) {
    state.SkipWithError("usrsctp did not compute CRC32c on every packet");
  }
}
#endif

// Each case of ours right before the same case of usrsctp, so that both
// see the same machine load.
[[maybe_unused]] const bool kRegistered = [] {
  for (int64_t size : {64, 1024, 64 * 1024, 256 * 1024}) {
    for (int64_t streams : {1, 16}) {
      benchmark::RegisterBenchmark("BM_Dpsctp", BM_Dpsctp)
          ->Args({size, streams})
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
#if DPSCTP_HAVE_USRSCTP
      benchmark::RegisterBenchmark("BM_Usrsctp", BM_Usrsctp)
          ->Args({size, streams})
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
#endif
    }
  }
  return true;
}();

}  // namespace
}  // namespace dpsctp::bench

BENCHMARK_MAIN();
