// IP fragment reassembly for offline decoding.
// RFC 791 §3.2 (IPv4): "the fragment offset ... measured in units of 8
// octets"; a datagram is complete when the fragment with MF = 0 has arrived
// and every 8-octet unit before its end is filled.
// RFC 8200 §4.5 (IPv6): fragments are matched on source, destination and
// Identification; the same 8-octet units apply.
#include "capture/ip_reassembler.h"

#include <cstring>

namespace dpsctp::capture {

IpReassembler::Slot& IpReassembler::FindOrAllocate(
    const IpFragment& f) noexcept {
  Slot* free_slot = nullptr;
  Slot* oldest = &slots_[0];
  for (Slot& s : slots_) {
    if (s.in_use) {
      if (s.identification == f.identification && s.protocol == f.protocol &&
          s.source == f.source && s.destination == f.destination) {
        return s;
      }
      if (s.last_used < oldest->last_used) {
        oldest = &s;
      }
    } else if (free_slot == nullptr) {
      free_slot = &s;
    }
  }
  Slot* s = free_slot;
  if (s == nullptr) {
    s = oldest;
    ++evicted_;
  }
  s->in_use = true;
  s->source = f.source;
  s->destination = f.destination;
  s->identification = f.identification;
  s->protocol = f.protocol;
  s->total_length = 0;
  s->total_known = false;
  s->units_covered = 0;
  s->coverage.fill(0);
  return *s;
}

std::optional<IpReassembler::Datagram> IpReassembler::Add(
    const IpFragment& f) noexcept {
  if (f.truncated) {
    return std::nullopt;
  }
  const size_t begin = f.offset;
  const size_t size = f.payload.size();
  if (begin > kMaxDatagramSize || size > kMaxDatagramSize - begin) {
    return std::nullopt;
  }
  // RFC 8200 §4.5: "the length of [each fragment but the last] ... is an
  // integer multiple of 8 octets"; IPv4 offsets imply the same.
  if (f.more_fragments && size % 8 != 0) {
    return std::nullopt;
  }
  Slot& s = FindOrAllocate(f);
  s.last_used = ++clock_;
  const size_t end = begin + size;
  if (!f.more_fragments) {
    s.total_length = end;
    s.total_known = true;
  }
  if (size > 0) {
    std::memcpy(s.data.data() + begin, f.payload.data(), size);
  }
  for (size_t unit = begin / 8; unit < (end + 7) / 8; ++unit) {
    const uint8_t bit = static_cast<uint8_t>(1u << (unit % 8));
    if ((s.coverage[unit / 8] & bit) == 0) {
      s.coverage[unit / 8] |= bit;
      ++s.units_covered;
    }
  }
  if (!s.total_known) {
    return std::nullopt;
  }
  const size_t needed = (s.total_length + 7) / 8;
  // Units past the end (from a bogus earlier fragment) do not count.
  size_t covered = 0;
  if (s.units_covered >= needed) {
    for (size_t unit = 0; unit < needed; ++unit) {
      if ((s.coverage[unit / 8] >> (unit % 8)) & 1) {
        ++covered;
      }
    }
  }
  if (covered < needed) {
    return std::nullopt;
  }
  s.in_use = false;
  return Datagram{s.source, s.destination, s.protocol,
                  std::span<const uint8_t>(s.data.data(), s.total_length)};
}

size_t IpReassembler::pending() const noexcept {
  size_t n = 0;
  for (const Slot& s : slots_) {
    n += s.in_use ? 1 : 0;
  }
  return n;
}

}  // namespace dpsctp::capture
