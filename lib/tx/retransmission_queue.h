// RetransmissionQueue: the sender's record of every DATA chunk sent and not
// yet cumulatively acknowledged (RFC 9260 §6.2.1, §6.3.3, §7.2.4).
//
// It owns the chunk records (stream, SSN, PPID, flags and an opaque handle
// to the payload bytes, which live elsewhere), their acknowledgement state,
// the bytes in flight per destination, the miss indications that drive fast
// retransmit, and the fast recovery exit point. It does not own timers,
// congestion windows or payloads: SACK processing returns a SackOutcome that
// tells the owner what to do with those (CongestionControl::OnAck per path,
// OnFastRetransmit on entering fast recovery, T3-rtx restarts), and a
// callback hands every chunk back when it leaves the queue.
//
// Fixed capacity, no allocation after Init(): the chunks sit in a ring
// indexed by TSN minus the first outstanding TSN, so a Gap Ack Block finds
// its chunks in O(1) and costs O(chunks it covers). Peer input (any SACK)
// is bounded by the capacity and never trips a check.
//
// Two byte units, each where the RFC asks for it:
//   - payload bytes (ChunkRecord::length) for the peer's receive window:
//     §6.2.1 "subtracts the data size of the chunk from the rwnd";
//   - chunk bytes (DataChunkSize(): header and padding included) for the
//     congestion window: §7.2 "the length of the DATA chunk, including the
//     padding, SHOULD be used".
//
// Not thread-safe (one shard owns it). No callbacks except on_released,
// which must not call back into the queue.
#ifndef DPSCTP_TX_RETRANSMISSION_QUEUE_H_
#define DPSCTP_TX_RETRANSMISSION_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <type_traits>

#include "common/time.h"
#include "common/types.h"

namespace dpsctp::tx {

// Destinations (paths) a queue accounts separately; path ids are 0..7.
inline constexpr size_t kMaxPaths = 8;

// Bytes a DATA chunk carrying `payload_length` bytes takes on the wire:
// the 16-byte header plus the payload padded to 4 bytes (§3.3.1).
constexpr uint32_t DataChunkSize(uint16_t payload_length) noexcept {
  return 16u + ((static_cast<uint32_t>(payload_length) + 3u) & ~3u);
}

// One DATA chunk as sent. `message`, `offset` and `length` locate the
// payload in the owner's storage; the queue never looks at them except to
// count `length`.
struct ChunkRecord {
  Tsn tsn;
  uint32_t message = 0;
  uint32_t offset = 0;
  uint16_t length = 0;  // payload bytes
  StreamId stream_id;
  Ssn ssn;
  Ppid ppid;
  bool beginning = false;
  bool ending = false;
  bool unordered = false;
};

// A Gap Ack Block as the SACK carries it: offsets from the Cumulative TSN
// Ack (§3.3.4), start <= end expected but not trusted.
struct GapBlock {
  uint16_t start = 0;
  uint16_t end = 0;
  friend bool operator==(const GapBlock&, const GapBlock&) = default;
};

// Where a chunk stands.
enum class ChunkState : uint8_t {
  kInFlight,      // sent, no acknowledgement yet: counts in the flight
  kGapAcked,      // reported by a Gap Ack Block: out of the flight, kept
                  // until the cumulative ack (§6.2.1: the peer may renege)
  kReneged,       // was gap-acked, no longer reported: outstanding but not
                  // in flight; T3-rtx or fast retransmit picks it up
  kToRetransmit,  // marked by T3-rtx or fast retransmit: out of the flight
};

// Diagnostics for one outstanding chunk (tests, ToString, metrics).
struct ChunkInfo {
  ChunkState state = ChunkState::kInFlight;
  uint8_t path = 0;               // where it was last sent
  uint8_t transmit_count = 0;     // 1 = never retransmitted (saturates)
  uint8_t miss_indications = 0;   // §7.2.4, since its last transmission
  bool fast_retransmit = false;   // marked by fast retransmit, not yet sent
  bool fast_retransmitted = false;  // §7.2.4 step 5: ineligible for another
  TimePoint sent_at;              // last transmission
};

class RetransmissionQueue {
 public:
  // Capacities above this are refused (memory, and §6.1's 2^31 - 1 TSN
  // window is far beyond it).
  static constexpr size_t kMaxCapacity = size_t{1} << 20;
  // §7.2.4: "When the third consecutive miss indication is received".
  static constexpr uint8_t kFastRetransmitThreshold = 3;

  RetransmissionQueue() noexcept = default;
  RetransmissionQueue(RetransmissionQueue&&) noexcept = default;
  RetransmissionQueue& operator=(RetransmissionQueue&&) noexcept = default;

