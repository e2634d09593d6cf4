// libFuzzer target: one endpoint::Endpoint (listening on 10.0.0.1:5000)
// driven by a byte stream of operations against a scripted peer at 10.0.0.2
// (also 10.0.0.3, and a multicast source for §8.4 rule 1).
//
// Input format (read front to back; missing bytes read as 0). Each operation
// starts with an opcode byte; op % 16 selects:
//   0       raw packet: len (u16 BE, <= 2048), flags, then `len` bytes.
//           flags & 7: checksum fixed up unless 0; bit3: ports forced to
//           peer -> 5000; bit4: tag forced to the endpoint's; bits 5-6:
//           source address.
//   1, 12-14 template packet: count (1..4 chunks), vtag mode, misc, a u32
//           random tag, then per chunk 9 bytes: kind, a, b, c (u16), d (u32).
//   2       advance time: unit, u16 amount; then HandleTimeouts.
//   3       Associate: flags.
//   4       Send: id index, stream, u16 size, flags.
//   5       Shutdown: id index.        6  Abort: id index, reason length.
//   7       Receive: id index, size.   8  RotateCookieKey: seed.
//   9       Release: id index.        10  TX starvation: count.
//   11      status / heartbeat calls: id index, selector.
//   15      ICMP report about a packet we sent (Endpoint::HandleIcmp):
//           kind (% 4: too big, protocol, port, other unreachable; the
//           rest is the quoted first chunk type), flags, u16 next-hop MTU.
//           flags bit0: to the second peer address; bit1: another local
//           port; bit2: the other peer port; bits 3-4: tag (the peer's,
//           our INIT with one of our recent tags, random, or 0 with a
//           quote cut short by bits 5-6).
// test/fuzz/association_seeds.py writes the seed corpus in this format.
//
// Invariants (abort() on violation): every transmitted packet parses with
// wire::ParsePacket, has a good CRC32c, fits the MTU, every chunk of a type
// we know parses with its codec, the tag is non-zero unless the only chunk
// is INIT (or the tag is reflected with the T bit from a received packet
// that itself carried 0, as RFC 9260 §8.4 rule 8 requires);
// association_count() <= max_associations; events name ids we were given.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "assoc/association.h"
#include "assoc/cookie.h"
#include "buf/packet_view.h"
#include "common/address.h"
#include "common/byte_order.h"
#include "common/time.h"
#include "crc/crc32c.h"
#include "endpoint/endpoint.h"
#include "endpoint/icmp.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/cookie_ack_chunk.h"
#include "wire/chunk/cookie_echo_chunk.h"
#include "wire/chunk/data_chunk.h"
#include "wire/chunk/error_chunk.h"
#include "wire/chunk/heartbeat_ack_chunk.h"
#include "wire/chunk/heartbeat_request_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk/init_chunk.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/chunk/shutdown_ack_chunk.h"
#include "wire/chunk/shutdown_chunk.h"
#include "wire/chunk/shutdown_complete_chunk.h"
#include "wire/common_header.h"
#include "wire/error_cause/stale_cookie_cause.h"
#include "wire/packet_builder.h"
#include "wire/packet_parser.h"
#include "wire/parameter/cookie_preservative_parameter.h"
#include "wire/parameter/forward_tsn_supported_parameter.h"
#include "wire/parameter/ipv4_address_parameter.h"
#include "wire/parameter/state_cookie_parameter.h"
#include "wire/tlv_iterator.h"
#include "wire/wire_writer.h"

