// The runner against FakeSut: passing scripts, and each kind of failure.
#include "test/support/packetdrill/runner.h"

#include <catch2/catch.hpp>
#include <string>

#include "test/support/packetdrill/fake_sut.h"
#include "test/support/packetdrill/syscall_map.h"

namespace dpsctp::packetdrill {
namespace {

using test::FakeSut;
using Status = ScriptResult::Status;

ScriptResult Run(const std::string& text, FakeSut& sut,
                 const RunnerOptions& options = {}) {
  auto script = ParseScript(text);
  INFO((script ? "" : script.error().ToString()));
  REQUIRE(script.has_value());
  return RunScript(*script, sut, options);
}

ScriptResult Run(const std::string& text,
                 FakeSut::Options fake = FakeSut::Options{}) {
  FakeSut sut(fake);
  return Run(text, sut);
}

const std::string kPassiveSetup = R"(
 0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3
+0.0 bind(3, ..., ...) = 0
+0.0 listen(3, 1) = 0
+0.0 < sctp: INIT[flgs=0, tag=1, a_rwnd=1500, os=1, is=1, tsn=1]
+0.0 > sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=..., os=..., is=..., tsn=1, ...]
+0.0 < sctp: COOKIE_ECHO[flgs=0, len=..., val=...]
+0.0 > sctp: COOKIE_ACK[flgs=0]
+0.0 accept(3, ..., ...) = 4
+0.0 close(3) = 0
)";

TEST_CASE("Runner: passive setup, data both ways, shutdown", "[fast]") {
  FakeSut sut;
  ScriptResult r = Run(kPassiveSetup + R"(
+0.0 < sctp: DATA[flgs=BE, len=116, tsn=1, sid=0, ssn=0, ppid=0]
+0.0 > sctp: SACK[flgs=0, cum_tsn=1, a_rwnd=..., gaps=[], dups=[]]
+0.0 read(4, ..., 200) = 100
+0.0 write(4, ..., 1000) = 1000
+0.0 > sctp: DATA[flgs=BE, len=1016, tsn=1, sid=0, ssn=0, ppid=0]
// The tester's tsn=1 is the SUT's first TSN, whatever it was.
+0.1 < sctp: SACK[flgs=0, cum_tsn=1, a_rwnd=1500, gaps=[], dups=[]]
+0.0 < sctp: SHUTDOWN[flgs=0, cum_tsn=1]
+0.0 > sctp: SHUTDOWN_ACK[flgs=0]
+0.0 < sctp: SHUTDOWN_COMPLETE[flgs=0]
+0.0 read(4, ..., 200) = 0
+0.0 close(4) = 0
)",
                       sut);
  INFO(r.ToString());
  CHECK(r.status == Status::kPass);
  CHECK(sut.calls == std::vector<std::string>{"listen", "accept",
                                              "close listener", "receive",
                                              "send 1000", "receive", "close"});
}

TEST_CASE("Runner: active setup, an INIT retransmission, teardown", "[fast]") {
  ScriptResult r = Run(R"(
 0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3
+0.0 bind(3, ..., ...) = 0
+0.0 fcntl(3, F_GETFL) = 0x02 (flags O_RDWR)
+0.0 fcntl(3, F_SETFL, O_RDWR | O_NONBLOCK) = 0
+0.0 setsockopt(3, IPPROTO_SCTP, SCTP_RTOINFO, {srto_initial=100,
                srto_max=800, srto_min=100}, 16) = 0
+0.1 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0.0 > sctp: INIT[flgs=0, tag=1, a_rwnd=..., os=..., is=..., tsn=0, ...]
+0.1 > sctp: INIT[flgs=0, tag=1, a_rwnd=..., os=..., is=..., tsn=0, ...]
+0.0 < sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=1500, os=1, is=1, tsn=3,
                      STATE_COOKIE[len=8, val=[1, 2, 3, 4]]]
+0.0 > sctp: COOKIE_ECHO[flgs=0, len=8, val=[1, 2, 3, 4]]
+0.0 < sctp: COOKIE_ACK[flgs=0]
+0.0 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
+0.0 getsockopt(3, IPPROTO_SCTP, SCTP_STATUS, {sstat_state=SCTP_ESTABLISHED,
                sstat_rwnd=..., sstat_outstrms=1, sstat_primary=...}, [176]) = 0
+0.0 close(3) = 0
+0.0 > sctp: SHUTDOWN[flgs=0, cum_tsn=2]
+0.05 < sctp: SHUTDOWN_ACK[flgs=0]
+0.0 > sctp: SHUTDOWN_COMPLETE[flgs=0]
)");
  INFO(r.ToString());
  CHECK(r.status == Status::kPass);
}

