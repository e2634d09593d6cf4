// SendQueue: the sender's user messages from Send() until the peer has
// acknowledged every byte of them, with one FIFO per outbound stream and a
// stream scheduler (RFC 8260 §3) choosing which stream's message goes next.
//
// It owns the message bytes; the association owns TSNs and the
// retransmission queue. The association Enqueue()s a message, asks Produce()
// for the next DATA fragment, records (handle, offset, length) for it, re-reads
// the bytes with Payload() when it retransmits, and calls ReleaseFragment()
// once the fragment is acknowledged or abandoned. A message's bytes stay in
// place until every fragment has been produced and released.
//
// Fixed capacity, no allocation after Init:
//  - Bytes live in one ring allocated at Init. Each message is one contiguous
//    region; when it does not fit before the end of the ring, the tail is
//    skipped and it starts at the beginning. Space is reclaimed in
//    allocation order: a finished message's region becomes reusable once
//    every older region is finished too. This never fragments, at a price:
//    an old message that is still unsent (say on a low-priority stream) or
//    unacknowledged holds back the space of everything after it, and Enqueue
//    can then return kNoSpace although bytes_held() is well below capacity.
//  - Message records live in a slot table of message_capacity entries; a
//    record is reusable when its bytes are reclaimed. Handles carry the
//    slot's generation, so a stale handle is caught (DPSCTP_DCHECK in debug,
//    ignored in release).
//  - Per-stream FIFOs and the scheduler structures are intrusive links over
//    the slot and stream tables.
//
// Schedulers (choose between whole messages only: once a message has
// started, Produce() finishes it before anything else, RFC 9260 §6.9):
//  - kFcfs: arrival order across all streams (a global FIFO); O(1).
//  - kRoundRobin: one message per stream with data in turn; O(1).
//  - kPriority: the lowest priority value with data first, round robin among
//    streams of equal priority; O(distinct priorities with data).
//  - kWeightedFair: self-clocked weighted fair queueing by bytes: a stream's
//    head message gets start = max(virtual time, stream's last finish) and
//    finish = start + length / weight, the smallest finish goes first, and
//    virtual time becomes that finish. A binary heap over streams with data;
//    O(log streams).
// Switching the scheduler at any time rebuilds its structure from the
// stream FIFOs (O(streams)).
//
// One shard, no locks, nothing reentrant; every call is noexcept.
#ifndef DPSCTP_TX_SEND_QUEUE_H_
#define DPSCTP_TX_SEND_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "common/types.h"

namespace dpsctp::tx {

enum class SchedulerKind : uint8_t {
  kFcfs,
  kRoundRobin,
  kPriority,
  kWeightedFair
};

// "fcfs", "rr", "priority", "wfq" (the names used in configuration).
std::string_view SchedulerName(SchedulerKind kind) noexcept;
std::optional<SchedulerKind> ParseSchedulerName(std::string_view name) noexcept;

// Identifies one queued message: slot index and generation. Valid from
// Enqueue until its last fragment is released (or it is taken or cleared).
using MessageHandle = uint32_t;

// One DATA chunk's worth of a message (RFC 9260 §3.3.1). `payload` points
// into the queue's ring and stays valid until the message is finished.
struct Fragment {
  MessageHandle message;
  StreamId stream_id;
  Ssn ssn;  // per-stream, ordered messages only; 0 for unordered
  Ppid ppid;
  bool unordered = false;
  bool beginning = false;
  bool ending = false;
  uint32_t offset = 0;  // of this fragment within the message
  uint16_t length = 0;
  std::span<const uint8_t> payload;
};

// A message handed back after the association failed (RFC 9260 §11.1.14
// RECEIVE_UNSENT, §11.1.15 RECEIVE_UNACKED).
struct TakenMessage {
  StreamId stream_id;
  Ppid ppid;
  bool unordered = false;
  size_t length = 0;  // the whole message
  size_t copied = 0;  // into the caller's buffer (< length if it was short)
};

class SendQueue {
 public:
  // The most message records Init accepts (the rest of a handle is the
  // generation).
  static constexpr uint32_t kMaxMessageCapacity = uint32_t{1} << 20;