namespace {

using namespace dpsctp;

constexpr uint16_t kLocalPort = 5000;
constexpr uint16_t kPeerPorts[2] = {6000, 6001};
constexpr uint32_t kMaxAssociations = 4;
constexpr uint16_t kMtu = 1480;
constexpr size_t kTxBufferSize = 2048;
constexpr size_t kMaxRawPacket = 2048;
constexpr size_t kMaxOps = 512;

const IpAddress kLocal = IpAddress::V4(10, 0, 0, 1);
const IpAddress kPeerA = IpAddress::V4(10, 0, 0, 2);
const IpAddress kPeerB = IpAddress::V4(10, 0, 0, 3);
const IpAddress kMulticast = IpAddress::V4(224, 0, 0, 1);

// ASSOCIATION_FUZZER_TRACE=1: print packets and events (for seed writing).
bool Trace() {
  static const bool trace = std::getenv("ASSOCIATION_FUZZER_TRACE") != nullptr;
  return trace;
}

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "association_fuzzer invariant violated: %s\n", what);
  std::abort();
}

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t U8() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint16_t U16() {
    uint16_t hi = U8();
    return static_cast<uint16_t>(hi << 8 | U8());
  }
  uint32_t U32() {
    uint32_t hi = U16();
    return hi << 16 | U16();
  }
  std::span<const uint8_t> Bytes(size_t n) {
    n = std::min(n, size_ - std::min(pos_, size_));
    std::span<const uint8_t> r(data_ + pos_, n);
    pos_ += n;
    return r;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

class Random final : public endpoint::RandomSource {
 public:
  uint32_t Next32() noexcept override {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<uint32_t>(state_ >> 16);
  }

 private:
  uint64_t state_ = 0x243f6a8885a308d3ull;
};

// What the scripted peer learned from the endpoint's packets, and its own
// state.
struct PeerState {
  std::array<VerificationTag, 4> endpoint_tags{};  // ring, newest at index
  size_t endpoint_tag_next = 0;
  VerificationTag endpoint_tag;      // newest
  Tsn endpoint_highest_tsn;          // highest DATA TSN it sent (or init-1)
  std::vector<uint8_t> cookie;       // from its last INIT ACK
  std::vector<uint8_t> heartbeat;    // parameters of its last HEARTBEAT
  VerificationTag peer_tag{0x11223344};
  Tsn peer_next_tsn{1000};
  // Set while HandlePacket runs: the received packet's tag.
  std::optional<VerificationTag> received_tag;

  void LearnTag(VerificationTag tag, Tsn initial_tsn) {
    endpoint_tag = tag;
    endpoint_tags[endpoint_tag_next++ % endpoint_tags.size()] = tag;
    endpoint_highest_tsn = Tsn(initial_tsn.value() - 1);
  }
};

template <typename Chunk>
void MustParse(std::span<const uint8_t> bytes, const char* what) {
  if (!Chunk::Parse(bytes)) Fail(what);
}

class Wire final : public endpoint::TxPort {
 public:
  explicit Wire(PeerState& peer) : peer_(peer) {}

  std::span<uint8_t> TxBuffer() noexcept override {
    if (starve_ > 0) {
      --starve_;
      return {};
    }
    return std::span<uint8_t>(buffer_);
  }

  void Transmit(std::span<const uint8_t> packet,
                const PacketAddresses& addresses) noexcept override {
    ++transmitted_;
    if (Trace() && packet.size() >= 16) {
      std::fprintf(stderr, "  tx %zu bytes tag=%08x first chunk %u\n",
                   packet.size(), LoadBe32(packet.data() + 4), packet[12]);
    }
    if (packet.data() < buffer_.data() ||
        packet.data() + packet.size() > buffer_.data() + buffer_.size()) {
      Fail("packet outside the TX buffer");
    }
    if (packet.size() > kMtu) Fail("packet larger than the MTU");
    if (addresses.dst.empty() || addresses.src.empty()) Fail("no address");
    buf::PacketView view(packet);
    if (crc::VerifySctpChecksum(view) != crc::ChecksumVerdict::kGood) {
      Fail("bad checksum on a transmitted packet");
    }
    auto parsed = wire::ParsePacket(view);
    if (!parsed) Fail("transmitted packet does not parse");
    const wire::CommonHeader& header = parsed->header;
    bool only_init = parsed->chunk_count == 1 &&
                     parsed->first_chunk_type == wire::InitChunk::kType;
    if (header.verification_tag.value() == 0 && !only_init) {
      // §8.4 rule 8 / §8.5.1: a reflected tag (T bit) copies the tag of the
      // packet being answered, which may itself have been 0.
      bool reflected_zero =
          peer_.received_tag && peer_.received_tag->value() == 0 &&
          parsed->chunk_count == 1 &&
          (parsed->first_chunk_type == wire::AbortChunk::kType ||
           parsed->first_chunk_type == wire::ShutdownCompleteChunk::kType) &&
          (packet[wire::kCommonHeaderSize + 1] & 1) != 0;
      if (!reflected_zero) Fail("verification tag 0 on a non-INIT packet");
      ++reflected_zero_tags_;
    }
    wire::ChunkCursor cursor(view);
    std::array<uint8_t, 4> scratch{};  // contiguous: never used
    while (auto d = cursor.Next()) {
      std::span<const uint8_t> chunk = wire::ChunkBytes(view, *d, scratch);
      if (chunk.size() != d->length) Fail("ChunkBytes size");
      Learn(d->type, chunk);
    }
    if (cursor.error() != wire::PacketError::kNone) Fail("cursor error");
  }

  void Starve(int n) { starve_ = n; }
  uint64_t transmitted() const { return transmitted_; }

 private:
  void Learn(uint8_t type, std::span<const uint8_t> chunk) {
    switch (type) {
      case wire::InitChunk::kType: {
        auto init = wire::InitChunk::Parse(chunk);
        if (!init) Fail("sent INIT does not parse");
        if (init->initiate_tag().value() == 0) Fail("INIT with tag 0");
        peer_.LearnTag(init->initiate_tag(), init->initial_tsn());
        break;
      }
      case wire::InitAckChunk::kType: {
        auto ack = wire::InitAckChunk::Parse(chunk);
        if (!ack) Fail("sent INIT ACK does not parse");
        if (ack->initiate_tag().value() == 0) Fail("INIT ACK with tag 0");
        peer_.LearnTag(ack->initiate_tag(), ack->initial_tsn());
        wire::TlvIterator it(ack->parameters());
        bool has_cookie = false;
        while (auto p = it.Next()) {
          if (p->type == wire::StateCookieParameter::kType) {
            std::span<const uint8_t> v = p->value();
            peer_.cookie.assign(v.begin(), v.end());
            has_cookie = true;
          }
        }
        if (!has_cookie) Fail("INIT ACK without State Cookie");
        break;
      }
      case wire::DataChunk::kType: {
        auto data = wire::DataChunk::Parse(chunk);
        if (!data) Fail("sent DATA does not parse");
        if (data->payload().empty()) Fail("sent DATA without payload");
        uint32_t tsn = data->tsn().value();
        if (static_cast<int32_t>(tsn - peer_.endpoint_highest_tsn.value()) > 0) {
          peer_.endpoint_highest_tsn = Tsn(tsn);
        }
        break;
      }
      case wire::HeartbeatRequestChunk::kType: {
        auto hb = wire::HeartbeatRequestChunk::Parse(chunk);
        if (!hb) Fail("sent HEARTBEAT does not parse");
        std::span<const uint8_t> p = hb->parameters();
        peer_.heartbeat.assign(p.begin(), p.end());
        break;
      }
      case wire::SackChunk::kType:
        MustParse<wire::SackChunk>(chunk, "sent SACK does not parse");
        break;
      case wire::HeartbeatAckChunk::kType:
        MustParse<wire::HeartbeatAckChunk>(chunk, "sent HEARTBEAT ACK");
        break;
      case wire::AbortChunk::kType:
        MustParse<wire::AbortChunk>(chunk, "sent ABORT does not parse");
        break;
      case wire::ErrorChunk::kType:
        MustParse<wire::ErrorChunk>(chunk, "sent ERROR does not parse");
        break;
      case wire::CookieEchoChunk::kType:
        MustParse<wire::CookieEchoChunk>(chunk, "sent COOKIE ECHO");
        break;
      case wire::CookieAckChunk::kType:
        MustParse<wire::CookieAckChunk>(chunk, "sent COOKIE ACK");
        break;
      case wire::ShutdownChunk::kType:
        MustParse<wire::ShutdownChunk>(chunk, "sent SHUTDOWN");
        break;
      case wire::ShutdownAckChunk::kType:
        MustParse<wire::ShutdownAckChunk>(chunk, "sent SHUTDOWN ACK");
        break;
      case wire::ShutdownCompleteChunk::kType:
        MustParse<wire::ShutdownCompleteChunk>(chunk, "sent SHUTDOWN COMPLETE");
        break;
      default:
        break;
    }
  }

  PeerState& peer_;
  alignas(8) std::array<uint8_t, kTxBufferSize> buffer_{};
  int starve_ = 0;
  uint64_t transmitted_ = 0;
  uint64_t reflected_zero_tags_ = 0;
};

// Deterministic filler so that payloads need no input bytes.
void Fill(std::span<uint8_t> out, uint32_t seed) {
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<uint8_t>(seed + i * 31);
  }
}

