#include "drivers/dpdk/flow_steering.h"

#include <rte_byteorder.h>
#include <rte_flow.h>

#include <string>

namespace dpsctp::dpdk {

std::vector<TagSteeringRule> TagSteeringRules(const endpoint::ShardMap& map) {
  std::vector<TagSteeringRule> rules;
  if (map.kind() != endpoint::ShardMap::Kind::kTagBits ||
      map.shard_count() < 2) {
    return rules;
  }
  for (uint32_t shard = 0; shard < map.shard_count(); ++shard) {
    for (bool ipv6 : {false, true}) {
      TagSteeringRule r;
      r.tag_value = (shard << map.first_bit()) & map.tag_mask();
      r.tag_mask = map.tag_mask();
      r.queue = static_cast<uint16_t>(shard);
      r.ipv6 = ipv6;
      rules.push_back(r);
    }
  }
  return rules;
}

Result<TagSteering, DpdkError> TagSteering::Install(
    uint16_t port_id, const endpoint::ShardMap& map) {
  const std::vector<TagSteeringRule> rules = TagSteeringRules(map);
  if (rules.empty()) {
    return MakeUnexpected(MakeDpdkError(
        "TagSteering::Install", EINVAL,
        "tag steering needs a tag-bits shard map with 2 or more shards"));
  }
  TagSteering steering;
  steering.port_id_ = port_id;
  for (const TagSteeringRule& rule : rules) {
    rte_flow_attr attr{};
    attr.ingress = 1;
    rte_flow_item_sctp spec{};
    rte_flow_item_sctp mask{};
    spec.hdr.tag = rte_cpu_to_be_32(rule.tag_value);
    mask.hdr.tag = rte_cpu_to_be_32(rule.tag_mask);
    rte_flow_item pattern[4]{};
    pattern[0].type = RTE_FLOW_ITEM_TYPE_ETH;
    pattern[1].type =
        rule.ipv6 ? RTE_FLOW_ITEM_TYPE_IPV6 : RTE_FLOW_ITEM_TYPE_IPV4;
    pattern[2].type = RTE_FLOW_ITEM_TYPE_SCTP;
    pattern[2].spec = &spec;
    pattern[2].mask = &mask;
    pattern[3].type = RTE_FLOW_ITEM_TYPE_END;
    rte_flow_action_queue queue{};
    queue.index = rule.queue;
    rte_flow_action actions[2]{};
    actions[0].type = RTE_FLOW_ACTION_TYPE_QUEUE;
    actions[0].conf = &queue;
    actions[1].type = RTE_FLOW_ACTION_TYPE_END;
    rte_flow_error error{};
    int rc = rte_flow_validate(port_id, &attr, pattern, actions, &error);
    rte_flow* flow = nullptr;
    if (rc == 0) {
      flow = rte_flow_create(port_id, &attr, pattern, actions, &error);
      if (flow == nullptr) rc = -EIO;
    }
    if (rc != 0) {
      const std::string why =
          std::string(rule.ipv6 ? "IPv6" : "IPv4") + " rule to queue " +
          std::to_string(rule.queue) + " refused by port " +
          std::to_string(port_id) + ": " +
          (error.message != nullptr ? error.message : "no reason given");
      return MakeUnexpected(MakeDpdkError("rte_flow_create", -rc, why));
    }
    steering.flows_.push_back(flow);
  }
  return steering;
}

TagSteering::TagSteering(TagSteering&& other) noexcept
    : port_id_(other.port_id_), flows_(std::move(other.flows_)) {
  other.flows_.clear();
}

TagSteering::~TagSteering() {
  for (rte_flow* flow : flows_) {
    rte_flow_error error{};
    rte_flow_destroy(port_id_, flow, &error);
  }
}

}  // namespace dpsctp::dpdk
