#include "rx/reassembly_queue.h"

#include <catch2/catch.hpp>

#include "test/support/quiet_check.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "buf/buf_ref.h"

namespace dpsctp::rx {
namespace {

using Result = ReassemblyQueue::AddResult;

// A chunk header; `flags` holds any of 'U', 'B', 'E'.
DataChunkMeta Chunk(uint32_t tsn, uint16_t stream, uint16_t ssn,
                    std::string_view flags, uint32_t ppid = 0) {
  DataChunkMeta m;
  m.tsn = Tsn(tsn);
  m.stream_id = StreamId(stream);
  m.ssn = Ssn(ssn);
  m.ppid = Ppid(ppid);
  m.beginning = flags.find('B') != std::string_view::npos;
  m.ending = flags.find('E') != std::string_view::npos;
  m.unordered = flags.find('U') != std::string_view::npos;
  return m;
}

buf::Slice Bytes(std::string_view text) {
  return buf::CopyToHeap(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

buf::Slice Zeros(size_t n) {
  const std::vector<uint8_t> zeros(n, 0);
  return buf::CopyToHeap(zeros);
}

struct Popped {
  MessageInfo info;
  std::string data;
  size_t visits = 0;
};

std::optional<Popped> Pop(ReassemblyQueue& q) {
  Popped p;
  std::optional<MessageInfo> info =
      q.PopReady([&](std::span<const uint8_t> bytes) noexcept {
        p.data.append(reinterpret_cast<const char*>(bytes.data()),
                      bytes.size());
        ++p.visits;
      });
  if (!info) return std::nullopt;
  p.info = *info;
  return p;
}

std::string PopData(ReassemblyQueue& q) {
  std::optional<Popped> p = Pop(q);
  return p ? p->data : std::string("<none>");
}

// Initialised with room to spare; most tests only care about ordering.
struct Fixture {
  explicit Fixture(uint16_t streams = 4, uint32_t fragments = 64,
                   uint32_t bytes = 1 << 20, uint32_t message = 1 << 20)
      : live_at_start(buf::LiveHeapCopies()) {
    QREQUIRE(q.Init(streams, fragments, bytes, message));
  }
  // Everything the queue took is released once it is cleared.
  void CheckNoLeak() {
    q.Clear();
    QCHECK(q.IsConsistent());
    QCHECK(q.fragment_count() == 0);
    QCHECK(q.buffered_bytes() == 0);
    QCHECK(buf::LiveHeapCopies() == live_at_start);
  }
  uint64_t live_at_start;
  ReassemblyQueue q;
};

// A BufOps that counts: every retain must be matched by one release.
struct CountingBuffer {
  static void Retain(void* handle) noexcept {
    ++static_cast<CountingBuffer*>(handle)->refs;
  }
  static void Release(void* handle) noexcept {
    auto* self = static_cast<CountingBuffer*>(handle);
    --self->refs;
    ++self->releases;
  }
  static constexpr buf::BufOps kOps{&Retain, &Release};

  buf::Slice Slice(uint32_t offset, uint32_t length) {
    buf::Slice s;
    s.ref = buf::BufRef::Retain(this, &kOps);
    s.data = bytes.data() + offset;
    s.length = length;
    return s;
  }

  std::array<uint8_t, 256> bytes{};
  int refs = 0;
  int releases = 0;
};

TEST_CASE("ReassemblyQueue: a single-chunk message is ready at once",
          "[fast]") {
  Fixture f;
  QCHECK(f.q.PeekReady() == nullptr);
  QCHECK(f.q.Add(Chunk(100, 2, 0, "BE", 77), Bytes("hello")) == Result::kOk);
  QCHECK(f.q.ready_count() == 1);
  QCHECK(f.q.buffered_bytes() == 5);
  QCHECK(f.q.fragment_count() == 1);
  CHECK_FALSE(f.q.Stalled());
  const MessageInfo* peek = f.q.PeekReady();
  QREQUIRE(peek != nullptr);
  QCHECK(peek->stream_id == StreamId(2));
  QCHECK(peek->ssn == Ssn(0));
  QCHECK(peek->ppid == Ppid(77));
  CHECK_FALSE(peek->unordered);
  QCHECK(peek->length == 5);
  QCHECK(peek->fragment_count == 1);
  QCHECK(peek->first_tsn == Tsn(100));
  QCHECK(f.q.next_ssn(StreamId(2)) == Ssn(1));

  std::optional<Popped> p = Pop(f.q);
  QREQUIRE(p);
  QCHECK(p->data == "hello");
  QCHECK(p->visits == 1);
  QCHECK(p->info.ppid == Ppid(77));
  QCHECK(f.q.ready_count() == 0);
  QCHECK(f.q.buffered_bytes() == 0);
  QCHECK(f.q.fragment_count() == 0);
  CHECK_FALSE(Pop(f.q));
  QCHECK(buf::LiveHeapCopies() == f.live_at_start);
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: a fragmented message in TSN order", "[fast]") {
  Fixture f;
  QCHECK(f.q.Add(Chunk(7, 1, 0, "B", 5), Bytes("ab")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(8, 1, 0, "", 6), Bytes("cde")) == Result::kOk);
  QCHECK(f.q.ready_count() == 0);
  QCHECK(f.q.buffered_bytes() == 5);
  QCHECK(f.q.Add(Chunk(9, 1, 0, "E", 7), Bytes("f")) == Result::kOk);
  QCHECK(f.q.ready_count() == 1);
  QCHECK(f.q.IsConsistent());
  std::optional<Popped> p = Pop(f.q);
  QREQUIRE(p);
  QCHECK(p->data == "abcdef");
  QCHECK(p->visits == 3);
  QCHECK(p->info.length == 6);
  QCHECK(p->info.fragment_count == 3);
  QCHECK(p->info.first_tsn == Tsn(7));
  QCHECK(p->info.ppid == Ppid(5));  // the B fragment's
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: fragments in every arrival order", "[fast]") {
  // Five fragments, all 120 orders (reversed and shuffled included): the
  // message is complete exactly at the last one and always intact.
  const std::array<std::string_view, 5> pieces = {"He", "llo", ", ", "wor",
                                                  "ld"};
  std::array<int, 5> order = {0, 1, 2, 3, 4};
  Fixture f;
  int orders = 0;
  do {
    INFO("order " << order[0] << order[1] << order[2] << order[3] << order[4]);
    for (int k = 0; k < 5; ++k) {
      const int i = order[k];
      const char* flags = i == 0 ? "B" : i == 4 ? "E" : "";
      QCHECK(f.q.Add(Chunk(0xfffffffe + i, 3, 0, flags), Bytes(pieces[i])) ==
            Result::kOk);
      QCHECK(f.q.ready_count() == (k == 4 ? 1u : 0u));
      QCHECK(f.q.IsConsistent());
    }
    std::optional<Popped> p = Pop(f.q);
    QREQUIRE(p);
    QCHECK(p->data == "Hello, world");
    QCHECK(p->info.first_tsn == Tsn(0xfffffffe));  // wraps through 0
    f.q.Reset(4);  // SSN 0 again
    ++orders;
  } while (std::next_permutation(order.begin(), order.end()));
  QCHECK(orders == 120);
  f.CheckNoLeak();
}

TEST_CASE(
    "ReassemblyQueue: an SSN gap holds its stream only; other streams flow",
    "[fast]") {
  Fixture f;
  // Stream 0: SSN 1 and 2 arrive before SSN 0.
  QCHECK(f.q.Add(Chunk(11, 0, 1, "BE"), Bytes("s0m1")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(12, 0, 2, "B"), Bytes("s0m2a")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(13, 0, 2, "E"), Bytes("+b")) == Result::kOk);
  QCHECK(f.q.ready_count() == 0);
  // Stream 1 is not held up (no head-of-line blocking across streams).
  QCHECK(f.q.Add(Chunk(14, 1, 0, "BE"), Bytes("s1m0")) == Result::kOk);
  QCHECK(f.q.ready_count() == 1);
  QCHECK(PopData(f.q) == "s1m0");
  QCHECK(f.q.Stalled() == false);
  // The gap fills: 0, 1, 2 in SSN order.
  QCHECK(f.q.Add(Chunk(10, 0, 0, "BE"), Bytes("s0m0")) == Result::kOk);
  QCHECK(f.q.ready_count() == 3);
  QCHECK(f.q.next_ssn(StreamId(0)) == Ssn(3));
  QCHECK(PopData(f.q) == "s0m0");
  QCHECK(PopData(f.q) == "s0m1");
  QCHECK(PopData(f.q) == "s0m2a+b");
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: out-of-order SSNs are sorted, not FIFO", "[fast]") {
  Fixture f;
  for (uint16_t ssn : {4, 2, 5, 1, 3}) {
    QCHECK(f.q.Add(Chunk(100 + ssn, 0, ssn, "BE"), Bytes(std::to_string(ssn))) ==
          Result::kOk);
  }
  QCHECK(f.q.ready_count() == 0);
  QCHECK(f.q.IsConsistent());
  QCHECK(f.q.Add(Chunk(100, 0, 0, "BE"), Bytes("0")) == Result::kOk);
  std::string order;
  while (f.q.ready_count() > 0) order += PopData(f.q);
  QCHECK(order == "012345");
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: unordered messages bypass an SSN gap", "[fast]") {
  Fixture f;
  QCHECK(f.q.Add(Chunk(21, 0, 1, "BE"), Bytes("ordered1")) == Result::kOk);
  // §6.6: the SSN of an unordered chunk is ignored, whatever it says.
  QCHECK(f.q.Add(Chunk(22, 0, 9, "UBE"), Bytes("u1")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(23, 0, 1, "UB"), Bytes("u2")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(24, 0, 1, "UE"), Bytes("+")) == Result::kOk);
  QCHECK(f.q.ready_count() == 2);
  std::optional<Popped> p = Pop(f.q);
  QREQUIRE(p);
  QCHECK(p->data == "u1");
  QCHECK(p->info.unordered);
  QCHECK(PopData(f.q) == "u2+");
  // Unordered messages do not move the stream's SSN.
  QCHECK(f.q.next_ssn(StreamId(0)) == Ssn(0));
  QCHECK(f.q.Add(Chunk(20, 0, 0, "BE"), Bytes("ordered0")) == Result::kOk);
  QCHECK(PopData(f.q) == "ordered0");
  QCHECK(PopData(f.q) == "ordered1");
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: the SSN wraps from 65535 to 0", "[fast]") {
  Fixture f(1);
  uint32_t tsn = 1000;
  for (uint32_t n = 0; n < 65535; ++n) {
    QREQUIRE(f.q.Add(Chunk(tsn++, 0, static_cast<uint16_t>(n), "BE"),
                    Bytes("x")) == Result::kOk);
    QREQUIRE(Pop(f.q));
  }
  QCHECK(f.q.next_ssn(StreamId(0)) == Ssn(65535));
  // SSN 0 and 1 (after the wrap) arrive before 65535: they are ahead, not
  // behind, and wait for it.
  const uint32_t tsn_65535 = tsn++;
  QCHECK(f.q.Add(Chunk(tsn++, 0, 0, "BE"), Bytes("zero")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(tsn++, 0, 1, "BE"), Bytes("one")) == Result::kOk);
  QCHECK(f.q.ready_count() == 0);
  QCHECK(f.q.Add(Chunk(tsn_65535, 0, 65535, "BE"), Bytes("last")) ==
        Result::kOk);
  QCHECK(PopData(f.q) == "last");
  QCHECK(PopData(f.q) == "zero");
  QCHECK(PopData(f.q) == "one");
  QCHECK(f.q.next_ssn(StreamId(0)) == Ssn(2));
  // SSN 1 again is now in the past.
  QCHECK(f.q.Add(Chunk(tsn++, 0, 1, "BE"), Bytes("old")) == Result::kMalformed);
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: ordered and unordered interleaved in TSN space",
          "[fast]") {
  // TSN 30-32 ordered s0/0, 33-34 unordered s0, 35 ordered s1/0, 36-37
  // ordered s0/1, 38 unordered s1; delivered in a scrambled order.
  struct Piece {
    DataChunkMeta meta;
    std::string_view text;
  };
  const std::vector<Piece> pieces = {
      {Chunk(30, 0, 0, "B"), "A1"},  {Chunk(31, 0, 0, ""), "A2"},
      {Chunk(32, 0, 0, "E"), "A3"},  {Chunk(33, 0, 0, "UB"), "U1"},
      {Chunk(34, 0, 0, "UE"), "U2"}, {Chunk(35, 1, 0, "BE"), "C"},
      {Chunk(36, 0, 1, "B"), "D1"},  {Chunk(37, 0, 1, "E"), "D2"},
      {Chunk(38, 1, 7, "UBE"), "V"},
  };
  Fixture f;
  std::vector<std::string> delivered;
  for (int i : {7, 4, 8, 1, 6, 3, 5, 2, 0}) {
    QCHECK(f.q.Add(pieces[i].meta, Bytes(pieces[i].text)) == Result::kOk);
    while (f.q.ready_count() > 0) delivered.push_back(PopData(f.q));
  }
  // V at once; U when 33 arrives; C at once on stream 1; A then D when 30
  // fills stream 0's gap.
  QCHECK(delivered == std::vector<std::string>{"V", "U1U2", "C", "A1A2A3",
                                              "D1D2"});
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: max_message_size", "[fast]") {
  Fixture f(2, 16, 1 << 20, 10);
  QCHECK(f.q.Add(Chunk(1, 0, 0, "BE"), Zeros(10)) == Result::kOk);
  QCHECK(f.q.Add(Chunk(2, 0, 1, "BE"), Zeros(11)) == Result::kMessageTooLarge);
  QCHECK(f.q.fragment_count() == 1);
  // Fragments: 4 + 4 + 2 is the limit exactly; 4 + 4 + 3 is over, and what
  // was held of that message is dropped at once.
  QCHECK(f.q.Add(Chunk(3, 0, 1, "B"), Zeros(4)) == Result::kOk);
  QCHECK(f.q.Add(Chunk(5, 0, 1, "E"), Zeros(2)) == Result::kOk);
  QCHECK(f.q.Add(Chunk(4, 0, 1, ""), Zeros(4)) == Result::kOk);
  QCHECK(f.q.ready_count() == 2);
  QCHECK(f.q.Add(Chunk(6, 0, 2, "B"), Zeros(4)) == Result::kOk);
  QCHECK(f.q.Add(Chunk(8, 0, 2, "E"), Zeros(3)) == Result::kOk);
  QCHECK(f.q.buffered_bytes() == 10 + 10 + 7);
  QCHECK(f.q.Add(Chunk(7, 0, 2, ""), Zeros(4)) == Result::kMessageTooLarge);
  QCHECK(f.q.buffered_bytes() == 20);
  QCHECK(f.q.fragment_count() == 4);
  QCHECK(f.q.IsConsistent());
  f.CheckNoLeak();
}

TEST_CASE(
    "ReassemblyQueue: two 65484-byte fragments (sctp-idata-92.pkt, "
    "sctp-idata-93.pkt)",
    "[fast]") {
  // sctp-idata-92.pkt: UB and UE chunks of length 65500 (65484 payload
  // bytes each) make one 130968-byte message, twice.
  for (const uint32_t limit : {130968u, 130967u}) {
    Fixture f(1, 8, 1 << 20, limit);
    QCHECK(f.q.Add(Chunk(1, 0, 0, "UB", 1234), Zeros(65484)) == Result::kOk);
    const Result second = f.q.Add(Chunk(2, 0, 0, "UE", 1234), Zeros(65484));
    if (limit == 130968u) {
      QCHECK(second == Result::kOk);
      std::optional<Popped> p = Pop(f.q);
      QREQUIRE(p);
      QCHECK(p->data.size() == 130968);
      QCHECK(p->info.length == 130968);
    } else {
      QCHECK(second == Result::kMessageTooLarge);
      QCHECK(f.q.buffered_bytes() == 0);
    }
    f.CheckNoLeak();
  }
}

TEST_CASE("ReassemblyQueue: no space (slots, then bytes)", "[fast]") {
  SECTION("fragment slots") {
    Fixture f(2, 3, 1 << 20, 1 << 20);
    QCHECK(f.q.Add(Chunk(1, 0, 0, "B"), Bytes("a")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(2, 0, 0, ""), Bytes("b")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(4, 1, 0, "BE"), Bytes("x")) == Result::kOk);
    const uint64_t live = buf::LiveHeapCopies();
    QCHECK(f.q.Add(Chunk(3, 0, 0, "E"), Bytes("c")) == Result::kNoSpace);
    QCHECK(buf::LiveHeapCopies() == live);  // the refused Slice is released
    QCHECK(f.q.fragment_count() == 3);
    // Delivering stream 1 frees a slot; the retransmission then fits.
    QCHECK(PopData(f.q) == "x");
    QCHECK(f.q.Add(Chunk(3, 0, 0, "E"), Bytes("c")) == Result::kOk);
    QCHECK(PopData(f.q) == "abc");
    f.CheckNoLeak();
  }
  SECTION("bytes") {
    Fixture f(2, 16, 10, 1 << 20);
    QCHECK(f.q.Add(Chunk(1, 0, 0, "BE"), Zeros(6)) == Result::kOk);
    QCHECK(f.q.Add(Chunk(2, 0, 1, "BE"), Zeros(5)) == Result::kNoSpace);
    QCHECK(f.q.Add(Chunk(2, 0, 1, "BE"), Zeros(4)) == Result::kOk);
    QCHECK(f.q.buffered_bytes() == 10);
    QCHECK(f.q.Add(Chunk(3, 0, 2, "BE"), Zeros(1)) == Result::kNoSpace);
    QCHECK(Pop(f.q));
    QCHECK(f.q.Add(Chunk(3, 0, 2, "BE"), Zeros(1)) == Result::kOk);
    f.CheckNoLeak();
  }
}

TEST_CASE("ReassemblyQueue: Stalled when full of the undeliverable",
          "[fast]") {
  SECTION("an incomplete message fills every slot") {
    Fixture f(2, 4, 1 << 20, 1 << 20);
    for (uint32_t tsn = 1; tsn <= 4; ++tsn) {
      QCHECK(f.q.Add(Chunk(tsn, 0, 0, tsn == 1 ? "B" : ""), Bytes("x")) ==
            Result::kOk);
      QCHECK(f.q.Stalled() == (tsn == 4));
    }
    QCHECK(f.q.Add(Chunk(5, 0, 0, "E"), Bytes("x")) == Result::kNoSpace);
    f.CheckNoLeak();
    CHECK_FALSE(f.q.Stalled());
  }
  SECTION("complete messages blocked behind a gap fill the bytes") {
    Fixture f(2, 16, 8, 1 << 20);
    QCHECK(f.q.Add(Chunk(2, 0, 1, "BE"), Zeros(4)) == Result::kOk);
    CHECK_FALSE(f.q.Stalled());
    QCHECK(f.q.Stalled(5));  // less room than the caller needs
    QCHECK(f.q.Add(Chunk(3, 0, 2, "BE"), Zeros(4)) == Result::kOk);
    QCHECK(f.q.Stalled());
    // SSN 0 cannot fit: this is the deadlock Stalled() reports.
    QCHECK(f.q.Add(Chunk(1, 0, 0, "BE"), Zeros(1)) == Result::kNoSpace);
    f.CheckNoLeak();
  }
  SECTION("a ready message means not stalled") {
    Fixture f(2, 2, 1 << 20, 1 << 20);
    QCHECK(f.q.Add(Chunk(1, 0, 0, "BE"), Bytes("a")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(3, 0, 2, "BE"), Bytes("c")) == Result::kOk);
    CHECK_FALSE(f.q.Stalled());
    QCHECK(Pop(f.q));
    CHECK_FALSE(f.q.Stalled());  // one slot free
    QCHECK(f.q.Add(Chunk(4, 1, 0, "B"), Bytes("d")) == Result::kOk);
    QCHECK(f.q.Stalled());
    f.CheckNoLeak();
  }
}

TEST_CASE("ReassemblyQueue: Clear releases every reference", "[fast]") {
  CountingBuffer buffer;
  {
    ReassemblyQueue q;
    QREQUIRE(q.Init(4, 32, 1 << 16, 1 << 16));
    // Incomplete, blocked, and ready messages.
    QCHECK(q.Add(Chunk(1, 0, 0, "B"), buffer.Slice(0, 10)) == Result::kOk);
    QCHECK(q.Add(Chunk(4, 0, 1, "BE"), buffer.Slice(10, 10)) == Result::kOk);
    QCHECK(q.Add(Chunk(5, 1, 0, "B"), buffer.Slice(20, 10)) == Result::kOk);
    QCHECK(q.Add(Chunk(6, 1, 0, "E"), buffer.Slice(30, 10)) == Result::kOk);
    QCHECK(q.Add(Chunk(7, 2, 3, "UBE"), buffer.Slice(40, 10)) == Result::kOk);
    QCHECK(buffer.refs == 5);
    QCHECK(q.ready_count() == 2);
    q.Clear();
    QCHECK(buffer.refs == 0);
    QCHECK(buffer.releases == 5);
    QCHECK(q.ready_count() == 0);
    QCHECK(q.PeekReady() == nullptr);
    QCHECK(q.fragment_count() == 0);
    QCHECK(q.buffered_bytes() == 0);
    QCHECK(q.IsConsistent());
    // Clear keeps the SSN state (stream 1 delivered SSN 0); Reset does not.
    QCHECK(q.next_ssn(StreamId(1)) == Ssn(1));
    q.Reset(4);
    QCHECK(q.next_ssn(StreamId(1)) == Ssn(0));
    // The destructor releases what is still held.
    QCHECK(q.Add(Chunk(8, 0, 0, "B"), buffer.Slice(0, 1)) == Result::kOk);
    QCHECK(buffer.refs == 1);
  }
  QCHECK(buffer.refs == 0);
  QCHECK(buffer.releases == 6);
}

TEST_CASE("ReassemblyQueue: each delivered fragment is released once",
          "[fast]") {
  CountingBuffer buffer;
  ReassemblyQueue q;
  QREQUIRE(q.Init(1, 8, 1 << 16, 1 << 16));
  for (uint32_t i = 0; i < 4; ++i) {
    buffer.bytes[i] = static_cast<uint8_t>('a' + i);
    const char* flags = i == 0 ? "B" : i == 3 ? "E" : "";
    QCHECK(q.Add(Chunk(i, 0, 0, flags), buffer.Slice(i, 1)) == Result::kOk);
  }
  QCHECK(buffer.refs == 4);
  int refs_during_visit = -1;
  std::optional<MessageInfo> info =
      q.PopReady([&](std::span<const uint8_t>) noexcept {
        refs_during_visit = buffer.refs;
      });
  QREQUIRE(info);
  QCHECK(refs_during_visit == 4);  // held while the visitor reads
  QCHECK(buffer.refs == 0);
  QCHECK(buffer.releases == 4);
}

TEST_CASE("ReassemblyQueue: each ready message is announced once",
          "[fast]") {
  Fixture f;
  std::vector<uint32_t> announced;
  const auto announce = [&]() {
    f.q.AnnounceNewReady(
        [&](const MessageInfo& m) { announced.push_back(m.ppid.value()); });
  };
  announce();
  QCHECK(announced.empty());
  QCHECK(f.q.Add(Chunk(2, 0, 1, "BE", 2), Bytes("b")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(3, 1, 0, "BE", 3), Bytes("c")) == Result::kOk);
  announce();
  QCHECK(announced == std::vector<uint32_t>{3});
  QCHECK(f.q.Add(Chunk(1, 0, 0, "BE", 1), Bytes("a")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(4, 2, 0, "UBE", 4), Bytes("d")) == Result::kOk);
  announce();
  QCHECK(announced == std::vector<uint32_t>{3, 1, 2, 4});
  announce();
  QCHECK(announced.size() == 4);
  // Popped before being announced: not announced any more.
  QCHECK(f.q.Add(Chunk(5, 2, 0, "UBE", 5), Bytes("e")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(6, 2, 0, "UBE", 6), Bytes("f")) == Result::kOk);
  for (int i = 0; i < 5; ++i) QCHECK(Pop(f.q));
  QCHECK(f.q.IsConsistent());
  announce();
  QCHECK(announced == std::vector<uint32_t>{3, 1, 2, 4, 6});
  QCHECK(Pop(f.q));
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: PopReadyInto copies and truncates", "[fast]") {
  Fixture f;
  QCHECK(f.q.Add(Chunk(1, 0, 0, "B", 9), Bytes("abcd")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(2, 0, 0, "E"), Bytes("efgh")) == Result::kOk);
  QCHECK(f.q.Add(Chunk(3, 0, 1, "BE"), Bytes("xyz")) == Result::kOk);
  std::array<uint8_t, 6> small{};
  size_t copied = 0;
  std::optional<MessageInfo> info = f.q.PopReadyInto(small, &copied);
  QREQUIRE(info);
  QCHECK(copied == 6);
  QCHECK(info->length == 8);  // the whole message's length
  QCHECK(info->ppid == Ppid(9));
  QCHECK(std::string(small.begin(), small.end()) == "abcdef");
  std::array<uint8_t, 16> large{};
  info = f.q.PopReadyInto(large, &copied);
  QREQUIRE(info);
  QCHECK(copied == 3);
  QCHECK(std::string(large.begin(), large.begin() + 3) == "xyz");
  CHECK_FALSE(f.q.PopReadyInto(large, &copied));
  QCHECK(copied == 0);
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: Init limits and use before Init", "[fast]") {
  const uint64_t live = buf::LiveHeapCopies();
  ReassemblyQueue q;
  QCHECK(q.Add(Chunk(1, 0, 0, "BE"), Bytes("x")) == Result::kNoSpace);
  QCHECK(buf::LiveHeapCopies() == live);
  CHECK_FALSE(q.Stalled());
  QCHECK(q.PeekReady() == nullptr);
  QCHECK(q.IsConsistent());
  q.Clear();
  q.Reset(3);
  QCHECK(q.stream_count() == 0);
  CHECK_FALSE(q.Init(0, 1, 1, 1));
  CHECK_FALSE(q.Init(1, 0, 1, 1));
  CHECK_FALSE(q.Init(1, 1, 0, 1));
  CHECK_FALSE(q.Init(1, 1, 1, 0));
  QREQUIRE(q.Init(3, 1, 1, 1));
  QCHECK(q.stream_count() == 3);
  q.Reset(200);  // clamped to max_streams
  QCHECK(q.stream_count() == 3);
  q.Reset(2);
  QCHECK(q.Add(Chunk(1, 2, 0, "BE"), Bytes("x")) == Result::kMalformed);
  QCHECK(q.Add(Chunk(1, 1, 0, "BE"), Bytes("x")) == Result::kOk);
  // Init again drops what was held.
  QREQUIRE(q.Init(3, 4, 100, 100));
  QCHECK(q.fragment_count() == 0);
  QCHECK(buf::LiveHeapCopies() == live);
}

// The sctplab/sctp-idata packetdrill scripts (DATA, not I-DATA) inject
// chunks whose B/E/U flags, stream or SSN contradict their TSN neighbour;
// the endpoint must refuse them (it ABORTs with PROTOCOL_VIOLATION).
TEST_CASE("ReassemblyQueue: contradictory neighbours are malformed (sctplab)",
          "[fast]") {
  Fixture f;
  SECTION("sctp-idata-03.pkt: B on stream 0, then E on stream 1") {
    QCHECK(f.q.Add(Chunk(1, 0, 0, "B"), Bytes("a")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(2, 1, 0, "E"), Bytes("b")) == Result::kMalformed);
  }
  SECTION("sctp-idata-05.pkt: B; B") {
    QCHECK(f.q.Add(Chunk(1, 0, 0, "B"), Bytes("a")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(2, 0, 0, "B"), Bytes("b")) == Result::kMalformed);
  }
  SECTION("sctp-idata-06.pkt: BE; E with the same SSN") {
    QCHECK(f.q.Add(Chunk(1, 0, 0, "BE"), Bytes("a")) == Result::kOk);
    // SSN 0 is ready, so delivered as far as the stream is concerned.
    QCHECK(f.q.Add(Chunk(2, 0, 0, "E"), Bytes("b")) == Result::kMalformed);
    QCHECK(Pop(f.q));
    QCHECK(f.q.Add(Chunk(2, 0, 0, "E"), Bytes("b")) == Result::kMalformed);
  }
  SECTION("sctp-idata-06.pkt, unordered: UBE; UE") {
    QCHECK(f.q.Add(Chunk(1, 0, 0, "UBE"), Bytes("a")) == Result::kOk);
    // Still held: the neighbour ends a message, so TSN 2 must begin one.
    QCHECK(f.q.Add(Chunk(2, 0, 0, "UE"), Bytes("b")) == Result::kMalformed);
  }
  SECTION("sctp-idata-07.pkt: B with SSN 0, then a middle with SSN 1") {
    QCHECK(f.q.Add(Chunk(1, 0, 0, "B"), Bytes("a")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(2, 0, 1, ""), Bytes("b")) == Result::kMalformed);
  }
  SECTION("sctp-idata-09.pkt: UB; U; E (the U flag changes)") {
    QCHECK(f.q.Add(Chunk(1, 0, 0, "UB"), Bytes("a")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(2, 0, 0, "U"), Bytes("b")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(3, 0, 0, "E"), Bytes("c")) == Result::kMalformed);
  }
  SECTION("sctp-idata-10.pkt: UB; UBE") {
    QCHECK(f.q.Add(Chunk(1, 0, 0, "UB"), Bytes("a")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(2, 0, 0, "UBE"), Bytes("b")) == Result::kMalformed);
  }
  SECTION("sctp-idata-11.pkt: B; BE with the same SSN") {
    QCHECK(f.q.Add(Chunk(1, 0, 0, "B"), Bytes("a")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(2, 0, 0, "BE"), Bytes("b")) == Result::kMalformed);
  }
  SECTION("the same contradictions seen from the later TSN") {
    // A middle piece held; the TSN before it claims to end a message, the
    // TSN after it claims to begin one.
    QCHECK(f.q.Add(Chunk(5, 0, 0, ""), Bytes("m")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(4, 0, 0, "BE"), Bytes("a")) == Result::kMalformed);
    QCHECK(f.q.Add(Chunk(4, 0, 0, "E"), Bytes("a")) == Result::kMalformed);
    QCHECK(f.q.Add(Chunk(6, 0, 0, "B"), Bytes("b")) == Result::kMalformed);
    QCHECK(f.q.Add(Chunk(6, 2, 0, "E"), Bytes("b")) == Result::kMalformed);
    QCHECK(f.q.Add(Chunk(6, 0, 0, "UE"), Bytes("b")) == Result::kMalformed);
    QCHECK(f.q.Add(Chunk(6, 0, 3, "E"), Bytes("b")) == Result::kMalformed);
    // The consistent ones complete it.
    QCHECK(f.q.Add(Chunk(6, 0, 0, "E"), Bytes("b")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(4, 0, 0, "B"), Bytes("a")) == Result::kOk);
    QCHECK(PopData(f.q) == "amb");
  }
  SECTION("unordered fragments may carry any SSN") {
    QCHECK(f.q.Add(Chunk(1, 0, 3, "UB"), Bytes("a")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(2, 0, 9, "UE"), Bytes("b")) == Result::kOk);
    QCHECK(PopData(f.q) == "ab");
  }
  QCHECK(f.q.IsConsistent());
  f.CheckNoLeak();
}

TEST_CASE(
    "ReassemblyQueue: the first TSN must begin a message (sctp-idata-12, 13, "
    "20, 21)",
    "[fast]") {
  Fixture f;
  // sctp-idata-12.pkt (flags 0), -13 (U), -20 (E), -21 (UE): the very first
  // DATA chunk of the association without the B bit.
  for (const char* flags : {"", "U", "E", "UE"}) {
    INFO(flags);
    f.q.Reset(1, Tsn(1));
    QCHECK(f.q.Add(Chunk(1, 0, 0, flags), Bytes("a")) == Result::kMalformed);
    QCHECK(f.q.Add(Chunk(1, 0, 0, "BE"), Bytes("a")) == Result::kOk);
  }
  // Without the initial TSN the queue cannot know: it holds the piece.
  f.q.Reset(1);
  QCHECK(f.q.Add(Chunk(1, 0, 0, "E"), Bytes("a")) == Result::kOk);
  QCHECK(f.q.ready_count() == 0);
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: other malformed input", "[fast]") {
  Fixture f(2);
  SECTION("an ordered SSN already delivered") {
    QCHECK(f.q.Add(Chunk(1, 0, 0, "BE"), Bytes("a")) == Result::kOk);
    QCHECK(Pop(f.q));
    QCHECK(f.q.Add(Chunk(9, 0, 0, "BE"), Bytes("a")) == Result::kMalformed);
    // A middle piece of it, too.
    QCHECK(f.q.Add(Chunk(9, 0, 0, ""), Bytes("a")) == Result::kMalformed);
  }
  SECTION("a stream the association does not have (caller's error)") {
    QCHECK(f.q.Add(Chunk(1, 2, 0, "BE"), Bytes("a")) == Result::kMalformed);
    QCHECK(f.q.Add(Chunk(1, 0xffff, 0, "BE"), Bytes("a")) ==
          Result::kMalformed);
  }
  SECTION("a TSN already held") {
    QCHECK(f.q.Add(Chunk(1, 0, 0, "B"), Bytes("a")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(1, 0, 0, "B"), Bytes("a")) == Result::kMalformed);
    QCHECK(f.q.Add(Chunk(1, 1, 0, "BE"), Bytes("a")) == Result::kMalformed);
    QCHECK(f.q.fragment_count() == 1);
  }
  SECTION("a second complete message with a held SSN is dropped whole") {
    QCHECK(f.q.Add(Chunk(10, 0, 2, "BE"), Bytes("first")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(20, 0, 2, "B"), Bytes("x")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(21, 0, 2, "E"), Bytes("y")) == Result::kMalformed);
    QCHECK(f.q.fragment_count() == 1);
    QCHECK(f.q.Add(Chunk(8, 0, 0, "BE"), Bytes("0")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(9, 0, 1, "BE"), Bytes("1")) == Result::kOk);
    QCHECK(PopData(f.q) == "0");
    QCHECK(PopData(f.q) == "1");
    QCHECK(PopData(f.q) == "first");
  }
  QCHECK(f.q.IsConsistent());
  f.CheckNoLeak();
}

TEST_CASE("ReassemblyQueue: TSN wrap with consecutive SSNs (sctp-idata-08)",
          "[fast]") {
  // sctp-idata-08.pkt: TSN 4294967294, 4294967295, 0 carry SSN 0, 1, 2.
  Fixture f(1);
  f.q.Reset(1, Tsn(4294967294u));
  QCHECK(f.q.Add(Chunk(4294967294u, 0, 0, "BE", 1234), Bytes("m0")) ==
        Result::kOk);
  QCHECK(PopData(f.q) == "m0");
  QCHECK(f.q.Add(Chunk(4294967295u, 0, 1, "BE", 1234), Bytes("m1")) ==
        Result::kOk);
  QCHECK(PopData(f.q) == "m1");
  QCHECK(f.q.Add(Chunk(0, 0, 2, "BE", 1234), Bytes("m2")) == Result::kOk);
  QCHECK(PopData(f.q) == "m2");
  f.CheckNoLeak();
}

TEST_CASE(
    "ReassemblyQueue: unordered messages leave in completion order "
    "(sctp-idata-117..130)",
    "[fast]") {
  // Each case: chunks as (TSN, flags, ppid) on stream 0, then the ppids in
  // the order the scripts read them. The message with ppid 1 is TSN 1 (and
  // 2), ppid 2 the rest.
  struct Case {
    const char* script;
    std::vector<std::tuple<uint32_t, const char*, uint32_t>> chunks;
    std::vector<uint32_t> expected;
  };
  const std::vector<Case> cases = {
      {"sctp-idata-118.pkt",
       {{3, "UB", 2}, {1, "UB", 1}, {2, "UE", 1}, {4, "UE", 2}},
       {1, 2}},
      {"sctp-idata-119.pkt", {{1, "UB", 1}, {2, "UE", 1}, {3, "UBE", 2}}, {1, 2}},
      {"sctp-idata-120.pkt", {{2, "UE", 1}, {1, "UB", 1}, {3, "UBE", 2}}, {1, 2}},
      {"sctp-idata-121.pkt", {{1, "UB", 1}, {3, "UBE", 2}, {2, "UE", 1}}, {2, 1}},
      {"sctp-idata-122.pkt", {{2, "UE", 1}, {3, "UBE", 2}, {1, "UB", 1}}, {2, 1}},
      {"sctp-idata-123.pkt", {{3, "UBE", 2}, {1, "UB", 1}, {2, "UE", 1}}, {2, 1}},
      {"sctp-idata-124.pkt", {{3, "UBE", 2}, {2, "UE", 1}, {1, "UB", 1}}, {2, 1}},
      {"sctp-idata-125.pkt", {{1, "UBE", 1}, {2, "UB", 2}, {3, "UE", 2}}, {1, 2}},
      {"sctp-idata-126.pkt", {{2, "UB", 2}, {1, "UBE", 1}, {3, "UE", 2}}, {1, 2}},
      {"sctp-idata-127.pkt", {{1, "UBE", 1}, {3, "UE", 2}, {2, "UB", 2}}, {1, 2}},
      {"sctp-idata-128.pkt", {{2, "UB", 2}, {3, "UE", 2}, {1, "UBE", 1}}, {2, 1}},
      {"sctp-idata-129.pkt", {{3, "UE", 2}, {1, "UBE", 1}, {2, "UB", 2}}, {1, 2}},
      {"sctp-idata-130.pkt", {{3, "UE", 2}, {2, "UB", 2}, {1, "UBE", 1}}, {2, 1}},
      // sctp-idata-117.pkt reads ppid 1 (TSN 3-4) before ppid 2 (TSN 5-6)
      // although 2 completes first: its reference stack reassembles one
      // unordered DATA message per stream at a time. §6.6 says "immediately
      // deliver", and so does this queue.
      {"sctp-idata-117.pkt",
       {{1, "UB", 0}, {2, "UE", 0}, {4, "UE", 1}, {5, "UB", 2}, {6, "UE", 2},
        {3, "UB", 1}},
       {0, 2, 1}},
  };
  for (const Case& c : cases) {
    INFO(c.script);
    Fixture f(1);
    for (const auto& [tsn, flags, ppid] : c.chunks) {
      QCHECK(f.q.Add(Chunk(tsn, 0, 0, flags, ppid), Bytes("payload")) ==
            Result::kOk);
    }
    std::vector<uint32_t> order;
    while (std::optional<Popped> p = Pop(f.q)) order.push_back(p->info.ppid.value());
    QCHECK(order == c.expected);
    f.CheckNoLeak();
  }
}

TEST_CASE(
    "ReassemblyQueue: the PPID is the first fragment's (sctp-idata-137, 138)",
    "[fast]") {
  for (const char* u : {"U", ""}) {
    INFO(u);
    Fixture f(1);
    // The E piece (PPID 1) arrives before the B piece (PPID 1234).
    QCHECK(f.q.Add(Chunk(2, 0, 0, std::string(u) + "E", 1), Bytes("b")) ==
          Result::kOk);
    QCHECK(f.q.Add(Chunk(1, 0, 0, std::string(u) + "B", 1234), Bytes("a")) ==
          Result::kOk);
    std::optional<Popped> p = Pop(f.q);
    QREQUIRE(p);
    QCHECK(p->info.ppid == Ppid(1234));
    QCHECK(p->info.first_tsn == Tsn(1));
    QCHECK(p->info.ssn == Ssn(0));
    QCHECK(p->data == "ab");
    f.CheckNoLeak();
  }
}

TEST_CASE("ReassemblyQueue: hostile input stays bounded", "[fast]") {
  SECTION("B without E forever fills the queue, then it is refused") {
    Fixture f(1, 32, 1000, 1 << 20);
    uint32_t tsn = 1;
    QCHECK(f.q.Add(Chunk(tsn++, 0, 0, "B"), Zeros(10)) == Result::kOk);
    int no_space = 0;
    for (int i = 0; i < 1000; ++i) {
      if (f.q.Add(Chunk(tsn++, 0, 0, ""), Zeros(10)) == Result::kNoSpace) {
        ++no_space;
      }
    }
    QCHECK(f.q.fragment_count() == 32);
    QCHECK(no_space == 1000 - 31);
    QCHECK(f.q.Stalled());
    f.CheckNoLeak();
  }
  SECTION("a message larger than max_message_size is cut off") {
    Fixture f(1, 1000, 1 << 20, 100);
    uint32_t tsn = 1;
    QCHECK(f.q.Add(Chunk(tsn++, 0, 0, "B"), Zeros(10)) == Result::kOk);
    for (int i = 0; i < 20; ++i) f.q.Add(Chunk(tsn++, 0, 0, ""), Zeros(10));
    QCHECK(f.q.buffered_bytes() <= 100);
    f.CheckNoLeak();
  }
  SECTION("TSNs far apart and colliding in the hash") {
    Fixture f(1, 8, 1 << 20, 1 << 20);  // 16 buckets
    for (uint32_t k = 0; k < 8; ++k) {
      QCHECK(f.q.Add(Chunk(0xfffffff0u + k * 16, 0, static_cast<uint16_t>(k + 1),
                          "BE"),
                    Bytes("x")) == Result::kOk);
    }
    QCHECK(f.q.IsConsistent());
    QCHECK(f.q.Stalled());
    QCHECK(f.q.Add(Chunk(0x7fffffff, 0, 0, "BE"), Bytes("y")) ==
          Result::kNoSpace);
    f.CheckNoLeak();
  }
  SECTION("SSNs far ahead wait; half the space behind is the past") {
    Fixture f(1);
    QCHECK(f.q.Add(Chunk(1, 0, 32768, "BE"), Bytes("far")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(2, 0, 32767, "BE"), Bytes("near")) == Result::kOk);
    QCHECK(f.q.Add(Chunk(3, 0, 32769, "BE"), Bytes("past")) ==
          Result::kMalformed);
    QCHECK(f.q.Add(Chunk(4, 0, 65535, "BE"), Bytes("past")) ==
          Result::kMalformed);
    QCHECK(f.q.ready_count() == 0);
    QCHECK(f.q.IsConsistent());
    f.CheckNoLeak();
  }
  SECTION("random flags, streams, SSNs and TSNs") {
    for (uint32_t seed = 1; seed <= 200; ++seed) {
      INFO("seed " << seed);
      std::mt19937 rng(seed);
      Fixture f(3, 24, 400, 120);
      const char* const kFlags[] = {"", "B", "E", "BE", "U", "UB", "UE", "UBE"};
      for (int i = 0; i < 400; ++i) {
        const uint32_t tsn = 0xfffffff0u + rng() % 40;  // wraps
        const DataChunkMeta meta =
            Chunk(tsn, static_cast<uint16_t>(rng() % 4),
                  static_cast<uint16_t>(rng() % 4), kFlags[rng() % 8]);
        f.q.Add(meta, Zeros(rng() % 40));
        if (rng() % 4 == 0) Pop(f.q);
        QREQUIRE(f.q.IsConsistent());
        QREQUIRE(f.q.buffered_bytes() <= 400);
        QREQUIRE(f.q.fragment_count() <= 24);
      }
      f.CheckNoLeak();
    }
  }
}

// The randomized model: a sender fragments random messages (1 B to 256 KiB,
// pieces of at most 1436 B) over random streams, ordered or not, and the
// network delivers the chunks in a random order within a sliding TSN window
// (a chunk is sent only within `window` TSNs of the lowest one not yet
// delivered). A reference model predicts which messages become deliverable
// and in what order; the queue must agree, deliver each message exactly
// once, intact, ordered ones in SSN order per stream, and release every
// reference at the end.
struct ModelMessage {
  uint16_t stream = 0;
  bool unordered = false;
  uint16_t ssn = 0;
  uint32_t size = 0;
  uint32_t first_chunk = 0;
  uint32_t chunk_count = 0;
  uint32_t chunks_added = 0;
  bool delivered = false;
};

struct ModelChunk {
  uint32_t message = 0;
  uint32_t offset = 0;
  uint32_t length = 0;
};

uint8_t PatternByte(uint32_t message, uint32_t offset) {
  return static_cast<uint8_t>(message * 131 + offset * 7 + (offset >> 8));
}

uint32_t RunModel(uint32_t seed, bool tight) {
  INFO("seed " << seed << (tight ? " (tight capacity)" : ""));
  std::mt19937 rng(seed);
  const auto uniform = [&](uint32_t lo, uint32_t hi) {
    return lo + static_cast<uint32_t>(rng() % (uint64_t{hi} - lo + 1));
  };
  const uint32_t stream_limits[] = {1, 10, 1000};
  const uint16_t streams =
      static_cast<uint16_t>(uniform(1, stream_limits[seed % 3]));
  const uint32_t message_count = uniform(20, 160);
  const uint32_t first_tsn =
      seed % 4 == 0 ? 0xffffffffu - uniform(0, 2000) : static_cast<uint32_t>(rng());

  // The sender.
  std::vector<ModelMessage> messages(message_count);
  std::vector<ModelChunk> chunks;
  std::vector<uint16_t> next_ssn(streams, 0);
  std::vector<std::vector<uint32_t>> ordered_by_stream(streams);
  uint32_t max_span = 1;
  for (uint32_t id = 0; id < message_count; ++id) {
    ModelMessage& m = messages[id];
    m.stream = static_cast<uint16_t>(uniform(0, streams - 1u));
    m.unordered = uniform(0, 3) == 0;
    // Sizes spread over the whole range: small, medium and up to 256 KiB.
    const uint32_t size_class = uniform(0, 9);
    m.size = size_class < 5   ? uniform(1, 3000)
             : size_class < 8 ? uniform(1, 32768)
                              : uniform(1, 262144);
    if (m.unordered) {
      m.ssn = static_cast<uint16_t>(rng());  // ignored by the receiver
    } else {
      m.ssn = next_ssn[m.stream]++;
      ordered_by_stream[m.stream].push_back(id);
    }
    const uint32_t piece = uniform(1024, 1436);
    m.first_chunk = static_cast<uint32_t>(chunks.size());
    for (uint32_t offset = 0; offset < m.size; offset += piece) {
      chunks.push_back({id, offset, std::min(piece, m.size - offset)});
    }
    m.chunk_count = static_cast<uint32_t>(chunks.size()) - m.first_chunk;
    max_span = std::max(max_span, m.chunk_count);
  }
  const uint32_t total = static_cast<uint32_t>(chunks.size());
  const uint32_t window = uniform(1, 256);

  // What the receiver holds after delivering everything it can lies within
  // [lowest undelivered - span, lowest undelivered + window): the tight
  // capacity is exactly that, so it may refuse chunks but never stalls.
  const uint32_t max_fragments =
      tight ? window + max_span : window + max_span + 4096;
  const uint32_t max_bytes = max_fragments * 1436;
  const uint64_t live_at_start = buf::LiveHeapCopies();
  ReassemblyQueue q;
  QREQUIRE(q.Init(streams, max_fragments, max_bytes, 262144));
  q.Reset(streams, Tsn(first_tsn));

  // The reference model of deliverability.
  std::deque<uint32_t> model_ready;
  std::vector<size_t> ordered_next(streams, 0);  // into ordered_by_stream
  std::vector<size_t> ordered_popped(streams, 0);
  uint64_t model_bytes = 0;
  uint32_t delivered = 0;
  uint32_t no_space = 0;

  const auto pop_one = [&]() {
    QREQUIRE(!model_ready.empty());
    const uint32_t id = model_ready.front();
    model_ready.pop_front();
    const ModelMessage& m = messages[id];
    uint32_t offset = 0;
    bool intact = true;
    std::optional<MessageInfo> info =
        q.PopReady([&](std::span<const uint8_t> bytes) noexcept {
          for (uint8_t b : bytes) {
            intact = intact && offset < m.size && b == PatternByte(id, offset);
            ++offset;
          }
        });
    QREQUIRE(info);
    INFO("message " << id << " stream " << m.stream << " ssn " << m.ssn);
    QREQUIRE(info->ppid == Ppid(id));  // the one the model expects, in order
    REQUIRE_FALSE(messages[id].delivered);
    QREQUIRE(intact);
    QREQUIRE(offset == m.size);
    QREQUIRE(info->length == m.size);
    QREQUIRE(info->fragment_count == m.chunk_count);
    QREQUIRE(info->stream_id == StreamId(m.stream));
    QREQUIRE(info->unordered == m.unordered);
    QREQUIRE(info->first_tsn == Tsn(first_tsn + m.first_chunk));
    if (!m.unordered) {
      QREQUIRE(info->ssn == Ssn(m.ssn));
      const auto& order = ordered_by_stream[m.stream];
      QREQUIRE(order[ordered_popped[m.stream]++] == id);
    }
    messages[id].delivered = true;
    model_bytes -= m.size;
    ++delivered;
  };

  // The network: chunks in [base, base + window) not yet delivered.
  std::vector<bool> added(total, false);
  std::vector<uint32_t> in_flight;
  uint32_t base = 0;
  uint32_t next_to_send = 0;
  uint32_t steps = 0;
  while (base < total) {
    while (next_to_send < total && next_to_send < base + window) {
      in_flight.push_back(next_to_send++);
    }
    const uint32_t pick = uniform(0, static_cast<uint32_t>(in_flight.size()) - 1);
    const uint32_t c = in_flight[pick];
    const ModelChunk& chunk = chunks[c];
    ModelMessage& m = messages[chunk.message];
    const uint32_t index = c - m.first_chunk;
    DataChunkMeta meta;
    meta.tsn = Tsn(first_tsn + c);
    meta.stream_id = StreamId(m.stream);
    meta.ssn = Ssn(m.ssn);
    meta.ppid = Ppid(index == 0 ? chunk.message : 0xdead);
    meta.beginning = index == 0;
    meta.ending = index + 1 == m.chunk_count;
    meta.unordered = m.unordered;
    std::vector<uint8_t> bytes(chunk.length);
    for (uint32_t i = 0; i < chunk.length; ++i) {
      bytes[i] = PatternByte(chunk.message, chunk.offset + i);
    }
    const Result r = q.Add(meta, buf::CopyToHeap(bytes));
    if (r == Result::kNoSpace) {
      // Dropped unacknowledged: the sender retransmits it later. Make room
      // the way the application would; with nothing to read, the queue
      // would be stalled, which the capacity chosen above rules out.
      QREQUIRE(tight);
      ++no_space;
      QREQUIRE(q.ready_count() > 0);
      while (!model_ready.empty()) pop_one();
      continue;
    }
    QREQUIRE(r == Result::kOk);
    in_flight[pick] = in_flight.back();
    in_flight.pop_back();
    added[c] = true;
    while (base < total && added[base]) ++base;
    model_bytes += chunk.length;

    // The model: complete messages become deliverable at once if unordered,
    // else when every earlier message of the stream is.
    if (++m.chunks_added == m.chunk_count) {
      if (m.unordered) {
        model_ready.push_back(chunk.message);
      } else {
        const auto& order = ordered_by_stream[m.stream];
        size_t& next = ordered_next[m.stream];
        while (next < order.size() &&
               messages[order[next]].chunks_added ==
                   messages[order[next]].chunk_count) {
          model_ready.push_back(order[next++]);
        }
      }
    }
    QREQUIRE(q.ready_count() == model_ready.size());
    QREQUIRE(q.buffered_bytes() == model_bytes);
    if (++steps % 97 == 0) QREQUIRE(q.IsConsistent());

    // The application reads now and then, sometimes everything; with the
    // tight capacity it is slow, so the queue fills up.
    const uint32_t read = uniform(0, tight ? 63 : 7);
    if (read == 0) {
      while (!model_ready.empty()) pop_one();
    } else if (read < 3 && !model_ready.empty()) {
      pop_one();
    }
  }
  while (!model_ready.empty()) pop_one();
  QCHECK(delivered == message_count);
  QCHECK(q.fragment_count() == 0);
  QCHECK(q.buffered_bytes() == 0);
  QCHECK(q.IsConsistent());
  QCHECK(buf::LiveHeapCopies() == live_at_start);
  if (!tight) QCHECK(no_space == 0);
  return no_space;
}

TEST_CASE("ReassemblyQueue: randomized model, ample capacity", "[fast]") {
  for (uint32_t seed = 1; seed <= 100; ++seed) RunModel(seed, false);
}

TEST_CASE("ReassemblyQueue: randomized model, tight capacity", "[fast]") {
  uint32_t no_space = 0;
  for (uint32_t seed = 1001; seed <= 1100; ++seed) {
    no_space += RunModel(seed, true);
  }
  QCHECK(no_space > 0);  // the refusal and retransmission path ran
}

}  // namespace
}  // namespace dpsctp::rx
