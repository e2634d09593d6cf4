#!/usr/bin/python3
"""netns_peer.py: the scapy side of test/dpdk/netns_test.sh.

Runs inside the peer network namespace and talks to dp_endpoint (the DPDK
data plane on the other end of a veth pair) frame by frame on a raw L2
socket: ARP, ping, an SCTP handshake done by hand, DATA on two streams and
the echoes, a T3-rtx retransmission of echoes left unacknowledged,
HEARTBEAT, graceful shutdown, an INIT to a port nobody listens on, and an
out-of-the-blue DATA. SCTP packets are built and checked here
byte by byte (common header, chunks, CRC32c of RFC 9260 Appendix B), not by
scapy's SCTP layer, so that a mistake in either cannot hide one in the
other; scapy only frames them (Ethernet, IPv4) and moves them.

Each step prints "ok <step> ..." or "FAIL <step>: why". Exit 0 when all
passed, 1 otherwise, 2 on bad arguments.

The kernel here has no SCTP module: it would answer every SCTP packet of
the endpoint with ICMP protocol unreachable, which RFC 9260 Appendix C
treats as an ABORT. A raw IPPROTO_SCTP socket held open for the whole run
keeps the kernel quiet (a protocol with a raw socket is not unreachable);
netns_test.sh also turns rate-limited ICMP errors off in the namespace,
because a raw socket whose queue is full no longer counts (Linux 6.x).
"""

import argparse
import os
import random
import select
import socket
import struct
import sys
import time

from scapy.all import ARP, ICMP, IP, Ether, Raw, conf, get_if_hwaddr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sctp_packets import (ABORT, COOKIE_ACK, COOKIE_ECHO, DATA,  # noqa: E402
                          HEARTBEAT, HEARTBEAT_ACK, INIT, INIT_ACK,
                          PARAM_HEARTBEAT_INFO, PARAM_STATE_COOKIE, SACK,
                          SHUTDOWN, SHUTDOWN_ACK, SHUTDOWN_COMPLETE, Packet,
                          chunk, data_chunk, params, sctp_packet)

conf.verb = 0


