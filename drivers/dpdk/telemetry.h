// Telemetry: the data plane's statistics over DPDK's telemetry socket.
//
// Registers three commands with rte_telemetry (the v2 socket,
// <runtime dir>/dpdk_telemetry.v2, read with dpdk-telemetry.py):
//   /dpsctp/stats[,<shard>]          counters summed over every shard, plus
//                                    each shard's own under "shards"; with a
//                                    shard number, only that shard
//   /dpsctp/assocs,<shard>[,<first>] one page of a shard's associations,
//                                    "next" gives the first of the next page
//   /dpsctp/shards                   the shard ids and their lcores
//
// Each worker registers a StatsSource. The telemetry thread asks it for a
// report, and the worker collects it on its own lcore, so nothing on the data
// path is shared or locked. Replies stay within DPDK's reply buffer (16 KiB in
// 22.11): a page of associations is cut to fit, and per-shard counters are
// left out of a /dpsctp/stats reply that would not fit.
//
// Keys are reduced to what rte_tel_data accepts (letters, digits, '_' and
// '/'; other characters become '_'); keys and string values are cut to 127
// bytes and control characters become '?'. Counter names "shards" and
// "lcore" are reserved by the reply layout.
//
// Thread affinity: the control path only. Handle() and the DPDK callbacks run
// on the telemetry threads (one per connected client), serialized by a mutex
// that AddSource()/RemoveSource() also take.
#ifndef DPSCTP_DRIVERS_DPDK_TELEMETRY_H_
#define DPSCTP_DRIVERS_DPDK_TELEMETRY_H_

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct rte_tel_data;

namespace dpsctp::dpdk {

// What one shard reports. Filled on the shard's own lcore (the source
// arranges that), read on the telemetry thread.
struct StatsReport {
  uint16_t shard = 0;
  int lcore = -1;
  std::vector<std::pair<std::string, uint64_t>> counters;  // name -> value
};

// One association, as name/value pairs shown in the order given.
struct AssocReport {
  std::vector<std::pair<std::string, std::string>> text;  // "state" -> ...
  std::vector<std::pair<std::string, uint64_t>> numbers;  // "rto_ms" -> ...
};

// Implemented by a worker: collects a report from its shard. It may block the
// calling telemetry thread for a bounded time while the lcore answers; false
// means the shard did not answer within that bound. A reply from /dpsctp/stats
// or /dpsctp/shards can wait for every source in turn.
class StatsSource {
 public:
  virtual ~StatsSource() = default;
  virtual bool CollectStats(StatsReport& out) = 0;
  // Associations [first, first + max) in a stable order; `total` is how many
  // exist. `out` arrives empty.
  virtual bool CollectAssocs(size_t first, size_t max,
                             std::vector<AssocReport>& out, size_t& total) = 0;
};

class Telemetry {
 public:
  // DPDK 22.11's reply buffer (MAX_OUTPUT_LEN in lib/telemetry, also sent as
  // "max_output_len" when a client connects). Longer replies lose entries.
  static constexpr size_t kMaxOutputLen = 16 * 1024;
  // What our replies stay under, leaving room for the socket layer's
  // terminating byte.
  static constexpr size_t kReplyBudget = kMaxOutputLen - 256;
  // At most this many associations are asked for per page; rte_tel_data
  // holds at most 256 entries per dictionary.
  static constexpr size_t kMaxAssocsPerPage = 64;

  // The process-wide instance. The first call registers the commands with
  // rte_telemetry (before or after rte_eal_init()); it is never destroyed,
  // since the telemetry threads outlive main().
  static Telemetry& Instance();

  // Adds a source; adding one twice has no effect. Ownership stays with the
  // caller, which keeps it alive until RemoveSource() returns.
  void AddSource(StatsSource* s);
  // Removes a source, waiting for a command that is using it to finish (at
  // most the source's own bound per call). Do not call it from the lcore the
  // source waits for while its loop is stopped.
  void RemoveSource(StatsSource* s);

  // The JSON text that `command` with `params` (the text after the first
  // comma, "" for none) returns on the telemetry socket: the same content as
  // the rte_tel_data callback produces, e.g. {"/dpsctp/shards":{...}}.
  std::string Handle(std::string_view command, std::string_view params);

  // A reply as a tree; defined and used only in telemetry.cc.
  struct Node;

  Telemetry(const Telemetry&) = delete;
  Telemetry& operator=(const Telemetry&) = delete;

 private:
  Telemetry() = default;
  ~Telemetry() = default;

  struct Source {
    StatsSource* source = nullptr;
    int shard = -1;  // learned from its last answer; -1 until then
    int lcore = -1;
  };

  // The DPDK command callback (telemetry_cb).
  static int Callback(const char* command, const char* params,
                      rte_tel_data* data);

  // Build*: the reply to a command. The caller holds mutex_.
  Node Build(std::string_view command, std::string_view params);
  Node BuildStats(std::string_view params);
  Node BuildAssocs(std::string_view params);
  Node BuildShards();
  // The source serving `shard`, asking the sources that have not answered
  // yet which shard they are; nullptr if none.
  Source* FindShard(uint16_t shard);
  // CollectStats() on `s`, remembering its shard and lcore when it answers.
  static bool Collect(Source& s, StatsReport& out);

  std::mutex mutex_;
  std::vector<Source> sources_;
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_TELEMETRY_H_