TEST_CASE("Runner: fails on a wrong field", "[fast]") {
  ScriptResult r = Run(R"(
+0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3
+0.0 bind(3, ..., ...) = 0
+0.0 listen(3, 1) = 0
+0.0 < sctp: INIT[flgs=0, tag=1, a_rwnd=1500, os=2, is=2, tsn=1]
+0.0 > sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=..., os=2, is=..., tsn=1, ...]
)");
  CHECK(r.status == Status::kFail);
  CHECK(r.line == 6);
  CHECK_THAT(r.reason, Catch::Contains("INIT_ACK: os: expected 2, got 1"));
  CHECK_THAT(r.reason, Catch::Contains("expected: `> sctp: INIT_ACK["));
  CHECK_THAT(r.reason, Catch::Contains("` at 0.000000 s (+/- 0.004000 s)"));
  CHECK_THAT(r.reason, Catch::Contains("actual:   sent at 0.000000 s"));
}

TEST_CASE("Runner: fails on a missing packet", "[fast]") {
  FakeSut::Options fake;
  fake.ignore_init = true;
  ScriptResult r = Run(kPassiveSetup, fake);
  CHECK(r.status == Status::kFail);
  CHECK(r.line == 6);
  CHECK_THAT(r.reason,
             Catch::Contains("missing packet: expected `> sctp: INIT_ACK["));
  CHECK_THAT(r.reason, Catch::Contains("at 0.000000 s (+/- 0.004000 s)"));
}

TEST_CASE("Runner: fails on an extra packet", "[fast]") {
  FakeSut::Options fake;
  fake.duplicate_cookie_ack = true;
  // At the end of the script...
  ScriptResult at_end = Run(kPassiveSetup, fake);
  CHECK(at_end.status == Status::kFail);
  CHECK(at_end.line == 10);
  CHECK_THAT(at_end.reason,
             Catch::Contains("unexpected packet at the end of the script"));
  CHECK_THAT(at_end.reason, Catch::Contains("COOKIE_ACK"));

  // ... or where it takes the place of the packet expected next.
  ScriptResult next = Run(kPassiveSetup + R"(
+0.0 < sctp: DATA[flgs=BE, len=116, tsn=1, sid=0, ssn=0, ppid=0]
+0.0 > sctp: SACK[flgs=0, cum_tsn=1, a_rwnd=..., gaps=[], dups=[]]
)",
                          fake);
  CHECK(next.status == Status::kFail);
  CHECK(next.line == 13);
  CHECK_THAT(next.reason, Catch::Contains("expected SACK, got COOKIE_ACK"));
}

TEST_CASE("Runner: fails on a packet too early or too late", "[fast]") {
  ScriptResult early = Run(R"(
+0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3
+0.0 bind(3, ..., ...) = 0
+0.0 listen(3, 1) = 0
+0.0 < sctp: INIT[flgs=0, tag=1, a_rwnd=1500, os=1, is=1, tsn=1]
+0.1 > sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=..., os=..., is=..., tsn=1, ...]
)");
  CHECK(early.status == Status::kFail);
  CHECK_THAT(early.reason, Catch::StartsWith("too early: expected "));
  CHECK_THAT(early.reason, Catch::Contains("at 0.100000 s (+/- 0.004000 s), "
                                           "sent at 0.000000 s"));

  FakeSut::Options slow;
  slow.reply_delay = Duration::Millis(50);
  ScriptResult late = Run(kPassiveSetup, slow);
  CHECK(late.status == Status::kFail);
  CHECK(late.line == 6);
  CHECK_THAT(late.reason, Catch::StartsWith("too late: expected "));
  CHECK_THAT(late.reason, Catch::Contains("sent at 0.050000 s"));

  // Something else, late: the message says what came instead.
  ScriptResult other = Run(R"(
+0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3
+0.0 bind(3, ..., ...) = 0
+0.0 listen(3, 1) = 0
+0.0 < sctp: INIT[flgs=0, tag=1, a_rwnd=1500, os=1, is=1, tsn=1]
+0.0 > sctp: ABORT[flgs=0]
)",
                           slow);
  CHECK(other.status == Status::kFail);
  CHECK_THAT(other.reason, Catch::StartsWith("missing packet: expected "));
  CHECK_THAT(other.reason, Catch::Contains("the next packet was sent at "
                                           "0.050000 s: sctp(8080 > 45000, "
                                           "vtag=0x1): INIT_ACK"));

  // The script's tolerance decides.
  FakeSut sut(slow);
  ScriptResult tolerant = Run("--tolerance_usecs=60000\n" + kPassiveSetup, sut);
  INFO(tolerant.ToString());
  CHECK(tolerant.status == Status::kPass);
}

