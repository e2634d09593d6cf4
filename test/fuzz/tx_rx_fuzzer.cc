// libFuzzer target: the data path's queues without an association, driven
// by an operation stream and checked against reference models after every
// operation.
//
//   Sender: tx::SendQueue feeds tx::RetransmissionQueue the way
//   Association::TransmitData does (Produce, then AddSent with next_tsn());
//   SACKs with any Cumulative TSN Ack and any Gap Ack Blocks release
//   fragments back to the send queue; T3-rtx marks chunks, retransmissions
//   send them again; after a failure the unsent and unacknowledged messages
//   are taken back. One tx::CongestionControl per path takes the outcomes.
//   Receiver: rx::DataTracker classifies each DATA chunk and
//   rx::ReassemblyQueue holds it, as Association::HandleData does, the
//   payload in a counted heap copy (buf::CopyToHeap); messages are popped.
//
// Input: a configuration (capacities, scheduler, initial TSNs; read by
// Sender::Init, then Receiver::Init), then operations until the input ends
// or kMaxOps. Each starts with an opcode byte, op % 16 (missing bytes read
// as 0):
//   0  Enqueue: stream, u16 length, flags (bit 0 unordered).
//   1  Produce and send: count, u16 max payload, path.
//   2  SACK: cum delta (s8), window selector, block count and width flag,
//      then per block start and end (u8, or u16 when wide).
//   3  T3-rtx: path.       4  Retransmit: count, fast-only flag, path.
//   5  Scheduler: selector (bits 0-1: 0 scheduler (bits 2-3), 1 priority,
//      else weight), stream, priority/weight (u16).
//   6  SetStreamCount: count (only with no message partly produced).
//   7  Bogus calls that must be refused or ignored: selector, u32.
//   8  Failure: RetransmissionQueue::Clear, then Take* until empty, then a
//      new association (SendQueue::Clear, Reset, SetStreamCount).
//   9, 10, 11  DATA: flags (bits 0-2 B, E, U; bit 3 absolute TSN; bit 4
//      an out-of-window TSN is also Observe()d), stream, TSN delta (s8,
//      from the cumulative point + 1), u32 TSN if absolute, SSN delta (s8,
//      from the stream's next SSN), length - 1 (u8; lengths 1..200).
//   12 Pop: count, buffer size selector.
//   13 AnnounceNewReady and SACK sent (DataTracker::OnSackSent).
//   14 Receiver reset (a restart): u32 peer initial TSN, stream count.
//   15 Time passes: u8 milliseconds.
//
// Checks (abort() with a message): IsConsistent() of the send queue, the
// retransmission queue and the reassembly queue; DataTracker against a set
// of received TSNs (cumulative point, Gap Ack Blocks, duplicates, window
// and block limits); released chunks exactly those the cumulative ack
// covers, in TSN order; chunk states after each SACK (gap-acked exactly
// where the cleaned blocks report); flight and rwnd arithmetic;
// retransmission order; Produce() order (B/E, offsets, lengths, per-stream
// SSNs, FIFO per stream, FCFS across streams); Payload() and delivered
// bytes; per-stream SSN order of delivered ordered messages; Take* order;
// heap copies alive == fragments held (no reference leaked or lost).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "buf/buf_ref.h"
#include "common/serial.h"
#include "common/time.h"
#include "common/types.h"
#include "rx/data_tracker.h"
#include "rx/reassembly_queue.h"
#include "tx/congestion.h"
#include "tx/retransmission_queue.h"
#include "tx/send_queue.h"

namespace {

using namespace dpsctp;

// TX_RX_FUZZER_TRACE=1: one line per operation (for seed writing).
bool Trace() {
  static const bool trace = std::getenv("TX_RX_FUZZER_TRACE") != nullptr;
  return trace;
}

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "tx_rx_fuzzer invariant violated: %s\n", what);
  std::abort();
}

