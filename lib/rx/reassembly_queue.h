// ReassemblyQueue: the receiver's DATA payload between arrival and delivery
// to the upper layer (RFC 9260 §6.5, §6.6, §6.9). It reassembles fragmented
// messages, holds ordered messages until every earlier SSN of their stream
// was delivered, and hands out complete messages across streams in the order
// they became deliverable.
//
// It owns the payload references: each DATA chunk's bytes stay in the packet
// buffer they arrived in (ARCHITECTURE.md step 6) and the queue keeps one
// buf::Slice per chunk until the message is popped or the queue is cleared.
//
// Fixed capacity, no allocation after Init: a pool of fragment slots with
// intrusive links, a TSN hash over the held fragments (neighbours are found
// without a search, in any arrival order) and one small record per inbound
// stream. Fragments of one message carry consecutive TSNs (§6.9), so a
// message is a run of held TSNs from a B fragment to an E fragment; every
// run knows its two ends, and joining a chunk to its neighbours is O(1).
//
// Input is expected de-duplicated and windowed by DataTracker, but nothing a
// peer sends can make the queue crash, leak or grow: contradictions are
// rejected and everything held counts against max_fragments and max_bytes.
// One shard, no locking; not reentrant (a PopReady visitor must not call
// back into the queue).
#ifndef DPSCTP_RX_REASSEMBLY_QUEUE_H_
#define DPSCTP_RX_REASSEMBLY_QUEUE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "buf/buf_ref.h"
#include "common/types.h"

namespace dpsctp::rx {

// What the DATA chunk header says about one chunk (§3.3.1).
struct DataChunkMeta {
  Tsn tsn;
  StreamId stream_id;
  Ssn ssn;
  Ppid ppid;
  bool beginning = false;  // B bit
  bool ending = false;     // E bit
  bool unordered = false;  // U bit
};

// One complete message. `ppid` is the first fragment's; `ssn` is
// meaningless for unordered messages (§6.6: "the receiver MUST ignore the
// field"). `first_tsn` is the TSN of the B fragment.
struct MessageInfo {
  StreamId stream_id;
  Ssn ssn;
  Ppid ppid;
  bool unordered = false;
  uint32_t length = 0;          // payload bytes
  uint32_t fragment_count = 0;  // DATA chunks
  Tsn first_tsn;
};

class ReassemblyQueue {
 public:
  enum class AddResult : uint8_t {
    kOk,
    kNoSpace,          // no fragment slot or bytes left: the caller drops
                       // the chunk unacknowledged
    kMessageTooLarge,  // the message being assembled exceeds
                       // max_message_size; what was held of it is dropped
    kMalformed,        // contradicts what is held (B/E flags, stream, U or
                       // SSN inconsistent with a TSN neighbour; an ordered
                       // SSN already delivered; a TSN already held; a stream
                       // id at or above stream_count): the caller counts and
                       // drops
  };

  static constexpr const char* ToString(AddResult r) noexcept {
    switch (r) {
      case AddResult::kOk:
        return "ok";
      case AddResult::kNoSpace:
        return "no-space";
      case AddResult::kMessageTooLarge:
        return "message-too-large";
      case AddResult::kMalformed:
        return "malformed";
    }
    return "?";
  }

  ReassemblyQueue() noexcept = default;
  ReassemblyQueue(const ReassemblyQueue&) = delete;
  ReassemblyQueue& operator=(const ReassemblyQueue&) = delete;
  ~ReassemblyQueue() = default;  // the pool's Slices release themselves

  // Allocates the pools. `max_streams`: inbound streams at most (one record
  // each). `max_fragments`: payload pieces held at once. `max_bytes`:
  // payload bytes held at once (the receive buffer). `max_message_size`: the
  // largest message accepted. False if a limit is zero or too large, or on
  // allocation failure (the queue is then unusable: Add says kNoSpace). May
  // be called again; it drops everything held. Ends with Reset(max_streams).
  [[nodiscard]] bool Init(uint16_t max_streams, uint32_t max_fragments,
                          uint32_t max_bytes,
                          uint32_t max_message_size) noexcept;

  // A new association: releases everything, `stream_count` inbound streams
  // (clamped to max_streams), each expecting SSN 0 (§6.5: "The Stream
  // Sequence Number in all the outgoing streams MUST start from 0").
  void Reset(uint16_t stream_count) noexcept;
  // As above, also knowing the peer's Initial TSN: a first chunk without the
  // B bit is then recognised as malformed (nothing can precede it).
  void Reset(uint16_t stream_count, Tsn peer_initial_tsn) noexcept;

  // Takes `payload` on kOk; on any other result the Slice is released
  // before returning. The caller has already rejected duplicates and TSNs
  // outside the receive window (DataTracker).
  AddResult Add(const DataChunkMeta& chunk, buf::Slice&& payload) noexcept;

  // Complete, deliverable messages: an ordered one once every earlier SSN of
  // its stream was delivered (§6.6), an unordered one as soon as complete.
  // Across streams in the order they became deliverable, so one stream's
  // gap never blocks another stream.
  size_t ready_count() const noexcept { return ready_count_; }
  // The next message PopReady returns, or nullptr. Valid until the next
  // non-const call.
  const MessageInfo* PeekReady() const noexcept;

