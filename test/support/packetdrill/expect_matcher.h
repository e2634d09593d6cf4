// Checks a packet the SUT sent against an expect line (`> sctp: ...`).
//
// The packet is decoded with lib/wire (ParsePacket, then each chunk's own
// Parse(), so a malformed chunk from the SUT is a mismatch) and compared
// chunk by chunk, in order, with the specs: same number of chunks, then
// type, flags, Length and every field the spec gives. `...` matches
// anything; a `...` element in a parameter or cause list matches any run of
// elements (usually written last: "and any further parameters").
//
// Also checked, since a real peer would drop the packet otherwise:
//   - the CRC32c (RFC 9260 §6.8);
//   - the ports (SUT port to tester port);
//   - the Verification Tag (RFC 9260 §3.1, §8.5.1): 0 for an INIT; the
//     tag of the packet it answers for a T-bit ABORT or SHUTDOWN COMPLETE;
//     the Initiate Tag of the last injected INIT for an INIT ACK; for
//     anything else, a tag the tester announced in an INIT or INIT ACK
//     (never 0). Which of several announced tags is the right one is not
//     modelled: after an INIT collision either is accepted.
//
// Script values of the SUT's initiate tag and TSNs (INIT/INIT ACK tag and
// tsn, DATA and I-DATA tsn, FORWARD TSN cum_tsn, RE-CONFIG request numbers)
// are translated through TesterState; the first INIT or INIT ACK binds
// them. On a match the state learns what the tester will echo later (the
// State Cookie, the Heartbeat Info).
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_EXPECT_MATCHER_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_EXPECT_MATCHER_H_

#include <cstdint>
#include <span>
#include <string>

#include "test/support/packetdrill/script.h"
#include "test/support/packetdrill/tester_state.h"

namespace dpsctp::packetdrill {

struct MatchResult {
  enum class Status : uint8_t {
    kMatch,
    kMismatch,  // the SUT sent something else: `message` says what differs
    kBadSpec,   // the expect line cannot be interpreted (unsupported)
  };
  Status status = Status::kMatch;
  std::string message;

  bool matched() const { return status == Status::kMatch; }
};

// Updates `state` only when the packet matches.
MatchResult MatchExpectedPacket(const PacketEvent& expected,
                                std::span<const uint8_t> actual,
                                TesterState& state, const Ports& ports);

// "sctp(8080 > 45000, vtag=0x1234abcd): INIT_ACK, ...; COOKIE_ACK": the
// common header and each chunk's lib/wire ToString(), for messages.
std::string DescribePacket(std::span<const uint8_t> packet);

// The expect line back in script syntax: "sctp: INIT[flgs=0, ...]".
std::string DescribeSpecs(const PacketEvent& event);

}  // namespace dpsctp::packetdrill

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_EXPECT_MATCHER_H_
