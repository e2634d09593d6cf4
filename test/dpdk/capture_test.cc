// drivers/dpdk/capture: PacketCapture writes tapped mbuf chains to a pcapng
// file, read back with lib/capture's CaptureReader (and tshark when it is
// installed); CaptureSlot hands a capture between a running "lcore" thread
// and the control thread.
//
// The EAL initializes once per process, so the test cases share one fixture
// (Env()). Each test checks that every mbuf went back to the pool: the
// capture's references included.
#include <rte_eal.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "capture/pcap_reader.h"
#include "drivers/dpdk/capture.h"
#include "drivers/dpdk/eal.h"
#include "drivers/dpdk/mbuf_buf.h"
#include "test/support/quiet_check.h"

namespace dpsctp::dpdk {
namespace {

constexpr unsigned kPoolSize = 2047;  // 2^n - 1 is optimal for rte_mempool

struct Env {
  std::optional<Eal> eal;
  rte_mempool* pool = nullptr;
  std::string init_error;

  Env() {
    auto r = Eal::Init(NoHugepageArgs("capture_test"));
    if (!r) {
      init_error = r.error().ToString();
      return;
    }
    eal.emplace(std::move(r).value());
    // Cache size 0: rte_mempool_avail_count() is then exact, and threads
    // that are not lcores may allocate and free.
    pool = rte_pktmbuf_pool_create("dpsctp_cap_test", kPoolSize, 0, 0,
                                   RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
    if (pool == nullptr) {
      init_error = "rte_pktmbuf_pool_create failed";
    }
  }
  ~Env() {
    rte_mempool_free(pool);
    eal.reset();
  }
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;
};

Env& ReadyEnv() {
  static Env env;
  INFO(env.init_error);
  REQUIRE(env.init_error.empty());
  return env;
}

// Checks at scope exit that the pool holds every mbuf again.
class PoolBalance {
 public:
  explicit PoolBalance(rte_mempool* pool) : pool_(pool) {}
  ~PoolBalance() { CHECK(rte_mempool_avail_count(pool_) == kPoolSize); }
  PoolBalance(const PoolBalance&) = delete;
  PoolBalance& operator=(const PoolBalance&) = delete;

 private:
  rte_mempool* pool_;
};

// A file under /tmp, removed at scope exit.
class TempPath {
 public:
  explicit TempPath(const std::string& name)
      : path_("/tmp/dpsctp-" + std::to_string(getpid()) + "-" + name) {
    unlink(path_.c_str());
  }
  ~TempPath() { unlink(path_.c_str()); }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  const std::string& str() const { return path_; }

 private:
  std::string path_;
};

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in),
                              std::istreambuf_iterator<char>());
}

// Frame i: an Ethernet header (type 0x0800) then bytes derived from i.
std::vector<uint8_t> MakeFrame(size_t i, size_t length) {
  std::vector<uint8_t> f(length);
  const uint8_t header[14] = {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1,
                              0x08, 0x00};
  for (size_t k = 0; k < length; ++k) {
    f[k] = k < sizeof(header) ? header[k]
                              : static_cast<uint8_t>(i * 31 + k * 7 + 3);
  }
  return f;
}

struct Sent {
  std::vector<uint8_t> bytes;
  uint64_t timestamp_ns;
  CaptureDirection dir;
};

// Every record of `file`, checked against `sent` (in order) with the bytes
// cut to `snaplen`.
void CheckFile(std::span<const uint8_t> file, const std::vector<Sent>& sent,
               uint32_t snaplen) {
  auto reader = capture::CaptureReader::Open(file);
  REQUIRE(reader.has_value());
  CHECK(reader->format() == capture::CaptureFormat::kPcapng);
  size_t n = 0;
  while (auto rec = reader->Next()) {
    QREQUIRE(n < sent.size());
    const Sent& s = sent[n];
    const size_t kept = std::min<size_t>(s.bytes.size(), snaplen);
    INFO("frame " << n);
    QCHECK(rec->link_type == capture::kLinkTypeEthernet);
    QCHECK(rec->timestamp_ns == s.timestamp_ns);
    QCHECK(rec->original_length == s.bytes.size());
    QREQUIRE(rec->data.size() == kept);
    QCHECK(std::equal(rec->data.begin(), rec->data.end(), s.bytes.begin()));
    ++n;
  }
  CHECK(reader->error() == capture::CaptureError::kNone);
  CHECK(n == sent.size());
}