  SendQueue() noexcept = default;
  SendQueue(const SendQueue&) = delete;
  SendQueue& operator=(const SendQueue&) = delete;
  // Moving keeps the ring where it is: handles and payload spans stay valid.
  SendQueue(SendQueue&&) noexcept = default;
  SendQueue& operator=(SendQueue&&) noexcept = default;

  // Allocates everything. byte_capacity: bytes of messages held (queued or
  // awaiting acknowledgement); message_capacity: message records
  // (<= kMaxMessageCapacity); max_streams: the most outbound streams ever
  // used. All three >= 1. Drops anything held before. The stream count
  // starts at 0, the scheduler at kFcfs, priorities at 0, weights at 1.
  [[nodiscard]] bool Init(uint32_t byte_capacity, uint32_t message_capacity,
                          uint16_t max_streams) noexcept;

  // Streams usable now (the negotiated outbound streams, capped at
  // max_streams). Resets every stream's SSN to 0 (RFC 9260 §6.5: "The Stream
  // Sequence Number in all the outgoing streams MUST start from 0 when the
  // association is established"), so call it when an association is
  // established, not while a message is partly produced. Unsent messages on
  // streams at or above the new count can no longer be sent: they are kept,
  // outside the schedulers, for TakeUnsent() or Clear().
  void SetStreamCount(uint16_t count) noexcept;
  uint16_t stream_count() const noexcept { return stream_count_; }

  void SetScheduler(SchedulerKind kind) noexcept;  // allowed at any time
  SchedulerKind scheduler() const noexcept { return scheduler_; }
  // kPriority: lower values first, round robin among equals. False if
  // id >= max_streams.
  bool SetStreamPriority(StreamId id, uint16_t priority) noexcept;
  // kWeightedFair: a stream's share of bytes is proportional to its weight.
  // False if id >= max_streams or weight == 0.
  bool SetStreamWeight(StreamId id, uint16_t weight) noexcept;

  enum class EnqueueResult : uint8_t {
    kOk,
    kNoSpace,        // retry after releases free room (bytes or records)
    kTooLarge,       // larger than byte_capacity: can never fit
    kInvalidStream,  // stream_id >= stream_count()
    kEmpty,  // RFC 9260 §3.3.1: user data length "MUST be greater than 0"
  };
  // Copies `message` into the ring (all or nothing).
  EnqueueResult Enqueue(StreamId stream_id, Ppid ppid, bool unordered,
                        std::span<const uint8_t> message) noexcept;

  // True when Produce() would return a fragment.
  bool HasDataToSend() const noexcept;
  // Bytes not yet produced on usable streams (including the rest of a
  // partly produced message).
  uint64_t unsent_bytes() const noexcept { return unsent_bytes_; }

  // The next fragment, at most max_payload (>= 1, capped at 65535) bytes.
  // Once a message's first fragment is produced, the following calls return
  // the rest of it before anything else: RFC 9260 §6.9 "the TSNs for each
  // fragment of a fragmented user message MUST be strictly sequential". The
  // scheduler chooses between whole messages. An ordered message's SSN is
  // assigned with its first fragment. nullopt when nothing is left to send.
  std::optional<Fragment> Produce(size_t max_payload) noexcept;
  // The length of the fragment Produce(max_payload) would return now, 0 if
  // none: RFC 9260 §6.1 rule A compares the peer's rwnd with "the size of
  // the next DATA chunk".
  size_t NextFragmentLength(size_t max_payload) const noexcept;

  // Bytes of a produced message, for retransmission. Empty on a stale
  // handle or a range outside the message (DCHECK).
  std::span<const uint8_t> Payload(MessageHandle message, uint32_t offset,
                                   uint16_t length) const noexcept;

