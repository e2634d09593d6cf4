// The scalar statistics of the SCTP MIB (RFC 3873 §4.1, sctpStats), for one
// shard: what Endpoint::Mib() reports, and the names telemetry exports them
// under. Counters only grow (Counter64 in the MIB); sctpCurrEstab is a gauge.
//
// Definitions (RFC 3873 sctpStats, paraphrased):
//  curr_estab       associations now in ESTABLISHED, SHUTDOWN-PENDING or
//                   SHUTDOWN-RECEIVED
//  active_estabs    direct transitions COOKIE-ECHOED -> ESTABLISHED (the
//                   upper layer initiated the association)
//  passive_estabs   direct transitions CLOSED -> ESTABLISHED (the peer
//                   initiated it)
//  aborteds         transitions to CLOSED from any state by the ABORT
//                   primitive or on reception of an ABORT chunk
//  shutdowns        transitions to CLOSED from SHUTDOWN-SENT or
//                   SHUTDOWN-ACK-SENT (graceful)
//  out_of_blues     correctly formed packets, checksum included, for which
//                   no association could be found (RFC 9260 §8.4)
//  checksum_errors  packets received with an invalid checksum
//  out_ctrl_chunks, out_order_chunks, out_unorder_chunks
//                   chunks sent, retransmissions excluded; control chunks
//                   are every chunk but DATA
//  in_ctrl_chunks, in_order_chunks, in_unorder_chunks
//                   chunks received, duplicates excluded
//  frag_usr_msgs    user messages fragmented because of the MTU
//  reasm_usr_msgs   user messages reassembled
//  out_sctp_packs, in_sctp_packs
//                   SCTP packets sent and received, retransmissions included
#ifndef DPSCTP_ENDPOINT_MIB_H_
#define DPSCTP_ENDPOINT_MIB_H_

#include <cstdint>
#include <string_view>

namespace dpsctp::endpoint {

struct SctpMib {
  uint64_t curr_estab = 0;
  uint64_t active_estabs = 0;
  uint64_t passive_estabs = 0;
  uint64_t aborteds = 0;
  uint64_t shutdowns = 0;
  uint64_t out_of_blues = 0;
  uint64_t checksum_errors = 0;
  uint64_t out_ctrl_chunks = 0;
  uint64_t out_order_chunks = 0;
  uint64_t out_unorder_chunks = 0;
  uint64_t in_ctrl_chunks = 0;
  uint64_t in_order_chunks = 0;
  uint64_t in_unorder_chunks = 0;
  uint64_t frag_usr_msgs = 0;
  uint64_t reasm_usr_msgs = 0;
  uint64_t out_sctp_packs = 0;
  uint64_t in_sctp_packs = 0;

  // Field-wise sum, e.g. of the shards of one endpoint.
  SctpMib& operator+=(const SctpMib& o) noexcept {
    curr_estab += o.curr_estab;
    active_estabs += o.active_estabs;
    passive_estabs += o.passive_estabs;
    aborteds += o.aborteds;
    shutdowns += o.shutdowns;
    out_of_blues += o.out_of_blues;
    checksum_errors += o.checksum_errors;
    out_ctrl_chunks += o.out_ctrl_chunks;
    out_order_chunks += o.out_order_chunks;
    out_unorder_chunks += o.out_unorder_chunks;
    in_ctrl_chunks += o.in_ctrl_chunks;
    in_order_chunks += o.in_order_chunks;
    in_unorder_chunks += o.in_unorder_chunks;
    frag_usr_msgs += o.frag_usr_msgs;
    reasm_usr_msgs += o.reasm_usr_msgs;
    out_sctp_packs += o.out_sctp_packs;
    in_sctp_packs += o.in_sctp_packs;
    return *this;
  }

  friend bool operator==(const SctpMib&, const SctpMib&) = default;
};

inline constexpr int kSctpMibObjectCount = 17;

// Calls visit(std::string_view name, uint64_t value) once per object, with
// the RFC 3873 object name, in the order the MIB lists them (sctpStats,
// without sctpDiscontinuityTime).
template <typename Visit>
constexpr void VisitSctpMib(const SctpMib& m, Visit&& visit) {
  visit(std::string_view("sctpCurrEstab"), m.curr_estab);
  visit(std::string_view("sctpActiveEstabs"), m.active_estabs);
  visit(std::string_view("sctpPassiveEstabs"), m.passive_estabs);
  visit(std::string_view("sctpAborteds"), m.aborteds);
  visit(std::string_view("sctpShutdowns"), m.shutdowns);
  visit(std::string_view("sctpOutOfBlues"), m.out_of_blues);
  visit(std::string_view("sctpChecksumErrors"), m.checksum_errors);
  visit(std::string_view("sctpOutCtrlChunks"), m.out_ctrl_chunks);
  visit(std::string_view("sctpOutOrderChunks"), m.out_order_chunks);
  visit(std::string_view("sctpOutUnorderChunks"), m.out_unorder_chunks);
  visit(std::string_view("sctpInCtrlChunks"), m.in_ctrl_chunks);
  visit(std::string_view("sctpInOrderChunks"), m.in_order_chunks);
  visit(std::string_view("sctpInUnorderChunks"), m.in_unorder_chunks);
  visit(std::string_view("sctpFragUsrMsgs"), m.frag_usr_msgs);
  visit(std::string_view("sctpReasmUsrMsgs"), m.reasm_usr_msgs);
  visit(std::string_view("sctpOutSCTPPacks"), m.out_sctp_packs);
  visit(std::string_view("sctpInSCTPPacks"), m.in_sctp_packs);
}

}  // namespace dpsctp::endpoint

#endif  // DPSCTP_ENDPOINT_MIB_H_
