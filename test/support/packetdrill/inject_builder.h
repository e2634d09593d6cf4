// Builds the SCTP packet of an inject line (`< sctp: ...`): common header,
// chunks padded to 4 bytes, CRC32c.
//
// Chunks, parameters and causes are written with the lib/wire serializers
// whenever the script describes a well-formed one; a script that means to
// send something malformed (a Length that disagrees with the value, a DATA
// chunk without user data, CHUNK[...], raw bytes) gets exactly the bytes it
// asks for instead, since that is the point of a conformance test.
//
// Values follow nplab packetdrill:
//   - Verification Tag: 0 when the packet holds an INIT chunk; the tester's
//     own tag when it holds a T-bit ABORT or SHUTDOWN COMPLETE; otherwise
//     the SUT's Initiate Tag. `sctp(tag=N)` overrides it: N is a script
//     value of the SUT's tag, remapped like any other (so tag=3 where the
//     SUT's tag was called 2 is "the SUT's tag plus one", a wrong tag),
//     except that 0 stays 0.
//   - TSNs that refer to what the SUT sent (SACK and SHUTDOWN Cumulative
//     TSN Ack, duplicate TSNs, ECNE, CWR, RE-CONFIG response numbers) are
//     remapped from script to live values; the tester's own numbers are
//     sent as written.
//   - COOKIE_ECHO[val=...] echoes the State Cookie of the SUT's last
//     INIT ACK, HEARTBEAT_ACK[HEARTBEAT_INFORMATION[val=...]] the Heartbeat
//     Info of its last HEARTBEAT; `len=...` with no value is the shortest
//     (or the given) length, zero filled.
//   - `sctp(bad_crc32c)` sends a wrong checksum.
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_INJECT_BUILDER_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_INJECT_BUILDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "test/support/packetdrill/script.h"
#include "test/support/packetdrill/tester_state.h"

namespace dpsctp::packetdrill {

struct BuiltPacket {
  // Common header and chunks, checksum filled in.
  std::vector<uint8_t> bytes;
  uint32_t verification_tag = 0;
  // Initiate Tags of the INIT and INIT ACK chunks in the packet (the ones
  // lib/wire finds well-formed): the tester's tags from now on.
  std::optional<uint32_t> init_tag;
  std::optional<uint32_t> init_ack_tag;
};

// Errors name the spec and field that cannot be built.
Result<BuiltPacket, std::string> BuildInjectPacket(const PacketEvent& event,
                                                   const TesterState& state,
                                                   const Ports& ports);

// One chunk (Kind::kSpec), padded to 4 bytes. For tests.
Result<std::vector<uint8_t>, std::string> BuildChunk(const Value& spec,
                                                     const TesterState& state);

}  // namespace dpsctp::packetdrill

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_INJECT_BUILDER_H_
