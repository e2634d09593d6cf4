#include "assoc/queues.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace dpsctp::assoc {

bool SendQueue::Init(uint32_t byte_capacity, uint16_t chunk_capacity) noexcept {
  if (byte_capacity == 0 || chunk_capacity == 0) return false;
  bytes_.reset(new (std::nothrow) uint8_t[byte_capacity]);
  chunks_.reset(new (std::nothrow) OutChunk[chunk_capacity]);
  if (!bytes_ || !chunks_) return false;
  byte_capacity_ = byte_capacity;
  capacity_ = chunk_capacity;
  Clear();
  return true;
}

void SendQueue::Clear() noexcept {
  head_ = count_ = 0;
  bytes_used_ = 0;
}

// Payloads are contiguous in a ring: the occupied bytes run from the head
// chunk's offset to the tail chunk's end, possibly wrapping once.
std::optional<uint32_t> SendQueue::AllocateBytes(uint32_t length) const noexcept {
  if (count_ == 0) {
    return length <= byte_capacity_ ? std::optional<uint32_t>(0) : std::nullopt;
  }
  const OutChunk& head = at(0);
  const OutChunk& tail = at(count_ - 1);
  uint32_t read = head.offset;
  uint32_t write = tail.offset + tail.length;
  bool wrapped = tail.offset < head.offset;
  if (!wrapped) {
    if (length <= byte_capacity_ - write) return write;
    if (length <= read) return 0;  // wrap: the tail end stays unused
    return std::nullopt;
  }
  if (write + length <= read) return write;
  return std::nullopt;
}

SendQueue::EnqueueResult SendQueue::Enqueue(
    std::span<const uint8_t> message, StreamId stream_id, Ssn ssn, Ppid ppid,
    bool unordered, size_t max_fragment, Tsn& next_tsn) noexcept {
  if (message.empty() || max_fragment == 0) return EnqueueResult::kTooLarge;
  if (message.size() > byte_capacity_) return EnqueueResult::kTooLarge;
  size_t fragments = (message.size() + max_fragment - 1) / max_fragment;
  if (fragments > capacity_) return EnqueueResult::kTooLarge;
  if (fragments > capacity_ - count_) return EnqueueResult::kNoSpace;
  // Place all fragments first, then commit, so that failure leaves nothing.
  const size_t saved_count = count_;
  const uint32_t saved_used = bytes_used_;
  Tsn tsn = next_tsn;
  size_t offset = 0;
  for (size_t i = 0; i < fragments; ++i) {
    uint32_t length =
        static_cast<uint32_t>(std::min(max_fragment, message.size() - offset));
    std::optional<uint32_t> where = AllocateBytes(length);
    if (!where) {
      count_ = saved_count;
      bytes_used_ = saved_used;
      return EnqueueResult::kNoSpace;
    }
    OutChunk& c = chunks_[(head_ + count_) % capacity_];
    c = OutChunk{};
    c.tsn = tsn;
    c.stream_id = stream_id;
    c.ssn = ssn;
    c.ppid = ppid;
    c.offset = *where;
    c.length = static_cast<uint16_t>(length);
    c.beginning = i == 0;
    c.ending = i + 1 == fragments;
    c.unordered = unordered;
    std::memcpy(bytes_.get() + *where, message.data() + offset, length);
    ++count_;
    bytes_used_ += length;
    offset += length;
    tsn = Tsn(tsn.value() + 1);
  }
  next_tsn = tsn;
  return EnqueueResult::kOk;
}

void SendQueue::PopFront() noexcept {
  if (count_ == 0) return;
  bytes_used_ -= at(0).length;
  head_ = (head_ + 1) % capacity_;
  --count_;
}

size_t SendQueue::unsent_count() const noexcept {
  size_t n = 0;
  for (size_t i = count_; i > 0; --i) {
    if (at(i - 1).sent) break;
    ++n;
  }
  return n;
}

