// drivers/dpdk on DPDK software NICs, without hugepages: EAL start-up, ring
// ports, PacketView over mbuf chains, L2/L3 wrap and locate, and the SCTP
// checksum paths (software here; NIC offload with faked capability bits).
//
// The EAL initializes once per process, so every test case shares one
// fixture (Env()): the EAL, one mempool and one RingPortPair. Each test
// checks that it returned every mbuf it took from the pool.
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crc/crc32c.h"
#include "drivers/dpdk/eal.h"
#include "drivers/dpdk/l2l3.h"
#include "drivers/dpdk/mbuf_buf.h"
#include "drivers/dpdk/port.h"
#include "drivers/dpdk/sctp_checksum.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/common_header.h"
#include "wire/packet_parser.h"
#include "wire/wire_writer.h"

namespace dpsctp::dpdk {
namespace {

constexpr unsigned kPoolSize = 511;  // 2^n - 1 is optimal for rte_mempool

// Everything DPDK the tests share. Destroyed at exit in reverse order:
// ports (draining their rings), then the pool, then the EAL.
struct Env {
  std::optional<Eal> eal;
  rte_mempool* pool = nullptr;
  std::optional<RingPortPair> ports;
  std::string init_error;  // empty when everything came up

  Env() { init_error = Init(); }
  ~Env() {
    ports.reset();
    rte_mempool_free(pool);
    eal.reset();
  }
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  std::string Init() {
    auto r = Eal::Init(NoHugepageArgs("dpdk_ring_test"));
    if (!r) {
      return r.error().ToString();
    }
    eal.emplace(std::move(r).value());
    // Cache size 0: rte_mempool_avail_count() is then exact.
    pool = rte_pktmbuf_pool_create("dpsctp_test", kPoolSize, 0, 0,
                                   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
    if (pool == nullptr) {
      return "rte_pktmbuf_pool_create failed";
    }
    auto p = RingPortPair::Create("dpsctp_ring");
    if (!p) {
      return p.error().ToString();
    }
    ports.emplace(std::move(p).value());
    if (auto s = ports->Configure(pool); !s) {
      return s.error().ToString();
    }
    if (auto s = ports->Start(); !s) {
      return s.error().ToString();
    }
    return {};
  }
};

Env& GetEnv() {
  static Env env;
  return env;
}

// GetEnv() after checking it came up; fails the test case otherwise.
Env& ReadyEnv() {
  Env& env = GetEnv();
  INFO(env.init_error);
  REQUIRE(env.init_error.empty());
  return env;
}

// Checks at scope exit that the pool holds as many mbufs as at its start.
class PoolBalance {
 public:
  explicit PoolBalance(rte_mempool* pool)
      : pool_(pool), before_(rte_mempool_avail_count(pool)) {}
  ~PoolBalance() { CHECK(rte_mempool_avail_count(pool_) == before_); }
  PoolBalance(const PoolBalance&) = delete;
  PoolBalance& operator=(const PoolBalance&) = delete;

 private:
  rte_mempool* pool_;
  unsigned before_;
};

const Ipv4Route kRoute4{
    .source_mac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01},
    .destination_mac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02},
    .source_address = 0x0a000001,       // 10.0.0.1
    .destination_address = 0x0a000002,  // 10.0.0.2
};

// An SCTP packet: common header, then one SACK chunk per entry of `sacks`
// (gap count, duplicate count). The checksum field is left zero.
struct SackShape {
  size_t gaps;
  size_t dups;
};
std::vector<uint8_t> BuildSctpPacket(std::span<const SackShape> sacks) {
  std::vector<uint8_t> bytes(1500);
  wire::WireWriter out(bytes);
  wire::CommonHeader header{5000, 6000, VerificationTag(0x11223344), 0};
  REQUIRE(header.SerializeTo(out));
  uint32_t tsn = 1000;
  for (const SackShape& s : sacks) {
    std::vector<wire::SackChunk::GapAckBlock> gaps;
    for (size_t i = 0; i < s.gaps; ++i) {
      gaps.push_back({static_cast<uint16_t>(2 + 4 * i),
                      static_cast<uint16_t>(3 + 4 * i)});
    }
    std::vector<Tsn> dups;
    for (size_t i = 0; i < s.dups; ++i) {
      dups.push_back(Tsn(tsn - 1 - static_cast<uint32_t>(i)));
    }
    REQUIRE(wire::SackChunk::SerializeTo(out, Tsn(tsn), 65536, gaps, dups));
    tsn += 100;
  }
  bytes.resize(out.size());
  return bytes;
}

// Sends one frame from port 0 and returns what port 1 received (exactly one
// mbuf, owned by the caller).
rte_mbuf* SendAndReceive(Env& env, rte_mbuf* frame) {
  rte_mbuf* tx[1] = {frame};
  REQUIRE(rte_eth_tx_burst(env.ports->port(0), 0, tx, 1) == 1);
  rte_mbuf* rx[4] = {};
  const uint16_t n = rte_eth_rx_burst(env.ports->port(1), 0, rx, 4);
  REQUIRE(n == 1);
  return rx[0];
}

bool PointsInto(const uint8_t* p, std::span<const uint8_t> area) {
  return p >= area.data() && p < area.data() + area.size();
}

TEST_CASE("Eal: starts without hugepages, once per process", "[dpdk]") {
  Env& env = ReadyEnv();
  CHECK(Eal::IsRunning());
  CHECK(rte_eal_has_hugepages() == 0);
  CHECK(rte_lcore_count() == 1);
  auto again = Eal::Init(NoHugepageArgs());
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().ToString().find("already initialized") !=
        std::string::npos);
  CHECK(env.ports->started());
}

