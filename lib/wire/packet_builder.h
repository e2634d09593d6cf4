// PacketBuilder: bundles chunks into one SCTP packet, in a buffer the caller
// lends (a TX mbuf's data area), up to a size limit (the path MTU less the IP
// headers). RFC 9260 §6.10: "An endpoint bundles chunks by simply including
// multiple chunks in one outbound SCTP packet. The total size of the
// resultant IP datagram, including the SCTP packet and IP headers, MUST be
// less than or equal to the current PMTU."
//
// Every chunk is written straight into the buffer, padded to 4 bytes; a chunk
// that does not fit is rolled back whole, so the packet stays well formed.
#ifndef DPSCTP_WIRE_PACKET_BUILDER_H_
#define DPSCTP_WIRE_PACKET_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <span>

#include "crc/crc32c.h"
#include "wire/common_header.h"
#include "wire/wire_writer.h"

namespace dpsctp::wire {

class PacketBuilder {
 public:
  // `buffer` must outlive the builder. `max_packet_size` counts the common
  // header and every chunk with its padding.
  PacketBuilder(std::span<uint8_t> buffer, const CommonHeader& header,
                size_t max_packet_size) noexcept;

  // Calls `serialize(WireWriter&) -> bool` to append one chunk. If it fails
  // (the chunk does not fit), everything it wrote is undone and false is
  // returned.
  template <typename Serialize>
  bool TryAdd(Serialize&& serialize) noexcept {
    if (!valid_) {
      return false;
    }
    const size_t start = writer_.size();
    if (!serialize(writer_) || writer_.overflowed() || !writer_.PadTo4()) {
      writer_.Truncate(start);
      return false;
    }
    ++chunk_count_;
    return true;
  }

  // Appends chunk bytes already serialized elsewhere (padded here).
  bool TryAddBytes(std::span<const uint8_t> chunk) noexcept;

  size_t chunk_count() const noexcept { return chunk_count_; }
  bool empty() const noexcept { return chunk_count_ == 0; }
  size_t size() const noexcept { return writer_.size(); }
  // Room left for chunks (and their padding).
  size_t remaining() const noexcept { return writer_.remaining(); }
  // False when the buffer cannot even hold the common header.
  bool valid() const noexcept { return valid_; }

  // Fills in the checksum and returns the packet. Empty if no chunk was
  // added (RFC 9260 §3: a packet carries one or more chunks).
  std::span<uint8_t> Finish(crc::TxChecksumMode mode) noexcept;

 private:
  WireWriter writer_;
  size_t chunk_count_ = 0;
  bool valid_ = false;
};

}  // namespace dpsctp::wire

#endif  // DPSCTP_WIRE_PACKET_BUILDER_H_
