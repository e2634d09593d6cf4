// Event-by-event driving of an EndpointPair, for scenario tests that act
// between steps (read what arrived, send more) rather than at fixed times.
#ifndef DPSCTP_TEST_SUPPORT_DRIVE_H_
#define DPSCTP_TEST_SUPPORT_DRIVE_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>

#include "common/time.h"
#include "test/support/endpoint_pair.h"

namespace dpsctp::test {

// Advances the clock to the next thing that happens (a packet due, a
// timer) and runs everything due then. False when nothing is scheduled
// before `limit`; the clock then stays where it is.
inline bool Step(EndpointPair& p, TimePoint limit) {
  std::optional<TimePoint> next = p.wire.NextDeliveryTime();
  for (std::optional<TimePoint> t :
       {p.a.ep->NextTimeout(), p.b.ep->NextTimeout()}) {
    if (t && (!next || *t < *next)) next = t;
  }
  if (!next || *next > limit) return false;
  p.RunUntil(std::max(*next, p.now));
  return true;
}

// Steps until done() holds, calling after_step() after each step (and
// before the first), for at most `limit` of virtual time and `max_steps`
// steps (a runaway guard). Returns done().
inline bool Drive(EndpointPair& p, Duration limit,
                  const std::function<void()>& after_step,
                  const std::function<bool()>& done, uint64_t max_steps) {
  const TimePoint end = p.now + limit;
  for (uint64_t steps = 0; steps < max_steps; ++steps) {
    after_step();
    if (done()) return true;
    if (!Step(p, end)) {
      p.RunUntil(end);
      after_step();
      return done();
    }
  }
  return done();
}

}  // namespace dpsctp::test

#endif  // DPSCTP_TEST_SUPPORT_DRIVE_H_
