#!/usr/bin/env python3
"""Counts test cases over meson's JUnit logs (GoogleTest and TAP cases one by
one) and the fuzz result file; prints the closing line 'N passed, M failed'.

A test that failed as a whole while none of its cases did (a TAP script that
died half way: "Too few tests run", a non-zero exit status, a timeout) is
not in the JUnit log as a failure: it is read from testlog.json beside it
and counted as one failed case."""
import json
import os
import sys
import xml.etree.ElementTree as ET

BAD = {"FAIL", "ERROR", "TIMEOUT", "INTERRUPT", "UNEXPECTEDPASS"}

passed = failed = skipped = 0
for path in sys.argv[1:]:
    if path.endswith(".txt"):
        try:
            for line in open(path):
                if line.startswith("pass "):
                    passed += 1
                elif line.startswith("fail "):
                    failed += 1
        except OSError:
            failed += 1
        continue
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        print(f"missing or broken test log: {path}", file=sys.stderr)
        failed += 1
        continue
    failed_suites = set()
    for suite in root.iter("testsuite"):
        for case in suite.iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
                failed_suites.add(suite.get("name", ""))
            elif case.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1
    try:
        tests = [json.loads(line) for line in open(os.path.join(os.path.dirname(path), "testlog.json"))]
    except (OSError, ValueError):
        print(f"missing or broken test log: testlog.json beside {path}", file=sys.stderr)
        failed += 1
        continue
    for t in tests:
        if t.get("result") not in BAD:
            continue
        # "zones:integration / net" -> JUnit suites "zones.zones:integration / net[.GTestSuite]"
        prefix = f"{t['name'].partition(':')[0]}.{t['name']}"
        if not any(s == prefix or s.startswith(prefix + ".") for s in failed_suites):
            print(f"{t['name']}: {t['result']} as a whole (plan not met or exit status "
                  f"{t.get('returncode')})", file=sys.stderr)
            failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
