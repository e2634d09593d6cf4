// RFC 9260 §6.5, §6.6, §6.9: https://www.rfc-editor.org/rfc/rfc9260#section-6.9
//
// DATA chunk flags (§3.3.1), the bits this file reads:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |   Type = 0    |  Res  |I|U|B|E|            Length             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                              TSN                              |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      Stream Identifier S      |   Stream Sequence Number n    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  Payload Protocol Identifier                  |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//   B E
//   1 0  first piece of a fragmented user message
//   0 0  middle piece
//   0 1  last piece
//   1 1  unfragmented message
#include "rx/reassembly_queue.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

#include "common/serial.h"

namespace dpsctp::rx {
namespace {

// Pools larger than this are a configuration error (index arithmetic stays
// far from the kNone sentinel).
constexpr uint32_t kMaxFragmentsLimit = uint32_t{1} << 28;
constexpr uint32_t kMinBuckets = 16;

uint32_t BucketCountFor(uint32_t max_fragments) noexcept {
  // Twice the pool, a power of two: held TSNs are mostly consecutive, so
  // `tsn & mask` rarely collides.
  uint32_t n = kMinBuckets;
  while (n < max_fragments * 2) n <<= 1;
  return n;
}

// Whether a held fragment and a new chunk next to it in TSN space can be
// pieces of one message (§6.9: "The transmitter assigns the same Stream
// Sequence Number to each of the DATA chunks in the series. If the user
// indicates that the user message is to be delivered using unordered
// delivery, then the U flag of each DATA chunk of the user message MUST be
// set to 1.").
bool SameMessage(const MessageInfo& held, const DataChunkMeta& chunk) noexcept {
  if (held.stream_id != chunk.stream_id) return false;
  if (held.unordered != chunk.unordered) return false;
  // §6.6: for unordered chunks "the receiver MUST ignore the field".
  return chunk.unordered || held.ssn == chunk.ssn;
}

}  // namespace

bool ReassemblyQueue::Init(uint16_t max_streams, uint32_t max_fragments,
                           uint32_t max_bytes,
                           uint32_t max_message_size) noexcept {
  slots_.reset();
  buckets_.reset();
  streams_.reset();
  max_fragments_ = 0;
  max_streams_ = 0;
  stream_count_ = 0;
  if (max_streams == 0 || max_fragments == 0 || max_bytes == 0 ||
      max_message_size == 0 || max_fragments > kMaxFragmentsLimit) {
    return false;
  }
  const uint32_t bucket_count = BucketCountFor(max_fragments);
  slots_.reset(new (std::nothrow) Fragment[max_fragments]);
  buckets_.reset(new (std::nothrow) uint32_t[bucket_count]);
  streams_.reset(new (std::nothrow) StreamState[max_streams]);
  if (!slots_ || !buckets_ || !streams_) {
    slots_.reset();
    buckets_.reset();
    streams_.reset();
    return false;
  }
  max_fragments_ = max_fragments;
  bucket_mask_ = bucket_count - 1;
  max_bytes_ = max_bytes;
  max_message_size_ = max_message_size;
  max_streams_ = max_streams;
  Reset(max_streams);
  return true;
}

void ReassemblyQueue::Reset(uint16_t stream_count) noexcept {
  Clear();
  stream_count_ = std::min(stream_count, max_streams_);
  for (uint32_t s = 0; s < max_streams_; ++s) streams_[s] = StreamState{};
  peer_initial_tsn_.reset();
}

void ReassemblyQueue::Reset(uint16_t stream_count,
                            Tsn peer_initial_tsn) noexcept {
  Reset(stream_count);
  peer_initial_tsn_ = peer_initial_tsn;
}

void ReassemblyQueue::Clear() noexcept {
  if (!slots_) return;
  for (uint32_t i = 0; i < max_fragments_; ++i) {
    Fragment& f = slots_[i];
    f.payload = buf::Slice{};  // releases the reference, if held
    f.flags = 0;
    f.next = i + 1 < max_fragments_ ? i + 1 : kNone;
    f.hash_next = kNone;
    f.message_next = kNone;
    f.run_end = kNone;
  }
  free_head_ = 0;
  std::fill(buckets_.get(), buckets_.get() + bucket_mask_ + 1, kNone);
  for (uint32_t s = 0; s < max_streams_; ++s) {
    streams_[s].pending_head = kNone;
    streams_[s].pending_tail = kNone;
  }
  fragment_count_ = 0;
  buffered_bytes_ = 0;
  ready_head_ = kNone;
  ready_tail_ = kNone;
  unannounced_head_ = kNone;
  ready_count_ = 0;
}

uint32_t ReassemblyQueue::Find(Tsn tsn) const noexcept {
  for (uint32_t i = buckets_[tsn.value() & bucket_mask_]; i != kNone;
       i = slots_[i].hash_next) {
    if (slots_[i].tsn() == tsn) return i;
  }
  return kNone;
}

void ReassemblyQueue::HashInsert(uint32_t index) noexcept {
  uint32_t& bucket = buckets_[slots_[index].tsn().value() & bucket_mask_];
  slots_[index].hash_next = bucket;
  bucket = index;
}

void ReassemblyQueue::HashRemove(uint32_t index) noexcept {
  uint32_t* link = &buckets_[slots_[index].tsn().value() & bucket_mask_];
  while (*link != index) link = &slots_[*link].hash_next;
  *link = slots_[index].hash_next;
  slots_[index].hash_next = kNone;
}

void ReassemblyQueue::ReleaseSlot(uint32_t index) noexcept {
  Fragment& f = slots_[index];
  HashRemove(index);
  buffered_bytes_ -= f.payload.length;
  --fragment_count_;
  f.payload = buf::Slice{};
  f.flags = 0;
  f.run_end = kNone;
  f.message_next = kNone;
  f.next = free_head_;
  free_head_ = index;
}

void ReassemblyQueue::DropRun(uint32_t first) noexcept {
  for (uint32_t i = first; i != kNone;) {
    const uint32_t next = slots_[i].next;
    ReleaseSlot(i);
    i = next;
  }
}

ReassemblyQueue::AddResult ReassemblyQueue::Add(const DataChunkMeta& chunk,
                                                buf::Slice&& payload) noexcept {
  // Owned here from now on: any early return releases it.
  buf::Slice held = std::move(payload);
  if (!slots_) return AddResult::kNoSpace;
  // §6.5: an invalid stream is the caller's to report (ERROR chunk); here
  // it only must not index past the stream table.
  if (chunk.stream_id.value() >= stream_count_) return AddResult::kMalformed;
  const StreamState& stream = streams_[chunk.stream_id.value()];
  // §6.6: "Within a stream, an endpoint MUST deliver DATA chunks received
  // with the U flag set to 0 to the upper layer according to the order of
  // their Stream Sequence Number." An SSN before the next expected one was
  // delivered already: this chunk cannot belong to anything held.
  if (!chunk.unordered && IdLess(chunk.ssn, stream.next_ssn)) {
    return AddResult::kMalformed;
  }
  // DataTracker removes duplicates; one slipping through would corrupt the
  // run links, so it is refused here too.
  if (Find(chunk.tsn) != kNone) return AddResult::kMalformed;
  // Nothing precedes the peer's first TSN, so it must begin a message.
  if (!chunk.beginning && peer_initial_tsn_ == chunk.tsn) {
    return AddResult::kMalformed;
  }

  // §6.9: "assign, in sequence, a separate TSN to each of the DATA chunks
  // in the series" and "set the B/E bits of the first DATA chunk in the
  // series to 10, the B/E bits of the last DATA chunk in the series to 01,
  // and the B/E bits of all other DATA chunks in the series to 00". So the
  // held TSN just before must end a message exactly when this one begins
  // one, and the held TSN just after must begin one exactly when this one
  // ends one; otherwise both are pieces of the same message.
  const uint32_t prev = Find(Tsn(chunk.tsn.value() - 1));
  const uint32_t succ = Find(Tsn(chunk.tsn.value() + 1));
  bool join_prev = false;
  bool join_succ = false;
  if (prev != kNone) {
    const Fragment& p = slots_[prev];
    if (p.ending() != chunk.beginning) return AddResult::kMalformed;
    join_prev = !chunk.beginning;
    if (join_prev && !SameMessage(p.info, chunk)) return AddResult::kMalformed;
  }
  if (succ != kNone) {
    const Fragment& s = slots_[succ];
    if (chunk.ending != s.beginning()) return AddResult::kMalformed;
    join_succ = !chunk.ending;
    if (join_succ && !SameMessage(s.info, chunk)) return AddResult::kMalformed;
  }

  // The run this chunk completes or extends: prev is the last fragment of
  // its run and succ the first of its own, so both other ends are at hand.
  const uint32_t run_first = join_prev ? slots_[prev].run_end : kNone;
  const uint32_t run_last = join_succ ? slots_[succ].run_end : kNone;
  uint64_t run_bytes = held.length;
  uint32_t run_fragments = 1;
  if (join_prev) {
    run_bytes += slots_[run_first].info.length;
    run_fragments += slots_[run_first].info.fragment_count;
  }
  if (join_succ) {
    run_bytes += slots_[succ].info.length;
    run_fragments += slots_[succ].info.fragment_count;
  }
  if (run_bytes > max_message_size_) {
    // The message can never be delivered: free what was held of it now.
    if (join_prev) DropRun(run_first);
    if (join_succ) DropRun(succ);
    return AddResult::kMessageTooLarge;
  }
  if (free_head_ == kNone ||
      uint64_t{buffered_bytes_} + held.length > max_bytes_) {
    return AddResult::kNoSpace;
  }

  const uint32_t index = free_head_;
  Fragment& f = slots_[index];
  free_head_ = f.next;
  const uint32_t length = held.length;
  f.payload = std::move(held);
  f.info = MessageInfo{chunk.stream_id, chunk.ssn, chunk.ppid,
                       chunk.unordered, length, 1, chunk.tsn};
  f.flags = static_cast<uint8_t>(kInUse | (chunk.beginning ? kBeginning : 0) |
                                 (chunk.ending ? kEnding : 0));
  f.next = join_succ ? succ : kNone;
  f.message_next = kNone;
  HashInsert(index);
  ++fragment_count_;
  buffered_bytes_ += length;

  if (join_prev) slots_[prev].next = index;
  const uint32_t first = join_prev ? run_first : index;
  const uint32_t last = join_succ ? run_last : index;
  slots_[first].run_end = last;
  slots_[last].run_end = first;
  slots_[first].info.length = static_cast<uint32_t>(run_bytes);
  slots_[first].info.fragment_count = run_fragments;

  if (slots_[first].beginning() && slots_[last].ending()) {
    return OnMessageComplete(first);
  }
  return AddResult::kOk;
}

ReassemblyQueue::AddResult ReassemblyQueue::OnMessageComplete(
    uint32_t head) noexcept {
  const MessageInfo& info = slots_[head].info;
  // §6.6: "When an endpoint receives a DATA chunk with the U flag set to 1,
  // it bypasses the ordering mechanism and immediately deliver the data to
  // the upper layer (after reassembly if the user data is fragmented by the
  // data sender)."
  if (info.unordered) {
    PushReady(head);
    return AddResult::kOk;
  }
  StreamState& stream = streams_[info.stream_id.value()];
  if (info.ssn == stream.next_ssn) {
    // The fast path: in order. Then whatever waited for it.
    PushReady(head);
    stream.next_ssn = Ssn(static_cast<uint16_t>(stream.next_ssn.value() + 1));
    while (stream.pending_head != kNone &&
           slots_[stream.pending_head].info.ssn == stream.next_ssn) {
      const uint32_t m = stream.pending_head;
      stream.pending_head = slots_[m].message_next;
      if (stream.pending_head == kNone) stream.pending_tail = kNone;
      PushReady(m);
      stream.next_ssn =
          Ssn(static_cast<uint16_t>(stream.next_ssn.value() + 1));
    }
    return AddResult::kOk;
  }
  // §6.6: "If DATA chunks arrive out of order of their Stream Sequence
  // Number, the endpoint MUST hold the received DATA chunks from delivery
  // to the ULP until they are reordered." Waiting messages are kept sorted
  // by their distance ahead of next_ssn (serial arithmetic, so the SSN may
  // wrap); messages usually complete in SSN order, so the tail is checked
  // first.
  const auto ahead = [&](uint32_t m) noexcept {
    return static_cast<uint16_t>(slots_[m].info.ssn.value() -
                                 stream.next_ssn.value());
  };
  const uint16_t distance = ahead(head);
  slots_[head].message_next = kNone;
  if (stream.pending_tail == kNone) {
    stream.pending_head = head;
    stream.pending_tail = head;
    return AddResult::kOk;
  }
  if (distance > ahead(stream.pending_tail)) {
    slots_[stream.pending_tail].message_next = head;
    stream.pending_tail = head;
    return AddResult::kOk;
  }
  uint32_t* link = &stream.pending_head;
  while (ahead(*link) < distance) link = &slots_[*link].message_next;
  if (ahead(*link) == distance) {
    // A second complete message with an SSN already held: it contradicts
    // the first. Drop it whole rather than keep an undeliverable copy.
    DropRun(head);
    return AddResult::kMalformed;
  }
  slots_[head].message_next = *link;
  *link = head;
  return AddResult::kOk;
}

void ReassemblyQueue::PushReady(uint32_t head) noexcept {
  slots_[head].message_next = kNone;
  if (ready_tail_ == kNone) {
    ready_head_ = head;
  } else {
    slots_[ready_tail_].message_next = head;
  }
  ready_tail_ = head;
  if (unannounced_head_ == kNone) unannounced_head_ = head;
  ++ready_count_;
}

void ReassemblyQueue::ReleaseReadyHead() noexcept {
  const uint32_t head = ready_head_;
  ready_head_ = slots_[head].message_next;
  if (unannounced_head_ == head) unannounced_head_ = ready_head_;
  if (ready_head_ == kNone) ready_tail_ = kNone;
  --ready_count_;
  DropRun(head);
}

const MessageInfo* ReassemblyQueue::PeekReady() const noexcept {
  return ready_head_ == kNone ? nullptr : &slots_[ready_head_].info;
}

std::optional<MessageInfo> ReassemblyQueue::PopReadyInto(
    std::span<uint8_t> buffer, size_t* copied) noexcept {
  size_t offset = 0;
  std::optional<MessageInfo> info =
      PopReady([&](std::span<const uint8_t> bytes) noexcept {
        const size_t n = std::min(bytes.size(), buffer.size() - offset);
        if (n > 0) std::memcpy(buffer.data() + offset, bytes.data(), n);
        offset += n;
      });
  if (copied != nullptr) *copied = offset;
  return info;
}

Ssn ReassemblyQueue::next_ssn(StreamId stream_id) const noexcept {
  if (stream_id.value() >= stream_count_) return Ssn(0);
  return streams_[stream_id.value()].next_ssn;
}

bool ReassemblyQueue::Stalled(uint32_t room_bytes) const noexcept {
  if (ready_count_ > 0 || fragment_count_ == 0) return false;
  return free_head_ == kNone || max_bytes_ - buffered_bytes_ < room_bytes;
}

bool ReassemblyQueue::IsConsistent() const noexcept {
  if (!slots_) return fragment_count_ == 0 && ready_count_ == 0;
  // Slots: in use ones are hashed and counted; the rest are on the free
  // list.
  uint32_t used = 0;
  uint64_t bytes = 0;
  for (uint32_t i = 0; i < max_fragments_; ++i) {
    const Fragment& f = slots_[i];
    if ((f.flags & kInUse) == 0) continue;
    ++used;
    bytes += f.payload.length;
    if (Find(f.tsn()) != i) return false;
  }
  if (used != fragment_count_ || bytes != buffered_bytes_) return false;
  uint32_t free_count = 0;
  for (uint32_t i = free_head_; i != kNone; i = slots_[i].next) {
    if ((slots_[i].flags & kInUse) != 0 || ++free_count > max_fragments_) {
      return false;
    }
  }
  if (free_count + used != max_fragments_) return false;
  // Runs: consecutive TSNs, ends pointing at each other, totals at the
  // head, complete exactly when on a delivery list.
  for (uint32_t i = 0; i < max_fragments_; ++i) {
    const Fragment& f = slots_[i];
    if ((f.flags & kInUse) == 0) continue;
    const uint32_t before = Find(Tsn(f.tsn().value() - 1));
    if (before != kNone && slots_[before].next == i) continue;  // not a head
    uint32_t last = i;
    uint64_t run_bytes = f.payload.length;
    uint32_t run_fragments = 1;
    while (slots_[last].next != kNone) {
      const uint32_t n = slots_[last].next;
      if (slots_[n].tsn().value() != slots_[last].tsn().value() + 1) {
        return false;
      }
      if (slots_[last].ending() || slots_[n].beginning()) return false;
      run_bytes += slots_[n].payload.length;
      ++run_fragments;
      if (run_fragments > used) return false;
      last = n;
    }
    if (f.run_end != last || slots_[last].run_end != i) return false;
    if (f.info.length != run_bytes || f.info.fragment_count != run_fragments) {
      return false;
    }
  }
  // Delivery lists hold complete messages only.
  const auto complete = [&](uint32_t head) noexcept {
    const uint32_t last = slots_[head].run_end;
    return (slots_[head].flags & kInUse) != 0 && slots_[head].beginning() &&
           last != kNone && slots_[last].ending();
  };
  size_t ready = 0;
  for (uint32_t m = ready_head_; m != kNone; m = slots_[m].message_next) {
    if (!complete(m) || ++ready > used) return false;
    if (slots_[m].message_next == kNone && m != ready_tail_) return false;
  }
  if (ready != ready_count_) return false;
  // The unannounced messages are a suffix of the ready list.
  if (unannounced_head_ != kNone) {
    bool found = false;
    for (uint32_t m = ready_head_; m != kNone && !found;
         m = slots_[m].message_next) {
      found = m == unannounced_head_;
    }
    if (!found) return false;
  }
  for (uint32_t s = 0; s < max_streams_; ++s) {
    const StreamState& stream = streams_[s];
    if (s >= stream_count_ && stream.pending_head != kNone) return false;
    uint32_t previous_distance = 0;
    uint32_t count = 0;
    for (uint32_t m = stream.pending_head; m != kNone;
         m = slots_[m].message_next) {
      const MessageInfo& info = slots_[m].info;
      const uint32_t distance = static_cast<uint16_t>(
          info.ssn.value() - stream.next_ssn.value());
      if (!complete(m) || info.unordered || info.stream_id.value() != s ||
          distance <= previous_distance || ++count > used) {
        return false;
      }
      if (slots_[m].message_next == kNone && m != stream.pending_tail) {
        return false;
      }
      previous_distance = distance;
    }
  }
  return true;
}

}  // namespace dpsctp::rx
