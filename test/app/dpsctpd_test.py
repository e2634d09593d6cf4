#!/usr/bin/env python3
"""dpsctpd end to end on in-process DPDK ring ports (no NIC, no root).

    python3 test/app/dpsctpd_test.py BUILD_DIR

Runs dpsctpd on YAML files written here: configuration checks (good files,
one test per kind of error, quick mode printed and loaded back), echo,
discard, source, forward between three associations routed by PPID and
stream, a graceful stop by SIGINT with no lost message, exit statuses.
Prints "ok - ..." or "FAIL - ..." per check and a last line with counts.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build-test"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DPSCTPD = os.path.join(BUILD, "app", "dpsctpd", "dpsctpd")
TMP = tempfile.mkdtemp(prefix="dpsctpd-test-")
passed = 0
failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok - " + what)
    else:
        failed += 1
        print("FAIL - " + what + (": " + detail if detail else ""))
    return ok


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(args, timeout=60, **kw):
    return subprocess.run([DPSCTPD] + args, capture_output=True, text=True,
                          timeout=timeout, **kw)


def eal(tag):
    # One process, one lcore, its own runtime directory.
    return ('[--no-huge, --no-shconf, -m, "256", --no-pci, -l, "0", '
            '--file-prefix=dpsctpd-test-%s-%d]' % (tag, os.getpid()))


def lines_of(stdout, kind=None):
    out = []
    for line in stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            out.append({"type": "not-json", "text": line})
            continue
        if kind is None or obj.get("type") == kind:
            out.append(obj)
    return out


def endpoint(summary, name):
    for e in summary["endpoints"]:
        if e["name"] == name:
            return e
    return {}


PAIR = """
interfaces:
  - name: left
    port: ring:{tag}/0
    addresses: [10.0.0.1/24]
  - name: right
    port: ring:{tag}/1
    addresses: [10.0.0.2/24]
"""

DEFAULTS = """
defaults:
  rto_min: 50ms
  rto_initial: 200ms
  inbound_streams: 8
  outbound_streams: 8
  receive_buffer: 256KiB
"""


def two_sided(tag, server_app, client_source, duration="2s", extra=""):
    return ("dpdk:\n  eal: %s\n  mbufs: 8191\n" % eal(tag)) + PAIR.format(tag=tag) + DEFAULTS + """
endpoints:
  - name: server
    port: 5000
    addresses: [10.0.0.1]
    app: {server_app}
  - name: client
    port: 6000
    addresses: [10.0.0.2]
    app: source
    source: {client_source}
associations:
  - name: to-server
    endpoint: client
    remote: [10.0.0.1]
    port: 5000
    outbound_streams: 8
    reconnect: {{initial: 100ms, max: 1s}}
stats:
  interval: 500ms
