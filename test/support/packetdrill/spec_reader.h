// SpecReader: typed access to the fields of one chunk, parameter or cause
// specification, with a single error slot. Builders and matchers read the
// fields they need in sequence and check ok() once at the end:
//
//   SpecReader r(spec);
//   std::optional<uint64_t> tsn = r.Number("tsn", 0xffffffff);
//   std::optional<std::vector<uint8_t>> val = r.Bytes("val");
//   if (!r.ok()) return r.error();
//
// Absent and `...` fields both read as nullopt ("not specified"); what that
// means (a default, or "anything") is the caller's business.
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_SPEC_READER_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_SPEC_READER_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "test/support/packetdrill/script.h"

namespace dpsctp::packetdrill {

class SpecReader {
 public:
  explicit SpecReader(const Value& spec) : spec_(spec) {}

  const std::string& name() const { return spec_.text; }
  // The field's value, or nullptr when absent.
  const Value* Get(std::string_view field) const;
  // Absent or `...`.
  bool Unspecified(std::string_view field) const;

  // An integer in [0, max].
  std::optional<uint64_t> Number(std::string_view field, uint64_t max);
  // Bytes from a list of numbers ([0x01, 2]) or a string ("text").
  std::optional<std::vector<uint8_t>> Bytes(std::string_view field);
  // Chunk Flags: a number, or letters (B, E, U, I, T) the chunk type knows.
  std::optional<uint8_t> Flags(uint8_t chunk_type);
  // The elements of a list field; nullopt when absent or `...`.
  std::optional<std::vector<const Value*>> List(std::string_view field);
  // A list of numbers in [0, max].
  std::optional<std::vector<uint64_t>> NumberList(std::string_view field,
                                                  uint64_t max);
  // SACK gap blocks: gaps=[2:2, 4:5] (offsets from the Cumulative TSN Ack).
  std::optional<std::vector<std::pair<uint16_t, uint16_t>>> Gaps(
      std::string_view field);
  // addr=1.1.1.1 / addr=fe80::1, in network byte order.
  std::optional<std::array<uint8_t, 4>> Ipv4(std::string_view field);
  std::optional<std::array<uint8_t, 16>> Ipv6(std::string_view field);
  // A number list element or struct member, range checked.
  std::optional<uint64_t> ToNumber(const Value& v, uint64_t max,
                                   std::string_view what);

  // Unnamed elements (nested specs and `...`), in order.
  std::vector<const Value*> Elements() const;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void Fail(std::string message);

 private:
  const Value& spec_;
  std::string error_;
};

}  // namespace dpsctp::packetdrill

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_SPEC_READER_H_
