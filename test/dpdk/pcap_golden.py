#!/usr/bin/python3
"""pcap_golden.py: inputs and verdicts for test/dpdk/pcap_golden_test.sh.

  pcap_golden.py make CAPTURE:FRAME DIR [CAPTURE:FRAME DIR ...]
      Takes frame FRAME (1-based) of CAPTURE, a client's INIT over IPv4 on
      Ethernet, and writes DIR/in.pcap: the client's ARP request for the
      server (and one for another address), that INIT verbatim, then single
      packets from the same client that each probe one rule (a bad CRC32c,
      out-of-the-blue chunks of RFC 9260 §8.4, an INIT to a port nobody
      listens on, a forged cookie, a ping), each from its own source port so
      that answers can be told apart. DIR/cases.json says what each should
      get back. Prints one line per pair: "DIR SERVER_IP/PREFIX SERVER_MAC
      PORT" (the dp_endpoint arguments) or "DIR ERROR why".

  pcap_golden.py check DIR [DIR ...]
      Reads DIR/out.pcap (what dp_endpoint sent through net_pcap) with
      tshark, checksums verified, and the endpoint's final counters
      (DIR/dp.out); prints "ok ..." / "FAIL ..." per case. Exit 0 when all
      pass.
"""

import json
import os
import random
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sctp_packets import (ABORT, COOKIE_ACK, COOKIE_ECHO, HEARTBEAT,  # noqa: E402
                          INIT, PARAM_HEARTBEAT_INFO, SHUTDOWN_ACK,
                          SHUTDOWN_COMPLETE, Packet, chunk, data_chunk,
                          sctp_packet)

TSHARK = os.environ.get("TSHARK", "tshark")
# Wireshark expert severities (epan/proto.h: PI_WARN).
SEVERITY_WARN = 0x00600000


def common_prefix_length(a, b):
    x = struct.unpack("!I", bytes(int(p) for p in a.split(".")))[0]
    y = struct.unpack("!I", bytes(int(p) for p in b.split(".")))[0]
    n = 0
    while n < 32 and (x >> (31 - n)) & 1 == (y >> (31 - n)) & 1:
        n += 1
    return n


class InputError(Exception):
    pass