  // Pops the next ready message: calls visit(std::span<const uint8_t>) once
  // per fragment in TSN order, then releases the message's Slices. The spans
  // are valid only during the call; `visit` must not call into this queue.
  template <typename Visit>
  std::optional<MessageInfo> PopReady(Visit&& visit) noexcept {
    if (ready_head_ == kNone) return std::nullopt;
    const MessageInfo info = slots_[ready_head_].info;
    for (uint32_t i = ready_head_; i != kNone; i = slots_[i].next) {
      visit(slots_[i].payload.bytes());
    }
    ReleaseReadyHead();
    return info;
  }
  // Calls visit(const MessageInfo&) once for each message that became ready
  // since the previous call (and is not popped yet), oldest first: one DATA
  // ARRIVE notification per message (§10.2 B). `visit` must not call into
  // this queue.
  template <typename Visit>
  void AnnounceNewReady(Visit&& visit) noexcept {
    for (uint32_t m = unannounced_head_; m != kNone;
         m = slots_[m].message_next) {
      visit(static_cast<const MessageInfo&>(slots_[m].info));
    }
    unannounced_head_ = kNone;
  }

  // Copies the next ready message into `buffer` (truncated to its size) and
  // pops it. `*copied` (if not null) gets the bytes copied; the message's
  // full length is in the returned info.
  std::optional<MessageInfo> PopReadyInto(std::span<uint8_t> buffer,
                                          size_t* copied) noexcept;

  // Payload held, ready or not (the receive buffer use, for a_rwnd).
  uint32_t buffered_bytes() const noexcept { return buffered_bytes_; }
  uint32_t fragment_count() const noexcept { return fragment_count_; }
  uint16_t stream_count() const noexcept { return stream_count_; }
  // The SSN the stream's next ordered message must carry (0 for an unknown
  // stream).
  Ssn next_ssn(StreamId stream_id) const noexcept;

  // True when nothing can be delivered without more room: no message is
  // ready and every slot, or every byte, is taken by messages that are
  // incomplete or blocked behind an incomplete one. The association then
  // reports Out of Resource instead of deadlocking.
  bool Stalled() const noexcept { return Stalled(1); }
  // As above, counting the queue as full when fewer than `room_bytes` bytes
  // are free (e.g. one PMTU's worth of payload: a retransmission that would
  // complete a message cannot fit in less).
  bool Stalled(uint32_t room_bytes) const noexcept;

  // Releases every held payload. Stream sequence state is kept (Reset
  // starts a new association).
  void Clear() noexcept;

  // Walks every structure and checks the counters and links agree (tests
  // and debug builds; O(held + streams)).
  bool IsConsistent() const noexcept;

 private:
  static constexpr uint32_t kNone = UINT32_MAX;

  enum Flag : uint8_t {
    kInUse = 1,
    kBeginning = 2,
    kEnding = 4,
  };

  // One held DATA chunk. `info` holds the chunk's own metadata (first_tsn is
  // the chunk's TSN); at the first fragment of a run, length and
  // fragment_count are the run's totals, so a complete message's head holds
  // its MessageInfo.
  struct Fragment {
    buf::Slice payload;
    MessageInfo info;
    uint32_t next = kNone;          // next fragment of the run (TSN + 1);
                                    // free-list link when unused
    uint32_t run_end = kNone;       // at either end of a run: the other end
    uint32_t hash_next = kNone;     // TSN hash bucket chain
    uint32_t message_next = kNone;  // at a message head: ready or pending
                                    // list link
    uint8_t flags = 0;

    Tsn tsn() const noexcept { return info.first_tsn; }
    bool beginning() const noexcept { return (flags & kBeginning) != 0; }
    bool ending() const noexcept { return (flags & kEnding) != 0; }
  };

  // Per inbound stream: the next SSN to deliver and the complete ordered
  // messages waiting for it, sorted by SSN (linked by message_next).
  struct StreamState {
    Ssn next_ssn;
    uint32_t pending_head = kNone;
    uint32_t pending_tail = kNone;
  };

  uint32_t Find(Tsn tsn) const noexcept;
  void HashInsert(uint32_t index) noexcept;
  void HashRemove(uint32_t index) noexcept;
  void ReleaseSlot(uint32_t index) noexcept;
  void DropRun(uint32_t first) noexcept;
  AddResult OnMessageComplete(uint32_t head) noexcept;
  void PushReady(uint32_t head) noexcept;
  void ReleaseReadyHead() noexcept;

  std::unique_ptr<Fragment[]> slots_;
  std::unique_ptr<uint32_t[]> buckets_;
  std::unique_ptr<StreamState[]> streams_;
  uint32_t max_fragments_ = 0;
  uint32_t bucket_mask_ = 0;
  uint32_t max_bytes_ = 0;
  uint32_t max_message_size_ = 0;
  uint16_t max_streams_ = 0;
  uint16_t stream_count_ = 0;

  uint32_t free_head_ = kNone;
  uint32_t fragment_count_ = 0;
  uint32_t buffered_bytes_ = 0;
  uint32_t ready_head_ = kNone;
  uint32_t ready_tail_ = kNone;
  uint32_t unannounced_head_ = kNone;  // first ready message not announced
  size_t ready_count_ = 0;
  std::optional<Tsn> peer_initial_tsn_;
};

}  // namespace dpsctp::rx

#endif  // DPSCTP_RX_REASSEMBLY_QUEUE_H_
