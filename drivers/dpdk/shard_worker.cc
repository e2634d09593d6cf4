#include "drivers/dpdk/shard_worker.h"

#include <openssl/rand.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_pause.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <string>

#include "common/byte_order.h"
#include "drivers/dpdk/lcore_runner.h"
#include "drivers/dpdk/mbuf_buf.h"
#include "wire/chunk_type.h"
#include "wire/common_header.h"

namespace dpsctp::dpdk {
namespace {

// Bytes a worker reserves in front of an SCTP packet for Ethernet, one VLAN
// tag, IPv6 and a UDP encapsulation header (14 + 4 + 40 + 8).
constexpr uint16_t kL2L3Reserve = 66;

void FreeChain(rte_mbuf* m) noexcept { rte_pktmbuf_free(m); }

}  // namespace

// ---------------------------------------------------------------------------
// Setup.

Result<std::unique_ptr<ShardWorker>, DpdkError> ShardWorker::Create(
    const WorkerOptions& options,
    const endpoint::EndpointOptions& endpoint_options,
    const assoc::CookieKey& cookie_key, std::span<const WorkerPort> ports,
    rte_mempool* pool, HandoffMesh* mesh, ShardApplication* app) {
  if (ports.empty() || ports.size() > kMaxPorts) {
    return MakeUnexpected(
        MakeDpdkError("ShardWorker::Create", EINVAL, "1 to 8 ports"));
  }
  if (options.tx_batch == 0 || options.tx_batch > kMaxTxBatch ||
      options.rx_burst == 0 || options.rx_burst > 64) {
    return MakeUnexpected(MakeDpdkError(
        "ShardWorker::Create", EINVAL, "tx_batch 1..128, rx_burst 1..64"));
  }
  const uint32_t shard_count = endpoint_options.shard_map.shard_count();
  if (shard_count > 1 && (mesh == nullptr || mesh->shards() != shard_count)) {
    return MakeUnexpected(MakeDpdkError(
        "ShardWorker::Create", EINVAL,
        "several shards need a HandoffMesh with one slot per shard"));
  }
  if (rte_pktmbuf_data_room_size(pool) < RTE_PKTMBUF_HEADROOM + 1280) {
    return MakeUnexpected(MakeDpdkError("ShardWorker::Create", EINVAL,
                                        "mbuf data room below 1,280 bytes"));
  }
  std::unique_ptr<ShardWorker> w(new ShardWorker());
  w->options_ = options;
  w->shard_ = endpoint_options.shard.value();
  w->shard_count_ = static_cast<uint16_t>(shard_count);
  w->shard_map_ = endpoint_options.shard_map;
  w->pool_ = pool;
  w->mesh_ = mesh;
  w->app_ = app;
  bool all_offload_tx = true;
  w->ports_.reserve(ports.size());
  for (const WorkerPort& p : ports) {
    PortState state;
    state.config = p;
    state.net = std::make_unique<NetInterface>(p.interface, pool);
    state.tx = std::make_unique<TxQueue>();
    state.tx->worker = w.get();
    state.tx->port_id = p.port_id;
    state.tx->queue_id = p.tx_queue;
    all_offload_tx = all_offload_tx && p.checksum_offload.tx;
    w->ports_.push_back(std::move(state));
  }
  // The endpoint computes the CRC before the port is known, so the NIC
  // computes it only when every port of this worker can.
  w->tx_checksum_mode_ = all_offload_tx ? crc::TxChecksumMode::kNicOffload
                                        : crc::TxChecksumMode::kSoftware;
  auto control = ControlChannel::Create(
      "dps" + std::to_string(reinterpret_cast<uintptr_t>(w.get()) & 0xFFFFFF));
  if (!control) return MakeUnexpected(control.error());
  w->control_ = std::move(control).value();
  w->now_ = w->clock_.Now();
  w->endpoint_ = std::make_unique<endpoint::Endpoint>(
      endpoint_options, cookie_key, static_cast<endpoint::RandomSource&>(*w),
      static_cast<endpoint::TxPort&>(*w));
  return w;
}

ShardWorker::~ShardWorker() {
  // Associations release the payload references they hold; then our own.
  endpoint_.reset();
  ReleaseBuffers();
}

void ShardWorker::ReleaseBuffers() noexcept {
  if (tx_pending_ != nullptr) {
    FreeChain(tx_pending_);
    tx_pending_ = nullptr;
  }
  for (PortState& p : ports_) {
    for (uint16_t i = 0; i < p.tx->count; ++i) FreeChain(p.tx->batch[i]);
    p.tx->count = 0;
    p.net->Clear();
  }
}

TimePoint ShardWorker::UpdateNow() noexcept {
  now_ = clock_.Now();
  return now_;
}

uint32_t ShardWorker::Next32() noexcept {
  // RFC 9260 §5.3.1 wants unpredictable tags: OpenSSL's CSPRNG, 64 bytes
  // per refill so the lcore rarely calls it.
  if (random_left_ == 0) {
    if (RAND_bytes(reinterpret_cast<uint8_t*>(random_words_),
                   sizeof random_words_) != 1) {
      // Never block the lcore: fall back to the TSC, mixed.
      uint64_t x = static_cast<uint64_t>(clock_.NowNanos());
      for (uint32_t& w : random_words_) {
        x += 0x9e3779b97f4a7c15ull;
        uint64_t z = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        w = static_cast<uint32_t>(z ^ (z >> 31));
      }
    }
    random_left_ = kRandomWords;
  }
  return random_words_[--random_left_];
}

// ---------------------------------------------------------------------------
// TX.

std::span<uint8_t> ShardWorker::TxBuffer() noexcept {
  if (tx_pending_ == nullptr) {
    tx_pending_ = rte_pktmbuf_alloc(pool_);
    if (tx_pending_ == nullptr) {
      ++counters_.tx_pool_empty;
      return {};
    }
  }
  // Room in front for the L2/L3 headers NetInterface prepends.
  rte_mbuf* m = tx_pending_;
  m->data_off = RTE_PKTMBUF_HEADROOM;
  const uint16_t room = static_cast<uint16_t>(
      rte_pktmbuf_data_room_size(pool_) - RTE_PKTMBUF_HEADROOM);
  static_assert(RTE_PKTMBUF_HEADROOM >= kL2L3Reserve);
  return {rte_pktmbuf_mtod(m, uint8_t*), room};
}

void ShardWorker::Transmit(std::span<const uint8_t> packet,
                           const PacketAddresses& addresses) noexcept {
  PortState* port = PortForSource(addresses.src);
  if (port == nullptr) {
    ++counters_.tx_no_interface;
    return;
  }
  rte_mbuf* m = nullptr;
  if (tx_pending_ != nullptr &&
      packet.data() == rte_pktmbuf_mtod(tx_pending_, const uint8_t*)) {
    m = tx_pending_;  // built in place: zero copy
    tx_pending_ = nullptr;
  } else {
    // Built elsewhere (a copy the endpoint made): copy it in.
    m = rte_pktmbuf_alloc(pool_);
    if (m == nullptr) {
      ++counters_.tx_pool_empty;
      return;
    }
    if (packet.size() > rte_pktmbuf_tailroom(m)) {
      FreeChain(m);
      ++counters_.tx_oversize;
      return;
    }
    std::memcpy(rte_pktmbuf_mtod(m, uint8_t*), packet.data(), packet.size());
  }
  m->data_len = static_cast<uint16_t>(packet.size());
  m->pkt_len = static_cast<uint32_t>(packet.size());
  m->nb_segs = 1;
  m->next = nullptr;
  m->ol_flags = 0;
  if (tx_checksum_mode_ == crc::TxChecksumMode::kNicOffload) {
    // The DPDK TX offload contract: the L4 type and the IP version.
    m->ol_flags |= RTE_MBUF_F_TX_SCTP_CKSUM |
                   (addresses.dst.is_v6() ? RTE_MBUF_F_TX_IPV6
                                          : RTE_MBUF_F_TX_IPV4);
  }
  port->net->Send(m, addresses, now_, *port->tx);
}

bool ShardWorker::TxQueue::Push(rte_mbuf* m) noexcept {
  worker->TapCapture(m, false);
  if (count == 0) first_queued = worker->now_;
  batch[count++] = m;
  if (count >= worker->options_.tx_batch) Flush();
  return true;
}

void ShardWorker::TxQueue::Flush() noexcept {
  if (count == 0) return;
  const uint16_t sent = rte_eth_tx_burst(port_id, queue_id, batch.data(), count);
  ++worker->counters_.tx_bursts;
  worker->counters_.tx_frames += sent;
  if (sent < count) {
    worker->counters_.tx_full_drops += count - sent;
    for (uint16_t i = sent; i < count; ++i) FreeChain(batch[i]);
  }
  count = 0;
}

void ShardWorker::FlushTx() noexcept {
  for (PortState& p : ports_) p.tx->Flush();
}

ShardWorker::PortState* ShardWorker::PortFor(uint16_t port_id) noexcept {
  for (PortState& p : ports_) {
    if (p.config.port_id == port_id) return &p;
  }
  return nullptr;
}

ShardWorker::PortState* ShardWorker::PortForSource(
    const IpAddress& source) noexcept {
  if (ports_.size() == 1) return &ports_[0];
  for (PortState& p : ports_) {
    if (p.net->IsLocalAddress(source)) return &p;
  }
  return nullptr;
}

void ShardWorker::TapCapture(rte_mbuf* m, bool rx) noexcept {
  PacketCapture* c = capture_.Get();
  if (c == nullptr) return;
  c->Tap(m, rx ? CaptureDirection::kRx : CaptureDirection::kTx,
         static_cast<uint64_t>(now_.nanos()));
}

// ---------------------------------------------------------------------------
// RX.

void ShardWorker::Broadcast(rte_mbuf* m, HandoffKind kind) noexcept {
  // One reference per other shard; ours is released at the end.
  for (uint16_t to = 0; to < shard_count_; ++to) {
    if (to == shard_) continue;
    rte_pktmbuf_refcnt_update(m, 1);
    if (!mesh_->Enqueue(shard_, to, m, kind)) {
      rte_pktmbuf_refcnt_update(m, -1);
      ++counters_.handoff_full_drops;
    }
  }
  ++counters_.rx_broadcast;
  FreeChain(m);
}

void ShardWorker::HandleFrame(rte_mbuf* m, HandoffKind kind) noexcept {
  PortState* port = PortFor(m->port);
  if (port == nullptr) port = &ports_[0];
  const RxResult rx = port->net->Receive(m, now_, *port->tx,
                                         kind == HandoffKind::kLearnOnly);
  switch (rx.kind) {
    case RxKind::kSctp:
      HandleSctp(m, *port, rx, kind);
      return;
    case RxKind::kIcmpError:
      HandleIcmp(m, rx, kind);
      return;
    case RxKind::kConsumed:
      if (rx.share_with_other_shards && kind == HandoffKind::kOwned &&
          shard_count_ > 1) {
        Broadcast(m, HandoffKind::kLearnOnly);
        return;
      }
      FreeChain(m);
      return;
    case RxKind::kDropped:
      FreeChain(m);
      return;
  }
  FreeChain(m);
}

void ShardWorker::HandleSctp(rte_mbuf* m, PortState& port, const RxResult& rx,
                             HandoffKind kind) noexcept {
  ++counters_.rx_sctp_packets;
  std::optional<buf::PacketView> view =
      PacketViewFromMbuf(m, rx.sctp_offset, rx.sctp_length);
  if (!view) {
    FreeChain(m);
    return;
  }
  if (shard_count_ > 1) {
    // Common header plus the first chunk's type and flags.
    uint8_t scratch[wire::kCommonHeaderSize + 2];
    const uint8_t* head =
        view->size() >= sizeof scratch ? view->Read(0, sizeof scratch, scratch)
                                       : nullptr;
    if (head != nullptr) {
      const VerificationTag tag(LoadBe32(head + 4));
      const uint8_t chunk_type = head[12];
      const bool t_bit =
          (head[13] & 0x01) != 0 &&
          (chunk_type == static_cast<uint8_t>(wire::ChunkType::kAbort) ||
           chunk_type ==
               static_cast<uint8_t>(wire::ChunkType::kShutdownComplete));
      if (t_bit) {
        // RFC 9260 §8.5.1: the tag is the peer's, which names no shard of
        // ours: whoever has an association with this peer takes it.
        const uint16_t peer_port = LoadBe16(head);
        const uint16_t local_port = LoadBe16(head + 2);
        if (!endpoint_->HasAssociationWith(rx.addresses.src, peer_port,
                                           local_port)) {
          if (kind == HandoffKind::kOwned) {
            Broadcast(m, HandoffKind::kLookup);
          } else {
            ++counters_.rx_lookup_ignored;
            FreeChain(m);
          }
          return;
        }
      } else if (tag.value() != 0 && kind == HandoffKind::kOwned) {
        const uint16_t owner = shard_map_.ShardOf(tag).value();
        // A tag that names no shard was not issued by us: OOTB, here.
        if (owner != shard_ && owner < shard_count_) {
          if (mesh_->Enqueue(shard_, owner, m, HandoffKind::kOwned)) {
            ++counters_.rx_forwarded;
          } else {
            ++counters_.handoff_full_drops;
            FreeChain(m);
          }
          return;
        }
      } else if (kind == HandoffKind::kLookup) {
        // Only T-bit packets are broadcast for lookup.
        ++counters_.rx_lookup_ignored;
        FreeChain(m);
        return;
      }
    }
  }
  ++counters_.rx_processed_here;
  endpoint_->HandlePacket(now_, rx.addresses, *view,
                          RxChecksumHintFromMbuf(m, port.config.checksum_offload));
  // Reassembly took its own references on the payload it keeps.
  FreeChain(m);
}

void ShardWorker::HandleIcmp(rte_mbuf* m, const RxResult& rx,
                             HandoffKind kind) noexcept {
  ++counters_.icmp_errors;
  const endpoint::IcmpError& e = rx.icmp;
  // RFC 9260 §10 rule 5: the association is found from the quoted packet,
  // whose destination is the peer.
  const bool here = endpoint_->HasAssociationWith(
      e.addresses.dst, e.destination_port, e.source_port);
  if (!here && shard_count_ > 1) {
    if (kind == HandoffKind::kOwned) {
      Broadcast(m, HandoffKind::kLookup);
    } else {
      ++counters_.rx_lookup_ignored;
      FreeChain(m);
    }
    return;
  }
  endpoint_->HandleIcmp(now_, e);
  FreeChain(m);
}

void ShardWorker::DeliverEvents() noexcept {
  endpoint::EndpointEvent event;
  while (endpoint_->PollEvent(event)) {
    ++counters_.events_delivered;
    if (app_ != nullptr) app_->OnEvent(*this, event);
  }
}

// ---------------------------------------------------------------------------
// The loop.

bool ShardWorker::PollOnce() noexcept {
  now_ = clock_.Now();
  ++counters_.iterations;
  bool worked = false;
  bool rx_full = false;
  rte_mbuf* burst[64];
  for (PortState& p : ports_) {
    const uint16_t n = rte_eth_rx_burst(p.config.port_id, p.config.rx_queue,
                                        burst, options_.rx_burst);
    if (n == 0) continue;
    worked = true;
    rx_full = rx_full || n == options_.rx_burst;
    counters_.rx_frames += n;
    for (uint16_t i = 0; i < n; ++i) {
      if (i + 1 < n) rte_prefetch0(rte_pktmbuf_mtod(burst[i + 1], void*));
      TapCapture(burst[i], true);
      HandleFrame(burst[i], HandoffKind::kOwned);
    }
  }
  if (mesh_ != nullptr && shard_count_ > 1) {
    HandoffItem items[64];
    const size_t n = mesh_->Dequeue(shard_, std::span(items, options_.rx_burst));
    if (n > 0) worked = true;
    counters_.handoff_received += n;
    for (size_t i = 0; i < n; ++i) HandleFrame(items[i].mbuf, items[i].kind);
  }
  // Timers (the endpoint's wheel; NextTimeout() is cheap).
  if (std::optional<TimePoint> t = endpoint_->NextTimeout(); t && *t <= now_) {
    endpoint_->HandleTimeouts(now_);
    ++counters_.timer_runs;
    worked = true;
  }
  DeliverEvents();
  if (app_ != nullptr && app_->OnPoll(*this)) {
    worked = true;
    DeliverEvents();
  }
  if (counters_.iterations % options_.control_poll_interval == 0) {
    for (PortState& p : ports_) p.net->Poll(now_, *p.tx);
    const unsigned ran = control_->Poll(*this);
    counters_.control_requests += ran;
    if (ran > 0) {
      worked = true;
      DeliverEvents();
    }
  }
  // TX: a full batch went out in Push(); the rest when the RX side has no
  // backlog (nothing more is coming to batch with) or at the deadline.
  for (PortState& p : ports_) {
    if (p.tx->count == 0) continue;
    if (!rx_full || now_ - p.tx->first_queued >= options_.tx_drain) {
      p.tx->Flush();
      worked = true;
    }
  }
  capture_.Quiescent();
  return worked;
}

Duration ShardWorker::TimeToNextTimeout() const noexcept {
  Duration until = Duration::Seconds(1);
  const TimePoint now = clock_.Now();
  if (std::optional<TimePoint> t = endpoint_->NextTimeout()) {
    until = std::min(until, *t - now);
  }
  for (const PortState& p : ports_) {
    if (std::optional<TimePoint> t = p.net->NextTimeout()) {
      until = std::min(until, *t - now);
    }
  }
  return until;
}

void ShardWorker::Run(const std::atomic<bool>& stop) noexcept {
  ShardWorker* self = this;
  RunGroup(std::span<ShardWorker* const>(&self, 1), stop);
}

size_t ShardWorker::StartClose(bool graceful) noexcept {
  UpdateNow();
  std::vector<assoc::AssocId> ids;
  ids.reserve(endpoint_->association_count());
  endpoint_->ForEachAssociation([&ids](assoc::Association& a) {
    if (!a.closed()) ids.push_back(a.id());
  });
  for (assoc::AssocId id : ids) {
    if (graceful) {
      endpoint_->Shutdown(now_, id);
    } else {
      endpoint_->Abort(now_, id);
    }
  }
  DeliverEvents();
  return ids.size();
}

size_t ShardWorker::CloseAll(bool graceful, Duration timeout) noexcept {
  const size_t started = StartClose(graceful);
  const TimePoint deadline = now_ + timeout;
  std::vector<assoc::AssocId> ids;
  while (endpoint_->association_count() > 0 && now_ < deadline) {
    if (!PollOnce()) rte_pause();
  }
  const size_t remaining = endpoint_->association_count();
  if (remaining > 0) {
    ids.clear();
    endpoint_->ForEachAssociation([&ids](assoc::Association& a) {
      if (!a.closed()) ids.push_back(a.id());
    });
    for (assoc::AssocId id : ids) endpoint_->Abort(now_, id);
  }
  DeliverEvents();
  FlushTx();
  return started - std::min(started, remaining);
}

}  // namespace dpsctp::dpdk
