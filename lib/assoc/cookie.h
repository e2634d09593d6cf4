// The State Cookie (RFC 9260 §5.1.3, §5.1.5, §5.2.4): what an endpoint puts
// in its INIT ACK so that it can answer an INIT without keeping any state,
// and rebuild the association from the COOKIE ECHO that comes back.
//
// CookieContents is the plain, fixed-size record of everything needed to
// create the association. CookieAuthenticator turns it into bytes followed
// by an HMAC-SHA256 tag, and checks and decodes such bytes. The secret keys
// come from the caller (lib/ has no RNG): the driver generates them and
// rotates them periodically; the previous key stays valid for one rotation
// so that cookies in flight at rotation time are still accepted.
//
// Wire format, version 1 (big-endian, no padding; only we ever read it):
//    0  version (1)             1  address count (0..8)
//    2  local port              4  peer port
//    6  outbound streams        8  inbound streams
//   10  local Initiate Tag     14  local initial TSN
//   18  peer Initiate Tag      22  peer initial TSN
//   26  peer a_rwnd            30  peer capability flags
//   34  Local-Tie-Tag          38  Peer's-Tie-Tag
//   42  creation time (ns)     50  lifespan (ns)
//   58  address count x { family (4 or 6), 16 address bytes }
//  then HMAC-SHA256 (32 bytes) over every byte before it.
#ifndef DPSCTP_ASSOC_COOKIE_H_
#define DPSCTP_ASSOC_COOKIE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/result.h"
#include "common/strong_id.h"
#include "common/time.h"
#include "common/types.h"
#include "wire/wire_writer.h"

namespace dpsctp::assoc {

// RFC 9260 §2: "Two 32-bit random numbers that together make a 64-bit
// nonce" (0 when there is no previous TCB, §5.2.2).
// TODO(assoc): move to common/types.h when the TCB needs it too.
using TieTag = StrongId<struct TieTagTag, uint32_t>;

// RFC 9260 §16 "Valid.Cookie.Life: 60 seconds".
inline constexpr Duration kDefaultValidCookieLife = Duration::Seconds(60);

inline constexpr size_t kMaxCookieAddresses = 8;
inline constexpr uint8_t kCookieFormatVersion = 1;
inline constexpr size_t kCookieFixedSize = 58;
inline constexpr size_t kCookieAddressSize = 17;
inline constexpr size_t kCookieMacSize = 32;
inline constexpr size_t kCookieMinSize = kCookieFixedSize + kCookieMacSize;
inline constexpr size_t kCookieMaxSize =
    kCookieMinSize + kMaxCookieAddresses * kCookieAddressSize;

constexpr size_t CookieSize(size_t address_count) noexcept {
  return kCookieFixedSize + address_count * kCookieAddressSize +
         kCookieMacSize;
}

// One peer transport address. IPv4 uses bytes[0..3]; the other 12 bytes are
// zero.
struct CookieAddress {
  static constexpr uint8_t kIpv4 = 4;
  static constexpr uint8_t kIpv6 = 6;

  uint8_t family = 0;
  std::array<uint8_t, 16> bytes{};

  friend bool operator==(const CookieAddress&,
                         const CookieAddress&) = default;
};

// Bits of CookieContents::peer_capabilities: what the peer offered in its
// INIT (and we accepted).
struct CookieCapability {
  static constexpr uint32_t kForwardTsn = 1u << 0;   // PR-SCTP, RFC 3758
  static constexpr uint32_t kIData = 1u << 1;        // interleaving, RFC 8260
  static constexpr uint32_t kReconfig = 1u << 2;     // RFC 6525
  static constexpr uint32_t kAuth = 1u << 3;         // RFC 4895
  static constexpr uint32_t kAsconf = 1u << 4;       // RFC 5061
  static constexpr uint32_t kZeroChecksum = 1u << 5; // RFC 9653
  static constexpr uint32_t kEcn = 1u << 6;          // RFC 9260 App. A
};

// Everything the association needs, fixed size, no heap. "Local" is the
// endpoint that makes the cookie (the INIT ACK sender), "peer" the INIT
// sender. Stream counts are already negotiated (RFC 9260 §5.1.1) by the
// caller.
struct CookieContents {
  VerificationTag local_initiate_tag;
  Tsn local_initial_tsn;
  VerificationTag peer_initiate_tag;
  Tsn peer_initial_tsn;
  uint32_t peer_a_rwnd = 0;
  uint16_t outbound_streams = 0;
  uint16_t inbound_streams = 0;
  uint16_t local_port = 0;
  uint16_t peer_port = 0;
  uint32_t peer_capabilities = 0;  // CookieCapability bits
  TieTag local_tie_tag;            // RFC 9260 §5.2.2, zero when none
  TieTag peer_tie_tag;
  uint8_t address_count = 0;
  std::array<CookieAddress, kMaxCookieAddresses> peer_addresses{};
  TimePoint created;
  Duration lifespan;

