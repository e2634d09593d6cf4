// RFC 9260 §6.2.1 (processing a received SACK), §6.3.3 (T3-rtx
// expiration), §7.2.4 (fast retransmit on gap reports).
// https://www.rfc-editor.org/rfc/rfc9260#section-6.2.1
//
// The SACK chunk this processes (§3.3.4; parsed by wire/chunk/sack_chunk):
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   Type = 3    |  Chunk Flags  |         Chunk Length          |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      Cumulative TSN Ack                       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Advertised Receiver Window Credit (a_rwnd)           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
// /                              ...                              /
// |                        Duplicate TSN 1                        |
// /                              ...                              /
#include "tx/retransmission_queue.h"

#include <algorithm>
#include <bit>
#include <new>

#include "common/serial.h"

namespace dpsctp::tx {
namespace {

// A Gap Ack Block as offsets [first, last] from the Cumulative TSN Ack.
struct OffsetRange {
  uint32_t first = 0;
  uint32_t last = 0;
};

// The Gap Ack Blocks of one SACK, cleaned as they are read (STYLE §7:
// validate peer structure before logic uses it), without a sort and so
// without scratch memory. §3.3.4 lists the blocks in ascending order; a
// block is taken only for its part above the previous block taken and
// within the `limit` chunks outstanding, and is skipped if nothing is
// left (start > end, start 0, beyond next_tsn, overlapping, out of order).
// Taking less than the peer reported is always safe: the chunk merely
// stays outstanding. Each pass is O(blocks) and yields disjoint ascending
// ranges, so walking the chunks they cover is O(chunks).
class AscendingBlocks {
 public:
  AscendingBlocks(std::span<const GapBlock> gaps, uint32_t limit) noexcept
      : gaps_(gaps), limit_(limit) {}

  std::optional<OffsetRange> Next() noexcept {
    while (next_ < gaps_.size()) {
      const GapBlock b = gaps_[next_++];
      const uint32_t first = std::max<uint32_t>(
          std::max<uint32_t>(b.start, 1u), previous_last_ + 1);
      const uint32_t last = std::min<uint32_t>(b.end, limit_);
      if (first > last) continue;
      previous_last_ = last;
      return OffsetRange{first, last};
    }
    return std::nullopt;
  }

