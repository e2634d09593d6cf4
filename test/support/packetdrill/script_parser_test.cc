#include "test/support/packetdrill/script_parser.h"

#include <catch2/catch.hpp>

namespace dpsctp::packetdrill {
namespace {

Script MustParse(std::string_view text, ParseOptions options = {}) {
  auto script = ParseScript(text, options);
  INFO((script ? "" : script.error().ToString()));
  REQUIRE(script.has_value());
  return std::move(*script);
}

TEST_CASE("ScriptParser: times, comments and the three kinds of line",
          "[fast]") {
  Script s = MustParse(R"(//
// Copyright header, as in every ETSI script.
//
--tolerance_usecs=10000
/* a block
   comment */
 0.0 socket(..., SOCK_STREAM, IPPROTO_SCTP) = 3
+0.1 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
+0.0 > sctp: INIT[flgs=0, tag=1, a_rwnd=..., os=..., is=..., tsn=0, ...]
+ 0.25 < sctp: INIT_ACK[flgs=0, tag=2, a_rwnd=1500, os=1, is=1, tsn=3,
                        STATE_COOKIE[len=4, val=...]]
*    > sctp: COOKIE_ECHO[flgs=0, len=4, val=...]
+65.0 `sysctl -i net.inet.sctp.ecn_enable=0`
)");
  REQUIRE(s.Option("tolerance_usecs") == "10000");
  REQUIRE(s.events.size() == 6);

  CHECK(s.events[0].line == 7);
  CHECK(s.events[0].time.kind == TimeKind::kAbsolute);
  const SyscallEvent* socket = s.events[0].syscall();
  REQUIRE(socket != nullptr);
  CHECK(socket->name == "socket");
  REQUIRE(socket->args.size() == 3);
  CHECK(socket->args[0].is_ellipsis());
  CHECK(socket->args[1].is_symbol("SOCK_STREAM"));
  CHECK(socket->result.number == 3);

  const SyscallEvent* connect = s.events[1].syscall();
  REQUIRE(connect != nullptr);
  CHECK(s.events[1].time.kind == TimeKind::kRelative);
  CHECK(s.events[1].time.offset == Duration::Millis(100));
  CHECK(connect->result.number == -1);
  CHECK(connect->errno_name == "EINPROGRESS");
  CHECK(connect->note == "Operation now in progress");

  const PacketEvent* init = s.events[2].packet();
  REQUIRE(init != nullptr);
  CHECK(init->direction == Direction::kExpect);
  REQUIRE(init->chunks.size() == 1);
  CHECK(init->chunks[0].text == "INIT");
  CHECK(init->chunks[0].Find("tag")->value.number == 1);
  CHECK(init->chunks[0].Find("a_rwnd")->value.is_ellipsis());
  CHECK(init->chunks[0].fields.back().name.empty());
  CHECK(init->chunks[0].fields.back().value.is_ellipsis());

  const PacketEvent* init_ack = s.events[3].packet();
  REQUIRE(init_ack != nullptr);
  CHECK(s.events[3].line == 10);
  CHECK(s.events[3].time.offset == Duration::Millis(250));
  CHECK(init_ack->direction == Direction::kInject);
  const Value& cookie = init_ack->chunks[0].fields.back().value;
  CHECK(cookie.kind == Value::Kind::kSpec);
  CHECK(cookie.text == "STATE_COOKIE");

  CHECK(s.events[4].time.kind == TimeKind::kAny);
  CHECK(s.events[5].time.offset == Duration::Seconds(65));
  REQUIRE(s.events[5].command() != nullptr);
  CHECK(s.events[5].command()->command ==
        "sysctl -i net.inet.sctp.ecn_enable=0");
}

TEST_CASE("ScriptParser: #ifdef picks the configured variant", "[fast]") {
  const char* text = R"(
#ifdef FreeBSD
+0.0 > sctp: SHUTDOWN[flgs=0, cum_tsn=1]
#endif
#ifdef Linux
+0.0 > sctp: SHUTDOWN[flgs=0, cum_tsn=1];
             SACK[flgs=0x00, cum_tsn=1, a_rwnd=..., gaps=[], dups=[]]
#else
+0.0 close(3) = 0
#endif
)";
  Script freebsd = MustParse(text, ParseOptions{{"FreeBSD"}});
  REQUIRE(freebsd.events.size() == 2);
  CHECK(freebsd.events[0].packet()->chunks.size() == 1);
  CHECK(freebsd.events[1].syscall()->name == "close");

  Script linux_variant = MustParse(text, ParseOptions{{"Linux"}});
  REQUIRE(linux_variant.events.size() == 1);
  CHECK(linux_variant.events[0].line == 6);
  REQUIRE(linux_variant.events[0].packet()->chunks.size() == 2);
  CHECK(linux_variant.events[0].packet()->chunks[1].text == "SACK");