TEST_CASE("Runner: `*` waits as long as it takes", "[fast]") {
  FakeSut::Options slow;
  slow.reply_delay = Duration::Seconds(3);
  ScriptResult r = Run(R"(
+0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3
+0.0 bind(3, ..., ...) = 0
+0.0 listen(3, 1) = 0
+0.0 < sctp: INIT[flgs=0, tag=1, a_rwnd=1500, os=1, is=1, tsn=1]
*    > sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=..., os=..., is=..., tsn=1, ...]
// Relative to when the INIT ACK came.
+1.0 < sctp: COOKIE_ECHO[flgs=0, len=..., val=...]
+3.0 > sctp: COOKIE_ACK[flgs=0]
)",
                       slow);
  INFO(r.ToString());
  CHECK(r.status == Status::kPass);
}

TEST_CASE("Runner: fails on a bad checksum or verification tag", "[fast]") {
  FakeSut::Options corrupt;
  corrupt.corrupt_checksum = true;
  ScriptResult crc = Run(kPassiveSetup, corrupt);
  CHECK(crc.status == Status::kFail);
  CHECK(crc.line == 6);
  CHECK_THAT(crc.reason, Catch::StartsWith("bad checksum"));

  FakeSut::Options wrong_tag;
  wrong_tag.wrong_verification_tag = true;
  ScriptResult tag = Run(kPassiveSetup, wrong_tag);
  CHECK(tag.status == Status::kFail);
  CHECK(tag.line == 8);
  CHECK_THAT(tag.reason, Catch::Contains("verification tag: expected the "
                                         "tester's tag 0x1, got 0x2"));
}

TEST_CASE("Runner: fails on a wrong return value or socket error", "[fast]") {
  ScriptResult accept = Run(kPassiveSetup + R"(
+0.0 accept(3, ..., ...) = 5
)");
  CHECK(accept.status == Status::kFail);
  CHECK(accept.line == 12);
  CHECK_THAT(accept.reason, Catch::Contains("accept() returned -1 EBADF, "
                                            "expected 5"));

  ScriptResult again = Run(R"(
+0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3
+0.0 bind(3, ..., ...) = 0
+0.0 listen(3, 1) = 0
+0.0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
+0.0 accept(3, ..., ...) = 4
)");
  CHECK(again.status == Status::kFail);
  CHECK_THAT(again.reason,
             Catch::Contains("accept() returned -1 EAGAIN, expected 4"));

  ScriptResult error = Run(kPassiveSetup + R"(
+0.0 < sctp: ABORT[flgs=0]
+0.0 getsockopt(4, SOL_SOCKET, SO_ERROR, [ETIMEDOUT], [4]) = 0
)");
  CHECK(error.status == Status::kFail);
  CHECK_THAT(error.reason, Catch::Contains("getsockopt(SO_ERROR) gave "
                                           "ECONNRESET, expected ETIMEDOUT"));

  ScriptResult reset = Run(kPassiveSetup + R"(
+0.0 < sctp: ABORT[flgs=0]
+0.1 getsockopt(4, SOL_SOCKET, SO_ERROR, [ECONNRESET], [4]) = 0
+0.0 < sctp: HEARTBEAT[flgs=0, HEARTBEAT_INFORMATION[len=..., val=...]]
+0.0 > sctp: ABORT[flgs=T]
)");
  INFO(reset.ToString());
  CHECK(reset.status == Status::kPass);
}

TEST_CASE("Runner: a blocking call that would block fails", "[fast]") {
  ScriptResult r = Run(R"(
+0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3
+0.0 bind(3, ..., ...) = 0
+0.0 listen(3, 1) = 0
+0.0 accept(3, ..., ...) = 4
)");
  CHECK(r.status == Status::kFail);
  CHECK_THAT(r.reason, Catch::Contains("accept() returned -1 EAGAIN"));
}

class NoCommandsSut : public FakeSut {
 public:
  bool RunCommand(TimePoint, std::string_view) override { return false; }
};

