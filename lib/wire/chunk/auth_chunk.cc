// RFC 4895 §5.1 Authentication Chunk (AUTH) (15)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Type = 0x0F   |   Flags=0     |             Length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Shared Key Identifier     |   HMAC Identifier             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// /                             HMAC                              /
// /                                                               /
// |                               +-------------------------------|
// |                               |         Padding               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/chunk/auth_chunk.h"

namespace dpsctp::wire {

std::optional<AuthChunk> AuthChunk::Parse(
    std::span<const uint8_t> data) noexcept {
  // RFC 4895 §5.1: "This value holds the length of the HMAC in bytes plus
  // 8." ParseTlv() checks Length against the bytes; every HMAC length is
  // representable, so there is nothing more to validate at this layer.
  if (!ParseTlv(data)) {
    return std::nullopt;
  }
  return AuthChunk(data);
}

bool AuthChunk::SerializeTo(WireWriter& out, uint16_t shared_key_id,
                            uint16_t hmac_id,
                            std::span<const uint8_t> hmac) noexcept {
  auto w = AllocateTlv(out, hmac.size());
  if (!w) {
    return false;
  }
  // RFC 4895 §5.1: Flags "SHOULD be set to zero on transmit and MUST be
  // ignored on receipt" (AllocateTlv zero-fills).
  w->Store16<4>(shared_key_id);
  w->Store16<6>(hmac_id);
  w->CopyToVariableData(hmac);
  return true;
}

uint16_t AuthChunk::shared_key_id() const noexcept {
  return reader().Load16<4>();
}
uint16_t AuthChunk::hmac_id() const noexcept { return reader().Load16<6>(); }
std::span<const uint8_t> AuthChunk::hmac() const noexcept {
  return reader().variable_data();
}

std::string AuthChunk::ToString() const {
  return "AUTH, shared_key_id=" + std::to_string(shared_key_id()) +
         ", hmac_id=" + std::to_string(hmac_id()) +
         ", hmac_length=" + std::to_string(hmac().size());
}

}  // namespace dpsctp::wire