  CHECK(MustParse(text, ParseOptions{{}}).events.size() == 1);
}

TEST_CASE("ScriptParser: values of every shape", "[fast]") {
  Script s = MustParse(R"(
+0.0 setsockopt(3, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, {spp_address=...,
     spp_hbinterval=0, spp_flags=SPP_HB_DISABLE|SPP_PMTUD_DISABLE}, 152) = 0
+0.0 < sctp: INIT[flgs=0, tag=1, a_rwnd=1500, os=1, is=1, tsn=0,
                  IPV6_ADDRESS[addr=fe80::250:56ff:fe24:9e6],
                  HOSTNAME_ADDRESS[addr="a.b"],
                  SUPPORTED_ADDRESS_TYPES[types=[IPv4, IPv6]]]
+0.0 < sctp: SACK[flgs=0, cum_tsn=0, a_rwnd=1500, gaps=[2:2, 4:5], dups=[]]
+0.0 sctp_sendmsg(3, ..., 1000, ..., ..., htonl(1234), 0, 1, 10, 0) = 1000
+0.0 recvmsg(3, {msg_name(...)=..., msg_iov(1)=[{iov_base=..., iov_len=10}]},
             0) = 10
+0.0 < sctp(tag=3): ABORT[flgs=T]
+0.0 < sctp(bad_crc32c): I-DATA[flgs=BE, len=24, tsn=1, sid=0, mid=0, ppid=0]
+0.0 < sctp(tag=0): [0x01, 0x00, 0x00, 0x60]
)");
  REQUIRE(s.events.size() == 8);
  const Value& params = s.events[0].syscall()->args[3];
  CHECK(params.kind == Value::Kind::kStruct);
  const Value& flags = params.Find("spp_flags")->value;
  CHECK(flags.kind == Value::Kind::kOr);
  REQUIRE(flags.fields.size() == 2);
  CHECK(flags.fields[1].value.is_symbol("SPP_PMTUD_DISABLE"));

  const Value& init = s.events[1].packet()->chunks[0];
  CHECK(init.fields[6].value.Find("addr")->value.is_symbol(
      "fe80::250:56ff:fe24:9e6"));
  CHECK(init.fields[7].value.Find("addr")->value.kind == Value::Kind::kString);
  CHECK(init.fields[8].value.ToString() ==
        "SUPPORTED_ADDRESS_TYPES[types=[IPv4, IPv6]]");

  const Value& gaps = s.events[2].packet()->chunks[0].Find("gaps")->value;
  REQUIRE(gaps.fields.size() == 2);
  CHECK(gaps.fields[1].value.is_symbol("4:5"));

  const Value& ppid = s.events[3].syscall()->args[5];
  CHECK(ppid.kind == Value::Kind::kCall);
  CHECK(ppid.text == "htonl");
  CHECK(ppid.fields[0].value.number == 1234);

  const Value& msghdr = s.events[4].syscall()->args[1];
  REQUIRE(msghdr.fields.size() == 2);
  CHECK(msghdr.fields[0].name == "msg_name");
  CHECK(msghdr.fields[1].name == "msg_iov");
  CHECK(msghdr.fields[1].name_args[0].number == 1);

  const PacketEvent* abort = s.events[5].packet();
  REQUIRE(abort->header.size() == 1);
  CHECK(abort->header[0].name == "tag");
  CHECK(abort->header[0].value.number == 3);

  const PacketEvent* idata = s.events[6].packet();
  CHECK(idata->header[0].value.is_symbol("bad_crc32c"));
  CHECK(idata->chunks[0].text == "I_DATA");

  const PacketEvent* raw = s.events[7].packet();
  REQUIRE(raw->raw_bytes.has_value());
  CHECK(raw->raw_bytes->fields.size() == 4);
  CHECK(raw->chunks.empty());
}

TEST_CASE("ScriptParser: other protocols and addresses are kept as written",
          "[fast]") {
  Script s = MustParse(R"(
+0.5 < [sctp(2)] icmp unreachable frag_needed mtu 1500
+0.0 < 224.0.0.0 > 192.168.0.1 sctp: COOKIE_ECHO[flgs=0, len=..., val=...]
)");
  REQUIRE(s.events.size() == 2);
  CHECK(s.events[0].packet()->protocol == "icmp");
  CHECK(s.events[0].packet()->other ==
        "[sctp(2)] icmp unreachable frag_needed mtu 1500");
  CHECK(s.events[1].packet()->source_address == "224.0.0.0");
  CHECK(s.events[1].packet()->destination_address == "192.168.0.1");
  CHECK(s.events[1].packet()->chunks[0].text == "COOKIE_ECHO");
}

TEST_CASE("ScriptParser: errors name the line", "[fast]") {
  struct Case {
    const char* text;
    int line;
    const char* message;
  };
  const Case cases[] = {
      {"+0.0 close(3) = 0\n+0.0 > sctp: INIT[flgs=0", 2, "expected ']'"},
      {"\n\n+x close(3) = 0", 3, "bad event time"},
      {"#ifdef Linux\n+0.0 close(3) = 0\n", 1, "#ifdef without #endif"},
      {"#endif\n", 1, "stray #endif"},
      {"#if 1\n", 1, "unknown directive"},
      {"+0.0 close 3\n", 1, "expected a packet, a system call"},
      {"+0.0 < sctp: 42\n", 1, "expected a chunk"},
      {"/* open", 1, "unterminated /* comment"},
  };
  for (const Case& c : cases) {
    auto script = ParseScript(c.text);
    INFO(c.text);
    REQUIRE_FALSE(script.has_value());
    CHECK(script.error().line == c.line);
    CHECK_THAT(script.error().message, Catch::Contains(c.message));
  }
}

TEST_CASE("ScriptParser: a file that cannot be read is an error", "[fast]") {
  auto script = ParseScriptFile("/nonexistent/x.pkt");
  REQUIRE_FALSE(script.has_value());
  CHECK(script.error().line == 0);
}

}  // namespace
}  // namespace dpsctp::packetdrill