// Runs in a fresh process (spawned by the next test case): a failing
// rte_eal_init() must come back as an error, not end the process.
TEST_CASE("EalChild: bad arguments give an error", "[.][eal-child]") {
  std::vector<std::string> args = NoHugepageArgs("eal_child");
  args.push_back("--no-such-eal-option");
  auto eal = Eal::Init(args);
  REQUIRE_FALSE(eal.has_value());
  CHECK(eal.error().code == EINVAL);
  CHECK(eal.error().ToString() == "rte_eal_init: Invalid argument (errno 22)");
  CHECK_FALSE(Eal::IsRunning());
  // DPDK does not support a retry after a failed init.
  auto again = Eal::Init(NoHugepageArgs("eal_child"));
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().message.find("cannot be initialized again") !=
        std::string::npos);
}

TEST_CASE("Eal: a bad argument list gives an error, not an exit", "[dpdk]") {
  // The EAL initializes once per process, so the failure runs in a child:
  // this executable, running only the hidden [eal-child] test case.
  std::string self = "/proc/self/exe";
  std::string tag = "[eal-child]";
  std::string quiet = "--reporter=compact";
  char* argv[] = {self.data(), tag.data(), quiet.data(), nullptr};
  // EAL prints its whole usage text on a bad option: keep it in a log that
  // is shown only if the child fails.
  const std::string log =
      "/tmp/dpsctp-eal-child-" + std::to_string(getpid()) + ".log";
  posix_spawn_file_actions_t actions;
  REQUIRE(posix_spawn_file_actions_init(&actions) == 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  const int rc =
      posix_spawn(&pid, self.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(rc == 0);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  std::ifstream in(log);
  const std::string output((std::istreambuf_iterator<char>(in)),
                           std::istreambuf_iterator<char>());
  std::remove(log.c_str());
  INFO(output);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("Eal: NoHugepageArgs has the flags DPDK 22.11 accepts here",
          "[dpdk]") {
  auto args = NoHugepageArgs("x");
  REQUIRE(args.size() == 10);
  CHECK(args[0] == "x");
  CHECK(args[1] == "--no-huge");
  CHECK(args[9].rfind("--file-prefix=dpsctp-", 0) == 0);
}

TEST_CASE("RingPortPair: SCTP in Ethernet/IPv4 goes from port 0 to port 1",
          "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  const std::array<SackShape, 1> shape{{{1, 1}}};
  std::vector<uint8_t> sctp = BuildSctpPacket(shape);
  REQUIRE(sctp.size() == 12 + 24);

  rte_mbuf* m = CopyToMbufChain(env.pool, sctp);
  REQUIRE(m != nullptr);
  REQUIRE(m->nb_segs == 1);
  REQUIRE(PrependEthernetIpv4(m, kRoute4, 7));
  CHECK(m->l2_len == 14);
  CHECK(m->l3_len == 20);
  // No offload on ring ports, so the TX path computes the CRC itself.
  const crc::TxChecksumMode mode =
      SelectTxChecksumMode(env.ports->offload(0));
  CHECK(mode == crc::TxChecksumMode::kSoftware);
  REQUIRE(FinalizeTxSctpChecksum(m, mode, L3Family::kIpv4));
  CHECK((m->ol_flags & RTE_MBUF_F_TX_L4_MASK) == 0);

  rte_mbuf* r = SendAndReceive(env, m);
  CHECK(r->pkt_len == 14 + 20 + sctp.size());
  auto frame = PacketViewFromMbuf(r);
  REQUIRE(frame.has_value());
  auto loc = LocateSctp(*frame);
  REQUIRE(loc.has_value());
  CHECK(loc->family == L3Family::kIpv4);
  CHECK(loc->sctp_offset == 34);
  CHECK(loc->sctp_length == sctp.size());
  CHECK(loc->source_address[0] == 10);
  CHECK(loc->source_address[3] == 1);
  CHECK(loc->destination_address[3] == 2);

  // The caller gives the L2/L3 offset; the view is zero-copy over the mbuf.
  auto packet = PacketViewFromMbuf(r, loc->sctp_offset, loc->sctp_length);
  REQUIRE(packet.has_value());
  CHECK(packet->segment(0).data() ==
        rte_pktmbuf_mtod_offset(r, const uint8_t*, 34));
  CHECK(crc::VerifySctpChecksum(
            *packet, RxChecksumHintFromMbuf(r, env.ports->offload(1))) ==
        crc::ChecksumVerdict::kGood);
  // Same CRC as lib/crc computes over the contiguous original.
  std::vector<uint8_t> expected = sctp;
  crc::WriteSctpChecksum(expected);
  std::vector<uint8_t> got(packet->size());
  REQUIRE(packet->CopyTo(0, got));
  CHECK(got == expected);

  auto parsed = wire::ParsePacket(*packet);
  REQUIRE(parsed.has_value());
  CHECK(parsed->header.source_port == 5000);
  CHECK(parsed->header.destination_port == 6000);
  CHECK(parsed->header.verification_tag == VerificationTag(0x11223344));
  CHECK(parsed->chunk_count == 1);
  CHECK(parsed->first_chunk_type == wire::SackChunk::kType);

  wire::ChunkCursor cursor(*packet);
  auto d = cursor.Next();
  REQUIRE(d.has_value());
  std::array<uint8_t, 64> scratch{};
  auto sack = wire::SackChunk::Parse(wire::ChunkBytes(*packet, *d, scratch));
  REQUIRE(sack.has_value());
  CHECK(sack->cumulative_tsn_ack() == Tsn(1000));
  CHECK(sack->a_rwnd() == 65536);
  CHECK(sack->gap_ack_block_count() == 1);
  CHECK(sack->duplicate_tsn(0) == Tsn(999));
  rte_pktmbuf_free(r);
}

TEST_CASE("RingPortPair: SCTP in Ethernet/IPv6 goes from port 0 to port 1",
          "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  const std::array<SackShape, 2> shape{{{0, 0}, {2, 0}}};
  std::vector<uint8_t> sctp = BuildSctpPacket(shape);
  Ipv6Route route;
  route.source_mac = kRoute4.source_mac;
  route.destination_mac = kRoute4.destination_mac;
  route.source_address = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                          0,    0,    0,    0,    0, 0, 0, 1};
  route.destination_address = route.source_address;
  route.destination_address[15] = 2;

  rte_mbuf* m = CopyToMbufChain(env.pool, sctp);
  REQUIRE(m != nullptr);
  REQUIRE(PrependEthernetIpv6(m, route));
  REQUIRE(FinalizeTxSctpChecksum(m, crc::TxChecksumMode::kSoftware,
                                 L3Family::kIpv6));
  rte_mbuf* r = SendAndReceive(env, m);
  auto frame = PacketViewFromMbuf(r);
  REQUIRE(frame.has_value());
  auto loc = LocateSctp(*frame);
  REQUIRE(loc.has_value());
  CHECK(loc->family == L3Family::kIpv6);
  CHECK(loc->sctp_offset == 14 + 40);
  CHECK(loc->sctp_length == sctp.size());
  CHECK(loc->source_address == route.source_address);
  CHECK(loc->destination_address == route.destination_address);
  auto packet = frame->Slice(loc->sctp_offset, loc->sctp_length);
  CHECK(crc::VerifySctpChecksum(packet) == crc::ChecksumVerdict::kGood);
  auto parsed = wire::ParsePacket(packet);
  REQUIRE(parsed.has_value());
  CHECK(parsed->chunk_count == 2);
  rte_pktmbuf_free(r);
}

TEST_CASE(
    "RingPortPair: SCTP packet over 3 mbuf segments parses like a "
    "contiguous one",
    "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  // Chunks: c0 SACK 20 B @12, c1 SACK 24 B @32, c2 SACK 16 B @56,
  // c3 SACK 24 B @72; 96 bytes in all.
  const std::array<SackShape, 4> shape{{{1, 0}, {1, 1}, {0, 0}, {0, 2}}};
  std::vector<uint8_t> sctp = BuildSctpPacket(shape);
  REQUIRE(sctp.size() == 96);
  // Segment 0 ends 2 bytes into c1's chunk header; segment 1 holds the rest
  // of c1 and all of c2; segment 2 holds c3.
  const std::array<size_t, 3> split{34, 38, 24};
  std::vector<uint8_t> expected = sctp;
  crc::WriteSctpChecksum(expected);
  const buf::PacketView contiguous(expected);

  rte_mbuf* m = CopyToMbufChain(env.pool, sctp, split);
  REQUIRE(m != nullptr);
  REQUIRE(CountSegments(m) == 3);
  REQUIRE(m->nb_segs == 3);
  REQUIRE(PrependEthernetIpv4(m, kRoute4));
  // The software CRC runs over the chain, the field in segment 0.
  REQUIRE(FinalizeTxSctpChecksum(m, crc::TxChecksumMode::kSoftware,
                                 L3Family::kIpv4));

  rte_mbuf* r = SendAndReceive(env, m);
  REQUIRE(r->nb_segs == 3);
  auto frame = PacketViewFromMbuf(r);
  REQUIRE(frame.has_value());
  CHECK(frame->segment_count() == 3);
  auto loc = LocateSctp(*frame);
  REQUIRE(loc.has_value());
  auto packet = PacketViewFromMbuf(r, loc->sctp_offset, loc->sctp_length);
  REQUIRE(packet.has_value());
  REQUIRE(packet->segment_count() == 3);
  CHECK(packet->segment(0).size() == 34);
  CHECK(packet->segment(1).size() == 38);
  CHECK(packet->segment(2).size() == 24);
  CHECK(crc::VerifySctpChecksum(*packet) == crc::ChecksumVerdict::kGood);

  auto parsed = wire::ParsePacket(*packet);
  auto parsed_contiguous = wire::ParsePacket(contiguous);
  REQUIRE(parsed.has_value());
  REQUIRE(parsed_contiguous.has_value());
  CHECK(parsed->header == parsed_contiguous->header);
  CHECK(parsed->chunk_count == 4);
  CHECK(parsed_contiguous->chunk_count == 4);

  wire::ChunkCursor cursor(*packet);
  wire::ChunkCursor cursor_contiguous(contiguous);
  std::array<uint8_t, 64> scratch{};
  std::array<uint8_t, 64> scratch_contiguous{};
  std::vector<size_t> copied;
  size_t i = 0;
  while (auto d = cursor.Next()) {
    auto dc = cursor_contiguous.Next();
    REQUIRE(dc.has_value());
    CHECK(d->type == dc->type);
    CHECK(d->flags == dc->flags);
    CHECK(d->length == dc->length);
    CHECK(d->offset == dc->offset);
    auto bytes = wire::ChunkBytes(*packet, *d, scratch);
    auto bytes_contiguous =
        wire::ChunkBytes(contiguous, *dc, scratch_contiguous);
    REQUIRE(bytes.size() == d->length);
    CHECK(std::equal(bytes.begin(), bytes.end(), bytes_contiguous.begin(),
                     bytes_contiguous.end()));
    if (PointsInto(bytes.data(), scratch)) {
      copied.push_back(i);
    }
    auto sack = wire::SackChunk::Parse(bytes);
    REQUIRE(sack.has_value());
    CHECK(sack->cumulative_tsn_ack() == Tsn(1000 + 100 * i));
    ++i;
  }
  CHECK(cursor.error() == wire::PacketError::kNone);
  CHECK(i == 4);
  // Only c1, whose header straddles segments 0 and 1, was copied.
  CHECK(copied == std::vector<size_t>{1});
  rte_pktmbuf_free(r);
}

TEST_CASE("SctpChecksumOffload: ring ports offer none", "[dpdk]") {
  Env& env = ReadyEnv();
  for (size_t i = 0; i < 2; ++i) {
    auto probe = ProbeSctpChecksumOffload(env.ports->port(i));
    REQUIRE(probe.has_value());
    CHECK(*probe == SctpChecksumOffload{false, false});
    CHECK(env.ports->offload(i) == SctpChecksumOffload{false, false});
  }
  CHECK_FALSE(ProbeSctpChecksumOffload(RTE_MAX_ETHPORTS - 1).has_value());
}

TEST_CASE("SctpChecksumOffload: capability bits select the offload",
          "[dpdk]") {
  CHECK(SctpChecksumOffloadFromCapabilities(0, 0) ==
        SctpChecksumOffload{false, false});
  const uint64_t rx_capa =
      RTE_ETH_RX_OFFLOAD_SCTP_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM;
  const uint64_t tx_capa =
      RTE_ETH_TX_OFFLOAD_SCTP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_CKSUM;
  CHECK(SctpChecksumOffloadFromCapabilities(rx_capa, 0) ==
        SctpChecksumOffload{true, false});
  CHECK(SctpChecksumOffloadFromCapabilities(0, tx_capa) ==
        SctpChecksumOffload{false, true});
  CHECK(SctpChecksumOffloadFromCapabilities(RTE_ETH_RX_OFFLOAD_UDP_CKSUM,
                                            RTE_ETH_TX_OFFLOAD_TCP_CKSUM) ==
        SctpChecksumOffload{false, false});
  const OffloadBits bits = SctpChecksumOffloadBits({true, true});
  CHECK(bits.rx == RTE_ETH_RX_OFFLOAD_SCTP_CKSUM);
  CHECK(bits.tx == RTE_ETH_TX_OFFLOAD_SCTP_CKSUM);
  CHECK(SctpChecksumOffloadBits({}).rx == 0);
  CHECK(SctpChecksumOffloadBits({}).tx == 0);

  CHECK(SelectTxChecksumMode({false, true}) ==
        crc::TxChecksumMode::kNicOffload);
  CHECK(SelectTxChecksumMode({true, false}) ==
        crc::TxChecksumMode::kSoftware);
  CHECK(SelectTxChecksumMode({false, false}, true) ==
        crc::TxChecksumMode::kZeroChecksum);
}

TEST_CASE(
    "SctpChecksumOffload: with faked TX offload the mbuf is flagged and the "
    "checksum left to the NIC",
    "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  const SctpChecksumOffload faked = SctpChecksumOffloadFromCapabilities(
      RTE_ETH_RX_OFFLOAD_SCTP_CKSUM, RTE_ETH_TX_OFFLOAD_SCTP_CKSUM);
  const std::array<SackShape, 1> shape{{{0, 0}}};
  std::vector<uint8_t> sctp = BuildSctpPacket(shape);
  sctp[8] = 0xde;  // stale checksum bytes the TX path must clear
  sctp[11] = 0xad;

  rte_mbuf* m = CopyToMbufChain(env.pool, sctp);
  REQUIRE(m != nullptr);
  REQUIRE(PrependEthernetIpv4(m, kRoute4));
  const crc::TxChecksumMode mode = SelectTxChecksumMode(faked);
  REQUIRE(mode == crc::TxChecksumMode::kNicOffload);
  REQUIRE(FinalizeTxSctpChecksum(m, mode, L3Family::kIpv4));
  CHECK((m->ol_flags & RTE_MBUF_F_TX_L4_MASK) == RTE_MBUF_F_TX_SCTP_CKSUM);
  CHECK((m->ol_flags & RTE_MBUF_F_TX_IPV4) != 0);
  CHECK((m->ol_flags & RTE_MBUF_F_TX_IPV6) == 0);
  CHECK(m->l2_len == 14);
  CHECK(m->l3_len == 20);
  const auto* field = rte_pktmbuf_mtod_offset(m, const uint8_t*, 34 + 8);
  CHECK((field[0] | field[1] | field[2] | field[3]) == 0);

  // A ring port is no NIC: the frame arrives with the field still zero,
  // which the receiver reports as "not verified", not as good.
  rte_mbuf* r = SendAndReceive(env, m);
  auto packet = PacketViewFromMbuf(r, 34);
  REQUIRE(packet.has_value());
  CHECK(crc::VerifySctpChecksum(*packet) == crc::ChecksumVerdict::kZero);

  // RX: the NIC's flag is trusted only where RX offload is enabled.
  r->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_GOOD;
  CHECK(RxChecksumHintFromMbuf(r, faked) == crc::RxChecksumHint::kNicGood);
  CHECK(RxChecksumHintFromMbuf(r, {}) == crc::RxChecksumHint::kUnknown);
  r->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_BAD;
  CHECK(RxChecksumHintFromMbuf(r, faked) == crc::RxChecksumHint::kNicBad);
  r->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN;
  CHECK(RxChecksumHintFromMbuf(r, faked) == crc::RxChecksumHint::kUnknown);
  r->ol_flags = RTE_MBUF_F_RX_L4_CKSUM_NONE;
  CHECK(RxChecksumHintFromMbuf(r, faked) == crc::RxChecksumHint::kNicGood);
  rte_pktmbuf_free(r);
}

TEST_CASE("MbufBuf: PacketViewFromMbuf refuses what it cannot view",
          "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  std::vector<uint8_t> bytes(90);
  for (size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<uint8_t>(i);
  }
  // Nine 10-byte segments: one more than PacketView::kMaxSegments.
  const std::array<size_t, 9> split{10, 10, 10, 10, 10, 10, 10, 10, 10};
  rte_mbuf* m = CopyToMbufChain(env.pool, bytes, split);
  REQUIRE(m != nullptr);
  REQUIRE(CountSegments(m) == 9);
  static_assert(buf::PacketView::kMaxSegments == 8);
  CHECK_FALSE(PacketViewFromMbuf(m).has_value());
  // Skipping the first segment (an L2/L3 offset of 10) leaves eight.
  auto tail = PacketViewFromMbuf(m, 10);
  REQUIRE(tail.has_value());
  CHECK(tail->size() == 80);
  CHECK(tail->segment_count() == 8);
  // A length that ends inside segment 3 needs only a few.
  auto middle = PacketViewFromMbuf(m, 15, 20);
  REQUIRE(middle.has_value());
  CHECK(middle->segment_count() == 3);
  std::array<uint8_t, 20> out{};
  REQUIRE(middle->CopyTo(0, out));
  CHECK(out[0] == 15);
  CHECK(out[19] == 34);
  // Out of range.
  CHECK_FALSE(PacketViewFromMbuf(m, 91).has_value());
  CHECK_FALSE(PacketViewFromMbuf(m, 80, 11).has_value());
  CHECK(PacketViewFromMbuf(m, 90).has_value());  // empty, at the end
  CHECK_FALSE(PacketViewFromMbuf(nullptr).has_value());
  rte_pktmbuf_free(m);

  // Default split: one segment while the bytes fit in the data room.
  rte_mbuf* one = CopyToMbufChain(env.pool, bytes);
  REQUIRE(one != nullptr);
  CHECK(one->nb_segs == 1);
  CHECK(one->pkt_len == 90);
  rte_pktmbuf_free(one);
  // Bigger than one data room: filled segment by segment.
  std::vector<uint8_t> big(5000, 0x5a);
  rte_mbuf* chain = CopyToMbufChain(env.pool, big);
  REQUIRE(chain != nullptr);
  CHECK(chain->nb_segs == 3);
  CHECK(chain->pkt_len == 5000);
  rte_pktmbuf_free(chain);
}

// A contiguous Ethernet + IPv4 + SCTP frame, for the L2/L3 reject cases.
std::vector<uint8_t> Ipv4Frame(Env& env) {
  const std::array<SackShape, 1> shape{{{0, 0}}};
  std::vector<uint8_t> sctp = BuildSctpPacket(shape);
  rte_mbuf* m = CopyToMbufChain(env.pool, sctp);
  REQUIRE(m != nullptr);
  REQUIRE(PrependEthernetIpv4(m, kRoute4));
  std::vector<uint8_t> frame(m->pkt_len);
  std::memcpy(frame.data(), rte_pktmbuf_mtod(m, const uint8_t*),
              frame.size());
  rte_pktmbuf_free(m);
  return frame;
}

TEST_CASE("L2L3: LocateSctp trims Ethernet padding and rejects the rest",
          "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  const std::vector<uint8_t> good = Ipv4Frame(env);
  REQUIRE(good.size() == 14 + 20 + 28);
  REQUIRE(LocateSctp(buf::PacketView(good)).has_value());

  auto error_of = [](const std::vector<uint8_t>& f, bool verify = true) {
    auto r = LocateSctp(buf::PacketView(f), verify);
    REQUIRE_FALSE(r.has_value());
    return r.error();
  };
  auto with = [&](size_t offset, uint8_t value) {
    std::vector<uint8_t> f = good;
    f[offset] = value;
    return f;
  };

  SECTION("padding to the 60-byte minimum is not part of the SCTP packet") {
    std::vector<uint8_t> padded = good;
    padded.resize(good.size() + 6, 0);
    auto loc = LocateSctp(buf::PacketView(padded));
    REQUIRE(loc.has_value());
    CHECK(loc->sctp_length == 28);
  }
  SECTION("headers split over segments") {
    buf::PacketView split;
    std::span<const uint8_t> all(good);
    REQUIRE(split.AppendSegment(all.first(10)));
    REQUIRE(split.AppendSegment(all.subspan(10, 15)));
    REQUIRE(split.AppendSegment(all.subspan(25)));
    auto loc = LocateSctp(split);
    REQUIRE(loc.has_value());
    CHECK(loc->sctp_offset == 34);
  }
  SECTION("too short") {
    std::vector<uint8_t> f(good.begin(), good.begin() + 13);
    CHECK(error_of(f) == L2L3Error::kTooShort);
    std::vector<uint8_t> g(good.begin(), good.begin() + 30);
    CHECK(error_of(g) == L2L3Error::kTooShort);
  }
  SECTION("ARP is not IP") {
    CHECK(error_of(with(13, 0x06)) == L2L3Error::kNotIp);
  }
  SECTION("VLAN") {
    auto f = with(12, 0x81);
    f[13] = 0x00;
    CHECK(error_of(f) == L2L3Error::kVlanTagged);
  }
  SECTION("version") {
    CHECK(error_of(with(14, 0x65)) == L2L3Error::kBadIpVersion);
  }
  SECTION("IHL") {
    CHECK(error_of(with(14, 0x44), false) == L2L3Error::kBadIpHeaderLength);
  }
  SECTION("total length past the frame") {
    CHECK(error_of(with(17, 0xff), false) == L2L3Error::kBadIpLength);
  }
  SECTION("header checksum") {
    CHECK(error_of(with(22, 0x3f)) == L2L3Error::kBadIpv4Checksum);
    CHECK(LocateSctp(buf::PacketView(with(22, 0x3f)), false).has_value());
  }
  SECTION("fragment") {
    CHECK(error_of(with(20, 0x20), false) == L2L3Error::kFragment);
    CHECK(error_of(with(21, 0x01), false) == L2L3Error::kFragment);
  }
  SECTION("not SCTP") {
    CHECK(error_of(with(23, 17), false) == L2L3Error::kNotSctp);
  }
  CHECK(ToString(L2L3Error::kFragment) == "fragment");
}

TEST_CASE("MbufBuf: a payload reference keeps the whole chain until released",
          "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  std::vector<uint8_t> bytes(60);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i);
  const std::array<size_t, 3> split{20, 20, 20};
  const unsigned before = rte_mempool_avail_count(env.pool);
  rte_mbuf* m = CopyToMbufChain(env.pool, bytes, split);
  REQUIRE(m != nullptr);
  auto view = PacketViewFromMbuf(m);
  REQUIRE(view.has_value());
  // Bytes 45..54 lie in the third segment: zero copy, a reference.
  uint8_t scratch[16];
  const uint8_t* p = view->Read(45, 10, scratch);
  REQUIRE(p != scratch);
  buf::BufRef ref = view->RefFor({p, 10});
  REQUIRE(ref);
  // Bytes across a segment boundary were copied: no reference.
  const uint8_t* q = view->Read(15, 10, scratch);
  CHECK_FALSE(view->RefFor({q, 10}));
  // The driver frees its chain after the burst; the payload survives.
  rte_pktmbuf_free(m);
  CHECK(rte_mempool_avail_count(env.pool) == before - 3);
  CHECK(p[0] == 45);
  CHECK(p[9] == 54);
  ref.Reset();
  CHECK(rte_mempool_avail_count(env.pool) == before);
}

}  // namespace
}  // namespace dpsctp::dpdk
