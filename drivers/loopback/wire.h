// Wire: an in-memory network path between two SCTP endpoints, side A and
// side B, in virtual time, for unit tests, scenario tests and benchmarks
// (quinn-proto's simulated Pair; ARCHITECTURE.md: no netem here, faults are
// injected in-process).
//
// Each side sends whole SCTP packets (common header + chunks) with the L3
// addresses they would carry; the wire delivers them to the other side after
// the direction's latency, in order of delivery time (FIFO for equal times).
// Per direction it can:
//  - lose, duplicate, reorder (extra random delay) or corrupt (flip one bit)
//    packets at random, with given probabilities, from a seeded PRNG: the same
//    seed and the same traffic give the same faults. Each direction has its
//    own PRNG stream and every packet consumes exactly one draw from it, so
//    the faults one direction sees do not depend on the other direction's
//    traffic, and turning one knob on does not change which packets another
//    knob picks;
//  - apply targeted faults (packet_filter.h): drop / duplicate / delay /
//    corrupt / hold the packets a predicate picks, a given number of times;
//  - drop packets larger than the path MTU;
//  - count what happened (LinkCounters);
//  - record packets in pcap files (as sent, and optionally as delivered),
//    time-stamped with the virtual time.
//
// Order of processing in Send(): count, capture (as sent), MTU check, the
// first installed filter that matches and still has a count left; a packet
// no filter acted on then goes through the random faults (loss, corruption,
// reordering, duplication, drawn in this order). A filter's action replaces
// the random faults for that packet, so a targeted test stays exact on a
// lossy link.
//
// Ownership: Send() copies the bytes (the sender's buffer may be reused at
// once); buffers are recycled, so steady-state traffic does not allocate.
// Receive() returns a view into the wire's buffer, valid until the next
// Receive() for the same side, or until the Wire is destroyed.
//
// Not thread-safe: one harness thread drives both sides. Time is whatever
// the caller passes; the wire reads no clock.
//
// A harness loop, with a FakeClock (fake_clock.h):
//   wire.Send(Side::kA, clock.now(), addrs, packet);   // A's output
//   while (std::optional<TimePoint> t = wire.NextDeliveryTime()) {
//     clock.AdvanceTo(std::max(*t, clock.now()));  // or an earlier timer
//     while (auto d = wire.Receive(Side::kB, clock.now())) {
//       b.HandlePacket(clock.now(), d->addresses, d->bytes);  // may Send()
//     }
//     ... the same for Side::kA ...
//   }
#ifndef DPSCTP_DRIVERS_LOOPBACK_WIRE_H_
#define DPSCTP_DRIVERS_LOOPBACK_WIRE_H_

#include <array>
#include <cstddef>
#include <deque>
#include <memory>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "buf/buf_ref.h"
#include "buf/packet_view.h"
#include "capture/pcap_writer.h"
#include "common/address.h"
#include "common/time.h"
#include "drivers/loopback/packet_filter.h"

namespace dpsctp::loopback {

// The knobs of one direction. Probabilities are in [0, 1]; 0 turns the
// fault off.
struct LinkConfig {
  // One-way delay: a packet sent at t is due at t + latency.
  Duration latency = Duration::Zero();
  // Largest IP datagram (IP header + SCTP packet) the path carries; larger
  // packets are dropped (DropReason::kMtu). The IP header counts 20 bytes
  // for IPv4 and 40 for IPv6 (no options, no extension headers), as RFC 9260
  // §6.10 counts the PMTU. 0: no limit.
  size_t mtu = 0;