void Check(bool ok, const char* what) {
  if (!ok) Fail(what);
}

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t U8() { return pos_ < size_ ? data_[pos_++] : 0; }
  int8_t S8() { return static_cast<int8_t>(U8()); }
  uint16_t U16() {
    uint16_t hi = U8();
    return static_cast<uint16_t>(hi << 8 | U8());
  }
  uint32_t U32() {
    uint32_t hi = U16();
    return hi << 16 | U16();
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Message bytes: a function of the message's seed and the byte's offset,
// so that any byte can be checked wherever it shows up.
uint8_t MessageByte(uint32_t seed, uint32_t offset) {
  return static_cast<uint8_t>(seed * 131 + offset * 7 + (offset >> 8));
}

// DATA payload bytes received: a function of the TSN.
uint8_t PayloadByte(uint32_t tsn, uint32_t offset) {
  return static_cast<uint8_t>(tsn * 17 + offset * 3 + 1);
}

constexpr size_t kMaxOps = 4096;
constexpr uint32_t kPmdcs = 1468;

// ---------------------------------------------------------------------------
// Sender.

class Sender {
 public:
  void Init(Input& in) {
    byte_capacity_ = 1 + in.U16() % 16384;
    message_capacity_ = 1 + in.U8() % 64;
    max_streams_ = static_cast<uint16_t>(1 + in.U8() % 16);
    initial_stream_count_ = static_cast<uint16_t>(in.U8() % (max_streams_ + 1));
    scheduler_ = static_cast<tx::SchedulerKind>(in.U8() % 4);
    rtx_capacity_ = 1 + in.U8() % 128;
    const uint32_t initial_tsn = in.U32();
    Check(sq_.Init(byte_capacity_, message_capacity_, max_streams_),
          "SendQueue::Init");
    Check(rtx_.Init(rtx_capacity_), "RetransmissionQueue::Init");
    sq_.SetScheduler(scheduler_);
    NewAssociation(initial_tsn, initial_stream_count_);
  }

  void Enqueue(Input& in) {
    if (dead_) return;
    const uint16_t stream = static_cast<uint16_t>(in.U8() % (max_streams_ + 1));
    const uint32_t length = in.U16() % (byte_capacity_ + 2);
    const bool unordered = in.U8() & 1;
    std::vector<uint8_t> bytes(length);
    const uint32_t seed = next_seed_++;
    for (uint32_t i = 0; i < length; ++i) bytes[i] = MessageByte(seed, i);
    const size_t held_before = sq_.messages_held();
    const tx::SendQueue::EnqueueResult r =
        sq_.Enqueue(StreamId(stream), Ppid(seed), unordered, bytes);
    using R = tx::SendQueue::EnqueueResult;
    if (stream >= sq_.stream_count()) {
      Check(r == R::kInvalidStream, "Enqueue: invalid stream accepted");
      return;
    }
    if (length == 0) {
      Check(r == R::kEmpty, "Enqueue: empty message not refused");
      return;
    }
    if (length > byte_capacity_) {
      Check(r == R::kTooLarge, "Enqueue: too large not refused");
      return;
    }
    if (held_before == 0) {
      // An empty queue has all its space: anything that fits is taken.
      Check(r == R::kOk, "Enqueue: refused by an empty queue");
    }
    if (r != R::kOk) {
      Check(r == R::kNoSpace, "Enqueue: unexpected result");
      Check(sq_.messages_held() == held_before, "Enqueue: refused but held");
      return;
    }
    // The new message's handle is not known from Enqueue; it is learned
    // when its first fragment is produced. Keep it as pending.
    Message m;
    m.stream = stream;
    m.length = length;
    m.unordered = unordered;
    m.seed = seed;
    m.arrival = next_arrival_++;
    queued_.push_back(m);
    Check(sq_.messages_held() == held_before + 1, "Enqueue: not held");
  }

  void ProduceAndSend(Input& in, TimePoint now) {
    if (dead_) return;
    const int count = 1 + in.U8() % 8;
    const size_t max_payload = 1 + in.U16() % 1600;
    const uint8_t path = in.U8() % tx::kMaxPaths;
    for (int i = 0; i < count; ++i) {
      CheckHasData();
      if (rtx_.full()) return;  // the association stops here as well
      const size_t expected_length = sq_.NextFragmentLength(max_payload);
      std::optional<tx::Fragment> f = sq_.Produce(max_payload);
      if (!f) {
        Check(expected_length == 0, "NextFragmentLength without Produce");
        return;
      }
      Check(f->length == expected_length, "NextFragmentLength != Produce");
      CheckFragment(*f, max_payload);
      tx::ChunkRecord c{rtx_.next_tsn(), f->message, f->offset, f->length,
                        f->stream_id, f->ssn, f->ppid, f->beginning,
                        f->ending, f->unordered};
      Check(rtx_.AddSent(c, path, now), "AddSent refused");
      sent_.push_back(c);
      congestion_[path].OnDataSent();
    }
  }

  void Sack(Input& in, TimePoint now) {
    if (dead_) return;
    const int8_t delta = in.S8();
    const uint8_t window = in.U8();
    const uint8_t shape = in.U8();
    const size_t count = shape % 16;
    const bool wide = shape & 0x10;
    std::vector<tx::GapBlock> gaps(count);
    for (tx::GapBlock& g : gaps) {
      g.start = wide ? in.U16() : in.U8();
      g.end = wide ? in.U16() : in.U8();
    }
    uint32_t a_rwnd = 0;
    switch (window % 4) {
      case 0: a_rwnd = 0; break;
      case 1: a_rwnd = window * 64u; break;
      case 2: a_rwnd = 65535; break;
      default: a_rwnd = 0xffffffffu - window; break;
    }
    const Tsn cum(rtx_.cumulative_tsn_ack().value() + static_cast<int32_t>(delta));
    const uint32_t advance = cum.value() - rtx_.cumulative_tsn_ack().value();

    // States before, by index from the first outstanding TSN.
    std::vector<tx::ChunkState> before(sent_.size());
    for (size_t i = 0; i < sent_.size(); ++i) before[i] = StateOf(i);

    size_t released = 0;
    bool release_ok = true;
    tx::RetransmissionQueue::SackOutcome o = rtx_.HandleSack(
        now, cum, a_rwnd, gaps, [&](const tx::ChunkRecord& r) {
          if (released >= sent_.size() || !SameRecord(r, sent_[released])) {
            release_ok = false;
          }
          ++released;
          Release(r);
        });
    Check(release_ok, "HandleSack released a chunk out of order");
    const bool should_accept = advance <= sent_.size();
    Check(o.accepted == should_accept, "HandleSack accepted wrongly");
    if (!o.accepted) {
      Check(released == 0, "rejected SACK released chunks");
      return;
    }
    Check(released == advance, "HandleSack released the wrong count");
    sent_.erase(sent_.begin(), sent_.begin() + advance);
    before.erase(before.begin(), before.begin() + advance);
    Check(rtx_.cumulative_tsn_ack() == cum, "cumulative TSN ack not moved");
    Check(o.cumulative_advanced == (advance > 0), "cumulative_advanced");
    Check(o.all_acked == rtx_.empty(), "all_acked");
    Check(o.peer_rwnd ==
              (a_rwnd > rtx_.outstanding_bytes() ? a_rwnd - rtx_.outstanding_bytes()
                                                 : 0),
          "peer_rwnd != a_rwnd - outstanding");
    Check(o.in_fast_recovery == rtx_.in_fast_recovery(), "in_fast_recovery");
    if (o.rtt) {
      Check(o.rtt_path < tx::kMaxPaths, "rtt_path");
      Check(*o.rtt >= Duration::Zero(), "negative RTT");
    }

    // §3.3.4 blocks, cleaned as the queue documents: ascending parts above
    // the previous block taken, within the chunks outstanding, start >= 1.
    std::vector<bool> covered(sent_.size(), false);
    uint32_t previous_last = 0;
    for (const tx::GapBlock& g : gaps) {
      const uint32_t first = std::max<uint32_t>(
          std::max<uint32_t>(g.start, 1u), previous_last + 1);
      const uint32_t last = std::min<uint32_t>(g.end, sent_.size());
      if (first > last) continue;
      previous_last = last;
      for (uint32_t off = first; off <= last; ++off) covered[off - 1] = true;
    }
    for (size_t i = 0; i < sent_.size(); ++i) {
      const tx::ChunkState s = StateOf(i);
      if (covered[i]) {
        Check(s == tx::ChunkState::kGapAcked, "reported chunk not gap-acked");
      } else {
        Check(s != tx::ChunkState::kGapAcked, "unreported chunk gap-acked");
        if (before[i] == tx::ChunkState::kGapAcked) {
          Check(s == tx::ChunkState::kReneged ||
                    s == tx::ChunkState::kToRetransmit,
                "reneged chunk in a wrong state");
        }
      }
    }
    uint64_t acked_total = 0;
    uint64_t flight_total = 0;
    for (size_t p = 0; p < tx::kMaxPaths; ++p) {
      acked_total += o.bytes_acked[p];
      flight_total += o.flight_before[p];
      const bool entered = o.entered_fast_recovery &&
                           (o.fast_retransmit_paths & (1u << p));
      congestion_[p].OnAck(o.bytes_acked[p], o.flight_before[p],
                           o.cumulative_advanced, o.in_fast_recovery_for_cwnd,
                           o.all_acked);
      if (entered) {
        congestion_[p].OnFastRetransmit();
        Check(congestion_[p].cwnd == congestion_[p].ssthresh &&
                  congestion_[p].ssthresh >= 4 * kPmdcs,
              "OnFastRetransmit");
      }
      Check(congestion_[p].cwnd >= 1, "cwnd 0");
    }
    Check(acked_total <= flight_total, "more bytes acked than were in flight");
    if (o.entered_fast_recovery) {
      Check(o.fast_retransmit && rtx_.in_fast_recovery(), "fast recovery");
    }
  }

  void T3(Input& in) {
    if (dead_) return;
    const uint8_t path = in.U8() % (tx::kMaxPaths + 1);
    size_t expected = 0;
    for (size_t i = 0; i < sent_.size(); ++i) {
      std::optional<tx::ChunkInfo> info = rtx_.Info(sent_[i].tsn);
      Check(info.has_value(), "Info of an outstanding TSN");
      if (info->path == path && (info->state == tx::ChunkState::kInFlight ||
                                 info->state == tx::ChunkState::kReneged)) {
        ++expected;
      }
    }
    Check(rtx_.MarkForRetransmission(path) == expected,
          "MarkForRetransmission count");
    for (size_t i = 0; i < sent_.size(); ++i) {
      std::optional<tx::ChunkInfo> info = rtx_.Info(sent_[i].tsn);
      if (info->path == path) {
        Check(info->state == tx::ChunkState::kToRetransmit ||
                  info->state == tx::ChunkState::kGapAcked,
              "T3-rtx left a chunk of its path unmarked");
      }
    }
    if (path < tx::kMaxPaths && expected > 0) {
      congestion_[path].OnT3Expired();
      Check(congestion_[path].cwnd == congestion_[path].mtu, "OnT3Expired");
    }
    Check(rtx_.bytes_in_flight(path) == 0 || path >= tx::kMaxPaths,
          "flight after T3-rtx");
  }

  void Retransmit(Input& in, TimePoint now) {
    if (dead_) return;
    const int count = 1 + in.U8() % 8;
    const bool fast_only = in.U8() & 1;
    const uint8_t path = in.U8() % tx::kMaxPaths;
    for (int n = 0; n < count; ++n) {
      // The lowest marked TSN (fast ones only if asked).
      std::optional<size_t> lowest;
      for (size_t i = 0; i < sent_.size() && !lowest; ++i) {
        std::optional<tx::ChunkInfo> info = rtx_.Info(sent_[i].tsn);
        if (info->state == tx::ChunkState::kToRetransmit &&
            (!fast_only || info->fast_retransmit)) {
          lowest = i;
        }
      }
      const tx::ChunkRecord* r = rtx_.NextToRetransmit(fast_only);
      Check((r != nullptr) == lowest.has_value(), "NextToRetransmit: none");
      if (!r) return;
      Check(SameRecord(*r, sent_[*lowest]), "NextToRetransmit: not lowest");
      const tx::ChunkRecord record = *r;
      std::span<const uint8_t> payload =
          sq_.Payload(record.message, record.offset, record.length);
      CheckPayload(record, payload);
      const uint8_t before = rtx_.Info(record.tsn)->transmit_count;
      rtx_.MarkRetransmitted(record.tsn, path, now);
      std::optional<tx::ChunkInfo> after = rtx_.Info(record.tsn);
      Check(after->state == tx::ChunkState::kInFlight && after->path == path &&
                after->miss_indications == 0 && !after->fast_retransmit,
            "MarkRetransmitted state");
      Check(after->transmit_count ==
                (before == UINT8_MAX ? before : before + 1),
            "transmit_count");
    }
  }

  void Scheduler(Input& in) {
    if (dead_) return;
    const uint8_t kind = in.U8();
    const uint16_t stream = static_cast<uint16_t>(in.U8() % (max_streams_ + 1));
    const uint16_t value = in.U16();
    switch (kind & 3) {
      case 0:
        sq_.SetScheduler(static_cast<tx::SchedulerKind>((kind >> 2) % 4));
        break;
      case 1:
        Check(sq_.SetStreamPriority(StreamId(stream), value) ==
                  (stream < max_streams_),
              "SetStreamPriority result");
        break;
      default:
        Check(sq_.SetStreamWeight(StreamId(stream), value) ==
                  (stream < max_streams_ && value != 0),
              "SetStreamWeight result");
        break;
    }
  }

  void StreamCount(Input& in) {
    const uint16_t count = static_cast<uint16_t>(in.U8() % (max_streams_ + 2));
    // Only between messages: SSNs restart at 0 (§6.5).
    if (dead_ || current_) return;
    SetStreamCount(count);
  }

  void Bogus(Input& in, TimePoint now) {
    const uint8_t sel = in.U8();
    const uint32_t value = in.U32();
    if (dead_) return;
    switch (sel % 4) {
      case 0: {  // AddSent with a TSN other than next_tsn(), or a bad path
        tx::ChunkRecord c;
        const bool bad_path = sel & 0x10;
        c.tsn = bad_path ? rtx_.next_tsn() : Tsn(rtx_.next_tsn().value() + 1 + value % 1000);
        c.length = 1;
        const size_t outstanding = rtx_.outstanding_chunks();
        Check(!rtx_.AddSent(c, bad_path ? tx::kMaxPaths + (value & 7) : 0, now),
              "AddSent accepted a bad record");
        Check(rtx_.outstanding_chunks() == outstanding, "refused AddSent");
        break;
      }
      case 1: {  // MarkRetransmitted for a TSN not outstanding
        const Tsn tsn(rtx_.next_tsn().value() + value % 0x80000000u);
        rtx_.MarkRetransmitted(tsn, static_cast<uint8_t>(value), now);
        break;
      }
      case 2:
        Check(!rtx_.Info(rtx_.next_tsn()).has_value() &&
                  !rtx_.Info(rtx_.cumulative_tsn_ack()).has_value(),
              "Info outside the outstanding range");
        break;
      default: {  // OldestInFlight agrees with bytes_in_flight
        const size_t path = value % (tx::kMaxPaths + 1);
        Check(rtx_.OldestInFlight(path).has_value() ==
                  (rtx_.bytes_in_flight(path) > 0),
              "OldestInFlight");
        break;
      }
    }
  }

  // §11.1.14/§11.1.15 after a failure, then a new association.
  void FailAndRestart(Input& in) {
    const uint32_t initial_tsn = in.U32();
    const uint16_t streams = static_cast<uint16_t>(in.U8() % (max_streams_ + 1));
    const uint8_t buffer_size = in.U8();
    if (!dead_) {
      rtx_.Clear();
      sent_.clear();
      dead_ = true;
    }
    std::vector<uint8_t> buffer(buffer_size);
    // Unacknowledged first (those with a first fragment out), oldest start
    // first, then unsent, oldest arrival first.
    while (true) {
      std::optional<tx::TakenMessage> t = sq_.TakeUnacknowledged(buffer);
      if (!t) break;
      Check(!started_.empty(), "TakeUnacknowledged: none expected");
      auto it = std::min_element(started_.begin(), started_.end(),
                                 [](const auto& a, const auto& b) {
                                   return a.second.start < b.second.start;
                                 });
      CheckTaken(*t, it->second, buffer);
      Check(!sq_.IsLive(it->first), "taken message still live");
      if (current_ == it->first) current_.reset();
      started_.erase(it);
    }
    Check(started_.empty(), "TakeUnacknowledged missed a message");
    while (true) {
      std::optional<tx::TakenMessage> t = sq_.TakeUnsent(buffer);
      if (!t) break;
      Check(!queued_.empty(), "TakeUnsent: none expected");
      auto it = std::min_element(queued_.begin(), queued_.end(),
                                 [](const Message& a, const Message& b) {
                                   return a.arrival < b.arrival;
                                 });
      CheckTaken(*t, *it, buffer);
      queued_.erase(it);
    }
    Check(queued_.empty(), "TakeUnsent missed a message");
    Check(sq_.messages_held() == 0 && sq_.bytes_held() == 0,
          "messages left after taking them all");
    NewAssociation(initial_tsn, streams);
  }

  void Print() const {
    std::fprintf(stderr,
                 "  tx: held %zu msgs %u bytes, next tsn %u, cum %u, "
                 "outstanding %zu (flight %u), marked %zu, fast recovery %d\n",
                 sq_.messages_held(), sq_.bytes_held(), rtx_.next_tsn().value(),
                 rtx_.cumulative_tsn_ack().value(), rtx_.outstanding_chunks(),
                 rtx_.outstanding_bytes(), rtx_.chunks_to_retransmit(),
                 rtx_.in_fast_recovery());
  }

  void Verify() const {
    Check(sq_.IsConsistent(), "SendQueue::IsConsistent");
    Check(rtx_.IsConsistent(), "RetransmissionQueue::IsConsistent");
    Check(sq_.messages_held() == queued_.size() + started_.size(),
          "messages_held");
    uint64_t bytes = 0;
    for (const Message& m : queued_) bytes += m.length;
    for (const auto& [handle, m] : started_) {
      bytes += m.length;
      Check(sq_.IsLive(handle), "started message not live");
    }
    Check(sq_.bytes_held() == bytes, "bytes_held");
    Check(rtx_.outstanding_chunks() == sent_.size(), "outstanding_chunks");
    Check(rtx_.full() == (sent_.size() >= rtx_capacity_), "full()");
    Check(rtx_.next_tsn().value() ==
              static_cast<uint32_t>(rtx_.cumulative_tsn_ack().value() + 1 +
                                    sent_.size()),
          "next_tsn");
    uint64_t flight = 0;
    uint64_t path_flight[tx::kMaxPaths] = {};
    bool any_marked = false;
    for (size_t i = 0; i < sent_.size(); ++i) {
      Check(sent_[i].tsn.value() ==
                static_cast<uint32_t>(rtx_.cumulative_tsn_ack().value() + 1 + i),
            "outstanding TSNs not consecutive");
      std::optional<tx::ChunkInfo> info = rtx_.Info(sent_[i].tsn);
      Check(info.has_value(), "Info missing");
      if (info->state == tx::ChunkState::kInFlight) {
        flight += sent_[i].length;
        path_flight[info->path] += tx::DataChunkSize(sent_[i].length);
      }
      any_marked |= info->state == tx::ChunkState::kToRetransmit;
    }
    Check(rtx_.outstanding_bytes() == flight, "outstanding_bytes");
    for (size_t p = 0; p < tx::kMaxPaths; ++p) {
      Check(rtx_.bytes_in_flight(p) == path_flight[p], "bytes_in_flight");
    }
    Check(rtx_.HasChunksToRetransmit() == any_marked, "HasChunksToRetransmit");
  }

 private:
  struct Message {
    uint16_t stream = 0;
    uint32_t length = 0;
    bool unordered = false;
    uint32_t seed = 0;
    uint64_t arrival = 0;
    bool stranded = false;
    // Once started:
    uint32_t produced = 0;
    uint32_t outstanding = 0;
    uint64_t start = 0;
  };

  void NewAssociation(uint32_t initial_tsn, uint16_t streams) {
    sq_.Clear();
    rtx_.Reset(Tsn(initial_tsn));
    queued_.clear();
    started_.clear();
    sent_.clear();
    current_.reset();
    dead_ = false;
    stream_count_ = 0;
    SetStreamCount(streams);
    for (tx::CongestionControl& cc : congestion_) cc.Init(kPmdcs, 65535);
  }

  void SetStreamCount(uint16_t count) {
    sq_.SetStreamCount(count);
    const uint16_t effective = std::min(count, max_streams_);
    Check(sq_.stream_count() == effective, "stream_count");
    if (effective < stream_count_) {
      for (Message& m : queued_) {
        if (m.stream >= effective) m.stranded = true;
      }
    }
    stream_count_ = effective;
    next_ssn_.assign(max_streams_, 0);
  }

  // HasDataToSend: a message partly produced, or one queued on a usable
  // stream and not stranded.
  void CheckHasData() const {
    bool any = current_.has_value();
    for (const Message& m : queued_) any |= !m.stranded;
    Check(sq_.HasDataToSend() == any, "HasDataToSend");
  }

  void CheckFragment(const tx::Fragment& f, size_t max_payload) {
    Message* m = nullptr;
    if (current_) {
      Check(f.message == *current_, "a message was interleaved (§6.9)");
      m = &started_.at(*current_);
      Check(!f.beginning && f.offset == m->produced, "continuation offset");
    } else {
      Check(f.beginning && f.offset == 0, "first fragment without B");
      // The head of its stream's FIFO; with FCFS, the oldest of all.
      auto oldest = queued_.end();
      auto oldest_on_stream = queued_.end();
      for (auto it = queued_.begin(); it != queued_.end(); ++it) {
        if (it->stranded) continue;
        if (oldest == queued_.end() || it->arrival < oldest->arrival) oldest = it;
        if (it->stream == f.stream_id.value() &&
            (oldest_on_stream == queued_.end() ||
             it->arrival < oldest_on_stream->arrival)) {
          oldest_on_stream = it;
        }
      }
      Check(oldest_on_stream != queued_.end(), "produced from nowhere");
      if (sq_.scheduler() == tx::SchedulerKind::kFcfs) {
        Check(oldest_on_stream == oldest, "FCFS: not the oldest message");
      }
      Check(f.ppid == Ppid(oldest_on_stream->seed), "not the stream's head");
      Message started = *oldest_on_stream;
      queued_.erase(oldest_on_stream);
      started.start = next_start_++;
      Check(started_.find(f.message) == started_.end(), "handle reused live");
      m = &started_.emplace(f.message, started).first->second;
      // §6.5: ordered messages take the stream's next SSN; unordered 0.
      if (m->unordered) {
        Check(f.ssn == Ssn(0), "unordered SSN");
      } else {
        Check(f.ssn == Ssn(next_ssn_[m->stream]), "SSN out of sequence");
        next_ssn_[m->stream] = static_cast<uint16_t>(next_ssn_[m->stream] + 1);
      }
      Check(m->stream < stream_count_, "message of an unusable stream");
    }
    Check(f.stream_id == StreamId(m->stream) && f.unordered == m->unordered &&
              f.ppid == Ppid(m->seed),
          "fragment fields");
    const size_t expected = std::min<size_t>(
        {m->length - m->produced, max_payload, size_t{0xffff}});
    Check(f.length == expected && f.length > 0, "fragment length");
    Check(f.payload.size() == f.length, "fragment payload size");
    for (size_t i = 0; i < f.length; ++i) {
      if (f.payload[i] != MessageByte(m->seed, f.offset + i)) {
        Fail("fragment payload bytes");
      }
    }
    m->produced += f.length;
    ++m->outstanding;
    Check(f.ending == (m->produced == m->length), "E flag");
    if (f.ending) {
      current_.reset();
    } else {
      current_ = f.message;
    }
  }

  void CheckPayload(const tx::ChunkRecord& r, std::span<const uint8_t> payload) {
    auto it = started_.find(r.message);
    Check(it != started_.end(), "outstanding chunk of a finished message");
    Check(payload.size() == r.length, "Payload size");
    for (size_t i = 0; i < payload.size(); ++i) {
      if (payload[i] != MessageByte(it->second.seed, r.offset + i)) {
        Fail("Payload bytes");
      }
    }
  }

  void Release(const tx::ChunkRecord& r) {
    auto it = started_.find(r.message);
    if (it == started_.end()) Fail("released chunk of an unknown message");
    CheckPayload(r, sq_.Payload(r.message, r.offset, r.length));
    sq_.ReleaseFragment(r.message);
    Message& m = it->second;
    Check(m.outstanding > 0, "release without an outstanding fragment");
    --m.outstanding;
    if (m.outstanding == 0 && m.produced == m.length) {
      Check(!sq_.IsLive(r.message), "finished message still live");
      started_.erase(it);
    }
  }

  void CheckTaken(const tx::TakenMessage& t, const Message& m,
                  const std::vector<uint8_t>& buffer) const {
    Check(t.stream_id == StreamId(m.stream) && t.ppid == Ppid(m.seed) &&
              t.unordered == m.unordered && t.length == m.length,
          "taken message fields");
    Check(t.copied == std::min<size_t>(buffer.size(), m.length), "copied");
    for (size_t i = 0; i < t.copied; ++i) {
      if (buffer[i] != MessageByte(m.seed, i)) Fail("taken message bytes");
    }
  }

  static bool SameRecord(const tx::ChunkRecord& a, const tx::ChunkRecord& b) {
    return a.tsn == b.tsn && a.message == b.message && a.offset == b.offset &&
           a.length == b.length && a.stream_id == b.stream_id &&
           a.ssn == b.ssn && a.beginning == b.beginning &&
           a.ending == b.ending && a.unordered == b.unordered;
  }

  tx::ChunkState StateOf(size_t index) const {
    std::optional<tx::ChunkInfo> info = rtx_.Info(sent_[index].tsn);
    if (!info) Fail("Info of an outstanding chunk");
    return info->state;
  }

  tx::SendQueue sq_;
  tx::RetransmissionQueue rtx_;
  std::array<tx::CongestionControl, tx::kMaxPaths> congestion_{};
  uint32_t byte_capacity_ = 0;
  uint32_t message_capacity_ = 0;
  uint16_t max_streams_ = 0;
  uint16_t initial_stream_count_ = 0;
  uint16_t stream_count_ = 0;
  tx::SchedulerKind scheduler_ = tx::SchedulerKind::kFcfs;
  size_t rtx_capacity_ = 0;
  bool dead_ = false;

  std::vector<Message> queued_;  // nothing produced yet
  std::map<tx::MessageHandle, Message> started_;
  std::optional<tx::MessageHandle> current_;
  std::deque<tx::ChunkRecord> sent_;  // outstanding, from cum + 1
  std::vector<uint16_t> next_ssn_;
  uint32_t next_seed_ = 1;
  uint64_t next_arrival_ = 0;
  uint64_t next_start_ = 0;
};

// ---------------------------------------------------------------------------
// Receiver.

class Receiver {
 public:
  void Init(Input& in) {
    max_streams_ = static_cast<uint16_t>(1 + in.U8() % 16);
    const uint16_t streams = static_cast<uint16_t>(in.U8() % (max_streams_ + 1));
    max_fragments_ = 1 + in.U8() % 64;
    max_bytes_ = 1 + in.U16() % 16384;
    max_message_ = 1 + in.U16() % 16384;
    max_blocks_ = 1 + in.U8() % 16;
    max_window_ = 1 + in.U16();  // 1..65536; the tracker caps at 65535
    max_duplicates_ = 1 + in.U8() % 16;
    const uint32_t initial_tsn = in.U32();
    Check(reassembly_.Init(max_streams_, max_fragments_, max_bytes_,
                           max_message_),
          "ReassemblyQueue::Init");
    Check(tracker_.Init(max_blocks_, max_window_, max_duplicates_),
          "DataTracker::Init");
    Restart(initial_tsn, streams);
  }

  void Restart(uint32_t initial_tsn, uint16_t streams) {
    reassembly_.Reset(streams, Tsn(initial_tsn));
    tracker_.Reset(Tsn(initial_tsn - 1));
    cum_ = initial_tsn - 1;
    received_.clear();
    held_.clear();
    duplicates_.clear();
    stream_count_ = std::min(streams, max_streams_);
    pop_ssn_.assign(max_streams_, 0);
    Check(reassembly_.stream_count() == stream_count_, "stream_count");
  }

  void RestartOp(Input& in) {
    const uint32_t initial_tsn = in.U32();
    const uint16_t streams = static_cast<uint16_t>(in.U8() % (max_streams_ + 1));
    Restart(initial_tsn, streams);
  }

  // Association::HandleData, step by step.
  void Data(Input& in) {
    const uint8_t flags = in.U8();
    const uint16_t stream = static_cast<uint16_t>(in.U8() % (max_streams_ + 2));
    uint32_t tsn = cum_ + 1 + static_cast<int32_t>(in.S8());
    if (flags & 0x08) tsn = in.U32();
    const int8_t ssn_delta = in.S8();
    const uint32_t length = 1 + in.U8() % 200;
    rx::DataChunkMeta meta;
    meta.tsn = Tsn(tsn);
    meta.stream_id = StreamId(stream);
    meta.ssn = Ssn(static_cast<uint16_t>(reassembly_.next_ssn(StreamId(stream)).value() +
                                         ssn_delta));
    meta.ppid = Ppid(tsn);
    meta.beginning = flags & 1;
    meta.ending = flags & 2;
    meta.unordered = flags & 4;

    const rx::DataTracker::Observation c = tracker_.Classify(meta.tsn);
    Check(c == Classify(tsn), "DataTracker::Classify vs model");
    using O = rx::DataTracker::Observation;
    if (c == O::kDuplicate) {
      Check(tracker_.Observe(meta.tsn) == O::kDuplicate, "Observe dup");
      AddDuplicate(tsn);
      return;
    }
    if (c == O::kOutOfWindow) {
      if (flags & 0x10) {  // Observe agrees and records nothing
        Check(tracker_.Observe(meta.tsn) == O::kOutOfWindow, "Observe oow");
      }
      return;
    }
    if (stream >= stream_count_) {
      // §6.5: ERROR, the TSN counts as received.
      Observe(tsn);
      return;
    }
    const uint32_t rwnd = reassembly_.buffered_bytes() >= max_bytes_
                              ? 0
                              : max_bytes_ - reassembly_.buffered_bytes();
    if (rwnd == 0 && IdLess(tracker_.highest_received(), meta.tsn)) return;
    std::vector<uint8_t> payload(length);
    for (uint32_t i = 0; i < length; ++i) payload[i] = PayloadByte(tsn, i);
    const uint32_t fragments_before = reassembly_.fragment_count();
    const rx::ReassemblyQueue::AddResult r =
        reassembly_.Add(meta, buf::CopyToHeap(payload));
    last_add_ = rx::ReassemblyQueue::ToString(r);
    if (r == rx::ReassemblyQueue::AddResult::kOk) {
      Check(reassembly_.fragment_count() == fragments_before + 1, "Add kOk");
      held_[tsn] = Held{length, meta};
      Observe(tsn);
    } else if (r == rx::ReassemblyQueue::AddResult::kNoSpace) {
      Check(reassembly_.fragment_count() == fragments_before, "kNoSpace");
    } else if (r == rx::ReassemblyQueue::AddResult::kMalformed) {
      // Nothing held changes, except a complete message that contradicts
      // one already waiting: it is dropped whole.
      Check(reassembly_.fragment_count() <= fragments_before, "kMalformed");
    }
    // The association aborts on kMalformed and kMessageTooLarge; the queue
    // must stay consistent anyway, so carry on.
  }

  void Pop(Input& in) {
    const int count = 1 + in.U8() % 4;
    const uint8_t size_sel = in.U8();
    for (int n = 0; n < count; ++n) {
      const rx::MessageInfo* peek = reassembly_.PeekReady();
      const size_t ready = reassembly_.ready_count();
      Check((peek != nullptr) == (ready > 0), "PeekReady vs ready_count");
      if (!peek) return;
      const rx::MessageInfo expected = *peek;
      std::vector<std::vector<uint8_t>> fragments;
      std::optional<rx::MessageInfo> info;
      std::vector<uint8_t> buffer;
      size_t copied = 0;
      if (size_sel & 0x80) {
        buffer.resize((size_sel & 0x7f) * 8u);
        info = reassembly_.PopReadyInto(buffer, &copied);
      } else {
        info = reassembly_.PopReady([&](std::span<const uint8_t> bytes) {
          fragments.emplace_back(bytes.begin(), bytes.end());
        });
      }
      Check(info.has_value(), "PopReady after PeekReady");
      Check(info->first_tsn == expected.first_tsn &&
                info->length == expected.length &&
                info->fragment_count == expected.fragment_count,
            "PopReady != PeekReady");
      Check(reassembly_.ready_count() == ready - 1, "ready_count after pop");
      CheckMessage(*info, fragments, buffer, copied, size_sel & 0x80);
    }
  }

  void Announce(Input& in) {
    const uint8_t sel = in.U8();
    size_t n = 0;
    reassembly_.AnnounceNewReady([&](const rx::MessageInfo& m) {
      ++n;
      Check(m.fragment_count >= 1 && m.length >= m.fragment_count,
            "announced message");
    });
    Check(n <= reassembly_.ready_count(), "announced more than ready");
    if (sel & 1) {
      tracker_.OnSackSent();
      duplicates_.clear();
    }
    // The SACK the association would build from this.
    std::array<rx::DataTracker::GapBlock, 16> blocks;
    const size_t copied = tracker_.CopyGapBlocks(blocks);
    Check(copied == std::min(blocks.size(), tracker_.gap_block_count()),
          "CopyGapBlocks count");
  }

  void Print() const {
    std::fprintf(stderr,
                 "  rx: cum %u, blocks %zu, dups %zu, fragments %u (%u bytes), "
                 "ready %zu, last add %s\n",
                 tracker_.cumulative_tsn().value(), tracker_.gap_block_count(),
                 tracker_.duplicates().size(), reassembly_.fragment_count(),
                 reassembly_.buffered_bytes(), reassembly_.ready_count(),
                 last_add_);
  }

  void Verify() const {
    Check(reassembly_.IsConsistent(), "ReassemblyQueue::IsConsistent");
    Check(reassembly_.fragment_count() <= max_fragments_ &&
              reassembly_.buffered_bytes() <= max_bytes_,
          "reassembly limits");
    // Every held fragment holds exactly one heap copy alive.
    Check(buf::LiveHeapCopies() == baseline_copies_ + reassembly_.fragment_count(),
          "heap copies alive != fragments held (leak or double release)");
    if (reassembly_.Stalled()) {
      Check(reassembly_.ready_count() == 0 && reassembly_.fragment_count() > 0,
            "Stalled");
    }
    // DataTracker against the set model.
    Check(tracker_.cumulative_tsn().value() == cum_, "cumulative TSN");
    std::vector<rx::DataTracker::GapBlock> blocks = ModelBlocks();
    Check(tracker_.gap_block_count() == blocks.size(), "gap block count");
    for (size_t i = 0; i < blocks.size(); ++i) {
      Check(tracker_.gap_block(i) == blocks[i], "gap block");
    }
    Check(tracker_.has_gaps() == !blocks.empty(), "has_gaps");
    std::span<const Tsn> dups = tracker_.duplicates();
    Check(dups.size() == duplicates_.size(), "duplicate count");
    for (size_t i = 0; i < dups.size(); ++i) {
      Check(dups[i].value() == duplicates_[i], "duplicate TSN");
    }
    const uint32_t highest = received_.empty() ? cum_ : *HighestReceived();
    Check(tracker_.highest_received().value() == highest, "highest_received");
  }

  void set_baseline(uint64_t copies) { baseline_copies_ = copies; }

 private:
  struct Held {
    uint32_t length = 0;
    rx::DataChunkMeta meta;
  };

  // received_ holds offsets from cum_, so that TSN wrap needs no care.
  uint32_t Ahead(uint32_t tsn) const { return tsn - cum_; }

  std::optional<uint32_t> HighestReceived() const {
    if (received_.empty()) return std::nullopt;
    return cum_ + *received_.rbegin();
  }

  std::vector<rx::DataTracker::GapBlock> ModelBlocks() const {
    std::vector<rx::DataTracker::GapBlock> out;
    for (uint32_t off : received_) {
      if (!out.empty() && out.back().end + 1u == off) {
        out.back().end = static_cast<uint16_t>(off);
      } else {
        out.push_back({static_cast<uint16_t>(off), static_cast<uint16_t>(off)});
      }
    }
    return out;
  }

  // What DataTracker must say about `tsn`: RFC 1982 behind (or at) the
  // cumulative point or already held is a duplicate; beyond the window, or
  // needing a new Gap Ack Block when all are in use, is out of window.
  rx::DataTracker::Observation Classify(uint32_t tsn) const {
    using O = rx::DataTracker::Observation;
    const uint32_t ahead = Ahead(tsn);
    if (ahead == 0 || ahead > 0x80000000u) return O::kDuplicate;
    if (ahead > std::min<uint32_t>(max_window_, 0xffff)) return O::kOutOfWindow;
    if (received_.count(ahead)) return O::kDuplicate;
    if (ahead == 1) return O::kNew;
    const bool joins = received_.count(ahead - 1) || received_.count(ahead + 1);
    if (!joins && ModelBlocks().size() >= max_blocks_) return O::kOutOfWindow;
    return O::kNew;
  }

  void Observe(uint32_t tsn) {
    Check(tracker_.Observe(Tsn(tsn)) == rx::DataTracker::Observation::kNew,
          "Observe of a new TSN");
    received_.insert(Ahead(tsn));
    // Fold what now follows the cumulative point.
    uint32_t shift = 0;
    while (received_.count(shift + 1)) {
      received_.erase(shift + 1);
      ++shift;
    }
    if (shift > 0) {
      std::set<uint32_t> moved;
      for (uint32_t off : received_) moved.insert(off - shift);
      received_.swap(moved);
      cum_ += shift;
    }
  }

  void AddDuplicate(uint32_t tsn) {
    if (duplicates_.size() < max_duplicates_) duplicates_.push_back(tsn);
  }

  void CheckMessage(const rx::MessageInfo& info,
                    const std::vector<std::vector<uint8_t>>& fragments,
                    const std::vector<uint8_t>& buffer, size_t copied,
                    bool into) {
    Check(info.fragment_count >= 1, "message without fragments");
    // Rebuild the message from the model and compare.
    std::vector<uint8_t> bytes;
    for (uint32_t i = 0; i < info.fragment_count; ++i) {
      const uint32_t tsn = info.first_tsn.value() + i;
      auto it = held_.find(tsn);
      Check(it != held_.end(), "delivered a TSN never accepted (or twice)");
      const Held& h = it->second;
      Check(h.meta.beginning == (i == 0), "B flag inside a message");
      Check(h.meta.ending == (i + 1 == info.fragment_count),
            "E flag inside a message");
      Check(h.meta.stream_id == info.stream_id &&
                h.meta.unordered == info.unordered,
            "fragment of another stream or delivery mode");
      if (!info.unordered) Check(h.meta.ssn == info.ssn, "fragment SSN");
      if (!into) {
        Check(fragments.size() == info.fragment_count, "visit count");
        const std::vector<uint8_t>& f = fragments[i];
        Check(f.size() == h.length, "visited fragment length");
        for (size_t k = 0; k < f.size(); ++k) {
          if (f[k] != PayloadByte(tsn, static_cast<uint32_t>(k))) {
            Fail("delivered payload bytes");
          }
        }
      }
      for (uint32_t k = 0; k < h.length; ++k) bytes.push_back(PayloadByte(tsn, k));
      held_.erase(it);
    }
    Check(bytes.size() == info.length, "message length");
    Check(info.ppid == Ppid(info.first_tsn.value()), "message PPID");
    if (into) {
      Check(copied == std::min(buffer.size(), bytes.size()), "copied");
      Check(std::equal(buffer.begin(), buffer.begin() + copied, bytes.begin()),
            "PopReadyInto bytes");
    }
    // §6.6: ordered messages of a stream in SSN sequence.
    if (!info.unordered) {
      Check(info.stream_id.value() < stream_count_, "stream of a message");
      Check(info.ssn == Ssn(pop_ssn_[info.stream_id.value()]),
            "ordered messages out of SSN sequence");
      pop_ssn_[info.stream_id.value()] =
          static_cast<uint16_t>(pop_ssn_[info.stream_id.value()] + 1);
    }
  }

  rx::ReassemblyQueue reassembly_;
  rx::DataTracker tracker_;
  uint16_t max_streams_ = 0;
  uint16_t stream_count_ = 0;
  uint32_t max_fragments_ = 0;
  uint32_t max_bytes_ = 0;
  uint32_t max_message_ = 0;
  size_t max_blocks_ = 0;
  uint32_t max_window_ = 0;
  size_t max_duplicates_ = 0;
  uint64_t baseline_copies_ = 0;

  uint32_t cum_ = 0;
  std::set<uint32_t> received_;  // offsets above cum_
  std::vector<uint32_t> duplicates_;
  std::map<uint32_t, Held> held_;  // accepted, not yet delivered, by TSN
  std::vector<uint16_t> pop_ssn_;
  const char* last_add_ = "-";
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const uint64_t copies_before = buf::LiveHeapCopies();
  {
    Input in(data, size);
    auto sender = std::make_unique<Sender>();
    auto receiver = std::make_unique<Receiver>();
    receiver->set_baseline(copies_before);
    sender->Init(in);
    receiver->Init(in);
    TimePoint now = TimePoint::FromNanos(1'000'000'000);
    for (size_t ops = 0; ops < kMaxOps && !in.done(); ++ops) {
      const uint8_t op = in.U8();
      switch (op % 16) {
        case 0: sender->Enqueue(in); break;
        case 1: sender->ProduceAndSend(in, now); break;
        case 2: sender->Sack(in, now); break;
        case 3: sender->T3(in); break;
        case 4: sender->Retransmit(in, now); break;
        case 5: sender->Scheduler(in); break;
        case 6: sender->StreamCount(in); break;
        case 7: sender->Bogus(in, now); break;
        case 8: sender->FailAndRestart(in); break;
        case 9:
        case 10:
        case 11: receiver->Data(in); break;
        case 12: receiver->Pop(in); break;
        case 13: receiver->Announce(in); break;
        case 14: receiver->RestartOp(in); break;
        default: now += Duration::Millis(in.U8()); break;
      }
      sender->Verify();
      receiver->Verify();
      if (Trace()) {
        std::fprintf(stderr, "op %u\n", op % 16);
        sender->Print();
        receiver->Print();
      }
    }
  }
  // Everything the queues held is released with them.
  if (buf::LiveHeapCopies() != copies_before) Fail("heap copies leaked");
  return 0;
}