TEST_CASE("Runner: what it cannot model is unsupported", "[fast]") {
  auto unsupported = [](const std::string& text, int line) {
    NoCommandsSut sut;
    ScriptResult r = Run(text, sut);
    CHECK(r.status == Status::kUnsupported);
    CHECK(r.line == line);
    CHECK(sut.calls.empty());  // found before anything ran
    return r.reason;
  };
  CHECK_THAT(unsupported("+0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3\n"
                         "+0.0 sctp_connectx(3, ..., ...) = -1 EINPROGRESS\n",
                         2),
             Catch::Contains("multi-homing"));
  CHECK_THAT(unsupported("+0.0 < 224.0.0.0 > 192.168.0.1 sctp: "
                         "COOKIE_ACK[flgs=0]\n",
                         1),
             Catch::Contains("explicit IP addresses"));
  CHECK_THAT(unsupported("\n+0.5 < [sctp(2)] icmp unreachable "
                         "protocol_unreachable\n",
                         2),
             Catch::Contains("icmp packets are not modelled"));
  CHECK_THAT(
      unsupported("+0.0 socket(..., SOCK_SEQPACKET, IPPROTO_SCTP) = 3\n", 1),
      Catch::Contains("one-to-many"));
  CHECK_THAT(unsupported("+0.0 setsockopt(3, IPPROTO_SCTP, SCTP_EVENT, "
                         "{se_type=SCTP_SHUTDOWN_EVENT, se_on=1}, 8) = 0\n",
                         1),
             Catch::Contains("SCTP_EVENT is not modelled"));
  CHECK_THAT(unsupported("+0.0 > sctp: FOO[flgs=0]\n", 1),
             Catch::Contains("unknown chunk FOO"));

  // A command only the Sut can judge: found when it is reached.
  NoCommandsSut sut;
  ScriptResult r =
      Run("+0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3\n"
          "+0.0 `sysctl -w net.inet.sctp.ecn_enable=0`\n",
          sut);
  CHECK(r.status == Status::kUnsupported);
  CHECK(r.line == 2);
  CHECK_THAT(r.reason, Catch::Contains("no equivalent"));
  FakeSut accepting;
  CHECK(
      Run("+0.0 `sysctl -w net.inet.sctp.ecn_enable=0`\n", accepting).passed());
  CHECK(accepting.calls.back() ==
        "command sysctl -w net.inet.sctp.ecn_enable=0");
}

TEST_CASE("Runner: SO_LINGER 0 turns close() into an abort", "[fast]") {
  FakeSut sut;
  ScriptResult r = Run(kPassiveSetup + R"(
+0.0 setsockopt(4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8) = 0
+0.0 close(4) = 0
+0.0 > sctp: ABORT[flgs=0]
)",
                       sut);
  INFO(r.ToString());
  CHECK(r.status == Status::kPass);
  CHECK(sut.calls.back() == "abort");
}

TEST_CASE("SyscallMap: translates the calls and their expected results",
          "[fast]") {
  auto translate = [](const std::string& line) {
    auto script = ParseScript("+0.0 " + line);
    REQUIRE(script.has_value());
    auto call = TranslateSyscall(*script->events[0].syscall());
    INFO(line << ": " << (call ? "" : call.error()));
    REQUIRE(call.has_value());
    return *call;
  };
  SocketCall send = translate(
      "sctp_sendmsg(3, ..., 1000, ..., ..., htonl(1234), SCTP_UNORDERED, 2, "
      "10, 0) = 1000");
  CHECK(send.kind == CallKind::kSend);
  CHECK(send.send.length == 1000);
  CHECK(send.send.ppid == 1234);
  CHECK(send.send.stream_id == 2);
  CHECK(send.send.unordered);
  CHECK(send.send.time_to_live_ms == 10);
  CHECK(send.expected.value == 1000);

  SocketCall write = translate(
      "write(3, ...,1000) = -1 // ECONNRESET on FreeBSD, ESHUTDOWN on Linux");
  CHECK(write.expected.value == -1);
  CHECK_FALSE(write.expected.error.has_value());

  SocketCall read =
      translate("read(3, ..., 2000) = -1 EWOULDBLOCK (Operation would block)");
  CHECK(read.kind == CallKind::kReceive);
  CHECK(read.max_length == 2000);
  CHECK(read.expected.error == EWOULDBLOCK);

  SocketCall params = translate(
      "setsockopt(3, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, {spp_address=..., "
      "spp_hbinterval=0, spp_pathmaxrxt=0, spp_pathmtu=0, "
      "spp_flags=SPP_HB_DISABLE|SPP_PMTUD_DISABLE, spp_ipv6_flowlabel=0, "
      "spp_dscp=0}, 152) = 0");
  const auto* p = std::get_if<PeerAddrParams>(&params.option);
  REQUIRE(p != nullptr);
  CHECK(p->heartbeat_disable);
  CHECK(p->pmtud_disable);
  CHECK_FALSE(p->heartbeat_enable);

  SocketCall init = translate(
      "setsockopt(3, IPPROTO_SCTP, SCTP_INITMSG, {sinit_num_ostreams=2, "
      "sinit_max_instreams=1, sinit_max_attempts=5, "
      "sinit_max_init_timeo=100}, 8) = 0");
  const auto* i = std::get_if<InitMsg>(&init.option);
  REQUIRE(i != nullptr);
  CHECK(i->num_ostreams == 2);
  CHECK(i->max_attempts == 5);
  CHECK(i->max_init_timeo_ms == 100);

  SocketCall error =
      translate("getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0");
  CHECK(error.kind == CallKind::kGetSocketError);
  CHECK(error.socket_error == ECONNREFUSED);
}

}  // namespace
}  // namespace dpsctp::packetdrill