def make(capture, frame_number, out_dir):
    # Only here: importing scapy takes a second, and check() needs none.
    from scapy.all import ARP, ICMP, IP, Ether, Raw, rdpcap, wrpcap

    frames = rdpcap(capture)
    if not 1 <= frame_number <= len(frames):
        raise InputError("%s has %d frames" % (capture, len(frames)))
    f = frames[frame_number - 1]
    if Ether not in f or IP not in f or f[IP].proto != 132:
        raise InputError("frame %d of %s is not SCTP over IPv4 on Ethernet"
                         % (frame_number, capture))
    ip = f[IP]
    init_raw = bytes(ip.payload)[:ip.len - ip.ihl * 4]
    init = Packet(init_raw)
    if init.types() != [INIT] or not init.checksum_ok:
        raise InputError("frame %d is %s (checksum %s), not one INIT with a "
                         "good CRC32c" % (frame_number, init.describe(),
                                          "good" if init.checksum_ok else "bad"))
    tag, _, os_, mis, _ = struct.unpack("!IIHHI", init.chunks[0].value[:16])
    client_mac, server_mac = f[Ether].src.lower(), f[Ether].dst.lower()
    client_ip, server_ip = ip.src, ip.dst
    port = init.dport
    rng = random.Random(frame_number * 7919 + len(init_raw))
    used_ports = {init.sport}

    def new_port():
        while True:
            p = rng.randint(1024, 65535)
            if p not in used_ports and p != port:
                used_ports.add(p)
                return p

    def frame(sctp_bytes):
        return (Ether(src=client_mac, dst=server_mac)
                / IP(src=client_ip, dst=server_ip, proto=132, ttl=64,
                     flags="DF", id=rng.randint(0, 0xFFFF))
                / Raw(sctp_bytes))

    out, cases = [], []
    # RFC 826: the client asks for the server; the endpoint answers and
    # learns the client's MAC from the request, so nothing waits for ARP.
    out.append(Ether(src=client_mac, dst="ff:ff:ff:ff:ff:ff")
               / ARP(op=1, hwsrc=client_mac, psrc=client_ip,
                     hwdst="00:00:00:00:00:00", pdst=server_ip))
    cases.append({"name": "arp", "expect": "arp_reply"})
    # An ARP request for someone else: no answer.
    other_ip = client_ip.rsplit(".", 1)[0] + ".%d" % (
        (int(client_ip.rsplit(".", 1)[1]) + 100) % 250 + 1)
    if other_ip == server_ip:
        other_ip = client_ip.rsplit(".", 1)[0] + ".254"
    out.append(Ether(src=client_mac, dst="ff:ff:ff:ff:ff:ff")
               / ARP(op=1, hwsrc=client_mac, psrc=client_ip,
                     hwdst="00:00:00:00:00:00", pdst=other_ip))
    # The captured INIT, byte for byte.
    out.append(Ether(bytes(f)))
    cases.append({"name": "init", "expect": "init_ack", "sport": init.sport,
                  "tag": tag, "os": os_, "mis": mis})
    # The same INIT from another port with another tag, the old CRC left in
    # place: §6.8, silently discarded.
    sport = new_port()
    bad = bytearray(init_raw)
    struct.pack_into("!H", bad, 0, sport)
    struct.pack_into("!I", bad, 16, rng.randint(1, 0xFFFFFFFF))
    out.append(frame(bytes(bad)))
    cases.append({"name": "bad-checksum", "expect": "none", "sport": sport})
    # §8.4 rule 8: out-of-the-blue DATA and HEARTBEAT -> ABORT, T bit set,
    # the packet's tag reflected.
    for name, c in (("ootb-data", data_chunk(1, 0, 0, 0, b"ootb")),
                    ("ootb-heartbeat",
                     chunk(HEARTBEAT, 0, struct.pack("!HH", PARAM_HEARTBEAT_INFO,
                                                     12) + b"hb-info!"))):
        sport, vtag = new_port(), rng.randint(1, 0xFFFFFFFF)
        out.append(frame(sctp_packet(sport, port, vtag, [c])))
        cases.append({"name": name, "expect": "abort_t", "sport": sport,
                      "tag": vtag})
    # §8.4 rule 5: SHUTDOWN ACK -> SHUTDOWN COMPLETE, T bit set.
    sport, vtag = new_port(), rng.randint(1, 0xFFFFFFFF)
    out.append(frame(sctp_packet(sport, port, vtag,
                                 [chunk(SHUTDOWN_ACK, 0, b"")])))
    cases.append({"name": "ootb-shutdown-ack", "expect": "shutdown_complete_t",
                  "sport": sport, "tag": vtag})
    # §8.4 rules 2, 6, 7: ABORT, SHUTDOWN COMPLETE, COOKIE ACK -> nothing.
    for name, ctype in (("ootb-abort", ABORT),
                        ("ootb-shutdown-complete", SHUTDOWN_COMPLETE),
                        ("ootb-cookie-ack", COOKIE_ACK)):
        sport = new_port()
        out.append(frame(sctp_packet(sport, port, rng.randint(1, 0xFFFFFFFF),
                                     [chunk(ctype, 0, b"")])))
        cases.append({"name": name, "expect": "none", "sport": sport})
    # §5.1.5: a COOKIE ECHO whose MAC does not verify -> silently discarded.
    sport = new_port()
    out.append(frame(sctp_packet(sport, port, rng.randint(1, 0xFFFFFFFF),
                                 [chunk(COOKIE_ECHO, 0,
                                        bytes(rng.randint(0, 255)
                                              for _ in range(100)))])))
    cases.append({"name": "forged-cookie", "expect": "none", "sport": sport})
    # An INIT to a port nobody listens on: ABORT with the INIT's Initiate
    # Tag, T bit clear (§8.4 rule 3, §5.1).
    sport, closed_tag = new_port(), rng.randint(1, 0xFFFFFFFF)
    closed_port = port + 1 if port < 65535 else port - 1
    init_value = bytearray(init.chunks[0].value)
    struct.pack_into("!I", init_value, 0, closed_tag)
    pkt = bytearray(sctp_packet(sport, closed_port, 0,
                                [chunk(INIT, 0, bytes(init_value))]))
    out.append(frame(bytes(pkt)))
    cases.append({"name": "init-closed-port", "expect": "abort",
                  "sport": sport, "dport": closed_port, "tag": closed_tag})
    # A ping to the server's address.
    out.append(Ether(src=client_mac, dst=server_mac)
               / IP(src=client_ip, dst=server_ip, ttl=64)
               / ICMP(type=8, id=0x4242, seq=7) / Raw(b"dpsctp-golden"))
    cases.append({"name": "ping", "expect": "echo_reply"})

    os.makedirs(out_dir, exist_ok=True)
    wrpcap(os.path.join(out_dir, "in.pcap"), out)
    meta = {"capture": os.path.basename(capture), "frame": frame_number,
            "client_mac": client_mac, "server_mac": server_mac,
            "client_ip": client_ip, "server_ip": server_ip, "port": port,
            "inputs": len(out), "cases": cases}
    with open(os.path.join(out_dir, "cases.json"), "w") as fp:
        json.dump(meta, fp, indent=1)
    return "%s/%d %s %d" % (server_ip,
                            common_prefix_length(client_ip, server_ip),
                            server_mac, port)