duration: {duration}
{extra}""".format(server_app=server_app, client_source=client_source,
                  duration=duration, extra=extra)


def summary_of(proc):
    s = lines_of(proc if isinstance(proc, str) else proc.stdout, "summary")
    return s[-1] if s else None


# ---------------------------------------------------------------- checks

def test_check_examples():
    for name in sorted(os.listdir(os.path.join(REPO, "config"))):
        if not name.endswith(".yaml"):
            continue
        path = os.path.join(REPO, "config", name)
        p = run(["--config", path, "--check"])
        check(p.returncode == 0 and "configuration OK" in p.stdout,
              "--check accepts config/" + name, p.stderr.strip())
        p = run(["--config", path, "--print-config"])
        printed = write("printed-" + name, p.stdout)
        p2 = run(["--config", printed, "--print-config"])
        check(p.returncode == 0 and p2.returncode == 0 and p.stdout == p2.stdout,
              "config/%s printed, loaded and printed again is the same" % name,
              p2.stderr.strip())


BAD = [
    ("unknown key", "endpoints:\n  - name: a\n    port: 1\n    addresses: [10.0.0.1]\n    rto_minn: 1s\n",
     "rto_minn", ":5:"),
    ("wrong type", "stats:\n  interval: often\n", "stats.interval", ":2:"),
    ("out of range", "defaults:\n  sack_delay: 900ms\n", "defaults.sack_delay", ":2:"),
    ("address not on any interface",
     "interfaces:\n  - name: i\n    port: x\n    addresses: [10.0.0.1/24]\n"
     "endpoints:\n  - name: a\n    port: 1\n    addresses: [10.0.0.9]\n",
     "endpoints[0].addresses[0]", ":8:"),
    ("duplicate names",
     "interfaces:\n  - name: i\n    port: x\n    addresses: [10.0.0.1/24]\n"
     "  - name: i\n    port: y\n    addresses: [10.0.1.1/24]\n",
     "name", ":5:"),
    ("route to an unknown association",
     "interfaces:\n  - name: i\n    port: x\n    addresses: [10.0.0.1/24]\n"
     "endpoints:\n  - name: a\n    port: 1\n    addresses: [10.0.0.1]\n    app: forward\n"
     "routes:\n  - match: {endpoint: a}\n    to: {association: nowhere}\n",
     "routes[0].to.association", ":12:"),
    ("source options on another app",
     "interfaces:\n  - name: i\n    port: x\n    addresses: [10.0.0.1/24]\n"
     "endpoints:\n  - name: a\n    port: 1\n    addresses: [10.0.0.1]\n    app: echo\n"
     "    source: {size: 10}\n",
     "endpoints[0].source", ":10:"),
    ("YAML syntax", "dpdk: [unclosed\n", "bad.yaml", ":"),
]


def test_bad_configs():
    for i, (kind, text, key, where) in enumerate(BAD):
        path = write("bad%d.yaml" % i if kind != "YAML syntax" else "bad.yaml", text)
        p = run(["--config", path, "--check"])
        err = p.stderr.strip()
        check(p.returncode == 2 and key in err and where in err and
              err.startswith("dpsctpd: " + path) and p.stdout == "",
              "config error refused with file:line:column and key: " + kind,
              "rc=%d stderr=%r" % (p.returncode, err))
    # Nothing starts with an invalid file: the EAL is never brought up.
    path = write("bad-run.yaml", BAD[0][1])
    p = run(["--config", path])
    check(p.returncode == 2 and "EAL" not in p.stderr,
          "an invalid file does not start", p.stderr.strip())


def test_quick_mode_print_config():
    p = run(["--eal", "--no-huge --no-shconf -m 256 --no-pci --vdev=net_af_packet0,iface=lo",
             "--address", "10.99.0.1/24", "--address", "10.98.0.1/24",
             "--listen", "5000", "--app", "echo", "--set", "rto_min=100ms",
             "--print-config"])
    check(p.returncode == 0 and "rto_min: 100ms" in p.stdout and
          "net_af_packet0,iface=lo" in p.stdout,
          "quick mode --print-config prints the YAML", p.stderr.strip())
    path = write("quick.yaml", p.stdout)
    p2 = run(["--config", path, "--print-config"])
    check(p2.returncode == 0 and p2.stdout == p.stdout,
          "the printed quick-mode configuration runs unchanged with --config",
          p2.stderr.strip())
    p3 = run(["--listen", "5000"])
    check(p3.returncode == 2 and "--eal" in p3.stderr or "--address" in p3.stderr,
          "quick mode without --eal device/--address: exit 2", p3.stderr.strip())
    p4 = run(["--help"])
    check(p4.returncode == 0 and "--connect" in p4.stdout, "--help exits 0")
    p5 = run(["--frobnicate"])
    check(p5.returncode == 2 and "--frobnicate" in p5.stderr,
          "an unknown option exits 2 naming it")


def test_echo_graceful():
    cfg = write("echo.yaml", two_sided(
        "echo", "echo", "{size: 300, streams: 8, ppid: 7}", duration="2s"))
    p = run(["--config", cfg, "--json"])
    s = summary_of(p)
    objs = lines_of(p.stdout)
    check(all(o.get("type") in ("event", "stats", "summary") for o in objs),
          "echo: --json stdout is JSON lines only, each with a type",
          str([o for o in objs if o.get("type") not in ("event", "stats", "summary")][:2]))
    if not check(p.returncode == 0 and s is not None, "echo: exit 0 with a summary",
                 "rc=%d %s" % (p.returncode, p.stderr[-800:])):
        return
    srv, cli = endpoint(s, "server"), endpoint(s, "client")
    check(cli["messages_out"] > 100, "echo: the source sent messages (%d)" % cli["messages_out"])
    check(srv["messages_in"] == cli["messages_out"],
          "echo: every message sent arrived (%d of %d)" % (srv["messages_in"], cli["messages_out"]))
    check(cli["messages_in"] == srv["messages_out"],
          "echo: every echo sent arrived back (%d of %d)" % (cli["messages_in"], srv["messages_out"]))
    check(srv["messages_out"] + srv["send_refused"] >= srv["messages_in"] - 1024 and srv["messages_out"] > 0,
          "echo: the server echoed what it received")
    check(srv["max_stream_in"] == 7 and srv["ppids_in"] == {"7": srv["messages_in"]},
          "echo: 8 streams and the PPID arrived", str(srv))
    check(cli["ppids_in"] == {"7": cli["messages_in"]},
          "echo: echoes carry the PPID back", str(cli["ppids_in"]))
    check(s["close"]["aborted"] == 0 and s["close"]["graceful"] >= 1,
          "echo: associations closed gracefully at the stop", str(s["close"]))
    check(s["mbufs_leaked"] == 0, "echo: every mbuf back in the pool")
    check(s["stop"] == "duration" and s["failures"] == 0, "echo: stopped by duration, no failures")
    ev = lines_of(p.stdout, "event")
    ups = [e for e in ev if e["event"] == "COMMUNICATION_UP"]
    check(len(ups) == 2 and {e["endpoint"] for e in ups} == {"server", "client"} and
          any(e.get("association") == "to-server" for e in ups),
          "echo: COMMUNICATION_UP events name endpoint and association", str(ups))
    stats = lines_of(p.stdout, "stats")
    check(len(stats) >= 2 and all("endpoints" in x and "associations" in x and "sctp" in x for x in stats),
          "echo: statistics every interval with endpoints, associations and SCTP counters")
    check(any(x["associations_total"] == 2 and len(x["associations"]) == 2 for x in stats),
          "echo: per-association statistics")
    if stats:
        st = stats[-1]["sctp"]
        check(st.get("sctpCurrEstab", 0) == 2 or st.get("sctpActiveEstabs", 0) >= 1,
              "echo: RFC 3873 counters in the statistics", str(list(st.items())[:5]))


def test_discard_and_source_limit():
    cfg = write("discard.yaml", two_sided(
        "disc", "discard", "{size: 1KiB, streams: 2, ppid: 9, messages: 3000, after: shutdown}",
        duration="2s"))
    p = run(["--config", cfg, "--json"])
    s = summary_of(p)
    if not check(p.returncode == 0 and s is not None, "discard: exit 0 with a summary",
                 p.stderr[-600:]):
        return
    srv, cli = endpoint(s, "server"), endpoint(s, "client")
    check(cli["messages_out"] == 3000 and srv["messages_in"] == 3000 and
          srv["bytes_in"] == 3000 * 1024,
          "discard: source sent exactly --messages and all arrived",
          "%d/%d" % (cli["messages_out"], srv["messages_in"]))
    check(srv["messages_out"] == 0, "discard: nothing sent back")
    check(cli["shutdowns"] == 1 and cli["connect_attempts"] == 1,
          "source --after shutdown: shut down once, not reconnected", str(cli))
    ev = [e["event"] for e in lines_of(p.stdout, "event")]
    check("SHUTDOWN_COMPLETE" in ev, "discard: SHUTDOWN_COMPLETE event", str(ev))


def test_abort_exit_status():
    cfg = write("abort.yaml", two_sided(
        "abrt", "discard", "{size: 100, messages: 10, after: abort}", duration="1s"))
    p = run(["--config", cfg, "--json"])
    s = summary_of(p)
    check(p.returncode == 1 and s is not None and s["failures"] >= 1 and s["exit"] == 1,
          "an association aborted by its peer: exit 1 and counted",
          "rc=%d %s" % (p.returncode, s and s.get("failures")))
    lost = [e for e in lines_of(p.stdout, "event") if e["event"] == "COMMUNICATION_LOST"]
    check(any(e["endpoint"] == "server" and e.get("reason") == "abort received" for e in lost),
          "the server's COMMUNICATION_LOST says why", str(lost))


FORWARD = """dpdk:
  eal: {eal}
  mbufs: 8191
