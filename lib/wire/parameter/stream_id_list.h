// The list of 16-bit Stream Numbers that ends the Outgoing (RFC 6525 §4.1)
// and Incoming (§4.2) SSN Reset Request parameters: N entries of 2 bytes
// after the fixed part, N = 0 meaning "all streams". Shared helpers for the
// two views; ParseTlv() already checks the 2-byte granularity.
#ifndef DPSCTP_WIRE_PARAMETER_STREAM_ID_LIST_H_
#define DPSCTP_WIRE_PARAMETER_STREAM_ID_LIST_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "common/byte_order.h"
#include "common/check.h"
#include "common/types.h"
#include "wire/bounded_reader.h"

namespace dpsctp::wire::internal {

inline constexpr size_t kStreamIdSize = 2;

// The number of stream numbers after the fixed part `reader` covers.
template <size_t kFixedSize>
size_t StreamIdCount(const BoundedByteReader<kFixedSize>& reader) noexcept {
  return reader.variable_data_size() / kStreamIdSize;
}

// The i-th stream number; i < StreamIdCount(reader).
template <size_t kFixedSize>
StreamId StreamIdAt(const BoundedByteReader<kFixedSize>& reader,
                    size_t i) noexcept {
  DPSCTP_DCHECK(i < StreamIdCount(reader));
  return StreamId(reader.template sub_reader<kStreamIdSize>(i * kStreamIdSize)
                      .template Load16<0>());
}

// Writes `stream_ids` into `out`, which is stream_ids.size() * 2 bytes.
inline void StoreStreamIds(std::span<uint8_t> out,
                           std::span<const StreamId> stream_ids) noexcept {
  DPSCTP_DCHECK(out.size() == stream_ids.size() * kStreamIdSize);
  uint8_t* p = out.data();
  for (StreamId id : stream_ids) {
    StoreBe16(p, id.value());
    p += kStreamIdSize;
  }
}

// "all" or "1,2,3", for ToString().
template <typename View>
std::string StreamIdsToString(const View& view) {
  if (view.stream_id_count() == 0) {
    return "all";
  }
  std::string s;
  for (size_t i = 0; i < view.stream_id_count(); ++i) {
    s += (i == 0 ? "" : ",") + std::to_string(view.stream_id(i).value());
  }
  return s;
}

}  // namespace dpsctp::wire::internal

#endif  // DPSCTP_WIRE_PARAMETER_STREAM_ID_LIST_H_
