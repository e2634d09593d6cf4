#include "assoc/cookie.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

namespace dpsctp::assoc {
namespace {

CookieKey KeyOf(uint8_t seed) {
  CookieKey key;
  for (size_t i = 0; i < key.size(); ++i) {
    key[i] = static_cast<uint8_t>(seed + i * 7);
  }
  return key;
}

CookieAddress Ipv4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  CookieAddress addr;
  addr.family = CookieAddress::kIpv4;
  addr.bytes[0] = a;
  addr.bytes[1] = b;
  addr.bytes[2] = c;
  addr.bytes[3] = d;
  return addr;
}

CookieAddress Ipv6(uint8_t last) {
  CookieAddress addr;
  addr.family = CookieAddress::kIpv6;
  // 2001:db8::fedc:ba<last>
  addr.bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 0,    0,    0,
                0,    0,    0,    0,    0xfe, 0xdc, 0xba, last};
  return addr;
}

const TimePoint kT0 = TimePoint::FromNanos(5'000'000'000);

// Every field set to a distinct, non-zero value with all bytes used.
CookieContents FullContents() {
  CookieContents c;
  c.local_initiate_tag = VerificationTag(0x11223344);
  c.local_initial_tsn = Tsn(0xfffffff0);
  c.peer_initiate_tag = VerificationTag(0xa1b2c3d4);
  c.peer_initial_tsn = Tsn(0x01020304);
  c.peer_a_rwnd = 0x00100000;
  c.outbound_streams = 10;
  c.inbound_streams = 65535;
  c.local_port = 5000;
  c.peer_port = 0xfffe;
  c.peer_capabilities = CookieCapability::kForwardTsn |
                        CookieCapability::kIData | CookieCapability::kReconfig |
                        CookieCapability::kAuth | CookieCapability::kAsconf |
                        CookieCapability::kZeroChecksum |
                        CookieCapability::kEcn;
  c.local_tie_tag = TieTag(0xdeadbeef);
  c.peer_tie_tag = TieTag(0xcafef00d);
  c.address_count = 8;
  c.peer_addresses = {Ipv4(192, 0, 2, 1),    Ipv6(1), Ipv4(198, 51, 100, 7),
                      Ipv6(2),               Ipv4(203, 0, 113, 255),
                      Ipv6(3),               Ipv4(10, 0, 0, 1),
                      Ipv6(0xff)};
  c.created = kT0;
  c.lifespan = Duration::Seconds(60);
  return c;
}

std::vector<uint8_t> MakeCookie(const CookieAuthenticator& auth,
                                const CookieContents& c) {
  std::array<uint8_t, kCookieMaxSize> buffer{};
  wire::WireWriter out(buffer);
  REQUIRE(auth.Make(c, out));
  REQUIRE(out.size() == CookieSize(c.address_count));
  return {out.written().begin(), out.written().end()};
}

// Re-MACs `cookie` under `key`, as if we had made it ourselves, so that the
// checks after the MAC can be reached with odd contents.
void ReMac(std::vector<uint8_t>& cookie, const CookieKey& key) {
  unsigned int len = 0;
  REQUIRE(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
               cookie.data(), cookie.size() - kCookieMacSize,
               cookie.data() + cookie.size() - kCookieMacSize,
               &len) != nullptr);
  REQUIRE(len == kCookieMacSize);
}

CookieError ErrorOf(const Result<CookieContents, CookieRejection>& r) {
  REQUIRE_FALSE(r.has_value());
  return r.error().error;
}

TEST_CASE("CookieAuthenticator: round trip of every field, 8 addresses",
          "[fast]") {
  CookieAuthenticator auth(KeyOf(1));
  const CookieContents c = FullContents();
  std::vector<uint8_t> cookie = MakeCookie(auth, c);
  CHECK(cookie.size() == kCookieMaxSize);
  CHECK(cookie[0] == kCookieFormatVersion);

  auto r = auth.Verify(cookie, kT0 + Duration::Seconds(1));
  REQUIRE(r.has_value());
  const CookieContents& p = *r;
  CHECK(p.local_initiate_tag == VerificationTag(0x11223344));
  CHECK(p.local_initial_tsn == Tsn(0xfffffff0));
  CHECK(p.peer_initiate_tag == VerificationTag(0xa1b2c3d4));
  CHECK(p.peer_initial_tsn == Tsn(0x01020304));
  CHECK(p.peer_a_rwnd == 0x00100000);
  CHECK(p.outbound_streams == 10);
  CHECK(p.inbound_streams == 65535);
  CHECK(p.local_port == 5000);
  CHECK(p.peer_port == 0xfffe);
  CHECK(p.peer_capabilities == 0x7f);
  CHECK(p.local_tie_tag == TieTag(0xdeadbeef));
  CHECK(p.peer_tie_tag == TieTag(0xcafef00d));
  CHECK(p.address_count == 8);
  REQUIRE(p.addresses().size() == 8);
  for (size_t i = 0; i < 8; ++i) {
    CHECK(p.addresses()[i] == c.peer_addresses[i]);
  }
  CHECK(p.addresses()[0].family == CookieAddress::kIpv4);
  CHECK(p.addresses()[0].bytes[3] == 1);
  CHECK(p.addresses()[7].family == CookieAddress::kIpv6);
  CHECK(p.addresses()[7].bytes[15] == 0xff);
  CHECK(p.created == kT0);
  CHECK(p.lifespan == Duration::Seconds(60));
  CHECK(p == c);
}

