#include "drivers/loopback/wire.h"

#include <algorithm>
#include <cstdio>
#include <type_traits>
#include <utility>

namespace dpsctp::loopback {
namespace {

constexpr size_t kIpv4HeaderSize = 20;
constexpr size_t kIpv6HeaderSize = 40;

uint64_t SplitMix64(uint64_t& state) noexcept {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }

// A uniform double in [0, 1) from the top 53 bits.
double Unit(uint64_t r) noexcept {
  return static_cast<double>(r >> 11) * 0x1.0p-53;
}

// The IP datagram size the MTU is compared with.
size_t IpHeaderSize(const PacketAddresses& addresses) noexcept {
  return addresses.src.is_v6() || addresses.dst.is_v6() ? kIpv6HeaderSize
                                                        : kIpv4HeaderSize;
}

}  // namespace

// The random decisions for one packet, all drawn from the one value the
// packet took from its direction's stream, always all of them and always in
// this order, so that each knob's choices do not depend on the others.
struct Wire::RandomFaults {
  bool lose = false;
  bool corrupt = false;
  uint64_t corrupt_random = 0;
  bool reorder = false;
  Duration extra_delay;
  bool duplicate = false;

  RandomFaults(const LinkConfig& link, uint64_t packet_random) noexcept {
    uint64_t state = packet_random;
    lose = Unit(SplitMix64(state)) < link.loss;
    corrupt = Unit(SplitMix64(state)) < link.corrupt;
    corrupt_random = SplitMix64(state);
    reorder = Unit(SplitMix64(state)) < link.reorder;
    const uint64_t delay_random = SplitMix64(state);
    duplicate = Unit(SplitMix64(state)) < link.duplicate;
    const int64_t max_ns = link.reorder_max_delay.nanos();
    if (reorder && max_ns > 0) {
      extra_delay = Duration::Nanos(
          1 +
          static_cast<int64_t>(delay_random % static_cast<uint64_t>(max_ns)));
    } else {
      reorder = false;
    }
  }
};

Wire::Rng::Rng(uint64_t seed) noexcept {
  uint64_t state = seed;
  for (uint64_t& word : s_) {
    word = SplitMix64(state);
  }
}

uint64_t Wire::Rng::Next() noexcept {
  const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

Wire::Wire(const WireConfig& config)
    : dirs_{Direction(config.seed ^ 0xA5A5A5A5A5A5A5A5ull),
            Direction(config.seed ^ 0x5A5A5A5A5A5A5A5Aull)},
      capture_(config.capture) {
  dir(Side::kA).link = config.a_to_b;
  dir(Side::kB).link = config.b_to_a;
}

void Wire::Send(Side from, TimePoint now, const PacketAddresses& addresses,
                std::span<const uint8_t> bytes) {
  Direction& d = dir(from);
  const uint64_t sequence = d.next_sequence++;
  const uint64_t packet_random = d.rng.Next();
  ++d.counters.sent;
  if (capture_.sent) {
    Capture(sent_pcap_, now, addresses, bytes);
  }

  if (d.link.mtu != 0 && IpHeaderSize(addresses) + bytes.size() > d.link.mtu) {
    ++d.counters.dropped_by[static_cast<size_t>(DropReason::kMtu)];
    return;
  }

  InstalledFilter* filter = nullptr;
  if (!d.filters.empty()) {
    filter = MatchFilter(d, PacketInfo{from, sequence, now, addresses, bytes});
    if (filter != nullptr && filter->filter.action == FilterAction::kDrop) {
      ++d.counters.dropped_by[static_cast<size_t>(DropReason::kFilter)];
      return;
    }
  }

  const RandomFaults faults(d.link, packet_random);
  if (filter == nullptr && faults.lose) {
    ++d.counters.dropped_by[static_cast<size_t>(DropReason::kLoss)];
    return;
  }

  const uint32_t slot = AcquireSlot();
  Slot& s = slot_at(slot);
  s.bytes.assign(bytes.begin(), bytes.end());
  s.addresses = addresses;
  s.sent_at = now;
  s.sequence = sequence;
  s.duplicate = false;
  s.corrupted = false;

  const TimePoint due_at = now + d.link.latency;
  if (filter != nullptr) {
    ApplyFilter(d, *filter, due_at, slot, faults.corrupt_random);
    return;
  }
  ApplyRandomFaults(d, faults, due_at, slot);
}

std::optional<Datagram> Wire::Receive(Side to, TimePoint now) {
  Direction& d = dir(Other(to));
  if (d.delivered_slot.has_value()) {
    ReleaseSlot(*d.delivered_slot);
    d.delivered_slot.reset();
  }
  if (d.queue.empty() || d.queue.front().due_at > now) {
    return std::nullopt;
  }
  std::pop_heap(d.queue.begin(), d.queue.end(), LaterFirst());
  const Pending p = d.queue.back();
  d.queue.pop_back();
  d.delivered_slot = p.slot;
  ++d.counters.delivered;

  const Slot& s = slot_at(p.slot);
  if (capture_.delivered) {
    Capture(delivered_pcap_, p.due_at, s.addresses, s.bytes);
  }
  return Datagram{s.addresses, s.bytes,     s.sent_at,  p.due_at,
                  s.sequence,  s.duplicate, s.corrupted,
                  const_cast<Slot*>(&s), &kSlotOps};
}

std::optional<TimePoint> Wire::NextDeliveryTime(Side to) const noexcept {
  const Direction& d = dir(Other(to));
  if (d.queue.empty()) {
    return std::nullopt;
  }
  return d.queue.front().due_at;
}

std::optional<TimePoint> Wire::NextDeliveryTime() const noexcept {
  const std::optional<TimePoint> a = NextDeliveryTime(Side::kA);
  const std::optional<TimePoint> b = NextDeliveryTime(Side::kB);
  if (!a.has_value()) {
    return b;
  }
  if (!b.has_value()) {
    return a;
  }
  return std::min(*a, *b);
}

FilterId Wire::AddFilter(Side from, PacketFilter filter) {
  const FilterId id(next_filter_id_++);
  dir(from).filters.push_back(InstalledFilter{id, std::move(filter), 0});
  return id;
}

uint64_t Wire::FilterHits(FilterId id) const noexcept {
  for (const Direction& d : dirs_) {
    for (const InstalledFilter& f : d.filters) {
      if (f.id == id) {
        return f.hits;
      }
    }
  }
  return 0;
}

void Wire::RemoveFilter(FilterId id) noexcept {
  for (Direction& d : dirs_) {
    std::erase_if(d.filters,
                  [id](const InstalledFilter& f) { return f.id == id; });
  }
}

void Wire::ClearFilters(Side from) noexcept { dir(from).filters.clear(); }

size_t Wire::ReleaseHeld(Side from, TimePoint now) {
  Direction& d = dir(from);
  const size_t n = d.held.size();
  for (const Pending& p : d.held) {
    Schedule(d, std::max(now, p.due_at), p.slot);
  }
  d.held.clear();
  d.counters.released += n;
  return n;
}

size_t Wire::DropHeld(Side from) noexcept {
  Direction& d = dir(from);
  const size_t n = d.held.size();
  for (const Pending& p : d.held) {
    ReleaseSlot(p.slot);
  }
  d.held.clear();
  d.counters.dropped_by[static_cast<size_t>(DropReason::kHeldDiscarded)] += n;
  return n;
}

bool Wire::WriteCapture(CapturePoint point, const std::string& path) const {
  const std::vector<uint8_t>& bytes = capture(point).bytes();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    return false;
  }
  const bool written =
      std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const bool closed = std::fclose(f) == 0;
  return written && closed;
}

const buf::BufOps Wire::kSlotOps{&Wire::RetainSlot, &Wire::UnrefSlot};

void Wire::RetainSlot(void* handle) noexcept {
  ++static_cast<Slot*>(handle)->refs;
}

void Wire::UnrefSlot(void* handle) noexcept {
  Slot* s = static_cast<Slot*>(handle);
  if (--s->refs == 0) {
    --s->pool->referenced;
    s->pool->free.push_back(s->index);
  }
}

uint32_t Wire::AcquireSlot() {
  SlotPool& pool = *pool_;
  uint32_t index;
  if (!pool.free.empty()) {
    index = pool.free.back();
    pool.free.pop_back();
  } else {
    index = static_cast<uint32_t>(pool.slots.size());
    pool.slots.emplace_back();
    pool.slots.back().pool = &pool;
    pool.slots.back().index = index;
    // Room for every slot to be free at once, so that releasing never
    // allocates.
    pool.free.reserve(pool.slots.size());
  }
  pool.slots[index].refs = 1;
  ++pool.referenced;
  return index;
}

void Wire::ReleaseDelivered() noexcept {
  for (Direction& d : dirs_) {
    if (d.delivered_slot.has_value()) {
      ReleaseSlot(*d.delivered_slot);
      d.delivered_slot.reset();
    }
  }
}

void Wire::ReleaseSlot(uint32_t slot) noexcept { UnrefSlot(&slot_at(slot)); }

void Wire::Schedule(Direction& d, TimePoint due_at, uint32_t slot) {
  d.queue.push_back(Pending{due_at, next_order_++, slot});
  std::push_heap(d.queue.begin(), d.queue.end(), LaterFirst());
}

Wire::InstalledFilter* Wire::MatchFilter(Direction& d, const PacketInfo& info) {
  for (InstalledFilter& f : d.filters) {
    if (f.hits >= f.filter.count || !f.filter.match) {
      continue;
    }
    if (f.filter.match(info)) {
      ++f.hits;
      return &f;
    }
  }
  return nullptr;
}

void Wire::ApplyFilter(Direction& d, const InstalledFilter& f, TimePoint due_at,
                       uint32_t slot, uint64_t corrupt_random) {
  switch (f.filter.action) {
    case FilterAction::kDrop:
      // Handled in Send() before a slot is taken.
      ReleaseSlot(slot);
      ++d.counters.dropped_by[static_cast<size_t>(DropReason::kFilter)];
      return;
    case FilterAction::kDuplicate:
      Schedule(d, due_at, slot);
      Schedule(d, due_at + f.filter.delay, Duplicate(d, slot));
      return;
    case FilterAction::kDelay:
      ++d.counters.delayed;
      Schedule(d, due_at + f.filter.delay, slot);
      return;
    case FilterAction::kCorrupt:
      Corrupt(d, slot, corrupt_random);
      Schedule(d, due_at, slot);
      return;
    case FilterAction::kHold:
      ++d.counters.held;
      d.held.push_back(Pending{due_at, 0, slot});
      return;
  }
}

void Wire::ApplyRandomFaults(Direction& d, const RandomFaults& faults,
                             TimePoint due_at, uint32_t slot) {
  // The copy is taken before corruption: the fault hit one copy only.
  std::optional<uint32_t> copy;
  if (faults.duplicate) {
    copy = Duplicate(d, slot);
  }
  if (faults.corrupt) {
    Corrupt(d, slot, faults.corrupt_random);
  }
  if (faults.reorder) {
    ++d.counters.delayed;
    due_at += faults.extra_delay;
  }
  Schedule(d, due_at, slot);
  if (copy.has_value()) {
    Schedule(d, due_at + d.link.duplicate_delay, *copy);
  }
}

uint32_t Wire::Duplicate(Direction& d, uint32_t slot) {
  const uint32_t copy = AcquireSlot();
  Slot& c = slot_at(copy);
  const Slot& original = slot_at(slot);
  c.bytes.assign(original.bytes.begin(), original.bytes.end());
  c.addresses = original.addresses;
  c.sent_at = original.sent_at;
  c.sequence = original.sequence;
  c.duplicate = true;
  c.corrupted = false;
  ++d.counters.duplicated;
  return copy;
}

void Wire::Corrupt(Direction& d, uint32_t slot, uint64_t random) noexcept {
  Slot& s = slot_at(slot);
  if (s.bytes.empty()) {
    return;
  }
  const uint64_t bit = random % (static_cast<uint64_t>(s.bytes.size()) * 8);
  s.bytes[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
  s.corrupted = true;
  ++d.counters.corrupted;
}

void Wire::Capture(capture::PcapWriter& pcap, TimePoint time,
                   const PacketAddresses& addresses,
                   std::span<const uint8_t> bytes) {
  const int64_t ns = time.nanos() + capture_.time_offset_ns;
  const uint64_t at = ns < 0 ? 0 : static_cast<uint64_t>(ns);
  bool written = false;
  if (addresses.src.is_v4() && addresses.dst.is_v4()) {
    std::array<uint8_t, 4> src, dst;
    std::copy_n(addresses.src.bytes.begin(), 4, src.begin());
    std::copy_n(addresses.dst.bytes.begin(), 4, dst.begin());
    written = pcap.AddSctpOverIpv4(at, src, dst, bytes);
  } else if (addresses.src.is_v6() && addresses.dst.is_v6()) {
    written = pcap.AddSctpOverIpv6(at, addresses.src.bytes, addresses.dst.bytes,
                                   bytes);
  }
  // Mixed or missing families have no IP header to write.
  if (!written) ++capture_skipped_;
}

}  // namespace dpsctp::loopback
