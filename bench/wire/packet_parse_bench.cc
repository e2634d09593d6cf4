// Receive-side parsing of one packet: framing (ParsePacket + ChunkCursor),
// then each DATA chunk's view (phase two), optionally after a software
// CRC32c check. Items are chunks; bytes are packet bytes.
//
//   BM_Wire_ParseBundledData/<payload>        contiguous 1,500-byte packet
//   BM_Wire_ParseBundledDataSegmented/<payload>  same packet in 3 segments
//   BM_Wire_VerifyAndParse/<payload>          CRC32c check + parse
//   BM_Wire_BuildBundledData/<payload>        PacketBuilder + CRC32c
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <vector>

#include "crc/crc32c.h"
#include "wire/chunk/data_chunk.h"
#include "wire/packet_builder.h"
#include "wire/packet_parser.h"

namespace dpsctp::wire {
namespace {

constexpr size_t kPacketLimit = 1500 - 20;  // IPv4 MTU 1500 less IP header

// A packet of DATA chunks with `payload` bytes each, as many as fit.
std::vector<uint8_t> MakeBundledData(size_t payload) {
  std::vector<uint8_t> buffer(kPacketLimit);
  std::vector<uint8_t> data(payload, 0x5a);
  PacketBuilder b(buffer, {5000, 5001, VerificationTag(0x01020304), 0},
                  kPacketLimit);
  uint32_t tsn = 1;
  while (b.TryAdd([&](WireWriter& out) {
    return DataChunk::SerializeTo(out, Tsn(tsn), StreamId(1), Ssn(tsn),
                                  Ppid(60), data, {});
  })) {
    ++tsn;
  }
  auto packet = b.Finish(crc::TxChecksumMode::kSoftware);
  return {packet.begin(), packet.end()};
}

// Parses every chunk of `view`; returns the sum of TSNs so nothing is
// optimized away.
inline uint64_t ParseAll(const buf::PacketView& view, size_t& chunks) {
  std::array<uint8_t, 2048> scratch;
  uint64_t sum = 0;
  auto parsed = ParsePacket(view);
  if (!parsed) {
    return 0;
  }
  ChunkCursor cursor(view);
  while (auto d = cursor.Next()) {
    auto bytes = ChunkBytes(view, *d, scratch);
    if (auto data = DataChunk::Parse(bytes)) {
      sum += data->tsn().value() + data->payload().size();
      ++chunks;
    }
  }
  return sum;
}

void BM_Wire_ParseBundledData(benchmark::State& state) {
  auto packet = MakeBundledData(static_cast<size_t>(state.range(0)));
  buf::PacketView view(packet);
  size_t chunks = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ParseAll(view, chunks));
  }
  state.SetItemsProcessed(static_cast<int64_t>(chunks));
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(packet.size()));
  state.counters["chunks/pkt"] =
      static_cast<double>(chunks) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Wire_ParseBundledData)->Arg(16)->Arg(64)->Arg(256)->Arg(1432);

void BM_Wire_ParseBundledDataSegmented(benchmark::State& state) {
  auto packet = MakeBundledData(static_cast<size_t>(state.range(0)));
  // Three segments, cut at odd places so some chunk headers straddle.
  const size_t a = packet.size() / 3 + 1;
  const size_t b = 2 * packet.size() / 3 + 3;
  buf::PacketView view;
  view.AppendSegment(std::span(packet).first(a));
  view.AppendSegment(std::span(packet).subspan(a, b - a));
  view.AppendSegment(std::span(packet).subspan(b));
  size_t chunks = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ParseAll(view, chunks));
  }
  state.SetItemsProcessed(static_cast<int64_t>(chunks));
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(packet.size()));
}
BENCHMARK(BM_Wire_ParseBundledDataSegmented)->Arg(64)->Arg(1432);

void BM_Wire_VerifyAndParse(benchmark::State& state) {
  auto packet = MakeBundledData(static_cast<size_t>(state.range(0)));
  buf::PacketView view(packet);
  size_t chunks = 0;
  for (auto _ : state) {
    if (crc::VerifySctpChecksum(view) != crc::ChecksumVerdict::kGood) {
      state.SkipWithError("bad checksum");
      break;
    }
    benchmark::DoNotOptimize(ParseAll(view, chunks));
  }
  state.SetItemsProcessed(static_cast<int64_t>(chunks));
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(packet.size()));
}
BENCHMARK(BM_Wire_VerifyAndParse)->Arg(64)->Arg(1432);

void BM_Wire_BuildBundledData(benchmark::State& state) {
  const size_t payload = static_cast<size_t>(state.range(0));
  std::vector<uint8_t> data(payload, 0x5a);
  std::vector<uint8_t> buffer(kPacketLimit);
  size_t chunks = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    PacketBuilder b(buffer, {5000, 5001, VerificationTag(1), 0},
                    kPacketLimit);
    uint32_t tsn = 1;
    while (b.TryAdd([&](WireWriter& out) {
      return DataChunk::SerializeTo(out, Tsn(tsn), StreamId(1), Ssn(tsn),
                                    Ppid(60), data, {});
    })) {
      ++tsn;
    }
    chunks += b.chunk_count();
    auto packet = b.Finish(crc::TxChecksumMode::kSoftware);
    bytes += packet.size();
    benchmark::DoNotOptimize(packet.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(chunks));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Wire_BuildBundledData)->Arg(64)->Arg(1432);

}  // namespace
}  // namespace dpsctp::wire

BENCHMARK_MAIN();