  double loss = 0.0;
  // Probability of delivering a second copy, `duplicate_delay` after the
  // original.
  double duplicate = 0.0;
  Duration duplicate_delay = Duration::Zero();
  // Probability of an extra delay, uniform in [1 ns, reorder_max_delay],
  // which lets later packets overtake this one.
  double reorder = 0.0;
  Duration reorder_max_delay = Duration::Millis(1);
  // Probability of flipping one random bit of the SCTP packet (header or
  // chunks), which the receiver's CRC32c check catches.
  double corrupt = 0.0;
};

enum class DropReason : uint8_t {
  kLoss,           // random loss (LinkConfig::loss)
  kFilter,         // a kDrop filter
  kMtu,            // larger than LinkConfig::mtu
  kHeldDiscarded,  // held by a kHold filter, then Wire::DropHeld()
};
inline constexpr size_t kDropReasonCount = 4;

constexpr std::string_view ToString(DropReason reason) noexcept {
  switch (reason) {
    case DropReason::kLoss:
      return "loss";
    case DropReason::kFilter:
      return "filter";
    case DropReason::kMtu:
      return "mtu";
    case DropReason::kHeldDiscarded:
      return "held_discarded";
  }
  return "?";
}

// Per direction. Once the wire is empty:
//   sent + duplicated == delivered + dropped()
// and at any time the difference is in_flight() + held().
struct LinkCounters {
  uint64_t sent = 0;        // packets passed to Send()
  uint64_t delivered = 0;   // packets returned by Receive(), copies included
  uint64_t duplicated = 0;  // extra copies made (random or by a filter)
  uint64_t corrupted = 0;   // packets with a flipped bit
  uint64_t delayed = 0;     // extra delay (random reordering or a filter)
  uint64_t held = 0;        // packets a kHold filter took
  uint64_t released = 0;    // held packets put back on the wire
  std::array<uint64_t, kDropReasonCount> dropped_by{};

  uint64_t dropped(DropReason reason) const noexcept {
    return dropped_by[static_cast<size_t>(reason)];
  }
  uint64_t dropped() const noexcept {
    uint64_t total = 0;
    for (uint64_t n : dropped_by) {
      total += n;
    }
    return total;
  }
};

// One packet handed to the receiving side.
struct Datagram {
  PacketAddresses addresses;
  // The SCTP packet. Owned by the Wire: valid until the next Receive() for
  // the same side, or for as long as a reference taken through View()'s
  // owner is held (zero-copy receive keeps DATA payload that way).
  std::span<const uint8_t> bytes;
  TimePoint sent_at;
  TimePoint due_at;   // when it arrived (<= the `now` passed to Receive)
  uint64_t sequence;  // PacketInfo::sequence of the packet sent
  bool duplicate;     // the extra copy of a duplicated packet
  bool corrupted;     // a bit was flipped on the way
  void* buffer = nullptr;             // the counted packet buffer
  const buf::BufOps* buffer_ops = nullptr;

  // A view whose owner is the packet buffer, as a NIC driver lends mbufs.
  buf::PacketView View() const noexcept {
    buf::PacketView v(bytes);
    v.SetOwner(buffer, buffer_ops);
    return v;
  }
};

enum class CapturePoint : uint8_t {
  kSent,       // every packet passed to Send(), before any fault
  kDelivered,  // every packet returned by Receive(), as delivered
};

struct CaptureConfig {
  bool sent = false;
  bool delivered = false;
  // Added to the virtual time (nanoseconds) to form the pcap timestamp;
  // negative sums are recorded as 0.
  int64_t time_offset_ns = 0;
};

struct WireConfig {
  uint64_t seed = 1;
  LinkConfig a_to_b;
  LinkConfig b_to_a;
  CaptureConfig capture;
};

class Wire {
 public:
  explicit Wire(const WireConfig& config = WireConfig());

  Wire(const Wire&) = delete;
  Wire& operator=(const Wire&) = delete;
  // Moving keeps the packet buffers, so Datagrams stay valid.
  Wire(Wire&&) = default;
  Wire& operator=(Wire&&) = default;

  // The knobs of the direction `from` -> Other(from). They may be changed
  // between calls; packets already on the wire keep their delivery time.
  const LinkConfig& link(Side from) const noexcept { return dir(from).link; }
  void set_link(Side from, const LinkConfig& link) noexcept {
    dir(from).link = link;
  }