class Peer:
    def __init__(self, args):
        self.args = args
        self.iface = args.iface
        self.mac = get_if_hwaddr(args.iface)
        self.remote_mac = None
        self.sock = conf.L2socket(iface=args.iface)
        self.failures = 0
        self.unexpected = []

    def ok(self, step, text=""):
        print("ok %s%s" % (step, (": " + text) if text else ""), flush=True)

    def fail(self, step, why):
        self.failures += 1
        print("FAIL %s: %s" % (step, why), flush=True)

    def send_ip(self, sctp_bytes):
        frame = (Ether(src=self.mac, dst=self.remote_mac)
                 / IP(src=self.args.local_ip, dst=self.args.remote_ip,
                      proto=132, flags="DF")
                 / Raw(sctp_bytes))
        self.sock.send(frame)

    def frames(self, timeout):
        """Frames received within `timeout` seconds (a generator)."""
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            r, _, _ = select.select([self.sock], [], [], left)
            if not r:
                return
            f = self.sock.recv()
            if f is not None:
                yield f

    def sctp_from_endpoint(self, timeout, until):
        """SCTP packets from the endpoint until `until(packets)` is true or
        `timeout` passes. Returns (packets, error text or None)."""
        packets = []
        for f in self.frames(timeout):
            if IP not in f or f[IP].src != self.args.remote_ip:
                continue
            ip = f[IP]
            if ip.proto != 132:
                if ICMP in f and f[ICMP].type in (3, 4, 5, 11, 12):
                    self.unexpected.append("ICMP type %d code %d"
                                           % (f[ICMP].type, f[ICMP].code))
                continue
            raw = bytes(ip.payload)[:ip.len - ip.ihl * 4]
            try:
                p = Packet(raw)
            except ValueError as e:
                return packets, "malformed SCTP packet from the endpoint: %s" % e
            if not p.checksum_ok:
                return packets, "bad CRC32c in %s" % p.describe()
            packets.append(p)
            if until(packets):
                return packets, None
        return packets, "timed out after %.1f s; got %s" % (
            timeout, "; ".join(p.describe() for p in packets) or "nothing")

    # -- steps ------------------------------------------------------------

    def arp(self):
        step = "arp"
        req = (Ether(src=self.mac, dst="ff:ff:ff:ff:ff:ff")
               / ARP(op=1, hwsrc=self.mac, psrc=self.args.local_ip,
                     hwdst="00:00:00:00:00:00", pdst=self.args.remote_ip))
        for attempt in range(3):
            self.sock.send(req)
            for f in self.frames(1.0):
                if ARP not in f:
                    continue
                a = f[ARP]
                if a.op != 2 or a.psrc != self.args.remote_ip:
                    continue
                if a.pdst != self.args.local_ip or a.hwdst.lower() != self.mac:
                    self.fail(step, "reply not addressed to us: %s" % a.summary())
                    return False
                if f[Ether].src.lower() != a.hwsrc.lower():
                    self.fail(step, "Ethernet source %s differs from the ARP "
                              "sender %s" % (f[Ether].src, a.hwsrc))
                    return False
                if f[Ether].dst.lower() != self.mac:
                    self.fail(step, "reply sent to %s, not to us" % f[Ether].dst)
                    return False
                if self.args.expect_mac and \
                        a.hwsrc.lower() != self.args.expect_mac.lower():
                    self.fail(step, "%s is at %s, expected %s"
                              % (a.psrc, a.hwsrc, self.args.expect_mac))
                    return False
                self.remote_mac = a.hwsrc.lower()
                self.ok(step, "who-has %s answered: is-at %s"
                        % (a.psrc, self.remote_mac))
                return True
        self.fail(step, "no ARP reply for %s in 3 tries" % self.args.remote_ip)
        return False

    def ping(self):
        step = "ping"
        ident = random.randint(1, 0xFFFF)
        payload = os.urandom(32)
        frame = (Ether(src=self.mac, dst=self.remote_mac)
                 / IP(src=self.args.local_ip, dst=self.args.remote_ip)
                 / ICMP(type=8, id=ident, seq=1) / Raw(payload))
        self.sock.send(frame)
        for f in self.frames(2.0):
            if ICMP not in f or f[IP].src != self.args.remote_ip:
                continue
            icmp = f[ICMP]
            if icmp.type != 0 or icmp.id != ident:
                continue
            if bytes(icmp.payload) != payload:
                self.fail(step, "echo reply payload differs")
                return
            check = ICMP(bytes(icmp))
            check.chksum = None
            if ICMP(bytes(check)).chksum != icmp.chksum:
                self.fail(step, "echo reply with a bad ICMP checksum")
                return
            self.ok(step, "echo reply from %s" % self.args.remote_ip)
            return
        self.fail(step, "no echo reply")

    def handshake(self):
        """INIT -> INIT ACK -> COOKIE ECHO -> COOKIE ACK. Returns the
        association's state or None."""
        step = "handshake"
        a = {"sport": random.randint(40000, 60000),
             "my_tag": random.randint(1, 0xFFFFFFFF),
             "my_tsn": random.randint(0, 0xFFFFFFFF)}
        port = self.args.port
        # INIT: Initiate Tag, a_rwnd, OS 4, MIS 4, initial TSN (§3.3.2).
        init = chunk(INIT, 0, struct.pack("!IIHHI", a["my_tag"], 65536, 4, 4,
                                          a["my_tsn"]))
        self.send_ip(sctp_packet(a["sport"], port, 0, [init]))

        def is_init_ack(ps):
            return any(INIT_ACK in p.types() or ABORT in p.types() for p in ps)

        ps, err = self.sctp_from_endpoint(3.0, is_init_ack)
        if err:
            self.fail(step, "INIT -> INIT ACK: %s" % err)
            return None
        p = ps[-1]
        if p.types() != [INIT_ACK]:
            self.fail(step, "INIT answered by %s" % p.describe())
            return None
        # §8.5.1 / §5.1: the INIT ACK carries our Initiate Tag, ports swapped.
        if p.vtag != a["my_tag"]:
            self.fail(step, "INIT ACK vtag 0x%08x, expected our Initiate Tag "
                      "0x%08x" % (p.vtag, a["my_tag"]))
            return None
        if (p.sport, p.dport) != (port, a["sport"]):
            self.fail(step, "INIT ACK ports %d->%d, expected %d->%d"
                      % (p.sport, p.dport, port, a["sport"]))
            return None
        v = p.chunks[0].value
        if len(v) < 16:
            self.fail(step, "INIT ACK of %d bytes" % len(v))
            return None
        peer_tag, a_rwnd, os_, mis, peer_tsn = struct.unpack("!IIHHI", v[:16])
        if peer_tag == 0:
            self.fail(step, "INIT ACK Initiate Tag 0 (§3.3.3: MUST NOT)")
            return None
        if os_ == 0 or os_ > 4 or mis == 0:
            self.fail(step, "INIT ACK streams OS %d MIS %d (we allow 4 in)"
                      % (os_, mis))
            return None
        if a_rwnd < 1500:
            self.fail(step, "INIT ACK a_rwnd %d < 1500" % a_rwnd)
            return None
        cookies = [pv for pt, pv in params(v[16:]) if pt == PARAM_STATE_COOKIE]
        if len(cookies) != 1:
            self.fail(step, "INIT ACK has %d State Cookies" % len(cookies))
            return None
        a.update(peer_tag=peer_tag, peer_tsn=peer_tsn, peer_os=os_,
                 peer_rwnd=a_rwnd)
        self.ok("init", "INIT ACK tag 0x%08x, OS %d MIS %d, a_rwnd %d, "
                "cookie %d B, CRC32c good" % (peer_tag, os_, mis, a_rwnd,
                                               len(cookies[0])))
        # COOKIE ECHO with the peer's tag (§5.1 C).
        self.send_ip(sctp_packet(a["sport"], port, peer_tag,
                                 [chunk(COOKIE_ECHO, 0, cookies[0])]))
        ps, err = self.sctp_from_endpoint(
            3.0, lambda ps: any(COOKIE_ACK in q.types() or ABORT in q.types()
                                for q in ps))
        if err:
            self.fail(step, "COOKIE ECHO -> COOKIE ACK: %s" % err)
            return None
        p = ps[-1]
        if COOKIE_ACK not in p.types():
            self.fail(step, "COOKIE ECHO answered by %s" % p.describe())
            return None
        if p.vtag != a["my_tag"]:
            self.fail(step, "COOKIE ACK vtag 0x%08x, expected 0x%08x"
                      % (p.vtag, a["my_tag"]))
            return None
        self.ok(step, "COOKIE ECHO -> COOKIE ACK, association up")
        return a

    def data(self, a):
        """DATA on two streams, bundled two per packet -> SACK and the
        echoed DATA (same streams, PPIDs, bytes, in order)."""
        step = "data"
        messages = [(0, 0, 42, b"hello on stream 0"),
                    (1, 0, 43, b"hello on stream 1" + bytes(range(200))),
                    (0, 1, 42, os.urandom(1000)),
                    (1, 1, 43, b"x")]
        chunks = []
        for i, (stream, ssn, ppid, payload) in enumerate(messages):
            chunks.append(data_chunk((a["my_tsn"] + i) & 0xFFFFFFFF, stream,
                                     ssn, ppid, payload))
        self.send_ip(sctp_packet(a["sport"], self.args.port, a["peer_tag"],
                                 chunks[:2]))
        self.send_ip(sctp_packet(a["sport"], self.args.port, a["peer_tag"],
                                 chunks[2:]))
        last_tsn = (a["my_tsn"] + len(messages) - 1) & 0xFFFFFFFF

        def all_in(ps):
            acked = any(struct.unpack("!I", c.value[:4])[0] == last_tsn
                        for p in ps for c in p.find(SACK))
            echoes = sum(len(p.find(DATA)) for p in ps)
            return acked and echoes >= len(messages)

        ps, err = self.sctp_from_endpoint(5.0, all_in)
        if err:
            self.fail(step, err)
            return False
        for p in ps:
            if p.vtag != a["my_tag"]:
                self.fail(step, "packet with vtag 0x%08x, expected 0x%08x"
                          % (p.vtag, a["my_tag"]))
                return False
        sacks = [c for p in ps for c in p.find(SACK)]
        self.ok("sack", "%d SACK(s), Cumulative TSN Ack reaches our last TSN"
                % len(sacks))
        echoes = [c for p in ps for c in p.find(DATA)]
        if len(echoes) != len(messages):
            self.fail(step, "%d DATA chunks echoed, expected %d"
                      % (len(echoes), len(messages)))
            return False
        # Per stream, in order; TSNs consecutive from the INIT ACK's.
        expected = {0: [m for m in messages if m[0] == 0],
                    1: [m for m in messages if m[0] == 1]}
        next_ssn = {0: 0, 1: 0}
        tsn = a["peer_tsn"]
        for c in echoes:
            if c.flags & 0x03 != 0x03 or c.flags & 0x04:
                self.fail(step, "echo flags 0x%02x: expected one ordered "
                          "unfragmented chunk" % c.flags)
                return False
            ctsn, stream, ssn, ppid = struct.unpack("!IHHI", c.value[:12])
            payload = c.value[12:]
            if ctsn != tsn:
                self.fail(step, "echo TSN %d, expected %d" % (ctsn, tsn))
                return False
            tsn = (tsn + 1) & 0xFFFFFFFF
            if stream not in expected or not expected[stream]:
                self.fail(step, "echo on unexpected stream %d" % stream)
                return False
            want = expected[stream].pop(0)
            if ssn != next_ssn[stream]:
                self.fail(step, "stream %d SSN %d, expected %d"
                          % (stream, ssn, next_ssn[stream]))
                return False
            next_ssn[stream] += 1
            if ppid != want[2] or payload != want[3]:
                self.fail(step, "echo on stream %d differs (PPID %d, %d B; "
                          "sent PPID %d, %d B)" % (stream, ppid, len(payload),
                                                    want[2], len(want[3])))
                return False
        a["peer_last_tsn"] = (tsn - 1) & 0xFFFFFFFF
        a["my_next_tsn"] = (last_tsn + 1) & 0xFFFFFFFF
        self.ok(step, "%d messages on 2 streams echoed: bytes, PPIDs, SSNs "
                "and TSNs right" % len(messages))
        # No SACK yet: §6.3.3, T3-rtx expires and the endpoint sends the
        # oldest outstanding DATA again (the data plane's timers run).
        first = a["peer_tsn"]
        start = time.monotonic()
        ps, err = self.sctp_from_endpoint(
            4.0, lambda ps: any(struct.unpack("!I", c.value[:4])[0] == first
                                for p in ps for c in p.find(DATA)))
        if err:
            self.fail("t3-rtx", "echoes left unacknowledged: %s" % err)
        else:
            self.ok("t3-rtx", "DATA TSN %d sent again after %.1f s without "
                    "a SACK" % (first, time.monotonic() - start))
        # Acknowledge the echoes (§6.2) so nothing more is retransmitted.
        self.send_ip(sctp_packet(
            a["sport"], self.args.port, a["peer_tag"],
            [chunk(SACK, 0, struct.pack("!IIHH", a["peer_last_tsn"], 65536,
                                        0, 0))]))
        return True

    def heartbeat(self, a):
        step = "heartbeat"
        info = os.urandom(24)
        hb = chunk(HEARTBEAT, 0,
                   struct.pack("!HH", PARAM_HEARTBEAT_INFO, 4 + len(info))
                   + info)
        self.send_ip(sctp_packet(a["sport"], self.args.port, a["peer_tag"],
                                 [hb]))
        ps, err = self.sctp_from_endpoint(
            3.0, lambda ps: any(HEARTBEAT_ACK in p.types() for p in ps))
        if err:
            self.fail(step, err)
            return
        c = [c for p in ps for c in p.find(HEARTBEAT_ACK)][0]
        got = [pv for pt, pv in params(c.value) if pt == PARAM_HEARTBEAT_INFO]
        # §8.3: the Heartbeat Information TLV comes back unchanged.
        if got != [info]:
            self.fail(step, "HEARTBEAT ACK does not carry our information")
            return
        self.ok(step, "HEARTBEAT ACK echoes the Heartbeat Information")

    def shutdown(self, a):
        step = "shutdown"
        self.send_ip(sctp_packet(
            a["sport"], self.args.port, a["peer_tag"],
            [chunk(SHUTDOWN, 0, struct.pack("!I", a["peer_last_tsn"]))]))
        ps, err = self.sctp_from_endpoint(
            3.0, lambda ps: any(SHUTDOWN_ACK in p.types() or ABORT in p.types()
                                for p in ps))
        if err:
            self.fail(step, "SHUTDOWN -> SHUTDOWN ACK: %s" % err)
            return
        p = ps[-1]
        if SHUTDOWN_ACK not in p.types() or p.vtag != a["my_tag"]:
            self.fail(step, "SHUTDOWN answered by %s" % p.describe())
            return
        # §9.2: SHUTDOWN COMPLETE with the peer's tag, T bit clear.
        self.send_ip(sctp_packet(a["sport"], self.args.port, a["peer_tag"],
                                 [chunk(SHUTDOWN_COMPLETE, 0, b"")]))
        # Nothing may follow (no retransmitted SHUTDOWN ACK, no ABORT).
        ps, _ = self.sctp_from_endpoint(1.5, lambda ps: False)
        if ps:
            self.fail(step, "after SHUTDOWN COMPLETE the endpoint sent %s"
                      % "; ".join(p.describe() for p in ps))
            return
        self.ok(step, "SHUTDOWN -> SHUTDOWN ACK -> SHUTDOWN COMPLETE")

    def init_closed_port(self):
        step = "closed-port"
        sport = random.randint(40000, 60000)
        tag = random.randint(1, 0xFFFFFFFF)
        init = chunk(INIT, 0, struct.pack("!IIHHI", tag, 65536, 4, 4, 1))
        self.send_ip(sctp_packet(sport, self.args.closed_port, 0, [init]))
        ps, err = self.sctp_from_endpoint(
            3.0, lambda ps: any(p.dport == sport for p in ps))
        if err:
            self.fail(step, "INIT to port %d: %s" % (self.args.closed_port, err))
            return
        p = [p for p in ps if p.dport == sport][-1]
        # §8.4 / §5.1: ABORT with the INIT's Initiate Tag, T bit clear.
        if p.types() != [ABORT]:
            self.fail(step, "INIT to a closed port answered by %s"
                      % p.describe())
            return
        if p.vtag != tag or p.chunks[0].flags & 0x01:
            self.fail(step, "ABORT vtag 0x%08x flags 0x%02x, expected vtag "
                      "0x%08x, T bit clear" % (p.vtag, p.chunks[0].flags, tag))
            return
        if p.sport != self.args.closed_port:
            self.fail(step, "ABORT from port %d" % p.sport)
            return
        self.ok(step, "INIT to port %d -> ABORT with its Initiate Tag"
                % self.args.closed_port)

    def ootb_data(self):
        step = "ootb"
        sport = random.randint(40000, 60000)
        tag = random.randint(1, 0xFFFFFFFF)
        self.send_ip(sctp_packet(sport, self.args.port, tag,
                                 [data_chunk(7, 0, 0, 0, b"nobody's")]))
        ps, err = self.sctp_from_endpoint(
            3.0, lambda ps: any(p.dport == sport for p in ps))
        if err:
            self.fail(step, "out-of-the-blue DATA: %s" % err)
            return
        p = [p for p in ps if p.dport == sport][-1]
        # §8.4 rule 8: ABORT, our tag reflected, T bit set.
        if p.types() != [ABORT] or p.vtag != tag or \
                not p.chunks[0].flags & 0x01:
            self.fail(step, "expected ABORT with T bit and vtag 0x%08x, got %s "
                      "flags 0x%02x" % (tag, p.describe(),
                                        p.chunks[0].flags if p.chunks else 0))
            return
        self.ok(step, "out-of-the-blue DATA -> ABORT, T bit set, tag "
                "reflected")

    def run(self):
        if not self.arp():
            for s in ("ping", "handshake", "data", "heartbeat", "shutdown",
                      "closed-port", "ootb"):
                self.fail(s, "skipped: no ARP reply")
            return
        self.ping()
        a = self.handshake()
        if a is None:
            for s in ("data", "heartbeat", "shutdown"):
                self.fail(s, "skipped: no association")
        else:
            if self.data(a):
                self.heartbeat(a)
                self.shutdown(a)
            else:
                self.fail("shutdown", "skipped: data step failed")
        self.init_closed_port()
        self.ootb_data()
        if self.unexpected:
            self.fail("noise", "the endpoint sent %s"
                      % ", ".join(sorted(set(self.unexpected))))
        else:
            self.ok("noise", "no ICMP errors from the endpoint")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iface", required=True)
    ap.add_argument("--local-ip", default="10.99.0.2")
    ap.add_argument("--remote-ip", default="10.99.0.1")
    ap.add_argument("--port", type=int, default=5000)
    ap.add_argument("--closed-port", type=int, default=5001)
    ap.add_argument("--expect-mac", default="")
    args = ap.parse_args()
    # Keeps the kernel from answering the endpoint's SCTP packets with ICMP
    # protocol unreachable (see the module comment).
    quiet = socket.socket(socket.AF_INET, socket.SOCK_RAW, 132)
    peer = Peer(args)
    try:
        peer.run()
    finally:
        peer.sock.close()
        quiet.close()
    return 1 if peer.failures else 0


if __name__ == "__main__":
    sys.exit(main())