TEST_CASE("PacketCapture: tapped frames are written byte for byte", "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  TempPath path("frames.pcapng");
  auto started = PacketCapture::Start(path.str());
  INFO((started ? "" : started.error().ToString()));
  REQUIRE(started.has_value());
  std::unique_ptr<PacketCapture> cap = std::move(started).value();

  std::vector<Sent> sent;
  std::vector<rte_mbuf*> kept;  // freed by the test only after Stop()
  const uint64_t base = 1'700'000'000'123'456'789ull;
  for (size_t i = 0; i < 300; ++i) {
    const size_t length = 60 + (i * 37) % 1455;
    Sent s{MakeFrame(i, length), base + i * 1'000'003,
           i % 3 == 0 ? CaptureDirection::kTx : CaptureDirection::kRx};
    // Every other frame in several segments (the first one 14 bytes: the
    // Ethernet header alone), some of them uneven.
    std::vector<size_t> segments;
    if (i % 2 == 1) {
      segments = {14, 1 + i % 50, 100};
    }
    rte_mbuf* m = CopyToMbufChain(env.pool, s.bytes, segments);
    QREQUIRE(m != nullptr);
    if (i % 2 == 1 && length > 14 + 1 + i % 50) {
      QREQUIRE(CountSegments(m) >= 3);
    }
    cap->Tap(m, s.dir, s.timestamp_ns);
    if (i % 10 == 0) {
      kept.push_back(m);
    } else {
      rte_pktmbuf_free(m);  // the capture holds its own reference
    }
    sent.push_back(std::move(s));
  }
  cap->Stop();
  CHECK(cap->captured() == 300);
  CHECK(cap->dropped() == 0);
  CHECK(cap->written() == 300);
  CHECK(cap->write_errors() == 0);
  // The capture let go of every segment it referenced.
  for (rte_mbuf* m : kept) {
    for (rte_mbuf* seg = m; seg != nullptr; seg = seg->next) {
      QCHECK(rte_mbuf_refcnt_read(seg) == 1);
    }
    rte_pktmbuf_free(m);
  }
  CheckFile(ReadFile(path.str()), sent, 65535);
  cap->Stop();  // idempotent
}

TEST_CASE("PacketCapture: the snap length cuts frames, across segments",
          "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  TempPath path("snap.pcapng");
  constexpr uint32_t kSnap = 100;
  auto started = PacketCapture::Start(path.str(), 64, kSnap);
  REQUIRE(started.has_value());
  std::unique_ptr<PacketCapture> cap = std::move(started).value();
  CHECK(cap->snaplen() == kSnap);

  std::vector<Sent> sent;
  const size_t lengths[] = {60, 99, 100, 101, 1000, 1514};
  for (size_t i = 0; i < std::size(lengths); ++i) {
    Sent s{MakeFrame(i, lengths[i]), 1000 + i, CaptureDirection::kRx};
    const size_t segments[] = {40, 40, 40};  // the cut falls in the third
    rte_mbuf* m = CopyToMbufChain(env.pool, s.bytes, segments);
    REQUIRE(m != nullptr);
    cap->Tap(m, s.dir, s.timestamp_ns);
    rte_pktmbuf_free(m);
    sent.push_back(std::move(s));
  }
  cap->Stop();
  CHECK(cap->written() == std::size(lengths));
  const std::vector<uint8_t> file = ReadFile(path.str());
  CheckFile(file, sent, kSnap);
}

