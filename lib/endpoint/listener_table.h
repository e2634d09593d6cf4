// ListenerTable: the SCTP ports this shard accepts new associations on.
//
// An INIT (or a COOKIE ECHO that creates an association) is for us only if
// some listener owns its destination port; otherwise it is out of the blue
// (RFC 9260 §8.4) and, for an INIT, answered with an ABORT. The value is an
// opaque ListenerId that the endpoint maps to its listener configuration
// (options, application handler).
//
// A small, fixed table filled from configuration: ports are kept sorted in
// one dense array, so Find() is a binary search over a few cache lines, and
// Add()/Remove() (control plane only) shift the arrays. Everything is
// allocated in the constructor. One shard owns it; no locks.
#ifndef DPSCTP_ENDPOINT_LISTENER_TABLE_H_
#define DPSCTP_ENDPOINT_LISTENER_TABLE_H_

#include <cstdint>
#include <memory>
#include <optional>

#include "common/strong_id.h"

namespace dpsctp::endpoint {

// Opaque to this table: an index into the endpoint's listener configs.
using ListenerId = StrongId<struct ListenerIdTag, uint32_t>;

class ListenerTable {
 public:
  // Room for `capacity` listening ports, allocated now.
  explicit ListenerTable(uint32_t capacity);

  ListenerTable(ListenerTable&&) noexcept = default;
  ListenerTable& operator=(ListenerTable&&) noexcept = default;
  ListenerTable(const ListenerTable&) = delete;
  ListenerTable& operator=(const ListenerTable&) = delete;

  // Starts listening on `local_port`. Returns false, and changes nothing,
  // for port 0 (RFC 9260 §3.1: "The Destination Port Number 0 MUST NOT be
  // used"), for a port that already has a listener, or when full.
  [[nodiscard]] bool Add(uint16_t local_port, ListenerId id) noexcept;

  // Stops listening; returns the listener that owned the port, if any.
  // Existing associations on the port are the caller's business.
  std::optional<ListenerId> Remove(uint16_t local_port) noexcept;

  // The listener on `local_port`, if any.
  std::optional<ListenerId> Find(uint16_t local_port) const noexcept;

  uint32_t size() const noexcept { return size_; }
  uint32_t capacity() const noexcept { return capacity_; }
  bool empty() const noexcept { return size_ == 0; }

 private:
  // The index of the first port >= local_port (size_ if none).
  uint32_t LowerBound(uint16_t local_port) const noexcept;

  std::unique_ptr<uint16_t[]> ports_;  // sorted, ascending
  std::unique_ptr<ListenerId[]> ids_;  // ids_[i] listens on ports_[i]
  uint32_t capacity_ = 0;
  uint32_t size_ = 0;
};

}  // namespace dpsctp::endpoint

#endif  // DPSCTP_ENDPOINT_LISTENER_TABLE_H_
