// Steering by verification tag in the NIC (ARCHITECTURE.md, "Sharding by
// verification tag"): with a tag-bits shard map, shard s owns the tags whose
// bits [first_bit, first_bit + bit_count) equal s, so an rte_flow rule per
// shard (ETH / IPv4 or IPv6 / SCTP tag under a mask -> QUEUE s) delivers
// every packet of an established association to its owner's queue and the
// software handoff is left with INITs and T-bit packets. Optional: few NICs
// match the SCTP tag, and none of the software NICs here does.
#ifndef DPSCTP_DRIVERS_DPDK_FLOW_STEERING_H_
#define DPSCTP_DRIVERS_DPDK_FLOW_STEERING_H_

#include <cstdint>
#include <vector>

#include "common/result.h"
#include "drivers/dpdk/error.h"
#include "endpoint/vtag_allocator.h"

struct rte_flow;

namespace dpsctp::dpdk {

// One rule: packets whose tag & mask == value go to queue. Values and mask
// in host byte order.
struct TagSteeringRule {
  uint32_t tag_value = 0;
  uint32_t tag_mask = 0;
  uint16_t queue = 0;
  bool ipv6 = false;

  friend bool operator==(const TagSteeringRule&,
                         const TagSteeringRule&) = default;
};

// The rules for `map` (IPv4 and IPv6 per shard); empty when the map is a
// keyed hash (a secret hash cannot be matched by a NIC) or has one shard.
std::vector<TagSteeringRule> TagSteeringRules(const endpoint::ShardMap& map);

// Validates and installs the rules on a port (after configure, before or
// after start). All or nothing: on the first rule the device refuses, the
// ones already installed are destroyed and the error says which rule.
class TagSteering {
 public:
  [[nodiscard]] static Result<TagSteering, DpdkError> Install(
      uint16_t port_id, const endpoint::ShardMap& map);
  TagSteering(TagSteering&& other) noexcept;
  TagSteering& operator=(TagSteering&&) = delete;
  TagSteering(const TagSteering&) = delete;
  TagSteering& operator=(const TagSteering&) = delete;
  ~TagSteering();

  size_t rule_count() const noexcept { return flows_.size(); }

 private:
  TagSteering() = default;
  uint16_t port_id_ = 0;
  std::vector<rte_flow*> flows_;
};

}  // namespace dpsctp::dpdk

#endif  // DPSCTP_DRIVERS_DPDK_FLOW_STEERING_H_