""" + PAIR + DEFAULTS + """
endpoints:
  - name: fwd
    port: 3000
    addresses: [10.0.0.1]
    app: forward
  - name: client-a
    port: 2001
    addresses: [10.0.0.2]
    app: source
    source: {{size: 200, streams: 4, ppid: 18, messages: 2000, after: stay}}
  - name: client-b
    port: 2002
    addresses: [10.0.0.2]
    app: source
    source: {{size: 100, streams: 2, ppid: 60, messages: 1000, rate: 2000, after: stay}}
  - name: sink-b
    port: 4000
    addresses: [10.0.0.2]
    app: discard
  - name: sink-c
    port: 5000
    addresses: [10.0.0.2]
    app: discard
associations:
  - name: a-in
    endpoint: client-a
    remote: [10.0.0.1]
    port: 3000
    outbound_streams: 4
  - name: b-in
    endpoint: client-b
    remote: [10.0.0.1]
    port: 3000
    outbound_streams: 2
  - name: to-b
    endpoint: fwd
    remote: [10.0.0.2]
    port: 4000
    outbound_streams: 4
  - name: to-c
    endpoint: fwd
    remote: [10.0.0.2]
    port: 5000
    outbound_streams: 4
routes:
  - match: {{endpoint: fwd, ppid: 18, streams: 0-1}}
    to: {{association: to-b}}
    rewrite: {{ppid: 46}}
  - match: {{endpoint: fwd, ppid: 18}}
    to: {{association: to-c}}
    rewrite: {{stream: 0}}
  - match: {{ppid: 60}}
    to: {{group: [to-b, to-c], balance: round-robin}}