  // Puts `bytes` (an SCTP packet) on the wire from `from` to the other side
  // at `now`. Copies the bytes; never fails (a dropped packet is counted).
  void Send(Side from, TimePoint now, const PacketAddresses& addresses,
            std::span<const uint8_t> bytes);

  // The next packet for `to` whose delivery time is at or before `now`
  // (earliest first, FIFO among equal times), or nullopt. Invalidates the
  // Datagram the previous Receive(to, ...) returned.
  std::optional<Datagram> Receive(Side to, TimePoint now);

  // The earliest delivery time of a packet on the wire (either direction;
  // held packets excluded), or nullopt when nothing is in flight. A harness
  // advances its clock to it.
  std::optional<TimePoint> NextDeliveryTime() const noexcept;
  std::optional<TimePoint> NextDeliveryTime(Side to) const noexcept;

  // Packets scheduled for delivery to `to` (held ones excluded).
  size_t in_flight(Side to) const noexcept {
    return dir(Other(to)).queue.size();
  }
  bool empty() const noexcept {
    return in_flight(Side::kA) == 0 && in_flight(Side::kB) == 0;
  }
  // Packet buffers referenced now (queued, held, just delivered, or kept by
  // a receiver): a pool that returns to its start value leaks nothing.
  uint64_t buffers_referenced() const noexcept { return pool_->referenced; }
  // Drops the wire's reference to the packets last delivered to each side
  // (Receive() does it for one side); for leak checks at the end of a test.
  void ReleaseDelivered() noexcept;

  // Targeted faults, applied to packets sent by `from`. Filters are tried in
  // the order they were added; the first that matches and has a count left
  // acts, and the packet skips the others and the random faults.
  FilterId AddFilter(Side from, PacketFilter filter);
  // How many packets the filter has acted on so far (0 for an unknown id).
  uint64_t FilterHits(FilterId id) const noexcept;
  // Uninstalls one filter, or all those of a direction. Held packets stay
  // held.
  void RemoveFilter(FilterId id) noexcept;
  void ClearFilters(Side from) noexcept;

  // Packets sent by `from` that a kHold filter holds.
  size_t held(Side from) const noexcept { return dir(from).held.size(); }
  // Puts the held packets of a direction back on the wire, in the order
  // they were sent; each is due at the later of `now` and the time it would
  // have arrived. Returns how many.
  size_t ReleaseHeld(Side from, TimePoint now);
  // Discards them (DropReason::kHeldDiscarded). Returns how many.
  size_t DropHeld(Side from) noexcept;

  const LinkCounters& counters(Side from) const noexcept {
    return dir(from).counters;
  }

  // Capture. Packets whose addresses are not IPv4 are not recorded (the
  // pcap writer only frames IPv4) and are counted in capture_skipped().
  void set_capture(const CaptureConfig& config) noexcept { capture_ = config; }
  const CaptureConfig& capture_config() const noexcept { return capture_; }
  const capture::PcapWriter& capture(CapturePoint point) const noexcept {
    return point == CapturePoint::kSent ? sent_pcap_ : delivered_pcap_;
  }
  uint64_t capture_skipped() const noexcept { return capture_skipped_; }
  // Writes that capture to a file (truncating it). False on I/O error.
  [[nodiscard]] bool WriteCapture(CapturePoint point,
                                  const std::string& path) const;

 private:
  // xoshiro256** (Blackman and Vigna), seeded through SplitMix64: small,
  // fast, and the same sequence on every platform and standard library.
  class Rng {
   public:
    explicit Rng(uint64_t seed) noexcept;
    uint64_t Next() noexcept;

   private:
    std::array<uint64_t, 4> s_{};
  };