  // Allocates room for `capacity` chunks outstanding at once (1 to
  // kMaxCapacity) and resets to TSN 0. The only allocation.
  [[nodiscard]] bool Init(size_t capacity) noexcept;
  // New association: the next TSN is `initial_tsn`, the Cumulative TSN Ack
  // Point initial_tsn - 1 (§5.1), nothing outstanding, no fast recovery.
  void Reset(Tsn initial_tsn) noexcept;
  // Forgets every chunk without calling anyone (call ForEachOutstanding
  // first to free payloads, e.g. on ABORT); next_tsn() stays and the
  // Cumulative TSN Ack Point becomes next_tsn() - 1.
  void Clear() noexcept;

  size_t capacity() const noexcept { return capacity_; }
  Tsn next_tsn() const noexcept { return next_tsn_; }
  // Our Cumulative TSN Ack Point: the highest TSN the peer acked in order.
  Tsn cumulative_tsn_ack() const noexcept {
    return Tsn(next_tsn_.value() - 1 - static_cast<uint32_t>(count_));
  }
  bool full() const noexcept { return count_ >= capacity_; }
  bool empty() const noexcept { return count_ == 0; }
  // Chunks not yet cumulatively acknowledged (gap-acked ones included).
  size_t outstanding_chunks() const noexcept { return count_; }
  // Payload bytes in flight: not gap-acked, not reneged, not marked for
  // retransmission. The peer's rwnd is a_rwnd minus this (§6.2.1).
  uint32_t outstanding_bytes() const noexcept { return flight_payload_; }
  // Chunk bytes (DataChunkSize) in flight to `path`: the flightsize that
  // §6.1 B compares with that path's cwnd.
  uint32_t bytes_in_flight(size_t path) const noexcept {
    return path < kMaxPaths ? flight_[path] : 0;
  }
  // Chunks sent to `path` that still need its T3-rtx running: in flight or
  // reneged (§6.3.2 R2: the timer stops only when this reaches zero).
  uint32_t unacked_chunks(size_t path) const noexcept {
    return path < kMaxPaths ? unacked_chunks_[path] : 0;
  }
  bool in_fast_recovery() const noexcept { return in_fast_recovery_; }
  Tsn fast_recovery_exit_point() const noexcept { return exit_point_; }

  // Records a chunk sent for the first time to `path` at `now`.
  // record.tsn must equal next_tsn(), which then advances. Refused (false)
  // when full, on any other TSN, or for a path >= kMaxPaths.
  bool AddSent(const ChunkRecord& record, uint8_t path, TimePoint now) noexcept;

  struct SackOutcome {
    bool accepted = false;  // false: old/invalid SACK, ignored (§6.2.1 D i)
    bool cumulative_advanced = false;
    // Newly acked (cum or gap) chunk bytes that were in flight, per path.
    uint32_t bytes_acked[kMaxPaths] = {};
    // Chunk bytes in flight per path before this SACK (§7.2.1 "fully
    // utilized", §7.2.2).
    uint32_t flight_before[kMaxPaths] = {};
    // §6.3.1 C4/C5 (Karn): from a newly acked chunk transmitted once.
    std::optional<Duration> rtt;
    uint8_t rtt_path = 0;
    // Some chunk newly reached 3 miss indications (§7.2.4) and is marked
    // for fast retransmission.
    bool fast_retransmit = false;
    uint8_t fast_retransmit_paths = 0;  // bitmask: where they were last sent
    bool entered_fast_recovery = false;
    bool exited_fast_recovery = false;
    bool in_fast_recovery = false;  // after this SACK
    // The fast recovery state to give CongestionControl::OnAck: §7.2.4
    // "Before the above adjustments ... the cwnd adjustment rules ... MUST
    // be applied first", so a SACK that enters fast recovery still grows
    // cwnd, and one that exits it may.
    bool in_fast_recovery_for_cwnd = false;
    // Bitmask of paths whose earliest in-flight chunk was cumulatively
    // acked (§6.3.2 R3: restart that path's T3-rtx if data remains).
    uint8_t earliest_acked_paths = 0;
    // Bitmask of paths a reneged chunk was sent to (§6.2.1 D iii, §6.3.2
    // R4: start their T3-rtx if it is not running).
    uint8_t reneged_paths = 0;
    bool all_acked = false;  // nothing outstanding any more
    // §6.2.1 D ii: a_rwnd minus the payload bytes still outstanding (>= 0).
    uint32_t peer_rwnd = 0;
  };

  // Processes one SACK (§6.2.1, §7.2.4). `gaps` are the Gap Ack Blocks as
  // carried; the SACK's own order is trusted only as far as it is ascending
  // (see the .cc). on_released(const ChunkRecord&) is called once, in TSN
  // order, for every chunk the cumulative ack removes; it must not call
  // into this queue. Gap-acked chunks stay until the cumulative ack.
  template <typename OnReleased>
  SackOutcome HandleSack(TimePoint now, Tsn cum_tsn_ack, uint32_t a_rwnd,
                         std::span<const GapBlock> gaps,
                         OnReleased&& on_released) noexcept {
    using Fn = std::remove_reference_t<OnReleased>;
    static_assert(std::is_invocable_v<Fn&, const ChunkRecord&>,
                  "on_released(const ChunkRecord&)");
    return HandleSackCore(
        now, cum_tsn_ack, a_rwnd, gaps,
        [](void* context, const ChunkRecord& record) noexcept {
          (*static_cast<Fn*>(context))(record);
        },
        static_cast<void*>(const_cast<std::remove_const_t<Fn>*>(&on_released)));
  }

