// RFC 6525 §4.4 Re-configuration Response Parameter (16)
//
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 16       |      Parameter Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Re-configuration Response Sequence Number             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            Result                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   Sender's Next TSN (optional)                |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Receiver's Next TSN (optional)               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#include "wire/parameter/reconfiguration_response_parameter.h"

namespace dpsctp::wire {

namespace {
constexpr size_t kNextTsnsSize = 8;
}  // namespace

std::optional<ReconfigurationResponseParameter>
ReconfigurationResponseParameter::Parse(
    std::span<const uint8_t> data) noexcept {
  auto reader = ParseTlv(data);
  if (!reader) {
    return std::nullopt;
  }
  // RFC 6525 §4.4: the Parameter Length "MUST be either 12 or 20": the two
  // optional TSNs come together or not at all.
  if (reader->variable_data_size() != 0 &&
      reader->variable_data_size() != kNextTsnsSize) {
    return std::nullopt;
  }
  return ReconfigurationResponseParameter(data);
}

bool ReconfigurationResponseParameter::SerializeTo(
    WireWriter& out, ReconfigRequestSn response_sequence_number, Result result,
    std::optional<Tsn> sender_next_tsn,
    std::optional<Tsn> receiver_next_tsn) noexcept {
  if (sender_next_tsn.has_value() != receiver_next_tsn.has_value()) {
    return false;
  }
  bool with_tsns = sender_next_tsn.has_value();
  auto w = AllocateTlv(out, with_tsns ? kNextTsnsSize : 0);
  if (!w) {
    return false;
  }
  w->Store32<4>(response_sequence_number.value());
  w->Store32<8>(static_cast<uint32_t>(result));
  if (with_tsns) {
    auto tsns = w->sub_writer<kNextTsnsSize>(0);
    tsns.Store32<0>(sender_next_tsn->value());
    tsns.Store32<4>(receiver_next_tsn->value());
  }
  return true;
}

ReconfigRequestSn
ReconfigurationResponseParameter::response_sequence_number() const noexcept {
  return ReconfigRequestSn(reader().Load32<4>());
}

ReconfigurationResponseParameter::Result
ReconfigurationResponseParameter::result() const noexcept {
  return static_cast<Result>(reader().Load32<8>());
}

std::optional<Tsn> ReconfigurationResponseParameter::sender_next_tsn()
    const noexcept {
  if (!has_next_tsns()) {
    return std::nullopt;
  }
  return Tsn(reader().sub_reader<kNextTsnsSize>(0).Load32<0>());
}

std::optional<Tsn> ReconfigurationResponseParameter::receiver_next_tsn()
    const noexcept {
  if (!has_next_tsns()) {
    return std::nullopt;
  }
  return Tsn(reader().sub_reader<kNextTsnsSize>(0).Load32<4>());
}

std::string ReconfigurationResponseParameter::ToString() const {
  std::string s = "RECONFIGURATION_RESPONSE, resp_sn=" +
                  std::to_string(response_sequence_number().value()) +
                  ", result=" +
                  std::to_string(static_cast<uint32_t>(result())) + " (" +
                  std::string(wire::ToString(result())) + ")";
  if (has_next_tsns()) {
    s += ", sender_next_tsn=" + std::to_string(sender_next_tsn()->value()) +
         ", receiver_next_tsn=" +
         std::to_string(receiver_next_tsn()->value());
  }
  return s;
}

}  // namespace dpsctp::wire