  // One produced fragment of `message` was acknowledged or abandoned. When
  // all of a message is produced and every fragment released, the message
  // is finished: its handle goes stale and its space can be reclaimed.
  void ReleaseFragment(MessageHandle message) noexcept;

  // RFC 9260 §11.1.14, after the association failed: the oldest message
  // nothing of which was produced, removed and copied (truncated) into
  // `buffer`. nullopt when none.
  std::optional<TakenMessage> TakeUnsent(std::span<uint8_t> buffer) noexcept;
  // RFC 9260 §11.1.15: the message produced at least in part and not fully
  // released whose first fragment was produced earliest; removed (its
  // handle goes stale: drop its fragments without releasing them).
  std::optional<TakenMessage> TakeUnacknowledged(
      std::span<uint8_t> buffer) noexcept;
  // Drops the messages a smaller SetStreamCount stranded (queued before the
  // peer granted fewer streams); returns how many, for a SEND FAILURE.
  size_t DropStranded() noexcept;

  // Messages, and their bytes, not yet finished (queued, partly produced,
  // awaiting release, or kept on unusable streams).
  size_t messages_held() const noexcept { return messages_held_; }
  uint32_t bytes_held() const noexcept { return bytes_held_; }
  uint32_t byte_capacity() const noexcept { return byte_capacity_; }
  uint16_t max_streams() const noexcept { return max_streams_; }

  // True while `message` is held (not finished, taken or cleared). Unlike
  // Payload(), never asserts.
  bool IsLive(MessageHandle message) const noexcept;
  // Checks every internal invariant (O(messages + streams)); for tests and
  // debug builds.
  bool IsConsistent() const noexcept;

  // Drops every message (abort, restart); all handles go stale and every
  // SSN returns to 0. Keeps the stream count, scheduler, priorities and
  // weights.
  void Clear() noexcept;

 private:
  static constexpr uint32_t kNone = 0xffffffffu;

  enum class SlotState : uint8_t {
    kFree,      // no message
    kQueued,    // in its stream FIFO, nothing produced
    kStranded,  // queued on a stream beyond stream_count_
    kInFlight,  // produced at least in part, not finished
    kFinished,  // done; bytes wait for reclamation in allocation order
  };

  struct Slot {
    uint64_t arrival = 0;      // Enqueue order, to find the oldest
    uint32_t ring_offset = 0;  // start of the bytes in ring_
    uint32_t length = 0;
    uint32_t produced = 0;         // bytes handed out by Produce()
    uint32_t outstanding = 0;      // produced fragments not yet released
    uint32_t stream_next = kNone;  // next in the stream FIFO
    // The one list a message is on: unsent (kQueued), stranded (kStranded)
    // or in flight (kInFlight).
    uint32_t list_prev = kNone;
    uint32_t list_next = kNone;
    Ppid ppid;
    uint16_t stream = 0;
    Ssn ssn;
    uint16_t generation = 0;
    SlotState state = SlotState::kFree;
    bool unordered = false;
  };

  struct Stream {
    uint32_t head = kNone;  // FIFO of kQueued slots
    uint32_t tail = kNone;
    uint16_t next_ssn = 0;
    uint16_t priority = 0;
    uint16_t weight = 1;
    bool scheduled = false;  // in the current scheduler's structure
    // Round robin and priority: ring of streams within one level.
    uint16_t level_key = 0;
    uint32_t ring_prev = kNone;
    uint32_t ring_next = kNone;
    // Weighted fair queueing.
    uint32_t heap_index = kNone;
    uint64_t start_tag = 0;
    uint64_t finish_tag = 0;
  };

  // One priority value with streams that have data; round robin within it.
  struct Level {
    uint16_t key = 0;
    uint32_t cursor = kNone;  // the stream served next at this level
  };

  // Doubly linked lists of slots through list_prev/list_next.
  struct List {
    uint32_t head = kNone;
    uint32_t tail = kNone;
  };

  MessageHandle HandleOf(uint32_t slot) const noexcept;
  // The slot of a live (not finished) message, or nullptr.
  const Slot* Lookup(MessageHandle handle) const noexcept;
  uint32_t SlotIndexOf(MessageHandle handle) const noexcept;