class Harness {
 public:
  Harness()
      : wire_(peer_),
        endpoint_(MakeOptions(), MakeKey(0), random_, wire_) {
    if (!endpoint_.Listen(kLocalPort)) Fail("Listen");
  }

  void Run(Input& in) {
    for (size_t ops = 0; ops < kMaxOps && !in.done(); ++ops) {
      uint8_t op = in.U8();
      switch (op % 16) {
        case 0: RawPacket(in); break;
        case 2: AdvanceTime(in); break;
        case 3: Associate(in); break;
        case 4: Send(in); break;
        case 5: endpoint_.Shutdown(now_, PickId(in)); break;
        case 6: {
          assoc::AssocId id = PickId(in);
          std::array<uint8_t, 64> reason{};
          size_t len = in.U8() % (reason.size() + 1);
          Fill(std::span<uint8_t>(reason).first(len), 7);
          endpoint_.Abort(now_, id,
                          std::span<const uint8_t>(reason).first(len));
          break;
        }
        case 7: Receive(in); break;
        case 8: endpoint_.RotateCookieKey(MakeKey(in.U8())); break;
        case 9: endpoint_.Release(PickId(in)); break;
        case 10: wire_.Starve(in.U8() % 8); break;
        case 11: Misc(in); break;
        case 15: Icmp(in); break;
        default: TemplatePacket(in); break;
      }
      Drain();
    }
    // Close everything that is left: the destructor must free it all.
    for (assoc::AssocId id : ids_) endpoint_.Abort(now_, id);
    Drain();
    for (assoc::AssocId id : ids_) endpoint_.Release(id);
    Drain();
  }