TEST_CASE("CookieAuthenticator: round trip with 0, 1 IPv4 and 1 IPv6 address",
          "[fast]") {
  CookieAuthenticator auth(KeyOf(2));
  for (int n : {0, 4, 6}) {
    CookieContents c = FullContents();
    c.peer_addresses = {};
    c.address_count = n == 0 ? 0 : 1;
    if (n == 4) {
      c.peer_addresses[0] = Ipv4(192, 0, 2, 33);
    } else if (n == 6) {
      c.peer_addresses[0] = Ipv6(0x42);
    }
    c.peer_capabilities = 0;
    c.local_tie_tag = TieTag(0);
    c.peer_tie_tag = TieTag(0);
    std::vector<uint8_t> cookie = MakeCookie(auth, c);
    CHECK(cookie.size() == CookieSize(c.address_count));
    auto r = auth.Verify(cookie, kT0);
    REQUIRE(r.has_value());
    CHECK(*r == c);
  }
}

TEST_CASE("CookieAuthenticator: any single changed byte fails the MAC",
          "[fast]") {
  CookieAuthenticator auth(KeyOf(3));
  const std::vector<uint8_t> cookie = MakeCookie(auth, FullContents());
  for (size_t i = 0; i < cookie.size(); ++i) {
    for (uint8_t flip : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xff}}) {
      std::vector<uint8_t> tampered = cookie;
      tampered[i] ^= flip;
      auto r = auth.Verify(tampered, kT0);
      INFO("byte " << i << " xor " << int{flip});
      CHECK(ErrorOf(r) == CookieError::kBadMac);
    }
  }
}

TEST_CASE("CookieAuthenticator: a cookie from another key fails the MAC",
          "[fast]") {
  CookieAuthenticator ours(KeyOf(4));
  CookieAuthenticator theirs(KeyOf(5));
  const std::vector<uint8_t> cookie = MakeCookie(theirs, FullContents());
  CHECK(ErrorOf(ours.Verify(cookie, kT0)) == CookieError::kBadMac);
  CHECK(ErrorOf(ours.Authenticate(cookie)) == CookieError::kBadMac);
  CHECK(theirs.Verify(cookie, kT0).has_value());
}

TEST_CASE("CookieAuthenticator: previous key accepted for one rotation only",
          "[fast]") {
  CookieAuthenticator auth(KeyOf(6));
  const std::vector<uint8_t> old_cookie = MakeCookie(auth, FullContents());

  auth.RotateKey(KeyOf(7));
  CHECK(auth.Verify(old_cookie, kT0).has_value());
  // New cookies use the new key.
  const std::vector<uint8_t> new_cookie = MakeCookie(auth, FullContents());
  CHECK(new_cookie != old_cookie);
  CHECK(auth.Verify(new_cookie, kT0).has_value());
  CookieAuthenticator only_new(KeyOf(7));
  CHECK(only_new.Verify(new_cookie, kT0).has_value());

  auth.RotateKey(KeyOf(8));
  CHECK(ErrorOf(auth.Verify(old_cookie, kT0)) == CookieError::kBadMac);
  CHECK(auth.Verify(new_cookie, kT0).has_value());
}

TEST_CASE("CookieAuthenticator: valid up to and at expiry, stale after",
          "[fast]") {
  CookieAuthenticator auth(KeyOf(9));
  const std::vector<uint8_t> cookie = MakeCookie(auth, FullContents());
  const TimePoint expiry = kT0 + Duration::Seconds(60);

  CHECK(auth.Verify(cookie, kT0).has_value());
  // Made by another shard whose `now` ran slightly ahead of ours.
  CHECK(auth.Verify(cookie, kT0 - Duration::Micros(3)).has_value());
  CHECK(auth.Verify(cookie, expiry - Duration::Nanos(1)).has_value());
  // RFC 9260 §5.1.5 step 4: stale only "If the elapsed time is longer than
  // the lifespan"; elapsed == lifespan is still valid.
  CHECK(auth.Verify(cookie, expiry).has_value());

  auto r = auth.Verify(cookie, expiry + Duration::Nanos(1));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().error == CookieError::kStale);
  // §3.3.10.3: "rounded up in microseconds".
  CHECK(r.error().staleness_us == 1);
  CHECK(CookieStaleness(FullContents(), expiry) == std::nullopt);
  CHECK(CookieStaleness(FullContents(), expiry + Duration::Nanos(1)) == 1u);
}