FIELDS = ["frame.number", "eth.src", "eth.dst", "arp.opcode",
          "arp.src.hw_mac", "arp.src.proto_ipv4", "arp.dst.hw_mac",
          "arp.dst.proto_ipv4", "ip.src", "ip.dst", "ip.checksum.status",
          "ip.flags.df", "icmp.type", "icmp.ident", "icmp.checksum.status",
          "sctp.srcport", "sctp.dstport", "sctp.verification_tag",
          "sctp.checksum.status", "sctp.chunk_type", "sctp.abort_t_bit",
          "sctp.shutdown_complete_t_bit", "sctp.initack_initiate_tag",
          "sctp.initack_nr_out_streams", "sctp.initack_nr_in_streams",
          "sctp.parameter_type", "_ws.malformed", "_ws.expert.severity",
          "_ws.expert.message"]


def read_out(path):
    cmd = [TSHARK, "-r", path, "-o", "sctp.checksum:CRC-32C",
           "-o", "ip.check_checksum:TRUE", "-T", "fields",
           "-E", "occurrence=a", "-E", "aggregator=|", "-E", "separator=/t"]
    for name in FIELDS:
        cmd += ["-e", name]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("tshark: " + r.stderr.strip())
    rows = []
    for line in r.stdout.splitlines():
        values = line.split("\t")
        values += [""] * (len(FIELDS) - len(values))
        rows.append(dict(zip(FIELDS, values)))
    return rows


def number(text):
    return int(text, 0) if text else None


