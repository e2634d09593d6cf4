// IpReassembler: puts IPv4 and IPv6 fragments back together for offline
// decoding, so that an SCTP packet sent in several IP fragments is shown once,
// on the frame that completes it (what Wireshark does with its default
// ip.defragment / ipv6.defragment preferences).
//
// Fixed storage: kSlots datagrams of up to kMaxDatagramSize payload bytes
// each are reassembled at once; when all slots are busy the least recently
// touched one is dropped. Nothing is allocated after construction. The object
// is large (about kSlots * 66 KiB): allocate it once, not on the stack.
//
// Fragments whose payload was cut by the capture's snap length cannot be
// reassembled and are refused. Overlapping fragments are accepted; the later
// bytes win.
#ifndef DPSCTP_CAPTURE_IP_REASSEMBLER_H_
#define DPSCTP_CAPTURE_IP_REASSEMBLER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "capture/frame_decoder.h"

namespace dpsctp::capture {

class IpReassembler {
 public:
  static constexpr size_t kSlots = 8;
  static constexpr size_t kMaxDatagramSize = 65535;  // payload bytes

  struct Datagram {
    IpAddress source;
    IpAddress destination;
    uint8_t protocol = 0;
    std::span<const uint8_t> payload;  // valid until the next Add()
  };

  // Adds a fragment. Returns the whole datagram payload once the fragment
  // completes it, else nullopt (also for refused fragments: truncated, or
  // past kMaxDatagramSize, or a non-last fragment not a multiple of 8).
  std::optional<Datagram> Add(const IpFragment& fragment) noexcept;

  // Number of datagrams still waiting for fragments.
  size_t pending() const noexcept;
  // Datagrams dropped because every slot was busy.
  uint64_t evicted() const noexcept { return evicted_; }

 private:
  static constexpr size_t kUnits = (kMaxDatagramSize + 7) / 8;

  struct Slot {
    bool in_use = false;
    IpAddress source;
    IpAddress destination;
    uint32_t identification = 0;
    uint8_t protocol = 0;
    uint64_t last_used = 0;
    size_t total_length = 0;  // known once the last fragment arrived
    bool total_known = false;
    size_t units_covered = 0;
    std::array<uint8_t, kUnits / 8 + 1> coverage{};  // one bit per 8 bytes
    std::array<uint8_t, kMaxDatagramSize> data{};
  };

  Slot& FindOrAllocate(const IpFragment& f) noexcept;

  std::array<Slot, kSlots> slots_{};
  uint64_t clock_ = 0;
  uint64_t evicted_ = 0;
};

}  // namespace dpsctp::capture

#endif  // DPSCTP_CAPTURE_IP_REASSEMBLER_H_