  using ReleaseFunction = void (*)(void* context,
                                   const ChunkRecord& record) noexcept;
  SackOutcome HandleSackCore(TimePoint now, Tsn cum_tsn_ack, uint32_t a_rwnd,
                             std::span<const GapBlock> gaps,
                             ReleaseFunction on_released,
                             void* context) noexcept;

  // §6.3.3 E3 / §7.2.3: T3-rtx of `path` expired. Every chunk in flight to
  // that path, and every reneged chunk last sent there, is marked for
  // retransmission (and leaves the flight). Returns how many.
  size_t MarkForRetransmission(size_t path) noexcept;
  bool HasChunksToRetransmit() const noexcept { return to_retransmit_ > 0; }
  size_t chunks_to_retransmit() const noexcept { return to_retransmit_; }
  // The lowest-TSN chunk marked for retransmission, or nullptr. With
  // `fast_only`, only chunks marked by fast retransmit (§7.2.4 step 3 sends
  // those first, ignoring cwnd). Valid until the next non-const call.
  const ChunkRecord* NextToRetransmit(bool fast_only = false) const noexcept;
  // The chunk `tsn` went out again to `path` at `now`: back in flight,
  // transmit count + 1, miss indications cleared, and (Karn, §6.3.1 C5)
  // no RTT sample from it or from any chunk already sent. A chunk marked by
  // fast retransmit stays ineligible for another (§7.2.4 step 5). Ignored
  // for a TSN not outstanding, a gap-acked chunk, or a bad path.
  void MarkRetransmitted(Tsn tsn, uint8_t path, TimePoint now) noexcept;

  // The earliest send time among chunks in flight to `path` (T3-rtx
  // restart bookkeeping), if any. O(outstanding).
  std::optional<TimePoint> OldestInFlight(size_t path) const noexcept;

  // Diagnostics for an outstanding TSN, or nullopt.
  std::optional<ChunkInfo> Info(Tsn tsn) const noexcept;
  // Recounts every counter from the chunks (O(outstanding); for tests).
  bool IsConsistent() const noexcept;

  // f(const ChunkRecord&) for every outstanding chunk, in TSN order.
  template <typename F>
  void ForEachOutstanding(F&& f) const noexcept {
    for (size_t i = 0; i < count_; ++i) f(entries_[Slot(i)].record);
  }

 private:
  struct Entry {
    ChunkRecord record;
    TimePoint sent_at;
    ChunkState state = ChunkState::kInFlight;
    uint8_t path = 0;
    uint8_t transmit_count = 0;
    uint8_t miss_indications = 0;
    bool fast_retransmit = false;
    bool fast_retransmitted = false;
  };

  size_t Slot(size_t index) const noexcept { return (head_ + index) & mask_; }
  Entry& At(size_t index) noexcept { return entries_[Slot(index)]; }
  const Entry& At(size_t index) const noexcept { return entries_[Slot(index)]; }
  // Index of `tsn` from the first outstanding TSN, if outstanding.
  std::optional<size_t> IndexOf(Tsn tsn) const noexcept;

  // State changes that keep the counters right.
  void LeaveState(Entry& e) noexcept;
  void EnterState(Entry& e, ChunkState state) noexcept;
  void MarkToRetransmit(size_t index, bool fast) noexcept;
  // One miss indication for the chunk at `index`; true if it made the chunk
  // due for fast retransmit.
  bool CountMiss(size_t index) noexcept;
  // Drops the first `n` chunks (cumulatively acked) from the ring.
  void PopFront(size_t n) noexcept;

  std::unique_ptr<Entry[]> entries_;
  size_t capacity_ = 0;
  size_t mask_ = 0;
  size_t head_ = 0;   // slot of the first outstanding TSN
  size_t count_ = 0;  // outstanding chunks
  Tsn next_tsn_;
  uint32_t flight_payload_ = 0;
  uint32_t flight_[kMaxPaths] = {};
  uint32_t unacked_chunks_[kMaxPaths] = {};
  size_t gap_acked_ = 0;
  size_t to_retransmit_ = 0;
  size_t fast_to_retransmit_ = 0;
  // No chunk below these indices is marked (lower bounds, moved forward by
  // the lookups so that repeated lookups stay cheap).
  mutable size_t retransmit_scan_from_ = 0;
  mutable size_t fast_scan_from_ = 0;
  // Karn (§6.3.1 C5, second paragraph): chunks below this index were sent
  // before some retransmission and give no RTT sample.
  size_t rtt_valid_from_ = 0;
  bool in_fast_recovery_ = false;
  Tsn exit_point_;
};

}  // namespace dpsctp::tx

#endif  // DPSCTP_TX_RETRANSMISSION_QUEUE_H_