def check(out_dir):
    endpoint_json = os.path.join(out_dir, "dp.out")
    meta = json.load(open(os.path.join(out_dir, "cases.json")))
    label = "%s#%d" % (meta["capture"], meta["frame"])
    failures = 0

    def ok(name, text):
        print("ok pcap %s %s: %s" % (label, name, text))

    def fail(name, text):
        nonlocal failures
        failures += 1
        print("FAIL pcap %s %s: %s" % (label, name, text))

    try:
        rows = read_out(os.path.join(out_dir, "out.pcap"))
    except (RuntimeError, OSError) as e:
        fail("out.pcap", str(e))
        return 1
    used = set()

    def common(name, r):
        """Checks every frame must pass; returns the problem or None."""
        if r["_ws.malformed"]:
            return "tshark: malformed"
        severities = [number(s) for s in r["_ws.expert.severity"].split("|")
                      if s]
        if any(s >= SEVERITY_WARN for s in severities):
            return "tshark expert: %s" % r["_ws.expert.message"]
        if r["eth.src"] != meta["server_mac"] or \
                r["eth.dst"] != meta["client_mac"]:
            return "Ethernet %s -> %s, expected %s -> %s" % (
                r["eth.src"], r["eth.dst"], meta["server_mac"],
                meta["client_mac"])
        if r["ip.src"]:
            if (r["ip.src"], r["ip.dst"]) != (meta["server_ip"],
                                              meta["client_ip"]):
                return "IP %s -> %s" % (r["ip.src"], r["ip.dst"])
            if r["ip.checksum.status"] != "1":
                return "bad IPv4 header checksum"
        return None

    for case in meta["cases"]:
        name, expect = case["name"], case["expect"]
        if expect == "arp_reply":
            found = [r for r in rows if r["arp.opcode"] == "2"]
            used.update(r["frame.number"] for r in found)
            if len(found) != 1:
                fail(name, "%d ARP replies, expected 1" % len(found))
                continue
            r = found[0]
            why = common(name, r)
            if why is None and (r["arp.src.hw_mac"] != meta["server_mac"] or
                                r["arp.src.proto_ipv4"] != meta["server_ip"] or
                                r["arp.dst.hw_mac"] != meta["client_mac"] or
                                r["arp.dst.proto_ipv4"] != meta["client_ip"]):
                why = "reply %s is-at %s to %s/%s" % (
                    r["arp.src.proto_ipv4"], r["arp.src.hw_mac"],
                    r["arp.dst.proto_ipv4"], r["arp.dst.hw_mac"])
            if why:
                fail(name, why)
            else:
                ok(name, "%s is-at %s, one reply (none for another address)"
                   % (meta["server_ip"], meta["server_mac"]))
            continue
        if expect == "echo_reply":
            found = [r for r in rows if r["icmp.type"] == "0"]
            used.update(r["frame.number"] for r in found)
            if len(found) != 1:
                fail(name, "%d echo replies, expected 1" % len(found))
                continue
            why = common(name, found[0])
            if why is None and found[0]["icmp.checksum.status"] != "1":
                why = "bad ICMP checksum"
            if why is None and number(found[0]["icmp.ident"]) != 0x4242:
                why = "identifier %s" % found[0]["icmp.ident"]
            if why:
                fail(name, why)
            else:
                ok(name, "echo reply, checksums good")
            continue
        found = [r for r in rows if r["sctp.dstport"] == str(case["sport"])]
        used.update(r["frame.number"] for r in found)
        if expect == "none":
            if found:
                fail(name, "expected no answer, got chunk types %s"
                     % ", ".join(r["sctp.chunk_type"] for r in found))
            else:
                ok(name, "no answer")
            continue
        if len(found) != 1:
            fail(name, "%d answers, expected 1" % len(found))
            continue
        r = found[0]
        why = common(name, r)
        want_type = {"init_ack": "2", "abort_t": "6", "abort": "6",
                     "shutdown_complete_t": "14"}[expect]
        src_port = str(case.get("dport", meta["port"]))
        if why is None and r["sctp.chunk_type"] != want_type:
            why = "chunk types %s, expected %s" % (r["sctp.chunk_type"],
                                                  want_type)
        if why is None and r["sctp.checksum.status"] != "1":
            why = "CRC32c status '%s'" % r["sctp.checksum.status"]
        if why is None and (r["sctp.srcport"] != src_port):
            why = "ports %s -> %s, expected %s -> %d" % (
                r["sctp.srcport"], r["sctp.dstport"], src_port, case["sport"])
        if why is None and number(r["sctp.verification_tag"]) != case["tag"]:
            why = "verification tag %s, expected 0x%08x" % (
                r["sctp.verification_tag"], case["tag"])
        if why is None and r["ip.flags.df"] not in ("1", "True"):
            why = "DF not set"
        if why is None and expect == "abort_t" and \
                r["sctp.abort_t_bit"] not in ("1", "True"):
            why = "T bit clear"
        if why is None and expect == "abort" and \
                r["sctp.abort_t_bit"] not in ("0", "False"):
            why = "T bit set"
        if why is None and expect == "shutdown_complete_t" and \
                r["sctp.shutdown_complete_t_bit"] not in ("1", "True"):
            why = "T bit clear"
        if why is None and expect == "init_ack":
            out_streams = number(r["sctp.initack_nr_out_streams"])
            in_streams = number(r["sctp.initack_nr_in_streams"])
            params = r["sctp.parameter_type"].split("|")
            if not number(r["sctp.initack_initiate_tag"]):
                why = "Initiate Tag 0"
            elif not out_streams or out_streams > case["mis"]:
                why = "OS %s, the INIT allows 1..%d" % (out_streams,
                                                        case["mis"])
            elif not in_streams:
                why = "MIS 0"
            elif not any(number(p) == 7 for p in params if p):
                why = "no State Cookie parameter (types %s)" % params
        if why:
            fail(name, why)
            continue
        if expect == "init_ack":
            text = ("INIT ACK to the INIT's tag, ports mirrored, OS %s <= "
                    "MIS %d, cookie, CRC32c good"
                    % (r["sctp.initack_nr_out_streams"], case["mis"]))
        else:
            text = {"abort_t": "ABORT, T bit set, tag reflected, CRC32c good",
                    "abort": "ABORT with the INIT's Initiate Tag, T bit "
                             "clear, CRC32c good",
                    "shutdown_complete_t": "SHUTDOWN COMPLETE, T bit set, "
                                           "tag reflected, CRC32c good"}[expect]
        ok(name, text)
    extra = [r for r in rows if r["frame.number"] not in used]
    if extra:
        fail("nothing else", "%d frame(s) nobody asked for: %s" % (
            len(extra), "; ".join("%s %s" % (r["eth.dst"],
                                             r["sctp.chunk_type"] or
                                             r["arp.opcode"] or r["icmp.type"])
                                  for r in extra[:5])))
    else:
        ok("nothing else", "%d frame(s) out, each one expected" % len(rows))

    # The endpoint's own account of the same packets.
    try:
        lines = [l for l in open(endpoint_json).read().splitlines()
                 if l.startswith("{")]
        c = json.loads(lines[-1])
    except (OSError, IndexError, ValueError) as e:
        fail("counters", "no JSON line from dp_endpoint (%s)" % e)
        return 1
    e, n = c["endpoint"], c["interface"]
    expected = [
        ("frames received", n["rx_frames"], meta["inputs"]),
        ("checksum errors", e["checksum_errors"], 1),
        ("INIT ACKs sent", e["init_acks_sent"], 1),
        ("INITs aborted", e["init_aborts_sent"], 1),
        ("OOTB ABORTs sent", e["ootb_aborts_sent"], 2),
        ("OOTB SHUTDOWN COMPLETEs sent", e["ootb_shutdown_completes_sent"], 1),
        ("forged cookies", e["cookies_bad_mac"] + e["cookies_malformed"], 1),
        ("associations created", e["associations_created"], 0),
        ("ARP requests answered", n["arp_requests_answered"], 1),
        ("pings answered", n["icmp_echo_answered"], 1),
        ("ARP requests sent", n["arp_requests_sent"], 0),
    ]
    bad = ["%s %d (expected %d)" % (what, got, want)
           for what, got, want in expected if got != want]
    if bad:
        fail("counters", "; ".join(bad))
    else:
        ok("counters", ", ".join("%s %d" % (what, got)
                                 for what, got, _ in expected))
    return 1 if failures else 0


def main():
    args = sys.argv[2:]
    if len(sys.argv) >= 4 and sys.argv[1] == "make" and len(args) % 2 == 0:
        for spec, out_dir in zip(args[::2], args[1::2]):
            capture, _, frame = spec.rpartition(":")
            try:
                print(out_dir, make(capture, int(frame), out_dir))
            except Exception as e:  # noqa: BLE001 (reported per input)
                print(out_dir, "ERROR", str(e).replace("\n", " "))
        return 0
    if len(sys.argv) >= 3 and sys.argv[1] == "check":
        status = 0
        for out_dir in args:
            status |= check(out_dir)
        return status
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
