// AssocOptions: every protocol parameter of one association, with the
// values RFC 9260 §16 recommends as defaults, plus the local resource
// limits. A plain struct: the endpoint copies it into each association, the
// ULP's "Set Protocol Parameters" (§10.1 O) changes that copy.
#ifndef DPSCTP_ASSOC_OPTIONS_H_
#define DPSCTP_ASSOC_OPTIONS_H_

#include <cstddef>
#include <cstdint>

#include "common/time.h"
#include "tx/send_queue.h"

namespace dpsctp::assoc {

struct AssocOptions {
  // RFC 9260 §16 "Suggested SCTP Protocol Parameter Values".
  Duration rto_initial = Duration::Seconds(1);
  Duration rto_min = Duration::Seconds(1);
  Duration rto_max = Duration::Seconds(60);
  int max_burst = 4;
  // RTO.Alpha = 1/8 and RTO.Beta = 1/4, as shifts (§6.3.1 C3).
  int rto_alpha_shift = 3;
  int rto_beta_shift = 2;
  Duration valid_cookie_life = Duration::Seconds(60);
  int association_max_retrans = 10;
  int path_max_retrans = 5;
  int max_init_retransmits = 8;
  Duration hb_interval = Duration::Seconds(30);
  int hb_max_burst = 1;
  Duration sack_delay = Duration::Millis(200);
  // §6.2: "an acknowledgement SHOULD be generated for at least every
  // second packet ... received".
  int sack_frequency = 2;

  // §9.2: "the T5-shutdown-guard timer ... The suggested value ... is
  // 5 times 'RTO.Max'".
  int t5_rto_max_multiple = 5;
  // When positive, the T5 duration itself (configured as such).
  Duration t5_shutdown_guard = Duration::Nanos(0);
  bool heartbeat_enabled = true;
  // The largest Cookie Preservative increment we grant (§5.1.3 leaves the
  // policy to us; an unbounded increment would make cookies immortal).
  Duration max_cookie_preservative = Duration::Seconds(60);
  // On a Stale Cookie error (§5.2.6), ask for the staleness times this
  // factor (at least 1 ms) in the new INIT's Cookie Preservative.
  int stale_cookie_preservative_factor = 2;

  // Streams we ask for (OS) and accept (MIS) in INIT and INIT ACK.
  uint16_t outbound_streams = 16;
  uint16_t max_inbound_streams = 16;

  // Local resources, allocated when the association is created.
  // a_rwnd (§3.3.2: at least 1500): payload bytes held for reassembly and
  // delivery. The payload stays in the received packet buffers (zero copy),
  // so this bounds references held, not memory reserved here.
  uint32_t receive_window = 64 * 1024;
  uint32_t max_receive_fragments = 1024;  // DATA chunks held at once
  // The largest message accepted; 0: the receive window. A bigger message
  // could never be delivered: the association is aborted with "Out of
  // Resource" instead of stalling.
  uint32_t max_message_size = 0;
  uint32_t send_buffer = 64 * 1024;       // bytes of queued user messages
  uint32_t max_send_messages = 1024;      // messages queued or in flight
  uint32_t max_outstanding_chunks = 1024; // DATA chunks awaiting a SACK

  // Which stream goes next when several have messages queued.
  tx::SchedulerKind stream_scheduler = tx::SchedulerKind::kFcfs;
  // Sender-side bundling delay (Nagle-like, off by default): with data in
  // flight, a packet that would leave less than full waits until the
  // outstanding data is acknowledged or this much time passes. Zero: off.
  Duration nagle_delay = Duration::Nanos(0);

  // Path MTU until PLPMTUD (issue 4) measures it: IPv4 1500 minus the IP
  // header. The SCTP packet (common header + chunks) never exceeds it.
  uint16_t mtu = 1480;
};

}  // namespace dpsctp::assoc

#endif  // DPSCTP_ASSOC_OPTIONS_H_