TEST_CASE("CookieAuthenticator: staleness is measured in microseconds",
          "[fast]") {
  CookieAuthenticator auth(KeyOf(10));
  const std::vector<uint8_t> cookie = MakeCookie(auth, FullContents());
  const TimePoint expiry = kT0 + Duration::Seconds(60);
  struct Case {
    Duration late;
    uint32_t staleness_us;
  };
  for (Case k : {Case{Duration::Micros(1), 1}, Case{Duration::Nanos(1'001), 2},
                 Case{Duration::Millis(250), 250'000},
                 Case{Duration::Seconds(3) + Duration::Nanos(999), 3'000'001},
                 Case{Duration::Seconds(4'294), 4'294'000'000u},
                 // Saturates at 2^32-1 (about 71.6 minutes late).
                 Case{Duration::Seconds(4'295), 0xffffffffu},
                 Case{Duration::Seconds(86'400), 0xffffffffu}}) {
    auto r = auth.Verify(cookie, expiry + k.late);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().error == CookieError::kStale);
    CHECK(r.error().staleness_us == k.staleness_us);
  }
  // Authenticate ignores the lifespan (RFC 9260 §5.2.4 step 3, case E).
  auto a = auth.Authenticate(cookie);
  REQUIRE(a.has_value());
  CHECK(CookieStaleness(*a, expiry + Duration::Millis(250)) == 250'000u);
}

TEST_CASE("CookieStaleness: creation plus lifespan past the end of time",
          "[fast]") {
  CookieContents c = FullContents();
  c.created = TimePoint::FromNanos(std::numeric_limits<int64_t>::max() - 5);
  c.lifespan = Duration::Seconds(1);
  CHECK(CookieStaleness(c, TimePoint::FromNanos(
                               std::numeric_limits<int64_t>::max())) ==
        std::nullopt);
  c.created = TimePoint::FromNanos(std::numeric_limits<int64_t>::min());
  c.lifespan = Duration::Zero();
  CHECK(CookieStaleness(c, TimePoint::FromNanos(
                               std::numeric_limits<int64_t>::max())) ==
        0xffffffffu);
}

TEST_CASE("CookieAuthenticator: truncated cookies are rejected", "[fast]") {
  CookieAuthenticator auth(KeyOf(11));
  const std::vector<uint8_t> cookie = MakeCookie(auth, FullContents());
  for (size_t n = 0; n < cookie.size(); ++n) {
    std::span<const uint8_t> truncated(cookie.data(), n);
    INFO("length " << n);
    // Below the smallest cookie there is no MAC to check; above it the last
    // 32 bytes are taken as the MAC and do not match.
    CHECK(ErrorOf(auth.Verify(truncated, kT0)) ==
          (n < kCookieMinSize ? CookieError::kTooShort : CookieError::kBadMac));
  }
}

TEST_CASE("CookieAuthenticator: authentic but unknown version", "[fast]") {
  const CookieKey key = KeyOf(12);
  CookieAuthenticator auth(key);
  std::vector<uint8_t> cookie = MakeCookie(auth, FullContents());
  for (uint8_t version : {uint8_t{0}, uint8_t{2}, uint8_t{0xff}}) {
    cookie[0] = version;
    CHECK(ErrorOf(auth.Verify(cookie, kT0)) == CookieError::kBadMac);
    ReMac(cookie, key);
    CHECK(ErrorOf(auth.Verify(cookie, kT0)) == CookieError::kBadVersion);
  }
}

TEST_CASE("CookieAuthenticator: authentic but malformed", "[fast]") {
  const CookieKey key = KeyOf(13);
  CookieAuthenticator auth(key);
  const std::vector<uint8_t> good = MakeCookie(auth, FullContents());

  SECTION("address count disagrees with the length") {
    for (uint8_t count : {uint8_t{7}, uint8_t{9}, uint8_t{0xff}}) {
      std::vector<uint8_t> cookie = good;
      cookie[1] = count;
      ReMac(cookie, key);
      CHECK(ErrorOf(auth.Verify(cookie, kT0)) == CookieError::kMalformed);
    }
  }
  SECTION("unknown address family") {
    std::vector<uint8_t> cookie = good;
    cookie[kCookieFixedSize] = 5;
    ReMac(cookie, key);
    CHECK(ErrorOf(auth.Verify(cookie, kT0)) == CookieError::kMalformed);
  }
  SECTION("IPv4 entry with a non-zero tail") {
    std::vector<uint8_t> cookie = good;
    REQUIRE(cookie[kCookieFixedSize] == CookieAddress::kIpv4);
    cookie[kCookieFixedSize + 1 + 4] = 1;
    ReMac(cookie, key);
    CHECK(ErrorOf(auth.Verify(cookie, kT0)) == CookieError::kMalformed);
  }
  SECTION("negative lifespan") {
    std::vector<uint8_t> cookie = good;
    cookie[50] = 0x80;
    ReMac(cookie, key);
    CHECK(ErrorOf(auth.Verify(cookie, kT0)) == CookieError::kMalformed);
  }
  SECTION("nine addresses' worth of bytes") {
    std::vector<uint8_t> cookie = good;
    cookie[1] = 9;
    cookie.insert(cookie.begin() + kCookieFixedSize, kCookieAddressSize, 0);
    cookie[kCookieFixedSize] = CookieAddress::kIpv6;
    ReMac(cookie, key);
    CHECK(ErrorOf(auth.Verify(cookie, kT0)) == CookieError::kMalformed);
  }
}

TEST_CASE("CookieAuthenticator: Make into a buffer too small", "[fast]") {
  CookieAuthenticator auth(KeyOf(14));
  const CookieContents c = FullContents();
  std::array<uint8_t, kCookieMaxSize + 8> buffer{};
  for (size_t capacity = 0; capacity < kCookieMaxSize; ++capacity) {
    wire::WireWriter out(std::span<uint8_t>(buffer).first(capacity));
    CHECK_FALSE(auth.Make(c, out));
    CHECK(out.size() == 0);
    CHECK(out.overflowed());
  }
  // Appends after what is already there, all or nothing.
  wire::WireWriter out(buffer);
  REQUIRE(out.Append(8).size() == 8);
  CHECK(auth.Make(c, out));
  CHECK(out.size() == 8 + kCookieMaxSize);
  CHECK(auth.Verify(out.written().subspan(8), kT0).has_value());
  CHECK_FALSE(auth.Make(c, out));
  CHECK(out.size() == 8 + kCookieMaxSize);
}

TEST_CASE("CookieAuthenticator: Make refuses invalid contents", "[fast]") {
  CookieAuthenticator auth(KeyOf(15));
  std::array<uint8_t, 512> buffer{};
  SECTION("too many addresses") {
    CookieContents c = FullContents();
    c.address_count = 9;
    wire::WireWriter out(buffer);
    CHECK_FALSE(auth.Make(c, out));
    CHECK(out.size() == 0);
  }
  SECTION("unknown family") {
    CookieContents c = FullContents();
    c.peer_addresses[3].family = 0;
    wire::WireWriter out(buffer);
    CHECK_FALSE(auth.Make(c, out));
    CHECK(out.size() == 0);
  }
  SECTION("negative lifespan") {
    CookieContents c = FullContents();
    c.lifespan = Duration::Millis(-1);
    wire::WireWriter out(buffer);
    CHECK_FALSE(auth.Make(c, out));
    CHECK(out.size() == 0);
  }
}

TEST_CASE("CookieLifespan: default, with a preservative, capped", "[fast]") {
  const Duration life = kDefaultValidCookieLife;
  CHECK(life == Duration::Seconds(60));
  const Duration cap = Duration::Seconds(1);
  CHECK(CookieLifespan(life, std::nullopt, cap) == Duration::Seconds(60));
  CHECK(CookieLifespan(life, 0, cap) == Duration::Seconds(60));
  CHECK(CookieLifespan(life, 250, cap) == Duration::Millis(60'250));
  CHECK(CookieLifespan(life, 1'000, cap) == Duration::Millis(61'000));
  CHECK(CookieLifespan(life, 1'001, cap) == Duration::Millis(61'000));
  CHECK(CookieLifespan(life, 0xffffffffu, cap) == Duration::Millis(61'000));
  CHECK(CookieLifespan(life, 0xffffffffu, Duration::Seconds(10'000'000)) ==
        Duration::Seconds(60) + Duration::Millis(0xffffffffu));
  // A zero (or negative) cap means preservatives are ignored.
  CHECK(CookieLifespan(life, 500, Duration::Zero()) == Duration::Seconds(60));
  CHECK(CookieLifespan(life, 500, Duration::Millis(-5)) ==
        Duration::Seconds(60));
  CHECK(CookieLifespan(Duration::Seconds(10), 500, cap) ==
        Duration::Millis(10'500));
}

TEST_CASE("CookieError: names", "[fast]") {
  CHECK(ToString(CookieError::kTooShort) == "too short");
  CHECK(ToString(CookieError::kBadVersion) == "bad version");
  CHECK(ToString(CookieError::kBadMac) == "bad MAC");
  CHECK(ToString(CookieError::kStale) == "stale");
  CHECK(ToString(CookieError::kMalformed) == "malformed");
}

}  // namespace
}  // namespace dpsctp::assoc
