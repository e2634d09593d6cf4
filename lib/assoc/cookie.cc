// RFC 9260 §5.1.3 Generating State Cookie, §5.1.5 State Cookie
// Authentication, §5.2.4 (Tie-Tags), §5.2.6 / §3.3.2.1.3 (Cookie
// Preservative). https://www.rfc-editor.org/rfc/rfc9260#section-5.1.3
#include "assoc/cookie.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include <algorithm>
#include <limits>

#include "common/check.h"
#include "wire/bounded_reader.h"
#include "wire/bounded_writer.h"

namespace dpsctp::assoc {
namespace {

using FixedWriter = wire::BoundedByteWriter<kCookieFixedSize>;
using FixedReader = wire::BoundedByteReader<kCookieFixedSize>;

static_assert(kCookieMaxSize == 226);

bool ValidAddress(const CookieAddress& a) noexcept {
  if (a.family == CookieAddress::kIpv6) {
    return true;
  }
  if (a.family != CookieAddress::kIpv4) {
    return false;
  }
  // One encoding per address: the unused tail of an IPv4 entry is zero.
  return std::all_of(a.bytes.begin() + 4, a.bytes.end(),
                     [](uint8_t b) { return b == 0; });
}

// Writes everything but the MAC into `out` (exactly the body size).
void SerializeBody(const CookieContents& c, std::span<uint8_t> out) noexcept {
  FixedWriter w(out);
  w.Store8<0>(kCookieFormatVersion);
  w.Store8<1>(c.address_count);
  w.Store16<2>(c.local_port);
  w.Store16<4>(c.peer_port);
  w.Store16<6>(c.outbound_streams);
  w.Store16<8>(c.inbound_streams);
  w.Store32<10>(c.local_initiate_tag.value());
  w.Store32<14>(c.local_initial_tsn.value());
  w.Store32<18>(c.peer_initiate_tag.value());
  w.Store32<22>(c.peer_initial_tsn.value());
  w.Store32<26>(c.peer_a_rwnd);
  w.Store32<30>(c.peer_capabilities);
  w.Store32<34>(c.local_tie_tag.value());
  w.Store32<38>(c.peer_tie_tag.value());
  w.Store64<42>(static_cast<uint64_t>(c.created.nanos()));
  w.Store64<50>(static_cast<uint64_t>(c.lifespan.nanos()));
  for (size_t i = 0; i < c.address_count; ++i) {
    const CookieAddress& a = c.peer_addresses[i];
    // Fixed part: the family byte; the 16 address bytes follow it.
    auto aw = w.sub_writer<1>(i * kCookieAddressSize);
    aw.Store8<0>(a.family);
    aw.CopyToVariableData(a.bytes);
  }
}

// `body` is authenticated and sized for its address count already.
Result<CookieContents, CookieRejection> ParseBody(
    std::span<const uint8_t> body) noexcept {
  FixedReader r(body);
  CookieContents c;
  c.address_count = r.Load8<1>();
  c.local_port = r.Load16<2>();
  c.peer_port = r.Load16<4>();
  c.outbound_streams = r.Load16<6>();
  c.inbound_streams = r.Load16<8>();
  c.local_initiate_tag = VerificationTag(r.Load32<10>());
  c.local_initial_tsn = Tsn(r.Load32<14>());
  c.peer_initiate_tag = VerificationTag(r.Load32<18>());
  c.peer_initial_tsn = Tsn(r.Load32<22>());
  c.peer_a_rwnd = r.Load32<26>();
  c.peer_capabilities = r.Load32<30>();
  c.local_tie_tag = TieTag(r.Load32<34>());
  c.peer_tie_tag = TieTag(r.Load32<38>());
  c.created = TimePoint::FromNanos(static_cast<int64_t>(r.Load64<42>()));
  c.lifespan = Duration::Nanos(static_cast<int64_t>(r.Load64<50>()));
  if (c.lifespan < Duration::Zero()) {
    return MakeUnexpected(CookieRejection{CookieError::kMalformed});
  }
  for (size_t i = 0; i < c.address_count; ++i) {
    CookieAddress& a = c.peer_addresses[i];
    if (r.variable_data_size() < (i + 1) * kCookieAddressSize) {
      return MakeUnexpected(CookieRejection{CookieError::kMalformed});
    }
    auto ar = r.sub_reader<1>(i * kCookieAddressSize);
    a.family = ar.Load8<0>();
    std::span<const uint8_t> bytes = ar.variable_data().first(a.bytes.size());
    std::copy(bytes.begin(), bytes.end(), a.bytes.begin());
    if (!ValidAddress(a)) {
      return MakeUnexpected(CookieRejection{CookieError::kMalformed});
    }
  }
  return c;
}

// HMAC-SHA256 of `data` under `key` into `mac` with the one-shot HMAC():
// the fallback when no pre-keyed context exists. False if OpenSSL fails.
bool OneShotMac(const CookieKey& key, std::span<const uint8_t> data,
                std::span<uint8_t, kCookieMacSize> mac) noexcept {
  unsigned int mac_len = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           data.data(), data.size(), mac.data(), &mac_len);
  return result != nullptr && mac_len == kCookieMacSize;
}

// OpenSSL 3.0 note: the one-shot HMAC() fetches the "HMAC" EVP_MAC and
// creates, keys, uses and frees an EVP_MAC_CTX on every call: 13 heap
// allocations per cookie with 3.0.19 (counted with
// CRYPTO_set_mem_functions). A context keyed once and re-initialised with
// a null key (which reuses the key) still duplicates its digest state, 2
// allocations, but skips the fetch, the key schedule and the rest.
EVP_MAC_CTX* NewKeyedContext(const CookieKey& key) noexcept {
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr) return nullptr;
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(hmac);
  EVP_MAC_free(hmac);  // the context holds its own reference
  if (ctx == nullptr) return nullptr;
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string("digest", digest, 0),
      OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(ctx, key.data(), key.size(), params) != 1) {
    EVP_MAC_CTX_free(ctx);
    return nullptr;
  }
  return ctx;
}

}  // namespace