  std::optional<uint32_t> AllocateRing(uint32_t length) const noexcept;
  void Finish(uint32_t slot) noexcept;
  void Reclaim() noexcept;

  void ListPushBack(List& list, uint32_t slot) noexcept;
  void ListInsertBefore(List& list, uint32_t before, uint32_t slot) noexcept;
  void ListRemove(List& list, uint32_t slot) noexcept;

  // Removes the head of stream `s`'s FIFO and tells the scheduler.
  uint32_t PopStreamHead(uint32_t s, bool served) noexcept;
  uint32_t StartNextMessage() noexcept;
  std::optional<TakenMessage> Take(uint32_t slot,
                                   std::span<uint8_t> buffer) noexcept;

  // The scheduler structures (all but FCFS, whose order is unsent_).
  void SchedulerAdd(uint32_t s) noexcept;     // stream got data
  void SchedulerRemove(uint32_t s) noexcept;  // stream lost data unserved
  // Stream `s` (the one picked) had its head message started; `has_more`
  // says whether it still has queued messages.
  void SchedulerServed(uint32_t s, bool has_more) noexcept;
  void SchedulerHeadChanged(uint32_t s) noexcept;  // head taken unserved
  uint32_t SchedulerPick() const noexcept;
  void SchedulerRebuild() noexcept;

  uint16_t LevelKeyOf(uint32_t s) const noexcept;
  size_t FindLevel(uint16_t key) const noexcept;  // lower bound
  void RingInsert(uint32_t s) noexcept;
  void RingRemove(uint32_t s) noexcept;

  uint64_t Cost(uint32_t s) const noexcept;  // head length / weight
  bool HeapLess(uint32_t a, uint32_t b) const noexcept;
  void HeapSwap(uint32_t i, uint32_t j) noexcept;
  void HeapUp(uint32_t i) noexcept;
  void HeapDown(uint32_t i) noexcept;
  void HeapPush(uint32_t s) noexcept;
  void HeapErase(uint32_t s) noexcept;

  // Bytes.
  std::unique_ptr<uint8_t[]> ring_;
  uint32_t byte_capacity_ = 0;
  uint32_t ring_begin_ = 0;  // where the oldest unreclaimed message starts
  uint32_t ring_end_ = 0;    // where the newest ends (0 at the ring's end)

  // Message records.
  std::unique_ptr<Slot[]> slots_;
  uint32_t message_capacity_ = 0;
  std::unique_ptr<uint32_t[]> free_slots_;  // a stack
  uint32_t free_count_ = 0;
  std::unique_ptr<uint32_t[]> allocation_order_;  // a ring of slots
  uint32_t allocation_head_ = 0;
  uint32_t allocation_count_ = 0;
  uint64_t next_arrival_ = 0;

  List unsent_;               // kQueued, arrival order: FCFS and TakeUnsent
  List stranded_;             // kStranded, arrival order
  List in_flight_;            // kInFlight, order of first fragment
  uint32_t current_ = kNone;  // the message being produced

  // Streams and schedulers.
  std::unique_ptr<Stream[]> streams_;
  uint16_t max_streams_ = 0;
  uint16_t stream_count_ = 0;
  SchedulerKind scheduler_ = SchedulerKind::kFcfs;
  std::unique_ptr<Level[]> levels_;  // sorted by key
  uint32_t level_count_ = 0;
  std::unique_ptr<uint32_t[]> heap_;  // streams, smallest finish tag first
  uint32_t heap_size_ = 0;
  uint64_t virtual_time_ = 0;

  uint64_t unsent_bytes_ = 0;
  size_t messages_held_ = 0;
  uint32_t bytes_held_ = 0;
};

std::string_view ToString(SendQueue::EnqueueResult result) noexcept;

}  // namespace dpsctp::tx

#endif  // DPSCTP_TX_SEND_QUEUE_H_