  // One packet's bytes and metadata, counted: the wire holds one reference
  // while the packet is queued or just delivered, receivers may take more.
  // Slots are recycled through the pool's free list; a slot's vector keeps
  // its capacity, so a reused slot does not allocate.
  struct SlotPool;
  struct Slot {
    SlotPool* pool = nullptr;
    uint32_t index = 0;
    uint32_t refs = 0;
    std::vector<uint8_t> bytes;
    PacketAddresses addresses;
    TimePoint sent_at;
    uint64_t sequence = 0;
    bool duplicate = false;
    bool corrupted = false;
  };

  struct Pending {
    TimePoint due_at;
    uint64_t order = 0;  // global send order: FIFO among equal due times
    uint32_t slot = 0;
  };
  // std::push_heap/pop_heap build a max-heap: "later" ranks lower.
  struct LaterFirst {
    bool operator()(const Pending& a, const Pending& b) const noexcept {
      return a.due_at != b.due_at ? a.due_at > b.due_at : a.order > b.order;
    }
  };

  struct InstalledFilter {
    FilterId id;
    PacketFilter filter;
    uint64_t hits = 0;
  };

  // Everything about one direction, indexed by the sending side.
  struct Direction {
    explicit Direction(uint64_t seed) noexcept : rng(seed) {}

    LinkConfig link;
    Rng rng;
    uint64_t next_sequence = 1;
    LinkCounters counters;
    std::vector<Pending> queue;  // heap ordered by LaterFirst
    std::vector<Pending> held;   // in send order
    std::vector<InstalledFilter> filters;
    // The slot the receiving side's last Datagram points into, freed by the
    // next Receive() for that side.
    std::optional<uint32_t> delivered_slot;
  };

  Direction& dir(Side from) noexcept {
    return dirs_[static_cast<size_t>(from)];
  }
  const Direction& dir(Side from) const noexcept {
    return dirs_[static_cast<size_t>(from)];
  }

  // The random decisions for one packet (defined in wire.cc).
  struct RandomFaults;

  uint32_t AcquireSlot();
  void ReleaseSlot(uint32_t slot) noexcept;
  void Schedule(Direction& d, TimePoint due_at, uint32_t slot);
  InstalledFilter* MatchFilter(Direction& d, const PacketInfo& info);
  void ApplyFilter(Direction& d, const InstalledFilter& f, TimePoint due_at,
                   uint32_t slot, uint64_t corrupt_random);
  void ApplyRandomFaults(Direction& d, const RandomFaults& faults,
                         TimePoint due_at, uint32_t slot);
  // A copy of the slot (marked as the duplicate), not yet scheduled.
  uint32_t Duplicate(Direction& d, uint32_t slot);
  void Corrupt(Direction& d, uint32_t slot, uint64_t random) noexcept;
  void Capture(capture::PcapWriter& pcap, TimePoint time,
               const PacketAddresses& addresses,
               std::span<const uint8_t> bytes);

  std::array<Direction, 2> dirs_;
  // On the heap, in a deque: slots never move, so buffer handles (Slot*)
  // stay valid while the Wire itself is moved or the pool grows.
  struct SlotPool {
    std::deque<Slot> slots;
    std::vector<uint32_t> free;
    uint64_t referenced = 0;  // slots with a reference
  };
  static void RetainSlot(void* handle) noexcept;
  static void UnrefSlot(void* handle) noexcept;
  static const buf::BufOps kSlotOps;
  Slot& slot_at(uint32_t i) noexcept { return pool_->slots[i]; }
  std::unique_ptr<SlotPool> pool_ = std::make_unique<SlotPool>();
  uint64_t next_order_ = 0;
  uint32_t next_filter_id_ = 1;

  CaptureConfig capture_;
  capture::PcapWriter sent_pcap_;
  capture::PcapWriter delivered_pcap_;
  uint64_t capture_skipped_ = 0;
};

}  // namespace dpsctp::loopback

#endif  // DPSCTP_DRIVERS_LOOPBACK_WIRE_H_
