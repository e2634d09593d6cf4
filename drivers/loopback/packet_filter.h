// Targeted faults for the loopback wire: a predicate picks packets out of
// one direction's traffic ("the first chunk is a COOKIE ECHO", "the 3rd
// packet"), and an action says what happens to the ones it picks (drop,
// duplicate, delay, corrupt, or hold until the test releases them), for a
// given number of matches.
//
// This is test and benchmark infrastructure (drivers/, not lib/): predicates
// are std::function, and the Wire owns its filters in a std::vector. Nothing
// here runs unless a filter is installed.
#ifndef DPSCTP_DRIVERS_LOOPBACK_PACKET_FILTER_H_
#define DPSCTP_DRIVERS_LOOPBACK_PACKET_FILTER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string_view>

#include "common/address.h"
#include "common/strong_id.h"
#include "common/time.h"
#include "wire/chunk_type.h"

namespace dpsctp::loopback {

// The two ends of a Wire.
enum class Side : uint8_t { kA = 0, kB = 1 };

constexpr Side Other(Side side) noexcept {
  return side == Side::kA ? Side::kB : Side::kA;
}

constexpr std::string_view ToString(Side side) noexcept {
  return side == Side::kA ? "A" : "B";
}

// What a predicate sees of a packet entering the wire. `bytes` is the SCTP
// packet as the sender passed it (common header + chunks) and is valid only
// during the call.
struct PacketInfo {
  Side from = Side::kA;
  // 1-based count of packets sent in this direction, this one included.
  uint64_t sequence = 0;
  TimePoint now;
  PacketAddresses addresses;
  std::span<const uint8_t> bytes;
};

// Called from Wire::Send() for each packet of the filter's direction until
// the filter's count is used up. It must not call into the Wire.
using PacketPredicate = std::function<bool(const PacketInfo&)>;

// Chunk walking on a contiguous packet, for predicates. A packet too short
// for a common header has no chunks; the walk stops at the first chunk whose
// framing is broken (what came before it still counts).
std::optional<wire::ChunkType> FirstChunkType(
    std::span<const uint8_t> packet) noexcept;
bool HasChunk(std::span<const uint8_t> packet, wire::ChunkType type) noexcept;

// Ready-made predicates.
PacketPredicate AnyPacket();
// The packet's first chunk has this type ("the INIT", "a COOKIE ECHO
// bundled with DATA").
PacketPredicate FirstChunkIs(wire::ChunkType type);
// Some chunk in the packet has this type.
PacketPredicate ContainsChunk(wire::ChunkType type);
// The n-th packet sent in the filter's direction (1-based, PacketInfo::
// sequence), whatever it carries.
PacketPredicate NthPacket(uint64_t n);

enum class FilterAction : uint8_t {
  kDrop,       // never delivered (counted as DropReason::kFilter)
  kDuplicate,  // delivered twice; the copy `delay` after the original
  kDelay,      // delivered `delay` later than the link latency says
  kCorrupt,    // one random bit of the SCTP packet flipped
  kHold,       // kept in the wire until Wire::ReleaseHeld()/DropHeld()
};

constexpr std::string_view ToString(FilterAction action) noexcept {
  switch (action) {
    case FilterAction::kDrop:
      return "drop";
    case FilterAction::kDuplicate:
      return "duplicate";
    case FilterAction::kDelay:
      return "delay";
    case FilterAction::kCorrupt:
      return "corrupt";
    case FilterAction::kHold:
      return "hold";
  }
  return "?";
}

inline constexpr uint64_t kUnlimited = std::numeric_limits<uint64_t>::max();

// A targeted fault on one direction. E.g. "drop the first 2 COOKIE ECHOs":
//   {.match = FirstChunkIs(wire::ChunkType::kCookieEcho),
//    .action = FilterAction::kDrop, .count = 2}
struct PacketFilter {
  PacketPredicate match;
  FilterAction action = FilterAction::kDrop;
  // kDelay: the extra delay; kDuplicate: how long after the original the
  // copy arrives. Ignored by the other actions.
  Duration delay = Duration::Zero();
  // How many matching packets the action applies to; the filter then stays
  // installed but inert. kUnlimited: every match.
  uint64_t count = 1;
};

using FilterId = StrongId<struct FilterIdTag, uint32_t>;

}  // namespace dpsctp::loopback

#endif  // DPSCTP_DRIVERS_LOOPBACK_PACKET_FILTER_H_