std::optional<ReceivedMessage> SendQueue::TakeMessage(
    bool sent, std::span<uint8_t> buffer) noexcept {
  for (size_t i = 0; i < count_; ++i) {
    OutChunk& first = at(i);
    if (first.retrieved || !first.beginning || first.sent != sent) continue;
    ReceivedMessage m;
    m.stream_id = first.stream_id;
    m.ssn = first.ssn;
    m.ppid = first.ppid;
    m.unordered = first.unordered;
    for (size_t j = i; j < count_; ++j) {
      OutChunk& c = at(j);
      size_t room = buffer.size() - m.copied;
      size_t n = std::min<size_t>(room, c.length);
      if (n) std::memcpy(buffer.data() + m.copied, bytes_.get() + c.offset, n);
      m.copied += n;
      m.length += c.length;
      c.retrieved = true;
      if (c.ending) break;
    }
    while (count_ > 0 && at(0).retrieved) PopFront();
    return m;
  }
  return std::nullopt;
}

size_t SendQueue::MessagesLeft() const noexcept {
  size_t n = 0;
  for (size_t i = 0; i < count_; ++i) {
    if (!at(i).retrieved && at(i).beginning) ++n;
  }
  return n;
}

bool ReceiveQueue::Init(uint32_t byte_capacity, uint16_t max_messages) noexcept {
  if (byte_capacity == 0 || max_messages == 0) return false;
  bytes_.reset(new (std::nothrow) uint8_t[byte_capacity]);
  entries_.reset(new (std::nothrow) Entry[max_messages]);
  if (!bytes_ || !entries_) return false;
  byte_capacity_ = byte_capacity;
  capacity_ = max_messages;
  Clear();
  return true;
}

void ReceiveQueue::Clear() noexcept {
  head_ = count_ = 0;
  bytes_used_ = 0;
  byte_head_ = 0;
}

ReceiveQueue::AppendResult ReceiveQueue::Append(
    StreamId stream_id, Ssn ssn, Ppid ppid, bool unordered, bool beginning,
    bool ending, std::span<const uint8_t> payload) noexcept {
  Entry* last = count_ ? &entries_[(head_ + count_ - 1) % capacity_] : nullptr;
  bool continues = last && !last->complete;
  if (payload.size() > free_bytes()) return AppendResult::kNoSpace;
  if (beginning) {
    if (continues) {
      // §6.9: fragments of one message are sequential; a new beginning
      // while one is open means the open one never ends. Drop it.
      bytes_used_ -= static_cast<uint32_t>(last->message.length);
      --count_;
      last = nullptr;
    }
    if (count_ == capacity_) return AppendResult::kNoSpace;
    Entry& e = entries_[(head_ + count_) % capacity_];
    e = Entry{};
    e.message.stream_id = stream_id;
    e.message.ssn = ssn;
    e.message.ppid = ppid;
    e.message.unordered = unordered;
    e.start = (byte_head_ + bytes_used_) % byte_capacity_;
    ++count_;
    last = &e;
  } else if (!continues || last->message.stream_id != stream_id) {
    return AppendResult::kBadFragment;
  }
  size_t write = (byte_head_ + bytes_used_) % byte_capacity_;
  size_t first = std::min(payload.size(), byte_capacity_ - write);
  std::memcpy(bytes_.get() + write, payload.data(), first);
  if (first < payload.size()) {
    std::memcpy(bytes_.get(), payload.data() + first, payload.size() - first);
  }
  bytes_used_ += static_cast<uint32_t>(payload.size());
  last->message.length += payload.size();
  last->complete = ending;
  return AppendResult::kOk;
}

std::optional<ReceivedMessage> ReceiveQueue::Pop(
    std::span<uint8_t> buffer) noexcept {
  if (count_ == 0 || !entries_[head_].complete) return std::nullopt;
  Entry& e = entries_[head_];
  ReceivedMessage m = e.message;
  size_t n = std::min(buffer.size(), m.length);
  size_t first = std::min(n, byte_capacity_ - e.start);
  if (first) std::memcpy(buffer.data(), bytes_.get() + e.start, first);
  if (n > first) std::memcpy(buffer.data() + first, bytes_.get(), n - first);
  m.copied = n;
  byte_head_ = (e.start + m.length) % byte_capacity_;
  bytes_used_ -= static_cast<uint32_t>(m.length);
  head_ = (head_ + 1) % capacity_;
  --count_;
  return m;
}

size_t ReceiveQueue::complete_messages() const noexcept {
  size_t n = 0;
  for (size_t i = 0; i < count_; ++i) {
    if (entries_[(head_ + i) % capacity_].complete) ++n;
  }
  return n;
}

}  // namespace dpsctp::assoc