 private:
  static endpoint::EndpointOptions MakeOptions() {
    endpoint::EndpointOptions o;
    o.max_associations = kMaxAssociations;
    o.max_listeners = 2;
    o.event_queue_capacity = 32;
    // The default quarantine (65536 entries) costs more to build than a
    // whole run; a small one is also full sooner (evictions get covered).
    o.vtag.quarantine_capacity = 8;
    o.assoc.receive_window = 8 * 1024;
    o.assoc.send_buffer = 16 * 1024;
    o.assoc.max_send_messages = 32;
    o.assoc.max_receive_fragments = 16;
    o.assoc.mtu = kMtu;
    o.assoc.max_init_retransmits = 3;
    o.assoc.association_max_retrans = 4;
    o.assoc.path_max_retrans = 2;
    return o;
  }

  static assoc::CookieKey MakeKey(uint8_t seed) {
    assoc::CookieKey key{};
    for (size_t i = 0; i < key.size(); ++i) {
      key[i] = static_cast<uint8_t>(seed * 7 + i);
    }
    return key;
  }

  assoc::AssocId PickId(Input& in) {
    uint8_t i = in.U8();
    if (ids_.empty()) return assoc::AssocId(i);  // stale on purpose
    return ids_[i % ids_.size()];
  }

  void RememberId(assoc::AssocId id) {
    if (std::find(ids_.begin(), ids_.end(), id) != ids_.end()) return;
    if (ids_.size() < 16) {
      ids_.push_back(id);
    } else {
      ids_[id_next_++ % ids_.size()] = id;
    }
  }

  void Drain() {
    if (endpoint_.association_count() > kMaxAssociations) {
      Fail("association_count() > max_associations");
    }
    endpoint::EndpointEvent e;
    size_t n = 0;
    while (endpoint_.PollEvent(e)) {
      if (++n > 4096) Fail("PollEvent does not end");
      RememberId(e.id);
      if (Trace()) {
        std::fprintf(stderr, "  event %s id=%llx reason=%s\n",
                     std::string(assoc::EventTypeName(e.event.type)).c_str(),
                     static_cast<unsigned long long>(e.id.value()),
                     std::string(assoc::LossReasonName(e.event.reason)).c_str());
      }
    }
    if (endpoint_.pending_events() != 0) Fail("events left after draining");
  }

  PacketAddresses From(uint8_t sel) const {
    switch (sel & 3) {
      case 2: return {kPeerB, kLocal};
      case 3: return {kMulticast, kLocal};
      default: return {kPeerA, kLocal};
    }
  }

  void Deliver(std::span<const uint8_t> packet, const PacketAddresses& a) {
    buf::PacketView view(packet);
    auto header = wire::CommonHeader::Parse(packet);
    if (header) peer_.received_tag = header->verification_tag;
    if (Trace() && packet.size() >= 16) {
      std::fprintf(stderr, "rx %zu bytes tag=%08x first chunk %u\n",
                   packet.size(), LoadBe32(packet.data() + 4), packet[12]);
    }
    endpoint_.HandlePacket(now_, a, view);
    peer_.received_tag.reset();
  }

