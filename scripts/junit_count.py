#!/usr/bin/env python3
"""Counts Catch2 test cases from JUnit files and meson's testlog.json.

Prints "PASSED FAILED". An executable that meson saw fail but whose JUnit
file shows no failing case (a crash, a missing file) counts as one failure.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET


def main():
    junit_dir, testlog = sys.argv[1], sys.argv[2]
    passed = failed = 0
    counted = {}
    for name in sorted(os.listdir(junit_dir)) if os.path.isdir(junit_dir) else []:
        if not name.endswith(".xml"):
            continue
        try:
            root = ET.parse(os.path.join(junit_dir, name)).getroot()
        except ET.ParseError:
            continue
        cases = root.iter("testcase")
        p = f = 0
        for case in cases:
            if case.find("failure") is not None or case.find("error") is not None:
                f += 1
            else:
                p += 1
        counted[name[:-4]] = (p, f)
        passed += p
        failed += f
    if os.path.exists(testlog):
        with open(testlog) as fh:
            for line in fh:
                entry = json.loads(line)
                name = entry["name"]
                ok = entry.get("result") in ("OK", "EXPECTEDFAIL", "SKIP")
                if not ok and counted.get(name, (0, 0))[1] == 0:
                    print(f"executable failed: {name}", file=sys.stderr)
                    failed += 1
    print(passed, failed)


if __name__ == "__main__":
    main()
