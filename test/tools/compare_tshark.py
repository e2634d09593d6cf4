#!/usr/bin/python3
"""Compare dpsctp-dump with tshark, packet by packet, over a capture corpus.

Usage:
  compare_tshark.py DPSCTP_DUMP [CAPTURES] [--tshark PATH] [--max-diffs N]
                    [--verbose]

CAPTURES is a directory (searched recursively for *.pcap, *.pcapng, *.cap)
or a single file; default: ../shared/corpus/pcaps relative to the repository
(/work/shared/corpus/pcaps).

For every capture, dpsctp-dump's JSON Lines output and the fields tshark
prints (-T fields, one row per frame) are reduced to the same per-frame
projection: for each tshark field, the list of its values in the frame, in
chunk order. A difference is one (frame, field) whose lists differ, or a frame
that only one side decodes as SCTP.

Fields compared (tshark name: dpsctp-dump source):
  frame.time_epoch: time (pcap/pcapng timestamp, 9 decimals)
  sctp.srcport / dstport / verification_tag: src_port / dst_port / vtag
  sctp.checksum.status: checksum verdict, with -o sctp.checksum:CRC-32C.
      tshark status 1 = good, 0 = bad, 2 = unverified. Our "good" -> 1;
      "bad", "zero" and "adler32" -> 0 (tshark checks CRC32c only, so a zero
      checksum (offload / RFC 9653) and a legacy Adler-32 both show as bad);
      "unverified" (snap-length-truncated packet) -> 2. Note: tshark 4.0
      instead computes the CRC over the captured bytes and reports 0 (bad)
      for such a packet; the corpus has none, so no rule covers it: one
      would show as a difference and need an exception entry below.
  ip.src/ip.dst or ipv6.src/ipv6.dst (last occurrence): src / dst
  sctp.chunk_type, chunk_length, chunk_flags: chunk_type_id, length, flags
  DATA and I-DATA: sctp.data_tsn_raw, data_sid, data_ssn (DATA),
      data_payload_proto_id (DATA; I-DATA with the B bit), data_mid and
      data_fsn (I-DATA; FSN only without the B bit, RFC 8260 §2.1)
  SACK: sack_cumulative_tsn_ack_raw, sack_a_rwnd, sack_gap_block_start/end,
      sack_duplicate_tsn
  NR-SACK: nr_sack_cumulative_tsn_ack, nr_sack_a_rwnd, nr_sack_gap_block_*,
      nr_sack_nr_gap_block_*, nr_sack_duplicate_tsn
  INIT / INIT-ACK: init[ack]_initiate_tag, _credit, _nr_out_streams,
      _nr_in_streams, _initial_tsn
  SHUTDOWN: shutdown_cumulative_tsn_ack; ECNE/CWR: ecne/cwr_lowest_tsn
  FORWARD-TSN: forward_tsn_tsn, forward_tsn_sid, forward_tsn_ssn
  I-FORWARD-TSN: i_forward_tsn_tsn, i_forward_tsn_sid, forward_tsn_mid
  ASCONF / ASCONF-ACK: asconf_seq_nr_number, asconf_ack_seq_nr_number
  AUTH: shared_key_id, hmac_id
  ABORT / ERROR: cause_code (top-level causes)

tshark options: -o sctp.checksum:CRC-32C (verify CRC32c), -o
sctp.relative_tsns:FALSE (absolute TSNs; the *_raw fields), IP reassembly left
at its default (on), as dpsctp-dump reassembles IP fragments too.

Chunks that dpsctp-dump reports as malformed carry no type-specific fields;
tshark still decodes what it can of them. Every such case, and every other
accepted difference, is listed in EXCEPTIONS below with its reason; nothing is
ignored wholesale. An exception that no longer matches a difference is itself
reported (stale), so the list stays exact.

Output: one line per capture, "ok" or "FAIL" with the first differences, a
line counting the exceptions applied, and a last line
"compare_tshark: N captures, N packets, N differences".
Exit status 0 when there is no difference, 1 otherwise, 2 on usage errors.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

# --------------------------------------------------------------------------
# Accepted differences: (capture path relative to the corpus root, frame
# number, tshark fields, reason). Each (capture, frame, field) is exempt only
# for that exact frame and field. Keep every one justified.
#
# The general case is a chunk that RFC rules make malformed: tshark decodes
# its fixed fields before it reaches the bad part and raises "Malformed
# Packet", while the lib/wire view rejects the chunk as a whole and
# dpsctp-dump prints only its type, flags and length with "malformed": true
# (or, when the framing itself is broken, a packet_error record with the
# chunk's header). The fields tshark shows come from bytes the RFC says not to
# interpret, so reporting none of them is the deliberate choice.
CONNECT = "derived/usrsctp_CORPUS_CONNECT.pcap"
EXCEPTION_LIST = [
    (CONNECT, 13, ["sctp.asconf_seq_nr_number"],
     "ASCONF (seed asconf-001) whose first parameter has type 0x2c7c and "
     "length 0: RFC 5061 §4.1.1 requires an IPv4/IPv6 Address Parameter "
     "there, so AsconfChunk::Parse rejects the chunk; tshark prints the "
     "sequence number, then 'Malformed Packet'."),
    (CONNECT, 18, ["sctp.sack_cumulative_tsn_ack_raw", "sctp.sack_a_rwnd"],
     "SACK (seed data-1.bin) with Chunk Length 4277 in a 27-byte SCTP "
     "packet: framing error chunk_past_end; tshark decodes the 11 bytes of "
     "the chunk body that are there (cumulative TSN ack, a_rwnd)."),
    (CONNECT, 22, ["sctp.i_forward_tsn_tsn", "sctp.i_forward_tsn_sid",
                   "sctp.forward_tsn_mid"],
     "I-FORWARD-TSN (seed forward-tsn-000001) of Length 44: 36 bytes after "
     "the New Cumulative TSN, not a multiple of the 8-byte stream entry "
     "(RFC 8260 §2.3.1), so IForwardTsnChunk::Parse rejects it; tshark "
     "decodes 4 entries and ignores 4 trailing bytes."),
    (CONNECT, 23, ["sctp.parameter_type", "sctp.parameter_length"],
     "HEARTBEAT-ACK (seed heartbeat-ack-0001) whose parameter claims Length "
     "6400 inside a 44-byte chunk: malformed list, chunk rejected; tshark "
     "prints the parameter header, then 'Malformed Packet'."),
    (CONNECT, 24, ["sctp.parameter_type", "sctp.parameter_length"],
     "Same as frame 23 (seed heartbeat-ack-0002)."),
    (CONNECT, 25, ["sctp.initack_initiate_tag", "sctp.initack_credit",
                   "sctp.initack_nr_out_streams", "sctp.initack_nr_in_streams",
                   "sctp.initack_initial_tsn", "sctp.parameter_type",
                   "sctp.parameter_length"],
     "INIT-ACK (seed init-ack-01) of Length 42 whose parameters end in 2 "
     "stray bytes (a cut parameter header, RFC 9260 §3.2.1): InitAckChunk "
     "rejects it; tshark decodes the fixed part and the State Cookie, then "
     "'Malformed Packet'."),
    (CONNECT, 26, ["sctp.data_tsn_raw", "sctp.data_sid", "sctp.data_ssn",
                   "sctp.data_payload_proto_id"],
     "A DATA chunk header with Length 48233 in a 455-byte SCTP packet (seed "
     "init-ack-1.bin): framing error chunk_past_end; tshark decodes the "
     "DATA fixed fields from the bytes that follow."),
    (CONNECT, 56, ["sctp.srcport", "sctp.dstport", "sctp.verification_tag",
                   "sctp.checksum.status", "sctp.chunk_type",
                   "sctp.chunk_length", "sctp.chunk_flags",
                   "sctp.asconf_ack_seq_nr_number"],
     "PKTDROP chunk (type 0x81, draft-stewart-sctp-pktdrprep, no RFC; "
     "chunk_type.h names it but lib/wire has no codec): tshark dissects the dropped packet it carries as a "
     "second, nested SCTP packet (its ports, tag, checksum and chunks 128, "
     "192, 128); dpsctp-dump reports the PKTDROP chunk "
     "header only and does not look inside."),
]
EXCEPTIONS = {(cap, frame, field): reason
              for cap, frame, fields, reason in EXCEPTION_LIST
              for field in fields}

TSHARK_FIELDS = [
    "frame.number", "frame.time_epoch",
    "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
    "sctp.srcport", "sctp.dstport", "sctp.verification_tag",
    "sctp.checksum.status",
    "sctp.chunk_type", "sctp.chunk_length", "sctp.chunk_flags",
    "sctp.data_tsn_raw", "sctp.data_sid", "sctp.data_ssn",
    "sctp.data_payload_proto_id", "sctp.data_mid", "sctp.data_fsn",
    "sctp.sack_cumulative_tsn_ack_raw", "sctp.sack_a_rwnd",
    "sctp.sack_gap_block_start", "sctp.sack_gap_block_end",
    "sctp.sack_duplicate_tsn",
    "sctp.nr_sack_cumulative_tsn_ack", "sctp.nr_sack_a_rwnd",
    "sctp.nr_sack_gap_block_start", "sctp.nr_sack_gap_block_end",
    "sctp.nr_sack_nr_gap_block_start", "sctp.nr_sack_nr_gap_block_end",
    "sctp.nr_sack_duplicate_tsn",
    "sctp.init_initiate_tag", "sctp.init_credit", "sctp.init_nr_out_streams",
    "sctp.init_nr_in_streams", "sctp.init_initial_tsn",
    "sctp.initack_initiate_tag", "sctp.initack_credit",
    "sctp.initack_nr_out_streams", "sctp.initack_nr_in_streams",
    "sctp.initack_initial_tsn",
    "sctp.shutdown_cumulative_tsn_ack",
    "sctp.ecne_lowest_tsn", "sctp.cwr_lowest_tsn",
    "sctp.forward_tsn_tsn", "sctp.forward_tsn_sid", "sctp.forward_tsn_ssn",
    "sctp.i_forward_tsn_tsn", "sctp.i_forward_tsn_sid", "sctp.forward_tsn_mid",
    "sctp.asconf_seq_nr_number", "sctp.asconf_ack_seq_nr_number",
    "sctp.shared_key_id", "sctp.hmac_id",
    "sctp.cause_code", "sctp.cause_length",
    "sctp.parameter_type", "sctp.parameter_length",
    "sctp.parameter_ipv4_address", "sctp.parameter_ipv6_address",
    "sctp.parameter_cookie_preservative_incr", "sctp.parameter_hostname",
    "sctp.parameter_supported_address_type",
    "sctp.parameter_reconfig_request_sequence_number",
    "sctp.parameter_reconfig_response_sequence_number",
    "sctp.parameter_senders_last_assigned_tsn",
    "sctp.parameter_senders_next_tsn", "sctp.parameter_receivers_next_tsn",
    "sctp.parameter_reconfig_response_result", "sctp.parameter_reconfig_sid",
    "sctp.parameter_add_outgoing_streams_number",
    "sctp.parameter_add_incoming_streams_number",
    "sctp.correlation_id", "sctp.adaptation_layer_indication",
    "sctp.supported_chunk_type", "sctp.chunk_type_to_auth",
    "sctp.cause_stream_identifier", "sctp.cause_missing_parameter_type",
    "sctp.cause_measure_of_staleness", "sctp.cause_tsn",
]

CHECKSUM_STATUS = {"good": 1, "bad": 0, "zero": 0, "adler32": 0,
                   "unverified": 2}

CAPTURE_SUFFIXES = (".pcap", ".pcapng", ".cap")


def parse_value(text):
    """tshark prints numbers in decimal or 0x-hex, booleans as 1/0 or
    True/False; addresses stay text."""
    if text in ("True", "False"):
        return 1 if text == "True" else 0
    try:
        return int(text, 0)
    except ValueError:
        return text


def run_tshark(tshark, path):
    cmd = [tshark, "-n", "-r", path,
           "-o", "sctp.checksum:CRC-32C",
           "-o", "sctp.relative_tsns:FALSE",
           "-o", "sctp.tsn_analysis:FALSE",
           "-Y", "sctp",
           "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in TSHARK_FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         check=False)
    frames = {}
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        cols = line.split("\t")
        if len(cols) != len(TSHARK_FIELDS):
            continue
        frame = int(cols[0])
        proj = {}
        for name, col in zip(TSHARK_FIELDS[1:], cols[1:]):
            values = col.split(",") if col else []
            proj[name] = [parse_value(v) for v in values]
        # The IP layer SCTP rode on is the innermost one.
        for v in ("ip", "ipv6"):
            for d in ("src", "dst"):
                key = v + "." + d
                proj[key] = proj[key][-1:]
        if proj["ipv6.src"]:
            proj["ip.src"], proj["ip.dst"] = [], []
        frames[frame] = proj
    return frames, out.returncode, out.stderr.decode("utf-8", "replace")


def project_dump(records):
    """dpsctp-dump records of one frame -> tshark-shaped projection."""
    proj = {name: [] for name in TSHARK_FIELDS[1:]}
    packet_seen = False
    for r in records:
        if r["type"] not in ("chunk", "packet_error"):
            continue
        if not packet_seen:
            packet_seen = True
            v6 = ":" in r["src"]
            proj["ipv6.src" if v6 else "ip.src"] = [r["src"]]
            proj["ipv6.dst" if v6 else "ip.dst"] = [r["dst"]]
            proj["frame.time_epoch"] = [r["time"]] if "time" in r else []
            if "src_port" in r:
                proj["sctp.srcport"] = [r["src_port"]]
                proj["sctp.dstport"] = [r["dst_port"]]
                proj["sctp.verification_tag"] = [r["vtag"]]
            if "checksum" in r:
                proj["sctp.checksum.status"] = [CHECKSUM_STATUS[r["checksum"]]]
        if r["type"] != "chunk":
            # tshark lists a chunk whose header is whole but whose Length runs
            # past the packet (or whose padding is cut), with the header's
            # values; it lists nothing for a Length < 4 or a partial header.
            if r["error"] in ("chunk_past_end", "bad_padding") and \
                    "chunk_type_id" in r:
                proj["sctp.chunk_type"].append(r["chunk_type_id"])
                proj["sctp.chunk_length"].append(r["length"])
                proj["sctp.chunk_flags"].append(r["flags"])
            continue
        t = r["chunk_type_id"]
        proj["sctp.chunk_type"].append(t)
        proj["sctp.chunk_length"].append(r["length"])
        proj["sctp.chunk_flags"].append(r["flags"])
        if r.get("malformed"):
            continue
        add = lambda field, value: proj[field].append(value)
        if t == 0:
            add("sctp.data_tsn_raw", r["tsn"])
            add("sctp.data_sid", r["stream"])
            add("sctp.data_ssn", r["ssn"])
            add("sctp.data_payload_proto_id", r["ppid"])
        elif t == 64:
            add("sctp.data_tsn_raw", r["tsn"])
            add("sctp.data_sid", r["stream"])
            add("sctp.data_mid", r["mid"])
            if "ppid" in r:
                add("sctp.data_payload_proto_id", r["ppid"])
            else:
                add("sctp.data_fsn", r["fsn"])
        elif t == 3:
            add("sctp.sack_cumulative_tsn_ack_raw", r["cumulative_tsn_ack"])
            add("sctp.sack_a_rwnd", r["a_rwnd"])
            for s, e in r["gap_blocks"]:
                add("sctp.sack_gap_block_start", s)
                add("sctp.sack_gap_block_end", e)
            for d in r["duplicate_tsns"]:
                add("sctp.sack_duplicate_tsn", d)
        elif t == 16:
            add("sctp.nr_sack_cumulative_tsn_ack", r["cumulative_tsn_ack"])
            add("sctp.nr_sack_a_rwnd", r["a_rwnd"])
            for s, e in r["gap_blocks"]:
                add("sctp.nr_sack_gap_block_start", s)
                add("sctp.nr_sack_gap_block_end", e)
            for s, e in r["nr_gap_blocks"]:
                add("sctp.nr_sack_nr_gap_block_start", s)
                add("sctp.nr_sack_nr_gap_block_end", e)
            for d in r["duplicate_tsns"]:
                add("sctp.nr_sack_duplicate_tsn", d)
        elif t in (1, 2):
            p = "sctp.init_" if t == 1 else "sctp.initack_"
            add(p + "initiate_tag", r["initiate_tag"])
            add(p + "credit", r["a_rwnd"])
            add(p + "nr_out_streams", r["outbound_streams"])
            add(p + "nr_in_streams", r["inbound_streams"])
            add(p + "initial_tsn", r["initial_tsn"])
        elif t == 7:
            add("sctp.shutdown_cumulative_tsn_ack", r["cumulative_tsn_ack"])
        elif t == 12:
            add("sctp.ecne_lowest_tsn", r["lowest_tsn"])
        elif t == 13:
            add("sctp.cwr_lowest_tsn", r["lowest_tsn"])
        elif t == 192:
            add("sctp.forward_tsn_tsn", r["new_cumulative_tsn"])
            for s in r["streams"]:
                add("sctp.forward_tsn_sid", s["stream"])
                add("sctp.forward_tsn_ssn", s["ssn"])
        elif t == 194:
            add("sctp.i_forward_tsn_tsn", r["new_cumulative_tsn"])
            for s in r["streams"]:
                add("sctp.i_forward_tsn_sid", s["stream"])
                add("sctp.forward_tsn_mid", s["mid"])
        elif t == 0xC1:
            add("sctp.asconf_seq_nr_number", r["serial_number"])
        elif t == 0x80:
            add("sctp.asconf_ack_seq_nr_number", r["serial_number"])
        elif t == 15:
            add("sctp.shared_key_id", r["shared_key_id"])
            add("sctp.hmac_id", r["hmac_id"])
        walk_tlvs(r.get("parameters", []), False, add)
        walk_tlvs(r.get("causes", []), True, add)
    return proj


# Parameter type -> [(our key, tshark field)], for scalar fields.
PARAMETER_SCALARS = {
    5: [("address", "sctp.parameter_ipv4_address")],
    6: [("address", "sctp.parameter_ipv6_address")],
    9: [("increment_ms", "sctp.parameter_cookie_preservative_incr")],
    11: [("host_name", "sctp.parameter_hostname")],
    13: [("request_sn", "sctp.parameter_reconfig_request_sequence_number"),
         ("response_sn", "sctp.parameter_reconfig_response_sequence_number"),
         ("last_tsn", "sctp.parameter_senders_last_assigned_tsn")],
    14: [("request_sn", "sctp.parameter_reconfig_request_sequence_number")],
    15: [("request_sn", "sctp.parameter_reconfig_request_sequence_number")],
    16: [("response_sn", "sctp.parameter_reconfig_response_sequence_number"),
         ("result", "sctp.parameter_reconfig_response_result"),
         ("sender_next_tsn", "sctp.parameter_senders_next_tsn"),
         ("receiver_next_tsn", "sctp.parameter_receivers_next_tsn")],
    17: [("request_sn", "sctp.parameter_reconfig_request_sequence_number"),
         ("new_streams", "sctp.parameter_add_outgoing_streams_number")],
    18: [("request_sn", "sctp.parameter_reconfig_request_sequence_number"),
         ("new_streams", "sctp.parameter_add_incoming_streams_number")],
    0xC001: [("correlation_id", "sctp.correlation_id")],
    0xC002: [("correlation_id", "sctp.correlation_id")],
    0xC003: [("correlation_id", "sctp.correlation_id")],
    0xC004: [("correlation_id", "sctp.correlation_id")],
    0xC005: [("correlation_id", "sctp.correlation_id")],
    0xC006: [("adaptation_code_point", "sctp.adaptation_layer_indication")],
}
# Parameter type -> (our list key, tshark field), for lists of numbers.
PARAMETER_LISTS = {
    12: ("address_types", "sctp.parameter_supported_address_type"),
    13: ("streams", "sctp.parameter_reconfig_sid"),
    14: ("streams", "sctp.parameter_reconfig_sid"),
    0x8003: ("chunk_types", "sctp.chunk_type_to_auth"),
    0x8004: ("hmac_ids", "sctp.hmac_id"),
    0x8008: ("chunk_types", "sctp.supported_chunk_type"),
}
CAUSE_SCALARS = {
    1: [("stream", "sctp.cause_stream_identifier")],
    3: [("staleness_us", "sctp.cause_measure_of_staleness")],
    9: [("tsn", "sctp.cause_tsn")],
}
CAUSE_LISTS = {
    2: ("missing_types", "sctp.cause_missing_parameter_type"),
}


def walk_tlvs(items, causes, add):
    """Parameters or causes, depth first in wire order, as tshark lists
    them: the element's own type and length, its fields, then what it
    nests."""
    for e in items:
        if "malformed_list" in e:
            continue
        if causes:
            code = e["code"]
            add("sctp.cause_code", code)
            add("sctp.cause_length", e["length"])
            scalars, lists = CAUSE_SCALARS, CAUSE_LISTS
        else:
            code = e["type"]
            add("sctp.parameter_type", code)
            add("sctp.parameter_length", e["length"])
            scalars, lists = PARAMETER_SCALARS, PARAMETER_LISTS
        if e.get("malformed"):
            continue
        for key, field in scalars.get(code, []):
            if key in e:
                add(field, e[key])
        if code in lists:
            key, field = lists[code]
            for v in e.get(key, []):
                add(field, v)
        walk_tlvs(e.get("parameters", []), False, add)
        walk_tlvs(e.get("causes", []), True, add)


def run_dump(dump, path):
    out = subprocess.run([dump, path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, check=False)
    frames = {}
    problems = []
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append("invalid JSON line (%s): %s" % (e, line[:80]))
            continue
        # A capture_error (truncated file) is checked through the exit
        # status, which tshark must agree with.
        if "frame" in r and r["type"] in ("chunk", "packet_error"):
            frames.setdefault(r["frame"], []).append(r)
    if out.returncode not in (0, 1):
        problems.append("dpsctp-dump exit status %d: %s" %
                        (out.returncode, out.stderr.decode()[:200]))
    return ({f: project_dump(rs) for f, rs in frames.items()}, problems,
            out.returncode)


def compare_capture(dump, tshark, root, path, used_exceptions):
    rel = os.path.relpath(path, root) if os.path.isdir(root) else \
        os.path.basename(path)
    ours, problems, dump_status = run_dump(dump, path)
    theirs, tshark_status, tshark_err = run_tshark(tshark, path)
    # Both must agree on whether the file could be read to its end.
    if (tshark_status == 0) != (dump_status == 0):
        problems.append("exit status: dpsctp-dump %d, tshark %d (%s)" %
                        (dump_status, tshark_status,
                         tshark_err.strip().splitlines()[-1:]))
    diffs = []
    for frame in sorted(set(ours) | set(theirs)):
        a = ours.get(frame)
        b = theirs.get(frame)
        if a is None or b is None:
            key = (rel, frame, "sctp")
            if key in EXCEPTIONS:
                used_exceptions.add(key)
                continue
            diffs.append("frame %d: SCTP only in %s" %
                         (frame, "dpsctp-dump" if b is None else "tshark"))
            continue
        for field in TSHARK_FIELDS[1:]:
            if a[field] == b[field]:
                continue
            key = (rel, frame, field)
            if key in EXCEPTIONS:
                used_exceptions.add(key)
                continue
            diffs.append("frame %d: %s: dpsctp-dump %s, tshark %s" %
                         (frame, field, a[field], b[field]))
    diffs = problems + diffs
    return rel, len(theirs), diffs


def find_captures(target):
    if os.path.isfile(target):
        return [target]
    found = []
    for dirpath, _, files in os.walk(target):
        for name in files:
            if name.endswith(CAPTURE_SUFFIXES):
                found.append(os.path.join(dirpath, name))
    return sorted(found)


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    default_corpus = os.path.normpath(
        os.path.join(repo, "..", "shared", "corpus", "pcaps"))
    ap = argparse.ArgumentParser(
        description="Compare dpsctp-dump with tshark over a capture corpus.")
    ap.add_argument("dump", help="path to the dpsctp-dump binary")
    ap.add_argument("captures", nargs="?", default=default_corpus,
                    help="directory or file (default: %(default)s)")
    ap.add_argument("--tshark", default="tshark")
    ap.add_argument("--max-diffs", type=int, default=5,
                    help="differences shown per capture")
    ap.add_argument("--verbose", action="store_true",
                    help="show every difference")
    args = ap.parse_args()

    if shutil.which(args.tshark) is None:
        print("compare_tshark: %s not found" % args.tshark, file=sys.stderr)
        return 2
    if not os.access(args.dump, os.X_OK):
        print("compare_tshark: %s is not executable" % args.dump,
              file=sys.stderr)
        return 2
    captures = find_captures(args.captures)
    if not captures:
        print("compare_tshark: no captures under %s" % args.captures,
              file=sys.stderr)
        return 2
    root = args.captures if os.path.isdir(args.captures) else \
        os.path.dirname(args.captures)

    used = set()
    total_packets = 0
    total_diffs = 0
    for path in captures:
        rel, packets, diffs = compare_capture(args.dump, args.tshark, root,
                                              path, used)
        total_packets += packets
        total_diffs += len(diffs)
        if not diffs:
            print("ok   %s (%d packets)" % (rel, packets))
            continue
        print("FAIL %s (%d packets, %d differences)" %
              (rel, packets, len(diffs)))
        shown = diffs if args.verbose else diffs[:args.max_diffs]
        for d in shown:
            print("     " + d)
        if len(shown) < len(diffs):
            print("     ... %d more" % (len(diffs) - len(shown)))

    # Exceptions only apply to the corpus they were written for; when the
    # whole default corpus was compared, a stale one is a difference too.
    checked = {os.path.relpath(p, root) for p in captures}
    stale = [k for k in EXCEPTIONS if k[0] in checked and k not in used]
    for k in sorted(stale):
        print("STALE exception %s frame %d %s: %s" % (k[0], k[1], k[2],
                                                     EXCEPTIONS[k]))
    total_diffs += len(stale)
    print("exceptions applied: %d (of %d listed)" %
          (len(used), len(EXCEPTIONS)))
    print("compare_tshark: %d captures, %d packets, %d differences" %
          (len(captures), total_packets, total_diffs))
    return 1 if total_diffs else 0


if __name__ == "__main__":
    sys.exit(main())
