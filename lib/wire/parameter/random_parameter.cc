// RFC 4895 §3.1 Random Parameter (RANDOM) (0x8002)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 0x8002   |       Parameter Length        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                                                               |
// /                          Random Number                        /
// /                                                               /
// |                               +-------------------------------|
// |                               |           Padding             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/random_parameter.h"

namespace dpsctp::wire {

std::optional<RandomParameter> RandomParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 4895 §3.1: "The RANDOM parameter MUST be included once in the INIT
  // or INIT-ACK chunk, if the sender wants to send or receive authenticated
  // chunks, to provide a 32-byte Random Number." The field itself is "n
  // bytes", so other sizes parse; an empty one contributes nothing to the
  // shared key and is rejected.
  if (reader->variable_data_size() == 0) {
    return std::nullopt;
  }
  return RandomParameter(data);
}

bool RandomParameter::SerializeTo(WireWriter& out,
                                  std::span<const uint8_t> random) noexcept {
  if (random.empty()) {
    return false;
  }
  auto w = AllocateTlv(out, random.size());
  if (!w) {
    return false;
  }
  w->CopyToVariableData(random);
  return true;
}

std::span<const uint8_t> RandomParameter::random() const noexcept {
  return data_.subspan(kHeaderSize);
}

std::string RandomParameter::ToString() const {
  return "RANDOM, length=" + std::to_string(random().size());
}

}  // namespace dpsctp::wire
