#include "endpoint/listener_table.h"

#include <algorithm>

namespace dpsctp::endpoint {

ListenerTable::ListenerTable(uint32_t capacity)
    : ports_(std::make_unique<uint16_t[]>(capacity)),
      ids_(std::make_unique<ListenerId[]>(capacity)),
      capacity_(capacity) {}

uint32_t ListenerTable::LowerBound(uint16_t local_port) const noexcept {
  const uint16_t* begin = ports_.get();
  return static_cast<uint32_t>(
      std::lower_bound(begin, begin + size_, local_port) - begin);
}

bool ListenerTable::Add(uint16_t local_port, ListenerId id) noexcept {
  if (local_port == 0 || size_ == capacity_) {
    return false;
  }
  const uint32_t i = LowerBound(local_port);
  if (i < size_ && ports_[i] == local_port) {
    return false;
  }
  for (uint32_t j = size_; j > i; --j) {
    ports_[j] = ports_[j - 1];
    ids_[j] = ids_[j - 1];
  }
  ports_[i] = local_port;
  ids_[i] = id;
  ++size_;
  return true;
}

std::optional<ListenerId> ListenerTable::Remove(uint16_t local_port) noexcept {
  const uint32_t i = LowerBound(local_port);
  if (i == size_ || ports_[i] != local_port) {
    return std::nullopt;
  }
  const ListenerId id = ids_[i];
  for (uint32_t j = i + 1; j < size_; ++j) {
    ports_[j - 1] = ports_[j];
    ids_[j - 1] = ids_[j];
  }
  --size_;
  return id;
}

std::optional<ListenerId> ListenerTable::Find(
    uint16_t local_port) const noexcept {
  const uint32_t i = LowerBound(local_port);
  if (i == size_ || ports_[i] != local_port) {
    return std::nullopt;
  }
  return ids_[i];
}

}  // namespace dpsctp::endpoint
