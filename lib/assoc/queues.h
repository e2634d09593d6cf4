// The association's send and receive queues: fixed capacity, allocated once
// when the association is created, never on the data path.
//
// SendQueue holds user messages split into DATA fragments in TSN order
// (TSNs are assigned at Send time: RFC 9260 §6.9 wants the fragments of a
// message "strictly sequential" and nothing forbids numbering early).
// ReceiveQueue holds the payload of in-order DATA chunks until the ULP
// Receives the message they make up.
#ifndef DPSCTP_ASSOC_QUEUES_H_
#define DPSCTP_ASSOC_QUEUES_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "common/time.h"
#include "common/types.h"

namespace dpsctp::assoc {

// One message handed to the ULP (§10.1 G "Receive" return values).
struct ReceivedMessage {
  StreamId stream_id;
  Ssn ssn;
  Ppid ppid;
  bool unordered = false;
  size_t length = 0;  // the whole message
  size_t copied = 0;  // into the caller's buffer (< length if it was short)
};

// One DATA fragment, queued or in flight.
struct OutChunk {
  Tsn tsn;
  StreamId stream_id;
  Ssn ssn;
  Ppid ppid;
  uint32_t offset = 0;  // of the payload in the byte ring
  uint16_t length = 0;
  bool beginning = false;
  bool ending = false;
  bool unordered = false;
  bool sent = false;
  bool gap_acked = false;   // reported in a Gap Ack Block
  bool needs_retransmit = false;  // T3-rtx expired while it was in flight
  bool retrieved = false;   // handed back by ReceiveUnsent/Unacknowledged
  uint8_t transmit_count = 0;
  TimePoint first_sent;
};

class SendQueue {
 public:
  [[nodiscard]] bool Init(uint32_t byte_capacity,
                          uint16_t chunk_capacity) noexcept;

  enum class EnqueueResult : uint8_t { kOk, kNoSpace, kTooLarge };
  // Splits `message` into fragments of at most `max_fragment` bytes, numbered
  // from `next_tsn` (advanced). All or nothing.
  EnqueueResult Enqueue(std::span<const uint8_t> message, StreamId stream_id,
                        Ssn ssn, Ppid ppid, bool unordered,
                        size_t max_fragment, Tsn& next_tsn) noexcept;

  size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }
  OutChunk& at(size_t i) noexcept { return chunks_[(head_ + i) % capacity_]; }
  const OutChunk& at(size_t i) const noexcept {
    return chunks_[(head_ + i) % capacity_];
  }
  std::span<const uint8_t> payload(const OutChunk& c) const noexcept {
    return {bytes_.get() + c.offset, c.length};
  }
  void PopFront() noexcept;
  // Drops everything (ABORT, restart without retained data).
  void Clear() noexcept;

  size_t unsent_count() const noexcept;
  size_t sent_count() const noexcept { return count_ - unsent_count(); }
  uint32_t bytes_used() const noexcept { return bytes_used_; }
  uint32_t byte_capacity() const noexcept { return byte_capacity_; }

  // §10.1 P/Q after failure: copies the oldest message that was (or was
  // not) sent at least in part, and marks its fragments retrieved.
  std::optional<ReceivedMessage> TakeMessage(bool sent,
                                             std::span<uint8_t> buffer) noexcept;
  size_t MessagesLeft() const noexcept;

 private:
  std::optional<uint32_t> AllocateBytes(uint32_t length) const noexcept;

  std::unique_ptr<uint8_t[]> bytes_;
  std::unique_ptr<OutChunk[]> chunks_;
  uint32_t byte_capacity_ = 0;
  uint32_t bytes_used_ = 0;
  size_t capacity_ = 0;
  size_t head_ = 0;
  size_t count_ = 0;
};

class ReceiveQueue {
 public:
  [[nodiscard]] bool Init(uint32_t byte_capacity,
                          uint16_t max_messages) noexcept;

  enum class AppendResult : uint8_t {
    kOk,
    kNoSpace,        // window or message slots exhausted: drop, not acked
    kBadFragment,    // middle/end fragment without a beginning: dropped
  };
  AppendResult Append(StreamId stream_id, Ssn ssn, Ppid ppid, bool unordered,
                      bool beginning, bool ending,
                      std::span<const uint8_t> payload) noexcept;

  std::optional<ReceivedMessage> Pop(std::span<uint8_t> buffer) noexcept;
  size_t complete_messages() const noexcept;
  uint32_t free_bytes() const noexcept { return byte_capacity_ - bytes_used_; }
  uint32_t byte_capacity() const noexcept { return byte_capacity_; }
  void Clear() noexcept;

 private:
  struct Entry {
    ReceivedMessage message;
    size_t start = 0;  // byte offset in the ring
    bool complete = false;
  };

  std::unique_ptr<uint8_t[]> bytes_;
  std::unique_ptr<Entry[]> entries_;
  uint32_t byte_capacity_ = 0;
  uint32_t bytes_used_ = 0;
  size_t byte_head_ = 0;
  size_t capacity_ = 0;
  size_t head_ = 0;
  size_t count_ = 0;
};

}  // namespace dpsctp::assoc

#endif  // DPSCTP_ASSOC_QUEUES_H_