std::optional<uint32_t> CookieStaleness(const CookieContents& contents,
                                        TimePoint now) noexcept {
  int64_t expiry_ns = 0;
  if (__builtin_add_overflow(contents.created.nanos(),
                             contents.lifespan.nanos(), &expiry_ns)) {
    // Expires after the end of time.
    return std::nullopt;
  }
  // RFC 9260 §5.1.5 step 4: "If the elapsed time is longer than the lifespan
  // carried in the State Cookie, then the packet ... SHOULD be discarded".
  // Elapsed == lifespan is not longer, so a cookie is still valid at the
  // very nanosecond it expires. A creation time after `now` (another shard
  // made it and our `now` was read a little earlier) is simply not stale.
  if (now.nanos() <= expiry_ns) {
    return std::nullopt;
  }
  uint64_t late_ns =
      static_cast<uint64_t>(now.nanos()) - static_cast<uint64_t>(expiry_ns);
  // §3.3.10.3: "rounded up in microseconds"; late_ns >= 1, so this is >= 1.
  uint64_t late_us = late_ns / 1'000 + (late_ns % 1'000 != 0 ? 1 : 0);
  return static_cast<uint32_t>(
      std::min<uint64_t>(late_us, std::numeric_limits<uint32_t>::max()));
}

Duration CookieLifespan(Duration valid_cookie_life,
                        std::optional<uint32_t> preservative_ms,
                        Duration max_increment) noexcept {
  if (!preservative_ms.has_value()) {
    return valid_cookie_life;
  }
  // RFC 9260 §3.3.2.1.3: "The receiver MAY choose to ignore the suggested
  // cookie life span increase for its own security reasons." We honour it
  // up to the caller's cap; §5.2.6 asks the INIT sender to "add no more
  // than 1 second beyond the measured RTT, due to long State Cookie life
  // times making the endpoint more subject to a replay attack", and the cap
  // enforces that bound on our side whatever the peer asks.
  Duration increment = Duration::Millis(*preservative_ms);
  increment = std::min(increment, std::max(max_increment, Duration::Zero()));
  return valid_cookie_life + increment;
}

CookieAuthenticator::CookieAuthenticator(const CookieKey& key) noexcept
    : current_key_(key), current_ctx_(NewKeyedContext(key)) {}

CookieAuthenticator::~CookieAuthenticator() {
  EVP_MAC_CTX_free(static_cast<EVP_MAC_CTX*>(current_ctx_));
  EVP_MAC_CTX_free(static_cast<EVP_MAC_CTX*>(previous_ctx_));
  OPENSSL_cleanse(current_key_.data(), current_key_.size());
  OPENSSL_cleanse(previous_key_.data(), previous_key_.size());
}

void CookieAuthenticator::RotateKey(const CookieKey& new_key) noexcept {
  // RFC 9260 §5.1.3: "The secret key SHOULD be changed reasonably
  // frequently (e.g., hourly)". Keeping the previous key for one more
  // period lets cookies issued just before the rotation still verify.
  previous_key_ = current_key_;
  current_key_ = new_key;
  has_previous_key_ = true;
  EVP_MAC_CTX_free(static_cast<EVP_MAC_CTX*>(previous_ctx_));
  previous_ctx_ = current_ctx_;
  current_ctx_ = NewKeyedContext(new_key);
}

bool CookieAuthenticator::Mac(bool previous, std::span<const uint8_t> data,
                              std::span<uint8_t, kCookieMacSize> mac) const noexcept {
  auto* ctx = static_cast<EVP_MAC_CTX*>(previous ? previous_ctx_ : current_ctx_);
  const CookieKey& key = previous ? previous_key_ : current_key_;
  if (ctx == nullptr) return OneShotMac(key, data, mac);
  size_t length = 0;
  // A null key re-initialises with the key already set.
  return EVP_MAC_init(ctx, nullptr, 0, nullptr) == 1 &&
         EVP_MAC_update(ctx, data.data(), data.size()) == 1 &&
         EVP_MAC_final(ctx, mac.data(), &length, mac.size()) == 1 &&
         length == kCookieMacSize;
}