  void RawPacket(Input& in) {
    size_t len = in.U16() % (kMaxRawPacket + 1);
    uint8_t flags = in.U8();
    std::span<const uint8_t> bytes = in.Bytes(len);
    std::copy(bytes.begin(), bytes.end(), rx_.begin());
    std::span<uint8_t> packet(rx_.data(), bytes.size());
    if (packet.size() >= wire::kCommonHeaderSize) {
      if (flags & 0x08) {
        StoreBe16(packet.data(), kPeerPorts[(flags >> 7) & 1]);
        StoreBe16(packet.data() + 2, kLocalPort);
      }
      if (flags & 0x10) {
        StoreBe32(packet.data() + 4, peer_.endpoint_tag.value());
      }
      if (flags & 0x07) crc::WriteSctpChecksum(packet);
    }
    Deliver(packet, From(flags >> 5));
  }

  // Builds INIT or INIT ACK parameters into `params`.
  std::span<const uint8_t> InitParameters(uint8_t a, uint16_t c, bool ack,
                                          std::span<uint8_t> params) {
    wire::WireWriter w(params);
    int addresses = a & 3;
    if (addresses >= 1) {
      wire::Ipv4AddressParameter::SerializeTo(w, {10, 0, 0, 2});
      w.PadTo4();
    }
    if (addresses >= 2) {
      wire::Ipv4AddressParameter::SerializeTo(w, {10, 0, 0, 3});
      w.PadTo4();
    }
    if (addresses == 3) {  // an address of another family's shape: bogus
      wire::Ipv4AddressParameter::SerializeTo(w, {224, 0, 0, 1});
      w.PadTo4();
    }
    if (a & 0x10) {
      wire::CookiePreservativeParameter::SerializeTo(w, c * 10u);
      w.PadTo4();
    }
    if (a & 0x40) {
      wire::ForwardTsnSupportedParameter::SerializeTo(w);
      w.PadTo4();
    }
    if (a & 0x80) {  // unrecognized parameter, "skip and report" (0x80)
      std::span<uint8_t> p = w.Append(8);
      if (!p.empty()) {
        StoreBe16(p.data(), 0x8123);
        StoreBe16(p.data() + 2, 8);
        StoreBe32(p.data() + 4, 0xdeadbeef);
      }
    }
    if (ack) {
      std::array<uint8_t, 400> cookie{};
      std::span<uint8_t> cs = std::span<uint8_t>(cookie).first(4 + c % 396);
      Fill(cs, c);
      wire::StateCookieParameter::SerializeTo(w, cs);
      w.PadTo4();
    }
    return w.written();
  }