TEST_CASE("PacketCapture: a full ring counts drops and leaks nothing",
          "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  // The file is a FIFO that nobody reads until all frames are tapped: the
  // writer blocks once the pipe is full, so the 8-entry ring must fill.
  TempPath path("fifo");
  REQUIRE(mkfifo(path.str().c_str(), 0600) == 0);
  const int reader_fd = open(path.str().c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader_fd >= 0);
  auto started = PacketCapture::Start(path.str(), 8);
  REQUIRE(started.has_value());
  std::unique_ptr<PacketCapture> cap = std::move(started).value();

  // A pipe holds 64 KiB and stdio buffers a few more: about 50 frames of
  // 1,500 bytes, plus a burst in the writer's hands and 8 in the ring.
  constexpr size_t kFrames = 400;
  std::vector<Sent> all;
  for (size_t i = 0; i < kFrames; ++i) {
    all.push_back(Sent{MakeFrame(i, 1500), i, CaptureDirection::kRx});
    rte_mbuf* m = CopyToMbufChain(env.pool, all.back().bytes);
    QREQUIRE(m != nullptr);
    cap->Tap(m, CaptureDirection::kRx, i);
    rte_pktmbuf_free(m);
  }
  CHECK(cap->dropped() > 0);
  CHECK(cap->captured() >= 8);
  CHECK(cap->captured() + cap->dropped() == kFrames);

  // Now read the pipe, so that Stop() can drain the ring.
  REQUIRE(fcntl(reader_fd, F_SETFL, 0) == 0);
  std::vector<uint8_t> file;
  std::thread reader([&file, reader_fd] {
    uint8_t buf[65536];
    ssize_t n = 0;
    while ((n = read(reader_fd, buf, sizeof(buf))) > 0) {
      file.insert(file.end(), buf, buf + n);
    }
  });
  cap->Stop();
  reader.join();
  close(reader_fd);
  CHECK(cap->written() == cap->captured());
  CHECK(cap->write_errors() == 0);

  // The frames in the file are the ones not dropped, in order.
  auto r = capture::CaptureReader::Open(file);
  REQUIRE(r.has_value());
  size_t records = 0;
  uint64_t last = 0;
  while (auto rec = r->Next()) {
    QCHECK((records == 0 || rec->timestamp_ns > last));
    last = rec->timestamp_ns;
    QREQUIRE(last < kFrames);
    QCHECK(std::equal(rec->data.begin(), rec->data.end(),
                      all[last].bytes.begin(), all[last].bytes.end()));
    ++records;
  }
  CHECK(r->error() == capture::CaptureError::kNone);
  CHECK(records == cap->captured());
}

TEST_CASE("PacketCapture: Start reports a file it cannot create", "[dpdk]") {
  ReadyEnv();
  auto bad = PacketCapture::Start("/nonexistent-dir/x.pcapng");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == ENOENT);
  TempPath path("bad-args.pcapng");
  CHECK_FALSE(PacketCapture::Start(path.str(), 0).has_value());
  CHECK_FALSE(PacketCapture::Start(path.str(), 16, 0).has_value());
}

TEST_CASE("PacketCapture: tshark reads the file with directions and times",
          "[dpdk]") {
  Env& env = ReadyEnv();
  if (access("/usr/bin/tshark", X_OK) != 0) {
    WARN("skipped: /usr/bin/tshark is not installed");
    return;
  }
  PoolBalance balance(env.pool);
  TempPath path("tshark.pcapng");
  auto started = PacketCapture::Start(path.str());
  REQUIRE(started.has_value());
  std::unique_ptr<PacketCapture> cap = std::move(started).value();
  const uint64_t times[] = {1'700'000'000'000'000'001ull,
                            1'700'000'000'500'000'000ull,
                            1'700'000'001'999'999'999ull};
  for (size_t i = 0; i < std::size(times); ++i) {
    const std::vector<uint8_t> frame = MakeFrame(i, 60 + i * 500);
    const size_t segments[] = {14, 200};
    rte_mbuf* m = CopyToMbufChain(env.pool, frame, segments);
    REQUIRE(m != nullptr);
    cap->Tap(m, i == 1 ? CaptureDirection::kTx : CaptureDirection::kRx,
             times[i]);
    rte_pktmbuf_free(m);
  }
  cap->Stop();

  const std::string command =
      "tshark -r '" + path.str() +
      "' -T fields -E separator=' ' -e frame.time_epoch -e frame.len"
      " -e frame.packet_flags_direction -e eth.type 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) {
    output.append(buf, n);
  }
  CHECK(pclose(pipe) == 0);
  INFO(output);
  // Nanosecond times, lengths, inbound (1) / outbound (2), IPv4 ethertype;
  // tshark versions differ in how they spell hex numbers.
  struct Row {
    std::string time;
    unsigned long length, direction, ethertype;
  };
  std::vector<Row> rows;
  size_t pos = 0;
  while (pos < output.size()) {
    const size_t end = output.find('\n', pos);
    const std::string line = output.substr(pos, end - pos);
    pos = end == std::string::npos ? output.size() : end + 1;
    char time[64];
    char length[32];
    char direction[32];
    char ethertype[32];
    if (std::sscanf(line.c_str(), "%63s %31s %31s %31s", time, length,
                    direction, ethertype) == 4 &&
        line.rfind("17", 0) == 0) {
      rows.push_back(Row{time, std::strtoul(length, nullptr, 0),
                         std::strtoul(direction, nullptr, 0),
                         std::strtoul(ethertype, nullptr, 0)});
    }
  }
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].time == "1700000000.000000001");
  CHECK(rows[1].time == "1700000000.500000000");
  CHECK(rows[2].time == "1700000001.999999999");
  for (size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].length == 60 + i * 500);
    CHECK(rows[i].direction == (i == 1 ? 2u : 1u));
    CHECK(rows[i].ethertype == 0x0800);
  }
}