bool CookieAuthenticator::MacMatches(bool previous, std::span<const uint8_t> body,
                                     std::span<const uint8_t> carried_mac) const noexcept {
  std::array<uint8_t, kCookieMacSize> computed;
  if (!Mac(previous, body, computed)) {
    // Fail closed: a cookie we cannot check is not one we accept.
    return false;
  }
  // Constant time, so that the comparison leaks nothing about how many
  // leading bytes of a forged MAC were right.
  return CRYPTO_memcmp(computed.data(), carried_mac.data(),
                       kCookieMacSize) == 0;
}

bool CookieAuthenticator::Make(const CookieContents& contents,
                               wire::WireWriter& out) const noexcept {
  if (contents.address_count > kMaxCookieAddresses ||
      contents.lifespan < Duration::Zero()) {
    return false;
  }
  for (const CookieAddress& a : contents.addresses()) {
    if (!ValidAddress(a)) {
      return false;
    }
  }
  const size_t size = CookieSize(contents.address_count);
  if (out.remaining() < size) {
    out.Append(size);  // records the overflow, appends nothing
    return false;
  }
  // Built on the stack first so that `out` only ever gets a whole cookie.
  std::array<uint8_t, kCookieMaxSize> buffer{};
  std::span<uint8_t> cookie = std::span<uint8_t>(buffer).first(size);
  std::span<uint8_t> body = cookie.first(size - kCookieMacSize);
  SerializeBody(contents, body);
  // RFC 9260 §5.1.3: "Inside this State Cookie, the sender MUST include a
  // MAC (see [RFC2104] for an example) to provide integrity protection on
  // the State Cookie." HMAC-SHA256 over every byte before the MAC.
  if (!Mac(false, body, cookie.last<kCookieMacSize>())) {
    return false;
  }
  return out.AppendBytes(cookie);
}

Result<CookieContents, CookieRejection> CookieAuthenticator::Authenticate(
    std::span<const uint8_t> cookie) const noexcept {
  if (cookie.size() < kCookieMinSize) {
    return MakeUnexpected(CookieRejection{CookieError::kTooShort});
  }
  std::span<const uint8_t> body = cookie.first(cookie.size() - kCookieMacSize);
  std::span<const uint8_t> mac = cookie.last(kCookieMacSize);
  // RFC 9260 §5.1.5 step 1: "Compute a MAC using the information carried in
  // the State Cookie and the secret key. ... If secrets are kept only for a
  // limited amount of time and the secret key to use is not available
  // anymore, the packet containing the COOKIE ECHO chunk MUST be silently
  // discarded." We keep two keys and simply try both, newest first, so no
  // cookie byte is trusted (not even a key selector) before a MAC matches.
  // Step 2: "Authenticate the State Cookie as one that it previously
  // generated by comparing the computed MAC against the one carried in the
  // State Cookie. If this comparison fails, the SCTP packet, including the
  // COOKIE ECHO chunk and any DATA chunks, MUST be silently discarded."
  if (!MacMatches(false, body, mac) &&
      !(has_previous_key_ && MacMatches(true, body, mac))) {
    return MakeUnexpected(CookieRejection{CookieError::kBadMac});
  }
  // Authentic from here on: only a cookie made by another build sharing our
  // keys could fail these checks.
  if (body[0] != kCookieFormatVersion) {
    return MakeUnexpected(CookieRejection{CookieError::kBadVersion});
  }
  const size_t address_count = body[1];
  if (address_count > kMaxCookieAddresses ||
      cookie.size() != CookieSize(address_count)) {
    return MakeUnexpected(CookieRejection{CookieError::kMalformed});
  }
  return ParseBody(body);
}

Result<CookieContents, CookieRejection> CookieAuthenticator::Verify(
    std::span<const uint8_t> cookie, TimePoint now) const noexcept {
  Result<CookieContents, CookieRejection> result = Authenticate(cookie);
  if (!result) {
    return result;
  }
  // RFC 9260 §5.1.5 step 3 (ports and Verification Tag against the common
  // header) needs the packet, so it is the caller's.
  // Step 4: "Compare the creation timestamp in the State Cookie to the
  // current local time. If the elapsed time is longer than the lifespan
  // carried in the State Cookie, then the packet, including the COOKIE ECHO
  // chunk and any attached DATA chunks, SHOULD be discarded, and the
  // endpoint MUST transmit an ERROR chunk with a "Stale Cookie" error cause
  // to the peer endpoint." The staleness goes into that cause.
  if (std::optional<uint32_t> staleness = CookieStaleness(*result, now)) {
    return MakeUnexpected(CookieRejection{CookieError::kStale, *staleness});
  }
  return result;
}

}  // namespace dpsctp::assoc