  bool AddChunk(wire::PacketBuilder& b, uint8_t kind, uint8_t a, uint8_t bb,
                uint16_t c, uint32_t d) {
    std::array<uint8_t, 1024> params{};
    switch (kind) {
      case 0:    // INIT
      case 1: {  // INIT ACK
        if ((a & 0x04) && d != 0) {
          peer_.peer_tag = VerificationTag(d);
          peer_.peer_next_tsn = Tsn(d ^ 0x5a5a5a5au);
        }
        wire::InitFields f;
        f.initiate_tag = (a & 0x08) ? VerificationTag(0) : peer_.peer_tag;
        f.a_rwnd = (a & 0x20) ? c : 65535u;
        f.outbound_streams = bb == 0 ? 16 : bb;
        f.inbound_streams = bb == 0 ? 16 : static_cast<uint16_t>(bb ^ 0x0f);
        if ((a & 0x08) && (bb & 1)) f.outbound_streams = 0;
        f.initial_tsn = peer_.peer_next_tsn;
        std::span<const uint8_t> p = InitParameters(a, c, kind == 1, params);
        return b.TryAdd([&](wire::WireWriter& w) {
          return kind == 0 ? wire::InitChunk::SerializeTo(w, f, p)
                           : wire::InitAckChunk::SerializeTo(w, f, p);
        });
      }
      case 2: {  // COOKIE ECHO
        std::vector<uint8_t> cookie = peer_.cookie;
        switch (a & 3) {
          case 1:
            if (!cookie.empty()) cookie[bb % cookie.size()] ^= 1u << (c & 7);
            break;
          case 2:
            cookie.resize(std::min<size_t>(cookie.size(), bb));
            break;
          case 3:
            cookie.resize(c % 400);
            Fill(cookie, d);
            break;
          default:
            break;
        }
        return b.TryAdd([&](wire::WireWriter& w) {
          return wire::CookieEchoChunk::SerializeTo(w, cookie);
        });
      }
      case 3:
        return b.TryAdd([](wire::WireWriter& w) {
          return wire::CookieAckChunk::SerializeTo(w);
        });
      case 4: {  // DATA
        wire::DataChunk::Flags flags;
        if (a != 0) {
          flags.ending = a & 1;
          flags.beginning = a & 2;
          flags.unordered = a & 4;
          flags.immediate = a & 8;
        }
        Tsn tsn = peer_.peer_next_tsn;
        if (d == 0) {
          peer_.peer_next_tsn = Tsn(tsn.value() + 1);
        } else {
          tsn = Tsn(tsn.value() + d);
        }
        std::array<uint8_t, 1400> payload{};
        std::span<uint8_t> ps = std::span<uint8_t>(payload).first(1 + c % 1400);
        Fill(ps, tsn.value());
        return b.TryAdd([&](wire::WireWriter& w) {
          return wire::DataChunk::SerializeTo(
              w, tsn, StreamId(bb % 20), Ssn(static_cast<uint16_t>(a >> 4)),
              Ppid(d), ps, flags);
        });
      }
      case 5: {  // SACK
        std::array<wire::SackChunk::GapAckBlock, 3> gaps{};
        size_t gap_count = a % 4;
        for (size_t i = 0; i < gap_count; ++i) {
          gaps[i].start = static_cast<uint16_t>(2 + 3 * i + (bb & 3));
          gaps[i].end = static_cast<uint16_t>(gaps[i].start + (bb >> 4));
        }
        std::array<Tsn, 1> dups{peer_.peer_next_tsn};
        Tsn cum(peer_.endpoint_highest_tsn.value() + d);
        uint32_t rwnd = (a & 0x80) ? c : 65535u;
        return b.TryAdd([&](wire::WireWriter& w) {
          return wire::SackChunk::SerializeTo(
              w, cum, rwnd, std::span(gaps).first(gap_count),
              std::span(dups).first((a >> 2) & 1));
        });
      }
      case 6: {  // HEARTBEAT
        std::array<uint8_t, 64> info{};
        std::span<uint8_t> is = std::span<uint8_t>(info).first(1 + c % 64);
        Fill(is, d);
        return b.TryAdd([&](wire::WireWriter& w) {
          return wire::HeartbeatRequestChunk::SerializeTo(w, is);
        });
      }
      case 7: {  // HEARTBEAT ACK
        if (a == 0 && !peer_.heartbeat.empty()) {
          return b.TryAdd([&](wire::WireWriter& w) {
            return wire::HeartbeatAckChunk::SerializeParametersTo(
                w, peer_.heartbeat);
          });
        }
        std::array<uint8_t, 64> info{};
        std::span<uint8_t> is = std::span<uint8_t>(info).first(1 + c % 64);
        Fill(is, d);
        return b.TryAdd([&](wire::WireWriter& w) {
          return wire::HeartbeatAckChunk::SerializeTo(w, is);
        });
      }
      case 8: {  // SHUTDOWN
        Tsn cum(peer_.endpoint_highest_tsn.value() + d);
        return b.TryAdd([&](wire::WireWriter& w) {
          return wire::ShutdownChunk::SerializeTo(w, cum);
        });
      }
      case 9:
        return b.TryAdd([](wire::WireWriter& w) {
          return wire::ShutdownAckChunk::SerializeTo(w);
        });
      case 10:
        return b.TryAdd([&](wire::WireWriter& w) {
          return wire::ShutdownCompleteChunk::SerializeTo(w, a & 1);
        });
      case 11: {  // ABORT
        std::span<const uint8_t> causes;
        if (a & 2) {
          wire::WireWriter cw(params);
          size_t len = 4 + c % 8;
          std::span<uint8_t> p = cw.Append(len);
          StoreBe16(p.data(), bb);
          StoreBe16(p.data() + 2, static_cast<uint16_t>(len));
          Fill(p.subspan(4), d);
          cw.PadTo4();
          causes = cw.written().first(len);
        }
        return b.TryAdd([&](wire::WireWriter& w) {
          return wire::AbortChunk::SerializeTo(w, a & 1, causes);
        });
      }
      case 12: {  // ERROR, Stale Cookie
        wire::WireWriter cw(params);
        wire::StaleCookieCause::SerializeTo(cw, d);
        cw.PadTo4();
        if (a & 1) {  // and an unknown cause
          std::span<uint8_t> p = cw.Append(8);
          StoreBe16(p.data(), 0x00ff);
          StoreBe16(p.data() + 2, 8);
        }
        std::span<const uint8_t> causes = cw.written();
        return b.TryAdd([&](wire::WireWriter& w) {
          return wire::ErrorChunk::SerializeTo(w, causes);
        });
      }
      default: {  // any type, any flags, opaque body
        size_t len = 4 + c % 64;
        return b.TryAdd([&](wire::WireWriter& w) {
          std::span<uint8_t> p = w.Append(len);
          if (p.empty()) return false;
          p[0] = a;
          p[1] = bb;
          StoreBe16(p.data() + 2, static_cast<uint16_t>(len));
          Fill(p.subspan(4), d);
          return true;
        });
      }
    }
  }

