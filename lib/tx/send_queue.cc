// RFC 9260 §6.5 (Stream Sequence Numbers), §6.9 (fragmentation), §11.1.14
// and §11.1.15 (returning unsent and unacknowledged messages); RFC 8260 §3
// (stream schedulers).
#include "tx/send_queue.h"

#include <algorithm>
#include <cstring>

#include "common/check.h"

namespace dpsctp::tx {
namespace {

constexpr uint32_t kIndexBits = 20;
constexpr uint32_t kIndexMask = (uint32_t{1} << kIndexBits) - 1;
constexpr uint16_t kGenerationMask = 0xfff;  // the 12 bits above the index
static_assert(SendQueue::kMaxMessageCapacity == kIndexMask + 1);

// Weighted fair queueing tags are bytes scaled by 2^16 over the weight, so
// that a one-byte message at weight 65535 still costs at least 1.
constexpr int kCostShift = 16;

// Virtual time only grows and every tag in use lies within one maximum
// message cost of it, so tags compare as serial numbers (RFC 1982) and may
// wrap.
bool TagLess(uint64_t a, uint64_t b) noexcept {
  return static_cast<int64_t>(a - b) < 0;
}

}  // namespace

std::string_view SchedulerName(SchedulerKind kind) noexcept {
  switch (kind) {
    case SchedulerKind::kFcfs:
      return "fcfs";
    case SchedulerKind::kRoundRobin:
      return "rr";
    case SchedulerKind::kPriority:
      return "priority";
    case SchedulerKind::kWeightedFair:
      return "wfq";
  }
  return "?";
}

std::optional<SchedulerKind> ParseSchedulerName(
    std::string_view name) noexcept {
  for (SchedulerKind kind :
       {SchedulerKind::kFcfs, SchedulerKind::kRoundRobin,
        SchedulerKind::kPriority, SchedulerKind::kWeightedFair}) {
    if (SchedulerName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view ToString(SendQueue::EnqueueResult result) noexcept {
  switch (result) {
    case SendQueue::EnqueueResult::kOk:
      return "ok";
    case SendQueue::EnqueueResult::kNoSpace:
      return "no-space";
    case SendQueue::EnqueueResult::kTooLarge:
      return "too-large";
    case SendQueue::EnqueueResult::kInvalidStream:
      return "invalid-stream";
    case SendQueue::EnqueueResult::kEmpty:
      return "empty";
  }
  return "?";
}

bool SendQueue::Init(uint32_t byte_capacity, uint32_t message_capacity,
                     uint16_t max_streams) noexcept {
  if (byte_capacity == 0 || message_capacity == 0 ||
      message_capacity > kMaxMessageCapacity || max_streams == 0) {
    return false;
  }
  ring_.reset(new uint8_t[byte_capacity]);
  byte_capacity_ = byte_capacity;
  slots_.reset(new Slot[message_capacity]);
  free_slots_.reset(new uint32_t[message_capacity]);
  allocation_order_.reset(new uint32_t[message_capacity]);
  message_capacity_ = message_capacity;
  streams_.reset(new Stream[max_streams]);
  levels_.reset(new Level[max_streams]);
  heap_.reset(new uint32_t[max_streams]);
  max_streams_ = max_streams;
  stream_count_ = 0;
  scheduler_ = SchedulerKind::kFcfs;
  Clear();
  return true;
}

void SendQueue::Clear() noexcept {
  for (uint32_t i = 0; i < message_capacity_; ++i) {
    Slot& slot = slots_[i];
    if (slot.state != SlotState::kFree && slot.state != SlotState::kFinished) {
      slot.generation = (slot.generation + 1) & kGenerationMask;
    }
    slot.state = SlotState::kFree;
    slot.stream_next = slot.list_prev = slot.list_next = kNone;
  }
  // Lowest slot first, which makes handles predictable in tests.
  free_count_ = 0;
  for (uint32_t i = message_capacity_; i > 0; --i) {
    free_slots_[free_count_++] = i - 1;
  }
  allocation_head_ = 0;
  allocation_count_ = 0;
  ring_begin_ = ring_end_ = 0;
  unsent_ = stranded_ = in_flight_ = List{};
  current_ = kNone;
  for (uint32_t s = 0; s < max_streams_; ++s) {
    Stream& st = streams_[s];
    st.head = st.tail = kNone;
    st.next_ssn = 0;
    st.scheduled = false;
    st.ring_prev = st.ring_next = st.heap_index = kNone;
    st.start_tag = st.finish_tag = 0;
  }
  level_count_ = 0;
  heap_size_ = 0;
  virtual_time_ = 0;
  unsent_bytes_ = 0;
  messages_held_ = 0;
  bytes_held_ = 0;
}

void SendQueue::SetStreamCount(uint16_t count) noexcept {
  count = std::min(count, max_streams_);
  if (count < stream_count_) {
    // Move unsent messages of the streams that go away to stranded_, merged
    // in arrival order, so that TakeUnsent can still return them oldest
    // first.
    uint32_t merge_at = stranded_.head;
    uint32_t m = unsent_.head;
    while (m != kNone) {
      const uint32_t next = slots_[m].list_next;
      Slot& slot = slots_[m];
      if (slot.stream >= count) {
        ListRemove(unsent_, m);
        while (merge_at != kNone && slots_[merge_at].arrival < slot.arrival) {
          merge_at = slots_[merge_at].list_next;
        }
        ListInsertBefore(stranded_, merge_at, m);
        slot.state = SlotState::kStranded;
        slot.stream_next = kNone;
        unsent_bytes_ -= slot.length;
      }
      m = next;
    }
    for (uint32_t s = count; s < stream_count_; ++s) {
      SchedulerRemove(s);
      streams_[s].head = streams_[s].tail = kNone;
    }
  }
  stream_count_ = count;
  for (uint32_t s = 0; s < max_streams_; ++s) streams_[s].next_ssn = 0;
  DPSCTP_DCHECK(IsConsistent());
}

void SendQueue::SetScheduler(SchedulerKind kind) noexcept {
  if (kind == scheduler_) return;
  scheduler_ = kind;
  SchedulerRebuild();
}

bool SendQueue::SetStreamPriority(StreamId id, uint16_t priority) noexcept {
  const uint32_t s = id.value();
  if (s >= max_streams_) return false;
  Stream& st = streams_[s];
  if (scheduler_ == SchedulerKind::kPriority && st.scheduled) {
    SchedulerRemove(s);
    st.priority = priority;
    SchedulerAdd(s);
  } else {
    st.priority = priority;
  }
  return true;
}

bool SendQueue::SetStreamWeight(StreamId id, uint16_t weight) noexcept {
  const uint32_t s = id.value();
  if (s >= max_streams_ || weight == 0) return false;
  Stream& st = streams_[s];
  st.weight = weight;
  if (scheduler_ == SchedulerKind::kWeightedFair && st.scheduled) {
    // The head keeps its start; only its cost changes.
    st.finish_tag = st.start_tag + Cost(s);
    HeapUp(st.heap_index);
    HeapDown(st.heap_index);
  }
  return true;
}

SendQueue::EnqueueResult SendQueue::Enqueue(
    StreamId stream_id, Ppid ppid, bool unordered,
    std::span<const uint8_t> message) noexcept {
  // RFC 9260 §6.5: "Every DATA chunk MUST carry a valid stream identifier."
  if (stream_id.value() >= stream_count_) return EnqueueResult::kInvalidStream;
  // RFC 9260 §3.3.1: a User Data field "of length L ... where L MUST be
  // greater than 0".
  if (message.empty()) return EnqueueResult::kEmpty;
  if (message.size() > byte_capacity_) return EnqueueResult::kTooLarge;
  if (free_count_ == 0) return EnqueueResult::kNoSpace;
  const auto length = static_cast<uint32_t>(message.size());
  const std::optional<uint32_t> offset = AllocateRing(length);
  if (!offset) return EnqueueResult::kNoSpace;
  if (allocation_count_ == 0) ring_begin_ = *offset;
  ring_end_ = *offset + length;
  if (ring_end_ == byte_capacity_) ring_end_ = 0;

  const uint32_t m = free_slots_[--free_count_];
  Slot& slot = slots_[m];
  slot.arrival = next_arrival_++;
  slot.ring_offset = *offset;
  slot.length = length;
  slot.produced = 0;
  slot.outstanding = 0;
  slot.stream_next = kNone;
  slot.ppid = ppid;
  slot.stream = stream_id.value();
  slot.ssn = Ssn(0);
  slot.state = SlotState::kQueued;
  slot.unordered = unordered;
  std::memcpy(ring_.get() + *offset, message.data(), length);
  allocation_order_[(allocation_head_ + allocation_count_) %
                    message_capacity_] = m;
  ++allocation_count_;

  Stream& st = streams_[slot.stream];
  const bool was_empty = st.head == kNone;
  if (was_empty) {
    st.head = m;
  } else {
    slots_[st.tail].stream_next = m;
  }
  st.tail = m;
  ListPushBack(unsent_, m);
  unsent_bytes_ += length;
  ++messages_held_;
  bytes_held_ += length;
  if (was_empty) SchedulerAdd(slot.stream);
  return EnqueueResult::kOk;
}

bool SendQueue::HasDataToSend() const noexcept {
  return current_ != kNone || unsent_.head != kNone;
}

std::optional<Fragment> SendQueue::Produce(size_t max_payload) noexcept {
  DPSCTP_DCHECK(max_payload >= 1);
  if (max_payload == 0) return std::nullopt;
  if (current_ == kNone) {
    current_ = StartNextMessage();
    if (current_ == kNone) return std::nullopt;
  }
  Slot& slot = slots_[current_];
  const size_t limit = std::min<size_t>(max_payload, 0xffff);
  const auto length = static_cast<uint16_t>(
      std::min<size_t>(slot.length - slot.produced, limit));
  Fragment fragment;
  fragment.message = HandleOf(current_);
  fragment.stream_id = StreamId(slot.stream);
  fragment.ssn = slot.ssn;
  fragment.ppid = slot.ppid;
  fragment.unordered = slot.unordered;
  fragment.beginning = slot.produced == 0;
  fragment.ending = slot.produced + length == slot.length;
  fragment.offset = slot.produced;
  fragment.length = length;
  fragment.payload = {ring_.get() + slot.ring_offset + slot.produced, length};
  slot.produced += length;
  ++slot.outstanding;
  unsent_bytes_ -= length;
  if (fragment.ending) current_ = kNone;
  return fragment;
}

size_t SendQueue::NextFragmentLength(size_t max_payload) const noexcept {
  uint32_t m = current_;
  if (m == kNone) {
    uint32_t s = kNone;
    if (scheduler_ == SchedulerKind::kFcfs) {
      if (unsent_.head != kNone) s = slots_[unsent_.head].stream;
    } else {
      s = SchedulerPick();
    }
    if (s == kNone) return 0;
    m = streams_[s].head;
    if (m == kNone) return 0;
  }
  const Slot& slot = slots_[m];
  return std::min<size_t>({slot.length - slot.produced, max_payload, 0xffff});
}

uint32_t SendQueue::StartNextMessage() noexcept {
  uint32_t s = kNone;
  if (scheduler_ == SchedulerKind::kFcfs) {
    if (unsent_.head != kNone) s = slots_[unsent_.head].stream;
  } else {
    s = SchedulerPick();
  }
  if (s == kNone) return kNone;
  const uint32_t m = PopStreamHead(s, /*served=*/true);
  Slot& slot = slots_[m];
  if (slot.unordered) {
    // RFC 9260 §6.5: "For unordered user messages, the Stream Sequence
    // Number MUST NOT be changed."
    slot.ssn = Ssn(0);
  } else {
    // RFC 9260 §6.5: "when the Stream Sequence Number reaches the value
    // 65535, the next Stream Sequence Number MUST be set to 0" (uint16_t).
    Stream& st = streams_[s];
    slot.ssn = Ssn(st.next_ssn);
    ++st.next_ssn;
  }
  slot.state = SlotState::kInFlight;
  ListRemove(unsent_, m);
  ListPushBack(in_flight_, m);
  return m;
}

uint32_t SendQueue::PopStreamHead(uint32_t s, bool served) noexcept {
  Stream& st = streams_[s];
  const uint32_t m = st.head;
  DPSCTP_CHECK(m != kNone);
  st.head = slots_[m].stream_next;
  if (st.head == kNone) st.tail = kNone;
  slots_[m].stream_next = kNone;
  const bool has_more = st.head != kNone;
  if (served) {
    SchedulerServed(s, has_more);
  } else if (has_more) {
    SchedulerHeadChanged(s);
  } else {
    SchedulerRemove(s);
  }
  return m;
}

std::span<const uint8_t> SendQueue::Payload(MessageHandle message,
                                            uint32_t offset,
                                            uint16_t length) const noexcept {
  const Slot* slot = Lookup(message);
  DPSCTP_DCHECK(slot != nullptr);
  if (slot == nullptr) return {};
  DPSCTP_DCHECK(uint64_t{offset} + length <= slot->length);
  if (uint64_t{offset} + length > slot->length) return {};
  return {ring_.get() + slot->ring_offset + offset, length};
}

void SendQueue::ReleaseFragment(MessageHandle message) noexcept {
  const uint32_t m = SlotIndexOf(message);
  const bool valid = m != kNone && slots_[m].state == SlotState::kInFlight &&
                     slots_[m].outstanding > 0;
  DPSCTP_DCHECK(valid);
  if (!valid) return;
  Slot& slot = slots_[m];
  --slot.outstanding;
  if (slot.outstanding == 0 && slot.produced == slot.length) {
    ListRemove(in_flight_, m);
    Finish(m);
  }
}

std::optional<TakenMessage> SendQueue::TakeUnsent(
    std::span<uint8_t> buffer) noexcept {
  uint32_t m = unsent_.head;
  if (stranded_.head != kNone &&
      (m == kNone || slots_[stranded_.head].arrival < slots_[m].arrival)) {
    m = stranded_.head;
  }
  if (m == kNone) return std::nullopt;
  Slot& slot = slots_[m];
  if (slot.state == SlotState::kQueued) {
    // The oldest unsent message is also the oldest of its stream.
    DPSCTP_DCHECK(streams_[slot.stream].head == m);
    PopStreamHead(slot.stream, /*served=*/false);
    ListRemove(unsent_, m);
    unsent_bytes_ -= slot.length;
  } else {
    ListRemove(stranded_, m);
  }
  return Take(m, buffer);
}

std::optional<TakenMessage> SendQueue::TakeUnacknowledged(
    std::span<uint8_t> buffer) noexcept {
  const uint32_t m = in_flight_.head;
  if (m == kNone) return std::nullopt;
  if (m == current_) {
    unsent_bytes_ -= slots_[m].length - slots_[m].produced;
    current_ = kNone;
  }
  ListRemove(in_flight_, m);
  return Take(m, buffer);
}

std::optional<TakenMessage> SendQueue::Take(
    uint32_t m, std::span<uint8_t> buffer) noexcept {
  const Slot& slot = slots_[m];
  TakenMessage taken;
  taken.stream_id = StreamId(slot.stream);
  taken.ppid = slot.ppid;
  taken.unordered = slot.unordered;
  taken.length = slot.length;
  taken.copied = std::min<size_t>(buffer.size(), slot.length);
  if (taken.copied > 0) {
    std::memcpy(buffer.data(), ring_.get() + slot.ring_offset, taken.copied);
  }
  Finish(m);
  return taken;
}

size_t SendQueue::DropStranded() noexcept {
  size_t dropped = 0;
  while (stranded_.head != kNone) {
    const uint32_t m = stranded_.head;
    ListRemove(stranded_, m);
    Take(m, {});
    ++dropped;
  }
  DPSCTP_DCHECK(IsConsistent());
  return dropped;
}

bool SendQueue::IsLive(MessageHandle message) const noexcept {
  return Lookup(message) != nullptr;
}

MessageHandle SendQueue::HandleOf(uint32_t slot) const noexcept {
  return (uint32_t{slots_[slot].generation} << kIndexBits) | slot;
}

uint32_t SendQueue::SlotIndexOf(MessageHandle handle) const noexcept {
  const uint32_t index = handle & kIndexMask;
  if (index >= message_capacity_) return kNone;
  const Slot& slot = slots_[index];
  if (slot.generation != (handle >> kIndexBits)) return kNone;
  if (slot.state == SlotState::kFree || slot.state == SlotState::kFinished) {
    return kNone;
  }
  return index;
}

const SendQueue::Slot* SendQueue::Lookup(MessageHandle handle) const noexcept {
  const uint32_t index = SlotIndexOf(handle);
  return index == kNone ? nullptr : &slots_[index];
}

// The ring holds the unreclaimed messages in [ring_begin_, ring_end_),
// circularly: ring_begin_ is where the oldest starts, ring_end_ where the
// newest ends. A message that does not fit before the end of the ring starts
// again at 0, and the skipped tail is free again once the messages before
// the wrap are reclaimed.
std::optional<uint32_t> SendQueue::AllocateRing(
    uint32_t length) const noexcept {
  if (allocation_count_ == 0) {
    return length <= byte_capacity_ ? std::optional<uint32_t>(0) : std::nullopt;
  }
  if (ring_end_ > ring_begin_) {
    // Free: [end, capacity), else [0, begin).
    if (length <= byte_capacity_ - ring_end_) return ring_end_;
    if (length <= ring_begin_) return 0;
    return std::nullopt;
  }
  // Wrapped (full when end == begin): free is [end, begin).
  if (length <= ring_begin_ - ring_end_) return ring_end_;
  return std::nullopt;
}

void SendQueue::Finish(uint32_t m) noexcept {
  Slot& slot = slots_[m];
  slot.state = SlotState::kFinished;
  slot.generation = (slot.generation + 1) & kGenerationMask;
  slot.list_prev = slot.list_next = kNone;
  --messages_held_;
  bytes_held_ -= slot.length;
  Reclaim();
}

void SendQueue::Reclaim() noexcept {
  while (allocation_count_ > 0) {
    const uint32_t m = allocation_order_[allocation_head_];
    Slot& slot = slots_[m];
    if (slot.state != SlotState::kFinished) break;
    slot.state = SlotState::kFree;
    free_slots_[free_count_++] = m;
    allocation_head_ = (allocation_head_ + 1) % message_capacity_;
    --allocation_count_;
  }
  if (allocation_count_ == 0) {
    ring_begin_ = ring_end_ = 0;
  } else {
    ring_begin_ = slots_[allocation_order_[allocation_head_]].ring_offset;
  }
}

void SendQueue::ListPushBack(List& list, uint32_t m) noexcept {
  ListInsertBefore(list, kNone, m);
}

void SendQueue::ListInsertBefore(List& list, uint32_t before,
                                 uint32_t m) noexcept {
  Slot& slot = slots_[m];
  const uint32_t prev = before == kNone ? list.tail : slots_[before].list_prev;
  slot.list_prev = prev;
  slot.list_next = before;
  if (prev == kNone) {
    list.head = m;
  } else {
    slots_[prev].list_next = m;
  }
  if (before == kNone) {
    list.tail = m;
  } else {
    slots_[before].list_prev = m;
  }
}

void SendQueue::ListRemove(List& list, uint32_t m) noexcept {
  Slot& slot = slots_[m];
  if (slot.list_prev == kNone) {
    list.head = slot.list_next;
  } else {
    slots_[slot.list_prev].list_next = slot.list_next;
  }
  if (slot.list_next == kNone) {
    list.tail = slot.list_prev;
  } else {
    slots_[slot.list_next].list_prev = slot.list_prev;
  }
  slot.list_prev = slot.list_next = kNone;
}

// Schedulers. FCFS needs no structure of its own: unsent_ is its order.

void SendQueue::SchedulerAdd(uint32_t s) noexcept {
  Stream& st = streams_[s];
  switch (scheduler_) {
    case SchedulerKind::kFcfs:
      return;
    case SchedulerKind::kRoundRobin:
    case SchedulerKind::kPriority:
      st.level_key = LevelKeyOf(s);
      RingInsert(s);
      break;
    case SchedulerKind::kWeightedFair:
      // start = max(virtual time, the stream's last finish). Virtual time is
      // the finish tag of the message served last and never decreases, so
      // an idle stream's last finish is never above it: start = virtual time.
      st.start_tag = virtual_time_;
      st.finish_tag = st.start_tag + Cost(s);
      HeapPush(s);
      break;
  }
  st.scheduled = true;
}

void SendQueue::SchedulerRemove(uint32_t s) noexcept {
  Stream& st = streams_[s];
  if (!st.scheduled) return;
  if (scheduler_ == SchedulerKind::kWeightedFair) {
    HeapErase(s);
  } else if (scheduler_ != SchedulerKind::kFcfs) {
    RingRemove(s);
  }
  st.scheduled = false;
}

void SendQueue::SchedulerServed(uint32_t s, bool has_more) noexcept {
  Stream& st = streams_[s];
  switch (scheduler_) {
    case SchedulerKind::kFcfs:
      return;
    case SchedulerKind::kRoundRobin:
    case SchedulerKind::kPriority: {
      if (!has_more) {
        SchedulerRemove(s);
        return;
      }
      // One message per turn: the next stream of this level goes next.
      const size_t i = FindLevel(st.level_key);
      DPSCTP_DCHECK(i < level_count_ && levels_[i].cursor == s);
      levels_[i].cursor = st.ring_next;
      return;
    }
    case SchedulerKind::kWeightedFair:
      virtual_time_ = st.finish_tag;
      if (!has_more) {
        SchedulerRemove(s);
        return;
      }
      // RFC 8260 §3.6: "If the weight of stream S1 is n times the weight of
      // stream S2, the scheduler should assign to stream S1 n times the
      // capacity it assigns to stream S2."
      st.start_tag = st.finish_tag;
      st.finish_tag = st.start_tag + Cost(s);
      HeapDown(st.heap_index);
      return;
  }
}

void SendQueue::SchedulerHeadChanged(uint32_t s) noexcept {
  Stream& st = streams_[s];
  if (scheduler_ != SchedulerKind::kWeightedFair || !st.scheduled) return;
  st.finish_tag = st.start_tag + Cost(s);
  HeapUp(st.heap_index);
  HeapDown(st.heap_index);
}

uint32_t SendQueue::SchedulerPick() const noexcept {
  switch (scheduler_) {
    case SchedulerKind::kFcfs:
      return unsent_.head == kNone ? kNone : slots_[unsent_.head].stream;
    case SchedulerKind::kRoundRobin:
    case SchedulerKind::kPriority:
      return level_count_ == 0 ? kNone : levels_[0].cursor;
    case SchedulerKind::kWeightedFair:
      return heap_size_ == 0 ? kNone : heap_[0];
  }
  return kNone;
}

void SendQueue::SchedulerRebuild() noexcept {
  level_count_ = 0;
  heap_size_ = 0;
  for (uint32_t s = 0; s < max_streams_; ++s) {
    Stream& st = streams_[s];
    st.scheduled = false;
    st.ring_prev = st.ring_next = st.heap_index = kNone;
  }
  for (uint32_t s = 0; s < stream_count_; ++s) {
    if (streams_[s].head != kNone) SchedulerAdd(s);
  }
  DPSCTP_DCHECK(IsConsistent());
}

// RFC 8260 §3: the priority scheduler serves the streams with the highest
// priority (here: the lowest value) first and shares equally among streams
// of the same priority; round robin is the same with one shared priority.
uint16_t SendQueue::LevelKeyOf(uint32_t s) const noexcept {
  return scheduler_ == SchedulerKind::kPriority ? streams_[s].priority : 0;
}

size_t SendQueue::FindLevel(uint16_t key) const noexcept {
  const Level* begin = levels_.get();
  const Level* end = begin + level_count_;
  return static_cast<size_t>(
      std::lower_bound(
          begin, end, key,
          [](const Level& level, uint16_t k) { return level.key < k; }) -
      begin);
}

void SendQueue::RingInsert(uint32_t s) noexcept {
  Stream& st = streams_[s];
  const size_t i = FindLevel(st.level_key);
  if (i == level_count_ || levels_[i].key != st.level_key) {
    DPSCTP_CHECK(level_count_ < max_streams_);
    for (size_t j = level_count_; j > i; --j) levels_[j] = levels_[j - 1];
    levels_[i] = Level{st.level_key, s};
    ++level_count_;
    st.ring_prev = st.ring_next = s;
    return;
  }
  // Joins at the end of the current round: just before the cursor.
  const uint32_t next = levels_[i].cursor;
  const uint32_t prev = streams_[next].ring_prev;
  st.ring_prev = prev;
  st.ring_next = next;
  streams_[prev].ring_next = s;
  streams_[next].ring_prev = s;
}

void SendQueue::RingRemove(uint32_t s) noexcept {
  Stream& st = streams_[s];
  const size_t i = FindLevel(st.level_key);
  DPSCTP_CHECK(i < level_count_ && levels_[i].key == st.level_key);
  if (st.ring_next == s) {
    for (size_t j = i + 1; j < level_count_; ++j) levels_[j - 1] = levels_[j];
    --level_count_;
  } else {
    if (levels_[i].cursor == s) levels_[i].cursor = st.ring_next;
    streams_[st.ring_prev].ring_next = st.ring_next;
    streams_[st.ring_next].ring_prev = st.ring_prev;
  }
  st.ring_prev = st.ring_next = kNone;
}

uint64_t SendQueue::Cost(uint32_t s) const noexcept {
  const Stream& st = streams_[s];
  return (uint64_t{slots_[st.head].length} << kCostShift) / st.weight;
}

bool SendQueue::HeapLess(uint32_t a, uint32_t b) const noexcept {
  const uint64_t fa = streams_[a].finish_tag;
  const uint64_t fb = streams_[b].finish_tag;
  if (fa != fb) return TagLess(fa, fb);
  return a < b;  // ties: lower stream id, for determinism
}

void SendQueue::HeapSwap(uint32_t i, uint32_t j) noexcept {
  std::swap(heap_[i], heap_[j]);
  streams_[heap_[i]].heap_index = i;
  streams_[heap_[j]].heap_index = j;
}

void SendQueue::HeapUp(uint32_t i) noexcept {
  while (i > 0) {
    const uint32_t parent = (i - 1) / 2;
    if (!HeapLess(heap_[i], heap_[parent])) break;
    HeapSwap(i, parent);
    i = parent;
  }
}

void SendQueue::HeapDown(uint32_t i) noexcept {
  for (;;) {
    const uint32_t left = 2 * i + 1;
    if (left >= heap_size_) break;
    uint32_t child = left;
    if (left + 1 < heap_size_ && HeapLess(heap_[left + 1], heap_[left])) {
      child = left + 1;
    }
    if (!HeapLess(heap_[child], heap_[i])) break;
    HeapSwap(i, child);
    i = child;
  }
}

void SendQueue::HeapPush(uint32_t s) noexcept {
  DPSCTP_CHECK(heap_size_ < max_streams_);
  heap_[heap_size_] = s;
  streams_[s].heap_index = heap_size_;
  ++heap_size_;
  HeapUp(heap_size_ - 1);
}

void SendQueue::HeapErase(uint32_t s) noexcept {
  const uint32_t i = streams_[s].heap_index;
  DPSCTP_CHECK(i < heap_size_ && heap_[i] == s);
  --heap_size_;
  if (i != heap_size_) {
    const uint32_t moved = heap_[heap_size_];
    heap_[i] = moved;
    streams_[moved].heap_index = i;
    HeapUp(i);
    HeapDown(streams_[moved].heap_index);
  }
  streams_[s].heap_index = kNone;
}

bool SendQueue::IsConsistent() const noexcept {
  // Slots: counts and bytes by state.
  size_t live = 0;
  uint64_t live_bytes = 0;
  uint32_t free_slots = 0;
  for (uint32_t i = 0; i < message_capacity_; ++i) {
    const Slot& slot = slots_[i];
    if (slot.state == SlotState::kFree) {
      ++free_slots;
    } else if (slot.state != SlotState::kFinished) {
      ++live;
      live_bytes += slot.length;
      if (slot.length == 0 || slot.produced > slot.length) return false;
    }
  }
  if (live != messages_held_ || live_bytes != bytes_held_) return false;
  if (free_slots != free_count_ ||
      free_count_ + allocation_count_ != message_capacity_) {
    return false;
  }
  // Ring: unreclaimed messages lie end to end from ring_begin_ (after at
  // most one wrap to 0) and stop at ring_end_.
  uint32_t at = ring_begin_;
  bool wrapped = false;
  for (uint32_t k = 0; k < allocation_count_; ++k) {
    const Slot& slot =
        slots_[allocation_order_[(allocation_head_ + k) % message_capacity_]];
    if (slot.state == SlotState::kFree) return false;
    if (uint64_t{slot.ring_offset} + slot.length > byte_capacity_) return false;
    if (slot.ring_offset != at) {
      if (slot.ring_offset != 0 || wrapped) return false;
      wrapped = true;
    }
    at = slot.ring_offset + slot.length;
    if (at == byte_capacity_) {
      at = 0;
      wrapped = true;
    }
    if (wrapped && at > ring_begin_) return false;
  }
  if (at != ring_end_) return false;
  if (allocation_count_ > 0 &&
      slots_[allocation_order_[allocation_head_]].state ==
          SlotState::kFinished) {
    return false;  // would have been reclaimed
  }
  // Lists: membership by state, order by arrival for unsent and stranded.
  auto check_list = [this](const List& list, SlotState state, bool by_arrival,
                           size_t& count, uint64_t& bytes) {
    uint32_t prev = kNone;
    for (uint32_t m = list.head; m != kNone; m = slots_[m].list_next) {
      const Slot& slot = slots_[m];
      if (slot.state != state || slot.list_prev != prev) return false;
      if (by_arrival && prev != kNone && slots_[prev].arrival >= slot.arrival) {
        return false;
      }
      ++count;
      bytes += slot.length - slot.produced;
      prev = m;
      if (count > message_capacity_) return false;
    }
    return list.tail == prev;
  };
  size_t unsent_count = 0, stranded_count = 0, in_flight_count = 0;
  uint64_t unsent_bytes = 0, ignored = 0;
  if (!check_list(unsent_, SlotState::kQueued, true, unsent_count,
                  unsent_bytes) ||
      !check_list(stranded_, SlotState::kStranded, true, stranded_count,
                  ignored) ||
      !check_list(in_flight_, SlotState::kInFlight, false, in_flight_count,
                  ignored)) {
    return false;
  }
  if (unsent_count + stranded_count + in_flight_count != messages_held_) {
    return false;
  }
  if (current_ != kNone) {
    const Slot& slot = slots_[current_];
    if (slot.state != SlotState::kInFlight || slot.produced == 0 ||
        slot.produced == slot.length) {
      return false;
    }
    unsent_bytes += slot.length - slot.produced;
  }
  if (unsent_bytes != unsent_bytes_) return false;
  // Streams: FIFOs hold the stream's queued messages in arrival order, and
  // the scheduler holds exactly the usable streams that have some.
  size_t queued = 0;
  size_t scheduled = 0;
  for (uint32_t s = 0; s < max_streams_; ++s) {
    const Stream& st = streams_[s];
    uint32_t last = kNone;
    for (uint32_t m = st.head; m != kNone; m = slots_[m].stream_next) {
      const Slot& slot = slots_[m];
      if (slot.state != SlotState::kQueued || slot.stream != s) return false;
      if (last != kNone && slots_[last].arrival >= slot.arrival) return false;
      last = m;
      if (++queued > message_capacity_) return false;
    }
    if (st.tail != last) return false;
    if (st.head != kNone && s >= stream_count_) return false;
    const bool should_be_scheduled =
        scheduler_ != SchedulerKind::kFcfs && st.head != kNone;
    if (st.scheduled != should_be_scheduled) return false;
    if (st.scheduled) ++scheduled;
  }
  if (queued != unsent_count) return false;
  if (scheduler_ == SchedulerKind::kWeightedFair) {
    if (heap_size_ != scheduled) return false;
    for (uint32_t i = 0; i < heap_size_; ++i) {
      if (streams_[heap_[i]].heap_index != i) return false;
      if (i > 0 && HeapLess(heap_[i], heap_[(i - 1) / 2])) return false;
    }
  } else if (scheduler_ != SchedulerKind::kFcfs) {
    size_t in_rings = 0;
    for (uint32_t i = 0; i < level_count_; ++i) {
      if (i > 0 && levels_[i - 1].key >= levels_[i].key) return false;
      const uint32_t cursor = levels_[i].cursor;
      uint32_t s = cursor;
      do {
        const Stream& st = streams_[s];
        if (!st.scheduled || st.level_key != levels_[i].key ||
            st.level_key != LevelKeyOf(s) ||
            streams_[st.ring_next].ring_prev != s) {
          return false;
        }
        s = st.ring_next;
        if (++in_rings > max_streams_) return false;
      } while (s != cursor);
    }
    if (in_rings != scheduled) return false;
  }
  return true;
}

}  // namespace dpsctp::tx
