// The per-chunk-type fields dpsctp-dump prints, read through the lib/wire
// chunk views.
#ifndef DPSCTP_APP_DPSCTP_DUMP_CHUNK_FIELDS_H_
#define DPSCTP_APP_DPSCTP_DUMP_CHUNK_FIELDS_H_

#include <cstdint>
#include <span>

#include "json_writer.h"

namespace dpsctp::dump {

// Appends the fields of the chunk of type `type` whose bytes (exactly Chunk
// Length, no padding) are `chunk` to `out`. Returns false, having written
// nothing, when the chunk's view rejects it (the caller reports it as
// malformed). Unknown chunk types return true with no fields.
bool DescribeChunk(uint8_t type, std::span<const uint8_t> chunk,
                   JsonWriter& out);

}  // namespace dpsctp::dump

#endif  // DPSCTP_APP_DPSCTP_DUMP_CHUNK_FIELDS_H_