  std::span<const CookieAddress> addresses() const noexcept {
    return std::span<const CookieAddress>(peer_addresses)
        .first(address_count <= kMaxCookieAddresses ? address_count : 0);
  }

  friend bool operator==(const CookieContents&,
                         const CookieContents&) = default;
};

enum class CookieError : uint8_t {
  kTooShort,   // shorter than the smallest cookie we make
  kBadVersion, // authentic, but a format this build does not read
  kBadMac,     // not made by us with the current or previous key
  kStale,      // authentic, but past its lifespan (RFC 9260 §5.1.5 step 4)
  kMalformed,  // authentic, but inconsistent (we never make such a cookie)
};

constexpr std::string_view ToString(CookieError e) noexcept {
  switch (e) {
    case CookieError::kTooShort:
      return "too short";
    case CookieError::kBadVersion:
      return "bad version";
    case CookieError::kBadMac:
      return "bad MAC";
    case CookieError::kStale:
      return "stale";
    case CookieError::kMalformed:
      return "malformed";
  }
  return "?";
}

// Why a cookie was refused. For kStale, `staleness_us` is the Measure of
// Staleness for the Stale Cookie cause (RFC 9260 §3.3.10.3); 0 otherwise.
struct CookieRejection {
  CookieError error;
  uint32_t staleness_us = 0;
};

// RFC 9260 §3.3.10.3: "the difference, rounded up in microseconds, between
// the current time and the time the State Cookie expired", saturated at
// 2^32-1; std::nullopt while the cookie is still valid at `now`. Exactly at
// expiry the cookie is still valid (§5.1.5 step 4: stale only "If the
// elapsed time is longer than the lifespan").
std::optional<uint32_t> CookieStaleness(const CookieContents& contents,
                                        TimePoint now) noexcept;

// The lifespan to put in a new cookie: Valid.Cookie.Life plus the peer's
// Cookie Preservative (RFC 9260 §3.3.2.1.3) if it sent one, the increment
// capped at `max_increment` (negative caps count as zero).
Duration CookieLifespan(Duration valid_cookie_life,
                        std::optional<uint32_t> preservative_ms,
                        Duration max_increment) noexcept;

using CookieKey = std::array<uint8_t, 32>;

// Makes and checks State Cookies with HMAC-SHA256 under a secret key.
// Owns a copy of the current and previous keys (wiped on destruction) and
// one pre-keyed OpenSSL MAC context per key, made when a key is set, so
// that a cookie costs no key schedule and no context creation (see
// cookie.cc for the allocations OpenSSL 3.0 still makes). One per shard;
// not thread-safe.
class CookieAuthenticator {
 public:
  explicit CookieAuthenticator(const CookieKey& key) noexcept;
  ~CookieAuthenticator();
  CookieAuthenticator(const CookieAuthenticator&) = delete;
  CookieAuthenticator& operator=(const CookieAuthenticator&) = delete;

  // The current key becomes the previous one (still accepted by Verify);
  // the old previous key is forgotten.
  void RotateKey(const CookieKey& new_key) noexcept;

  // Appends the cookie (CookieSize(contents.address_count) bytes) to `out`.
  // All or nothing: false, with nothing appended, if it does not fit, if
  // `contents` is invalid (more than 8 addresses, unknown family, negative
  // lifespan) or if OpenSSL fails.
  [[nodiscard]] bool Make(const CookieContents& contents,
                          wire::WireWriter& out) const noexcept;

  // Checks the MAC (current key, then previous), the format, and the
  // lifespan at `now` (RFC 9260 §5.1.5 steps 1, 2 and 4). Step 3 (ports and
  // Verification Tag against the packet's common header) is the caller's.
  [[nodiscard]] Result<CookieContents, CookieRejection> Verify(
      std::span<const uint8_t> cookie, TimePoint now) const noexcept;

  // Verify without the lifespan check, for a COOKIE ECHO that meets an
  // existing TCB: RFC 9260 §5.2.4 step 3 accepts a stale cookie whose tags
  // match the association's. Use CookieStaleness() afterwards.
  [[nodiscard]] Result<CookieContents, CookieRejection> Authenticate(
      std::span<const uint8_t> cookie) const noexcept;

 private:
  // HMAC-SHA256 of `data` under the current (or previous) key.
  bool Mac(bool previous, std::span<const uint8_t> data,
           std::span<uint8_t, kCookieMacSize> mac) const noexcept;
  bool MacMatches(bool previous, std::span<const uint8_t> body,
                  std::span<const uint8_t> carried_mac) const noexcept;

  CookieKey current_key_;
  CookieKey previous_key_{};
  bool has_previous_key_ = false;
  // EVP_MAC_CTX*, keyed with current_key_ / previous_key_; null if OpenSSL
  // could not make one (then the one-shot HMAC() is used). Opaque here so
  // that this header does not pull in OpenSSL.
  void* current_ctx_ = nullptr;
  void* previous_ctx_ = nullptr;
};

}  // namespace dpsctp::assoc

#endif  // DPSCTP_ASSOC_COOKIE_H_
