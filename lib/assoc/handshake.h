// Stateless pieces of association setup, shared by the endpoint (which
// answers INIT and COOKIE ECHO with no TCB, RFC 9260 §5.1) and the
// association (which answers them when a TCB exists, §5.2).
#ifndef DPSCTP_ASSOC_HANDSHAKE_H_
#define DPSCTP_ASSOC_HANDSHAKE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "assoc/cookie.h"
#include "assoc/options.h"
#include "common/address.h"
#include "common/types.h"
#include "crc/crc32c.h"
#include "wire/chunk/init_chunk.h"
#include "wire/common_header.h"
#include "wire/packet_builder.h"
#include "wire/wire_writer.h"

namespace dpsctp::assoc {

// What the peer's INIT (or INIT ACK) says beyond its fixed fields.
struct PeerInitInfo {
  // §5.1.2: the source address plus every IPv4/IPv6 Address parameter,
  // without duplicates, at most kMaxCookieAddresses.
  std::array<IpAddress, kMaxCookieAddresses> addresses{};
  size_t address_count = 0;
  bool host_name = false;           // §5.1.2 rule 2: ABORT
  std::span<const uint8_t> host_name_parameter;  // quoted in that ABORT
  std::optional<uint32_t> cookie_preservative_ms;
  uint32_t capabilities = 0;        // CookieCapability bits offered
  // §3.2.1: a parameter with upper bits 00 or 01 stopped the processing.
  bool stopped_early = false;
  // Unrecognized parameters to report (§3.2.2), as bytes into the chunk.
  std::array<std::span<const uint8_t>, 8> unrecognized{};
  size_t unrecognized_count = 0;
  // The State Cookie (INIT ACK only); it may be empty but present.
  std::span<const uint8_t> state_cookie;
  bool has_state_cookie = false;
  bool malformed = false;           // a known parameter failed to parse

  std::span<const IpAddress> address_list() const noexcept {
    return std::span<const IpAddress>(addresses).first(address_count);
  }
};

// Walks the parameters of an INIT or INIT ACK. `source` is the IP source
// of the packet (always recorded first, §5.1.2 rule 3).
PeerInitInfo ReadInitParameters(std::span<const uint8_t> parameters,
                                const IpAddress& source,
                                bool is_init_ack) noexcept;

// §3.3.2 / §3.3.3: the fixed fields that make the chunk unusable.
enum class InitVerdict : uint8_t {
  kOk,
  kDiscard,        // Initiate Tag 0 (§3.3.2: "silently discard")
  kAbortInvalid,   // a_rwnd < 1500, OS 0 or MIS 0: ABORT, Invalid Mandatory
};
InitVerdict CheckInitFields(const wire::InitFields& fields) noexcept;

// §5.1.1: "the number of outbound streams ... MUST NOT be greater than the
// MIS value" of the peer.
inline uint16_t NegotiateStreams(uint16_t ours, uint16_t peers_limit) noexcept {
  return ours < peers_limit ? ours : peers_limit;
}

// The capabilities we offer and accept (none of the extensions yet).
inline constexpr uint32_t kLocalCapabilities = 0;

// Writes a complete INIT ACK chunk answering `init`: our fixed fields, our
// address (when `local_address` is set), the State Cookie made from
// `cookie`, and Unrecognized Parameter parameters for what `info` reports.
bool WriteInitAckChunk(wire::WireWriter& out, const wire::InitFields& ours,
                       const CookieContents& cookie,
                       const CookieAuthenticator& authenticator,
                       const PeerInitInfo& info) noexcept;

// Our INIT: fixed fields, Supported Address Types, and a Cookie
// Preservative when `preservative_ms` > 0 (§5.2.6).
bool WriteInitChunk(wire::WireWriter& out, const wire::InitFields& ours,
                    const IpAddress& local_address,
                    uint32_t preservative_ms) noexcept;

// The cookie for an INIT from `packet_addresses.src` (lifespan per §5.1.3
// and the Cookie Preservative), tags and TSNs given by the caller.
CookieContents MakeCookieContents(const wire::InitChunk& init,
                                  const PeerInitInfo& info,
                                  const wire::InitFields& ours,
                                  uint16_t local_port, uint16_t peer_port,
                                  TieTag local_tie, TieTag peer_tie,
                                  TimePoint now,
                                  const AssocOptions& options) noexcept;

// ABORT (optionally with the T bit) carrying one cause, `cause_code` then
// `cause_info`, or none when `cause_code` is 0.
bool WriteAbortChunk(wire::WireWriter& out, bool t_bit, uint16_t cause_code,
                     std::span<const uint8_t> cause_info) noexcept;

// ERROR carrying one cause: `cause_code` followed by `cause_info`.
bool WriteErrorChunk(wire::WireWriter& out, uint16_t cause_code,
                     std::span<const uint8_t> cause_info) noexcept;

// A packet of exactly one chunk written by `write` into `buffer`, with the
// checksum finished. Empty span when it did not fit.
template <typename Write>
std::span<uint8_t> WriteSingleChunkPacket(std::span<uint8_t> buffer,
                                          uint16_t source_port,
                                          uint16_t destination_port,
                                          VerificationTag vtag,
                                          size_t max_size,
                                          crc::TxChecksumMode mode,
                                          Write&& write) noexcept {
  wire::CommonHeader header;
  header.source_port = source_port;
  header.destination_port = destination_port;
  header.verification_tag = vtag;
  wire::PacketBuilder builder(buffer, header, max_size);
  if (!builder.TryAdd(write)) return {};
  return builder.Finish(mode);
}

}  // namespace dpsctp::assoc

#endif  // DPSCTP_ASSOC_HANDSHAKE_H_