stats:
  interval: 1s
duration: 3s
"""


def test_forward():
    check_forward("forward", FORWARD.format(eal=eal("fwd"), tag="fwd"))
    # Two workers: new associations are spread over both shards (ring ports
    # have no RSS), so messages received on worker 1 cross to worker 0, where
    # the outbound associations live.
    text = FORWARD.format(eal=eal("fw2").replace('-l, "0"', '-l, "0-1"'), tag="fw2")
    text = text.replace("  mbufs: 8191\n", "  mbufs: 8191\n  workers: [0, 1]\n")
    check_forward("forward on two workers", text)


def check_forward(label, text):
    cfg = write(label.replace(" ", "-") + ".yaml", text)
    p = run(["--config", cfg, "--json"])
    s = summary_of(p)
    if not check(p.returncode == 0 and s is not None, label + ": exit 0 with a summary",
                 "rc=%d %s" % (p.returncode, p.stderr[-800:])):
        return
    shards = {e["shard"] for e in lines_of(p.stdout, "event")
              if e["event"] == "COMMUNICATION_UP" and e["endpoint"] == "fwd"}
    if "two" in label:
        check(shards == {0, 1}, label + ": inbound associations on both workers", str(shards))
    b, c = endpoint(s, "sink-b"), endpoint(s, "sink-c")
    fwd = endpoint(s, "fwd")
    r = s["routes"]
    check(fwd["messages_in"] == 3000 and fwd["unrouted"] == 0,
          label + ": the forwarder received both sources' messages", str(fwd))
    # client-a: streams 0,1 of 0..3 (half) to sink-b as PPID 46, the rest to
    # sink-c on stream 0 keeping PPID 18; client-b's 1000 alternate.
    check(b["ppids_in"].get("46") == 1000 and c["ppids_in"].get("18") == 1000,
          label + ": PPID 18 split by stream, PPID rewritten on one route",
          "b=%s c=%s" % (b["ppids_in"], c["ppids_in"]))
    # Round robin over the targets that are up: alternation (a full target
    # keeps its turn); client-b's 2,000/s leave both targets time to come up.
    b60, c60 = b["ppids_in"].get("60", 0), c["ppids_in"].get("60", 0)
    check(b60 + c60 == 1000 and abs(b60 - c60) <= 10,
          label + ": PPID 60 balanced round robin over two targets",
          "b=%s c=%s" % (b["ppids_in"], c["ppids_in"]))
    check(c["max_stream_in"] <= 1 and b["max_stream_in"] <= 1,
          label + ": stream rewritten to 0 on one route, streams kept on the others",
          "b=%d c=%d" % (b["max_stream_in"], c["max_stream_in"]))
    check(len(r) == 3 and r[0]["forwarded"] == 1000 and r[1]["forwarded"] == 1000 and
          r[2]["forwarded"] == 1000 and all(x["dropped"] == 0 for x in r),
          label + ": per-route counters", str(r))


def test_forward_queue_limit():
    # The target association cannot come up (nobody listens on 4999): the
    # route queues `queue` messages, then counts drops.
    text = FORWARD.format(eal=eal("fwq"), tag="fwq").replace(
        "port: 4000\n    outbound_streams", "port: 4999\n    outbound_streams").replace(
        "    rewrite: {ppid: 46}\n", "    rewrite: {ppid: 46}\n    queue: 100\n", 1)
    text = text.replace("duration: 3s", "duration: 2s")
    cfg = write("forward-queue.yaml", text)
    p = run(["--config", cfg, "--json"])
    s = summary_of(p)
    if not check(s is not None, "forward queue: a summary", p.stderr[-600:]):
        return
    r = s["routes"][0]
    check(r["forwarded"] == 0 and r["queued"] == 100 and r["dropped"] == 900,
          "forward: messages for a target that is down are queued up to the limit, then dropped and counted",
          str(r))


def test_forward_refused():
    # Route 0 rewrites to stream 100, beyond the 4 streams of its target:
    # never sendable there, so dropped and counted, not queued or lost.
    text = FORWARD.format(eal=eal("fwr"), tag="fwr").replace(
        "    rewrite: {ppid: 46}\n", "    rewrite: {ppid: 46, stream: 100}\n", 1)
    p = run(["--config", write("forward-refused.yaml", text), "--json"])
    s = summary_of(p)
    if not check(s is not None, "forward refused: a summary", p.stderr[-400:]):
        return
    r = s["routes"]
    check(r[0]["forwarded"] == 0 and r[0]["dropped"] == 1000 and r[0]["queued"] == 0 and
          r[1]["forwarded"] == 1000 and r[2]["forwarded"] == 1000,
          "forward: a message its target can never take is dropped and counted", str(r))


def test_sigint():
    cfg = write("sigint.yaml", two_sided(
        "sig", "echo", "{size: 64, streams: 2, rate: 2000}", duration="0s").replace(
        "duration: 0s", ""))
    p = subprocess.Popen([DPSCTPD, "--config", cfg, "--json"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    # Wait for two statistics lines, then interrupt.
    seen = 0
    lines = []
    deadline = time.time() + 20
    while time.time() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        lines.append(line)
        if '"type":"stats"' in line:
            seen += 1
            if seen == 2:
                break
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    s = summary_of("".join(lines) + out)
    if not check(p.returncode == 0 and s is not None, "SIGINT: exit 0 with a summary",
                 "rc=%s %s" % (p.returncode, err[-600:])):
        return
    srv, cli = endpoint(s, "server"), endpoint(s, "client")
    check(s["stop"] == "signal" and s.get("signal") == signal.SIGINT,
          "SIGINT: the summary says it was a signal")
    check(s["close"]["open_at_stop"] == 2 and s["close"]["graceful"] == 2 and s["close"]["aborted"] == 0,
          "SIGINT: both associations shut down gracefully", str(s["close"]))
    check(srv["messages_in"] == cli["messages_out"] and cli["messages_in"] == srv["messages_out"] and
          cli["messages_out"] > 0,
          "SIGINT: no message lost at the stop",
          "%d/%d %d/%d" % (cli["messages_out"], srv["messages_in"], srv["messages_out"], cli["messages_in"]))


def test_endpoints_sharing_an_interface():
    # Two endpoints on one address with their own keys (RFC 9260 §16
    # parameters per endpoint): each port's associations get its own.
    text = ("dpdk:\n  eal: %s\n  mbufs: 8191\n" % eal("share")) + PAIR.format(tag="share") + DEFAULTS + """
