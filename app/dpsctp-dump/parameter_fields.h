// The fields dpsctp-dump prints for parameters and error causes, read
// through the lib/wire parameter and error cause views. Lists nest
// (an ASCONF request holds an address parameter, an Error Cause Indication
// holds causes, an Unrecognized Parameters cause holds parameters), and are
// printed in wire order, depth first.
#ifndef DPSCTP_APP_DPSCTP_DUMP_PARAMETER_FIELDS_H_
#define DPSCTP_APP_DPSCTP_DUMP_PARAMETER_FIELDS_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "json_writer.h"

namespace dpsctp::dump {

// Deeper lists are printed as their length only.
inline constexpr int kMaxNesting = 8;

// Writes each TLV of `list` (parameters) as an object element of the array
// that is open in `out`: {"type","name","length", fields...}. A TLV its
// view rejects gets "malformed":true; a list that ends in a malformed TLV
// header gets a last element {"malformed_list": <error name>}.
void WriteParameterElements(std::span<const uint8_t> list, JsonWriter& out,
                            int depth = 0);
// The same for error causes ({"code","name","length", fields...}).
void WriteCauseElements(std::span<const uint8_t> list, JsonWriter& out,
                        int depth = 0);

// Key + array + elements.
void WriteParameterList(std::string_view key, std::span<const uint8_t> list,
                        JsonWriter& out, int depth = 0);
void WriteCauseList(std::string_view key, std::span<const uint8_t> list,
                    JsonWriter& out, int depth = 0);

}  // namespace dpsctp::dump

#endif  // DPSCTP_APP_DPSCTP_DUMP_PARAMETER_FIELDS_H_