  VerificationTag ChooseTag(uint8_t mode, uint32_t random, uint8_t kind,
                            uint8_t a) const {
    switch (mode % 8) {
      case 4: return peer_.endpoint_tags[random % peer_.endpoint_tags.size()];
      case 5: return VerificationTag(0);
      case 6: return peer_.peer_tag;
      case 7: return VerificationTag(random);
      default:
        if (kind == 0) return VerificationTag(0);
        if ((kind == 10 || kind == 11) && (a & 1)) return peer_.peer_tag;
        return peer_.endpoint_tag;
    }
  }

  void TemplatePacket(Input& in) {
    size_t count = in.U8() % 4 + 1;
    uint8_t mode = in.U8();
    uint8_t misc = in.U8();
    uint32_t random = in.U32();
    wire::PacketBuilder* builder = nullptr;
    std::optional<wire::PacketBuilder> storage;
    for (size_t i = 0; i < count; ++i) {
      uint8_t kind = in.U8() % 14;
      uint8_t a = in.U8();
      uint8_t b = in.U8();
      uint16_t c = in.U16();
      uint32_t d = in.U32();
      if (!builder) {
        wire::CommonHeader h;
        h.source_port = kPeerPorts[(misc >> 6) & 1];
        h.destination_port = (misc & 0x80) ? kLocalPort + 1 : kLocalPort;
        h.verification_tag = ChooseTag(mode, random, kind, a);
        storage.emplace(std::span<uint8_t>(rx_), h, rx_.size());
        builder = &*storage;
      }
      AddChunk(*builder, kind, a, b, c, d);
    }
    if (!builder || builder->empty()) return;
    std::span<uint8_t> packet = builder->Finish(crc::TxChecksumMode::kSoftware);
    if ((misc & 0x0f) == 0x0f) packet[wire::kChecksumOffset] ^= 0x40;
    Deliver(packet, From(misc >> 4));
  }

  void AdvanceTime(Input& in) {
    uint8_t unit = in.U8();
    uint16_t amount = in.U16();
    Duration step;
    switch (unit % 4) {
      case 0: step = Duration::Millis(amount); break;
      case 1: step = Duration::Millis(10) * amount; break;
      case 2: step = Duration::Seconds(amount % 601); break;
      default: {
        auto next = endpoint_.NextTimeout();
        step = next && *next > now_ ? *next - now_ : Duration::Zero();
        step += Duration::Micros(amount);
        break;
      }
    }
    now_ += step;
    endpoint_.HandleTimeouts(now_);
    if (auto next = endpoint_.NextTimeout(); next && *next < now_) {
      // A timer already due after HandleTimeouts would never fire.
      Fail("NextTimeout() in the past after HandleTimeouts");
    }
  }

  void Associate(Input& in) {
    uint8_t f = in.U8();
    std::array<IpAddress, 2> peers{(f & 4) ? kPeerB : kPeerA,
                                   (f & 4) ? kPeerA : kPeerB};
    size_t n = (f & 2) ? 2 : 1;
    auto id = endpoint_.Associate(now_, kLocalPort, kLocal,
                                  std::span<const IpAddress>(peers).first(n),
                                  kPeerPorts[f & 1]);
    if (id) RememberId(*id);
    if (endpoint_.association_count() > kMaxAssociations) {
      Fail("association_count() > max_associations");
    }
  }