endpoints:
  - name: narrow
    port: 5000
    addresses: [10.0.0.1]
    inbound_streams: 2
    app: echo
  - name: wide
    port: 5001
    addresses: [10.0.0.1]
    inbound_streams: 3
    rto_min: 100ms
    app: discard
  - name: client
    port: 6000
    addresses: [10.0.0.2]
    app: source
    source: {size: 100, streams: 2, rate: 1000}
associations:
  - {name: to-narrow, endpoint: client, remote: [10.0.0.1], port: 5000, outbound_streams: 8}
  - {name: to-wide, endpoint: client, remote: [10.0.0.1], port: 5001, outbound_streams: 8}
duration: 1s
"""
    p = run(["--config", write("share.yaml", text), "--json"])
    s = summary_of(p)
    if not check(p.returncode == 0 and s is not None, "endpoints sharing an interface: exit 0",
                 "rc=%d %s" % (p.returncode, p.stderr[-400:])):
        return
    ups = {e.get("association"): e["outbound_streams"] for e in lines_of(p.stdout, "event")
           if e["event"] == "COMMUNICATION_UP" and e["endpoint"] == "client"}
    check(ups == {"to-narrow": 2, "to-wide": 3},
          "endpoints sharing an interface: each port offers its own inbound streams", str(ups))
    n, w = endpoint(s, "narrow"), endpoint(s, "wide")
    check(n["messages_in"] > 0 and w["messages_in"] > 0 and n["messages_out"] == n["messages_in"] and
          w["messages_out"] == 0,
          "endpoints sharing an interface: each runs its own application", "%s %s" % (n, w))


def test_workers():
    # -l 0-1: by default one worker on lcore 1 (the main lcore only
    # waits); then two workers, two shards per group, packets handed over
    # between shards.
    for label, workers in (("default workers (lcore 1)", ""), ("two workers", "  workers: [0, 1]\n")):
        text = two_sided("wk%d" % len(workers), "echo", "{size: 500, streams: 4, ppid: 3, rate: 3000}",
                         duration="2s")
        text = text.replace('-l, "0",', '-l, "0-1",').replace("  mbufs: 8191\n", "  mbufs: 8191\n" + workers)
        p = run(["--config", write("workers%d.yaml" % len(workers), text), "--json"])
        s = summary_of(p)
        if not check(p.returncode == 0 and s is not None, label + ": exit 0 with a summary",
                     "rc=%d %s" % (p.returncode, p.stderr[-500:])):
            continue
        srv, cli = endpoint(s, "server"), endpoint(s, "client")
        check(cli["messages_out"] > 1000 and srv["messages_in"] == cli["messages_out"] and
              cli["messages_in"] == srv["messages_out"] and s["close"]["aborted"] == 0 and
              s["mbufs_leaked"] == 0,
              label + ": every message and echo arrived, closed gracefully",
              "%d/%d %d/%d %s" % (cli["messages_out"], srv["messages_in"], srv["messages_out"],
                                  cli["messages_in"], s["close"]))


def telemetry_query(sock_path, command):
    import socket
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.settimeout(5)
    s.connect(sock_path)
    s.recv(16384)  # the greeting
    s.send(command.encode())
    reply = json.loads(s.recv(65536).decode())
    s.close()
    return reply


def test_telemetry_and_pcap():
    prefix = "dpsctpd-test-tel-%d" % os.getpid()
    pcap = os.path.join(TMP, "echo.pcapng")
    text = two_sided("tel", "echo", "{size: 200, streams: 2, ppid: 5, rate: 200}",
                     duration="0s").replace("duration: 0s", "telemetry: true\npcap: %s" % pcap)
    text = text.replace("--file-prefix=dpsctpd-test-tel-%d" % os.getpid(), "--file-prefix=" + prefix)
    cfg = write("telemetry.yaml", text)
    p = subprocess.Popen([DPSCTPD, "--config", cfg, "--json"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    sock = None
    deadline = time.time() + 15
    reply = None
    err = ""
    while time.time() < deadline:
        line = p.stdout.readline()
        if '"type":"stats"' in line:
            for base in ("/var/run/dpdk", os.path.join(os.environ.get("XDG_RUNTIME_DIR", "/tmp"), "dpdk")):
                cand = os.path.join(base, prefix, "dpdk_telemetry.v2")
                if os.path.exists(cand):
                    sock = cand
            if sock:
                try:
                    reply = telemetry_query(sock, "/dpsctp/stats")
                except Exception as e:  # reported below
                    err = repr(e)
                break
    p.send_signal(signal.SIGTERM)
    out, perr = p.communicate(timeout=20)
    stats = reply.get("/dpsctp/stats") if isinstance(reply, dict) else None
    check(stats is not None and "sctpCurrEstab" in json.dumps(stats),
          "telemetry: /dpsctp/stats answers on the DPDK telemetry socket while running",
          "%s %s %s" % (sock, err, str(reply)[:200]))
    check(p.returncode == 0, "telemetry run: exit 0", perr[-300:])
    dump = os.path.join(BUILD, "app", "dpsctp-dump", "dpsctp-dump")
    # One file per worker of each group: echo-g<group>s<shard>.pcapng.
    files = sorted(f for f in os.listdir(TMP) if f.startswith("echo-g") and f.endswith(".pcapng"))
    if not check(files == ["echo-g0s0.pcapng", "echo-g1s0.pcapng"],
                 "pcap: one capture file per worker", str(files)):
        return
    for f in files:
        path = os.path.join(TMP, f)
        d = subprocess.run([dump, "--summary", path], capture_output=True, text=True)
        text = d.stdout
        check(d.returncode == 0 and "DATA" in text and "INIT" in text and "SHUTDOWN" in text,
              "pcap %s: the handshake, DATA and the shutdown (dpsctp-dump)" % f, text[-300:])
        bad = subprocess.run([dump, path], capture_output=True, text=True).stdout
        check('"checksum":"bad"' not in bad.replace(" ", "") and '"checksum":"good"' in bad.replace(" ", ""),
              "pcap %s: every CRC32c good" % f)


def test_port_clash_on_one_interface():
    text = ("interfaces:\n  - name: i\n    port: ring:clash/0\n"
            "    addresses: [10.0.0.1/24, 10.0.0.5/24]\n"
            "endpoints:\n  - {name: a, port: 5000, addresses: [10.0.0.1]}\n"
            "  - {name: b, port: 5000, addresses: [10.0.0.5]}\n")
    p = run(["--config", write("clash.yaml", text), "--check"])
    check(p.returncode == 2 and "'a' and 'b'" in p.stderr and "5000" in p.stderr,
          "--check: two endpoints with one port on the same interface are refused",
          p.stderr.strip())


def test_runtime_refusals():
    text = two_sided("ref", "echo", "{size: 10}", duration="1s").replace(
        "  mbufs: 8191\n", "  mbufs: 8191\n  workers: [5]\n")
    p = run(["--config", write("lcore.yaml", text)])
    check(p.returncode == 2 and "lcore 5" in p.stderr,
          "a worker lcore the EAL lacks: exit 2", p.stderr.strip()[-300:])
    text = two_sided("ref2", "echo", "{size: 10}", duration="1s").replace("ring:ref2/0", "ring:oops")
    p = run(["--config", write("ring.yaml", text), "--check"])
    check(p.returncode == 2 and "ring:NAME/0" in p.stderr and "interfaces[0].port" in p.stderr,
          "a malformed ring port: refused by --check", p.stderr.strip()[-300:])


def main():
    if not os.access(DPSCTPD, os.X_OK):
        check(False, "dpsctpd built at " + DPSCTPD)
    else:
        for t in (test_check_examples, test_bad_configs, test_quick_mode_print_config,
                  test_echo_graceful, test_discard_and_source_limit, test_abort_exit_status,
                  test_forward, test_forward_queue_limit, test_forward_refused, test_sigint,
                  test_endpoints_sharing_an_interface, test_port_clash_on_one_interface,
                  test_workers, test_telemetry_and_pcap,
                  test_runtime_refusals):
            try:
                t()
            except Exception as e:  # a crash of the test is a failure
                check(False, t.__name__, repr(e))
    print("dpsctpd_test: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
