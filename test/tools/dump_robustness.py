#!/usr/bin/env python3
"""Runs dpsctp-dump on hostile inputs and checks it fails cleanly.

Inputs: the capture fuzzer's corpus (mutated pcap/pcapng files) plus a few
hand-made broken files. For each: the exit status is 0 or 1 (never a crash,
never 2 for a readable file), stdout is JSON Lines whose every object has a
"type", and a run that exits 1 says why on stderr.

Usage: dump_robustness.py DPSCTP_DUMP CORPUS_DIR
Prints "ok"/"FAIL" per input and ends with "dump_robustness: N inputs, N failures".
"""
import json
import os
import subprocess
import sys
import tempfile


def check(dump, path):
    proc = subprocess.run([dump, path], capture_output=True, timeout=60)
    if proc.returncode not in (0, 1):
        return "exit status %d" % proc.returncode
    for n, line in enumerate(proc.stdout.decode("utf-8").splitlines(), 1):
        try:
            obj = json.loads(line)
        except ValueError as e:
            return "line %d is not JSON: %s" % (n, e)
        if "type" not in obj:
            return "line %d has no \"type\"" % n
    if proc.returncode == 1 and not proc.stderr.strip():
        return "exit 1 without a reason on stderr"
    summary = subprocess.run([dump, "--summary", path], capture_output=True,
                             timeout=60)
    if summary.returncode != proc.returncode:
        return "--summary exit %d differs from %d" % (summary.returncode,
                                                     proc.returncode)
    return None


def main():
    dump, corpus = sys.argv[1], sys.argv[2]
    inputs = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))
    with tempfile.TemporaryDirectory() as tmp:
        made = {
            "empty": b"",
            "bad-magic": b"\x00\x01\x02\x03" * 8,
            "pcap-header-only-truncated": bytes.fromhex("d4c3b2a1020004"),
            "pcap-record-past-end": bytes.fromhex(
                "d4c3b2a10200040000000000000000000000040001000000"
                "00000000000000001000000010000000") + b"\x00" * 4,
            "pcapng-block-length-lies": bytes.fromhex(
                "0a0d0d0a ffffff7f 4d3c2b1a 01000000 ffffffffffffffff"
                .replace(" ", "")),
        }
        for name, data in made.items():
            path = os.path.join(tmp, name)
            with open(path, "wb") as fh:
                fh.write(data)
            inputs.append(path)
        inputs.append(os.path.join(tmp, "does-not-exist"))
        failures = 0
        for path in inputs:
            err = check(dump, path)
            name = os.path.basename(path)
            if err:
                failures += 1
                print("FAIL %s: %s" % (name, err))
            else:
                print("ok   %s" % name)
    print("dump_robustness: %d inputs, %d failures" % (len(inputs), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
