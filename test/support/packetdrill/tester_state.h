// TesterState: what the scripted peer (the tester) has learned about the
// association while a script runs, and the script-to-live value mapping.
//
// Scripts name tags and TSNs symbolically: `> sctp: INIT[tag=1, tsn=0]`
// means "whatever initiate tag and initial TSN the SUT picks; call them 1
// and 0". Like nplab packetdrill, the first INIT or INIT ACK the SUT sends
// binds the script values to the live ones, and later script values are
// translated by the same offset (script tag 3 is live tag + 2). Only the
// SUT's numbers are remapped; the tester's own tags and TSNs are used as
// written. The state also keeps what the tester must echo: the SUT's State
// Cookie (COOKIE_ECHO[val=...]) and its Heartbeat Info
// (HEARTBEAT_ACK[... val=...]).
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_TESTER_STATE_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_TESTER_STATE_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace dpsctp::packetdrill {

// The SCTP ports on the two sides. packetdrill binds the SUT to 8080; the
// tester's port is a fixed constant here (packetdrill picks an ephemeral
// one), so that the scripts never see it.
inline constexpr uint16_t kDefaultSutPort = 8080;
inline constexpr uint16_t kDefaultTesterPort = 45000;

struct Ports {
  uint16_t sut = kDefaultSutPort;
  uint16_t tester = kDefaultTesterPort;
};

struct ValueBinding {
  uint32_t script = 0;
  uint32_t live = 0;

  // Serial-number offset mapping (wraps like the numbers themselves).
  uint32_t ToLive(uint32_t script_value) const {
    return live + (script_value - script);
  }
};

struct TesterState {
  // The SUT's Initiate Tag: the Verification Tag of what the tester sends.
  std::optional<uint32_t> sut_tag;
  std::optional<ValueBinding> sut_tag_binding;
  std::optional<ValueBinding> sut_tsn_binding;

  // Initiate Tags the tester announced in INIT and INIT ACK chunks, oldest
  // first; the SUT must use one of them (RFC 9260 §3.1).
  std::vector<uint32_t> tester_tags;
  // The Initiate Tag of the last INIT injected: the INIT ACK answering it
  // carries it as Verification Tag (RFC 9260 §5.2.2).
  std::optional<uint32_t> last_init_tag;
  // The Verification Tag of the last packet injected: a T-bit ABORT or
  // SHUTDOWN COMPLETE reflects it (RFC 9260 §3.3.7, §8.4, §8.5.1).
  std::optional<uint32_t> last_injected_tag;

  // From the SUT's latest INIT ACK (State Cookie value).
  std::optional<std::vector<uint8_t>> cookie;
  // From the SUT's latest HEARTBEAT (the Heartbeat Info parameter, whole).
  std::optional<std::vector<uint8_t>> heartbeat_info;

  uint32_t SutTagToLive(uint32_t script) const {
    return sut_tag_binding ? sut_tag_binding->ToLive(script) : script;
  }
  uint32_t SutTsnToLive(uint32_t script) const {
    return sut_tsn_binding ? sut_tsn_binding->ToLive(script) : script;
  }
  void AddTesterTag(uint32_t tag) {
    if (tag != 0 && std::find(tester_tags.begin(), tester_tags.end(), tag) ==
                        tester_tags.end()) {
      tester_tags.push_back(tag);
    }
  }
};

}  // namespace dpsctp::packetdrill

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_TESTER_STATE_H_