  void Send(Input& in) {
    assoc::AssocId id = PickId(in);
    uint8_t stream = in.U8();
    uint16_t size = in.U16();
    uint8_t flags = in.U8();
    assoc::SendOptions o;
    o.stream_id = StreamId(stream % 20);
    o.ppid = Ppid(flags);
    o.unordered = flags & 1;
    size_t len = (flags & 2) ? size : size % 2048;
    if (send_buffer_.size() < len) send_buffer_.resize(len);
    Fill(std::span<uint8_t>(send_buffer_).first(len), size);
    endpoint_.Send(now_, id, o,
                   std::span<const uint8_t>(send_buffer_).first(len));
  }

  void Receive(Input& in) {
    assoc::AssocId id = PickId(in);
    size_t size = in.U8() * 16u;
    assoc::Association* a = endpoint_.Find(id);
    if (!a) return;
    std::array<uint8_t, 255 * 16> buffer;
    for (int i = 0; i < 4; ++i) {
      auto m = a->Receive(std::span<uint8_t>(buffer).first(size));
      if (!m) break;
      if (m->copied > m->length || m->copied > size) Fail("Receive copied");
    }
  }

  void Icmp(Input& in) {
    const uint8_t kind = in.U8();
    const uint8_t flags = in.U8();
    const uint16_t mtu = in.U16();
    endpoint::IcmpError e;
    e.kind = static_cast<endpoint::IcmpErrorKind>(kind % 4);
    e.addresses = {kLocal, (flags & 1) ? kPeerB : kPeerA};
    e.source_port = (flags & 2) ? kLocalPort + 1 : kLocalPort;
    e.destination_port = kPeerPorts[(flags >> 2) & 1];
    e.next_hop_mtu = mtu;
    e.has_first_chunk = true;
    e.first_chunk_type = static_cast<uint8_t>(kind >> 2);
    switch ((flags >> 3) & 3) {
      case 0:
        e.tag = peer_.peer_tag;
        break;
      case 1:
        e.tag = VerificationTag(0);
        e.first_chunk_type = wire::InitChunk::kType;
        e.has_initiate_tag = true;
        e.initiate_tag = peer_.endpoint_tags[(flags >> 5) & 3];
        break;
      case 2:
        e.tag = VerificationTag(uint32_t{mtu} * 2654435761u);
        break;
      default:
        e.tag = VerificationTag(0);
        e.has_first_chunk = (flags & 0x20) != 0;
        e.has_initiate_tag = (flags & 0x40) != 0;
        e.initiate_tag = peer_.endpoint_tag;
        break;
    }
    endpoint_.HandleIcmp(now_, e);
  }

  void Misc(Input& in) {
    assoc::AssocId id = PickId(in);
    uint8_t sel = in.U8();
    assoc::Association* a = endpoint_.Find(id);
    if (!a) return;
    const IpAddress& addr = (sel & 0x10) ? kPeerB : kPeerA;
    switch (sel % 6) {
      case 0: {
        assoc::AssocStatus s = a->Status(now_);
        if (s.path_count > assoc::kMaxPaths) Fail("path_count");
        break;
      }
      case 1: a->RequestHeartbeat(now_, addr); break;
      case 2: a->SetPrimary(addr); break;
      case 3:
        a->ChangeHeartbeat(addr, sel & 0x20, Duration::Millis(100) * (sel >> 6));
        break;
      case 4: a->SetFailureThreshold(addr, sel >> 5); break;
      default: {
        std::array<uint8_t, 256> buffer;
        for (int i = 0; i < 4; ++i) {
          if (!a->ReceiveUnsent(buffer) && !a->ReceiveUnacknowledged(buffer)) {
            break;
          }
        }
        break;
      }
    }
  }

  PeerState peer_;
  Random random_;
  Wire wire_;
  endpoint::Endpoint endpoint_;
  TimePoint now_ = TimePoint::FromNanos(1'000'000'000);
  std::vector<assoc::AssocId> ids_;
  size_t id_next_ = 0;
  std::vector<uint8_t> send_buffer_;
  alignas(8) std::array<uint8_t, 9000> rx_{};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in(data, size);
  auto harness = std::make_unique<Harness>();
  harness->Run(in);
  return 0;
}