TEST_CASE("CaptureSlot: captures switch under a running lcore", "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  TempPath path1("slot1.pcapng");
  TempPath path2("slot2.pcapng");
  CaptureSlot slot;
  std::atomic<bool> run{true};
  std::atomic<uint64_t> iterations{0};

  // The "lcore": taps one frame per iteration while capture is on, then
  // acknowledges at the end of the iteration.
  std::thread lcore([&] {
    const std::vector<uint8_t> frame = MakeFrame(7, 200);
    uint64_t now = 0;
    while (run.load(std::memory_order_relaxed)) {
      rte_mbuf* m = CopyToMbufChain(env.pool, frame);
      if (m != nullptr) {
        if (PacketCapture* cap = slot.Get()) {
          cap->Tap(m, CaptureDirection::kRx, ++now);
        }
        rte_pktmbuf_free(m);
      }
      slot.Quiescent();
      iterations.fetch_add(1, std::memory_order_relaxed);
    }
  });
  // Waits for the lcore to tap `n` frames into `cap` (bounded).
  auto wait_captured = [](const PacketCapture& cap, uint64_t n) {
    for (int k = 0; k < 100000 && cap.captured() < n; ++k) {
      std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    return cap.captured() >= n;
  };

  auto first = PacketCapture::Start(path1.str());
  REQUIRE(first.has_value());
  PacketCapture* first_raw = first->get();
  CHECK(slot.Switch(std::move(first).value()) == nullptr);
  CHECK(wait_captured(*first_raw, 50));

  auto second = PacketCapture::Start(path2.str());
  REQUIRE(second.has_value());
  PacketCapture* second_raw = second->get();
  std::unique_ptr<PacketCapture> old = slot.Switch(std::move(second).value());
  REQUIRE(old.get() == first_raw);
  old->Stop();  // the lcore no longer taps it
  CHECK(wait_captured(*second_raw, 50));
  std::unique_ptr<PacketCapture> last = slot.Switch(nullptr);
  REQUIRE(last.get() == second_raw);
  last->Stop();

  run = false;
  lcore.join();
  CHECK(slot.Get() == nullptr);
  CHECK(slot.Release() == nullptr);
  for (const auto* cap : {old.get(), last.get()}) {
    CHECK(cap->captured() >= 50);
    CHECK(cap->written() == cap->captured());
  }
  // Each file holds exactly what its capture counted.
  for (const auto& [p, cap] : {std::pair{&path1, old.get()},
                               std::pair{&path2, last.get()}}) {
    const std::vector<uint8_t> file = ReadFile(p->str());
    auto r = capture::CaptureReader::Open(file);
    REQUIRE(r.has_value());
    uint64_t records = 0;
    while (r->Next()) {
      ++records;
    }
    CHECK(r->error() == capture::CaptureError::kNone);
    CHECK(records == cap->captured());
  }
}

TEST_CASE("CaptureSlot: Release hands back a capture after the lcore exited",
          "[dpdk]") {
  Env& env = ReadyEnv();
  PoolBalance balance(env.pool);
  TempPath path("release.pcapng");
  CaptureSlot slot;
  auto started = PacketCapture::Start(path.str());
  REQUIRE(started.has_value());
  // A short-lived "lcore" acknowledges the installation, then exits.
  std::atomic<bool> installed{false};
  std::thread lcore([&slot, &installed] {
    while (!installed.load()) {
      slot.Quiescent();
      std::this_thread::yield();
    }
  });
  CHECK(slot.Switch(std::move(started).value()) == nullptr);
  installed = true;
  lcore.join();
  PacketCapture* cap = slot.Get();
  REQUIRE(cap != nullptr);
  rte_mbuf* m = CopyToMbufChain(env.pool, MakeFrame(1, 64));
  REQUIRE(m != nullptr);
  cap->Tap(m, CaptureDirection::kTx, 5);
  rte_pktmbuf_free(m);
  std::unique_ptr<PacketCapture> released = slot.Release();
  REQUIRE(released.get() == cap);
  released->Stop();
  CHECK(released->written() == 1);
  CHECK(slot.Get() == nullptr);
}

}  // namespace
}  // namespace dpsctp::dpdk