 private:
  std::span<const GapBlock> gaps_;
  uint32_t limit_;
  size_t next_ = 0;
  uint32_t previous_last_ = 0;
};

}  // namespace

bool RetransmissionQueue::Init(size_t capacity) noexcept {
  if (capacity == 0 || capacity > kMaxCapacity) return false;
  const size_t slots = std::bit_ceil(capacity);
  entries_.reset(new (std::nothrow) Entry[slots]);
  if (!entries_) {
    capacity_ = 0;
    mask_ = 0;
    return false;
  }
  capacity_ = capacity;
  mask_ = slots - 1;
  Reset(Tsn(0));
  return true;
}

void RetransmissionQueue::Reset(Tsn initial_tsn) noexcept {
  next_tsn_ = initial_tsn;
  Clear();
}

void RetransmissionQueue::Clear() noexcept {
  head_ = 0;
  count_ = 0;
  flight_payload_ = 0;
  std::fill(std::begin(flight_), std::end(flight_), 0u);
  std::fill(std::begin(unacked_chunks_), std::end(unacked_chunks_), 0u);
  gap_acked_ = 0;
  to_retransmit_ = 0;
  fast_to_retransmit_ = 0;
  retransmit_scan_from_ = 0;
  fast_scan_from_ = 0;
  rtt_valid_from_ = 0;
  in_fast_recovery_ = false;
  exit_point_ = Tsn(0);
}

std::optional<size_t> RetransmissionQueue::IndexOf(Tsn tsn) const noexcept {
  // Distance from the first outstanding TSN, modulo 2^32 (RFC 1982): a TSN
  // below it wraps to a huge distance and is rejected with the ones above.
  const uint32_t first = cumulative_tsn_ack().value() + 1;
  const uint32_t index = tsn.value() - first;
  if (index >= count_) return std::nullopt;
  return index;
}

void RetransmissionQueue::LeaveState(Entry& e) noexcept {
  switch (e.state) {
    case ChunkState::kInFlight:
      flight_payload_ -= e.record.length;
      flight_[e.path] -= DataChunkSize(e.record.length);
      --unacked_chunks_[e.path];
      break;
    case ChunkState::kGapAcked:
      --gap_acked_;
      break;
    case ChunkState::kReneged:
      --unacked_chunks_[e.path];
      break;
    case ChunkState::kToRetransmit:
      --to_retransmit_;
      if (e.fast_retransmit) --fast_to_retransmit_;
      e.fast_retransmit = false;
      break;
  }
}

void RetransmissionQueue::EnterState(Entry& e, ChunkState state) noexcept {
  e.state = state;
  switch (state) {
    case ChunkState::kInFlight:
      flight_payload_ += e.record.length;
      flight_[e.path] += DataChunkSize(e.record.length);
      ++unacked_chunks_[e.path];
      break;
    case ChunkState::kGapAcked:
      ++gap_acked_;
      break;
    case ChunkState::kReneged:
      ++unacked_chunks_[e.path];
      break;
    case ChunkState::kToRetransmit:
      ++to_retransmit_;
      if (e.fast_retransmit) ++fast_to_retransmit_;
      break;
  }
}

void RetransmissionQueue::MarkToRetransmit(size_t index, bool fast) noexcept {
  Entry& e = At(index);
  LeaveState(e);
  e.fast_retransmit = fast;
  EnterState(e, ChunkState::kToRetransmit);
  retransmit_scan_from_ = std::min(retransmit_scan_from_, index);
  if (fast) fast_scan_from_ = std::min(fast_scan_from_, index);
}

bool RetransmissionQueue::CountMiss(size_t index) noexcept {
  Entry& e = At(index);
  // §7.2.4 step 5: "Mark the DATA chunk(s) as being fast retransmitted and
  // thus ineligible for a subsequent Fast Retransmit."
  if (e.fast_retransmitted) return false;
  if (e.miss_indications < UINT8_MAX) ++e.miss_indications;
  if (e.miss_indications < kFastRetransmitThreshold) return false;
  // §7.2.4 step 1: "Mark the DATA chunk(s) with three miss indications for
  // retransmission." Marking already makes it ineligible (step 5: those
  // that "did not fit in the sent datagram ... are also marked as
  // ineligible").
  MarkToRetransmit(index, /*fast=*/true);
  e.fast_retransmitted = true;
  return true;
}

bool RetransmissionQueue::AddSent(const ChunkRecord& record, uint8_t path,
                                  TimePoint now) noexcept {
  if (full() || path >= kMaxPaths || record.tsn != next_tsn_) return false;
  Entry& e = At(count_);
  e = Entry{};
  e.record = record;
  e.sent_at = now;
  e.path = path;
  e.transmit_count = 1;
  EnterState(e, ChunkState::kInFlight);
  ++count_;
  next_tsn_ = Tsn(next_tsn_.value() + 1);
  return true;
}

void RetransmissionQueue::PopFront(size_t n) noexcept {
  head_ = (head_ + n) & mask_;
  count_ -= n;
  auto shift = [n](size_t& index) {
    index = index > n ? index - n : 0;
  };
  shift(retransmit_scan_from_);
  shift(fast_scan_from_);
  shift(rtt_valid_from_);
}

RetransmissionQueue::SackOutcome RetransmissionQueue::HandleSackCore(
    TimePoint now, Tsn cum_tsn_ack, uint32_t a_rwnd,
    std::span<const GapBlock> gaps, ReleaseFunction on_released,
    void* context) noexcept {
  SackOutcome out;
  // §6.2.1 D i: "If Cumulative TSN Ack is less than the Cumulative TSN Ack
  // Point, then drop the SACK chunk." A Cumulative TSN Ack at or beyond
  // next_tsn() acknowledges a TSN never sent: dropped as well. Both show as
  // a distance (modulo 2^32) beyond the outstanding chunks.
  const uint32_t advance = cum_tsn_ack.value() - cumulative_tsn_ack().value();
  if (advance > count_) return out;
  out.accepted = true;
  std::copy(std::begin(flight_), std::end(flight_),
            std::begin(out.flight_before));

  // Karn (§6.3.1 C5): "RTT measurements MUST NOT be made using chunks that
  // were retransmitted"; C4: one measurement per round trip is enough, so
  // the SACK yields one, from the highest TSN that qualifies.
  auto maybe_measure = [&](const Entry& e, size_t index) {
    if (e.transmit_count == 1 && index >= rtt_valid_from_) {
      out.rtt = now - e.sent_at;
      out.rtt_path = e.path;
    }
  };

  // The cumulative ack: every chunk up to it leaves the queue, in order.
  for (size_t i = 0; i < advance; ++i) {
    Entry& e = At(i);
    if (e.state == ChunkState::kInFlight) {
      out.bytes_acked[e.path] += DataChunkSize(e.record.length);
      // Chunks leave in TSN order, so an in-flight chunk acked here means
      // the earliest one in flight to its path was acked too (§6.3.2 R3).
      out.earliest_acked_paths |= static_cast<uint8_t>(1u << e.path);
      maybe_measure(e, i);
    }
    LeaveState(e);
    on_released(context, e.record);
  }
  PopFront(advance);
  out.cumulative_advanced = advance > 0;

  // §6.2.1 D iv: "If the Cumulative TSN Ack matches or exceeds the Fast
  // Recovery exit point ..., Fast Recovery is exited." Done first, so that
  // this SACK may enter a new one.
  if (in_fast_recovery_ && IdLessOrEqual(exit_point_, cum_tsn_ack)) {
    in_fast_recovery_ = false;
    out.exited_fast_recovery = true;
  }
  out.in_fast_recovery_for_cwnd = in_fast_recovery_;

  // Gap Ack Blocks: mark what they report. Offsets count from the
  // Cumulative TSN Ack, so offset o is the chunk at index o - 1.
  const uint32_t limit = static_cast<uint32_t>(count_);
  const size_t gap_acked_before = gap_acked_;
  size_t still_gap_acked = 0;
  uint32_t highest_newly_acked = 0;  // offset; 0: none above the cum ack
  uint32_t highest_reported = 0;
  {
    AscendingBlocks blocks(gaps, limit);
    while (std::optional<OffsetRange> r = blocks.Next()) {
      highest_reported = r->last;
      for (uint32_t o = r->first; o <= r->last; ++o) {
        Entry& e = At(o - 1);
        switch (e.state) {
          case ChunkState::kGapAcked:
            ++still_gap_acked;
            continue;
          case ChunkState::kInFlight:
            out.bytes_acked[e.path] += DataChunkSize(e.record.length);
            maybe_measure(e, o - 1);
            highest_newly_acked = o;
            break;
          case ChunkState::kToRetransmit:
            highest_newly_acked = o;
            break;
          case ChunkState::kReneged:
            // Acknowledged before: not "newly" acknowledged (§7.2.4).
            break;
        }
        LeaveState(e);
        EnterState(e, ChunkState::kGapAcked);
      }
    }
  }

  // §7.2.4: "For each incoming SACK chunk, miss indications are
  // incremented only for missing TSNs prior to the HTNA in the SACK chunk.
  // ... If an endpoint is in Fast Recovery and a SACK chunks arrives that
  // advances the Cumulative TSN Ack Point, the miss indications are
  // incremented for all TSNs reported missing in the SACK chunk." Missing
  // means between the cumulative ack and the blocks, or between blocks.
  uint32_t nack_up_to = highest_newly_acked;
  if (in_fast_recovery_ && out.cumulative_advanced) {
    nack_up_to = highest_reported;
  }
  bool newly_fast = false;
  if (nack_up_to > 0) {
    AscendingBlocks blocks(gaps, limit);
    uint32_t o = 1;
    while (std::optional<OffsetRange> r = blocks.Next()) {
      for (; o < r->first && o <= nack_up_to; ++o) {
        const Entry& e = At(o - 1);
        if (e.state != ChunkState::kInFlight &&
            e.state != ChunkState::kReneged) {
          continue;
        }
        if (CountMiss(o - 1)) {
          newly_fast = true;
          out.fast_retransmit_paths |= static_cast<uint8_t>(1u << e.path);
        }
      }
      o = r->last + 1;
      if (o > nack_up_to) break;
    }
  }

  // §6.2.1 D iii: "If the SACK chunk is missing a TSN that was previously
  // acknowledged via a Gap Ack Block (e.g., the data receiver reneged on
  // the data), then consider the corresponding DATA that might be possibly
  // missing: Count one miss indication towards Fast Retransmit ..., and if
  // no retransmit timer is running for the destination address to which
  // the DATA chunk was originally transmitted, then T3-rtx is started for
  // that destination address." The chunk is not in the network, so it is
  // outstanding but not in flight; it goes out again when that T3-rtx
  // expires (MarkForRetransmission) or when fast retransmit marks it, not
  // before. Only walked when a renege happened: O(outstanding + blocks).
  size_t reneged = gap_acked_before - still_gap_acked;
  if (reneged > 0) {
    AscendingBlocks blocks(gaps, limit);
    std::optional<OffsetRange> r = blocks.Next();
    for (uint32_t o = 1; o <= limit && reneged > 0; ++o) {
      while (r && r->last < o) r = blocks.Next();
      if (r && r->first <= o) continue;  // reported in this SACK
      Entry& e = At(o - 1);
      if (e.state != ChunkState::kGapAcked) continue;
      --reneged;
      LeaveState(e);
      EnterState(e, ChunkState::kReneged);
      out.reneged_paths |= static_cast<uint8_t>(1u << e.path);
      if (CountMiss(o - 1)) {
        newly_fast = true;
        out.fast_retransmit_paths |= static_cast<uint8_t>(1u << e.path);
      }
    }
  }

  if (newly_fast) {
    out.fast_retransmit = true;
    // §7.2.4 step 6: "If not in Fast Recovery, enter Fast Recovery and mark
    // the highest outstanding TSN as the Fast Recovery exit point."
    if (!in_fast_recovery_) {
      in_fast_recovery_ = true;
      exit_point_ = Tsn(next_tsn_.value() - 1);
      out.entered_fast_recovery = true;
    }
  }
  out.in_fast_recovery = in_fast_recovery_;

  // §6.2.1 D ii: "Set rwnd equal to the newly received a_rwnd minus the
  // number of bytes still outstanding after processing the Cumulative TSN
  // Ack and the Gap Ack Blocks." Outstanding here is what is in flight:
  // rule 3 gives chunks marked for retransmission back to the rwnd.
  out.peer_rwnd = a_rwnd > flight_payload_ ? a_rwnd - flight_payload_ : 0;
  out.all_acked = count_ == 0;
  return out;
}

size_t RetransmissionQueue::MarkForRetransmission(size_t path) noexcept {
  if (path >= kMaxPaths || unacked_chunks_[path] == 0) return 0;
  // §6.3.3 E3: "Any DATA chunks that were sent to the address for which
  // the T3-rtx timer expired but did not fit in an SCTP packet ... SHOULD
  // be marked for retransmission"; the owner sends the first packet of
  // them at once. Reneged chunks wait for exactly this (§6.2.1 D iii).
  size_t marked = 0;
  for (size_t i = 0; i < count_ && unacked_chunks_[path] > 0; ++i) {
    const Entry& e = At(i);
    if (e.path != path) continue;
    if (e.state == ChunkState::kInFlight || e.state == ChunkState::kReneged) {
      MarkToRetransmit(i, /*fast=*/false);
      ++marked;
    }
  }
  return marked;
}

const ChunkRecord* RetransmissionQueue::NextToRetransmit(
    bool fast_only) const noexcept {
  const size_t wanted = fast_only ? fast_to_retransmit_ : to_retransmit_;
  if (wanted == 0) return nullptr;
  size_t& from = fast_only ? fast_scan_from_ : retransmit_scan_from_;
  for (size_t i = from; i < count_; ++i) {
    const Entry& e = At(i);
    if (e.state == ChunkState::kToRetransmit &&
        (!fast_only || e.fast_retransmit)) {
      from = i;
      return &e.record;
    }
  }
  from = count_;
  return nullptr;  // unreachable while the counters are right
}

void RetransmissionQueue::MarkRetransmitted(Tsn tsn, uint8_t path,
                                            TimePoint now) noexcept {
  std::optional<size_t> index = IndexOf(tsn);
  if (!index || path >= kMaxPaths) return;
  Entry& e = At(*index);
  if (e.state == ChunkState::kGapAcked) return;
  LeaveState(e);
  e.path = path;
  e.sent_at = now;
  if (e.transmit_count < UINT8_MAX) ++e.transmit_count;
  // Miss indications count against one transmission (§7.2.4 "three missing
  // reports" for what was sent); a new transmission starts again.
  e.miss_indications = 0;
  EnterState(e, ChunkState::kInFlight);
  // §6.3.1 C5: "RTT measurements SHOULD only be made using a DATA chunk
  // with TSN r if no DATA chunk with TSN less than or equal to r was
  // retransmitted since the DATA chunk with TSN r was sent first." Every
  // chunk sent so far is excluded (a superset of those above `tsn`).
  rtt_valid_from_ = count_;
}

std::optional<TimePoint> RetransmissionQueue::OldestInFlight(
    size_t path) const noexcept {
  if (path >= kMaxPaths || flight_[path] == 0) return std::nullopt;
  std::optional<TimePoint> oldest;
  for (size_t i = 0; i < count_; ++i) {
    const Entry& e = At(i);
    if (e.state == ChunkState::kInFlight && e.path == path &&
        (!oldest || e.sent_at < *oldest)) {
      oldest = e.sent_at;
    }
  }
  return oldest;
}

std::optional<ChunkInfo> RetransmissionQueue::Info(Tsn tsn) const noexcept {
  std::optional<size_t> index = IndexOf(tsn);
  if (!index) return std::nullopt;
  const Entry& e = At(*index);
  ChunkInfo info;
  info.state = e.state;
  info.path = e.path;
  info.transmit_count = e.transmit_count;
  info.miss_indications = e.miss_indications;
  info.fast_retransmit = e.fast_retransmit;
  info.fast_retransmitted = e.fast_retransmitted;
  info.sent_at = e.sent_at;
  return info;
}

bool RetransmissionQueue::IsConsistent() const noexcept {
  if (count_ > capacity_) return false;
  uint32_t payload = 0;
  uint32_t flight[kMaxPaths] = {};
  uint32_t unacked[kMaxPaths] = {};
  size_t gap_acked = 0;
  size_t to_retransmit = 0;
  size_t fast = 0;
  uint32_t tsn = cumulative_tsn_ack().value() + 1;
  for (size_t i = 0; i < count_; ++i, ++tsn) {
    const Entry& e = At(i);
    if (e.record.tsn.value() != tsn || e.path >= kMaxPaths) return false;
    if (e.fast_retransmit && e.state != ChunkState::kToRetransmit) {
      return false;
    }
    switch (e.state) {
      case ChunkState::kInFlight:
        payload += e.record.length;
        flight[e.path] += DataChunkSize(e.record.length);
        ++unacked[e.path];
        break;
      case ChunkState::kGapAcked:
        ++gap_acked;
        break;
      case ChunkState::kReneged:
        ++unacked[e.path];
        break;
      case ChunkState::kToRetransmit:
        ++to_retransmit;
        if (e.fast_retransmit) {
          ++fast;
          if (i < fast_scan_from_) return false;
        }
        if (i < retransmit_scan_from_) return false;
        break;
    }
  }
  return payload == flight_payload_ &&
         std::equal(std::begin(flight), std::end(flight),
                    std::begin(flight_)) &&
         std::equal(std::begin(unacked), std::end(unacked),
                    std::begin(unacked_chunks_)) &&
         gap_acked == gap_acked_ && to_retransmit == to_retransmit_ &&
         fast == fast_to_retransmit_ &&
         (!in_fast_recovery_ || IdLess(cumulative_tsn_ack(), exit_point_));
}

}  // namespace dpsctp::tx
